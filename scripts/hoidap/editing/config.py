"""The web editor's configuration (Decap CMS ``config.yml``), generated from the booklet schema so the form cannot
drift from what the checker accepts: every field of :data:`hoidap.model.schema.FIELDS` with its kind, whether it
is required and how to write it; one collection per level folder, the translations beside their originals, and
the study plans (fields of :mod:`hoidap.model.plan`).

The Git backend is a parameter: ``proxy`` (``make edit``: our local server, :mod:`hoidap.editing.server`) or
``github``/``gitlab`` with a repository and branch (the published site's editor, :mod:`hoidap.editing.online`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from hoidap.model.plan import FORMS, PLAN_KEY
from hoidap.model.schema import BOOKLET_FOLDER, FIELDS, LEVELS, Field, Level
from hoidap.model.siteconfig import SiteConfig

PLAN_FOLDER = "ke-hoach"  # docs/ke-hoach/: the study plans
DATE_FORMAT = "YYYY-MM-DD"
# A resolution number as the checker reads one (hoidap.authoring.answers.number): a digit and a letter at least.
NUMBER_PATTERN = r"^(?=.*[0-9])(?=.*[A-Za-zÀ-ỹĐđ]).+$"
NUMBER_MESSAGE = "Số hiệu chép đúng như trên văn bản, dạng <số>-NQ/<ký hiệu cơ quan ban hành>: có cả số và chữ."
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATE_MESSAGE = "Chọn đủ ngày, tháng, năm (ngày ghi trên văn bản)."
SESSION_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
GROUP_LABELS = {"resolution": "Nghị quyết"}  # the label of a nested group of fields (resolution.number …)
MEDIA_FOLDER = "assets/anh"  # under docs/
MEDIA_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and saves: ``proxy`` (a local server at ``proxy_url``), or ``github``/``gitlab``
    (``repo`` as owner/name, ``branch``) with how to sign in: ``base_url`` (GitHub: the OAuth server; GitLab: a
    self-hosted GitLab), ``auth_endpoint``, ``api_root``, and GitLab's ``app_id`` (sign-in by PKCE, no server)."""

    name: str = "proxy"
    proxy_url: str = "/api/v1"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    api_root: str = ""
    app_id: str = ""

    def as_config(self) -> dict[str, Any]:
        if self.name == "proxy":
            return {"name": "proxy", "proxy_url": self.proxy_url, "branch": self.branch}
        if self.name in ("github", "gitlab"):
            signing = {key: value for key, value in (("base_url", self.base_url), ("auth_endpoint", self.auth_endpoint),
                                                     ("api_root", self.api_root)) if value}
            if self.app_id:
                signing |= {"auth_type": "pkce", "app_id": self.app_id}
            return {"name": self.name, "repo": self.repo, "branch": self.branch, **signing}
        raise ValueError(f"unknown backend {self.name!r}")


def editor_config(site: SiteConfig, backend: Backend) -> dict[str, Any]:
    """Decap CMS's configuration for the site ``site`` (paths relative to its root, as Decap wants them)."""
    docs = site.docs_dir.relative_to(site.root).as_posix() if site.docs_dir.is_relative_to(site.root) \
        else site.docs_dir.as_posix()
    others = [language for language in site.languages if language != site.default_language]
    collections = [booklet_collection(f"{docs}/{BOOKLET_FOLDER}/{level.key}", level, None, site.compiled_by)
                   for level in LEVELS]
    collections += [booklet_collection(f"{docs}/{BOOKLET_FOLDER}/{level.key}", level, language, site.compiled_by)
                    for language in others for level in LEVELS]
    collections.append(plan_collection(f"{docs}/{PLAN_FOLDER}"))
    return {
        "backend": backend.as_config(),
        "locale": "vi",
        # "Ảnh và tệp": pictures in docs/assets/anh/, their copied path as a booklet (docs/nghi-quyet/<level>/)
        # links to them, which the checker verifies at each save
        "media_folder": f"{docs}/{MEDIA_FOLDER}",
        "public_folder": f"../../{MEDIA_FOLDER}",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # the public site's address ("Xem bản hoàn chỉnh"): online only; a local draft is not published yet
        **({"site_url": site.site_url} if site.site_url and backend.name != "proxy" else {}),
        "collections": collections,
    }


def config_yaml(config: dict[str, Any]) -> str:
    """The configuration as the ``config.yml`` Decap reads."""
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def booklet_collection(folder: str, level: Level, language: str | None, compiled_by: str | None) -> dict[str, Any]:
    """The booklets of one level folder: the originals (``19-nq-tw.md``), or with ``language`` their translations
    beside them (``19-nq-tw.en.md``, the static-i18n suffix convention)."""
    suffix = f" – bản {language}" if language else ""
    return {
        "name": f"{BOOKLET_FOLDER}-{level.key}" + (f"-{language}" if language else ""),
        "label": f"Tài liệu cấp {level.vi}{suffix}",
        "label_singular": f"tài liệu cấp {level.vi}{suffix}",
        "description": (f"Bản dịch ({language}) đặt cạnh bản tiếng Việt, cùng tên với đuôi .{language}.md."
                        if language else f"Tài liệu hỏi - đáp cấp {level.vi}, trong thư mục {folder}."),
        "folder": folder,
        "extension": f"{language}.md" if language else "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{resolution.number}}",
        "identifier_field": "title",
        "summary": "{{resolution.number}} – {{title}}",
        "sortable_fields": ["resolution.issued", "updated", "title"],
        "fields": [*schema_fields(level, compiled_by), body_field()],
    }


def schema_fields(level: Level, compiled_by: str | None) -> list[dict[str, Any]]:
    """The front-matter fields of :data:`FIELDS` as Decap fields, dotted keys grouped into ``object`` fields."""
    fields: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for field in FIELDS:
        group, _, name = field.key.rpartition(".")
        widget = field_widget(field, name, level, compiled_by)
        if not group:
            fields.append(widget)
            continue
        if group not in groups:
            groups[group] = {"label": GROUP_LABELS.get(group, group), "name": group, "widget": "object",
                             "collapsed": False, "fields": []}
            fields.append(groups[group])
        groups[group]["fields"].append(widget)
    return fields


def field_widget(field: Field, name: str, level: Level, compiled_by: str | None) -> dict[str, Any]:
    """One schema field as a Decap field: its widget, required flag, hint and checks."""
    widget: dict[str, Any] = {"label": field.vi[:1].upper() + field.vi[1:], "name": name,
                              "required": field.required, "hint": field.form[:1].upper() + field.form[1:] + "."}
    if field.kind == "date":
        widget |= {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False,
                   "pattern": [DATE_PATTERN, DATE_MESSAGE]}
        if field.key == "updated":
            widget["default"] = "{{now}}"
    elif field.kind == "level":
        widget |= {"widget": "select", "options": [{"label": item.vi, "value": item.key} for item in LEVELS],
                   "default": level.key, "hint": "Cấp của cơ quan ban hành nghị quyết."}
    elif field.kind == "tags":
        widget |= {"widget": "list", "allow_add": True, "default": []}
    else:
        widget["widget"] = "string"
    if field.key == "resolution.number":
        widget["pattern"] = [NUMBER_PATTERN, NUMBER_MESSAGE]
    if field.key == "compiled_by" and compiled_by:
        widget["default"] = compiled_by
    return widget


def body_field() -> dict[str, Any]:
    """The booklet's body: Markdown as written (raw mode only, so nothing is reformatted)."""
    return {"label": "Nội dung", "name": "body", "widget": "markdown", "modes": ["raw"], "buttons": [],
            "editor_components": [], "required": True,
            "hint": "Lời giới thiệu, rồi mỗi câu hỏi một tiêu đề '## Câu 1. …?' và câu trả lời bên dưới; chia phần "
                    "bằng '## Phần I. …' và đặt câu hỏi là '### Câu 1. …?'. Xem hướng dẫn soạn tài liệu."}


def plan_collection(folder: str) -> dict[str, Any]:
    """The study plans of ``docs/ke-hoach/`` (fields of :mod:`hoidap.model.plan`; bridge points and attendance,
    which a form cannot hold, stay as written in the file)."""
    text = {"widget": "string"}
    session = [
        {"label": "Tên buổi", "name": "title", **text},
        {"label": "Ngày", "name": "date", **text, "pattern": [SESSION_DATE_PATTERN, (
            "Ghi ngày dạng NĂM-THÁNG-NGÀY, hoặc chỉ NĂM-THÁNG khi kế hoạch chưa định ngày.")],
         "hint": "NĂM-THÁNG-NGÀY (ví dụ 2030-03-25), hoặc NĂM-THÁNG khi chưa định ngày."},
        {"label": "Giờ bắt đầu", "name": "start", **text, "required": False,
         "pattern": [TIME_PATTERN, "Ghi giờ dạng GIỜ:PHÚT theo đồng hồ 24 giờ, ví dụ 07:30."]},
        {"label": "Giờ kết thúc", "name": "end", **text, "required": False,
         "pattern": [TIME_PATTERN, "Ghi giờ dạng GIỜ:PHÚT theo đồng hồ 24 giờ, ví dụ 11:00."]},
        {"label": "Hình thức", "name": "form", "widget": "select",
         "options": [{"label": label, "value": key} for key, label in FORMS.items()]},
        {"label": "Địa điểm", "name": "place", **text, "required": False},
        {"label": "Báo cáo viên", "name": "reporters", "widget": "list", "required": False},
    ]
    return {
        "name": PLAN_FOLDER,
        "label": "Kế hoạch học tập",
        "label_singular": "kế hoạch học tập",
        "folder": folder,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{title}}",
        "identifier_field": "title",
        "fields": [
            {"label": "Tiêu đề kế hoạch", "name": "title", **text},
            {"label": "Mô tả ngắn", "name": "description", **text, "required": False},
            {"label": "Kế hoạch", "name": PLAN_KEY, "widget": "object", "collapsed": False, "fields": [
                {"label": "Các nghị quyết học tập", "name": "resolutions", "widget": "list",
                 "hint": "Số hiệu từng nghị quyết (…-NQ/…), cách nhau bằng dấu phẩy."},
                {"label": "Cơ quan tổ chức", "name": "organiser", **text},
                {"label": "Thành phần tham gia", "name": "participants", "widget": "text", "required": False},
                {"label": "Các buổi học tập", "name": "sessions", "widget": "list", "label_singular": "buổi",
                 "summary": "{{fields.date}} – {{fields.title}}", "fields": session},
            ]},
            {"label": "Nội dung", "name": "body", "widget": "markdown", "modes": ["raw"], "buttons": [],
             "editor_components": [], "required": False},
        ],
    }
