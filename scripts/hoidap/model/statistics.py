"""Results at a glance ("Thống kê"): counts over the content model, for leaders and supervisors.

Booklets and questions by level, issuer, year of issue and topic (the catalog's own groups, so topics that differ
only in case or accents are one, as on the by-topic page); study plans and their sessions, held or upcoming as of a
given moment; and, where a plan records attendance (hoidap.model.attendance), participants and the share of the
expected cadres and party members reached, by unit. Nothing here formats for a page: hoidap.site.statistics does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hoidap.model.catalog import Catalog, Group
from hoidap.model.plan import Plan, Session
from hoidap.vietnamese.vntext import fold

VIEWS = ("level", "issuer", "year", "tag")  # the groupings counted, in the order the page shows them


@dataclass(frozen=True)
class Count:
    """One group of booklets (a level, an issuer, a year, a topic): how many booklets, how many questions."""

    label: str
    anchor: str
    booklets: int
    questions: int


@dataclass(frozen=True)
class PlanCount:
    """One plan's sessions, split by when each ends against a moment; ``ends`` lists each session's end."""

    title: str
    sessions: int
    held: int
    upcoming: int
    bridge_points: int
    ends: tuple[dt.datetime, ...]


@dataclass(frozen=True)
class Coverage:
    """One unit's recorded attendance over every session that records it: participants and, over the records
    that say how many cadres and party members were expected (``expected``), the share of them reached
    (``reached / expected``; None when no record gives it)."""

    unit: str
    sessions: int
    participants: int
    reached: int
    expected: int

    @property
    def share(self) -> float | None:
        return self.reached / self.expected if self.expected else None


def booklet_counts(catalog: Catalog) -> dict[str, tuple[Count, ...]]:
    """For each of :data:`VIEWS`, its groups with their booklet and question counts (a booklet with several
    topics counts under each)."""
    groups: dict[str, Callable[[], list[Group]]] = {"level": catalog.by_level, "issuer": catalog.by_issuer,
                                                    "year": catalog.by_year, "tag": catalog.by_tag}
    return {view: tuple(Count(group.title, group.anchor, len(group.entries),
                              sum(len(entry.booklet.questions) for entry in group.entries))
                        for group in groups[view]()) for view in VIEWS}


def plan_counts(plans: Iterable[Plan], now: dt.datetime,
                bounds: Callable[[Session], tuple[dt.datetime, dt.datetime]]) -> tuple[PlanCount, ...]:
    """Each plan's sessions held (ended by ``now``) and upcoming, in the plans' order; ``bounds`` says when a
    session starts and ends (hoidap.site.plans.session_bounds: a day's or a month's session ends with it)."""
    out = []
    for plan in plans:
        ends = tuple(bounds(session)[1] for session in plan.sessions)
        held = sum(end <= now for end in ends)
        out.append(PlanCount(plan.title, len(ends), held, len(ends) - held,
                             sum(session.bridge_total for session in plan.sessions), ends))
    return tuple(out)


def coverage(plans: Iterable[Plan]) -> tuple[Coverage, ...]:
    """Attendance by unit over every plan's sessions; units that differ only in case or accents are one (named
    as first written). Sorted by unit name."""
    names: dict[str, str] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for plan in plans:
        for session in plan.sessions:
            for record in session.attendance:
                key = " ".join(fold(record.unit).split())
                names.setdefault(key, record.unit)
                total = totals[key]
                total[0] += 1
                total[1] += record.participants
                if record.expected is not None:
                    total[2] += record.participants
                    total[3] += record.expected
    return tuple(Coverage(names[key], *totals[key]) for key in sorted(totals))
