"""Build-time glue for printing: the print block's data and the PDF links of booklet pages."""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Iterable
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from hoidap.publishing import pdf_files
from hoidap.site.page_dom import PageDom
from hoidap.site.qr import PrintAddress, print_address

log = get_plugin_logger("hoidap")
LINKS_TEMPLATE = "partials/hd-pdf-links.html"
QR_CACHE = ".cache/qr"


def page_address(page: Page, config: MkDocsConfig, lang: str) -> PrintAddress:
    """The print block of a booklet page: its address and QR code when ``site_url`` is set."""
    if not config.site_url:
        _no_site_url()
    return print_address(config.site_name, config.site_url, page.url, lang, qr_cache(config))


def draw_ahead(config: MkDocsConfig, lang: str, page_urls: Iterable[str]) -> multiprocessing.process.BaseProcess | None:
    """Start drawing these pages' QR codes into the QR cache in a second process, while Markdown converts;
    :func:`page_address` then reads them from the cache. Drawing costs 1-2 ms a page, the build's largest cost
    of its own at a thousand booklets; a machine with a second core no longer waits for it. Nothing changes in
    what is written: a code the process has not drawn yet (or could not keep) is drawn by the build itself.
    None when there is nothing to draw or no ``fork``: the build draws as it always did."""
    urls = list(page_urls)
    if not config.site_url or not urls or "fork" not in multiprocessing.get_all_start_methods():
        return None
    process = multiprocessing.get_context("fork").Process(
        target=_draw, args=(config.site_name, config.site_url, urls, lang, qr_cache(config)), daemon=True)
    process.start()
    return process


def _draw(site_name: str, site_url: str, page_urls: list[str], lang: str, cache_dir: Path) -> None:
    for url in page_urls:
        print_address(site_name, site_url, url, lang, cache_dir)


def qr_cache(config: MkDocsConfig) -> Path:
    """Where QR codes drawn at build time are kept."""
    return Path(config.config_file_path).parent / QR_CACHE


@functools.cache
def _no_site_url() -> None:
    log.info("mkdocs.yml chưa có site_url: bản in không có địa chỉ trang và mã QR. "
             "Ghi địa chỉ trang của đơn vị vào site_url để in kèm địa chỉ và mã QR.")


def render_links(env: jinja2.Environment, links: pdf_files.PdfLinks) -> str:
    """The PDF links line, rendered by its partial."""
    return env.get_template(LINKS_TEMPLATE).render(hoidap_pdf=links).strip()


def publish_pdfs(output: PageDom, page: Page, config: MkDocsConfig, env: jinja2.Environment | None,
                 lang: str, default_lang: str, keys: dict[Path, pdf_files.Keys]) -> None:
    """Link a booklet page's PDFs (copied from the cache) when ``.cache/pdf`` holds all of them.

    ``keys`` keeps one ``Keys`` per site folder for the whole build, so each linked file is hashed once.
    """
    cache_dir = Path(config.config_file_path).parent / pdf_files.CACHE_DIR
    if env is None or not cache_dir.is_dir() or not output.is_booklet():
        return
    site_dir = Path(config.site_dir)
    page_file = site_dir / page.file.dest_uri
    root = _site_root(site_dir, lang, default_lang)
    pdf_files.publish(output, page_file, root, cache_dir, lang, default_lang,
                             lambda links: render_links(env, links), keys.setdefault(root, pdf_files.Keys(root)))


def _site_root(site_dir: Path, lang: str, default_lang: str) -> Path:
    """The whole site's folder: mkdocs-static-i18n builds other languages into ``<site>/<lang>/``."""
    return site_dir.parent if lang != default_lang and site_dir.name == lang else site_dir
