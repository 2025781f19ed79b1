"""Answers an author types (to a question of ``make new``/``make import``, or as an option): read the natural way
and checked. Each reader returns the value to write, or raises :class:`BadAnswer` with the Vietnamese reason."""

from __future__ import annotations

import datetime as dt
import re

from hoidap.model.schema import LEVEL_KEYS, LEVELS
from hoidap.vietnamese.vntext import fold, nfc

# The Communist Party of Vietnam was founded in 1930: no resolution is older.
EARLIEST = dt.date(1930, 1, 1)
DATE_FORMS = "NGÀY/THÁNG/NĂM (như trên văn bản) hoặc NĂM-THÁNG-NGÀY"

_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{2,4})")
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# The issuer code of a resolution number → the level of the committee that issues it.
_CODE_LEVELS = {"TW": "trung-uong", "TU": "tinh", "HU": "huyen", "QU": "huyen", "ĐU": "co-so"}


class BadAnswer(ValueError):
    """An answer that cannot be used; the message says why and what to type, in Vietnamese."""


def text(answer: str) -> str:
    """A line of text (trích yếu, cơ quan ban hành…): not empty, on one line, NFC, spaces tidied."""
    value = " ".join(nfc(answer).split())
    if not value:
        raise BadAnswer("chưa có câu trả lời.")
    return value


def number(answer: str) -> str:
    """A resolution number; written another way (``18/NQ-TW``, ``18 - nq/tw``) it becomes the standard form."""
    from hoidap.checking.checks import RESOLUTION_NUMBER, canonical_number  # here: checks → metadata → this module

    value = " ".join(nfc(answer).split())
    if not value:
        raise BadAnswer("chưa có số hiệu.")
    match = RESOLUTION_NUMBER.fullmatch(value.upper())
    if match:
        return canonical_number(match)
    if not re.search(r"\d", value) or not re.search(r"[^\W\d_]", value):
        raise BadAnswer(f"'{value}' không giống số hiệu nghị quyết: chép số hiệu như trên văn bản, dạng "
                        "<số>-NQ/<ký hiệu cơ quan ban hành>.")
    return value


def date(answer: str, *, latest: dt.date | None = None) -> dt.date:
    """A date written ``30/4/2025``, ``30-4-2025``, ``30.4.2025``, ``2025-04-30`` or ``ngày 30 tháng 4 năm 2025``;
    never after ``latest`` (today, for a date that has passed) nor before 1930."""
    value = " ".join(nfc(answer).split())
    folded = fold(value).removeprefix("ngay ").strip()
    if not folded:
        raise BadAnswer(f"chưa có ngày: viết {DATE_FORMS}.")
    parts = None
    if match := _YMD.fullmatch(folded):
        year, month, day = (int(g) for g in match.groups())
        parts = (match.group(1), year, month, day)
    elif match := (_DMY.fullmatch(folded) or _WORDS.fullmatch(folded)):
        day, month, year = (int(g) for g in match.groups())
        parts = (match.group(3), year, month, day)
    if parts is None:
        raise BadAnswer(f"'{value}' không phải một ngày: viết {DATE_FORMS}, bằng số.")
    year_text, year, month, day = parts
    if len(year_text) != 4:
        raise BadAnswer(f"ngày '{value}': ghi năm đủ bốn chữ số.")
    try:
        result = dt.date(year, month, day)
    except ValueError:
        wrong = f"không có tháng {month}" if not 1 <= month <= 12 else f"tháng {month}/{year} không có ngày {day}"
        raise BadAnswer(f"ngày '{value}' không có trên lịch ({wrong}): viết {DATE_FORMS}.") from None
    if result < EARLIEST:
        raise BadAnswer(f"ngày '{value}' trước năm 1930: kiểm tra lại năm.")
    if latest is not None and result > latest:
        raise BadAnswer(f"ngày '{value}' ({result:%d/%m/%Y}) chưa tới: kiểm tra lại ngày, tháng, năm.")
    return result


def level(answer: str) -> str:
    """A level key from its key (``trung-uong``), its number in the list (1-4), its Vietnamese name ("Trung ương",
    "tỉnh") or a committee of that level ("Tỉnh ủy", "Bộ Chính trị")."""
    value = " ".join(nfc(answer).split())
    folded = " ".join(re.sub(r"\(.*?\)|[^\w]+", " ", fold(value)).split()).removeprefix("cap ")
    if value in LEVEL_KEYS:
        return value
    if folded.isdigit() and 1 <= int(folded) <= len(LEVELS):
        return LEVELS[int(folded) - 1].key
    for known in LEVELS:
        names = {known.key.replace("-", " "), *known.typed,
                 *(" ".join(re.sub(r"\(.*?\)|[^\w ]", " ", fold(part)).split()) for part in known.vi.split(","))}
        if folded in names:
            return known.key
    raise BadAnswer(f"không có cấp '{value}': trả lời {level_choices()}.")


def level_choices() -> str:
    """The levels as an author may answer them: "1 hoặc Trung ương, 2 hoặc tỉnh…"."""
    return "; ".join(f"{index} hoặc {known.vi.split(',')[0].split(' (')[0]} ({known.key})"
                     for index, known in enumerate(LEVELS, 1))


def level_of_number(resolution_number: str) -> str | None:
    """The level a resolution number's issuer code suggests (``…-NQ/TW`` → trung-uong), if any."""
    code = resolution_number.upper().rpartition("/")[2].strip()
    return _CODE_LEVELS.get(code)


def term(answer: str) -> str | None:
    """A khóa in Roman numerals (``XIII``, ``khóa xiii``, or ``13``); an empty answer is no khóa."""
    value = " ".join(nfc(answer).split())
    bare = re.sub(r"^kh[oó]a\s+", "", fold(value)).strip().upper()
    if not bare:
        return None
    if bare.isdigit() and 0 < int(bare) < 100:
        return _roman(int(bare))
    if _ROMAN.fullmatch(bare) and _roman_value(bare) < 100:
        return bare
    raise BadAnswer(f"khóa '{value}' không phải số La Mã: viết như trên văn bản (như XII, XIII) hoặc bằng số "
                    "(13); để trống nếu văn bản không ghi khóa.")


def _roman(value: int) -> str:
    digits = ((90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = ""
    for size, letters in digits:
        while value >= size:
            result += letters
            value -= size
    return result


def _roman_value(letters: str) -> int:
    total = 0
    for index, letter in enumerate(letters):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[letters[index + 1]] if index + 1 < len(letters) else 0
        total += -value if value < following else value
    return total
