"""The home and browse listings, generated from the catalog.

A page opts in with front matter ``browse: <view>``. Its own text stays on top; the plugin
appends one Markdown heading per group (so the table of contents lists the groups) and a
placeholder that the ``partials/booklet-list.html`` template later fills with the entries.
Rendering entries through a template, not Markdown, keeps a 2,000-booklet listing cheap.
The by-topic page opens with an index of its topics (``partials/topic-index.html``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from hoidap.site import page_dom, texts
from hoidap.model.booklet import Booklet
from hoidap.model.catalog import Catalog, Group

VIEWS = ("newest", "updates", "level", "issuer", "year", "tag")
HOME_LIMIT = 20
PLACEHOLDER = "<!-- hoidap-list {index} -->"
TOPICS = "topics"  # the placeholder's word for the by-topic page's index
_PLACEHOLDER_WORD = "hoidap-list"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


@dataclass(frozen=True)
class Item:
    """One listed booklet, ready to print."""

    title: str
    href: str
    facts: str
    key: str = ""      # the booklet's address from the site's root: where the reader's study progress is kept
    questions: int = 0
    name: str = ""     # the resolution's name (trích yếu): what tells 57-NQ/TW from 71-NQ/TW at a glance
    description: str = ""


@dataclass(frozen=True)
class Topic:
    """One entry of the by-topic page's index: the topic, the anchor of its section, its booklet count."""

    title: str
    anchor: str
    count: str


def groups(view: str, catalog: Catalog, limit: int = HOME_LIMIT) -> list[Group]:
    """The groups a page with ``browse: view`` lists."""
    if view == "newest":
        return [Group(texts.text(catalog.lang, "newest"), "moi-cap-nhat", catalog.newest(limit))]
    return {"updates": catalog.by_month, "level": catalog.by_level, "issuer": catalog.by_issuer,
            "year": catalog.by_year, "tag": catalog.by_tag}[view]()


def markdown(view: str, catalog: Catalog, listed: list[Group]) -> str:
    """Markdown to append to the page: a summary, then a heading and a placeholder per group."""
    lang = catalog.lang
    if not listed:
        return f"\n\n{texts.text(lang, 'empty')}\n"
    out = []
    if view == "newest":
        out.append(", ".join([texts.text(lang, "booklets", count=len(catalog)),
                              texts.text(lang, "questions", count=catalog.question_count)]) + ".")
    if view == "tag":
        out.append(PLACEHOLDER.format(index=TOPICS))
    for index, group in enumerate(listed):
        out.append(f"## {escape(group.title)} {{#{group.anchor}}}")
        out.append(PLACEHOLDER.format(index=index))
    return "\n\n" + "\n\n".join(out) + "\n"


def items(group: Group, page_url: str, lang: str) -> list[Item]:
    """The entries of ``group`` with links relative to the page at ``page_url``."""
    return [Item(entry.booklet.meta.title, get_relative_url(entry.url, page_url), facts(entry.booklet, lang),
                 entry.url, len(entry.booklet.questions), entry.booklet.meta.resolution.name,
                 entry.booklet.meta.description or "") for entry in group.entries]


def topics(listed: list[Group], lang: str) -> list[Topic]:
    """The by-topic page's index: each topic with the number of its booklets."""
    return [Topic(group.title, group.anchor, texts.text(lang, "booklets", count=len(group.entries)))
            for group in listed]


def facts(booklet: Booklet, lang: str) -> str:
    """A booklet in one line: number, issuer, date, question count, last update."""
    meta = booklet.meta
    return " · ".join([meta.resolution.number, meta.resolution.issuer, texts.date(lang, meta.resolution.issued),
                       texts.text(lang, "questions", count=len(booklet.questions)),
                       f"{texts.text(lang, 'updated')} {texts.date(lang, meta.updated)}"])


def fill(html: str, render: Callable[[str], str | None]) -> str:
    """Replace each placeholder comment in ``html`` (converted page content) with ``render(word)``: a
    group's index (``"0"``, ``"1"``…) or :data:`TOPICS`. A comment ``render`` does not know (None) stays."""
    root = page_dom.fragment(html)
    found = [(comment, rendered) for comment in page_dom.comments(root)
             if len(words := (comment.text or "").split()) == 2 and words[0] == _PLACEHOLDER_WORD
             and (rendered := render(words[1])) is not None]
    for comment, rendered in found:
        page_dom.replace(comment, rendered)
    return page_dom.inner_html(root) if found else html


def escape(value: str) -> str:
    """Escape Markdown's special characters so a title shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", value)
