"""Study plans on the built site: the schedule page, its calendar files (parsed back by icalendar and by a strict
RFC 5545 line check written here), the plans' listing, and the home page's "Sắp diễn ra" in Chromium, with the
page's clock set before and after the sample session, and without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
import vobject
from conftest import PHONE
from hoidap.model.booklet import read_document
from hoidap.site import plans
from icalendar import Calendar
from playwright.sync_api import expect

PLAN_PAGE = "ke-hoach/dai-hoi-xiii-soc-trang/"
ZONE = dt.timezone(dt.timedelta(hours=7))
TIMED = """---
title: "Kế hoạch thử; có dấu phẩy, và chữ dài để dòng phải gập lại nhiều lần trong tệp lịch theo RFC 5545"
plan:
  resolutions: ["19-NQ/TW"]
  organiser: "Ban Thường vụ Tỉnh ủy"
  sessions:
    - title: "Hội nghị trực tiếp"
      date: 2022-09-15
      start: "07:30"
      end: "11:00"
      form: truc-tiep
      place: "Hội trường A"
      reporters: ["Báo cáo viên A", "Báo cáo viên B"]
    - title: "Hội nghị cả ngày"
      date: 2022-09-16
      form: ket-hop
---
"""


def rfc5545_lines(data: bytes) -> list[str]:
    """Unfold ``data`` after checking its line structure as RFC 5545 (3.1) requires, independently of icalendar:
    CRLF line ends, content lines of at most 75 octets, continuation lines opening with one space or tab, each
    unfolded line ``NAME[;PARAM=…]:value``, BEGIN/END nested and matched, VCALENDAR with VERSION:2.0 and PRODID,
    each VEVENT with UID, DTSTAMP and DTSTART."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    physical = data[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical), max(physical, key=len)
    data.decode("utf-8")  # folding must not split a character: each line decodes whole
    for line in physical:
        line.decode("utf-8")
    lines: list[str] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            assert lines, "a continuation line opens the file"
            lines[-1] += line[1:].decode("utf-8")
        else:
            lines.append(line.decode("utf-8"))
    name = re.compile(r'[A-Za-z0-9-]+(;[A-Za-z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*:')
    stack: list[tuple[str, set[str]]] = []
    for line in lines:
        assert name.match(line), line
        key = line.split(":", 1)[0].split(";", 1)[0].upper()
        value = line.split(":", 1)[1] if key in ("BEGIN", "END") else None
        if key == "BEGIN":
            stack.append((value, set()))
        elif key == "END":
            component, seen = stack.pop()
            assert component == value
            required = {"VCALENDAR": {"VERSION", "PRODID"}, "VEVENT": {"UID", "DTSTAMP", "DTSTART"},
                        "VTIMEZONE": {"TZID"}}.get(component, set())
            assert required <= seen, (component, required - seen)
        else:
            stack[-1][1].add(key)
    assert stack == [] and lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    return lines


def read_with_vobject(data: bytes) -> list:
    """The events of ``data`` as vobject reads them (a parser that shares no code with icalendar)."""
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    assert calendar.name == "VCALENDAR" and calendar.version.value == "2.0"
    return list(calendar.vevent_list)


def listed(text: str) -> plans.Listed:
    document = read_document(text, "ke-hoach/thu.md")
    assert document.plan is not None, document.findings
    return plans.Listed("ke-hoach/thu.md", "ke-hoach/thu/", document.plan)


def test_a_timed_session_is_in_vietnam_time_with_its_zone():
    plan = listed(TIMED)
    data = plans.calendar(plan, plan.plan.sessions, "vi", "https://example.org/")
    lines = rfc5545_lines(data)
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20220915T073000" in lines
    assert "DTEND;TZID=Asia/Ho_Chi_Minh:20220915T110000" in lines
    assert "DTSTART;VALUE=DATE:20220916" in lines and "DTEND;VALUE=DATE:20220917" in lines
    calendar = Calendar.from_ical(data)
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    first, second = calendar.walk("VEVENT")
    assert first.decoded("DTSTART") == dt.datetime(2022, 9, 15, 7, 30, tzinfo=ZONE)
    assert first.decoded("DTSTART").utcoffset() == dt.timedelta(hours=7)
    assert str(first["LOCATION"]) == "Hội trường A" and str(first["URL"]) == "https://example.org/ke-hoach/thu/"
    assert "Báo cáo viên A, Báo cáo viên B" in str(first["DESCRIPTION"])
    assert second.decoded("DTSTART") == dt.date(2022, 9, 16)
    # a second, independent parser (vobject) reads the same events, the zone from the file's own VTIMEZONE
    first, second = read_with_vobject(data)
    assert first.dtstart.value.replace(tzinfo=None) == dt.datetime(2022, 9, 15, 7, 30)
    assert first.dtstart.value.utcoffset() == dt.timedelta(hours=7)
    assert first.dtend.value.utcoffset() == dt.timedelta(hours=7) and first.location.value == "Hội trường A"
    assert second.dtstart.value == dt.date(2022, 9, 16)
    assert str(calendar["X-WR-CALNAME"]).startswith("Kế hoạch thử; có dấu phẩy")
    assert data == plans.calendar(plan, plan.plan.sessions, "vi", "https://example.org/")  # same content, same bytes


def test_the_sample_plan_page_shows_its_schedule(built_site: Path):
    root = lxml.html.parse(str(built_site / PLAN_PAGE / "index.html")).getroot()
    card = root.xpath("//section[@class='hd-card']")[0].text_content()
    assert "Ban Thường vụ Tỉnh ủy Sóc Trăng" in card and "Nghị quyết Đại hội XIII" in card
    sessions = root.xpath("//li[@class='hd-session']")
    assert len(sessions) == 1
    text = " ".join(sessions[0].text_content().split())
    assert "Tháng 3/2022 (chưa ghi ngày)" in text and "Trực tuyến" in text
    assert "124 (Cấp tỉnh: 1; Đảng ủy trực thuộc Tỉnh ủy: 3; Huyện, thị xã, thành phố: 11; Xã, phường, thị trấn: 109)" \
        in text
    assert sessions[0].xpath(".//time/@datetime") == ["2022-03"]
    links = root.xpath("//a[@download]/@href")
    assert links == ["ke-hoach.ics", "buoi-1.ics"]


@pytest.mark.parametrize("name", ["ke-hoach.ics", "buoi-1.ics"])
def test_the_sample_calendar_files_parse_back(built_site: Path, name: str):
    data = (built_site / PLAN_PAGE / name).read_bytes()
    rfc5545_lines(data)
    calendar = Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2022, 3, 1) and event.decoded("DTEND") == dt.date(2022, 4, 1)
    assert str(event["SUMMARY"]) == ("Hội nghị trực tuyến nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII "
                                     "của Đảng")
    assert "124" in str(event["DESCRIPTION"]) and "chưa ghi ngày" in str(event["DESCRIPTION"])
    (read,) = read_with_vobject(data)
    assert (read.dtstart.value, read.dtend.value) == (dt.date(2022, 3, 1), dt.date(2022, 4, 1))
    assert read.summary.value == str(event["SUMMARY"]) and read.uid.value == str(event["UID"])


def test_the_plans_page_lists_the_sample_plan(built_site: Path):
    root = lxml.html.parse(str(built_site / "tra-cuu/ke-hoach/index.html")).getroot()
    assert root.xpath("//ul[@class='hd-list']/li/a/@href") == ["../../" + PLAN_PAGE]
    english = lxml.html.parse(str(built_site / "en/tra-cuu/ke-hoach/index.html")).getroot()
    assert "No study plan yet." in english.text_content()
    assert not lxml.html.parse(str(built_site / "en/index.html")).getroot().xpath("//*[@data-hd-upcoming]")


def home(browser, site_url: str, now: dt.datetime | None, javascript: bool = True):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="vi-VN")
    page = context.new_page()
    if now is not None:
        page.clock.install(time=now)
    page.goto(site_url)
    return context, page


@pytest.mark.browser
@pytest.mark.parametrize(("now", "shown"), [(dt.datetime(2022, 3, 20, 9, tzinfo=ZONE), True),
                                             (dt.datetime(2022, 3, 31, 23, 59, tzinfo=ZONE), True),
                                             (dt.datetime(2022, 4, 1, 0, 1, tzinfo=ZONE), False)])
def test_upcoming_keeps_the_sessions_not_yet_ended_by_the_readers_clock(browser, site_url, now, shown):
    context, page = home(browser, site_url, now)
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section).to_have_attribute("data-hd-ready", "")
        if shown:
            expect(section.get_by_role("heading", name="Sắp diễn ra")).to_be_visible()
            expect(section.locator("li[data-hd-ends]")).to_be_visible()
            expect(section.locator("time")).to_have_text("Tháng 3/2022 (chưa ghi ngày)")
            expect(section.locator("[data-hd-upcoming-all]")).to_be_hidden()
            expect(section.get_by_role("link", name="Mọi kế hoạch học tập")).to_have_attribute(
                "href", "tra-cuu/ke-hoach/")
        else:  # nothing left to come: the section gives its place back to the booklets
            expect(section).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_every_session_is_listed_with_its_date(browser, site_url):
    context, page = home(browser, site_url, None, javascript=False)
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section.get_by_role("heading", name="Sắp diễn ra")).to_be_visible()
        expect(section.locator("li[data-hd-ends]")).to_be_visible()
        expect(section.locator("time")).to_have_text("Tháng 3/2022 (chưa ghi ngày)")
        expect(section.locator("[data-hd-upcoming-all]")).to_be_visible()
    finally:
        context.close()


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def add_hostile_plan(project: Path) -> None:
    text = TIMED.replace("Hội trường A", HOSTILE.replace('"', '\\"')).replace("Hội nghị trực tiếp", "<b>x</b>").replace(
        '"Ban Thường vụ Tỉnh ủy"', '"' + HOSTILE.replace('"', '\\"') + '"')
    (project / "docs/ke-hoach/thu.md").write_text(text + "\nNội dung.\n", encoding="utf-8")


def test_a_plans_values_are_text_on_its_page_and_the_home_page(site_factory):
    build = site_factory("hostile-plan", edit=add_hostile_plan)
    assert build.ok, build.output
    for path in ("ke-hoach/thu/index.html", "index.html"):
        root = lxml.html.parse(str(build.site / path)).getroot()
        assert not root.xpath("//img[@onerror] | //*[@onerror]")
        assert not [s for s in root.xpath("//script") if "alert(" in (s.text or "")]
        assert not root.xpath("//b[text()='x']") and "<b>x</b>" in root.text_content()  # a session's title
    page = lxml.html.parse(str(build.site / "ke-hoach/thu/index.html")).getroot()
    assert HOSTILE in page.xpath("//li[@class='hd-session']")[0].text_content()
    (event, _) = Calendar.from_ical((build.site / "ke-hoach/thu/ke-hoach.ics").read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == HOSTILE


@pytest.mark.browser
def test_axe_finds_nothing_on_the_home_page_with_a_session_coming_up(browser, site_url):
    from test_accessibility import axe_violations, readable

    context, page = home(browser, site_url, dt.datetime(2022, 3, 20, 9, tzinfo=ZONE))
    try:
        expect(page.locator("[data-hd-upcoming] li[data-hd-ends]")).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], readable(violations)
    finally:
        context.close()
