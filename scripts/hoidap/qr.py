"""The printed page's address and its QR code (inline SVG, one path), drawn at build time."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import segno

from hoidap import texts


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


def qr_svg(url: str, label: str = "") -> str:
    """``url`` as a QR code: an inline SVG of a single path, sized by CSS (about 1.5-2.5 KB)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", svgclass="hd-qr", lineclass=None)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(label)}" ', 1) if label else svg


def print_address(site_name: str, site_url: str | None, page_url: str, lang: str) -> PrintAddress:
    """The print block of one page in ``lang``; no address and no QR code when ``site_url`` is unknown."""
    url = address(site_url, page_url)
    label = texts.text(lang, "print_address")
    return PrintAddress(site_name, label, url, qr_svg(url, texts.text(lang, "print_qr")) if url else None)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
