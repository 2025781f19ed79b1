"""Small corrections to Material's own markup in each written page (accessibility, browser console)."""

from __future__ import annotations

import re

SEARCH_LABEL = {"vi": "Tìm kiếm", "en": "Search"}
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)')
# <link rel="alternate" href="…" hreflang="…"> in the head: Material's script fetches "sitemap.xml" next
# to each of these addresses, and the one beside a page's own address does not exist (a 404 in every
# reader's console). The sitemap already lists every page's languages (xhtml:link hreflang).
_HREFLANG_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def accessible(output: str, lang: str) -> str:
    """``output`` with a named search dialog and without the head's hreflang links."""
    label = SEARCH_LABEL.get(lang, SEARCH_LABEL["vi"])
    output = _SEARCH_DIALOG.sub(rf'\1 aria-label="{label}"\2', output, count=1)
    head, separator, body = output.partition("</head>")
    return _HREFLANG_LINK.sub("", head) + separator + body
