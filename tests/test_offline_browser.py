"""Reading without a network (headless Chromium, 390×844): the service worker, "Tải để đọc khi không
có mạng", a new build offered to the reader and then replacing the cached one whole, a failed update,
and a browser without service workers."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import PHONE, copy_project, mkdocs_build, serve, wait_for_search_results, wait_until_kept
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

B19, B57, B71 = (f"nghi-quyet/trung-uong/{n}-nq-tw/" for n in (19, 57, 71))
READY = "() => document.documentElement.dataset.hdWorker === 'ready'"      # set by offline.js
OFFERED = "() => document.documentElement.dataset.hdUpdate === 'waiting'"  # "Tài liệu vừa được cập nhật" shown
# The page's own bytes as the service worker (or the network) gives them: the first 16 hex of their SHA-256.
PAGE_HASH = """() => fetch(location.pathname).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))
    .then(d => Array.from(new Uint8Array(d).slice(0, 8), x => x.toString(16).padStart(2, '0')).join(''))"""


def controlled(page, url: str) -> None:
    """Open ``url`` and wait until the service worker controls the page (offline.js's readiness signal)."""
    page.goto(url)
    page.wait_for_function(READY)


def cache_name(version: str, path: str = "/") -> str:
    return f"hoidap:{path}:{version}"


def caches_become(page, names: list[str], seconds: float = 20) -> None:
    """Wait until the page's origin holds exactly the caches ``names`` (the new worker took over)."""
    try:
        page.wait_for_function("async names => JSON.stringify((await caches.keys()).sort()) === JSON.stringify(names)",
                               arg=sorted(names), timeout=seconds * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"caches are {page.evaluate('caches.keys()')}, expected {names}") from None


def primary_border(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => getComputedStyle(e).borderLeftStyle")


def listed(site: Path) -> dict[str, dict]:
    """The build's offline.json, by address."""
    return {entry["u"]: entry for entry in json.loads((site / "offline.json").read_text("utf-8"))["files"]}


def is_build(page, site: Path, address: str) -> bool:
    """The open page's bytes (from the worker's cache when offline) are ``site``'s page at ``address``."""
    return page.evaluate(PAGE_HASH) == listed(site)[address]["h"]


def loaded_from(page, site: Path) -> bool:
    """Every script and stylesheet the open page loads is a file of ``site``'s build, as named there."""
    files = set(listed(site))
    loaded = page.evaluate("""[...document.querySelectorAll('script[src], link[rel=stylesheet]')]
        .map(e => new URL(e.src || e.href).pathname.slice(1))""")
    return bool(loaded) and all(path in files for path in loaded)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Path:
    """This module's builds, by their sources: several tests publish the same sources (the sample, the sample
    with one answer edited), and a copy of the build made once takes a fraction of mkdocs's seconds."""
    return tmp_path_factory.mktemp("offline-builds")


def sources_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(project.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_release(project: Path, root: Path, builds: Path) -> Path:
    """Build ``project`` into a new release folder under ``root`` (not yet served), or copy the build of the
    same sources an earlier test made."""
    releases = root / "releases"
    release = releases / f"r{len(list(releases.glob('r*'))) if releases.exists() else 0}"
    kept = builds / sources_digest(project)
    if kept.exists():
        shutil.copytree(kept, release, symlinks=True)
    else:
        built = mkdocs_build(project, release)
        assert built.returncode == 0, built.stdout + built.stderr
        shutil.copytree(release, kept, symlinks=True)
    return release


def switch(root: Path, release: Path) -> Path:
    """Serve ``release``: ``root/current`` switched to it in one atomic rename, as scripts/publish.py does."""
    link = root / "current.new"
    link.symlink_to(release, target_is_directory=True)
    os.replace(link, root / "current")
    return release


def publish(project: Path, root: Path, builds: Path) -> Path:
    return switch(root, build_release(project, root, builds))


def edit(project: Path, booklet: str, old: str, new: str, count: int = 1) -> None:
    path = project / "docs/nghi-quyet/trung-uong" / booklet
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def update(page) -> str:
    """Ask the browser to look for a newer service worker now; the state its install ends in."""
    return page.evaluate("""navigator.serviceWorker.getRegistration().then(r => r.update().then(() => {
        const w = r.installing
        if (!w) return r.waiting ? 'installed' : 'none'
        return new Promise(done => w.addEventListener('statechange', () => {
            if (w.state === 'installed' || w.state === 'redundant') done(w.state) }))
    }, () => 'failed'))""")


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
    wait_until_kept(phone)
    phone.context.set_offline(True)
    try:
        phone.reload()
        phone.locator("label[for=__search]").first.click()
        phone.locator("input[data-md-component=search-query]").press_sequentially("diem cau", delay=30)
        wait_for_search_results(phone, "diem cau")   # the whole query's results, not those of its first letter
        assert f"{B19}?h=" in phone.locator(".md-search-result__item a").nth(1).get_attribute("href")
    finally:
        phone.context.set_offline(False)


def test_download_everything_then_read_and_search_offline(phone, site_url):
    controlled(phone, f"{site_url}/")
    panel = phone.locator(".hd-offline")
    total = panel.locator(".hd-offline__total")
    phone.wait_for_function("document.querySelector('.hd-offline__total').textContent !== ''")
    assert panel.get_attribute("aria-label") == "Đọc khi không có mạng"
    assert re.fullmatch(r"[\d,]+ (KB|MB)", total.inner_text()), total.inner_text()
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
        wait_for_search_results(phone, "tcvn 6909")
        first = phone.locator(".md-search-result__item a").nth(1).get_attribute("href")
        assert B19 in first or B57 in first or B71 in first
        assert "Cần có mạng" not in phone.locator(".md-search-result").inner_text()
    finally:
        phone.context.set_offline(False)


def test_a_new_build_is_offered_then_replaces_the_cached_one_whole(browser, tmp_path, builds):
    project = copy_project(tmp_path / "project")
    publish(project, tmp_path, builds)
    old = json.loads((tmp_path / "current/offline.json").read_text("utf-8"))["version"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        with serve(tmp_path / "current") as url:
            controlled(page, f"{url}/{B19}")
            page.goto(f"{url}/{B57}")
            assert page.evaluate("caches.keys()") == [cache_name(old)]
            edit(project, "19-nq-tw.md", "ngày 16/6/2022.", "ngày 16/6/2022 (bản sửa).")
            site = publish(project, tmp_path, builds)
            new = json.loads((site / "offline.json").read_text("utf-8"))["version"]
            assert new != old
            assert update(page) == "installed"          # filled, then waiting for the reader
            page.wait_for_function(OFFERED)
            toast = page.locator(".hd-toast")
            assert "Tài liệu vừa được cập nhật" in toast.inner_text()
            assert sorted(page.evaluate("caches.keys()")) == sorted([cache_name(old), cache_name(new)])
            assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
            with page.expect_navigation():
                toast.get_by_role("button", name="Tải lại trang").click()    # the reader accepts
            page.wait_for_function(READY)
            caches_become(page, [cache_name(new)])
            context.set_offline(True)
            page.goto(f"{url}/{B19}")
            assert "(bản sửa)" in page.locator("#tra-loi-1").inner_text()
            assert is_build(page, site, B19) and loaded_from(page, site)
            assert primary_border(page, "#cau-1") == "solid"
            page.goto(f"{url}/{B57}")                  # unchanged booklet the reader had: kept, new build
            assert is_build(page, site, B57) and loaded_from(page, site)
            assert page.locator("#tra-loi-1").is_visible()
            context.set_offline(False)
    finally:
        context.close()


def test_a_failed_update_keeps_the_old_build_whole(browser, tmp_path, builds):
    project = copy_project(tmp_path / "project")
    site = publish(project, tmp_path, builds)
    old = json.loads((site / "offline.json").read_text("utf-8"))["version"]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        with serve(tmp_path / "current") as url:
            controlled(page, f"{url}/{B19}")
            old_page = listed(site)[B19]["h"]
            edit(project, "19-nq-tw.md", "ngày 16/6/2022.", "ngày 16/6/2022 (bản sửa).")
            release = build_release(project, tmp_path, builds)
            assert listed(release)[B19]["h"] != old_page
            shutil.rmtree(release / B19)   # the new build's page the reader had cannot be fetched
            switch(tmp_path, release)
            assert update(page) == "redundant"
            assert page.evaluate("caches.keys()") == [cache_name(old)]
            assert page.evaluate(OFFERED) is False
            context.set_offline(True)
            page.goto(f"{url}/{B19}")
            assert page.locator("#tra-loi-1").is_visible()
            assert page.evaluate(PAGE_HASH) == old_page   # the old build's page, from its cache
            context.set_offline(False)
    finally:
        context.close()


UPDATED = "Tài liệu vừa được cập nhật"   # what the search says once the server has a newer build's index
# Every cached file's bytes hashed and compared with the build's list: [address, hash] pairs.
CACHED_HASHES = """name => caches.open(name).then(cache => cache.keys().then(keys => Promise.all(keys.map(key =>
    cache.match(key).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b)).then(d =>
        [key.url, Array.from(new Uint8Array(d).slice(0, 8), x => x.toString(16).padStart(2, '0')).join('')])))))"""


def search(page, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into Material's search box, key by key; the results once they stop changing, as
    (address from the site's root, title) pairs (a notice instead of results has an empty address)."""
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    # a result's booklet line (h1) opens its question too: the question's own line says which it is
    read = """() => [...document.querySelectorAll('.md-search-result__item a')]
        .filter(a => !(a.querySelector('h1') && new URL(a.href).hash)).map(a =>
        [a.getAttribute('href') ? new URL(a.href).pathname.slice(1) + new URL(a.href).hash : '',
         (a.querySelector('h1, h2') || a).textContent.trim()])"""
    previous = None
    for _ in range(60):   # until the list the worker sent for the last key stops changing
        page.wait_for_timeout(150)
        current = [tuple(item) for item in page.evaluate(read)]
        if current and current == previous:
            return current
        previous = current
    raise AssertionError(f"no search results for {query!r}")


def headings(site: Path, address: str) -> dict[str, str]:
    """The questions of a built page: anchor → the heading's text (label and question, no permalink)."""
    root = lxml.html.parse(str(site / address / "index.html")).getroot()
    out = {}
    for heading in root.xpath("//h3[starts-with(@id, 'cau-')]"):
        for link in heading.xpath(".//a[contains(@class, 'headerlink')]"):
            link.drop_tree()
        out[heading.get("id")] = " ".join(heading.text_content().split())
    return out


def matches_build(results: list[tuple[str, str]], site: Path) -> bool:
    """Every question found is worded as on its page in ``site``'s build."""
    questions = [(address, title) for address, title in results if "#cau-" in address]
    for address, title in questions:
        page, anchor = address.split("#")
        if headings(site, page).get(anchor) != " ".join(title.split()):
            return False
    return bool(questions)


def chunk_of(site: Path, address: str) -> str:
    """The name of the records file of ``site``'s Vietnamese index that holds the result ``address``."""
    for path in (site / "search/vi").glob("d*.json"):
        if any(record[0] == address for record in json.loads(path.read_text("utf-8"))):
            return path.name
    raise AssertionError(f"{address}: not in the index")


def test_an_open_tab_keeps_its_build_across_a_publish(browser, tmp_path, builds):
    """The reader keeps the build the tab opened with until accepting the update; search never mixes
    two builds, even with an index too large to keep before it is used (offline_search_kb: 0)."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("\nextra:\n", "\nextra:\n  offline_search_kb: 0\n", 1), "utf-8")
    old = publish(project, tmp_path, builds)
    old_version = json.loads((old / "offline.json").read_text("utf-8"))["version"]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serve(tmp_path / "current") as url:
            controlled(page, f"{url}/{B19}")
            kept = page.evaluate("name => caches.open(name).then(c => c.keys()).then(k => k.map(r => r.url))",
                                 cache_name(old_version))
            assert not [key for key in kept if "/search/vi/" in key]   # too large to keep before it is used
            first = search(page, "zalo")                  # this build's index, read once while it is served
            assert matches_build(first, old)

            # A new build: every question reworded, so one build's records under the other's names show.
            for name in ("19-nq-tw.md", "57-nq-tw.md", "71-nq-tw.md"):
                path = project / "docs/nghi-quyet/trung-uong" / name
                path.write_text(re.sub(r"(?m)^(### Câu \d+\. )", r"\1Bản B: ", path.read_text("utf-8")), "utf-8")
            new = publish(project, tmp_path, builds)
            assert "Bản B: " in headings(new, B71)["cau-11"] and "Bản B" not in headings(old, B71)["cau-11"]
            assert chunk_of(old, B71 + "#cau-11") not in {chunk_of(old, a) for a, _ in first if "#cau-" in a}

            # The open tab, its worker not told of the new build: what it read stays; what it never read
            # is gone from the server, and the search says so instead of showing the new build's records.
            again = search(page, "zalo")
            assert again == first
            other = search(page, "soc trang")
            assert other[0][1] == UPDATED or matches_build(other, old), other
            assert UPDATED in page.locator(".md-search-result").inner_text()

            # The browser finds the new worker: it fills its own cache and waits; the tab is told, and
            # keeps answering from its own build meanwhile.
            assert update(page) == "installed"
            page.wait_for_function(OFFERED)
            assert search(page, "zalo") == first
            other = search(page, "soc trang")
            assert other[0][1] == UPDATED or matches_build(other, old), other
            for name, build in ((cache_name(old_version), old),
                                (cache_name(json.loads((new / "offline.json").read_text("utf-8"))["version"]), new)):
                hashes = {entry["u"]: entry["h"] for entry in listed(build).values()}
                for key, digest in page.evaluate(CACHED_HASHES, name):
                    address = key.removeprefix(url + "/")
                    if address != "offline.json":
                        assert hashes.get(address.split("#")[0]) == digest, (name, address)   # pure caches

            # The reader accepts: the page reloads into the new build, whose search is whole.
            with page.expect_navigation():
                page.locator(".hd-toast").get_by_role("button", name="Tải lại trang").click()
            page.wait_for_function(READY)
            assert is_build(page, new, B19) and loaded_from(page, new)
            found = search(page, "soc trang")
            assert matches_build(found, new) and UPDATED not in page.locator(".md-search-result").inner_text()
            assert errors == []
    finally:
        context.close()


def test_a_second_tab_keeps_its_build_after_the_first_accepted_the_update(browser, tmp_path, builds):
    """Two tabs on one build; the reader accepts the new build in the first. The second, still showing
    the old build, is told, and its search is answered from the old build's cache, kept until it closes."""
    project = copy_project(tmp_path / "project")
    old = publish(project, tmp_path, builds)
    old_cache = cache_name(json.loads((old / "offline.json").read_text("utf-8"))["version"])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    first, second = context.new_page(), context.new_page()
    try:
        with serve(tmp_path / "current") as url:
            controlled(first, f"{url}/{B19}")
            controlled(second, f"{url}/{B57}")
            assert [key for key in first.evaluate(
                "name => caches.open(name).then(c => c.keys()).then(k => k.map(r => r.url))", old_cache)
                if "/search/vi/" in key], "a small index is kept from the first visit"
            for name in ("19-nq-tw.md", "57-nq-tw.md", "71-nq-tw.md"):
                path = project / "docs/nghi-quyet/trung-uong" / name
                path.write_text(re.sub(r"(?m)^(### Câu \d+\. )", r"\1Bản B: ", path.read_text("utf-8")), "utf-8")
            new = publish(project, tmp_path, builds)
            new_cache = cache_name(json.loads((new / "offline.json").read_text("utf-8"))["version"])
            assert update(first) == "installed"
            first.wait_for_function(OFFERED)
            second.wait_for_function(OFFERED)
            with first.expect_navigation():
                first.locator(".hd-toast").get_by_role("button", name="Tải lại trang").click()
            first.wait_for_function(READY)
            assert is_build(first, new, B19)
            assert sorted(first.evaluate("caches.keys()")) == sorted([old_cache, new_cache])   # the second tab
            found = search(second, "soc trang")              # the second tab's first search, under the new worker
            assert matches_build(found, old), found
            second.close()
            first.goto(f"{url}/{B71}")                       # one tab left: the old build's cache goes
            caches_become(first, [new_cache])
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
