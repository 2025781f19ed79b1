"""Turn the blocks of an imported document into booklet Markdown: title, parts, questions numbered 1..N, answers,
and a marked section for whatever could not be placed. The Markdown is checked by parsing it back with
:mod:`hoidap.model.booklet`, and every source paragraph is looked for, in order, in the result."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hoidap.authoring.docx_reader import Paragraph, Source, Span, Table, Unplaced
from hoidap.authoring.front_writer import front_matter_text
from hoidap.authoring.placeholder import EMPTY_ANSWER, UNPLACED_HEADING
from hoidap.model.booklet import match_question, parse
from hoidap.model.findings import BookletError, Finding
from hoidap.vietnamese.vntext import fold

_PART = re.compile(r"(?:phần|PHẦN)\s+(?:(?i:thứ)\s+\S+|[IVXLC]+\b|\d+\b).*|[IVXLC]+\s*[.)]\s+\S.*", re.DOTALL)
_PART_LABEL_ONLY = re.compile(r"(?:phần|PHẦN)\s+(?:thứ\s+\S+|[IVXLC]+|\d+)\s*[.:]?", re.IGNORECASE)
_ESCAPE = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"(#{1,6}(?=\s|$)|>|[-+*](?=\s)|\d+(?=[.)]\s)|=+\s*$|-+\s*$|\||!!!|\?\?\?)")


@dataclass
class Question:
    """A question found in the source: its old label (None when unlabelled), its text and its answer blocks."""

    old: int | None
    text: list[Span]
    answer: list[Paragraph | Table] = field(default_factory=list)


@dataclass
class Part:
    heading: list[Span] | None
    intro: list[Paragraph | Table] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


@dataclass
class Outline:
    """Where every block of the source goes; ``counts`` tells how many paragraphs went where."""

    title: Paragraph | None
    intro: list[Paragraph | Table]
    parts: list[Part]
    unplaced: list[Unplaced]
    counts: dict[str, int]

    @property
    def questions(self) -> list[Question]:
        return [question for part in self.parts for question in part.questions]


def arrange(source: Source) -> Outline:
    """Sort the source's blocks into title, introduction, parts, questions and answers."""
    blocks = [b for b in source.blocks if not isinstance(b, Paragraph) or b.has_content]
    counts = {"empty": sum(1 for b in source.blocks if isinstance(b, Paragraph) and not b.has_content)}
    title_at = _title_index(blocks)
    outline = Outline(blocks[title_at] if title_at is not None else None, [], [], [], counts)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if index - 1 == title_at:
            continue
        if isinstance(block, Unplaced):
            outline.unplaced.append(block)
            continue
        if isinstance(block, Paragraph):
            question = _question(block)
            if question is not None:
                if not "".join(s.text for s in question.text).strip() and index < len(blocks) \
                        and isinstance(blocks[index], Paragraph) and _question(blocks[index]) is None:
                    question.text = blocks[index].spans  # "Câu 1." on its own line, the question below
                    index += 1
                    _count(counts, "question")
                question.text, rest = _split_answer(question.text)
                if not outline.parts:
                    outline.parts.append(Part(None))
                outline.parts[-1].questions.append(question)
                if rest:
                    question.answer.append(Paragraph(rest))
                _count(counts, "question")
                continue
            if _is_part(block):
                heading = list(block.spans)
                follow = blocks[index] if index < len(blocks) else None
                if _PART_LABEL_ONLY.fullmatch(block.text) and isinstance(follow, Paragraph) \
                        and _question(follow) is None and not _is_part(follow) \
                        and (follow.bold or follow.text.isupper()) and len(follow.text) < 200:
                    heading += [Span(". " if block.text[-1] not in ".:" else " "), *follow.spans]
                    index += 1
                    _count(counts, "part")
                outline.parts.append(Part(heading))
                _count(counts, "part")
                continue
        _place(outline, block)
    return outline


def _place(outline: Outline, block: Paragraph | Table) -> None:
    kind = "table" if isinstance(block, Table) else "paragraph"
    if outline.parts and outline.parts[-1].questions:
        outline.parts[-1].questions[-1].answer.append(block)
        _count(outline.counts, f"answer-{kind}")
    elif outline.parts:
        outline.parts[-1].intro.append(block)
        _count(outline.counts, f"intro-{kind}")
    else:
        outline.intro.append(block)
        _count(outline.counts, f"intro-{kind}")


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _title_index(blocks: list) -> int | None:
    """The Word "Title" paragraph, else the first paragraph saying "hỏi - đáp" before any question or part."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and block.style == "Title":
            return index
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        if _question(block) is not None or _is_part(block):
            return None
        if re.search(r"hoi\s*-?\s*dap", fold(block.text)):
            return index
    return None


def _question(block: Paragraph) -> Question | None:
    """A question paragraph: "Câu 1." / "Câu 1:" / "Câu hỏi 1." …, or a bold (or heading) line ending in "?"."""
    if block.list_kind or not block.text:
        return None
    text = block.text
    label = match_question(text.replace("\n", " "))
    heading = block.style.startswith("Heading")
    if label is not None and (label.separator or block.bold or heading or text.rstrip("”\" ").endswith("?")):
        return Question(label.number, _drop_label(block.spans, len(text) - len(label.text)))
    if (block.bold or heading) and text.rstrip("”\" ").endswith("?") and len(text) < 400:
        return Question(None, list(block.spans))
    return None


def _is_part(block: Paragraph) -> bool:
    if block.list_kind or not block.text or len(block.text) > 200:
        return False
    return bool(_PART.fullmatch(block.text)) or (block.style == "Heading 1" and match_question(block.text) is None)


def _drop_label(spans: list[Span], length: int) -> list[Span]:
    """``spans`` without their first ``length`` visible characters (leading blanks skipped too)."""
    out: list[Span] = []
    skip = length
    for span in spans:
        text = span.text.lstrip() if not out and skip == length else span.text
        if skip > 0 and span.image is None:
            eaten = min(skip, len(text))
            skip -= eaten
            text = text[eaten:]
            if not text and skip >= 0 and span.footnote is None:
                continue
        out.append(Span(text, span.bold, span.italic, span.link, span.image, span.footnote, span.decoded))
    if out:
        out[0].text = out[0].text.lstrip()
    return out


def _split_answer(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Split "Câu 1. …? Trả lời: …" after the first "?" that is followed by more text."""
    text = "".join(span.text for span in spans)
    match = re.search(r"\?[\"”]?\s+(?=\S)", text)
    if not match:
        return spans, []
    cut = match.end()
    head: list[Span] = []
    tail: list[Span] = []
    position = 0
    for span in spans:
        end = position + len(span.text)
        if end <= cut:
            head.append(span)
        elif position >= cut:
            tail.append(span)
        else:
            keep = cut - position
            head.append(Span(span.text[:keep], span.bold, span.italic, span.link, decoded=span.decoded))
            tail.append(Span(span.text[keep:], span.bold, span.italic, span.link, decoded=span.decoded))
        position = end
    return head, tail


# Rendering


@dataclass
class Rendered:
    """The booklet's Markdown, the image files it links to (name → bytes) and what was renumbered."""

    markdown: str
    images: dict[str, bytes]
    renumbered: list[tuple[int | None, int, str]]
    footnotes: int


def render(outline: Outline, source: Source, front: dict, image_dir: str, title_kept: bool) -> Rendered:
    """Write ``outline`` as a booklet: ``front`` as front matter, images linked under ``image_dir/``."""
    writer = _Writer(source, image_dir)
    chunks = [front_matter_text(front)]
    intro = ([outline.title] if outline.title is not None and title_kept else []) + outline.intro
    chunks += [writer.block(block) for block in intro]
    has_parts = any(part.heading for part in outline.parts)
    level = "###" if has_parts else "##"
    renumbered: list[tuple[int | None, int, str]] = []
    number = 0
    for part in outline.parts:
        if part.heading:
            chunks.append("## " + writer.inline(_unformatted(part.heading), " ").strip())
        chunks += [writer.block(block) for block in part.intro]
        for question in part.questions:
            number += 1
            text = writer.inline(_unformatted(question.text), " ").strip()
            if question.old != number:
                renumbered.append((question.old, number, text))
            chunks.append(f"{level} Câu {number}. {text}")
            answer = [writer.block(block) for block in question.answer]
            chunks += [chunk for chunk in answer if chunk.strip()] or [EMPTY_ANSWER]
    if outline.unplaced:
        chunks += [f"## {UNPLACED_HEADING}", (
            '!!! warning "Cần xem lại"\n\n    Chương trình nhập không biết đặt những nội dung dưới đây vào câu hỏi '
            "nào. Chuyển chúng về đúng chỗ (hoặc xóa nếu thừa) rồi xóa cả mục này.")]
        for item in outline.unplaced:
            chunks.append(f"**{item.kind[0].upper() + item.kind[1:]}:**")
            chunks += [writer.block(p) for p in item.paragraphs]
    notes = [f"[^{n}]: {_escape(source.footnotes.get(n, ''))}" for n in writer.footnotes]
    chunks += notes
    markdown = "\n\n".join(chunk for chunk in chunks[1:] if chunk.strip())
    return Rendered(chunks[0] + "\n" + markdown + "\n", writer.images, renumbered, len(notes))


class _Writer:
    def __init__(self, source: Source, image_dir: str) -> None:
        self.source = source
        self.image_dir = image_dir
        self.images: dict[str, bytes] = {}
        self.footnotes: list[int] = []

    def block(self, block: Paragraph | Table) -> str:
        if isinstance(block, Table):
            return self.table(block)
        if block.list_kind:
            marker = "-" if block.list_kind == "bullet" else "1."
            indent = "    " * min(block.list_level, 3)
            return indent + marker + " " + self.inline(block.spans, "\n\n" + indent + "    ")
        return self.inline(block.spans, "\n\n")

    def table(self, table: Table) -> str:
        rows = [[" ".join(self.inline(p.spans, "<br>") for p in cell).replace("|", "\\|").strip() or " "
                 for cell in row] for row in table.rows]
        if not rows or not rows[0]:
            return ""
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def inline(self, spans: list[Span], newline: str) -> str:
        out: list[str] = []
        for span in spans:
            if span.image is not None:
                image = self.source.images[span.image]
                name = f"hinh-{span.image + 1:02d}.{image.extension}"
                self.images[name] = image.data
                alt = _escape(image.alt or f"Hình {span.image + 1}").replace("\n", " ")
                out.append(f"![{alt}]({self.image_dir}/{name})")
                continue
            if span.footnote is not None:
                if span.footnote not in self.footnotes:
                    self.footnotes.append(span.footnote)
                out.append(f"[^{span.footnote}]")
                continue
            lines = span.text.split("\n")
            out.append(newline.join(_format(_escape(line), span) for line in lines))
        text = "".join(out)
        return newline.join(_line_start(line.strip()) for line in text.split(newline)).strip() if text else ""


def _unformatted(spans: list[Span]) -> list[Span]:
    """Headings are bold already: their spans without bold and italic."""
    return [Span(s.text, False, False, s.link, s.image, s.footnote, s.decoded) for s in spans]


def _format(text: str, span: Span) -> str:
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    marks = ("**" if span.bold else "") + ("*" if span.italic else "")
    core = f"{marks}{core}{marks[::-1]}"
    if span.link:
        core = f"[{core}](<{span.link}>)"
    return lead + core + trail


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _line_start(line: str) -> str:
    """Escape what would make a paragraph a heading, list, quote, table or admonition."""
    match = _LINE_START.match(line)
    if not match:
        return line
    if match.group().isdigit():
        return line[: match.end()] + "\\" + line[match.end():]
    return "\\" + line


def validate(markdown: str, path: str, expected_questions: int) -> None:
    """Parse the Markdown back with the booklet parser; raise BookletError if the questions do not all come back."""
    booklet = parse(markdown, path)
    found = len(booklet.questions) if booklet is not None else 0
    if found != expected_questions:
        raise BookletError([Finding(path, 1, "numbering", "error", (
            f"tệp gốc có {expected_questions} câu hỏi nhưng tài liệu tạo ra chỉ đọc lại được {found} câu; tài liệu "
            "quá dài thì chia thành nhiều tệp nhỏ hơn rồi nhập từng tệp"))])


def missing_paragraphs(source: Source, markdown: str) -> list[str]:
    """Source paragraphs (and table cells) whose words do not appear, in order, in ``markdown``'s text (in any
    case: a title in capitals is written in sentence case)."""
    plain = _plain(markdown).casefold()
    missing, cursor = [], 0
    for text in _source_texts(source):
        words = _plain(text).casefold()
        if not words:
            continue
        found = plain.find(words, cursor)
        if found < 0:
            missing.append(text)
        else:
            cursor = found + len(words)
    return missing


def _source_texts(source: Source) -> list[str]:
    texts: list[str] = []
    for block in source.blocks:
        if isinstance(block, Table):
            texts += [p.text for row in block.rows for cell in row for p in cell]
        elif isinstance(block, Unplaced):
            texts += [p.text for p in block.paragraphs]
        else:
            label = match_question(block.text.replace("\n", " "))
            texts.append(label.text if label and label.text else "" if label else block.text)
    return texts


def _plain(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\[\^\d+\]|\]\(<[^>]*>\)", " ", text)
    text = re.sub(r"(?<!\\)[#|\[]", " ", text.replace("<br>", " "))
    text = re.sub(r"(?<!\\)\*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"\bCâu \d+\. ", " ", text)
    return " ".join(text.split())
