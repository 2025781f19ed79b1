"""The editor on the published site, at ``/admin/``, when the board enables it in ``mkdocs.yml``
(``plugins: - hoidap: editor: enabled: true``; off by default): the option checked, and the editor's files written
into the built site. The page's Content-Security-Policy allows this site and the Git host's origins only; readers'
pages link to nothing of it, and it is in no list the site keeps (offline list, sitemap, search).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hoidap.editing.config import Backend, config_yaml, editor_config
from hoidap.editing.page import PREVIEW_STYLES, STATIC, index_html, policy
from hoidap.model.siteconfig import SiteConfig

ADMIN = "admin"  # the editor's folder in the built site
KEYS = ("enabled", "backend", "repo", "branch", "base_url", "auth_endpoint", "api_root", "app_id")
GITHUB_API = "https://api.github.com"
GITHUB_AVATARS = "https://avatars.githubusercontent.com"  # the signed-in user's picture in the editor's header
GITLAB = "https://gitlab.com"
REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
BRANCH = re.compile(r"^[A-Za-z0-9_./-]+$")
EXAMPLE = ("ví dụ\n  editor:\n    enabled: true\n    backend: gitlab\n    repo: ban-tuyen-giao/hoi-dap\n"
           "    app_id: <mã ứng dụng GitLab>\n(xem docs/huong-dan/soan-tai-lieu.md, mục trình soạn thảo trên mạng)")


def backend(value: object, where: str) -> Backend | None:
    """The editor's backend from the option ``where`` (``plugins.hoidap.editor``), None when it is off; a
    ``ValueError`` with a Vietnamese message for a value Decap could not use."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"'{where}' ghi thành các dòng con, {EXAMPLE}.")
    unknown = [str(key) for key in value if key not in KEYS]
    if unknown:
        raise ValueError(f"'{where}.{unknown[0]}' không phải tùy chọn của trình soạn thảo; các tùy chọn là "
                         f"{', '.join(KEYS)}.")
    enabled = value.get("enabled", False)
    if not isinstance(enabled, bool):
        raise ValueError(f"'{where}.enabled: {enabled}' không hợp lệ; ghi true (bật) hoặc false (tắt).")
    if not enabled:
        return None
    text = {key: _text(value, key, where) for key in KEYS if key != "enabled"}
    name = text["backend"]
    if name not in ("github", "gitlab"):
        raise ValueError(f"'{where}.backend: {name or ''}' không hợp lệ; ghi github hoặc gitlab (nơi đặt kho của "
                         "trang), " + EXAMPLE + ".")
    repo = text["repo"]
    if not REPO.match(repo) or (name == "github" and repo.count("/") != 1):
        raise ValueError(f"'{where}.repo: {repo}' không hợp lệ; ghi tên kho dạng <chủ kho>/<tên kho> như trong "
                         f"địa chỉ của kho, ví dụ ban-tuyen-giao/hoi-dap.")
    branch = text["branch"] or "main"
    if not BRANCH.match(branch) or ".." in branch:
        raise ValueError(f"'{where}.branch: {branch}' không hợp lệ; ghi tên nhánh của kho, ví dụ main.")
    base_url, api_root = _address(text, "base_url", where), _address(text, "api_root", where)
    endpoint = text["auth_endpoint"].strip("/")
    if endpoint and (not re.fullmatch(r"[A-Za-z0-9_./-]+", endpoint) or ".." in endpoint):
        raise ValueError(f"'{where}.auth_endpoint: {endpoint}' không hợp lệ; ghi đường dẫn đăng nhập trên máy chủ "
                         "base_url, ví dụ auth.")
    if name == "github":
        if not base_url:
            raise ValueError(f"'{where}': kho trên GitHub cần máy chủ đăng nhập OAuth; ghi địa chỉ của nó ở "
                             f"'{where}.base_url', ví dụ https://dang-nhap.example.org (xem hướng dẫn soạn tài "
                             "liệu, mục trình soạn thảo trên mạng).")
        if text["app_id"]:
            raise ValueError(f"'{where}.app_id' chỉ dùng cho kho trên GitLab; với GitHub, mã ứng dụng OAuth ghi ở "
                             "máy chủ đăng nhập base_url, không ghi vào mkdocs.yml.")
    elif not text["app_id"]:
        raise ValueError(f"'{where}': kho trên GitLab cần mã ứng dụng (Application ID) để đăng nhập; tạo ứng dụng "
                         f"trong GitLab (User Settings > Applications, quyền api, bỏ chọn Confidential) rồi ghi mã "
                         f"đó ở '{where}.app_id'.")
    if name == "gitlab" and base_url and not api_root:
        api_root = base_url + "/api/v4"  # a self-hosted GitLab: its API, not gitlab.com's
    return Backend(name, repo=repo, branch=branch, base_url=base_url, auth_endpoint=endpoint, api_root=api_root,
                   app_id=text["app_id"])


def _text(value: dict[str, Any], key: str, where: str) -> str:
    item = value.get(key)
    if item is None:
        return ""
    if not isinstance(item, (str, int)) or isinstance(item, bool):
        raise ValueError(f"'{where}.{key}: {item}' không hợp lệ; ghi một dòng chữ.")
    return str(item).strip()


def _address(text: dict[str, str], key: str, where: str) -> str:
    """An https address without query or fragment, with no / at its end."""
    address = text[key].rstrip("/")
    if not address:
        return ""
    parts = urlsplit(address)
    if parts.scheme != "https" or not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?", parts.netloc) \
            or parts.query or parts.fragment or not re.fullmatch(r"[A-Za-z0-9_./~-]*", parts.path):
        raise ValueError(f"'{where}.{key}: {address}' không hợp lệ; ghi địa chỉ đầy đủ bắt đầu bằng https://, "
                         "ví dụ https://gitlab.example.org.")
    return address


def origin(address: str) -> str:
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


def host_origins(chosen: Backend) -> tuple[list[str], list[str]]:
    """The Git host's origins the editor page fetches from, and those it shows pictures from (the user's
    avatar). GitHub's sign-in runs in a pop-up window of the OAuth server (``base_url``), never fetched; GitLab's
    PKCE sign-in exchanges its code for a token at ``base_url``."""
    if chosen.name == "github":
        api = origin(chosen.api_root or GITHUB_API)
        return [api], [api, GITHUB_AVATARS]
    found = [origin(chosen.base_url or GITLAB), origin(chosen.api_root or GITLAB)]
    return found, found


def admin_policy(chosen: Backend | None, meta: bool = False) -> str:
    """The editor page's policy online; with the editor off, a policy that allows nothing (nginx's location for
    /admin/ needs one even then, and serves only a 404 there)."""
    if chosen is None:
        return "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    connect, images = host_origins(chosen)
    return policy(connect, images, meta)


def write(site_dir: Path, site: SiteConfig, chosen: Backend, editor_dir: Path, stylesheets: Path) -> Path:
    """Write the editor into ``site_dir/admin/``: its page, ``config.yml`` for ``chosen``, Decap's build and ours
    from ``editor_dir``, the site's stylesheets for the preview from ``stylesheets``. Returns the folder."""
    folder = site_dir / ADMIN
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "site").mkdir(parents=True)
    config = editor_config(site, chosen)
    names = [collection["name"] for collection in config["collections"]]
    (folder / "index.html").write_text(index_html(chosen.name, names, admin_policy(chosen, meta=True)), "utf-8")
    (folder / "config.yml").write_text(config_yaml(config), "utf-8")
    for name in STATIC:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(editor_dir / name, folder / name)
    for name in PREVIEW_STYLES:
        shutil.copyfile(stylesheets / name, folder / "site" / name)
    return folder
