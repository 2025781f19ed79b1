"""The preview (``make serve``, that is ``mkdocs serve``): content errors are shown, not fatal.

MkDocs names the command it runs in ``on_startup``. During a preview a rebuild with errors in the content
still writes every page: the findings of the checks are logged once per rebuild in Vietnamese and shown on
every page in an overlay (``overrides/partials/hd-preview.html``, styled by ``preview.css``); the next
rebuild without errors (live reload runs it on every save) writes the pages without it. A page whose file
cannot be rendered (not readable as a booklet, or nested deeper than Markdown can recurse) is built from a
short stand-in text instead. A rebuild that still stops (a setting, a template, an error the checks do not
see) leaves a page that tells why at every address and reloads itself until a rebuild succeeds, where
MkDocs' server would hold every request until then.

Pages of a preview register no service worker (``offline.js``): the worker would keep pages of a site
that changes on every save, and share the browser's few connections to the preview server with live
reload's long-polling requests.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml.html.builder import E
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from hoidap.checking.checks import Source
from hoidap.model.findings import Finding

log = get_plugin_logger("hoidap")
_MKDOCS_LINKS = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own link and anchor warnings, in English
STYLESHEET = "assets/stylesheets/preview.css"  # written in a preview only, never published
_UNRENDERABLE = {"nesting"}  # codes of findings that make a page too deep for Markdown to convert
_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
STAND_IN = ("# Trang chưa hiển thị được\n\n"
            "Tệp của trang này có lỗi nên chưa dựng được trang. Xem khung báo lỗi ở đầu trang, sửa tệp "
            "rồi lưu lại: trang tự tải lại.\n")


class Preview:
    """What one ``mkdocs serve`` (or build) knows about showing errors, kept on the plugin: whether this run is
    a preview, this rebuild's findings, the pages built from ``STAND_IN``, and why the last build stopped."""

    def __init__(self, command: str = "build") -> None:
        """``command`` is MkDocs' (``on_startup``): ``serve`` is a preview."""
        self.active = command == "serve"
        self.findings: list[Finding] = []   # this rebuild's, shown on its pages
        self.stand_ins: set[str] = set()    # pages built from STAND_IN
        self.failure = ""                   # why the last build stopped
        if self.active:  # the checks report the same links in Vietnamese (link, anchor), with the line
            _MKDOCS_LINKS.addFilter(_below_warning)
        else:
            _MKDOCS_LINKS.removeFilter(_below_warning)

    def keep_files(self, files: Files) -> None:
        """Leave the overlay's stylesheet out of a build that is not a preview."""
        stylesheet = files.get_file_from_path(STYLESHEET)
        if stylesheet is not None and not self.active:
            files.remove(stylesheet)

    def renderable(self, sources: dict[str, Source]) -> dict[str, Source]:
        """During a preview, ``sources`` with every page that cannot be rendered reduced to its findings (the
        build then takes it for a plain page and gives it the stand-in text); outside one, ``sources`` as is."""
        if not self.active:
            return sources
        self.stand_ins = {path for path, source in sources.items()
                          if source.document is None or any(f.code in _UNRENDERABLE for f in source.findings)}
        return {path: Source(path, None, None, source.findings) if path in self.stand_ins else source
                for path, source in sources.items()}

    def stand_in(self, path: str) -> str | None:
        """The Markdown a page is built from when ``renderable`` set its file aside, else None."""
        return STAND_IN if path in self.stand_ins else None

    def hold(self, findings: list[Finding]) -> bool:
        """During a preview, keep this rebuild's ``findings`` for its pages and log them once; True then (the
        build goes on). False outside a preview: the caller stops the build on errors."""
        if not self.active:
            return False
        self.findings = _ordered(findings)
        for finding in self.findings:
            (log.error if finding.severity == "error" else log.warning)(finding.format())
        errors = sum(finding.severity == "error" for finding in findings)
        if errors:
            log.error(f"Bản xem trước: {errors} lỗi trong tài liệu (xem từng dòng ở trên: tệp:dòng: mã lỗi: cách "
                      "sửa). Trang vẫn được dựng, mỗi trang hiện khung báo lỗi; sửa tệp rồi lưu, trang tự tải lại.")
        return True

    def overlay(self) -> dict:
        """What the templates show: ``active`` during a preview; ``findings`` (each with ``place``,
        ``severity``, its ``label``, ``code``, ``message``), ``title`` and ``hint`` when this rebuild found
        errors."""
        if not self.active or not any(finding.severity == "error" for finding in self.findings):
            return {"active": self.active, "findings": []}
        return overlay_of(self.findings)

    def failed(self, error: BaseException) -> None:
        """Note why a build stopped (``on_build_error``), for the page ``guard`` writes."""
        if self.active and not self.failure:   # the first error: MkDocs wraps it in an Abort after
            self.failure = str(error)

    def guard(self, server: LiveReloadServer) -> LiveReloadServer:
        """Make ``server`` (``on_serve``) follow a rebuild that stops with ``failure_page`` at every address,
        instead of holding every request until a rebuild succeeds."""
        build: Callable[[], None] = server.builder

        def rebuild() -> None:
            self.failure = ""
            try:
                build()
            except Abort:
                show_only(Path(server.root), failure_page(self.failure))
                log.error("Bản xem trước: chưa dựng được trang vì lỗi ở trên; mọi trang hiện lỗi này và tự tải "
                          "lại sau khi sửa xong.")

        server.builder = rebuild
        return server


def overlay_of(findings: list[Finding]) -> dict:
    """The overlay of ``findings`` (errors first, then warnings), as plain text values: the template
    escapes them (a file's path and its text come from the author)."""
    ordered = _ordered(findings)
    errors = sum(finding.severity == "error" for finding in ordered)
    warnings = len(ordered) - errors
    counted = f"{errors} lỗi" + (f", {warnings} cảnh báo" if warnings else "")
    return {
        "active": True,
        "title": f"Tài liệu có {counted}",
        "hint": "Trang vẫn hiển thị để xem trước. Sửa từng chỗ dưới đây rồi lưu tệp: trang tự tải lại, "
                "khung này mất khi hết lỗi. Trang web chỉ đăng được khi không còn lỗi (make check).",
        "findings": [{"place": f"{finding.path}:{finding.line}", "severity": finding.severity,
                      "label": _SEVERITY[finding.severity], "code": finding.code, "message": finding.message}
                     for finding in ordered],
    }


def show_only(site: Path, page: str) -> None:
    """Make ``page`` the 404 page of ``site``, served for every address once the folder holds nothing else. Only
    the folder MkDocs made for this ``mkdocs serve`` (``mkdocs_…`` in the temporary directory) is emptied first;
    any other folder keeps its files."""
    site = site.resolve()
    if site.parent == Path(tempfile.gettempdir()).resolve() and site.name.startswith("mkdocs_"):
        shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True, exist_ok=True)
    (site / "404.html").write_text(page, "utf-8")


def failure_page(message: str) -> str:
    """A whole page telling why the preview could not be built; it reloads itself every few seconds (no
    script: the server adds live reload to built pages only)."""
    title = "Chưa dựng được trang xem trước"
    page = E.html(
        E.head(E.meta(charset="utf-8"), E.meta({"http-equiv": "refresh", "content": "3"}),
               E.meta(name="viewport", content="width=device-width,initial-scale=1"), E.title(title)),
        E.body(E.details({"class": "hd-preview", "open": "open"}, E.summary(title, role="alert"),
                         E.p(E.code(message or "Lỗi không rõ: xem dòng ERROR trong cửa sổ lệnh.")),
                         E.p("Sửa lỗi rồi lưu tệp: trang này tự tải lại sau vài giây."))),
        lang="vi")
    return "<!doctype html>\n" + lxml.html.tostring(page, encoding="unicode")


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno < logging.WARNING


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda finding: (finding.severity != "error", finding))
