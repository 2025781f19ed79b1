"""What a booklet page's template shows: the resolution card and the question index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hoidap.site import texts
from hoidap.model.booklet import Booklet
from hoidap.model.catalog import tag_anchor


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


def card(booklet: Booklet, lang: str, tag_page: str | None = None,
         tag_name: Callable[[str], str] = str) -> Card:
    """Build the card of ``booklet`` in ``lang``; ``tag_page`` is the by-topic page's href, if any, and
    ``tag_name`` gives a tag's spelling across the site (hoidap.model.catalog.Catalog.tag_name)."""
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
    names = dict.fromkeys(tag_name(tag) for tag in meta.tags)
    tags = tuple(Link(tag, f"{tag_page}#{tag_anchor(tag)}" if tag_page else "") for tag in names)
    questions = tuple(Link(f"{q.number}. {q.text}", f"#{q.anchor}") for q in booklet.questions)
    return Card(texts.text(lang, "card"), rows, texts.text(lang, "tags"), tags,
                texts.text(lang, "question_index", count=len(questions)), questions)
