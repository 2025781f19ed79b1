"""What the web server needs to know about one build: the hashes of the pages' inline scripts (for the
Content-Security-Policy), the build's version and the site's path, written as ``nginx-vars.conf``.

``deploy/nginx.conf`` includes that file, so its policy allows exactly the inline scripts the build
wrote (Material's scope and palette snippets, our text-size script) and nothing else inline.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

NGINX_VARS = "nginx-vars.conf"
# An inline classic script: no src attribute, and no type other than JavaScript (the JSON config is data).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r'\stype="([^"]*)"', re.IGNORECASE)
_JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def script_hashes(html: str) -> set[str]:
    """The CSP source expressions (``'sha256-…'``) of every inline script in ``html``."""
    found = set()
    for match in _INLINE_SCRIPT.finditer(html):
        kind = _TYPE.search(match.group(1))
        if kind and kind.group(1).strip().lower() not in _JAVASCRIPT_TYPES:
            continue
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return found


def site_path(site_url: str | None) -> str:
    """The path the site is served under, from ``site_url``: ``/`` or ``/hoi-dap/``."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def nginx_vars(hashes: Iterable[str], version: str, path: str) -> str:
    """The text of ``nginx-vars.conf``: nginx ``set`` directives for the server block."""
    return (
        "# Sinh tự động khi dựng trang (scripts/hoidap/csp.py), đừng sửa tay; deploy/nginx.conf include tệp này.\n"
        "# Dựng lại rồi nạp lại nginx (systemctl reload nginx) nếu các giá trị dưới đây đổi.\n"
        f'set $hoidap_script_hashes "{" ".join(sorted(hashes))}";\n'
        f'set $hoidap_version "{version}";\n'
        f'set $hoidap_path "{path}";\n'
    )
