"""Validate a booklet's front matter against the schema and turn it into typed metadata."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from hoidap.authoring import answers
from hoidap.model.findings import Finding
from hoidap.model.frontmatter import FrontMatter
from hoidap.model.schema import FIELD_KEYS, FIELDS, LEVEL_KEYS, LEVELS, THEME_KEYS, Field
from hoidap.vietnamese.vntext import nfc


@dataclass(frozen=True)
class Resolution:
    """The resolution a booklet explains."""

    number: str
    name: str
    issuer: str
    issued: dt.date
    term: str | None = None


@dataclass(frozen=True)
class Metadata:
    """A booklet's front matter, validated."""

    title: str
    resolution: Resolution
    level: str
    compiled_by: str
    updated: dt.date
    tags: tuple[str, ...] = ()
    description: str | None = None


def read_metadata(front: FrontMatter, path: str) -> tuple[Metadata | None, list[Finding]]:
    """Validate ``front``; return the metadata (None when any error) and every finding."""
    findings: list[Finding] = []
    values: dict[str, Any] = {}
    data = front.data
    resolution = data.get("resolution")
    if "resolution" in data and not isinstance(resolution, dict):
        findings.append(_finding(front, path, "resolution", (
            "'resolution:' phải chứa các trường con thụt lề hai dấu cách bên dưới "
            "(number, name, issuer, issued, term)."
        )))
        resolution = {}
    for field in FIELDS:
        head, _, tail = field.key.partition(".")
        container = (resolution or {}) if tail else data
        key = tail or head
        if key not in container or container[key] is None or container[key] == "":
            if field.required:
                findings.append(_finding(front, path, field.key, _missing(field)))
            continue
        value, problem = _convert(field, container[key])
        if problem:
            findings.append(_finding(front, path, field.key, problem))
        else:
            values[field.key] = value
    findings.extend(_unknown_keys(front, path, resolution if isinstance(resolution, dict) else {}))
    if any(f.severity == "error" for f in findings):
        return None, findings
    return Metadata(
        title=values["title"],
        resolution=Resolution(
            number=values["resolution.number"],
            name=values["resolution.name"],
            issuer=values["resolution.issuer"],
            issued=values["resolution.issued"],
            term=values.get("resolution.term"),
        ),
        level=values["level"],
        compiled_by=values["compiled_by"],
        updated=values["updated"],
        tags=values.get("tags", ()),
        description=values.get("description"),
    ), findings


def _convert(field: Field, value: Any) -> tuple[Any, str | None]:
    name = field.key.split(".")[-1]
    if field.kind == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return nfc(str(value).strip()), None
        return None, f"'{field.key}' ({field.vi}) phải là một dòng chữ ({field.form}), viết: {name}: {field.example}."
    if field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        try:  # the author's own date written another way (16/6/2022): say how to write it
            fixed = f"ghi {name}: {answers.date(str(value)).isoformat()}"
        except answers.BadAnswer:
            fixed = (f"viết {name}: NĂM-THÁNG-NGÀY bằng số (bốn chữ số năm, hai chữ số tháng, "
                     "hai chữ số ngày)")
        return None, (f"'{field.key}' ({field.vi}) phải là ngày viết theo dạng NĂM-THÁNG-NGÀY: {fixed}; "
                      f"đang ghi: {value!r}.")
    if field.kind == "level":
        if isinstance(value, str) and value in LEVEL_KEYS:
            return value, None
        choices = ", ".join(f"{lv.key} ({lv.vi})" for lv in LEVELS)
        try:  # the level named in words ("Trung ương"): say its key
            hint = f" Cấp '{value}' viết là: level: {answers.level(str(value))}."
        except answers.BadAnswer:
            hint = ""
        return None, f"cấp '{value}' không có trong danh sách. Chọn một trong: {choices}.{hint}"
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        return tuple(dict.fromkeys(nfc(str(v).strip()) for v in value)), None
    return None, f"'{field.key}' ({field.vi}) phải là danh sách chủ đề ({field.form}), viết: tags: {field.example}."


def _missing(field: Field) -> str:
    """What to add for a missing field: its line with a placeholder in its form, and what to write there (never a
    value taken from another booklet)."""
    head, _, tail = field.key.partition(".")
    if tail:
        where = f"thêm dòng '  {tail}: {field.example}' (thụt lề hai dấu cách) dưới dòng '{head}:'"
    else:
        where = f"thêm dòng '{head}: {field.example}'"
    placeholder = field.example if field.kind == "date" else "'…'"
    return f"thiếu trường bắt buộc '{field.key}' ({field.vi}): {where}, thay {placeholder} bằng {field.form}."


def _unknown_keys(front: FrontMatter, path: str, resolution: dict[str, Any]) -> list[Finding]:
    known_top = {key.partition(".")[0] for key in FIELD_KEYS} | THEME_KEYS
    known_sub = {key.partition(".")[2] for key in FIELD_KEYS if "." in key}
    findings = []
    for keys, known, prefix in ((front.data, known_top, ""), (resolution, known_sub, "resolution.")):
        for key in keys:
            if str(key) in known:
                continue
            close = difflib.get_close_matches(str(key), sorted(known), n=1)
            hint = f" Có phải ý bạn là '{prefix}{close[0]}'?" if close else ""
            findings.append(Finding(path, front.line_of(f"{prefix}{key}"), "front-matter", "warning",
                                    f"trường '{prefix}{key}' không thuộc định dạng tài liệu nên sẽ bị bỏ qua.{hint}"))
    return findings


def _finding(front: FrontMatter, path: str, key: str, message: str) -> Finding:
    return Finding(path, front.line_of(key), "front-matter", "error", message)
