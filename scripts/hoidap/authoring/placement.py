"""Where a new booklet goes (``make new``, ``make import``): its file name, like the samples' ``19-nq-tw.md``, and
the booklets already in the docs folder for the same resolution.

Resolution numbers start again with each term (18-NQ/TW of 2017 and 18-NQ/TW of 2022 are two resolutions), so
the same resolution means the same number, level and year of issue; a second resolution with a number already
used gets the year in its file name (``18-nq-tw-2022.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from hoidap.authoring.answers import BadAnswer, date
from hoidap.authoring.answers import number as read_number
from hoidap.model.findings import BookletError
from hoidap.model.frontmatter import split
from hoidap.vietnamese.vntext import slugify


def file_name(number: str, issued: dt.date | None = None) -> str:
    """``19-NQ/TW`` → ``19-nq-tw.md`` (``19-nq-tw-2022.md`` with the year of issue)."""
    return f"{slugify(number) or 'tai-lieu'}{f'-{issued.year}' if issued else ''}.md"


def free_path(folder: Path, number: str, issued: dt.date, replaceable: Sequence[Path] = ()) -> Path | None:
    """The first of ``folder/19-nq-tw.md`` and ``folder/19-nq-tw-2022.md`` that is free (or is one of
    ``replaceable``: the booklet of the same resolution that ``--force`` replaces); None if both are taken."""
    kept = {path.resolve() for path in replaceable}
    for name in (file_name(number), file_name(number, issued)):
        path = folder / name
        if not (path.exists() or path.is_symlink()) or (path.is_file() and path.resolve() in kept):
            return path
    return None


def same_resolution(folder: Path, number: str, level: str, issued: dt.date, other_languages: set[str]
                    ) -> list[Path]:
    """The booklets under ``folder`` (translations ``x.en.md`` aside) for the resolution with this number,
    level and year of issue, sorted."""
    wanted = number_key(number)
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            parts = name.split(".")
            if not name.endswith(".md") or (len(parts) > 2 and parts[-2] in other_languages):
                continue
            path = Path(root) / name
            front = _front(path)
            resolution = front.get("resolution") if isinstance(front.get("resolution"), dict) else {}
            if (number_key(str(resolution.get("number", ""))) != wanted or str(front.get("level", "")) != level):
                continue
            year = _year(resolution.get("issued"))
            if year is None or year == issued.year:
                found.append(path)
    return found


def _front(path: Path) -> dict:
    """The front matter of the Markdown file ``path``; empty when it has none or cannot be read."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)  # front matter is at the top; a huge file is not read whole
        text = head.decode("utf-8-sig", errors="replace")
        front, _ = split(text, str(path))
    except (OSError, BookletError, RecursionError):
        return {}
    return front.data


def number_key(text: str) -> str:
    """A resolution number as the same resolution's other spellings give it (``19/nq-tw`` → ``19-NQ/TW``)."""
    try:
        return read_number(text)
    except BadAnswer:
        return re.sub(r"\s+", "", text).upper()


def _year(value: object) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    try:
        return date(str(value)).year if value else None
    except BadAnswer:
        return None
