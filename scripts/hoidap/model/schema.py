"""The booklet format in one place: levels, front-matter fields and the question label.

Every consumer (parser, site plugin, templates, checker, authoring guide) reads these
tables; nothing else lists a level or a required field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "level", "tags"]


@dataclass(frozen=True)
class Level:
    """A committee level a booklet is issued for; ``typed`` are the other ways an author may name it when a
    command asks (folded: lower case, no diacritics), the committees of that level among them."""

    key: str
    vi: str
    en: str
    typed: tuple[str, ...] = ()


LEVELS: tuple[Level, ...] = (
    Level("trung-uong", "Trung ương", "Central",
          ("trung uong", "tw", "trung uong dang", "ban chap hanh trung uong", "bo chinh tri", "ban bi thu")),
    Level("tinh", "Tỉnh, thành phố", "Province or city",
          ("tinh", "thanh pho", "tinh thanh pho", "tinh uy", "thanh uy", "tu", "dang bo tinh")),
    Level("huyen", "Huyện (trước 7/2025)", "District (before July 2025)",
          ("huyen", "quan", "thi xa", "huyen uy", "quan uy", "thi uy", "hu", "qu", "dang bo huyen")),
    Level("co-so", "Cơ sở", "Grassroots",
          ("co so", "xa", "phuong", "thi tran", "dang uy", "dang bo co so", "chi bo", "du", "dang uy xa",
           "dang uy phuong")),
)
LEVEL_KEYS: dict[str, Level] = {level.key: level for level in LEVELS}


@dataclass(frozen=True)
class Field:
    """One front-matter field: its dotted key, kind, whether required, and how to write it. ``example`` is a
    placeholder in the field's form, never a real booklet's value (a hint must not invite copying another
    resolution's number or dates); ``form`` says in words what to write."""

    key: str
    kind: Kind
    required: bool
    vi: str
    en: str
    example: str
    form: str = ""


FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "tiêu đề tài liệu", "booklet title", '"Hỏi - đáp Nghị quyết số …"',
          "tiêu đề hiện trên trang, thường là 'Hỏi - đáp Nghị quyết số …' với số hiệu của nghị quyết"),
    Field("resolution.number", "text", True, "số hiệu", "number", '"…-NQ/…"',
          "số hiệu chép đúng như trên văn bản, dạng <số>-NQ/<ký hiệu cơ quan ban hành>"),
    Field("resolution.name", "text", True, "trích yếu", "summary title", '"về …"',
          "trích yếu chép đúng như trên văn bản, thường bắt đầu bằng 'về …'"),
    Field("resolution.issuer", "text", True, "cơ quan ban hành", "issued by", '"…"',
          "tên cơ quan ban hành ghi trên văn bản (Ban Chấp hành Trung ương, Bộ Chính trị, Ban Thường vụ Tỉnh ủy…)"),
    Field("resolution.issued", "date", True, "ngày ban hành", "issued on", "NĂM-THÁNG-NGÀY",
          "ngày ghi trên văn bản, bằng số: bốn chữ số năm, hai chữ số tháng, hai chữ số ngày"),
    Field("resolution.term", "text", False, "khóa", "term", '"…"', "khóa ghi trên văn bản, bằng số La Mã"),
    Field("level", "level", True, "cấp", "level", "…",
          "một trong: " + ", ".join(f"{level.key} ({level.vi})" for level in LEVELS)),
    Field("compiled_by", "text", True, "đơn vị biên soạn", "compiled by", '"…"',
          "tên đơn vị biên soạn tài liệu hỏi - đáp này"),
    Field("updated", "date", True, "ngày cập nhật", "updated on", "NĂM-THÁNG-NGÀY",
          "ngày sửa tài liệu lần cuối, bằng số: bốn chữ số năm, hai chữ số tháng, hai chữ số ngày"),
    Field("tags", "tags", False, "chủ đề", "topics", "[…, …]", "các chủ đề, cách nhau bằng dấu phẩy"),
    Field("description", "text", False, "mô tả ngắn", "description", '"…"', "một câu mô tả tài liệu"),
)
FIELD_KEYS: dict[str, Field] = {field.key: field for field in FIELDS}

# Keys MkDocs and Material read from front matter; allowed beside ours.
THEME_KEYS: frozenset[str] = frozenset(
    {"template", "hide", "icon", "status", "search", "subtitle", "social", "comments"}
)

# The question label per language: "Câu 5." in Vietnamese, "Question 5." in English.
# The canonical form is the label, the number and a full stop.
QUESTION_LABELS: dict[str, str] = {"vi": "Câu", "en": "Question"}
# The folder of the docs tree that holds the booklets (docs/nghi-quyet/<level>/…): make new and make import write
# there, and every Markdown file there must be a booklet.
BOOKLET_FOLDER = "nghi-quyet"
QUESTION_ANCHOR = "cau-{number}"
