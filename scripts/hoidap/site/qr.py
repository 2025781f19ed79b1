"""The printed page's address and its QR code (inline SVG, one path), drawn at build time."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import segno

from hoidap.files import write_atomically
from hoidap.site import texts


@dataclass(frozen=True)
class PrintAddress:
    """What the print-only block at the end of a booklet shows: site name, address and its QR code."""

    site_name: str
    label: str
    url: str | None
    qr_svg: str | None


def address(site_url: str | None, page_url: str) -> str | None:
    """The page's full address: ``site_url`` joined with the page's site-relative URL (None without site_url)."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", page_url.lstrip("/"))


# A fixed mask pattern (any of the eight is valid): choosing the best one costs 3.6 ms a page, five
# times the rest of the encoding. The tests decode the printed code with zbarimg.
QR_MASK = 2


def qr_svg(url: str, label: str = "", cache_dir: Path | None = None) -> str:
    """``url`` as a QR code: an inline SVG of a single path, sized by CSS (about 1.5-2.5 KB).

    Encoding costs a few milliseconds a page, so with ``cache_dir`` each code is drawn once and kept.
    """
    cached = cache_dir / f"{hashlib.sha256(f'{QR_MASK}|{url}|{label}'.encode()).hexdigest()[:32]}.svg" \
        if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text("utf-8")
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", svgclass="hd-qr", lineclass=None)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1) if label else svg
    if cached is not None:
        _keep(cached, svg)
    return svg


def _keep(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a cache file is never half-written)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"), durable=False)
    except OSError:
        pass  # a read-only project still builds: the code is simply drawn again next time


def print_address(site_name: str, site_url: str | None, page_url: str, lang: str,
                  cache_dir: Path | None = None) -> PrintAddress:
    """The print block of one page in ``lang``; no address and no QR code when ``site_url`` is unknown."""
    url = address(site_url, page_url)
    label = texts.text(lang, "print_address")
    return PrintAddress(site_name, label, url, qr_svg(url, texts.text(lang, "print_qr"), cache_dir) if url else None)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
