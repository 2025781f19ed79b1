"""Reading without a network: the list of files a service worker may keep, the worker, the web manifest.

The build writes ``offline.json`` at the site's root: every page, asset and search file of every
language, each with a content hash and its size once compressed. The service worker
(``overrides/sw.js``, stamped with the build's version) keeps one cache per build, holding only bytes
whose hash is this build's. It fills a new build's cache completely (unchanged files copied, changed
ones fetched) and then waits: an open page keeps the build it opened with until the reader accepts
"Tải lại trang". Scripts, stylesheets and search files have content-addressed names
(:mod:`hoidap.site.hashed`), so a page never gets another build's file under its own file's name.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hoidap.site.page_dom import PageDom

MANIFEST = "offline.json"
WEB_MANIFEST = "manifest.webmanifest"
SERVICE_WORKER = "sw.js"
NOT_FOUND = "404.html"
SEARCH_KB = 400  # default of extra.offline_search_kb: a search index this small is kept from the first visit
_VERSION_MARK = "__HOIDAP_VERSION__"
_SEARCH_MARK = "__HOIDAP_SEARCH_BYTES__"


@dataclass
class Inventory:
    """What one language's pages are made of, as addresses from the site's root: the language's
    own files (pages, its search index) and the files its pages share with other languages."""

    own: set[str] = field(default_factory=set)
    shared: set[str] = field(default_factory=set)

    def add_page(self, url: str, page: PageDom) -> None:
        """Record a written page and the local files it loads (stylesheets, scripts, images)."""
        self.add(url, page.references(url))

    def add(self, url: str, references: set[str]) -> None:
        """Record a written page and the local files it loads, as :meth:`PageDom.references` gives them."""
        self.own.add(url)
        self.shared.update(references)


def entries(site_dir: Path, urls: dict[str, str],
            measured: dict[tuple[Path, int, int], dict[str, object]] | None = None) -> list[dict[str, object]]:
    """One entry per address that exists in ``site_dir``: address, language, hash, compressed bytes.

    ``measured`` keeps each file's hash and size, by path, modification time and size, across the calls of
    one build: every language's build writes the list again, with the files of the languages before it.
    """
    measured = {} if measured is None else measured
    found = []
    for url, lang in sorted(urls.items()):
        path = file_of(site_dir, url)
        if path is not None:
            stat = path.stat()
            found.append((url, lang, (path, stat.st_mtime_ns, stat.st_size)))
    new = list(dict.fromkeys(key for _, _, key in found if key not in measured))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # hashing and zlib let go of the GIL
        measured.update(zip(new, pool.map(_measure, (path for path, _, _ in new))))
    return [{"u": url, "l": lang, **measured[key]} for url, lang, key in found]


def _measure(path: Path) -> dict[str, object]:
    return measure(path.read_bytes())


def measure(data: bytes) -> dict[str, object]:
    """A file's entry in the offline list but its address: its hash and about what a gzip host sends of it."""
    return {"h": hashlib.sha256(data).hexdigest()[:16], "s": len(zlib.compress(data, 1))}


def file_of(site_dir: Path, url: str) -> Path | None:
    """The built file behind a site address (``a/b/`` is ``a/b/index.html``), or None."""
    path = unquote(urlsplit(url).path)
    if path == "" or path.endswith("/"):
        path += "index.html"
    candidate = site_dir / path
    return candidate if candidate.is_file() else None


def manifest(version: str, listed: Iterable[dict[str, object]]) -> str:
    """The text of ``offline.json``."""
    return json.dumps({"version": version, "files": list(listed)}, ensure_ascii=False, separators=(",", ":"))


def service_worker(template: str, version: str, search_bytes: int = SEARCH_KB * 1000) -> str:
    """The service worker's source with this build's version and its search precache limit stamped in."""
    return template.replace(_VERSION_MARK, version).replace(_SEARCH_MARK, str(int(search_bytes)))


def web_manifest(name: str, description: str, lang: str, colour: str, icon: str, scope: str) -> str:
    """The web app manifest: the site opens full-screen from a phone's home screen, in its colours."""
    return json.dumps({
        "name": name, "short_name": name if len(name) <= 24 else name[:24].rstrip(),
        "description": description, "lang": lang, "start_url": "./", "scope": scope,
        "display": "standalone", "background_color": "#ffffff", "theme_color": colour,
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }, ensure_ascii=False, indent=2)
