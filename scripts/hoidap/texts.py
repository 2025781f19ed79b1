"""Words readers see that come from Python (labels, dates, counts), in each site language."""

from __future__ import annotations

import datetime as dt

from hoidap.schema import LEVEL_KEYS

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "number": "Số hiệu",
        "name": "Trích yếu",
        "issuer": "Cơ quan ban hành",
        "issued": "Ngày ban hành",
        "term": "Khóa",
        "level": "Cấp",
        "compiled_by": "Biên soạn",
        "updated": "Cập nhật",
        "tags": "Chủ đề",
        "card": "Thông tin nghị quyết",
        "questions": "{count} câu hỏi",
        "question_index": "Danh sách {count} câu hỏi",
        "booklets": "{count} tài liệu",
        "newest": "Mới cập nhật",
        "browse": "Tra cứu tài liệu",
        "see_all": "Xem tất cả theo năm",
        "empty": "Chưa có tài liệu nào.",
        "no_year": "Không rõ năm",
    },
    "en": {
        "number": "Number",
        "name": "Title",
        "issuer": "Issued by",
        "issued": "Issued on",
        "term": "Term",
        "level": "Level",
        "compiled_by": "Compiled by",
        "updated": "Updated",
        "tags": "Topics",
        "card": "About the resolution",
        "questions": "{count} questions",
        "question_index": "All {count} questions",
        "booklets": "{count} booklets",
        "newest": "Recently updated",
        "browse": "Browse booklets",
        "see_all": "See all by year",
        "empty": "No booklets yet.",
        "no_year": "Year unknown",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The reader-facing text ``key`` in ``lang`` (Vietnamese when the language is unknown)."""
    table = TEXTS.get(lang, TEXTS["vi"])
    return table[key].format(**values)


def date(lang: str, value: dt.date) -> str:
    """A date as readers of ``lang`` write it: ``16/6/2022`` or ``16 June 2022``."""
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.day}/{value.month}/{value.year}"


def level(lang: str, key: str) -> str:
    """The name of a level in ``lang``."""
    entry = LEVEL_KEYS[key]
    return entry.en if lang == "en" else entry.vi
