"""The editor's page (``admin/index.html``) and its files, the same for the local server (``make edit``) and the
published site (:mod:`hoidap.editing.online`), and the page's Content-Security-Policy.

The policy allows ``'unsafe-eval'`` (Decap validates its configuration with ajv, which compiles its checks into
functions: without it Decap stops at "Error loading the CMS configuration") and ``blob:`` (Decap reads a picture
the author adds through a blob URL). Online, the Git host's API is added to ``connect-src`` and its pictures (the
user's avatar) to ``img-src``, and nothing else.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

# The editor's own files (editor/ of the project) under /admin/, and the site's stylesheets for the preview.
STATIC = {"vendor/decap-cms.js": "text/javascript", "locale-vi.js": "text/javascript", "admin.js": "text/javascript",
          "preview.css": "text/css"}
PREVIEW_STYLES = ("booklet.css", "reader.css")  # overrides/assets/stylesheets/, served as /admin/site/<name>
INDEX = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
{policy}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="hoidap-backend" content="{backend}">
<meta name="hoidap-collections" content="{collections}">
<title>Soạn tài liệu hỏi - đáp</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<script src="vendor/decap-cms.js"></script>
<script src="locale-vi.js"></script>
<script src="admin.js"></script>
</body>
</html>
"""


def policy(connect: Iterable[str] = (), images: Iterable[str] = (), meta: bool = False) -> str:
    """The editor page's Content-Security-Policy: ``connect`` (the Git host's API) may be fetched, ``images``
    shown; ``meta``: for a ``<meta http-equiv>`` element, where browsers ignore ``frame-ancestors``."""
    fetched = "".join(f" {origin}" for origin in dict.fromkeys(connect))
    shown = "".join(f" {origin}" for origin in dict.fromkeys(images))
    directives = ["default-src 'self'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
                  f"img-src 'self' data: blob:{shown}", f"connect-src 'self' blob:{fetched}", "font-src 'self' data:",
                  "object-src 'none'", "base-uri 'none'", "form-action 'none'"]
    return "; ".join(directives if meta else [*directives, "frame-ancestors 'none'"])


def index_html(backend: str, collections: Iterable[str], meta_policy: str | None = None) -> str:
    """The page that starts Decap CMS with ``config.yml`` beside it: ``backend`` tells admin.js where it runs
    (``proxy``: the local server), ``collections`` gets the booklets' preview; ``meta_policy`` is written into the
    page, for hosts that send no policy of their own (GitHub Pages, GitLab Pages)."""
    element = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(meta_policy)}">\n' \
        if meta_policy else ""
    return INDEX.format(policy=element, backend=html.escape(backend), collections=html.escape(" ".join(collections)))
