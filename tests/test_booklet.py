"""The booklet parser: format, anchors, line numbers and Vietnamese errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import parse_file
from hoidap.model.booklet import heading_id, match_question, parse
from hoidap.model.findings import BookletError
from hoidap.model.schema import FIELDS

FIXTURES = Path(__file__).parent / "fixtures"
FULL = (FIXTURES / "full.md").read_text(encoding="utf-8")


def parse_full():
    booklet = parse(FULL, "full.md")
    assert booklet is not None
    return booklet


def test_metadata_is_typed():
    meta = parse_full().meta
    assert meta.title == "Hỏi - đáp thử nghiệm"
    assert meta.resolution.number == "19-NQ/TW"
    assert meta.resolution.issued == dt.date(2022, 6, 16)
    assert meta.resolution.term == "XIII"
    assert meta.level == "trung-uong"
    assert meta.updated == dt.date(2022, 7, 1)
    assert meta.tags == ("nông nghiệp", "nông thôn")


def test_parts_questions_and_answers():
    booklet = parse_full()
    assert booklet.intro == "Lời giới thiệu ngắn."
    assert [p.heading.text for p in booklet.parts] == ["Phần I. Đổi mới", "Phần II. Học tập"]
    assert booklet.parts[0].intro == "Giới thiệu phần một."
    assert [(q.number, q.text, q.anchor) for q in booklet.questions] == [
        (1, "Nghị quyết do ai ban hành?", "cau-1"),
        (2, "Ban hành ngày nào?", "cau-2"),
        (3, "Học ở đâu?", "cau-3"),
    ]
    first = booklet.questions[0].answer
    assert "Câu 9" in first, "a heading inside fenced code belongs to the answer"
    assert "#### Ghi chú" in first, "deeper headings belong to the answer"
    assert booklet.questions[2].answer == "Tại chi bộ."


def test_line_numbers_point_at_the_source():
    lines = FULL.splitlines()
    booklet = parse_full()
    for question in booklet.questions:
        assert lines[question.heading.line - 1].startswith(f"### Câu {question.number}.")
    assert lines[booklet.parts[1].heading.line - 1] == "Phần II. Học tập"
    assert booklet.body_line == 15


def test_every_body_line_lands_in_the_model():
    booklet = parse_full()
    kept = "\n".join([booklet.intro] + [p.intro for p in booklet.parts] + [q.answer for q in booklet.questions])
    body = FULL.split("---\n", 2)[2]
    for line in body.splitlines():
        if line.strip() and not line.startswith(("#", "---")) and not re.fullmatch(r"-+|Phần II. Học tập", line):
            assert line in kept


def test_ordinary_page_is_not_a_booklet():
    assert parse("---\ntitle: Trang chủ\n---\n\n# Xin chào\n", "index.md") is None
    assert parse("Chỉ có chữ.\n", "x.md") is None


def test_questions_without_resolution_make_a_booklet_with_errors():
    with pytest.raises(BookletError) as error:
        parse("## Câu 1. Hỏi?\n\nĐáp.\n", "q.md")
    assert any("resolution.number" in f.message for f in error.value.findings)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.required], ids=lambda f: f.key)
def test_each_required_field_missing_is_reported_with_its_line(field):
    head, _, tail = field.key.partition(".")
    key = tail or head
    lines = FULL.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    text = "\n".join(lines[:index] + lines[index + 1:])
    with pytest.raises(BookletError) as error:
        parse(text, "docs/x.md")
    findings = error.value.findings
    assert [f.code for f in findings] == ["front-matter"]
    assert f"'{field.key}'" in findings[0].message
    assert "thiếu trường bắt buộc" in findings[0].message
    assert 1 <= findings[0].line <= 14
    assert str(error.value).startswith("docs/x.md:")


def test_all_missing_fields_are_reported_at_once():
    with pytest.raises(BookletError) as error:
        parse("---\nresolution: {}\n---\n## Câu 1. Hỏi?\nĐáp\n", "x.md")
    required = [f.key for f in FIELDS if f.required]
    assert len(error.value.findings) == len(required)


def test_bad_yaml_reports_the_line_in_vietnamese():
    text = FULL.replace('compiled_by: "Ban Tuyên giáo (thử)"', 'compiled_by: "Ban Tuyên giáo (thử)')
    with pytest.raises(BookletError) as error:
        parse(text, "x.md")
    (finding,) = error.value.findings
    assert finding.code == "front-matter"
    assert "YAML" in finding.message and "ngoặc kép" in finding.message
    assert 10 <= finding.line <= 15


def test_tab_indentation_is_explained():
    text = FULL.replace('  number: "19-NQ/TW"', '\tnumber: "19-NQ/TW"')
    with pytest.raises(BookletError) as error:
        parse(text, "x.md")
    assert error.value.findings[0].line == 4
    assert "Tab" in error.value.findings[0].message


def test_unclosed_front_matter():
    with pytest.raises(BookletError) as error:
        parse("---\ntitle: x\n\n## Câu 1. Hỏi?\n", "x.md")
    assert "không có dòng '---' đóng lại" in error.value.findings[0].message


@pytest.mark.parametrize("value", ['"16/6/2022"', "2022-13-01", "hôm qua", "[2022]"])
def test_bad_dates(value):
    text = FULL.replace("issued: 2022-06-16", f"issued: {value}")
    with pytest.raises(BookletError) as error:
        parse(text, "x.md")
    (finding,) = error.value.findings
    assert finding.line == 7
    assert "NĂM-THÁNG-NGÀY" in finding.message


def test_unknown_level_lists_the_choices():
    with pytest.raises(BookletError) as error:
        parse(FULL.replace("level: trung-uong", "level: quoc-gia"), "x.md")
    (finding,) = error.value.findings
    assert finding.line == 9
    assert "trung-uong (Trung ương)" in finding.message


def test_unknown_key_is_a_warning_with_a_suggestion():
    booklet = parse(FULL.replace("description:", "descripton:"), "x.md")
    assert booklet is not None
    (warning,) = booklet.findings
    assert warning.severity == "warning"
    assert "'description'" in warning.message


def test_front_matter_that_is_not_a_mapping():
    with pytest.raises(BookletError):
        parse("---\n- a\n- b\n---\n## Câu 1. Hỏi?\n", "x.md")


def test_not_utf8(tmp_path):
    path = tmp_path / "old.md"
    path.write_bytes("---\ntitle: x\n---\nT\u00e6 qu\u00e8c\n".encode("cp1252"))
    with pytest.raises(BookletError) as error:
        parse_file(path, "old.md")
    assert error.value.findings[0].code == "unicode"
    assert error.value.findings[0].line == 4


@pytest.mark.parametrize(
    ("text", "number", "canonical"),
    [
        ("Câu 1. Hỏi gì?", 1, True),
        ("Câu 12: Hỏi gì?", 12, False),
        ("Câu hỏi 3. Hỏi gì?", 3, False),
        ("CÂU 4. Hỏi gì?", 4, False),
        ("Question 5. What?", 5, True),
        ("Câu 6 Hỏi gì?", 6, False),
    ],
)
def test_question_labels(text, number, canonical):
    label = match_question(text)
    assert label is not None
    assert label.number == number
    assert label.canonical is canonical


@pytest.mark.parametrize("text", ["Câu lạc bộ", "Phần I. Câu chuyện", "Câu"])
def test_not_questions(text):
    assert match_question(text) is None


def test_heading_ids():
    assert heading_id("Câu 5. Vì sao phải học tập nghị quyết?") == "cau-5"
    assert heading_id("Câu hỏi 7: Ai?") == "cau-7"
    assert heading_id("Question 5. Why?") == "cau-5"
    assert heading_id("Phần I. Đổi mới") == "phan-i-doi-moi"
    assert heading_id("Đại hội") == "dai-hoi"
    assert heading_id("!!!") == "muc"


def test_setext_and_atx_variants():
    text = FULL.split("---\n", 2)
    body = "Phần I\n======\n\n##Câu 1. Không có dấu cách?\n\nCó.\n\n## Câu 2. Có dấu thăng đóng? ##\n\nCó.\n"
    booklet = parse(f"---\n{text[1]}---\n{body}", "x.md")
    assert [q.text for q in booklet.questions] == ["Không có dấu cách?", "Có dấu thăng đóng?"]
    assert booklet.parts[0].heading.level == 1


def test_an_unclosed_fence_hides_no_question():
    text = FULL.replace("Đây vẫn là câu trả lời của câu 1.", "```\nquên đóng khối mã")
    booklet = parse(text, "x.md")
    assert [q.number for q in booklet.questions] == [1, 2, 3]
