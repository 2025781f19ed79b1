"""The statistics page ("Thống kê"): the counts of hoidap.model.statistics as tables, with bar charts drawn here.

A page shows it where its Markdown has ``<!-- hoidap-list thong-ke -->`` (the placeholder of hoidap.site.browse);
``partials/statistics.html`` prints what :func:`view` returns. Each chart is an inline SVG built with lxml (author
values are text nodes, escaped by the serializer), with ``role="img"``, a ``<title>`` and a ``<desc>``, and every
bar labelled in text, so nothing is told by colour alone; the same numbers are in the table beside it. Sessions
are split into held and upcoming as of the build; statistics.js redoes the split by the reader's own clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jinja2
from lxml import etree
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from hoidap.model.catalog import Catalog
from hoidap.model.statistics import VIEWS, Count, Coverage, PlanCount, booklet_counts, coverage, plan_counts
from hoidap.site import browse, plans, texts

WORD = "thong-ke"  # the placeholder's word
SVG = "http://www.w3.org/2000/svg"
WIDTH = 360          # the charts' viewBox width: scaled to the column, so a phone never scrolls sideways
BAR_MAX = 250        # the longest bar; the rest of the width holds its number
_LABEL_CHARS = 44    # a longer label is cut in the chart (the table beside it has it whole)
_ROW = 46            # height of one group in a chart: its label, then its bars
_ZONE = ZoneInfo(plans.ZONE)
_ANCHORS = {"level": "theo-cap", "issuer": "theo-co-quan", "year": "theo-nam", "tag": "theo-chu-de"}


@dataclass(frozen=True)
class Table:
    """A table and the chart beside it: caption, column heads, rows of cells (the first one a row head)."""

    id: str
    heading: str
    caption: str
    heads: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart: str = ""       # inline SVG, serialized by lxml
    total: tuple[str, ...] = ()
    note: str = ""        # a line under the table


@dataclass(frozen=True)
class SessionRow:
    """One plan's row in the sessions table; ``ends`` (ISO 8601, space-separated) lets statistics.js recount."""

    cells: tuple[str, ...]
    ends: str


@dataclass(frozen=True)
class View:
    """What ``partials/statistics.html`` prints."""

    summary: str
    booklets: tuple[Table, ...]
    sessions: Table | None
    session_rows: tuple[SessionRow, ...]
    as_of: str             # "as of <build date>": the no-JavaScript reading
    as_of_reader: str      # what statistics.js says instead, once it has recounted by the reader's clock
    coverage: Table | None
    words: dict[str, str]


def build_time() -> dt.datetime:
    """The moment the build counts sessions from: now in Vietnam, or ``SOURCE_DATE_EPOCH`` when set (a
    reproducible build); a value that is no moment stops the build, as the variable's specification asks."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(_ZONE)
    try:
        if not epoch.isdigit():
            raise ValueError(epoch)
        return dt.datetime.fromtimestamp(int(epoch), _ZONE)
    except (ValueError, OverflowError, OSError):
        raise PluginError(f"Dừng dựng trang: biến môi trường SOURCE_DATE_EPOCH='{epoch[:40]}' không phải một thời "
                          "điểm. Ghi số giây tính từ 0 giờ ngày 1/1/1970 (giờ UTC), ví dụ 1643648400 là 0 giờ ngày "
                          "1/2/2022 giờ Việt Nam; hoặc bỏ biến này để dựng theo giờ hiện tại.") from None


def number(lang: str, value: int) -> str:
    """An integer with thousands grouped as readers of ``lang`` write it: 12.345 or 12,345."""
    grouped = f"{value:,}"
    return grouped if lang == "en" else grouped.replace(",", ".")


def percent(lang: str, share: float | None) -> str:
    """A share as a percentage with one decimal: 96,7% or 96.7%; a dash when unknown."""
    if share is None:
        return "–"
    written = f"{share * 100:.1f}%"
    return written if lang == "en" else written.replace(".", ",")


def bar_chart(ident: str, title: str, desc: str, rows: Iterable[tuple[str, tuple[tuple[int, int, str], ...]]]) -> str:
    """A horizontal bar chart as inline SVG (``ident`` makes its ids unique on the page): per row its label, then one bar per measure ``(value, maximum,
    text)``, each bar as long as ``value / maximum`` and followed by its ``text``. The first measure's bars are
    solid, the second's outlined: told apart by their text as well as their look."""
    rows = list(rows)
    height = max(len(rows), 1) * _ROW + 4
    svg = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG}, attrib={
        "viewBox": f"0 0 {WIDTH} {height}", "role": "img", "class": "hd-chart", "width": "100%",
        "preserveAspectRatio": "xMinYMin meet", "focusable": "false"})
    ids = f"hd-chart-{ident}"
    svg.set("aria-labelledby", f"{ids}-t {ids}-d")
    etree.SubElement(svg, f"{{{SVG}}}title", id=f"{ids}-t").text = title
    etree.SubElement(svg, f"{{{SVG}}}desc", id=f"{ids}-d").text = desc
    for index, (label, measures) in enumerate(rows):
        top = index * _ROW
        group = etree.SubElement(svg, f"{{{SVG}}}g", {"class": "hd-chart__row"})
        shown = label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1].rstrip() + "…"
        etree.SubElement(group, f"{{{SVG}}}text", x="0", y=str(top + 13), attrib={"class": "hd-chart__label"}).text \
            = shown
        for place, (value, maximum, words) in enumerate(measures):
            y = top + 18 + place * 13
            length = round(BAR_MAX * value / maximum, 1) if maximum else 0
            etree.SubElement(group, f"{{{SVG}}}rect", x="0", y=str(y), width=str(max(length, 1)), height="10",
                             attrib={"class": f"hd-chart__bar hd-chart__bar--{place}"})
            etree.SubElement(group, f"{{{SVG}}}text", x=str(round(max(length, 1) + 5, 1)), y=str(y + 9),
                             attrib={"class": "hd-chart__value"}).text = words
    return etree.tostring(svg, encoding="unicode")


def booklet_table(view_key: str, counts: tuple[Count, ...], lang: str) -> Table:
    """One grouping's table and chart (booklets and questions per group)."""
    heading = texts.text(lang, f"stats_by_{view_key}")
    heads = (texts.text(lang, f"stats_head_{view_key}"), texts.text(lang, "stats_booklets"),
             texts.text(lang, "stats_questions"))
    rows = tuple((count.label, number(lang, count.booklets), number(lang, count.questions)) for count in counts)
    most_booklets = max((count.booklets for count in counts), default=0)
    most_questions = max((count.questions for count in counts), default=0)
    chart = bar_chart(view_key, heading, texts.text(lang, "stats_chart_desc", what=heads[0].lower()), (
        (count.label, ((count.booklets, most_booklets, texts.text(lang, "booklets", count=count.booklets)),
                       (count.questions, most_questions, texts.text(lang, "questions", count=count.questions))))
        for count in counts)) if counts else ""
    note = texts.text(lang, "stats_both_topics") if view_key == "tag" else ""
    return Table(_ANCHORS[view_key], heading, heading, heads, rows, chart, note=note)


def sessions_table(counts: tuple[PlanCount, ...], lang: str) -> tuple[Table, tuple[SessionRow, ...]]:
    """The plans' sessions: held and upcoming as of the build, and bridge points, with a total row."""
    heads = tuple(texts.text(lang, key) for key in ("stats_plan", "stats_sessions", "stats_held", "stats_upcoming",
                                                     "stats_bridge"))
    rows = tuple(SessionRow((count.title, number(lang, count.sessions), number(lang, count.held),
                             number(lang, count.upcoming), number(lang, count.bridge_points)),
                            " ".join(end.isoformat() for end in count.ends)) for count in counts)
    total = (texts.text(lang, "stats_total"), *(number(lang, sum(getattr(c, name) for c in counts))
                                                 for name in ("sessions", "held", "upcoming", "bridge_points")))
    heading = texts.text(lang, "stats_plans")
    return Table("ke-hoach", heading, heading, heads, tuple(row.cells for row in rows), total=total), rows


def coverage_table(units: tuple[Coverage, ...], lang: str) -> Table:
    """Attendance by unit, and a chart of the share of expected cadres and party members reached."""
    heading = texts.text(lang, "stats_coverage")
    heads = tuple(texts.text(lang, key) for key in ("stats_unit", "stats_sessions", "stats_participants",
                                                     "stats_share"))
    rows = tuple((unit.unit, number(lang, unit.sessions), number(lang, unit.participants), percent(lang, unit.share))
                 for unit in units)
    charted = [unit for unit in units if unit.share is not None]
    chart = bar_chart("coverage", heading, texts.text(lang, "stats_coverage_desc"), (
        (unit.unit, ((round((unit.share or 0) * 1000), 1000, percent(lang, unit.share)),))
        for unit in charted)) if charted else ""
    return Table("do-bao-phu", heading, heading, heads, rows, chart)


def view(catalog: Catalog, listed: list[plans.Listed], lang: str, now: dt.datetime) -> View:
    """The statistics page of ``catalog`` and the plans ``listed``, counting sessions as of ``now``."""
    counts = booklet_counts(catalog)
    booklets = tuple(booklet_table(key, counts[key], lang) for key in VIEWS)
    ordered = sorted(listed, key=lambda item: item.url)
    sessions, rows = sessions_table(plan_counts((item.plan for item in ordered), now, plans.session_bounds), lang) \
        if ordered else (None, ())
    units = coverage(item.plan for item in ordered)
    summary = ", ".join([texts.text(lang, "booklets", count=len(catalog)),
                         texts.text(lang, "questions", count=catalog.question_count),
                         texts.text(lang, "stats_plan_count", count=len(ordered))]) + "."
    return View(summary, booklets, sessions, rows, texts.text(lang, "stats_as_of", date=texts.date(lang, now.date())),
                texts.text(lang, "stats_as_of_reader"), coverage_table(units, lang) if units else None,
                texts.words(lang, ("stats_no_plans", "stats_no_attendance")))


def page_context(context: dict, page: Page, env: jinja2.Environment | None, catalog: Catalog,
                 listed: list[plans.Listed], now: dt.datetime) -> None:
    """Fill the page's statistics placeholder; ``hd_statistics`` tells the template to load statistics.js."""
    if env is None or not page.content or WORD not in page.content:
        return

    def render(word: str) -> str | None:
        if word != WORD:
            return None
        context["hd_statistics"] = True
        return env.get_template("partials/statistics.html").render(stats=view(catalog, listed, catalog.lang, now))
    page.content = browse.fill(page.content, render)
