"""The shipped nginx configuration (deploy/) on a real nginx, with the site at the domain's root and under
/hoi-dap/: security headers on every response, a CSP the pages never violate, gzip, types, caching (a year
only for content-addressed names, whatever build is served and whether nginx was reloaded), the 404 page
(malformed addresses included, with the service worker active), and in headless Chromium (390×844) pages,
search, the service worker, offline reload and PDFs."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM, PHONE, ROOT, copy_project, mkdocs_build, wait_for_search_results
from hoidap.publishing import nginx_local
from hoidap.site import csp, hashed

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
READY = "() => document.documentElement.dataset.hdWorker === 'ready'"      # set by offline.js
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy",
                    "x-frame-options")
LONG = "public, max-age=31536000, immutable"
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


@dataclass
class Served:
    url: str       # the site's base URL, ending in "/"
    site: Path     # the built site
    version: str   # the build's fingerprint (names its offline cache)

    def file(self, pattern: str) -> str:
        """The address (from the site's root) of the one built file matching ``pattern``."""
        return one(self.site, pattern)


def one(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert len(found) == 1, (pattern, found)
    return found[0].relative_to(site).as_posix()


def build(project: Path, site: Path) -> None:
    """What 'make build' does: build, print the PDFs, build again to link them."""
    for step in ("build", "pdf", "build"):
        if step == "build":
            result = mkdocs_build(project, site)
        else:
            result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--quiet", "--site", str(site),
                                     "--config", str(project / "mkdocs.yml")], capture_output=True, text=True,
                                    timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module", params=["root", "subpath"])
def served(request, tmp_path_factory) -> Iterator[Served]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system' (or 'make test', which installs it)")
    subpath = request.param == "subpath"
    work = tmp_path_factory.mktemp(f"nginx-{request.param}")
    project = copy_project(work / "project")
    if subpath:
        config = project / "mkdocs.yml"
        text = config.read_text("utf-8")
        config.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://tuyengiao.example.org/hoi-dap/", text),
                          "utf-8")
    docroot = work / "www"
    site = docroot / "hoi-dap" if subpath else docroot
    build(project, site)
    version = re.search(r'hoidap_version "([0-9a-f]+)"', (site / csp.NGINX_VARS).read_text("utf-8")).group(1)
    with nginx_local.serve(docroot, work / "nginx", subpath=subpath) as url:
        yield Served(url, site, version)


def fetch(url: str, encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture
def watched(browser):
    """A phone-sized page that records CSP violations, refused loads, script errors and every response."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.problems = []
    page.responses = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("response", lambda response: page.responses.append(response))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def assert_clean(page, served: Served) -> None:
    """No CSP violation or refused load, and every response of the site carried the security headers."""
    assert violations(page) == []
    assert [p for p in page.problems if "Refused" in p or "Policy" in p or "Error" in p] == []
    mine = [r for r in page.responses if r.url.startswith(served.url)]
    assert mine
    for response in mine:
        headers = response.all_headers()
        missing = [h for h in SECURITY_HEADERS if h not in headers]
        assert not missing, f"{response.url}: {missing}"


def search(page, query: str) -> str:
    page.locator("label[for=__search]").first.click()
    page.locator("input[data-md-component=search-query]").press_sequentially(query, delay=30)
    wait_for_search_results(page, query)  # the whole query's results, not those of its first letter
    return page.locator(".md-search-result__item a").nth(1).get_attribute("href")


def test_pages_search_language_and_pdf_work_under_the_policy(watched, served):
    page = watched
    page.goto(served.url)
    assert page.locator(".hd-list a").count() >= 3
    page.goto(served.url + B19)
    assert page.locator("h1").inner_text().startswith("Hỏi - đáp Nghị quyết số 19-NQ/TW")
    assert page.evaluate("document.documentElement.classList.contains('hd-js')")   # the hashed inline script ran
    assert f"{B19}?h=" in search(page, "diem cau")
    pdf = page.locator(".hd-pdf-links a").first.get_attribute("href")
    status, kind, head = page.evaluate("""href => fetch(href).then(async r =>
        [r.status, r.headers.get('content-type'), new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))])""",
                                       pdf)
    assert (status, kind, head) == (200, "application/pdf", "%PDF-")
    page.goto(page.locator("a[hreflang=en]").first.evaluate("a => a.href"))   # the language switch
    assert page.url == served.url + "en/" + B19
    assert page.evaluate("document.documentElement.lang") == "en"
    page.screenshot(path=str(ROOT / "test-output" / "screenshots" / f"nginx-{served.url.count('/')}-en.png"))
    assert_clean(page, served)


def test_the_service_worker_takes_control_and_an_offline_reload_works(watched, served):
    page = watched
    page.goto(served.url + B19)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == served.url
    page.reload()
    page.locator("#cau-14").wait_for()
    page.context.set_offline(True)
    try:
        page.reload()
        assert page.locator("#tra-loi-14").is_visible()
        assert page.locator(".hd-toolbar").is_visible()
    finally:
        page.context.set_offline(False)
    assert_clean(page, served)


def test_a_missing_address_gets_the_vietnamese_404_page(watched, served):
    page = watched
    response = page.goto(served.url + "khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text().startswith("Không tìm thấy trang")
    home = page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert page.evaluate("h => new URL(h, location.href).href", home) == served.url
    assert_clean(page, served)


def test_compression_types_and_caching(served):
    css = served.file("assets/stylesheets/hoidap.*.css")
    js = "application/javascript; charset=utf-8"
    checks = {
        "": ("text/html; charset=utf-8", "no-cache"),
        B19: ("text/html; charset=utf-8", "no-cache"),
        "sw.js": (js, "no-cache"),
        "offline.json": ("application/json", "no-cache"),
        "manifest.webmanifest": ("application/manifest+json", "no-cache"),
        css: ("text/css", LONG),                                           # the file's digest in its name
        f"{css}?v=0123abcd": ("text/css", LONG),                           # the name decides, not a query
        served.file("assets/javascripts/reader.*.js"): (js, LONG),
        served.file("assets/javascripts/search/worker.*.js") + "?l=vi&s=1": (js, LONG),
        served.file("search/vi/s0.*.json"): ("application/json", LONG),    # the index's digest in its name
        served.file("search/vi/d0.*.json"): ("application/json", LONG),
        "assets/stylesheets/booklet.css": ("text/css", "no-cache"),        # no digest in the name
        f"assets/stylesheets/booklet.css?v={served.version}": ("text/css", "no-cache"),   # a ?v= is no digest
        "search/search_index.json": ("application/json", "no-cache"),
        "assets/logo.svg": ("image/svg+xml", "public, max-age=86400"),
    }
    checks[served.file("assets/javascripts/bundle.*.min.js")] = (js, LONG)
    small = {"assets/logo.svg", "search/search_index.json"}   # under gzip_min_length
    for path, (kind, cache) in checks.items():
        status, headers, body = fetch(served.url + path)
        assert status == 200, path
        assert (headers["content-type"], headers["cache-control"]) == (kind, cache), path
        assert all(h in headers for h in SECURITY_HEADERS), path
        if path not in small:
            assert headers.get("content-encoding") == "gzip", path
            assert gzip.decompress(body), path
    assert fetch(served.url + "assets/stylesheets/hoidap.css")[0] == 404   # only the content-addressed name
    status, headers, _ = fetch(served.url + css, encoding="")
    assert "content-encoding" not in headers
    pdf = next(served.site.glob(f"{B19}*-a4.pdf")).name
    status, headers, body = fetch(served.url + B19 + pdf)
    assert (status, headers["content-type"], body[:5]) == (200, "application/pdf", b"%PDF-")
    status, headers, body = fetch(served.url + "khong-co/")
    assert status == 404 and "Không tìm thấy trang".encode() in gzip.decompress(body)
    assert all(h in headers for h in SECURITY_HEADERS)
    assert fetch(served.url + csp.NGINX_VARS)[0] == 404


def test_the_policy_lists_exactly_the_inline_scripts_of_the_build(served):
    written = set().union(*(csp.script_hashes(p.read_text("utf-8")) for p in served.site.rglob("*.html")))
    _, headers, _ = fetch(served.url)
    policy = headers["content-security-policy"]
    listed = set(re.findall(r"'sha256-[^']+'", policy))
    assert listed == written and len(listed) <= 4   # Material's scope script is the same on every page
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy


@pytest.mark.skipif(not nginx_local.BROTLI_MODULE.exists(), reason="nginx brotli module not installed")
def test_brotli_when_the_module_is_enabled(served, tmp_path):
    docroot = served.site.parent if served.url.endswith("/hoi-dap/") else served.site
    with nginx_local.serve(docroot, tmp_path, subpath=served.url.endswith("/hoi-dap/"), brotli=True) as url:
        for path in ("", served.file("search/vi/s0.*.json")):
            status, headers, _ = fetch(url + path, encoding="gzip, br")
            assert (status, headers.get("content-encoding")) == (200, "br"), path
            assert all(h in headers for h in SECURITY_HEADERS)


def test_malformed_addresses_get_the_vietnamese_404_with_the_worker_active(watched, served):
    page = watched
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served.url + B19)
    page.wait_for_function(READY)
    for address in ("%C0%AF/", "%E0%A4%A", "nghi-quyet/%FF/"):
        response = page.goto(served.url + address)
        assert response.status == 404, address
        assert page.locator("h1").inner_text().startswith("Không tìm thấy trang"), address
    for address in ("?h=x#%E0%A4%A", "?h=%E0%A4#cau-2", "?h=*#cau-1"):   # a mangled search result's link
        page.goto(served.url + B19 + address)
        page.wait_for_function("() => !!self.HoidapText && !location.search")   # highlight.js ran and cleaned it
        page.locator("#cau-14").wait_for()
    page.context.set_offline(True)
    try:
        response = page.goto(served.url + "%E0%A4%A")
        assert response.status == 404 and page.locator("h1").inner_text().startswith("Không tìm thấy trang")
    finally:
        page.context.set_offline(False)
    assert errors == []
    assert_clean(page, served)


def test_a_year_long_cache_only_for_content_addressed_names_even_without_a_reload(tmp_path):
    """Publishing switches the folder nginx serves without reloading it: the year-long ``immutable`` still
    covers only names carrying their content's digest, the old build's such names are gone (404), never
    answered with the new build's bytes."""
    project = copy_project(tmp_path / "project")
    releases = {}
    for name in ("a", "b"):
        releases[name] = tmp_path / "releases" / name
        result = mkdocs_build(project, releases[name])
        assert result.returncode == 0, result.stdout + result.stderr
        booklet = project / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
        booklet.write_text(booklet.read_text("utf-8").replace("ngày 16/6/2022.", "ngày 16/6/2022 (bản B).", 1), "utf-8")
        style = project / "overrides/assets/stylesheets/reader.css"
        style.write_text(style.read_text("utf-8") + "\n/* bản B */\n", "utf-8")
    current = tmp_path / "current"
    current.symlink_to(releases["a"], target_is_directory=True)
    a, b = releases["a"], releases["b"]
    css, shard = "assets/stylesheets/hoidap.*.css", "search/vi/s0.*.json"
    assert one(a, css) != one(b, css) and one(a, shard) != one(b, shard)
    with nginx_local.serve(current, tmp_path / "nginx") as url:
        for path in (one(a, css), one(a, shard)):
            status, headers, body = fetch(url + path, encoding="")
            assert (status, headers["cache-control"], body) == (200, LONG, (a / path).read_bytes()), path
        link = tmp_path / "current.new"                      # what scripts/publish.py does; no reload
        link.symlink_to(b, target_is_directory=True)
        os.replace(link, current)
        for path in (one(a, css), one(a, shard)):
            status, headers, _ = fetch(url + path, encoding="")
            assert status == 404 and "immutable" not in headers["cache-control"], path
        for path in (one(b, css), one(b, shard), one(b, "assets/javascripts/reader.*.js")):
            status, headers, body = fetch(url + path, encoding="")
            assert (status, headers["cache-control"], body) == (200, LONG, (b / path).read_bytes()), path
        status, headers, body = fetch(url + one(b, css), encoding="")
        assert hashed.digest(body) in one(b, css)          # the name is the digest of the bytes served
        for path in (B19, "assets/stylesheets/reader.css", "offline.json", "sw.js"):
            status, headers, body = fetch(url + path, encoding="")
            assert (status, headers["cache-control"]) == (200, "no-cache"), path
            assert body == (b / path / ("index.html" if path.endswith("/") else "")).read_bytes(), path
        assert "(bản B)".encode() in fetch(url + B19, encoding="")[2]
