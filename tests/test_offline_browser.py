"""Reading without a network (headless Chromium, 390×844): the service worker, "Tải để đọc khi không
có mạng", a new build replacing the cached one whole, and a browser without service workers."""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from conftest import PHONE, copy_project, mkdocs_build, serve

pytestmark = pytest.mark.browser

B19, B57, B71 = (f"nghi-quyet/trung-uong/{n}-nq-tw/" for n in (19, 57, 71))


def controlled(page, url: str) -> None:
    """Open ``url`` and wait until the service worker controls the page."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def caches_become(page, names: list[str], seconds: float = 20) -> None:
    """Wait until the page's origin holds exactly the caches ``names`` (the new worker took over)."""
    deadline = time.monotonic() + seconds
    while page.evaluate("caches.keys()") != names:
        assert time.monotonic() < deadline, f"caches are {page.evaluate('caches.keys()')}, expected {names}"
        page.wait_for_timeout(100)


def primary_border(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).borderLeftStyle")


def versions(page) -> set[str]:
    return set(page.evaluate("""[...document.querySelectorAll('script[src], link[href]')]
        .map(e => (e.src || e.href).match(/[?&]v=([0-9a-f]+)/)).filter(Boolean).map(m => m[1])"""))


def test_a_visited_booklet_reloads_with_the_network_cut(phone, site_url, screenshots):
    controlled(phone, f"{site_url}/{B19}")
    phone.reload()
    phone.locator("#cau-14").wait_for()
    phone.context.set_offline(True)
    try:
        phone.reload()
        assert phone.locator("h1").inner_text().startswith("Hỏi - đáp Nghị quyết số 19-NQ/TW")
        assert phone.locator("#tra-loi-14").is_visible()
        assert primary_border(phone, "#cau-1") == "solid"  # our stylesheet came from the cache too
        assert phone.locator(".hd-toolbar").is_visible()   # and our scripts
        phone.screenshot(path=str(screenshots / "offline-booklet.png"))
        phone.goto(f"{site_url}/")                            # the home page is kept from the first visit
        assert phone.locator(".hd-list a").count() >= 3
        phone.goto(f"{site_url}/{B71}")                       # never opened: a clear page, not an error
        assert "chưa được tải về máy" in phone.locator("h1").inner_text()
    finally:
        phone.context.set_offline(False)


def test_after_one_visit_search_works_offline_on_a_small_site(phone, site_url):
    controlled(phone, f"{site_url}/{B57}")            # the reader never opened search while online
    phone.wait_for_timeout(500)
    phone.context.set_offline(True)
    try:
        phone.reload()
        phone.locator("label[for=__search]").first.click()
        phone.locator("input[data-md-component=search-query]").press_sequentially("diem cau", delay=30)
        phone.locator(".md-search-result__item").first.wait_for()
        assert f"{B19}?h=" in phone.locator(".md-search-result__item a").nth(1).get_attribute("href")
    finally:
        phone.context.set_offline(False)


def test_download_everything_then_read_and_search_offline(phone, site_url):
    controlled(phone, f"{site_url}/")
    panel = phone.locator(".hd-offline")
    status = panel.locator(".hd-offline__status")
    phone.wait_for_function("document.querySelector('.hd-offline__status').textContent.includes('khoảng')")
    assert panel.locator("h2").inner_text() == "Đọc khi không có mạng"
    assert re.fullmatch(r"Tải \d+ trang \(mọi tài liệu và phần tìm kiếm\), khoảng [\d,]+ (KB|MB)\.",
                        status.inner_text()), status.inner_text()
    action = panel.locator(".hd-offline__action")
    assert action.inner_text() == "Tải để đọc khi không có mạng"
    action.click()
    phone.wait_for_function("document.querySelector('.hd-offline__status').textContent.startsWith('Đã tải xong')")
    assert action.is_hidden()
    phone.context.set_offline(True)
    try:
        for booklet in (B19, B57, B71):
            phone.goto(f"{site_url}/{booklet}")
            assert phone.locator("#tra-loi-1").is_visible()
        phone.goto(f"{site_url}/tra-cuu/theo-chu-de/")
        assert phone.locator(".hd-list").count() > 0
        phone.goto(f"{site_url}/")
        phone.locator("label[for=__search]").first.click()
        box = phone.locator("input[data-md-component=search-query]")
        box.press_sequentially("tcvn 6909", delay=30)
        phone.locator(".md-search-result__item").first.wait_for()
        first = phone.locator(".md-search-result__item a").nth(1).get_attribute("href")
        assert B19 in first or B57 in first or B71 in first
        assert "Cần có mạng" not in phone.locator(".md-search-result").inner_text()
    finally:
        phone.context.set_offline(False)


def test_a_new_build_replaces_the_cached_one_whole(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    old = json.loads((site / "offline.json").read_text("utf-8"))["version"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        with serve(site) as url:
            controlled(page, f"{url}/{B19}")
            page.goto(f"{url}/{B57}")
            assert page.evaluate("caches.keys()") == [f"hoidap-{old}"]
            booklet = project / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
            text = booklet.read_text("utf-8")
            booklet.write_text(text.replace("ngày 16/6/2022.", "ngày 16/6/2022 (bản sửa).", 1), "utf-8")
            built = mkdocs_build(project, site)
            assert built.returncode == 0, built.stderr
            new = json.loads((site / "offline.json").read_text("utf-8"))["version"]
            assert new != old
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            caches_become(page, [f"hoidap-{new}"])
            context.set_offline(True)
            page.goto(f"{url}/{B19}")
            assert "(bản sửa)" in page.locator("#tra-loi-1").inner_text()
            assert versions(page) == {new}
            assert primary_border(page, "#cau-1") == "solid"
            page.goto(f"{url}/{B57}")                  # unchanged booklet the reader had: kept, new build
            assert versions(page) == {new}
            assert page.locator("#tra-loi-1").is_visible()
            context.set_offline(False)
    finally:
        context.close()


def test_a_failed_update_keeps_the_old_build_whole(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    old = json.loads((site / "offline.json").read_text("utf-8"))["version"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        with serve(site) as url:
            controlled(page, f"{url}/{B19}")
            (project / "docs/nghi-quyet/trung-uong/57-nq-tw.md").write_text(
                (project / "docs/nghi-quyet/trung-uong/57-nq-tw.md").read_text("utf-8") + "\nThêm một dòng.\n",
                "utf-8")
            assert mkdocs_build(project, site).returncode == 0
            shutil.rmtree(site / B19)   # the new build cannot be fetched whole
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update()).catch(() => null)")
            page.wait_for_timeout(1500)
            assert page.evaluate("caches.keys()") == [f"hoidap-{old}"]
            context.set_offline(True)
            page.goto(f"{url}/{B19}")
            assert versions(page) == {old}
            assert page.locator("#tra-loi-1").is_visible()
            context.set_offline(False)
    finally:
        context.close()


def test_the_site_works_where_service_workers_are_unavailable(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("delete Navigator.prototype.serviceWorker")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site_url}/")
        status = page.locator(".hd-offline__status")
        assert "không lưu được trang" in status.inner_text()
        assert page.locator(".hd-offline__action").is_hidden()
        page.goto(f"{site_url}/{B19}")
        page.locator("#hd-study").click()
        assert not page.locator("#tra-loi-1").is_visible()
        assert errors == []
    finally:
        context.close()


def test_the_manifest_names_the_site_in_each_language(built_site):
    vi = json.loads((built_site / "manifest.webmanifest").read_text("utf-8"))
    en = json.loads((built_site / "en" / "manifest.webmanifest").read_text("utf-8"))
    assert vi["name"] == "Hỏi - đáp nghị quyết" and vi["lang"] == "vi" and vi["display"] == "standalone"
    assert en["name"] == "Resolution Q&A" and en["start_url"] == "./"
    listed = json.loads((built_site / "offline.json").read_text("utf-8"))
    addresses = {entry["u"] for entry in listed["files"]}
    assert {"", B19, "en/" + B19, "manifest.webmanifest", "en/manifest.webmanifest"} <= addresses
    assert all((entry["l"] in ("", "vi", "en")) and entry["s"] > 0 for entry in listed["files"])
    assert any(a.startswith("search/vi/") for a in addresses) and any(a.startswith("search/en/") for a in addresses)
