"""The booklet model (Booklet, Part, Question) and its parser: the only parser of booklets.

A booklet is a Markdown file whose front matter has ``resolution:`` or whose body has
question headings (``## Câu 1. …?``). Every line of the body lands somewhere in the
model: the booklet's introduction, a part's introduction, or a question's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hoidap.codeblocks import code_mask
from hoidap.findings import BookletError, Finding
from hoidap.frontmatter import FrontMatter, PageSource, page_source, skip_front_matter, split
from hoidap.metadata import Metadata, read_metadata
from hoidap.nesting import nesting_findings
from hoidap.quiz import Quiz, is_quiz_title, parse_quiz
from hoidap.schema import QUESTION_ANCHOR, QUESTION_LABELS
from hoidap.vntext import nfc, slugify

_ATX = re.compile(r"(#{1,6})(?!#)(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_MAYBE_BLOCK = ("#", "=", "-")  # first characters of ATX headings and setext underlines
_ATTR_LIST = re.compile(r"\s*\{:?\s*([^}]*)\}\s*$")
_LABELS = "|".join(
    [r"C[âÂ]u(?:\s+h[ỏỎ]i)?", "CÂU(?: HỎI)?"] + [label for label in QUESTION_LABELS.values() if label != "Câu"]
)
_QUESTION = re.compile(
    rf"(?P<label>{_LABELS})\s+(?P<number>\d{{1,4}})(?:\s*(?P<sep>[.:)\-–—])|(?=\s|$))\s*(?P<text>.*)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Heading:
    """A Markdown heading as written: level, text without markers, 1-based line, custom id."""

    level: int
    text: str
    line: int
    custom_id: str | None = None


@dataclass(frozen=True)
class QuestionLabel:
    """The ``Câu N.`` label at the start of a question heading."""

    label: str
    number: int
    separator: str
    text: str

    @property
    def canonical(self) -> bool:
        """True for ``Câu N.`` (or ``Question N.``), the form the authoring guide asks for."""
        return self.label in QUESTION_LABELS.values() and self.separator == "."


def match_question(text: str) -> QuestionLabel | None:
    """Read the question label of a heading's text, or None when it is not a question."""
    match = _QUESTION.fullmatch(nfc(text).strip())
    if not match:
        return None
    return QuestionLabel(match["label"], int(match["number"]), match["sep"] or "", match["text"].strip())


def question_anchor(number: int) -> str:
    """The stable anchor of question ``number``: ``cau-5``."""
    return QUESTION_ANCHOR.format(number=number)


@dataclass
class Question:
    """One question: its heading, its label and its answer (Markdown, with line span)."""

    heading: Heading
    label: QuestionLabel
    answer: str
    answer_line: int
    end_line: int

    @property
    def number(self) -> int:
        return self.label.number

    @property
    def text(self) -> str:
        """The question without its ``Câu N.`` label."""
        return self.label.text

    @property
    def anchor(self) -> str:
        return question_anchor(self.label.number)


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


def parse_file(path: Path, display_path: str | None = None) -> Booklet | None:
    """Read and parse a file; see :func:`parse`. Undecodable bytes raise :class:`BookletError`."""
    shown = display_path or str(path)
    return parse(read_text(path, shown), shown)


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
    """Any Markdown page: its front matter, body lines and top-level headings.

    ``is_booklet`` says whether the page is meant as a booklet; ``booklet`` is the parsed
    booklet, or None when the page is an ordinary page or its metadata has errors (in
    ``findings``).
    """

    path: str
    front: FrontMatter
    body: list[str]
    headings: list[Heading]
    is_booklet: bool
    booklet: Booklet | None
    findings: list[Finding] = field(default_factory=list)
    quiz: Quiz | None = None
    parts: list[Part] = field(default_factory=list)

    @property
    def body_line(self) -> int:
        return self.front.body_line

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
    headings = scan_headings(body, front.body_line)
    quiz = find_quiz(body, front.body_line, headings)
    is_booklet = "resolution" in front.data or any(match_question(h.text) for h in headings)
    too_deep = nesting_findings(path, body, front.body_line)
    if not is_booklet:
        return Document(path, front, body, headings, False, None, too_deep, quiz=quiz)
    meta, findings = read_metadata(front, path) if readable else (None, [])
    findings += too_deep
    intro, parts = _structure(body, front.body_line, headings)
    booklet = None
    if meta is not None:
        booklet = Booklet(path, meta, intro, parts, front.body_line, findings, quiz)
    return Document(path, front, body, headings, True, booklet, findings, quiz, parts)


def find_quiz(lines: list[str], first_line: int, headings: list[Heading]) -> Quiz | None:
    """The page's quiz: the section under its first ``## Trắc nghiệm`` heading, up to the next heading
    of the same or a higher rank; None when the page has none."""
    for index, heading in enumerate(headings):
        if heading.level != 2 or not is_quiz_title(heading.text):
            continue
        stop = next((h.line for h in headings[index + 1:] if h.level <= heading.level), first_line + len(lines))
        start = heading.line + 1 + (1 if _is_setext(lines, heading, first_line) else 0)
        return parse_quiz(lines[start - first_line: stop - first_line], start, heading.text, heading.line)
    return None


def parse(text: str, path: str) -> Booklet | None:
    """Parse Markdown ``text``; return None when it is an ordinary page, not a booklet.

    Raises :class:`BookletError` with every error when the front matter is malformed.
    """
    document = read_document(text, path)
    if document.is_booklet and document.booklet is None:
        raise BookletError([f for f in document.findings if f.severity == "error"])
    return document.booklet


def scan_headings(lines: list[str], first_line: int) -> list[Heading]:
    """Find the top-level headings of Markdown ``lines`` as Python-Markdown sees them.

    ATX (``## x``) and setext (``x`` over ``---``) headings count; fenced code does not.
    """
    headings: list[Heading] = []
    in_code = code_mask(lines)
    previous_blank = True
    for index, line in enumerate(lines):
        if in_code[index]:
            previous_blank = False
            continue
        if not line.startswith(_MAYBE_BLOCK):
            previous_blank = not line.strip()
            continue
        atx = _ATX.fullmatch(line)
        if atx:
            headings.append(_heading(len(atx.group(1)), atx.group(2), first_line + index))
        elif (
            _SETEXT.fullmatch(line)
            and index > 0
            and not previous_blank
            and lines[index - 1].strip()
            and not lines[index - 1].startswith((" ", "\t", "#", "-", "*", "+", ">", "|"))
            and not (headings and headings[-1].line == first_line + index - 1)
        ):
            level = 1 if line.startswith("=") else 2
            headings.append(_heading(level, lines[index - 1], first_line + index - 1))
        previous_blank = not line.strip()
    return headings


def _heading(level: int, raw: str, line: int) -> Heading:
    text = raw.strip()
    custom_id = None
    attrs = _ATTR_LIST.search(text)
    if attrs:
        text = text[: attrs.start()].strip()
        ids = [token[1:] for token in attrs.group(1).split() if token.startswith("#")]
        custom_id = ids[-1] if ids else None
    return Heading(level, nfc(text), line, custom_id)


def _structure(lines: list[str], first_line: int, headings: list[Heading]) -> tuple[str, list[Part]]:
    """Assign every body line to the introduction, a part or a question's answer."""
    labels = {h.line: match_question(h.text) for h in headings}
    question_levels = [h.level for h in headings if labels[h.line]]
    question_level = min(question_levels) if question_levels else 2
    boundaries = [h for h in headings if labels[h.line] or h.level <= question_level]

    def text_between(start: int, stop: int) -> str:
        return "\n".join(lines[start - first_line: stop - first_line]).strip("\n")

    setext_extra = {h.line: 1 if _is_setext(lines, h, first_line) else 0 for h in boundaries}
    end_of_body = first_line + len(lines)
    intro = text_between(first_line, boundaries[0].line if boundaries else end_of_body)
    parts: list[Part] = []
    for index, heading in enumerate(boundaries):
        start = heading.line + 1 + setext_extra[heading.line]
        stop = boundaries[index + 1].line if index + 1 < len(boundaries) else end_of_body
        label = labels[heading.line]
        if label is None:
            parts.append(Part(heading, intro=text_between(start, stop)))
            continue
        if not parts:
            parts.append(Part(None))
        parts[-1].questions.append(Question(heading, label, text_between(start, stop), start, stop - 1))
    return intro, parts


def _is_setext(lines: list[str], heading: Heading, first_line: int) -> bool:
    index = heading.line - first_line
    return index + 1 < len(lines) and not lines[index].lstrip().startswith("#") \
        and bool(_SETEXT.fullmatch(lines[index + 1]))


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading: ``cau-N`` for a question, otherwise an accent-folded slug.

    Used as Python-Markdown's ``toc`` slugify function, so ``booklet.md#cau-5`` keeps
    working however question 5 is reworded, and ``Phần I. Đổi mới`` becomes ``phan-i-doi-moi``.
    """
    label = match_question(text)
    if label:
        return question_anchor(label.number)
    return slugify(text, separator) or "muc"
