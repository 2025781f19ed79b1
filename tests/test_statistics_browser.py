"""The statistics page in Chromium on a phone (390×844): no sideways scrolling, charts drawn, the sessions recounted
by the reader's clock (and, without JavaScript, counted as of the build date, which the page states), and the
page as printed."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import pytest
from conftest import PHONE
from playwright.sync_api import expect
from test_accessibility import assert_clean
from test_statistics import add_attendance

pytestmark = pytest.mark.browser

PAGE = "/tra-cuu/thong-ke/"
ZONE = dt.timezone(dt.timedelta(hours=7))
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def open_page(browser, url: str, now: dt.datetime | None = None, javascript: bool = True):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  java_script_enabled=javascript, locale="vi-VN")
    page = context.new_page()
    if now is not None:
        page.clock.install(time=now)
    page.goto(url)
    return context, page


@pytest.mark.parametrize("path", [PAGE, "/en" + PAGE])
def test_no_sideways_scrolling_on_a_phone_and_every_chart_drawn(browser, site_factory, path):
    context, page = open_page(browser, site_factory.url("attendance", add_attendance) + path)
    try:
        expect(page.locator("[data-hd-sessions]")).to_have_attribute("data-hd-ready", "")
        charts = page.locator("svg.hd-chart")
        expect(charts).to_have_count(5)   # four groupings and the attendance
        assert page.evaluate(OVERFLOW) <= 0
        for index in range(5):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 200 and box["x"] + box["width"] <= PHONE["width"]
        for table in page.locator("table.hd-stats__table").all():
            box = table.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.parametrize(("now", "held", "coming"), [(dt.datetime(2022, 3, 20, 9, tzinfo=ZONE), "0", "1"),
                                                      (dt.datetime(2022, 4, 1, 0, 1, tzinfo=ZONE), "1", "0")])
def test_sessions_are_recounted_by_the_readers_clock(browser, site_url, now, held, coming):
    context, page = open_page(browser, site_url + PAGE, now)
    try:
        section = page.locator("[data-hd-sessions]")
        expect(section).to_have_attribute("data-hd-ready", "")
        row = section.locator("tbody tr").first
        expect(row.locator("[data-hd-held]")).to_have_text(held)
        expect(row.locator("[data-hd-coming]")).to_have_text(coming)
        total = section.locator("tfoot td")
        expect(total.nth(1)).to_have_text(held)
        expect(total.nth(2)).to_have_text(coming)
        expect(section.locator("[data-hd-as-of]")).to_have_text("Tính đến hôm nay, theo đồng hồ trên máy của bạn.")
    finally:
        context.close()


def test_without_javascript_the_counts_are_as_of_the_build_date_it_states(browser, site_url):
    context, page = open_page(browser, site_url + PAGE, javascript=False)
    try:
        section = page.locator("[data-hd-sessions]")
        expect(section.locator("[data-hd-as-of]")).to_have_text(
            re.compile(r"^Tính đến ngày \d{1,2}/\d{1,2}/\d{4} \(ngày dựng trang\)\.$"))
        expect(section.locator("tbody tr").first.locator("[data-hd-held]")).to_have_text("1")   # March 2022: held
        expect(page.locator("svg.hd-chart").first).to_be_visible()
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        context.close()


def test_printed_page_keeps_charts_and_tables_without_the_sites_chrome(browser, site_url):
    context, page = open_page(browser, site_url + PAGE)
    try:
        expect(page.locator("[data-hd-sessions]")).to_have_attribute("data-hd-ready", "")
        page.emulate_media(media="print")
        expect(page.locator(".md-header")).to_be_hidden()
        expect(page.locator("svg.hd-chart").first).to_be_visible()
        expect(page.locator("table.hd-stats__table").first).to_be_visible()
        fill = page.locator(".hd-chart__bar--0").first.evaluate("bar => getComputedStyle(bar).fill")
        assert fill == "rgb(0, 0, 0)"
        assert page.locator(".hd-stats__section").first.evaluate("s => getComputedStyle(s).breakInside") == "avoid"
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


@pytest.mark.parametrize("path", [PAGE, "/en" + PAGE])
def test_the_page_with_attendance_has_no_axe_violations(phone, site_factory, path):
    phone.goto(site_factory.url("attendance", add_attendance) + path)
    expect(phone.locator("[data-hd-sessions]")).to_have_attribute("data-hd-ready", "")
    expect(phone.locator("svg.hd-chart")).to_have_count(5)
    assert_clean(phone, path + " (with attendance)")


@pytest.mark.parametrize(("path", "held", "coming"), [(PAGE, "1.000", "1.200"), ("/en" + PAGE, "1,000", "1,200")])
def test_recounted_numbers_are_grouped_as_the_build_groups_them(browser, site_factory, path, held, coming):
    """A plan of 2,200 sessions (the built page of the 'attendance' variant, its first row given that many ends):
    statistics.js writes its counts 1.200 (1,200 in English), as the build does, not 1200."""
    url = site_factory.url("attendance", add_attendance) + path
    ends = " ".join(["2022-01-01T00:00:00+07:00"] * 1000 + ["2030-01-01T00:00:00+07:00"] * 1200)
    context, page = open_page(browser, url, dt.datetime(2026, 1, 1, tzinfo=ZONE), javascript=True)
    try:
        def many(route):   # the page as built, its first plan's row holding 2,200 sessions
            root = lxml.html.fromstring(route.fetch().text())
            root.xpath("//tr[@data-hd-ends]")[0].set("data-hd-ends", ends)
            route.fulfill(body=lxml.html.tostring(root, doctype="<!doctype html>", encoding="unicode"),
                          content_type="text/html; charset=utf-8")
        page.route(url, many)
        page.reload()
        section = page.locator("[data-hd-sessions]")
        expect(section).to_have_attribute("data-hd-ready", "")
        row = section.locator("tbody tr").first
        expect(row.locator("[data-hd-held]")).to_have_text(held)
        expect(row.locator("[data-hd-coming]")).to_have_text(coming)
        expect(section.locator("tfoot td").nth(2)).to_have_text(re.compile(r"^1[.,]2\d\d$"))   # with the other plan
    finally:
        context.close()
