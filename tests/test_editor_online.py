"""The editor on the published site (``plugins: - hoidap: editor:``): off by default (no ``admin/`` in the build,
nothing of it in readers' pages), the option checked with Vietnamese messages, and when on, Decap CMS itself
accepts the generated configuration: served by the shipped nginx config with the editor's own policy, it reaches
its sign-in screen with no configuration error, nothing leaving the machine (the Git host answers 401), and the
readers' service worker leaves it alone."""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml
from conftest import CHROMIUM, copy_project, mkdocs_build
from hoidap.editing import online
from hoidap.publishing import nginx_local
from hoidap.publishing.workspace import serve
from hoidap.site import csp
from playwright.sync_api import expect

GITHUB = {"enabled": True, "backend": "github", "repo": "ban-tuyen-giao/hoi-dap",
          "base_url": "https://dang-nhap.example.org"}
GITLAB = {"enabled": True, "backend": "gitlab", "repo": "ban-tuyen-giao/hoi-dap", "app_id": "a1b2c3d4e5"}
SIGN_IN = re.compile(r"^Đăng nhập bằng Git(Hub|Lab)$")
CONFIG_ERROR = re.compile("Config Errors|Error loading the CMS configuration|Có lỗi khi tải cấu hình")
WATCH_CSP = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective));"""


def enable(options: dict):
    def edit(project: Path) -> None:
        config = project / "mkdocs.yml"
        block = "".join(f"        {key}: {str(value).lower() if value is True else value}\n"
                        for key, value in options.items())
        config.write_text(config.read_text("utf-8").replace("  - hoidap:\n", "  - hoidap:\n      editor:\n" + block,
                                                            1), "utf-8")
    return edit


enable_github, enable_gitlab = enable(GITHUB), enable(GITLAB)
VARIANTS = {"github": enable_github, "gitlab": enable_gitlab}


def built(site_factory, backend: str) -> Path:
    build = site_factory(f"editor-{backend}", VARIANTS[backend])
    assert build.ok, build.output
    return build.site


# --- the option ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "said"), [
    ({**GITHUB, "base_url": None}, "base_url"),
    ({**GITHUB, "app_id": "x"}, "chỉ dùng cho kho trên GitLab"),
    ({**GITLAB, "app_id": None}, "Application ID"),
    ({**GITHUB, "backend": "bitbucket"}, "github hoặc gitlab"),
    ({**GITHUB, "repo": "hoi-dap"}, "<chủ kho>/<tên kho>"),
    ({**GITHUB, "base_url": "http://dang-nhap.example.org"}, "https://"),
    ({**GITHUB, "base_url": 'https://x.org" ; add_header'}, "https://"),
    ({**GITHUB, "enabled": "yes"}, "true (bật) hoặc false"),
    ({**GITHUB, "password": "x"}, "không phải tùy chọn"),
])
def test_a_bad_option_is_refused_in_vietnamese(options, said):
    with pytest.raises(ValueError, match=re.escape(said)):
        online.backend({key: value for key, value in options.items() if value is not None}, "plugins.hoidap.editor")


def test_options_become_decaps_backend_and_a_self_hosted_gitlab_its_own_api():
    assert online.backend({**GITHUB, "enabled": False}, "e") is None and online.backend(None, "e") is None
    gitlab = online.backend({**GITLAB, "base_url": "https://git.tinh.example.vn/"}, "e")
    assert gitlab.as_config() == {"name": "gitlab", "repo": "ban-tuyen-giao/hoi-dap", "branch": "main",
                                  "base_url": "https://git.tinh.example.vn",
                                  "api_root": "https://git.tinh.example.vn/api/v4", "auth_type": "pkce",
                                  "app_id": "a1b2c3d4e5"}
    assert "connect-src 'self' blob: https://git.tinh.example.vn;" in online.admin_policy(gitlab)


def test_a_build_with_a_bad_option_stops_with_the_message_not_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    enable({**GITHUB, "base_url": "dang-nhap.example.org"})(project)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "plugins.hoidap.editor.base_url: dang-nhap.example.org' không hợp lệ" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- what is built ----------------------------------------------------------------------------------------

def test_a_default_build_has_no_editor_and_nginx_gets_a_policy_that_allows_nothing(built_site):
    assert not (built_site / online.ADMIN).exists()
    assert f'set $hoidap_admin_csp "{online.admin_policy(None)}";' in (built_site / csp.NGINX_VARS).read_text("utf-8")


@pytest.mark.parametrize("backend", ["github", "gitlab"])
def test_the_editor_is_built_with_the_configured_backend_and_readers_pages_never_reach_it(site_factory, backend):
    site = built(site_factory, backend)
    admin = site / online.ADMIN
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == backend and config["backend"]["repo"] == "ban-tuyen-giao/hoi-dap"
    assert config["site_url"] == "https://hoidap.example.org/"
    assert {path.relative_to(admin).as_posix() for path in admin.rglob("*") if path.is_file()} == {
        "index.html", "config.yml", "vendor/decap-cms.js", "locale-vi.js", "admin.js", "preview.css",
        "site/booklet.css", "site/reader.css"}
    page = lxml.html.fromstring((admin / "index.html").read_bytes())
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content") == [
        online.admin_policy(online.backend(GITHUB if backend == "github" else GITLAB, "e"), meta=True)]
    pages = [path for path in site.rglob("*.html") if not path.is_relative_to(admin)]
    assert len(pages) > 20
    for path in pages:
        address = "http://site/" + path.relative_to(site).as_posix()
        document = lxml.html.fromstring(path.read_bytes())
        for element in document.iter():
            for name in ("href", "src", "action", "content", "data"):
                value = element.get(name)
                if value and "/" in value:
                    assert not urlsplit(urljoin(address, value)).path.startswith("/admin"), (path, value)
    for listing in ("offline.json", "sitemap.xml", "search/search_index.json"):
        assert "admin/" not in (site / listing).read_text("utf-8"), listing


# --- Decap CMS itself, in Chromium ---------------------------------------------------------------------------

def open_editor(browser, url: str) -> tuple:
    """The editor at ``url`` in a new page; every request off this machine is answered 401 and recorded."""
    context = browser.new_context(locale="vi-VN")
    context.add_init_script(WATCH_CSP)
    outside: list[str] = []

    def git_host(route) -> None:
        outside.append(route.request.url)
        route.fulfill(status=401, content_type="application/json", body='{"message": "Bad credentials"}')

    context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])"), git_host)
    page = context.new_page()
    page.goto(url)
    return context, page, outside


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["github", "gitlab"])
def test_decap_accepts_the_config_behind_nginx_and_its_policy(browser, site_factory, tmp_path, backend):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system'")
    site = built(site_factory, backend)
    wanted = online.admin_policy(online.backend(GITHUB if backend == "github" else GITLAB, "e"))
    with nginx_local.serve(site, tmp_path / "nginx") as url:
        context, page, outside = open_editor(browser, url)
        try:
            page.wait_for_function("() => document.documentElement.dataset.hdWorker === 'ready'")  # offline.js
            editor = page.goto(url + "admin/")
            assert not editor.from_service_worker   # the readers' worker leaves the editor alone
            expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible(timeout=30_000)
            assert not CONFIG_ERROR.search(page.inner_text("body"))
            assert page.evaluate("window.__violations") == []
            assert outside == []   # nothing asked of the Git host before signing in
            admin = page.request.get(url + "admin/config.yml")
            assert admin.headers["content-security-policy"] == wanted
            assert admin.headers["content-type"].startswith("text/yaml")
            reader = page.request.get(url).headers["content-security-policy"]
            assert "'unsafe-eval'" not in reader and "script-src 'self' 'sha256-" in reader
        finally:
            context.close()


@pytest.mark.browser
def test_a_config_decap_refuses_is_caught(browser, site_factory, tmp_path):
    """The check above would see a configuration Decap's schema refuses: ``required`` must be a boolean."""
    site = tmp_path / "site"
    shutil.copytree(built(site_factory, "github") / online.ADMIN, site / online.ADMIN)
    config = site / online.ADMIN / "config.yml"
    data = yaml.safe_load(config.read_text("utf-8"))
    data["collections"][0]["fields"][0]["required"] = "có"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with serve(site) as url:
        context, page, _ = open_editor(browser, url + "/admin/")
        try:
            expect(page.get_by_text(CONFIG_ERROR).first).to_be_visible(timeout=30_000)
            assert "required" in page.inner_text("body")
            assert page.get_by_role("button", name=SIGN_IN).count() == 0
        finally:
            context.close()


def test_the_subpath_recipe_serves_the_editor_with_its_own_policy(site_factory, tmp_path):
    """deploy/nginx-subpath.conf loads (nginx starts) and /hoi-dap/admin/ gets the editor's policy."""
    docroot = tmp_path / "www"
    docroot.mkdir()
    (docroot / "hoi-dap").symlink_to(built(site_factory, "gitlab"), target_is_directory=True)
    with nginx_local.serve(docroot, tmp_path / "nginx", subpath=True) as url, \
            urllib.request.urlopen(url + "admin/") as response:
        assert response.headers["Content-Security-Policy"] == online.admin_policy(online.backend(GITLAB, "e"))
        assert b'name="hoidap-backend" content="gitlab"' in response.read()
