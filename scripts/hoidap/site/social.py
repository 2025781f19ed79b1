"""Link previews (Open Graph, Twitter card) and a meta description for every page."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hoidap.site import page_dom
from hoidap.model.booklet import Booklet
from hoidap.site.texts import text

LOCALES = {"vi": "vi_VN", "en": "en_US"}
DESCRIPTION_LENGTH = 160
_HEADINGS = {f"h{rank}" for rank in range(1, 7)}


@dataclass(frozen=True)
class Preview:
    """The preview image: its path from the site root, its size in pixels and its text alternative."""

    path: str
    width: int
    height: int
    alt: str


def description(written: object, booklet: Booklet | None, content: str, fallback: str, lang: str) -> str:
    """The page's meta description: as written in its front matter, else derived from the page.

    A booklet without one is described by its introduction, or its title and question count; any
    other page by its first paragraph; a page with no text at all by the site's description.
    """
    if isinstance(written, str) and written.strip():
        return _clean(written)
    if booklet is not None:
        intro = _first_paragraph(content, before_heading=True)
        count = text(lang, "questions", count=len(booklet.questions))
        return intro or _clean(f"{booklet.title} ({count})")
    return _first_paragraph(content) or _clean(fallback)


def tags(*, title: str, description: str, site_name: str, lang: str, kind: str,
         url: str | None, image_url: str, preview: Preview) -> list[tuple[str, str, str]]:
    """The ``<meta>`` tags of a link preview, as (attribute, name, content) in document order."""
    og = [("og:type", kind), ("og:site_name", site_name), ("og:title", title),
          ("og:description", description), ("og:locale", LOCALES.get(lang, lang))]
    if url:
        og.append(("og:url", url))
    og += [("og:image", image_url), ("og:image:type", "image/png" if preview.path.endswith(".png") else
                                      "image/jpeg"),
           ("og:image:width", str(preview.width)), ("og:image:height", str(preview.height)),
           ("og:image:alt", preview.alt)]
    return [("property", name, value) for name, value in og] + [("name", "twitter:card", "summary_large_image")]


def _first_paragraph(content: str, before_heading: bool = False) -> str:
    """The text of the page's first paragraph of at least 20 characters (before its first heading)."""
    if not content.strip():
        return ""
    for event, element in page_dom.read_as_needed(content):  # parsed up to that paragraph only
        if before_heading and event == "start" and element.tag in _HEADINGS:
            break
        if event == "end" and element.tag == "p":
            words = _clean(page_dom.text_of(element))
            if len(words) >= 20:
                return words
    return ""


def _clean(value: str) -> str:
    """One line of NFC text, cut at a word boundary to at most DESCRIPTION_LENGTH characters."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if len(value) <= DESCRIPTION_LENGTH:
        return value
    cut = value[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–")
    return cut + "…"
