"""Names of releases: UTC time to the microsecond plus a short random part, sorting by time.

A new name looks like ``20250301T080000.123456Z-3fa9c1``. Names written by earlier versions of the kit
(``20250301T080000Z``, then ``-2``, ``-3``… within one second) are still read and ordered among them. A new
name always sorts after every existing one, even when the publishing machine's clock is behind the
server's newest release: the order of names is the order in which publications took the target's lock.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

RELEASE = re.compile(r"^(?P<stamp>\d{8}T\d{6})(?:Z(?:-(?P<count>\d+))?|\.(?P<micro>\d{6})Z-(?P<token>[0-9a-f]{6}))$")
_STAMP = "%Y%m%dT%H%M%S"
_TICK = dt.timedelta(microseconds=1)


def is_release(name: str) -> bool:
    """Whether ``name`` is a release folder's name (this version's or an earlier one's)."""
    return RELEASE.match(name) is not None


def release_key(name: str) -> tuple[str, int, int, str]:
    """Sort key: time, then an old name's ``-N`` counter, then the random part (unknown names first)."""
    match = RELEASE.match(name)
    if match is None:
        return ("", 0, 0, "")
    return (match["stamp"], int(match["micro"] or 0), int(match["count"] or 1) if match["token"] is None else 0,
            match["token"] or "")


def release_time(name: str) -> dt.datetime | None:
    """The UTC time a release name records (None for a name that is not a release's)."""
    match = RELEASE.match(name)
    if match is None:
        return None
    moment = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
    return moment + dt.timedelta(microseconds=int(match["micro"] or 0))


def new_name(now: dt.datetime, taken: list[str], token: str | None = None) -> str:
    """A name for a new release made at ``now`` that sorts after every name in ``taken``."""
    moment = now.astimezone(dt.UTC)
    times = [time for time in map(release_time, taken) if time is not None]
    if times and moment <= max(times):
        moment = max(times) + _TICK
    return f"{moment.strftime(_STAMP)}.{moment.microsecond:06d}Z-{token or secrets.token_hex(3)}"
