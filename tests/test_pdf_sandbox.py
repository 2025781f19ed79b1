"""Printing is sandboxed: a hostile booklet page, whatever its HTML, runs no script, reaches nothing but the
built site (a canary server on another loopback port stays unreached, not even a connection), prints its own
content only, and a page that never finishes loading stops at the time limit with a Vietnamese message
naming the booklet while the other booklets still print. The local server serves its folder only."""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pytest
from conftest import CHROMIUM, ROOT, copy_project, mkdocs_build
from hoidap.publishing import pdf_files, pdf_sandbox
from hoidap.publishing.pdf_export import Report, export
from hoidap.publishing.workspace import serve
from test_pdf import pdf_text, squash
from test_site_build import sample_booklets

HOSTILE = "nghi-quyet/trung-uong/57-nq-tw"  # a booklet page given every trick below
HANGING = "nghi-quyet/trung-uong/71-nq-tw"  # a booklet page that never finishes loading
SECRET = "HD-CANARY-SECRET"  # what the canary answers to anything
MARKER = "HD-SCRIPT-MARKER"  # what the inline scripts would write into the page
LIMIT = 15.0  # seconds per booklet in these tests: sample booklets print in 1-2 s


class Canary(ThreadingHTTPServer):
    """An HTTP server on another loopback port that records every connection and request it gets."""

    def __init__(self) -> None:
        self.events: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.events.append(f"{self.command} {self.path}")
                body = f"<p>{SECRET}</p>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_HEAD = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def verify_request(self, request, client_address) -> bool:
        self.events.append(f"connection from {client_address}")
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def running(canary: Canary) -> Iterator[Canary]:
    thread = threading.Thread(target=canary.serve_forever, daemon=True)
    thread.start()
    try:
        yield canary
    finally:
        canary.shutdown()
        canary.server_close()


def hostile_head(canary: str) -> str:
    return f"""
<meta http-equiv="refresh" content="0;url={canary}/refresh">
<link rel="preconnect" href="{canary}"><link rel="dns-prefetch" href="{canary}">
<link rel="prefetch" href="{canary}/prefetch"><link rel="stylesheet" href="{canary}/style.css">
<script src="{canary}/script.js"></script>
<script>document.documentElement.setAttribute("data-marker", "{MARKER}")</script>"""


def hostile_body(canary: str, port: int) -> str:
    return f"""
<script>
  document.querySelector("h1").insertAdjacentHTML("afterend", "<p>{MARKER}</p>")
  fetch("{canary}/fetch").then(r => r.text()).then(t => document.body.insertAdjacentHTML("afterbegin", t))
  new WebSocket("ws://127.0.0.1:{port}/ws")
  navigator.serviceWorker && navigator.serviceWorker.register("/sw.js")
  location.href = "{canary}/location"
</script>
<img src="{canary}/img" alt="" srcset="{canary}/srcset 2x">
<iframe src="{canary}/frame"></iframe>
<iframe srcdoc="&lt;p&gt;srcdoc&lt;/p&gt;&lt;img src='{canary}/srcdoc-img'&gt;
  &lt;script&gt;parent.document.body.append('{MARKER}')&lt;/script&gt;"></iframe>
<object data="{canary}/object"></object><embed src="{canary}/embed">
<video poster="{canary}/poster" src="{canary}/video"></video><audio src="{canary}/audio" preload="auto"></audio>
<svg width="10" height="10"><image href="{canary}/svg-image" width="10" height="10"/></svg>
<div style="background-image:url({canary}/css-background)">&#160;</div>
<style>@import url({canary}/import.css); @font-face {{font-family: hd-x; src: url({canary}/font.woff2)}}
  .md-typeset p {{font-family: hd-x, sans-serif}}</style>
<noscript><img src="{canary}/noscript" alt=""></noscript>
<form action="{canary}/form" method="post"><input name="q" value="x" autofocus></form>"""


def inject(page: Path, head: str, body: str) -> None:
    """Add ``head`` to the page's head and ``body`` after its title, as raw HTML that got past every check."""
    document = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    for element in lxml.html.fragments_fromstring(head):
        document.head.append(element)
    title = document.find(".//h1")
    for element in reversed(lxml.html.fragments_fromstring(body)):
        title.addnext(element)
    page.write_text(lxml.html.tostring(document, encoding="unicode", doctype="<!doctype html>"), encoding="utf-8")


def unblock(fifo: Path) -> None:
    """Let a server thread waiting to read ``fifo`` go (it reads an empty file)."""
    for _ in range(5):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # no reader left
            return


@dataclass
class Printed:
    site: Path
    report: Report
    seconds: float
    canary: list[str]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Iterator[Printed]:
    """The sample site built, one booklet made hostile and one made to hang, then printed under a canary."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system' (or 'make test', which installs it)")
    project = copy_project(tmp_path_factory.mktemp("sandbox-project"))
    site = project / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    fifo = site / "hd-treo.png"
    os.mkfifo(fifo)  # the local server waits forever for someone to write it
    inject(site / HANGING / "index.html", "", '<img src="/hd-treo.png" alt="">')
    try:
        with running(Canary()) as canary:
            inject(site / HOSTILE / "index.html", hostile_head(canary.url),
                   hostile_body(canary.url, canary.server_address[1]))
            started = time.monotonic()
            report = export(site, project / pdf_files.CACHE_DIR, "vi", progress=False, time_limit=LIMIT)
            seconds = time.monotonic() - started
            time.sleep(0.2)  # a connection still on its way would be recorded now
            yield Printed(site, report, seconds, list(canary.events))
    finally:
        unblock(fifo)


def pdfs(site: Path, page: str) -> list[Path]:
    return sorted((site / page).glob("*.pdf"))


@pytest.mark.browser
def test_the_canary_is_never_reached(printed):
    assert printed.canary == []


@pytest.mark.browser
def test_the_hostile_booklet_prints_its_own_content_and_nothing_else(printed):
    printed_pdfs = pdfs(printed.site, HOSTILE)
    assert [path.name for path in printed_pdfs] == ["57-nq-tw-a4.pdf", "57-nq-tw-a5.pdf"]
    booklet = sample_booklets("vi")[HOSTILE]
    for pdf in printed_pdfs:
        text = squash(pdf_text(pdf, body_only=False))
        for question in booklet.questions:  # the booklet itself was printed, not an error or another page
            assert squash(question.text) in text, (pdf.name, question.number)
        assert "hoidap.example.org/nghi-quyet/trung-uong/57-nq-tw/" in text  # the printed address
        assert SECRET not in text and MARKER not in text


@pytest.mark.browser
def test_no_pdf_holds_the_canarys_content_or_a_scripts_marker(printed):
    every = list(printed.site.rglob("*.pdf"))
    assert len(every) == 2 * 3  # 19-nq-tw (vi, en) and 57-nq-tw: two papers each
    for pdf in every:
        text = pdf_text(pdf, body_only=False)
        assert SECRET not in text and MARKER not in text, pdf


@pytest.mark.browser
def test_a_page_that_never_loads_stops_at_the_time_limit_and_the_others_print(printed):
    assert len(printed.report.failures) == 1, printed.report.failures
    message = printed.report.failures[0]
    assert f"Tài liệu '{HANGING}/' chưa in xong sau 15 giây" in message, message
    assert "--time-limit" in message and "Traceback" not in message
    assert pdfs(printed.site, HANGING) == []
    assert printed.report.printed == 2 * 3
    assert printed.seconds < LIMIT + 60, printed.seconds  # bounded: one limit, not a hang


@pytest.mark.browser
def test_the_command_names_the_booklet_that_overran_in_vietnamese(tmp_path):
    site = tmp_path / "site"
    (site / "tai-lieu").mkdir(parents=True)
    (site / "index.html").write_text('<html lang="vi"><p>Trang chủ</p></html>', encoding="utf-8")
    (site / "tai-lieu" / "index.html").write_text(
        f'<html lang="vi"><h1>Tài liệu</h1>{pdf_files.PLACEHOLDER}<img src="/treo.png" alt=""></html>',
        encoding="utf-8")
    os.mkfifo(site / "treo.png")
    try:
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--quiet", "--site", str(site),
                                 "--cache", str(tmp_path / "cache"), "--time-limit", "2"],
                                capture_output=True, text=True, timeout=120)
    finally:
        unblock(site / "treo.png")
    assert result.returncode == 1
    assert "Lỗi: Tài liệu 'tai-lieu/' chưa in xong sau 2 giây" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(site.rglob("*.pdf"))


def test_the_gate_lets_through_the_local_origin_and_one_navigation_only():
    base = "http://127.0.0.1:8123"
    page = f"{base}/nghi-quyet/a/"
    gate = pdf_sandbox.Gate(base, page)
    assert not gate.allows(f"{base}/khac/", navigation=True, top_frame=True)  # not the booklet
    assert gate.allows(page, navigation=True, top_frame=True)
    assert not gate.allows(page, navigation=True, top_frame=True)  # a refresh: the page stays
    assert gate.allows(f"{base}/assets/a.css?v=1", navigation=False, top_frame=False)
    assert gate.allows(f"{base}/khac/", navigation=True, top_frame=False)  # a frame inside the site
    for other in ("http://127.0.0.1:8124/", "http://localhost:8123/", "https://127.0.0.1:8123/",
                  "http://[::1]:8123/", "http://127.0.0.1.nip.io:8123/", "http://10.0.0.1/", "ws://127.0.0.1:8123/",
                  "file:///etc/passwd", "http://127.0.0.1:8123@evil.example/"):
        assert not gate.allows(other, navigation=False, top_frame=False), other
        assert not gate.allows(other, navigation=True, top_frame=False), other


def test_the_browser_can_resolve_the_local_server_only():
    args = pdf_sandbox.chromium_args("http://127.0.0.1:8123")
    assert args == ["--host-resolver-rules=MAP 127.0.0.1:8123 127.0.0.1:8123, MAP * ~NOTFOUND"]
    assert pdf_sandbox.CONTEXT_OPTIONS["java_script_enabled"] is False
    assert pdf_sandbox.CONTEXT_OPTIONS["service_workers"] == "block"


def test_the_local_server_serves_its_folder_only(tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.txt").write_text("BI-MAT", encoding="utf-8")
    (tmp_path / "bi-mat.txt").write_text("BI-MAT", encoding="utf-8")
    site = tmp_path / "site"
    (site / "con").mkdir(parents=True)
    (site / "rong").mkdir()
    (site / "index.html").write_text("trang", encoding="utf-8")
    (site / "con" / "a.txt").write_text("tep", encoding="utf-8")
    (site / "lien-ket.txt").symlink_to(tmp_path / "bi-mat.txt")
    (site / "thu-muc").symlink_to(outside)
    with serve(site) as url:
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1])

        def get(path: str) -> tuple[int, str]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", f"127.0.0.1:{port}")
            connection.endheaders()
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            connection.close()
            return response.status, body

        assert get("/con/a.txt") == (200, "tep")
        assert get("/") == (200, "trang")
        for path in ("/../bi-mat.txt", "/%2e%2e/bi-mat.txt", "/con/../../bi-mat.txt", "/con/%2E%2E/%2E%2E/bi-mat.txt",
                     "/..%2fbi-mat.txt", "//bi-mat.txt", "/lien-ket.txt", "/thu-muc/bi-mat.txt", "/thu-muc/",
                     "/rong/", "/con/"):
            status, body = get(path)
            assert status == 404 and "BI-MAT" not in body and "a.txt" not in body, (path, status, body[:200])
