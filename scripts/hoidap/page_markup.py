"""Small corrections to Material's own markup in each written page (accessibility, browser console)."""

from __future__ import annotations

import re

SEARCH_LABEL = {"vi": "Tìm kiếm", "en": "Search"}
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)')
# <link rel="alternate" href="…" hreflang="…"> in the head: Material's script fetches "sitemap.xml" next
# to each of these addresses, and the one beside a page's own address does not exist (a 404 in every
# reader's console). The sitemap already lists every page's languages (xhtml:link hreflang).
# Material's bundle is a parser-blocking script at the end of <body>: the browser may hold the text above it
# until the script has arrived and run. Deferred, it runs at the same point of the page's life (after
# parsing, before DOMContentLoaded, before our own deferred scripts), and the text paints first.
_THEME_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
_HREFLANG_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def accessible(output: str, lang: str) -> str:
    """``output`` with a named search dialog and without the head's hreflang links."""
    label = SEARCH_LABEL.get(lang, SEARCH_LABEL["vi"])
    output = _SEARCH_DIALOG.sub(rf'\1 aria-label="{label}"\2', output, count=1)
    head, separator, body = output.partition("</head>")
    return _HREFLANG_LINK.sub("", head) + separator + body


def deferred(output: str) -> str:
    """``output`` with Material's script bundle deferred, so reading starts before it runs."""
    return _THEME_BUNDLE.sub(r'<script src="\1" defer></script>', output, count=1)
