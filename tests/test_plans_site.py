"""Study plans on the built site: the schedule page, its calendar files (parsed back by icalendar and by a strict
RFC 5545 line check written here), the full schedule (every session of every plan), and the home page's "Sắp diễn
ra": the sessions not ended at the build (sites built as on 1 February 2022, SOURCE_DATE_EPOCH), soonest first, at
most twelve, then in Chromium with the page's clock set before and after the sessions, and without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
import vobject
import yaml
from conftest import PHONE
from hoidap.model.booklet import read_document
from hoidap.site import plans
from hypothesis import given, settings
from hypothesis import strategies as st
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


TIMES = st.none() | st.times().map(lambda t: t.strftime("%H:%M"))
DATES = st.dates() | st.dates(min_value=dt.date(9999, 12, 1))   # any, and the last month a date can hold


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(DATES | DATES.map(lambda d: d.strftime("%Y-%m")), TIMES, TIMES),
                min_size=1, max_size=3))
def test_any_plan_the_model_accepts_renders_on_the_site(sessions):
    """Dates of any year (0001–9999, a day or a month) and times: the model refuses what the site cannot show
    (a session's end past 9999-12-31 broke the build), and what it accepts renders: views, listing, calendars."""
    items = [{"title": f"Buổi {n}", "date": day, "form": "truc-tiep", **({"start": start} if start else {}),
              **({"end": end} if end else {})} for n, (day, start, end) in enumerate(sessions, 1)]
    text = "---\n" + yaml.safe_dump({"title": "Kế hoạch", "plan": {"resolutions": ["19-NQ/TW"], "organiser": "Ban",
                                                                      "sessions": items}}, allow_unicode=True)
    document = read_document(text + "---\n\nNội dung.\n", "ke-hoach/thu.md")
    if document.plan is None:
        assert document.findings and all(f.line >= 1 for f in document.findings)
        return
    plan = plans.Listed("ke-hoach/thu.md", "ke-hoach/thu/", document.plan)
    now = dt.datetime(2026, 1, 1, tzinfo=ZONE)
    for lang in ("vi", "en"):
        plans.view(plan, "ke-hoach/thu/", lang, {})
        plans.upcoming([plan], "", lang, now)
        plans.listing([plan], "tra-cuu/ke-hoach/", lang, now)
    for data in plans.calendar_files([plan], "vi", None).values():
        rfc5545_lines(data)


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


def test_the_full_schedule_lists_every_session_of_the_sample_plan(built_site: Path):
    root = lxml.html.parse(str(built_site / "tra-cuu/ke-hoach/index.html")).getroot()
    (plan,) = root.xpath("//ul[@data-hd-schedule]/li")
    assert plan.xpath("a/@href") == ["../../" + PLAN_PAGE]
    (session,) = plan.xpath(".//li[@data-hd-ends]")
    assert session.get("data-hd-ends") == "2022-04-01T00:00:00+07:00"
    assert session.get("data-hd-past") == ""        # March 2022: ended when the site was built
    assert session.xpath("string(.//time)") == "Tháng 3/2022 (chưa ghi ngày)"
    assert session.xpath(".//time/@datetime") == ["2022-03"]
    assert [text.strip() for text in session.itertext() if text.strip()] == [
        "Tháng 3/2022 (chưa ghi ngày)", "· Đã diễn ra",
        "Hội nghị trực tuyến nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII của Đảng", "Hình thức: Trực tuyến"]
    assert root.xpath("//script[contains(@src, 'assets/javascripts/upcoming.')]/@defer")
    english = lxml.html.parse(str(built_site / "en/tra-cuu/ke-hoach/index.html")).getroot()
    assert "No study plan yet." in english.text_content()
    assert not english.xpath("//script[contains(@src, 'assets/javascripts/upcoming.')]")
    assert not lxml.html.parse(str(built_site / "en/index.html")).getroot().xpath("//*[@data-hd-upcoming]")


# ---- the home page's "Sắp diễn ra", decided at the build (SOURCE_DATE_EPOCH) and by the reader's clock ----

EARLY_2022 = {"SOURCE_DATE_EPOCH": "1643648400"}   # 1 February 2022, 00:00 in Vietnam
BUILT = dt.datetime(2022, 2, 1, tzinfo=ZONE)
# (number, day, start, end): two sessions ended at the build (the second exactly at it: a whole day ending at
# midnight), then fifteen, written out of order; with the sample's March conference, sixteen still to come
SESSIONS = [(1, dt.date(2022, 1, 10), "07:30", "11:00"), (2, dt.date(2022, 1, 31), None, None),
            (3, dt.date(2022, 2, 1), "07:30", "11:00"), (4, dt.date(2022, 3, 1), "14:00", "16:30")] + [
    (5 + index, dt.date(2022, 2, 8) + dt.timedelta(weeks=index + (index > 2)), "08:00", "11:00")
    for index in range(13)]


def schedule_plan() -> str:
    lines = ["---", 'title: "Lịch học tập thử"', "plan:", '  resolutions: ["19-NQ/TW"]',
             '  organiser: "Ban Tuyên giáo"', "  sessions:"]
    for number, day, start, end in reversed(SESSIONS):
        lines += [f'    - title: "Buổi {number}"', f"      date: {day.isoformat()}", "      form: truc-tiep",
                  f'      place: "Hội trường {number}"']
        lines += [f'      start: "{start}"', f'      end: "{end}"'] if start else []
    return "\n".join([*lines, "---", "", "Nội dung.", ""])


def add_schedule_plan(project: Path) -> None:
    (project / "docs/ke-hoach/lich-thu.md").write_text(schedule_plan(), encoding="utf-8")


def expected_home() -> list[str]:
    """The home page's titles, worked out here: not ended at the build, soonest first, at most twelve."""
    def bounds(day: dt.date, start: str | None, end: str | None) -> tuple[dt.datetime, dt.datetime]:
        if start is None:
            first = dt.datetime.combine(day, dt.time(), ZONE)
            return first, first + dt.timedelta(days=1)
        return tuple(dt.datetime.combine(day, dt.time.fromisoformat(t), ZONE) for t in (start, end))

    sample = "Hội nghị trực tuyến nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII của Đảng"
    timed = [(bounds(day, start, end), f"Buổi {number}") for number, day, start, end in SESSIONS]
    timed.append(((dt.datetime(2022, 3, 1, tzinfo=ZONE), dt.datetime(2022, 4, 1, tzinfo=ZONE)), sample))
    coming = sorted((when, title) for when, title in timed if when[1] > BUILT)
    assert len(coming) == 16
    return [title for _, title in coming[:plans.UPCOMING_LIMIT]]


def test_the_home_page_lists_the_sessions_not_ended_at_the_build_soonest_first_at_most_twelve(site_factory):
    build = site_factory("plans-2022", edit=add_schedule_plan, env=EARLY_2022)
    assert build.ok, build.output
    root = lxml.html.parse(str(build.site / "index.html")).getroot()
    (section,) = root.xpath("//section[@data-hd-upcoming]")
    titles = section.xpath(".//li[@data-hd-ends]/a/text()")
    assert plans.UPCOMING_LIMIT == 12 and titles == expected_home()
    assert "Buổi 1" not in titles and "Buổi 2" not in titles          # ended before the build
    assert section.xpath(".//li[@data-hd-ends]")[0].xpath("string(.//time)") == "1/2/2022, 07:30–11:00"
    assert section.xpath("string(.//p[@data-hd-upcoming-all])") == (
        "Các buổi chưa kết thúc tính đến ngày 1/2/2022 (ngày dựng trang).")
    assert section.xpath(".//p[@data-hd-upcoming-more]/a/@href") == ["tra-cuu/ke-hoach/"]
    assert section.xpath("string(.//p[@data-hd-upcoming-more]/a)") == "Xem toàn bộ lịch học tập"
    none = section.xpath(".//p[@data-hd-upcoming-none]")[0]    # for upcoming.js: more sessions exist than shown
    assert none.get("hidden") is not None and none.xpath("a/@href") == ["tra-cuu/ke-hoach/"]
    assert none.text.startswith("Các buổi nêu ở đây đều đã qua")


def test_the_full_schedule_lists_every_session_with_the_ended_ones_marked(site_factory):
    build = site_factory("plans-2022", edit=add_schedule_plan, env=EARLY_2022)
    assert build.ok, build.output
    root = lxml.html.parse(str(build.site / "tra-cuu/ke-hoach/index.html")).getroot()
    plan = next(li for li in root.xpath("//ul[@data-hd-schedule]/li") if li.xpath("string(a)") == "Lịch học tập thử")
    rows = plan.xpath(".//li[@data-hd-ends]")
    titles = [row.xpath("string(br/following-sibling::text()[1])") for row in rows]
    assert sorted(titles) == sorted(f"Buổi {number}" for number, *_ in SESSIONS)   # every session
    assert titles[:3] == ["Buổi 1", "Buổi 2", "Buổi 3"]                            # in order of time
    assert [row.get("data-hd-past") is not None for row in rows[:3]] == [True, True, False]
    first = rows[0]
    assert first.xpath("string(.//time)") == "10/1/2022, 07:30–11:00"
    assert first.xpath(".//time/@datetime") == ["2022-01-10T07:30:00+07:00"]
    assert first.xpath("string(span[@class='hd-list__facts'])") == (
        "Hình thức: Trực tiếp · Địa điểm: Hội trường 1")
    assert rows[1].xpath("string(.//time)") == "31/1/2022"


def home(browser, site_url: str, now: dt.datetime | None, javascript: bool = True, path: str = ""):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="vi-VN")
    page = context.new_page()
    if now is not None:
        page.clock.install(time=now)
    page.goto(site_url + "/" + path)
    return context, page


@pytest.mark.browser
@pytest.mark.parametrize(("now", "shown"), [(dt.datetime(2022, 3, 20, 9, tzinfo=ZONE), True),
                                             (dt.datetime(2022, 3, 31, 23, 59, tzinfo=ZONE), True),
                                             (dt.datetime(2022, 4, 1, 0, 1, tzinfo=ZONE), False)])
def test_upcoming_keeps_the_sessions_not_yet_ended_by_the_readers_clock(browser, site_factory, now, shown):
    context, page = home(browser, site_factory.url("sample-2022", env=EARLY_2022), now)
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section).to_have_attribute("data-hd-ready", "")
        expect(section.get_by_role("heading", name="Sắp diễn ra")).to_be_visible()
        expect(section.locator("[data-hd-upcoming-all]")).to_be_hidden()
        link = section.get_by_role("link", name="Xem toàn bộ lịch học tập")
        expect(link).to_have_count(1)     # one link shown: under the list, or in the line saying none is left
        expect(link).to_have_attribute("href", "tra-cuu/ke-hoach/")
        if shown:
            expect(section.locator("li[data-hd-ends]")).to_be_visible()
            expect(section.locator("time")).to_have_text("Tháng 3/2022 (chưa ghi ngày)")
            expect(section.locator("[data-hd-upcoming-none]")).to_be_hidden()
        else:  # nothing left to come: a line says so in the list's place
            expect(section.locator("li[data-hd-ends]")).to_be_hidden()
            expect(section.locator("[data-hd-upcoming-none]")).to_have_text(
                "Chưa có buổi học tập nào sắp diễn ra. Xem toàn bộ lịch học tập")
    finally:
        context.close()


@pytest.mark.browser
def test_after_every_listed_session_the_line_sends_to_the_full_schedule(browser, site_factory):
    url = site_factory.url("plans-2022", add_schedule_plan, EARLY_2022)
    context, page = home(browser, url, dt.datetime(2022, 6, 1, 8, tzinfo=ZONE))
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section).to_have_attribute("data-hd-ready", "")
        expect(section.locator("li[data-hd-ends]")).to_have_count(12)
        expect(section.locator("li[data-hd-ends]:visible")).to_have_count(0)
        none = section.locator("[data-hd-upcoming-none]")
        expect(none).to_have_text("Các buổi nêu ở đây đều đã qua. Xem toàn bộ lịch học tập")
        expect(section.get_by_role("link", name="Xem toàn bộ lịch học tập")).to_have_count(1)
        none.get_by_role("link").click()
        schedule = page.locator("[data-hd-schedule]")
        expect(schedule).to_have_attribute("data-hd-ready", "")
        rows = schedule.locator("li[data-hd-ends]")
        expect(rows).to_have_count(len(SESSIONS) + 1)
        expect(schedule.locator("li[data-hd-ends]:not([data-hd-past])")).to_have_count(0)   # all ended by June
        expect(schedule.locator("li[data-hd-past] .hd-ended").first).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("now", "past"), [(dt.datetime(2022, 2, 1, 9, tzinfo=ZONE), 2),
                                            (dt.datetime(2022, 2, 1, 12, tzinfo=ZONE), 3)])
def test_the_full_schedule_marks_the_sessions_ended_by_the_readers_clock(browser, site_factory, now, past):
    url = site_factory.url("plans-2022", add_schedule_plan, EARLY_2022)
    context, page = home(browser, url, now, path="tra-cuu/ke-hoach/")
    try:
        schedule = page.locator("[data-hd-schedule]")
        expect(schedule).to_have_attribute("data-hd-ready", "")
        plan = schedule.locator(":scope > li", has_text="Lịch học tập thử")
        expect(plan.locator("li[data-hd-past]")).to_have_count(past)
        expect(plan.locator("li[data-hd-past] .hd-ended")).to_have_count(past)
        for index in range(past):
            expect(plan.locator("li[data-hd-ends]").nth(index).locator(".hd-ended")).to_be_visible()
        expect(plan.locator("li[data-hd-ends]").nth(past).locator(".hd-ended")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_sessions_coming_up_at_the_build_are_listed_with_their_date(browser, site_factory):
    url = site_factory.url("plans-2022", add_schedule_plan, EARLY_2022)
    context, page = home(browser, url, None, javascript=False)
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section.get_by_role("heading", name="Sắp diễn ra")).to_be_visible()
        expect(section.locator("li[data-hd-ends]:visible")).to_have_count(12)
        expect(section.locator("li[data-hd-ends] a")).to_have_text(expected_home())
        expect(section.locator("time").first).to_have_text("1/2/2022, 07:30–11:00")
        expect(section.locator("[data-hd-upcoming-all]")).to_be_visible()
        expect(section.locator("[data-hd-upcoming-all]")).to_have_text(
            "Các buổi chưa kết thúc tính đến ngày 1/2/2022 (ngày dựng trang).")
        expect(section.locator("[data-hd-upcoming-none]")).to_be_hidden()
        expect(section.get_by_role("link", name="Xem toàn bộ lịch học tập")).to_be_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_nothing_coming_up_at_the_build_is_said_with_the_link(browser, site_url, javascript):
    """The sample plan is of March 2022: built today, nothing is coming up, and the section says so."""
    context, page = home(browser, site_url, None, javascript=javascript)
    try:
        section = page.locator("[data-hd-upcoming]")
        expect(section.get_by_role("heading", name="Sắp diễn ra")).to_be_visible()
        expect(section.locator("[data-hd-upcoming-none]")).to_have_text(
            "Chưa có buổi học tập nào sắp diễn ra. Xem toàn bộ lịch học tập")
        expect(section.locator("li")).to_have_count(0)
        expect(section.get_by_role("link", name="Xem toàn bộ lịch học tập")).to_have_attribute(
            "href", "tra-cuu/ke-hoach/")
    finally:
        context.close()


def test_nothing_coming_up_at_the_build_is_one_line_after_the_booklets_without_a_script(built_site: Path):
    """A line saying nothing is coming up must not push the first booklet off a phone's first screen (issue 16's
    test_first_screen_browser): it follows the page's content, and there is nothing for upcoming.js to do."""
    root = lxml.html.parse(str(built_site / "index.html")).getroot()
    (section,) = root.xpath("//section[@data-hd-upcoming]")
    assert section.xpath("preceding::ul[contains(@class, 'hd-list')]")     # under the booklets
    assert not root.xpath("//div[contains(@class, 'hd-upcoming-band')]")
    assert section.xpath("string(.//p[@data-hd-upcoming-none])") == (
        "Chưa có buổi học tập nào sắp diễn ra. Xem toàn bộ lịch học tập")
    assert not root.xpath("//script[contains(@src, 'assets/javascripts/upcoming.')]")


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def add_hostile_plan(project: Path) -> None:
    text = TIMED.replace("Hội trường A", HOSTILE.replace('"', '\\"')).replace("Hội nghị trực tiếp", "<b>x</b>").replace(
        '"Ban Thường vụ Tỉnh ủy"', '"' + HOSTILE.replace('"', '\\"') + '"')
    (project / "docs/ke-hoach/thu.md").write_text(text + "\nNội dung.\n", encoding="utf-8")


def test_a_plans_values_are_text_on_its_page_the_home_page_and_the_full_schedule(site_factory):
    build = site_factory("hostile-plan", edit=add_hostile_plan, env=EARLY_2022)   # its sessions on the home page
    assert build.ok, build.output
    home_page = lxml.html.parse(str(build.site / "index.html")).getroot()
    assert "<b>x</b>" in home_page.xpath("string(//section[@data-hd-upcoming])")
    for path in ("ke-hoach/thu/index.html", "index.html", "tra-cuu/ke-hoach/index.html"):
        root = lxml.html.parse(str(build.site / path)).getroot()
        assert not root.xpath("//img[@onerror] | //*[@onerror]")
        assert not [s for s in root.xpath("//script") if "alert(" in (s.text or "")]
        assert not root.xpath("//b[text()='x']") and "<b>x</b>" in root.text_content()  # a session's title
    page = lxml.html.parse(str(build.site / "ke-hoach/thu/index.html")).getroot()
    assert HOSTILE in page.xpath("//li[@class='hd-session']")[0].text_content()
    (event, _) = Calendar.from_ical((build.site / "ke-hoach/thu/ke-hoach.ics").read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == HOSTILE


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "tra-cuu/ke-hoach/"], ids=["home", "full-schedule"])
def test_axe_finds_nothing_with_sessions_coming_up_and_ended(browser, site_factory, path):
    from test_accessibility import axe_violations, readable

    url = site_factory.url("plans-2022", add_schedule_plan, EARLY_2022)
    context, page = home(browser, url, dt.datetime(2022, 2, 20, 9, tzinfo=ZONE), path=path)
    try:
        expect(page.locator("[data-hd-ready]")).to_have_count(1)
        expect(page.locator("li[data-hd-ends]:visible").first).to_be_visible()
        violations = axe_violations(page)
        assert violations == [], readable(violations)
    finally:
        context.close()
