"""Print every booklet of a built site to PDF (A4, A5) with headless Chromium, reusing unchanged PDFs.

The built site is served on loopback and each booklet page printed with its print stylesheet, a header
with the site's name and a footer with the print date and "Trang N/M". PDFs are kept in a cache keyed by
``pdf_files.Keys`` and copied next to their pages; MkDocs links them on the next build (see the hook).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hoidap import pdf_files, texts
from hoidap.workspace import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
MARGINS = {"top": "16mm", "right": "14mm", "bottom": "18mm", "left": "14mm"}  # as @page in print.css
_FONT = "font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:8pt;color:#000;"
_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')


class ExportError(Exception):
    """A failure the command reports in one Vietnamese sentence, without a traceback."""


@dataclass(frozen=True)
class BookletPage:
    """A built booklet page: its HTML file, its address inside the site and its language."""

    file: Path
    url: str
    lang: str


@dataclass
class Report:
    printed: int = 0
    reused: int = 0
    files: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def booklet_pages(site_dir: Path) -> list[BookletPage]:
    """Every booklet page of the built site in ``site_dir``, in a stable order."""
    if not (site_dir / "index.html").is_file():
        raise ExportError(f"Chưa có trang đã dựng trong '{site_dir}': chạy 'make build' "
                          "(hoặc 'mkdocs build') trước rồi chạy lại lệnh này.")
    pages = []
    for path in sorted(site_dir.rglob("index.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if pdf_files.is_booklet(text):
            lang = _LANG.search(text)
            url = path.parent.relative_to(site_dir).as_posix()
            pages.append(BookletPage(path, "" if url == "." else f"{url}/", lang.group(1) if lang else "vi"))
    return pages


def export(site_dir: Path, cache_dir: Path, default_lang: str, papers: tuple[str, ...] = pdf_files.PAPERS,
           force: bool = False, progress: bool = True, today: dt.date | None = None) -> Report:
    """Write each booklet's PDFs next to its page, printing only those not already in ``cache_dir``.

    Raises ``ExportError`` when the site or Chromium is missing; a booklet that fails to print is listed
    in ``Report.failures`` and the others are still printed.
    """
    from tqdm import tqdm

    site_dir = site_dir.resolve()
    pages = booklet_pages(site_dir)
    keys = pdf_files.Keys(site_dir)
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        bar = stack.enter_context(tqdm(total=len(pages) * len(papers), desc="In PDF", unit="tệp",
                                       disable=not progress, leave=True))
        printer: _Printer | None = None
        for page in pages:
            html = page.file.read_text(encoding="utf-8")
            cached = {paper: cache_dir / f"{keys.key(html, page.file, paper)}.pdf" for paper in papers}
            missing = [paper for paper, path in cached.items() if force or not path.is_file()]
            if missing:
                if printer is None:
                    printer = stack.enter_context(_printer(site_dir, today or dt.date.today()))
                try:
                    printer.print(page, {paper: cached[paper] for paper in missing})
                except ExportError as exc:
                    report.failures.append(str(exc))
                    bar.update(len(papers))
                    continue
            report.printed += len(missing)
            report.reused += len(papers) - len(missing)
            for paper, source in cached.items():
                target = page.file.parent / pdf_files.pdf_name(page.url, paper, page.lang, default_lang)
                try:
                    pdf_files.copy_atomic(source, target)
                except OSError as exc:
                    raise ExportError(f"Không ghi được '{target}': {exc.strerror or exc}") from None
                report.files.append(target)
            bar.update(len(papers))
    return report


class _Printer:
    """One Chromium page printing booklet pages served from ``base_url``."""

    def __init__(self, browser_page, base_url: str, today: dt.date) -> None:
        self.page = browser_page
        self.base_url = base_url
        self.today = today

    def print(self, booklet: BookletPage, targets: dict[str, Path]) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = self.page.goto(f"{self.base_url}/{booklet.url}", wait_until="load")
            if response is None or not response.ok:
                raise ExportError(f"Không mở được trang '{booklet.url}' để in.")
            self.page.emulate_media(media="print")
            self.page.evaluate("document.fonts.ready.then(() => true)")
            site = self.page.locator(".hd-print-address__site")
            site_name = site.first.text_content() if site.count() else ""
            for paper, target in targets.items():
                pdf_files.write_atomic(target, functools.partial(self._pdf, paper, site_name or "", booklet.lang))
        except (PlaywrightError, OSError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ExportError(f"Không in được tài liệu '{booklet.url}': {reason}") from None

    def _pdf(self, paper: str, site_name: str, lang: str, path: Path) -> None:
        self.page.pdf(path=str(path), format=paper, margin=MARGINS, print_background=False,
                      display_header_footer=True, header_template=self._header(site_name),
                      footer_template=self._footer(lang))

    @staticmethod
    def _header(site_name: str) -> str:
        return f'<div style="{_FONT}width:100%;margin:0 14mm;">{html_lib.escape(site_name)}</div>'

    def _footer(self, lang: str) -> str:
        day = texts.date("en", self.today) if lang == "en" else self.today.strftime("%d/%m/%Y")
        printed = html_lib.escape(texts.text(lang, "pdf_printed", date=day))
        number = texts.text(lang, "pdf_page", page='<span class="pageNumber"></span>',
                            pages='<span class="totalPages"></span>')
        return (f'<div style="{_FONT}width:100%;margin:0 14mm;display:flex;justify-content:space-between;">'
                f"<span>{printed}</span><span>{number}</span></div>")


@contextlib.contextmanager
def _printer(site_dir: Path, today: dt.date) -> Iterator[_Printer]:
    if not Path(CHROMIUM).is_file():
        raise ExportError(f"Không thấy Chromium ở {CHROMIUM}: cài bằng 'make system' "
                          "(gói Debian chromium) rồi chạy lại.")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as base_url, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise ExportError(f"Không khởi động được Chromium ({CHROMIUM}): "
                              f"{str(exc).strip().splitlines()[0]}") from None
        try:
            context = browser.new_context(service_workers="block")
            yield _Printer(context.new_page(), base_url, today)
        finally:
            browser.close()
