"""Print every booklet of a built site to PDF (A4, A5) with headless Chromium, reusing unchanged PDFs.

The built site is served on loopback and each booklet page printed with its print stylesheet, a header
with the site's name and a footer with the print date and "Trang N/M". The browser is sandboxed
(``pdf_sandbox``: no script, no network but the local server) and each booklet has a time limit. PDFs are
kept in a cache keyed by ``pdf_files.Keys`` and copied next to their pages; MkDocs links them on the next
build (see the plugin).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html as html_lib
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from hoidap.publishing import pdf_files, pdf_sandbox
from hoidap.publishing.workspace import serve
from hoidap.site import texts
from hoidap.site.page_dom import PageDom

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TIME_LIMIT = 300.0  # seconds for one booklet to load and print in every paper size
CLOSE_LIMIT = 15.0  # seconds to wait for the browser to close a context or itself
MARGINS = {"top": "16mm", "right": "14mm", "bottom": "18mm", "left": "14mm"}  # as @page in print.css
_FONT = "font-family:'Noto Sans','DejaVu Sans',sans-serif;font-size:8pt;color:#000;"
T = TypeVar("T")


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
        page = PageDom(path.read_text(encoding="utf-8", errors="replace"))
        if page.is_booklet():
            url = path.parent.relative_to(site_dir).as_posix()
            pages.append(BookletPage(path, "" if url == "." else f"{url}/", page.lang or "vi"))
    return pages


def export(site_dir: Path, cache_dir: Path, default_lang: str, papers: tuple[str, ...] = pdf_files.PAPERS,
           force: bool = False, progress: bool = True, today: dt.date | None = None,
           time_limit: float = TIME_LIMIT) -> Report:
    """Write each booklet's PDFs next to its page, printing only those not already in ``cache_dir``.

    Each booklet gets ``time_limit`` seconds to load and print. Raises ``ExportError`` when the site or
    Chromium is missing; a booklet that fails to print is listed in ``Report.failures`` (and gets no PDF
    beside its page) and the others are still printed.
    """
    from tqdm import tqdm

    site_dir = site_dir.resolve()
    pages = booklet_pages(site_dir)
    keys = pdf_files.Keys(site_dir)
    report = Report()
    cache_dir.mkdir(parents=True, exist_ok=True)
    plans = []
    for page in pages:
        written = PageDom(page.file.read_text(encoding="utf-8"))
        cached = {paper: cache_dir / f"{keys.key(written, page.file, paper)}.pdf" for paper in papers}
        missing = {paper: path for paper, path in cached.items() if force or not path.is_file()}
        plans.append((page, cached, missing))
    with tqdm(total=len(pages) * len(papers), desc="In PDF", unit="tệp", disable=not progress, leave=True) as bar:
        jobs = [(page, missing) for page, _cached, missing in plans if missing]
        failed = _print_all(site_dir, jobs, today or dt.date.today(), time_limit,
                            lambda: bar.update(len(papers))) if jobs else {}
        for page, cached, missing in plans:
            if not missing:
                bar.update(len(papers))
            if page in failed:
                report.failures.append(failed[page])
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
    return report


def _print_all(site_dir: Path, jobs: list[tuple[BookletPage, dict[str, Path]]], today: dt.date,
               time_limit: float, done: Callable[[], object]) -> dict[BookletPage, str]:
    """Print every job (a page and the cache files of its missing papers); the failures' messages by page."""
    if not Path(CHROMIUM).is_file():
        raise ExportError(f"Không thấy Chromium ở {CHROMIUM}: cài bằng 'make system' "
                          "(gói Debian chromium) rồi chạy lại.")

    async def run() -> dict[BookletPage, str]:
        from playwright.async_api import async_playwright

        failures = {}
        with serve(site_dir) as base_url:
            async with async_playwright() as playwright:
                printer = _Printer(playwright, base_url, today, time_limit)
                try:
                    for page, targets in jobs:
                        try:
                            await printer.print(page, targets)
                        except ExportError as exc:
                            failures[page] = str(exc)
                        done()
                finally:
                    await printer.close()
        return failures

    return _run_apart(run)


def _run_apart(coroutine: Callable[[], Coroutine[object, object, T]]) -> T:
    """Run ``coroutine()`` on an event loop in a thread of its own and return its result (or raise its error),
    so that callers already inside an event loop (a sync Playwright session, for one) can print too."""
    values: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            values.append(asyncio.run(coroutine()))
        except BaseException as exc:  # handed to the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="hoidap-pdf", daemon=True)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return values[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class _Printer:
    """A sandboxed Chromium (``pdf_sandbox``) printing booklet pages served from ``base_url``, each in a new
    browser context and within ``time_limit`` seconds; the browser is started again after a page that
    overran its time."""

    def __init__(self, playwright, base_url: str, today: dt.date, time_limit: float) -> None:
        self.playwright = playwright
        self.base_url = base_url
        self.today = today
        self.time_limit = time_limit
        self.browser = None

    async def _launch(self):
        from playwright.async_api import Error as PlaywrightError

        if self.browser is None or not self.browser.is_connected():
            try:
                self.browser = await self.playwright.chromium.launch(
                    executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *pdf_sandbox.chromium_args(self.base_url)])
            except PlaywrightError as exc:
                raise ExportError(f"Không khởi động được Chromium ({CHROMIUM}): {_first_line(exc)}") from None
        return self.browser

    async def close(self) -> None:
        """Close the browser (waiting at most ``CLOSE_LIMIT`` seconds); safe to call twice."""
        browser, self.browser = self.browser, None
        if browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), CLOSE_LIMIT)

    async def print(self, booklet: BookletPage, targets: dict[str, Path]) -> None:
        """Print ``booklet`` to each target (paper size → file); raise ``ExportError`` on any failure."""
        from playwright.async_api import Error as PlaywrightError

        browser = await self._launch()
        contexts: list = []
        try:
            await asyncio.wait_for(self._print(browser, contexts, booklet, targets), self.time_limit)
        except TimeoutError:
            await self.close()  # the page may still hold the browser busy: the next booklet gets a fresh one
            raise ExportError(
                f"Tài liệu '{booklet.url}' chưa in xong sau {_seconds(self.time_limit)} giây (giới hạn cho mỗi "
                "tài liệu) nên đã dừng: trang có phần không tải xong, hoặc tài liệu quá dài. Kiểm tra tài liệu "
                "này (make check), chia nhỏ nếu quá dài hoặc in với giới hạn dài hơn "
                "(.venv/bin/python scripts/pdf.py --time-limit 600), rồi chạy lại.") from None
        except (PlaywrightError, OSError) as exc:
            raise ExportError(f"Không in được tài liệu '{booklet.url}': {_first_line(exc)}") from None
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(context.close(), CLOSE_LIMIT)

    async def _print(self, browser, contexts: list, booklet: BookletPage, targets: dict[str, Path]) -> None:
        context = await browser.new_context(**pdf_sandbox.CONTEXT_OPTIONS)
        contexts.append(context)
        context.set_default_timeout(0)  # the time limit around this call governs
        url = f"{self.base_url}/{booklet.url}"
        await context.route("**/*", pdf_sandbox.Gate(self.base_url, url).handle)
        page = await context.new_page()
        response = await page.goto(url, wait_until="load")
        if response is None or not response.ok or page.url != url:
            raise ExportError(f"Không mở được trang '{booklet.url}' để in.")
        await page.emulate_media(media="print")
        await page.evaluate("document.fonts.ready.then(() => true)")
        site = page.locator(".hd-print-address__site")
        site_name = (await site.first.text_content() or "") if await site.count() else ""
        for paper, target in targets.items():
            data = await page.pdf(format=paper, margin=MARGINS, print_background=False, display_header_footer=True,
                                  header_template=self._header(site_name), footer_template=self._footer(booklet.lang))
            if page.url != url:  # the gate keeps the page where it is; never publish another page's print
                raise ExportError(f"Trang '{booklet.url}' đã tự chuyển sang địa chỉ khác trong khi in.")
            pdf_files.write_published(target, data)

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
