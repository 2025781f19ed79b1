"""The shipped nginx configuration (deploy/) on a real nginx, with the site at the domain's root and under
/hoi-dap/: security headers on every response, a CSP the pages never violate, gzip, types, caching, the
404 page, and in headless Chromium (390×844) pages, search, the service worker, offline reload and PDFs."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM, PHONE, ROOT, copy_project, mkdocs_build
from hoidap import csp, nginx_local

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
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
    version: str   # the build's fingerprint (?v=)


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
    page.locator(".md-search-result__item").first.wait_for()
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
    checks = {
        "": ("text/html; charset=utf-8", "no-cache"),
        B19: ("text/html; charset=utf-8", "no-cache"),
        "sw.js": ("application/javascript; charset=utf-8", "no-cache"),
        "offline.json": ("application/json", "no-cache"),
        "manifest.webmanifest": ("application/manifest+json", "no-cache"),
        f"assets/stylesheets/hoidap.css?v={served.version}": ("text/css", LONG),
        "assets/stylesheets/hoidap.css?v=0123abcd": ("text/css", "no-cache"),     # another build's address
        "assets/stylesheets/hoidap.css": ("text/css", "no-cache"),
        f"search/vi/s0.json?v={served.version}": ("application/json", LONG),
        "assets/logo.svg": ("image/svg+xml", "public, max-age=86400"),
    }
    bundle = next((served.site / "assets/javascripts").glob("bundle.*.min.js")).name
    checks[f"assets/javascripts/{bundle}"] = ("application/javascript; charset=utf-8", LONG)
    for path, (kind, cache) in checks.items():
        status, headers, body = fetch(served.url + path)
        assert status == 200, path
        assert (headers["content-type"], headers["cache-control"]) == (kind, cache), path
        assert all(h in headers for h in SECURITY_HEADERS), path
        if not path.endswith(".svg"):
            assert headers.get("content-encoding") == "gzip", path
            assert gzip.decompress(body), path
    status, headers, _ = fetch(served.url + "assets/stylesheets/hoidap.css", encoding="")
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
        for path in ("", f"search/vi/s0.json?v={served.version}"):
            status, headers, _ = fetch(url + path, encoding="gzip, br")
            assert (status, headers.get("content-encoding")) == (200, "br"), path
            assert all(h in headers for h in SECURITY_HEADERS)
