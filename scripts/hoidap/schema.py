"""The booklet format in one place: levels, front-matter fields and the question label.

Every consumer (parser, site hooks, templates, checker, authoring guide) reads these
tables; nothing else lists a level or a required field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "date", "level", "tags"]


@dataclass(frozen=True)
class Level:
    """A committee level a booklet is issued for."""

    key: str
    vi: str
    en: str


LEVELS: tuple[Level, ...] = (
    Level("trung-uong", "Trung ương", "Central"),
    Level("tinh", "Tỉnh, thành phố", "Province or city"),
    Level("huyen", "Huyện (trước 7/2025)", "District (before July 2025)"),
    Level("co-so", "Cơ sở", "Grassroots"),
)
LEVEL_KEYS: dict[str, Level] = {level.key: level for level in LEVELS}


@dataclass(frozen=True)
class Field:
    """One front-matter field: its dotted key, kind, whether required, and how to write it."""

    key: str
    kind: Kind
    required: bool
    vi: str
    en: str
    example: str


FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "tiêu đề tài liệu", "booklet title",
          '"Hỏi - đáp Nghị quyết số 19-NQ/TW"'),
    Field("resolution.number", "text", True, "số hiệu", "number", '"19-NQ/TW"'),
    Field("resolution.name", "text", True, "trích yếu", "summary title",
          '"về nông nghiệp, nông dân, nông thôn …"'),
    Field("resolution.issuer", "text", True, "cơ quan ban hành", "issued by",
          '"Ban Chấp hành Trung ương"'),
    Field("resolution.issued", "date", True, "ngày ban hành", "issued on", "2022-06-16"),
    Field("resolution.term", "text", False, "khóa", "term", '"XIII"'),
    Field("level", "level", True, "cấp", "level", "trung-uong"),
    Field("compiled_by", "text", True, "đơn vị biên soạn", "compiled by",
          '"Ban Tuyên giáo …"'),
    Field("updated", "date", True, "ngày cập nhật", "updated on", "2022-07-01"),
    Field("tags", "tags", False, "chủ đề", "topics", "[nông nghiệp, nông thôn]"),
    Field("description", "text", False, "mô tả ngắn", "description", '"…"'),
)
FIELD_KEYS: dict[str, Field] = {field.key: field for field in FIELDS}

# Keys MkDocs and Material read from front matter; allowed beside ours.
THEME_KEYS: frozenset[str] = frozenset(
    {"template", "hide", "icon", "status", "search", "subtitle", "social", "comments"}
)

# The question label per language: "Câu 5." in Vietnamese, "Question 5." in English.
# The canonical form is the label, the number and a full stop.
QUESTION_LABELS: dict[str, str] = {"vi": "Câu", "en": "Question"}
QUESTION_ANCHOR = "cau-{number}"
