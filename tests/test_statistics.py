"""Results at a glance ("Thống kê"): the counts over the content model (sample docs and booklets made here), the
optional attendance of a plan's sessions (rule and check code plan-attendance), the charts as accessible SVG, and
the built page in both languages, its numbers counted again here from the model."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from conftest import ROOT, parse_file
from hoidap.model.booklet import read_document
from hoidap.model.catalog import Catalog, Entry
from hoidap.model.statistics import booklet_counts, coverage, plan_counts
from hoidap.site import plans, statistics
from mkdocs.exceptions import PluginError
from test_catalog import CATALOG, booklet

PAGE = "tra-cuu/thong-ke/index.html"
ZONE = dt.timezone(dt.timedelta(hours=7))
SVG = "{http://www.w3.org/2000/svg}"
PLAN = """---
title: "Kế hoạch thử"
plan:
  resolutions: ["19-NQ/TW"]
  organiser: "Ban Thường vụ Tỉnh ủy"
  sessions:
    - title: "Buổi một"
      date: 2022-09-15
      start: "07:30"
      end: "11:00"
      form: truc-tiep
      attendance:
{attendance}
    - title: "Buổi hai"
      date: "2030-05"
      form: truc-tuyen
      bridge_points: {{"Cấp tỉnh": 1, "Cấp huyện": 11}}
---
"""
RIGHT = """\
        - unit: "Đảng bộ huyện Mỹ Tú"
          participants: 350
          expected: 362
        - unit: "Đảng bộ thị xã <Vĩnh Châu> & co"
          participants: 120"""


def read_plan(attendance: str = RIGHT):
    document = read_document(PLAN.format(attendance=attendance), "ke-hoach/thu.md")
    return document.plan, document.findings


def sample_entries(lang: str = "vi") -> list[Entry]:
    """The sample site's booklets of ``lang``, read by the model (vi: every file without a language suffix)."""
    found = []
    for path in sorted((ROOT / "docs/nghi-quyet").rglob("*.md")):
        suffix = path.suffixes[-2:-1]
        if (lang == "vi") == (suffix == [] or suffix == [".md"]) and (lang == "vi" or suffix == [f".{lang}"]):
            booklet = parse_file(path, str(path.relative_to(ROOT / "docs")))
            if booklet is not None:
                found.append(Entry(str(path), str(path), booklet))
    return found


# ---- the model's counts ----

def test_booklet_counts_group_as_the_catalog_does():
    counts = booklet_counts(CATALOG)
    assert {c.label: (c.booklets, c.anchor) for c in counts["level"]} == {
        "Trung ương": (2, "trung-uong"), "Tỉnh, thành phố": (1, "tinh"), "Cơ sở": (1, "co-so")}
    assert sum(c.booklets for c in counts["level"]) == len(CATALOG)
    assert sum(c.questions for c in counts["issuer"]) == CATALOG.question_count
    assert [c.label for c in counts["year"]] == ["2024", "2022", "2021"]
    assert {c.label: c.booklets for c in counts["tag"]}["kinh tế"] == 2  # two booklets share one topic


def test_topics_differing_in_case_or_accents_are_one():
    entries = [booklet("a", "tinh", "Tỉnh ủy", "2021-03-01", "2024-01-01", "Chuyển Đổi Số"),
               booklet("b", "tinh", "Tỉnh ủy", "2021-03-01", "2024-01-01", "chuyển đổi số, kinh tế"),
               booklet("c", "tinh", "Tỉnh ủy", "2021-03-01", "2024-01-01", "chuyển đổi số")]
    counts = booklet_counts(Catalog(entries, "vi"))["tag"]
    assert [(c.label, c.booklets, c.questions) for c in counts] == [
        ("chuyển đổi số", 3, sum(len(e.booklet.questions) for e in entries)),
        ("kinh tế", 1, len(entries[1].booklet.questions))]


def test_sessions_are_held_or_upcoming_as_of_the_moment_given():
    plan, findings = read_plan()
    assert plan is not None, findings
    before = plan_counts([plan], dt.datetime(2022, 9, 15, 10, 0, tzinfo=ZONE), plans.session_bounds)[0]
    assert (before.sessions, before.held, before.upcoming, before.bridge_points) == (2, 0, 2, 12)
    after = plan_counts([plan], dt.datetime(2022, 9, 15, 11, 0, tzinfo=ZONE), plans.session_bounds)[0]
    assert (after.held, after.upcoming) == (1, 1)
    late = plan_counts([plan], dt.datetime(2030, 6, 1, tzinfo=ZONE), plans.session_bounds)[0]
    assert (late.held, late.upcoming) == (2, 0)


def test_coverage_adds_counts_by_unit_and_shares_only_where_expected_is_given():
    plan, _ = read_plan()
    units = {unit.unit: unit for unit in coverage([plan, plan])}   # two plans recording the same units
    tu = units["Đảng bộ huyện Mỹ Tú"]
    assert (tu.sessions, tu.participants, tu.expected) == (2, 700, 724)
    assert tu.share == pytest.approx(350 / 362)
    assert units["Đảng bộ thị xã <Vĩnh Châu> & co"].share is None


# ---- the attendance rule (plan-attendance) ----

@pytest.mark.parametrize("wrong", [
    '        - unit: "Huyện A"\n          participants: 0',
    '        - unit: "Huyện A"\n          participants: "nhiều"',
    '        - unit: "Huyện A"\n          participants: 10\n          expected: 9',
    '        - participants: 10',
    '        - unit: "Huyện A"\n          participants: 10\n          share: 90',
    '        - unit: "Huyện A"\n          participants: 10\n        - unit: "huyện a"\n          participants: 5',
    '          "Huyện A": 10',
    '        - unit: "Huyện\\x01 A"\n          participants: 10',   # a control character: no SVG can hold it
])
def test_wrong_attendance_is_a_plan_attendance_error_with_its_line(wrong: str):
    plan, findings = read_plan(wrong)
    assert plan is None
    errors = [f for f in findings if f.severity == "error"]
    assert [f.code for f in errors] == ["plan-attendance"], findings
    lines = PLAN.format(attendance=wrong).splitlines()
    at = lines.index("      attendance:") + 1
    assert at <= errors[0].line <= at + wrong.count("\n") + 1


def test_a_session_without_attendance_reads_as_before():
    plan, findings = read_plan("")
    assert plan is not None and findings == []
    assert plan.sessions[0].attendance == ()


# ---- the charts ----

def test_chart_is_well_formed_accessible_svg_with_a_text_label_per_bar():
    svg = statistics.bar_chart("x", "Tiêu đề <b>&", "Mô tả", [
        ("Ban <script>alert(1)</script> & co", ((3, 4, "3 tài liệu"), (40, 40, "40 câu hỏi"))),
        ("Một tên rất dài " * 6, ((1, 4, "1 tài liệu"), (2, 40, "2 câu hỏi")))])
    root = lxml.etree.fromstring(svg.encode())   # well-formed XML, or this raises
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Tiêu đề <b>&"
    assert root.find(f"{SVG}desc").text == "Mô tả"
    labelled = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{ident}']").tag for ident in labelled] == [f"{SVG}title", f"{SVG}desc"]
    assert root.findall(f".//{SVG}script") == []
    for row in root.findall(f"{SVG}g"):
        bars, words = row.findall(f"{SVG}rect"), row.findall(f"{SVG}text")
        assert len(words) == len(bars) + 1 and all(w.text for w in words)   # the row's label, then one per bar
    assert root.findall(f"{SVG}g")[0].find(f"{SVG}text").text == "Ban <script>alert(1)</script> & co"
    widths = [float(bar.get("width")) for bar in root.iter(f"{SVG}rect")]
    assert max(widths) <= statistics.BAR_MAX and widths[0] == pytest.approx(statistics.BAR_MAX * 3 / 4)
    assert len(root.findall(f"{SVG}g")[1].find(f"{SVG}text").text) <= 44


def test_numbers_as_each_language_writes_them():
    assert statistics.number("vi", 12345) == "12.345" and statistics.number("en", 12345) == "12,345"
    assert statistics.percent("vi", 0.9669) == "96,7%" and statistics.percent("en", 0.9669) == "96.7%"
    assert statistics.percent("vi", None) == "–"


def test_build_time_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1648659600")   # 2022-03-31 00:00 in Vietnam
    assert statistics.build_time().date() == dt.date(2022, 3, 31)
    assert statistics.build_time().utcoffset() == dt.timedelta(hours=7)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    assert abs(statistics.build_time() - dt.datetime.now(ZONE)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize("epoch", ["99999999999999999", "-1", "1.5e9", "ngày mai"])
def test_a_source_date_epoch_that_is_no_moment_stops_the_build_in_vietnamese(monkeypatch, epoch):
    """It was a traceback (year out of range), or silently ignored: the specification asks builds to stop."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(PluginError, match=r"SOURCE_DATE_EPOCH=.* không phải một thời điểm"):
        statistics.build_time()


# ---- the built page ----

def cell_numbers(table) -> dict[str, tuple[int, ...]]:
    return {row.xpath("string(th)").strip(): tuple(int(td.text_content().replace(".", "").replace(",", ""))
                                                   for td in row.xpath("td")) for row in table.xpath("tbody/tr")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_built_page_counts_match_the_sample_content(built_site: Path, lang: str):
    page = lxml.html.parse(str(built_site / ("en/" if lang == "en" else "") / PAGE)).getroot()
    entries = sample_entries(lang)
    # counted here, independently of the kit's aggregation
    by_level: dict[str, list[int]] = {}
    by_year: dict[str, list[int]] = {}
    for entry in entries:
        meta = entry.booklet.meta
        for key, table in ((meta.level, by_level), (str(meta.resolution.issued.year), by_year)):
            table.setdefault(key, [0, 0])
            table[key][0] += 1
            table[key][1] += len(entry.booklet.questions)
    tables = {t.getparent().getparent().get("aria-labelledby"): t
              for t in page.xpath("//table[@class='hd-stats__table']")}
    level = cell_numbers(tables["theo-cap"])
    assert sorted(level.values()) == sorted(tuple(v) for v in by_level.values())
    assert cell_numbers(tables["theo-nam"]) == {k: tuple(v) for k, v in by_year.items()}
    assert sum(v[0] for v in cell_numbers(tables["theo-co-quan"]).values()) == len(entries)
    summary = page.xpath("string(//p[@class='hd-stats__summary'])")
    assert str(sum(len(e.booklet.questions) for e in entries)) in summary
    # each chart: accessible SVG, one labelled bar per number in its table
    charts = page.xpath("//div[@class='hd-stats__chart']/*[local-name()='svg']")
    assert len(charts) == 4
    ordered = [tables[key] for key in ("theo-cap", "theo-co-quan", "theo-nam", "theo-chu-de")]
    for chart, table in zip(charts, ordered, strict=True):
        assert chart.get("role") == "img" and chart.xpath("*[local-name()='title']")[0].text
        assert chart.xpath("*[local-name()='desc']")[0].text
        rows = table.xpath("tbody/tr")
        assert len(chart.xpath("*[local-name()='g']")) == len(rows)
        assert len(chart.xpath(".//*[local-name()='rect']")) == 2 * len(rows)
        for row, group in zip(rows, chart.xpath("*[local-name()='g']"), strict=True):
            label, name = group.xpath("string(*[local-name()='text'][1])"), row.xpath("string(th)").strip()
            assert label == name or (label.endswith("…") and name.startswith(label[:-1]))


def test_built_page_sessions_state_the_build_date_and_load_the_script(built_site: Path):
    page = lxml.html.parse(str(built_site / PAGE)).getroot()
    section = page.xpath("//section[@data-hd-sessions]")[0]
    note = section.xpath("string(.//p[@data-hd-as-of])")
    today = statistics.build_time().date()
    assert note.startswith("Tính đến ngày ") and f"{today.year}" in note
    sample = read_document((ROOT / "docs/ke-hoach/dai-hoi-xiii-soc-trang.md").read_text("utf-8"),
                           "ke-hoach/dai-hoi-xiii-soc-trang.md").plan
    row = section.xpath(".//tbody/tr")[0]
    assert row.xpath("string(th)").strip() == sample.title
    assert [int(td.text_content()) for td in row.xpath("td")] == [1, 1, 0, 124]   # March 2022: held
    assert row.get("data-hd-ends") == "2022-04-01T00:00:00+07:00"
    assert page.xpath("//script[contains(@src, 'assets/javascripts/statistics.')]")
    assert page.xpath("string((//p[@class='hd-stats__note'])[last()])") == (
        "Chưa có kế hoạch nào ghi số người dự (attendance) của các buổi.")   # it lacked "có"


def add_attendance(project: Path) -> None:
    """A second plan whose sessions record attendance, with a hostile unit name."""
    plan = PLAN.format(attendance=RIGHT)
    (project / "docs/ke-hoach/thu.md").write_text(plan, encoding="utf-8")
    shutil.copy(project / "docs/ke-hoach/thu.md", project / "docs/ke-hoach/thu.en.md")


def test_built_page_shows_coverage_by_unit_with_escaped_names(site_factory):
    build = site_factory("attendance", edit=add_attendance)
    assert build.ok, build.output
    page = lxml.html.parse(str(build.site / PAGE)).getroot()
    table = page.xpath("//section[@aria-labelledby='do-bao-phu']//table")[0]
    rows = {row.xpath("string(th)"): [td.text_content() for td in row.xpath("td")]
            for row in table.xpath("tbody/tr")}
    assert rows == {"Đảng bộ huyện Mỹ Tú": ["1", "350", "96,7%"],
                    "Đảng bộ thị xã <Vĩnh Châu> & co": ["1", "120", "–"]}
    chart = page.xpath("//section[@aria-labelledby='do-bao-phu']//*[local-name()='svg']")[0]
    assert [t.text for t in chart.xpath(".//*[local-name()='text']")] == ["Đảng bộ huyện Mỹ Tú", "96,7%"]
    assert not page.xpath("//*[local-name()='svg']//*[local-name()='script'] | //vĩnh")
    english = lxml.html.parse(str(build.site / "en" / PAGE)).getroot()
    assert english.xpath("string(//section[@aria-labelledby='do-bao-phu']//td[3])") == "96.7%"
