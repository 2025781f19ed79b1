"""Markdown listings for the home and browse pages, generated from the catalog.

A page opts in with front matter ``browse: <view>``; its own text stays above the listing.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

from hoidap import texts
from hoidap.catalog import Catalog, Entry, Group

VIEWS = ("newest", "level", "issuer", "year", "tag")
HOME_LIMIT = 20
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}])")


def listing(view: str, catalog: Catalog, page_src_uri: str, limit: int = HOME_LIMIT) -> str:
    """The Markdown listing for ``view``, with links relative to the page at ``page_src_uri``."""
    lang = catalog.lang
    if not len(catalog):
        return f"\n\n{texts.text(lang, 'empty')}\n"
    if view == "newest":
        summary = ", ".join([texts.text(lang, "booklets", count=len(catalog)),
                             texts.text(lang, "questions", count=catalog.question_count)])
        groups = [Group(texts.text(lang, "newest"), "moi-cap-nhat", catalog.newest(limit))]
        head = f"\n\n{summary}.\n"
    else:
        groups = {"level": catalog.by_level, "issuer": catalog.by_issuer,
                  "year": catalog.by_year, "tag": catalog.by_tag}[view]()
        head = ""
    base = posixpath.dirname(page_src_uri)
    sections = [_group(group, base, lang) for group in groups]
    return head + "".join(sections)


def _group(group: Group, base: str, lang: str) -> str:
    items = "\n".join(_entry(entry, base, lang) for entry in group.entries)
    return (f"\n\n## {escape(group.title)} {{#{group.anchor}}}\n\n"
            f'<div class="hd-list" markdown>\n\n{items}\n\n</div>\n')


def _entry(entry: Entry, base: str, lang: str) -> str:
    meta = entry.booklet.meta
    link = quote(posixpath.relpath(entry.src_uri, base or "."))
    facts = [meta.resolution.number, meta.resolution.issuer, texts.date(lang, meta.resolution.issued),
             texts.text(lang, "questions", count=len(entry.booklet.questions)),
             f"{texts.text(lang, 'updated')} {texts.date(lang, meta.updated)}"]
    return f"- [{escape(meta.title)}]({link})  \n  " + escape(" · ".join(facts))


def escape(value: str) -> str:
    """Escape Markdown's special characters so a title shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", value)
