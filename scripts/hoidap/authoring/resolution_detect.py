"""Find a resolution's number, issuer, date, summary title and term in the text of an imported document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hoidap.checking.checks import RESOLUTION_NUMBER, canonical_number
from hoidap.vietnamese.casing import is_all_caps, sentence_case
from hoidap.vietnamese.vntext import fold

_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
                   r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_TERM = re.compile(r"\bkh(?:óa|oá)\s+([IVXLC]+)\b", re.IGNORECASE)
_NAME = re.compile(r"\b(?:[vV]ề|VỀ)\s+(.+)")
# Central bodies, in the order tried: the words as written → the name the booklet format uses.
_CENTRAL = (
    (re.compile(r"Bộ Chính trị", re.IGNORECASE), "Bộ Chính trị"),
    (re.compile(r"Ban Bí thư", re.IGNORECASE), "Ban Bí thư"),
    (re.compile(r"Ban Chấp hành Trung ương|Trung ương Đảng|Hội nghị Trung ương", re.IGNORECASE),
     "Ban Chấp hành Trung ương"),
)
_LOCAL = re.compile(r"(?:Ban Thường vụ |Ban Chấp hành Đảng bộ )?(Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy"
                    r"(?: [A-ZĐÀ-Ỹ][^\s,.;:()]*)+")
_LOCAL_LEVEL = {"Tỉnh": "tinh", "Thành": "tinh", "Huyện": "huyen", "Quận": "huyen", "Thị": "huyen", "Đảng": "co-so"}


@dataclass
class Detected:
    """What the text says about its resolution; None where it says nothing."""

    number: str | None = None
    name: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    term: str | None = None
    level: str | None = None
    compiled_by: str | None = None


def detect(paragraphs: list[str]) -> Detected:
    """Read the first resolution number (preferring one after "Nghị quyết") and what its paragraph says."""
    found = Detected()
    places = [(i, m) for i, text in enumerate(paragraphs) for m in RESOLUTION_NUMBER.finditer(text)]
    places.sort(key=lambda item: "nghi quyet" not in fold(paragraphs[item[0]][:item[1].start()]))
    home: list[str] = []
    if places:
        match = places[0][1]
        found.number = canonical_number(match)
        same = [paragraphs[i][m.end():] for i, m in places if canonical_number(m) == found.number]
        home = same
        names = [name for tail in same if (name := _name(tail))]
        # the summary as the author wrote it; else one written in capitals, in sentence case
        found.name = next((name for name, capitals in names if not capitals), None) or next(
            (sentence_case(name, first_lower=True) for name, capitals in names), None)
    # The paragraphs naming the number first; the compiling board's own name is not the issuer.
    for text in [*home, *(p for p in paragraphs if not fold(p).startswith("ban tuyen giao"))]:
        if found.issued is None:
            found.issued = _date(text)
        if found.issuer is None:
            found.issuer, found.level = _issuer(text)
        if found.term is None and (term := _TERM.search(text)):
            found.term = term.group(1).upper()
    for text in paragraphs[:8]:
        if fold(text).startswith("ban tuyen giao") and not text.isupper():
            found.compiled_by = text.strip().rstrip(".")
            break
    return found


def _date(text: str) -> dt.date | None:
    for match in _DATE.finditer(text):
        day, month, year = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _issuer(text: str) -> tuple[str | None, str | None]:
    hits = [(m.start(), name, "trung-uong") for pattern, name in _CENTRAL if (m := pattern.search(text))]
    if (local := _LOCAL.search(text)) and not local.group().isupper():
        hits.append((local.start(), local.group(), _LOCAL_LEVEL[local.group(1)]))
    if not hits:
        return None, None
    _, name, level = min(hits)
    return name, level


def _name(tail: str) -> tuple[str, bool] | None:
    """The summary title after the number: "về …" up to the end of the sentence, and whether it is in capitals."""
    match = _NAME.search(tail)
    if not match:
        return None
    name = re.split(r"[.;]\s|\s[-–]\s|\s?[()]", match.group(0))[0].strip(" .,;:\"“”'")
    return (name, is_all_caps(name)) if name else None
