"""Front matter as the theme's templates receive it: every text escaped for HTML.

MkDocs renders templates without autoescaping, and Material prints ``page.meta.title``,
``page.meta.description``, ``page.meta.author``, a page's title in the navigation… as they are, so a
title written ``"><script>…`` would become markup. The plugin hands templates the front matter with
every string escaped once (a ``Markup``: Jinja's ``| e`` then leaves it as it is) and keeps the plain
values for its own code, which escapes where it writes.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def html_text(value: object) -> Markup:
    """``value`` as text in HTML: ``<``, ``>``, ``&`` and quotes escaped (safe in attributes too)."""
    return escape(value if isinstance(value, str) else str(value))  # a Markup is already escaped: kept


def for_templates(value: Any) -> Any:
    """``value`` (front matter) with every string in it, at any depth, escaped; other values unchanged."""
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, dict):
        return {key: for_templates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [for_templates(item) for item in value]
    return value
