"""What the web server needs to know about one build: the hashes of the site's own inline scripts (for the
Content-Security-Policy), the build's version and the site's path, written as ``nginx-vars.conf``.

``deploy/nginx.conf`` includes that file, so its policy allows exactly the inline scripts the theme's
templates write (Material's scope and palette snippets, our text-size script) and nothing else inline.
The hashes come from pages rendered from templates alone (the 404 page), never from a page's content:
the plugin refuses a page that holds an inline script the templates did not write (see ``unknown``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from urllib.parse import urlsplit

from hoidap.site.page_dom import PageDom

NGINX_VARS = "nginx-vars.conf"


def inline_scripts(page: str | PageDom) -> list[str]:
    """The text of every inline script of ``page`` (a whole page) that a browser would run: scripts of data
    (Material's configuration, our texts) are not code."""
    return (page if isinstance(page, PageDom) else PageDom(page)).inline_scripts()


def script_hashes(page: str | PageDom) -> set[str]:
    """The CSP source expressions (``'sha256-…'``) of every inline script in ``page``."""
    return {_hash(text) for text in inline_scripts(page)}


def unknown(page: str | PageDom, allowed: set[str]) -> list[str]:
    """The inline scripts of ``page`` whose hash is not in ``allowed`` (the templates' own), shortened."""
    return [" ".join(text.split())[:80] for text in inline_scripts(page) if _hash(text) not in allowed]


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def site_path(site_url: str | None) -> str:
    """The path the site is served under, from ``site_url``: ``/`` or ``/hoi-dap/``."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def nginx_vars(hashes: Iterable[str], version: str, path: str, admin_policy: str) -> str:
    """The text of ``nginx-vars.conf``: nginx ``set`` directives for the server block (``admin_policy``: the
    Content-Security-Policy of the editor at ``admin/``, hoidap.editing.online)."""
    return (
        "# Sinh tự động khi dựng trang (scripts/hoidap/site/csp.py), đừng sửa tay; deploy/nginx.conf include tệp này.\n"
        "# Dựng lại rồi nạp lại nginx (systemctl reload nginx) nếu các giá trị dưới đây đổi.\n"
        f'set $hoidap_script_hashes "{" ".join(sorted(hashes))}";\n'
        f'set $hoidap_version "{version}";\n'
        f'set $hoidap_path "{path}";\n'
        f'set $hoidap_admin_csp "{admin_policy}";\n'
    )
