"""What a booklet page's template shows: the resolution card and the question index."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hoidap import texts
from hoidap.booklet import Booklet
from hoidap.catalog import tag_anchor


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Card:
    """Everything the resolution card and question index templates print, already formatted."""

    heading: str
    rows: tuple[Row, ...]
    tags_label: str
    tags: tuple[Link, ...]
    index_label: str
    questions: tuple[Link, ...]


def card(booklet: Booklet, lang: str, tag_page: str | None = None) -> Card:
    """Build the card of ``booklet`` in ``lang``; ``tag_page`` is the by-topic page's href, if any."""
    meta, resolution = booklet.meta, booklet.meta.resolution
    pairs = [
        ("number", resolution.number),
        ("name", resolution.name),
        ("issuer", resolution.issuer),
        ("issued", texts.date(lang, resolution.issued)),
        ("term", resolution.term),
        ("level", texts.level(lang, meta.level)),
        ("compiled_by", meta.compiled_by),
        ("updated", texts.date(lang, meta.updated)),
    ]
    rows = tuple(Row(texts.text(lang, key), value) for key, value in pairs if value)
    tags = tuple(Link(tag, f"{tag_page}#{tag_anchor(tag)}" if tag_page else "") for tag in meta.tags)
    questions = tuple(Link(f"{q.number}. {q.text}", f"#{q.anchor}") for q in booklet.questions)
    return Card(texts.text(lang, "card"), rows, texts.text(lang, "tags"), tags,
                texts.text(lang, "question_index", count=len(questions)), questions)


def label_questions(content: str, booklet: Booklet) -> str:
    """Wrap each question heading's ``Câu N.`` label in ``<span class="hd-label">`` (styling, and
    the search highlighter leaves it alone: the label is not part of what was searched)."""
    for question in booklet.questions:
        label = question.label
        written = html.escape(f"{label.label} {label.number}{label.separator}", quote=False)
        content = re.sub(rf'(<h[1-6][^>]*\bid="{re.escape(question.anchor)}"[^>]*>)\s*{re.escape(written)}',
                         lambda m, w=written: f'{m.group(1)}<span class="hd-label">{w}</span>', content, count=1)
    return content


_ACTIONS = '<div class="hd-qtools hd-screen-only"></div>\n'  # filled by reader.js; its room is kept from the start
_HEADING_START = re.compile(r"<h([1-6])\b")
_BLOCK_TAG = re.compile(r"<(/?)(div|details|section|blockquote|ul|ol|table|figure|aside)\b", re.IGNORECASE)


def answer_id(number: int) -> str:
    """The id of the block holding question ``number``'s answer (not ``cau-…``: those are questions)."""
    return f"tra-loi-{number}"


def wrap_answers(content: str, booklet: Booklet) -> str:
    """Wrap each question's answer (what follows its heading, up to the next heading of the same
    or a higher rank) in ``<div class="hd-answer">``, so study mode can hide and reveal it, with
    an empty row for the question's actions (reveal, remembered, share) in between.

    An answer whose HTML is not balanced on its own (a heading inside a raw-HTML block) is left
    as it is: study mode then simply shows it.
    """
    anchors = {question.anchor: question.number for question in booklet.questions}
    out, position = [], 0
    for heading in re.finditer(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>.*?</h\1>', content, re.DOTALL):
        if heading.group(2) not in anchors or heading.start() < position:
            continue
        rank = int(heading.group(1))
        end = len(content)
        for following in _HEADING_START.finditer(content, heading.end()):
            if int(following.group(1)) <= rank:
                end = following.start()
                break
        answer = content[heading.end():end]
        if not _balanced(answer):
            continue
        body = answer.strip("\n")
        out += [content[position:heading.end()], "\n", _ACTIONS,
                f'<div class="hd-answer" id="{answer_id(anchors[heading.group(2)])}">\n{body}\n</div>\n']
        position = end
    return "".join(out) + content[position:]


def _balanced(fragment: str) -> bool:
    depth: dict[str, int] = {}
    for match in _BLOCK_TAG.finditer(fragment):
        tag = match.group(2).lower()
        depth[tag] = depth.get(tag, 0) + (-1 if match.group(1) else 1)
        if depth[tag] < 0:
            return False
    return not any(depth.values())
