"""The booklet model (Booklet, Part, Question) and its parser: the only parser of booklets.

A booklet is a Markdown file whose front matter has ``resolution:`` or whose body has
question headings (``## Câu 1. …?``). Every line of the body lands somewhere in the
model: the booklet's introduction, a part's introduction, or a question's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hoidap.model.blocks import Blocks, Heading, fenced_lines
from hoidap.model.findings import BookletError, Finding
from hoidap.model.frontmatter import FrontMatter, PageSource, page_source, skip_front_matter, split
from hoidap.model.labels import QuestionLabel, heading_id, match_question, question_anchor
from hoidap.model.metadata import Metadata, read_metadata
from hoidap.model.nesting import nesting_findings
from hoidap.model.plan import Plan, is_plan, read_plan
from hoidap.model.quiz import Quiz, is_quiz_title, parse_quiz
from hoidap.model.reporter_notes import ReporterNotes, find_notes

__all__ = [  # the question label lives in hoidap.model.labels; mkdocs.yml names hoidap.model.booklet.heading_id
    "Booklet", "Document", "Heading", "Part", "Question", "QuestionLabel", "heading_id", "match_question",
    "parse", "question_anchor", "read_document",
]


@dataclass
class Question:
    """One question: its heading, its label and its answer (Markdown, with line span)."""

    heading: Heading
    label: QuestionLabel
    answer: str
    answer_line: int
    end_line: int
    notes: list[ReporterNotes] = field(default_factory=list)  # for the reporter only: never on the reader's page

    @property
    def number(self) -> int:
        return self.label.number

    @property
    def text(self) -> str:
        """The question without its ``Câu N.`` label."""
        return self.label.text

    @property
    def anchor(self) -> str:
        """The id of the question's heading on the page: ``cau-5`` (unless the author wrote ``{#…}``)."""
        return self.heading.id or question_anchor(self.label.number)


@dataclass
class Part:
    """A part of a booklet (``## Phần I. …``), or the unnamed part before any part heading."""

    heading: Heading | None
    intro: str = ""
    questions: list[Question] = field(default_factory=list)


@dataclass
class Booklet:
    """One booklet: validated metadata, an introduction, parts holding questions."""

    path: str
    meta: Metadata
    intro: str
    parts: list[Part]
    body_line: int
    findings: list[Finding] = field(default_factory=list)
    quiz: Quiz | None = None

    @property
    def questions(self) -> list[Question]:
        return [question for part in self.parts for question in part.questions]

    @property
    def title(self) -> str:
        return self.meta.title


def read_text(path: Path, display_path: str) -> str:
    """A Markdown file's text; bytes that are not UTF-8 raise :class:`BookletError`."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BookletError([Finding(display_path, line, "unicode", "error", (
            "tệp không phải UTF-8 (có thể được lưu bằng bảng mã cũ như TCVN3 hoặc VNI). "
            "Mở tệp và lưu lại với bảng mã UTF-8."
        ))]) from None


@dataclass
class Document:
    """Any Markdown page: its front matter, its body, the blocks of the body, and what they make.

    ``headings`` are every heading the page renders (in containers too; see :class:`hoidap.model.blocks.Heading`).
    ``is_booklet`` says whether the page is meant as a booklet: its front matter has ``resolution:`` or
    one of its headings is a question. ``booklet`` is the parsed booklet, or None when the page is an
    ordinary page or its metadata has errors (in ``findings``).
    """

    path: str
    front: FrontMatter
    body: list[str]
    blocks: Blocks
    is_booklet: bool
    booklet: Booklet | None
    findings: list[Finding] = field(default_factory=list)
    quiz: Quiz | None = None
    parts: list[Part] = field(default_factory=list)
    notes: list[ReporterNotes] = field(default_factory=list)  # every reporter-notes block, in a question or not
    plan: Plan | None = None  # a study plan's page (front matter ``plan:``) whose plan has no error

    @property
    def body_line(self) -> int:
        return self.front.body_line

    @property
    def headings(self) -> list[Heading]:
        return self.blocks.headings

    @cached_property
    def source(self) -> PageSource:
        """The page's body as MkDocs converts it, and the mapping from file lines to its lines."""
        return page_source(self.body, self.body_line)

    @property
    def questions(self) -> list[Question]:
        """The questions of the body, read even when the metadata has errors (then ``booklet`` is None)."""
        return [question for part in self.parts for question in part.questions]


def read_document(text: str, path: str) -> Document:
    """Read any Markdown page. Only front matter that cannot be read at all raises :class:`BookletError`."""
    front, body = split(text.lstrip("\ufeff"), path)
    return _read_page(path, front, body, readable=True)


def read_body(text: str, path: str, findings: list[Finding]) -> Document:
    """A page whose front matter cannot be read (``findings`` say why): its body alone, at its own line numbers,
    so that its other mistakes are still found. It has no metadata, so it is never a built booklet."""
    front, body = skip_front_matter(text.lstrip("\ufeff"))
    document = _read_page(path, front, body, readable=False)
    document.findings[:0] = findings
    return document


def _read_page(path: str, front: FrontMatter, body: list[str], readable: bool) -> Document:
    fenced = fenced_lines(body)
    too_deep = nesting_findings(path, body, front.body_line, fenced)  # measured before any block is walked
    blocks = Blocks(body, front.body_line, fenced, walk=not too_deep)
    quiz = find_quiz(blocks)
    notes = find_notes(blocks) if blocks.boxes else []
    if is_plan(front):  # a study plan: its front matter read by hoidap.model.plan, its body an ordinary page's
        plan, found = read_plan(front, path) if readable else (None, [])
        return Document(path, front, body, blocks, False, None, found + too_deep, quiz=quiz, notes=notes, plan=plan)
    is_booklet = "resolution" in front.data or any(h.label for h in blocks.headings)
    if not is_booklet:
        return Document(path, front, body, blocks, False, None, too_deep, quiz=quiz, notes=notes)
    meta, findings = read_metadata(front, path) if readable else (None, [])
    findings += too_deep
    intro, parts = _structure(blocks)
    for question in (q for part in parts for q in part.questions):
        question.notes = [n for n in notes if question.answer_line <= n.line <= question.end_line]
    booklet = None
    if meta is not None:
        booklet = Booklet(path, meta, intro, parts, front.body_line, findings, quiz)
    return Document(path, front, body, blocks, True, booklet, findings, quiz, parts, notes)


def find_quiz(blocks: Blocks) -> Quiz | None:
    """The page's quiz: the section under its first top-level ``## Trắc nghiệm`` heading, up to the next
    top-level heading of the same or a higher rank; None when the page has none."""
    lines, first_line = blocks.lines, blocks.first_line
    headings = [heading for heading in blocks.headings if not heading.nested]
    for index, heading in enumerate(headings):
        if heading.level != 2 or not is_quiz_title(heading.text):
            continue
        stop = next((h.line for h in headings[index + 1:] if h.level <= heading.level), first_line + len(lines))
        start = heading.line + 1 + heading.setext
        return parse_quiz(lines[start - first_line: stop - first_line], start, heading.text, heading.line,
                          blocks.code[start - first_line: stop - first_line])
    return None


def parse(text: str, path: str) -> Booklet | None:
    """Parse Markdown ``text``; return None when it is an ordinary page, not a booklet.

    Raises :class:`BookletError` with every error when the front matter is malformed.
    """
    document = read_document(text, path)
    if document.is_booklet and document.booklet is None:
        raise BookletError([f for f in document.findings if f.severity == "error"])
    return document.booklet


def _structure(blocks: Blocks) -> tuple[str, list[Part]]:
    """Assign every body line to the introduction, a part or a question's answer.

    Questions are the headings whose text has a question label, wherever the page renders them; parts
    are the other top-level headings of their rank or higher.
    """
    lines, first_line = blocks.lines, blocks.first_line
    question_levels = [h.level for h in blocks.headings if h.label]
    question_level = min(question_levels) if question_levels else 2
    boundaries = [h for h in blocks.headings if h.label or (h.level <= question_level and not h.nested)]

    def text_between(start: int, stop: int) -> str:
        return "\n".join(lines[start - first_line: stop - first_line]).strip("\n")

    end_of_body = first_line + len(lines)
    intro = text_between(first_line, boundaries[0].line if boundaries else end_of_body)
    parts: list[Part] = []
    for index, heading in enumerate(boundaries):
        start = heading.line + 1 + heading.setext
        stop = boundaries[index + 1].line if index + 1 < len(boundaries) else end_of_body
        if heading.label is None:
            parts.append(Part(heading, intro=text_between(start, stop)))
            continue
        if not parts:
            parts.append(Part(None))
        parts[-1].questions.append(Question(heading, heading.label, text_between(start, stop), start, stop - 1))
    return intro, parts
