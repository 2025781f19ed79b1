"""Study plans on the site: each plan's schedule, its calendar files, the home page's upcoming sessions and the
plans' listing. The plugin calls these from its hooks; templates only print what they return.

A plan page at ``ke-hoach/x/`` gets ``ke-hoach/x/ke-hoach.ics`` (every session) and ``ke-hoach/x/buoi-N.ics``
(one session). The home page shows the upcoming sessions above its content (the template's hero block: the kit's
script that filters them is then no part of the page's content, where no script may be): only those not ended when
the site is built, at most :data:`UPCOMING_LIMIT`, so the home page stays light however many plans the site holds
(a session ended before the build can be coming up for no reader). When none is left at the build, a line says so
after the content instead, where it keeps the first booklet on a phone's first screen. A page lists every plan with every session (the
full schedule, what a reader without JavaScript consults) where its Markdown has the placeholder comment
``<!-- hoidap-list ke-hoach -->``, the kind the browse pages use (hoidap.site.browse).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jinja2
from icalendar import Calendar, Event, Timezone
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap.authoring.placement import number_key
from hoidap.model.booklet import Booklet, Document
from hoidap.model.plan import FORMS, FORMS_EN, Plan, Session
from hoidap.site import browse, texts

ZONE = "Asia/Ho_Chi_Minh"
PLAN_ICS = "ke-hoach.ics"
SESSION_ICS = "buoi-{number}.ics"
PLANS = "ke-hoach"   # the placeholder word of the plans' listing (see the module's docstring)
UPCOMING_JS = "assets/javascripts/upcoming.js"
UPCOMING_LIMIT = 12  # sessions on the home page at most: a phone's screen or two; the rest on the full schedule
_PLACEHOLDER = "hoidap-list"
_TZ = ZoneInfo(ZONE)


@dataclass(frozen=True)
class Listed:
    """A plan of the language being built, the docs-relative path of its source and the URL of its page."""

    src_uri: str
    url: str
    plan: Plan


@dataclass(frozen=True)
class Link:
    text: str
    href: str = ""


@dataclass(frozen=True)
class SessionView:
    """One session, formatted: ``when`` for people, ``datetime`` for ``<time>``, ``ends`` (ISO 8601 with the
    offset) for upcoming.js, which hides a session once its end has passed in the reader's own clock."""

    number: int
    title: str
    when: str
    datetime: str
    ends: str
    facts: tuple[tuple[str, str], ...]
    ics: str
    plan: Link


@dataclass(frozen=True)
class Upcoming:
    """The home page's sessions: those not ended at the build, soonest first, and whether more were left out."""

    sessions: tuple[SessionView, ...]
    more: bool


@dataclass(frozen=True)
class ScheduleRow:
    """One session on the full schedule: its view, its form and place labelled, and whether it had ended when the
    site was built (upcoming.js marks those ended since by the reader's clock)."""

    session: SessionView
    facts: tuple[tuple[str, str], ...]
    ended: bool


@dataclass(frozen=True)
class PlanRow:
    """One plan on the full schedule: its link, a line of facts, every session."""

    link: Link
    facts: str
    sessions: tuple[ScheduleRow, ...]


@dataclass(frozen=True)
class PlanView:
    """What ``partials/plan-schedule.html`` prints."""

    heading: str
    rows: tuple[tuple[str, str], ...]
    resolutions_label: str
    resolutions: tuple[Link, ...]
    schedule_label: str
    sessions: tuple[SessionView, ...]
    ics: Link


def ics_url(plan_url: str, number: int | None = None) -> str:
    """The site path of a plan's calendar file (every session), or of session ``number``'s: in the page's folder
    (``ke-hoach/x/``; ``ke-hoach/x.html`` gets ``ke-hoach/x/`` too)."""
    folder = plan_url if plan_url.endswith("/") or not plan_url else plan_url.removesuffix(".html") + "/"
    return folder + (SESSION_ICS.format(number=number) if number is not None else PLAN_ICS)


def session_bounds(session: Session) -> tuple[dt.datetime, dt.datetime]:
    """When a session starts and ends, in Vietnam's time: its times, else its whole day, else its whole month."""
    if session.day is not None and session.start is not None and session.end is not None:
        return (dt.datetime.combine(session.day, session.start, _TZ), dt.datetime.combine(session.day, session.end, _TZ))
    if session.day is not None:
        start = dt.datetime.combine(session.day, dt.time(), _TZ)
        return start, start + dt.timedelta(days=1)
    first = session.month
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return dt.datetime.combine(first, dt.time(), _TZ), dt.datetime.combine(following, dt.time(), _TZ)


def when(session: Session, lang: str) -> str:
    """A session's date and times as readers of ``lang`` write them."""
    if session.day is None:
        return texts.text(lang, "plan_month_only", month=texts.month(lang, session.month.year, session.month.month))
    day = texts.date(lang, session.day)
    if session.start is None or session.end is None:
        return day
    return f"{day}, {session.start:%H:%M}–{session.end:%H:%M}"


def form_name(key: str, lang: str) -> str:
    return (FORMS_EN if lang == "en" else FORMS)[key]


def bridge_text(session: Session) -> str:
    """The bridge points in one line: their number, then each level's count or each point's name."""
    if not session.bridge_points:
        return ""
    parts = [f"{name}: {count}" if count is not None else name for name, count in session.bridge_points]
    return f"{session.bridge_total} ({'; '.join(parts)})"


def facts(session: Session, plan: Plan, lang: str) -> tuple[tuple[str, str], ...]:
    """The session's labelled facts, empty ones left out."""
    pairs = [("plan_form", form_name(session.form, lang)), ("plan_place", session.place or ""),
             ("plan_reporters", ", ".join(session.reporters)), ("plan_bridge", bridge_text(session)),
             ("plan_organiser", plan.organiser)]
    return tuple((texts.text(lang, key), value) for key, value in pairs if value)


def session_view(listed: Listed, session: Session, page_url: str, lang: str) -> SessionView:
    start, end = session_bounds(session)
    if session.start is not None:
        stamp = start.isoformat()
    else:
        stamp = session.day.isoformat() if session.day is not None else f"{session.month:%Y-%m}"
    return SessionView(session.number, session.title, when(session, lang), stamp, end.isoformat(),
                       facts(session, listed.plan, lang),
                       get_relative_url(ics_url(listed.url, session.number), page_url),
                       Link(listed.plan.title, get_relative_url(listed.url, page_url)))


def view(listed: Listed, page_url: str, lang: str, booklets: dict[str, str]) -> PlanView:
    """The plan page's schedule; ``booklets`` maps a resolution's number (hoidap.authoring.placement.number_key)
    to its booklet's URL in this language: each resolution with a booklet links to it."""
    plan = listed.plan
    rows = [("plan_organiser", plan.organiser), ("plan_participants", plan.participants or "")]
    resolutions = tuple(Link(name, get_relative_url(booklets[number_key(name)], page_url)
                             if number_key(name) in booklets else "") for name in plan.resolutions)
    sessions = tuple(session_view(listed, session, page_url, lang) for session in plan.sessions)
    return PlanView(texts.text(lang, "plan_card"), tuple((texts.text(lang, k), v) for k, v in rows if v),
                    texts.text(lang, "plan_resolutions"), resolutions,
                    texts.text(lang, "plan_schedule", count=len(sessions)), sessions,
                    Link(texts.text(lang, "plan_ics_all"), get_relative_url(ics_url(listed.url), page_url)))


def upcoming(plans: list[Listed], page_url: str, lang: str, now: dt.datetime,
             limit: int = UPCOMING_LIMIT) -> Upcoming:
    """The sessions not ended at ``now`` (the build), soonest first, at most ``limit``: upcoming.js hides those
    ended by the reader's clock. One ended before the build is left out: time only moves on, it never comes up."""
    pairs = [(bounds, listed, s) for listed in plans for s in listed.plan.sessions
             if (bounds := session_bounds(s))[1] > now]
    kept = heapq.nsmallest(limit, pairs, key=lambda pair: (pair[0], pair[1].url, pair[2].number))
    return Upcoming(tuple(session_view(listed, session, page_url, lang) for _, listed, session in kept),
                    len(pairs) > limit)


def listing(plans: list[Listed], page_url: str, lang: str, now: dt.datetime) -> list[PlanRow]:
    """Every plan, its first session first (newest plan on top), with a line of facts and every session in order,
    each said ended or not at ``now`` (the build)."""
    def first(listed: Listed) -> dt.datetime:
        return min(session_bounds(s)[0] for s in listed.plan.sessions)

    out = []
    for listed in sorted(plans, key=lambda p: (-first(p).timestamp(), p.url)):
        plan = listed.plan
        line = " · ".join([plan.organiser, ", ".join(plan.resolutions),
                           texts.text(lang, "plan_sessions", count=len(plan.sessions))])
        rows = tuple(ScheduleRow(session_view(listed, session, page_url, lang), brief(session, lang),
                                 session_bounds(session)[1] <= now)
                     for session in sorted(plan.sessions, key=lambda s: (session_bounds(s), s.number)))
        out.append(PlanRow(Link(plan.title, get_relative_url(listed.url, page_url)), line, rows))
    return out


def brief(session: Session, lang: str) -> tuple[tuple[str, str], ...]:
    """A session's form and place, labelled (the full schedule's line)."""
    pairs = [("plan_form", form_name(session.form, lang)), ("plan_place", session.place or "")]
    return tuple((texts.text(lang, key), value) for key, value in pairs if value)


def calendar(listed: Listed, sessions: tuple[Session, ...], lang: str, site_url: str | None) -> bytes:
    """An iCalendar file (RFC 5545) of ``sessions``, with the VTIMEZONE of Asia/Ho_Chi_Minh for timed ones."""
    plan = listed.plan
    cal = Calendar()
    cal.add("prodid", "-//hoidap//Ke hoach hoc tap//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", plan.title)
    cal.add("x-wr-timezone", ZONE)
    page = (site_url.rstrip("/") + "/" + listed.url) if site_url else None
    # always the zone's definition, all-day sessions too: every file says which clock its times follow
    cal.add_component(_zone())
    for session in sessions:
        cal.add_component(_event(listed, session, lang, page))
    return cal.to_ical()


@functools.cache
def _zone() -> Timezone:
    """The zone's VTIMEZONE, worked out once: icalendar derives it from the zone's transitions, a tenth of a second."""
    return Timezone.from_tzid(ZONE)


def _event(listed: Listed, session: Session, lang: str, page: str | None) -> Event:
    plan = listed.plan
    event = Event()
    # the same session, the same UID across builds: a calendar that imported it updates it instead of doubling it
    uid = hashlib.sha256(f"{listed.src_uri}#{session.number}".encode()).hexdigest()[:32]
    event.add("uid", f"{uid}@hoidap")
    start, end = session_bounds(session)
    # DTSTAMP from the plan's own content, not the build's clock: one content, the same bytes (offline cache, CDN)
    event.add("dtstamp", dt.datetime(session.month.year, session.month.month, 1, tzinfo=dt.timezone.utc))
    if session.start is not None:
        event.add("dtstart", start)
        event.add("dtend", end)
    else:  # all-day: the day, or the whole month when the plan fixes no day
        event.add("dtstart", start.date())
        event.add("dtend", end.date())
    event.add("summary", session.title)
    lines = [plan.title]
    if session.day is None:
        lines.append(texts.text(lang, "plan_month_note"))
    lines += [f"{label}: {value}" for label, value in facts(session, plan, lang)]
    if plan.resolutions:
        lines.append(f"{texts.text(lang, 'plan_resolutions')}: {', '.join(plan.resolutions)}")
    if page:
        lines.append(page)
        event.add("url", page)
    event.add("description", "\n".join(lines))
    if session.place:
        event.add("location", session.place)
    event.add("transp", "OPAQUE")
    return event


def calendar_files(plans: list[Listed], lang: str, site_url: str | None) -> dict[str, bytes]:
    """Every calendar file of ``plans``: site path → bytes."""
    files = {}
    for listed in plans:
        files[ics_url(listed.url)] = calendar(listed, listed.plan.sessions, lang, site_url)
        for session in listed.plan.sessions:
            files[ics_url(listed.url, session.number)] = calendar(listed, (session,), lang, site_url)
    return files


def _has_placeholder(document: Document, word: str) -> bool:
    """Whether the page's body has the placeholder comment of ``word`` as a raw HTML block (not in code)."""
    marker = f"<!-- {_PLACEHOLDER} {word} -->"
    blocks = document.blocks
    return any(raw and line.strip() == marker for line, raw in zip(blocks.lines, blocks.raw))


class Pages:
    """The plans of the language being built, as the plugin's hooks use them."""

    def __init__(self, lang: str = "vi", plans: list[Listed] | None = None, listing_url: str | None = None) -> None:
        self.lang, self.plans, self.listing_url = lang, plans or [], listing_url  # listing_url: the plans' page
        self.by_src = {listed.src_uri: listed for listed in self.plans}

    @classmethod
    def of(cls, files: Files, documents: dict[str, Document | None], lang: str) -> Pages:
        """The plans among ``files`` (this language's pages); ``documents`` are the pages as the model read them."""
        pages = [(file, document) for file in files.documentation_pages()
                 if (document := documents.get(file.src_uri)) is not None]
        found = [Listed(file.src_uri, file.url, document.plan) for file, document in pages if document.plan is not None]
        listing = next((file.url for file, document in pages if _has_placeholder(document, PLANS)), None)
        return cls(lang, found, listing)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Each plan's calendar files, into the site."""
        for path, data in calendar_files(self.plans, self.lang, config.site_url).items():
            files.append(File.generated(config, path, content=data))

    def page_context(self, context: dict, page: Page, env: jinja2.Environment | None,
                     booklets: dict[str, Booklet], urls: dict[str, str], assets: dict[str, str],
                     now: dt.datetime) -> None:
        """A plan page's schedule (``hd_plan``); the home page's upcoming sessions as of ``now``, the build
        (``hd_upcoming``, with upcoming.js, whose written path ``assets`` gives; ``hd_upcoming_end``, the line
        saying none is coming up, when there is none); the plans' placeholder filled
        with the full schedule (``hd_schedule``: the template loads upcoming.js, which marks the sessions ended
        since)."""
        listed = self.by_src.get(page.file.src_uri)
        if listed is not None:
            numbers = {number_key(booklet.meta.resolution.number): urls[src] for src, booklet in booklets.items()}
            context["hd_plan"] = view(listed, page.url, self.lang, numbers)
            context["hd_plan_ics_one"] = texts.words(self.lang, ("plan_ics_one",))["plan_ics_one"]
        if env is None:
            return
        if page.is_homepage and self.plans:  # above the page (templates' hero block), outside its content
            coming = upcoming(self.plans, page.url, self.lang, now)
            words = texts.words(self.lang, ("upcoming", "upcoming_more"))
            words["none"] = texts.text(self.lang, "upcoming_past" if coming.more else "upcoming_none")
            words["nojs"] = texts.text(self.lang, "upcoming_nojs", date=texts.date(self.lang, now.date()))
            # with a session to show, above the page; with none, after it, without the script: a line saying so
            # must not push the first booklet off a phone's first screen
            context["hd_upcoming" if coming.sessions else "hd_upcoming_end"] = env.get_template(
                "partials/plan-upcoming.html").render(
                sessions=coming.sessions, words=words, script=get_relative_url(assets[UPCOMING_JS], page.url),
                plans_href=get_relative_url(self.listing_url, page.url) if self.listing_url else None)
        if page.content and _PLACEHOLDER in page.content:
            def render(word: str) -> str | None:
                if word != PLANS:
                    return None
                items = listing(self.plans, page.url, self.lang, now)
                context["hd_schedule"] = bool(items)
                return env.get_template("partials/plan-list.html").render(
                    items=items, empty=texts.text(self.lang, "plans_empty"), ended=texts.text(self.lang, "plan_ended"))
            page.content = browse.fill(page.content, render)
