"""The preview an author runs (``make serve``: a real ``mkdocs serve`` on a copy of the project) in headless
Chromium: page after page loads, even with a service worker left on the address by an earlier visit; an
authoring error saved in a booklet appears on the open page, in Vietnamese with its file and line, and goes
away when the fix is saved."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

B19 = "docs/nghi-quyet/trung-uong/19-nq-tw.md"
SENTENCE = "Nghị quyết do Ban Chấp hành Trung ương Đảng ban hành ngày 16/6/2022."
# A worker as older builds had: everything through fetch(), live reload's long-polling requests too.
LEFTOVER_WORKER = 'self.addEventListener("fetch", function (event) { event.respondWith(fetch(event.request)) })\n'
PAGES = ["", "tra-cuu/theo-cap/", "nghi-quyet/trung-uong/19-nq-tw/", "tra-cuu/theo-nam/", "moi-cap-nhat/",
         "nghi-quyet/trung-uong/57-nq-tw/", "huong-dan/soan-tai-lieu/", "en/", "tra-cuu/theo-co-quan/",
         "nghi-quyet/trung-uong/71-nq-tw/"]
REGISTRATIONS = "navigator.serviceWorker.getRegistrations().then(found => found.length)"


@dataclass
class Preview:
    url: str
    project: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: Path, seconds: float = 180) -> Iterator[str]:
    """Run ``mkdocs serve`` in ``project`` as ``make serve`` does (its output into ``log``); yield its URL once
    it answers."""
    url = f"http://127.0.0.1:{free_port()}"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", url[len("http://"):]],
                                  cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + seconds
        while True:
            assert server.poll() is None, f"mkdocs serve stopped:\n{log.read_text('utf-8', 'replace')}"
            assert time.monotonic() < deadline, f"mkdocs serve never answered:\n{log.read_text('utf-8', 'replace')}"
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/", timeout=5):
                break
            time.sleep(0.2)   # polling the server until it answers, not waiting for a guessed time
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Iterator[Preview]:
    work = tmp_path_factory.mktemp("preview")
    project = copy_project(work / "project")
    (project / "docs" / "leftover-sw.js").write_text(LEFTOVER_WORKER, "utf-8")
    with mkdocs_serve(project, work / "serve.log") as url:
        yield Preview(url, project, work / "serve.log")


def test_ten_page_views_in_a_row_load_and_no_service_worker_stays(phone, preview):
    phone.goto(preview.url + "/")
    phone.evaluate("""() => navigator.serviceWorker.register('/leftover-sw.js', {scope: '/'})
        .then(() => navigator.serviceWorker.ready)""")
    assert phone.evaluate(REGISTRATIONS) == 1
    for address in PAGES:   # the first one is still answered by the leftover worker
        response = phone.goto(f"{preview.url}/{address}", timeout=20_000)
        assert response is not None and response.ok, address
        phone.wait_for_function("() => document.documentElement.dataset.hdWorker === 'none'")
        assert phone.evaluate(REGISTRATIONS) == 0, address
    assert phone.evaluate("navigator.serviceWorker.controller") is None


def test_an_error_shows_in_the_page_in_vietnamese_until_the_fix_is_saved(phone, preview, screenshots):
    booklet = preview.project / B19
    good = booklet.read_text("utf-8")
    line = good.splitlines().index(SENTENCE) + 1
    phone.goto(f"{preview.url}/nghi-quyet/trung-uong/19-nq-tw/")
    overlay = phone.locator(".hd-preview")
    expect(overlay).to_have_count(0)
    try:
        booklet.write_text(good.replace(SENTENCE, "Xem [văn bản](van-ban-khong-co.md)."), "utf-8")
        expect(overlay).to_be_visible(timeout=30_000)   # live reload reloads the page once rebuilt
        expect(overlay.locator("summary")).to_have_text("Tài liệu có 1 lỗi")
        finding = overlay.locator(".hd-preview__finding")
        expect(finding.locator(".hd-preview__place")).to_have_text(f"nghi-quyet/trung-uong/19-nq-tw.md:{line}")
        expect(finding.locator(".hd-preview__message")).to_contain_text("liên kết 'van-ban-khong-co.md' trỏ tới "
                                                                         "trang không có")
        expect(phone.locator(".md-content h1")).to_be_attached()   # the page itself is still there, under it
        phone.screenshot(path=str(screenshots / "preview-error.png"))
    finally:
        booklet.write_text(good, "utf-8")
    expect(overlay).to_have_count(0, timeout=30_000)
    # the terminal: each Vietnamese line once for the rebuild that found it; no English abort or link noise
    output = preview.output()
    rebuilds = output.count("Bản xem trước: 1 lỗi trong tài liệu")
    assert rebuilds >= 1, output
    assert output.count(f"19-nq-tw.md:{line}: link: liên kết 'van-ban-khong-co.md'") == rebuilds, output
    for noise in ("Aborted", "An error happened during the rebuild", "Traceback", "van-ban-khong-co.md', but"):
        assert noise not in output, output


def test_a_rebuild_that_stops_shows_why_at_every_address_until_fixed(phone, preview):
    """An error the checks do not see (here ``template:`` in a front matter, refused while the page
    converts) stops the rebuild: its message is shown, and the page comes back by itself once fixed."""
    booklet = preview.project / B19
    good = booklet.read_text("utf-8")
    phone.goto(f"{preview.url}/tra-cuu/theo-cap/")
    message = phone.locator(".hd-preview code")
    try:
        booklet.write_text(good.replace("\nlevel:", "\ntemplate: redirect.html\nlevel:", 1), "utf-8")
        expect(message).to_contain_text("19-nq-tw.md: trường 'template:'", timeout=30_000)
        phone.goto(f"{preview.url}/nghi-quyet/trung-uong/57-nq-tw/")   # any other address: the same message
        expect(message).to_contain_text("19-nq-tw.md: trường 'template:'")
    finally:
        booklet.write_text(good, "utf-8")
    expect(phone.locator(".md-content h1")).to_be_visible(timeout=30_000)   # the page reloads itself
    expect(phone.locator(".hd-preview")).to_have_count(0)
    output = preview.output()
    assert "Bản xem trước: chưa dựng được trang vì lỗi ở trên" in output
    assert "An error happened during the rebuild" not in output
