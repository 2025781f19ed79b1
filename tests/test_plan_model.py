"""The study plan model: a page with ``plan:`` read into Plan/Session, its mistakes as Vietnamese findings."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hoidap.model.booklet import read_document
from hoidap.model.codes import CODES
from hoidap.model.findings import BookletError
from hypothesis import given, settings
from hypothesis import strategies as st

PLAN = """---
title: "Kế hoạch học tập Nghị quyết số 19-NQ/TW"
plan:
  resolutions: ["19-NQ/TW", "Nghị quyết Đại hội XIII"]
  organiser: "Ban Thường vụ Tỉnh ủy"
  participants: "Cán bộ chủ chốt"
  sessions:
    - title: "Hội nghị trực tuyến"
      date: 2022-09-15
      start: "07:30"
      end: "11:00"
      form: truc-tuyen
      place: "Hội trường"
      reporters: ["Báo cáo viên A"]
      bridge_points:
        "Cấp tỉnh": 1
        "Cấp xã": 9
    - title: "Hội nghị ở cơ sở"
      date: "2022-10"
      form: ket-hop
      bridge_points: ["Hội trường xã"]
---

## Mục đích, yêu cầu

Nội dung.
"""


def session_lines(**changes: str) -> str:
    """PLAN with lines of its first session set: key → new value (empty string: the line removed)."""
    lines = PLAN.split("\n")
    second = lines.index('    - title: "Hội nghị ở cơ sở"')
    for key, value in changes.items():
        index = next(i for i in range(second) if lines[i].startswith(f"      {key}:"))
        lines[index] = f"      {key}: {value}" if value else None
    return "\n".join(line for line in lines if line is not None)


def test_a_plan_is_read_with_its_sessions():
    document = read_document(PLAN, "ke-hoach/thu.md")
    assert not document.is_booklet and document.findings == []
    plan = document.plan
    assert plan is not None and plan.organiser == "Ban Thường vụ Tỉnh ủy"
    assert plan.resolutions == ("19-NQ/TW", "Nghị quyết Đại hội XIII")
    first, second = plan.sessions
    assert (first.day, first.start, first.end) == (dt.date(2022, 9, 15), dt.time(7, 30), dt.time(11))
    assert first.bridge_points == (("Cấp tỉnh", 1), ("Cấp xã", 9)) and first.bridge_total == 10
    assert (second.day, second.month, second.start) == (None, dt.date(2022, 10, 1), None)
    assert second.bridge_points == (("Hội trường xã", None),)
    assert first.line == 8 and second.line == 18


@pytest.mark.parametrize(("changes", "code", "line"), [
    ({"date": "2022-02-30"}, "plan-time", 9),
    ({"date": "15/9/2022"}, "plan-time", 9),
    ({"date": ""}, "plan-time", 8),
    ({"end": "07:00"}, "plan-time", 11),
    ({"end": ""}, "plan-time", 8),
    ({"start": "25:00"}, "plan-time", 10),
    ({"form": "online"}, "plan-form", 12),
    ({"form": ""}, "plan-form", 8),
    ({"reporters": "[[1, 2]]"}, "plan-field", 14),
    ({"place": "[1, 2]"}, "plan-field", 13),
])
def test_a_wrong_session_is_an_error_at_its_line(changes, code, line):
    document = read_document(session_lines(**changes), "ke-hoach/thu.md")
    assert document.plan is None
    assert [(f.code, f.line, f.severity) for f in document.findings] == [(code, line, "error")], document.findings
    assert "buổi 1" in document.findings[0].message


@pytest.mark.parametrize(("changes", "code", "line", "says"), [
    ({"form": "[truc-tiep]"}, "plan-form", 12, "hình thức"),      # a list or a map: no traceback (unhashable)
    ({"form": "{truc-tiep: 1}"}, "plan-form", 12, "hình thức"),
    ({"date": '"0000-05"'}, "plan-time", 9, "không hợp lệ"),      # year 0: no date can hold it
    ({"date": '"9999-12"'}, "plan-time", 9, "năm 9999"),          # its month's end would be year 10000
    ({"date": "9999-12-31"}, "plan-time", 9, "năm 9999"),         # its day's end would be year 10000
    ({"date": "2202-09-15"}, "plan-time", 9, "từ 1930 đến 2100"),  # a typing mistake for 2022
    ({"date": "2022-09-15 07:30:00"}, "plan-time", 9, "có cả giờ"),   # the time was silently dropped
    ({"date": "[2022-09-15]"}, "plan-time", 9, "không phải danh sách"),
    ({"place": '"Hội trường\\x01A"'}, "plan-field", 13, "U+0001"),    # a control character, by a YAML escape
    ({"reporters": '["Báo cáo viên\\u0007"]'}, "plan-field", 14, "U+0007"),
    ({"start": "25:00"}, "plan-time", 10, "'25:00'"),            # YAML reads 25:00 as 1500: say what was written
    ({"end": '"01:00"', "start": '"22:00"'}, "plan-time", 11, "hai buổi"),   # across midnight: how to write it
])
def test_odd_values_are_vietnamese_errors_at_their_line(changes, code, line, says):
    document = read_document(session_lines(**changes), "ke-hoach/thu.md")
    assert document.plan is None
    assert [(f.code, f.line, f.severity) for f in document.findings] == [(code, line, "error")], document.findings
    assert says in document.findings[0].message, document.findings[0].message


@pytest.mark.parametrize("key", ['"Cấp\\x1b tỉnh": 1', '- "Hội trường\\x7f xã"'])
def test_a_control_character_in_a_bridge_point_is_an_error(key):
    text = PLAN.replace('        "Cấp tỉnh": 1\n        "Cấp xã": 9\n', f"        {key}\n")
    document = read_document(text, "ke-hoach/thu.md")
    assert document.plan is None
    assert [(f.code, f.line) for f in document.findings] == [("plan-field", 15)], document.findings


def test_a_blank_title_or_organiser_is_missing():
    text = PLAN.replace('"Kế hoạch học tập Nghị quyết số 19-NQ/TW"', '" "').replace('"Ban Thường vụ Tỉnh ủy"', '""')
    findings = read_document(text.replace('"Hội nghị trực tuyến"', '"   "'), "k.md").findings
    assert sorted((f.code, f.line) for f in findings) == [("plan-field", 2), ("plan-field", 5), ("plan-field", 8)]
    assert all("thiếu trường bắt buộc" in f.message for f in findings)


def test_missing_sessions_and_organiser_are_errors():
    text = PLAN.split("  sessions:")[0].replace('  organiser: "Ban Thường vụ Tỉnh ủy"\n', "") + "---\n"
    findings = read_document(text, "k.md").findings
    assert sorted((f.code, f.line) for f in findings) == [("plan-field", 3), ("plan-sessions", 3)]


def test_a_month_only_session_has_no_time():
    text = session_lines(date='"2022-09"')
    findings = read_document(text, "k.md").findings
    assert [(f.code, f.line) for f in findings] == [("plan-time", 9)]


def test_an_unknown_key_is_a_warning_and_the_plan_is_kept():
    text = PLAN.replace("      form: truc-tuyen\n", "      form: truc-tuyen\n      room: 5\n")
    document = read_document(text, "k.md")
    assert document.plan is not None
    assert [(f.code, f.severity, f.line) for f in document.findings] == [("plan-field", "warning", 13)]


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=12) | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["title", "date", "start", "end", "form", "place", "reporters", "bridge_points",
                         "sessions", "resolutions", "organiser", "x"]), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(plan=VALUES, title=st.text(max_size=8))
def test_any_plan_front_matter_gives_findings_never_a_traceback(plan, title):
    text = "---\n" + yaml.safe_dump({"title": title, "plan": plan}, allow_unicode=True) + "---\n\nNội dung.\n"
    try:
        document = read_document(text, "ke-hoach/thu.md")
    except BookletError as error:  # front matter that is not YAML at all: explained, with a line
        assert all(f.code == "front-matter" and f.line >= 1 for f in error.findings)
        return
    for finding in document.findings:
        assert finding.code in CODES and finding.line >= 1 and finding.message
    assert (document.plan is None) == any(f.severity == "error" for f in document.findings)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(list("plan:sessions- \n\"'[]{}:#&*!|>0123456789tđ")), max_size=80))
def test_any_text_under_plan_gives_a_vietnamese_error_or_a_plan(raw):
    text = "---\nplan:\n" + raw + "\n---\n"
    try:
        document = read_document(text, "k.md")
    except BookletError as error:
        assert error.findings and all(f.path == "k.md" for f in error.findings)
        return
    assert all(f.code in CODES for f in document.findings)
