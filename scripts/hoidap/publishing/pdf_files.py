"""Where a booklet's PDFs live and when a cached PDF may be reused: one place for the plugin and the command.

A booklet page ``<folder>/<name>/index.html`` gets ``<folder>/<name>/<name>-a4.pdf`` and ``…-a5.pdf``
(``<name>-en-a4.pdf`` on pages of another language than the default, so downloads do not collide).

A PDF depends on the page's HTML and on the stylesheets and scripts it loads, not on the build it came
from: the cache key hashes the HTML with its ``?v=`` fingerprints and its PDF links taken out, the bytes of
every local stylesheet and script the page links, the paper size and ``FORMAT``. The print date is not
part of the key, so a reused PDF keeps the date it was printed on.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hoidap.files import write_atomically
from hoidap.site import texts
from hoidap.site.page_dom import PDF_PLACEHOLDER, PageDom

PAPERS = ("A4", "A5")
FORMAT = "2"  # bump when the way PDFs are printed changes (margins, header, footer, sandbox)
CACHE_DIR = Path(".cache") / "pdf"  # relative to the folder of mkdocs.yml
PLACEHOLDER = f"<!--{PDF_PLACEHOLDER}-->"  # what partials/hd-pdf-links.html writes while no PDF is cached


@dataclass(frozen=True)
class PdfLink:
    paper: str
    label: str
    href: str
    size: str


@dataclass(frozen=True)
class PdfLinks:
    """The "Tải PDF: khổ A4 · khổ A5" line under a booklet's title, already worded."""

    label: str
    links: tuple[PdfLink, ...]


def pdf_name(page_dir: str, paper: str, lang: str, default_lang: str) -> str:
    """The file name of a booklet's PDF in ``paper`` size, inside the page's folder ``page_dir``."""
    stem = PurePosixPath(page_dir.strip("/")).name or "tai-lieu"
    suffix = "" if lang == default_lang else f"-{lang}"
    return f"{stem}{suffix}-{paper.lower()}.pdf"


def _dom(page: str | PageDom) -> PageDom:
    return page if isinstance(page, PageDom) else PageDom(page)


def is_booklet(page: str | PageDom) -> bool:
    """True for a booklet page: the only pages that carry the PDF links block or its placeholder."""
    return _dom(page).is_booklet()


def normalise(page: str | PageDom) -> str:
    """The page's HTML without what does not change the printed PDF: build fingerprints and PDF links."""
    return _dom(page).printed_form()


class Keys:
    """Cache keys of booklet pages in one built site; each linked file is read and hashed once."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        self._digests: dict[Path, str] = {}

    def key(self, page: str | PageDom, page_file: Path, paper: str) -> str:
        dom = _dom(page)
        digest = hashlib.sha256(f"{FORMAT}\n{paper}\n".encode())
        digest.update(normalise(dom).encode("utf-8"))
        for href in dom.resources():
            digest.update(self._resource(page_file.parent, href).encode())
        return digest.hexdigest()[:40]

    def _resource(self, folder: Path, href: str) -> str:
        if "://" in href or href.startswith("//"):
            return href
        path = Path(os.path.normpath(folder / href.split("?")[0].split("#")[0]))
        if path not in self._digests:
            data = path.read_bytes() if path.is_file() and path.resolve().is_relative_to(self.site_dir) else b""
            self._digests[path] = hashlib.sha256(data).hexdigest()
        return self._digests[path]


def write_published(target: Path, data: bytes) -> None:
    """``data`` as the file ``target``, its folder made if need be, readable by the web server; never half-written
    (not flushed to disk: a site's files and the PDF cache can be made again)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data, mode=0o644, durable=False)


def copy_atomic(source: Path, target: Path) -> None:
    write_published(target, source.read_bytes())


def human_size(size: int, lang: str) -> str:
    """``245 KB``, or ``1,2 MB`` in Vietnamese and ``1.2 MB`` in English."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    megabytes = f"{size / (1024 * 1024):.1f}"
    return f"{megabytes if lang == 'en' else megabytes.replace('.', ',')} MB"


def links(files: dict[str, Path], lang: str) -> PdfLinks:
    """The PDF links line of a page, ``files`` mapping paper sizes to the PDFs beside the page."""
    return PdfLinks(texts.text(lang, "pdf_download"), tuple(
        PdfLink(paper, texts.text(lang, "pdf_paper", paper=paper), path.name, human_size(path.stat().st_size, lang))
        for paper, path in files.items()))


def publish(page: PageDom, page_file: Path, site_dir: Path, cache_dir: Path, lang: str, default_lang: str,
            render: Callable[[PdfLinks], str], keys: Keys | None = None) -> None:
    """Copy a booklet page's cached PDFs next to it and link them in ``page``, when every paper size is cached."""
    if not page.is_booklet():
        return
    keys = keys or Keys(site_dir)
    page_dir = page_file.parent.relative_to(site_dir).as_posix()
    cached = {paper: cache_dir / f"{keys.key(page, page_file, paper)}.pdf" for paper in PAPERS}
    if not all(path.is_file() for path in cached.values()):
        return
    placed = {paper: page_file.parent / pdf_name(page_dir, paper, lang, default_lang) for paper in PAPERS}
    for paper, source in cached.items():
        copy_atomic(source, placed[paper])
    page.fill_pdf_links(render(links(placed, lang)))
