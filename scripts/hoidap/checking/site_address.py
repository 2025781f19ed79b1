"""The sample ``site_url`` of the kit (``https://hoidap.example.org/``) left in a board's mkdocs.yml: every PDF
prints it with its QR code, and the sitemap, feeds and link previews carry it. ``make build`` and ``make publish``
warn about it (code ``sample-site-url``)."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from hoidap.model.findings import Finding
from hoidap.model.siteconfig import SiteConfig

SAMPLE_SITE_URL = "https://hoidap.example.org/"
_SAMPLE_HOST = urlsplit(SAMPLE_SITE_URL).hostname
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
HOW_TO_FIX = ("Ghi địa chỉ thật của trang vào dòng 'site_url:' trong mkdocs.yml (địa chỉ đầy đủ, kết thúc bằng '/', "
              "dạng https://<tên miền của đơn vị>/), hoặc xóa dòng đó khi trang chưa có địa chỉ (bản in khi đó không "
              "có địa chỉ và mã QR), rồi chạy lại make build.")


def is_sample(url: str | None) -> bool:
    """``url`` is the kit's sample address (any path under it)."""
    try:
        return bool(url) and urlsplit(url.strip()).hostname == _SAMPLE_HOST
    except ValueError:
        return False


def sample_site_url(config: SiteConfig, config_file: Path) -> Finding | None:
    """The ``sample-site-url`` warning for ``config`` (read from ``config_file``), or None."""
    if not is_sample(config.site_url):
        return None
    return Finding(_shown(config_file), config.site_url_line, "sample-site-url", "warning", (
        f"site_url vẫn là địa chỉ mẫu {config.site_url} của bộ công cụ: địa chỉ này được in trên mọi bản PDF (kèm "
        f"mã QR) và ghi vào sơ đồ trang (sitemap.xml), nguồn tin và thẻ xem trước khi chia sẻ. {HOW_TO_FIX}"))


def built_with_sample(site: Path) -> str | None:
    """The sample address a built site carries (read from its ``sitemap.xml``), or None."""
    try:
        root = ElementTree.parse(site / "sitemap.xml").getroot()
    except (OSError, ElementTree.ParseError):
        return None
    for loc in root.iter(_SITEMAP):
        if is_sample(loc.text):
            return loc.text.strip()
    return None


def warning_line(finding: Finding) -> str:
    """``finding`` as the checker prints a warning: ``tệp:dòng: mã: [cảnh báo] …``."""
    return f"{finding.path}:{finding.line}: {finding.code}: [cảnh báo] {finding.message}"


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it, else as given."""
    absolute = path.absolute()
    try:
        return os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)
