"""The allowlist every page's content passes through: what Markdown may put on the page, and nothing else.

Authors write Markdown; Python-Markdown passes raw HTML and attribute lists through as written. The
HTML it produces from a page is cleaned by nh3 (the Rust ``ammonia`` sanitizer, maintained, HTML5
parser) before the kit adds its own markup (card, answers, quiz, listings): text, headings, lists,
tables, quotes, code, footnotes, admonitions, details, images of the site itself and links with safe
schemes stay; scripts, styles, frames, forms, SVG, MathML, event handlers, ``style=`` and every
other attribute go. The checker's ``raw-html`` rule reports with this same function what would go.

Classes and ids written by authors (attribute lists, raw HTML) stay, except those the theme and the
kit own: classes and ids starting with ``md-`` (Material's components, full-screen overlays among
them), ``hd-`` (the reader's tools), ``__`` (Material's ``__config``, ``__search``…) or ``hoidap``, the
answers' ``tra-loi-N``, and ``mermaid`` (Material would load a diagram library from another server).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

_HEADINGS = {f"h{level}" for level in range(1, 7)}
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", *_HEADINGS,
})
_CELL = {"align", "colspan", "rowspan"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": _CELL, "th": _CELL | {"scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"},
    "time": {"datetime"}, "del": {"datetime"}, "ins": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside them (the others lose their tags and keep their text).
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "template", "textarea", "title", "noscript", "iframe", "noembed", "noframes", "xmp",
    "plaintext", "svg", "math", "object", "select",
})
RESERVED_PREFIXES = ("md-", "hd-", "__", "hoidap")
RESERVED_NAMES = frozenset({"mermaid"})
_ANSWER_ID = re.compile(r"tra-loi-\d+")
_URL_NOISE = re.compile(r"[\t\n\r]")  # removed anywhere in a URL by browsers
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # stripped from both ends of a URL by browsers


def _reserved(name: str) -> bool:
    """Whether a class or id belongs to the theme or the kit (see the module's docstring)."""
    folded = name.lower()
    return folded.startswith(RESERVED_PREFIXES) or folded in RESERVED_NAMES or bool(_ANSWER_ID.fullmatch(folded))


def _site_relative(url: str) -> bool:
    """A URL that stays on the site, as a browser reads it: no scheme, not ``//host`` (nor ``\\\\host``)."""
    url = _URL_NOISE.sub("", url.strip(_C0_AND_SPACE)).replace("\\", "/")
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return False
    return not url.startswith("//") and not scheme and ":" not in url.split("/", 1)[0]


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [word for word in value.split() if not _reserved(word)]
        return " ".join(kept) if kept else None
    if name == "id":
        return None if _reserved(value) else value
    if tag == "img" and name == "src":
        return value if _site_relative(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    attribute_filter=_attribute, strip_comments=False, link_rel=None, url_schemes=set(URL_SCHEMES),
)


def clean(html: str) -> str:
    """``html`` (a page's content as Markdown made it) with only what the allowlist keeps.

    HTML comments stay: they never run, and the kit marks its own places in a page with them.
    """
    return _CLEANER.clean(html)
