"""Tone-mark placement styles in the open syllables oa, oe and uy.

The old style ("kiểu cũ") puts the tone on the first vowel: hòa, khỏe, thủy, ủy, tùy, lóa. The new style
("kiểu mới", after the 1980s spelling rules) puts it on the main vowel, the second one: hoà, khoẻ, thuỷ, uỷ, tuỳ,
loá. Only these open syllables differ: hoàn, thuyết, quý (qu + y), khuya and thuở are written the same in both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from hoidap.vietnamese.vntext import TONE_MARKS

Style = Literal["old", "new"]

_TONES = TONE_MARKS
_T = f"[{_TONES}]"
# An onset without q (qu + y is quý), then o + a/e or u + y, each vowel precomposed with a tone or followed by one
# (NFD), and nothing after: no coda and no third vowel.
_WORD = re.compile(
    r"(?<![\w\u0300-\u036f])"
    r"(?:ngh|ng|nh|ch|gh|kh|ph|th|tr|[bcdđghklmnprstvx])?"
    rf"(?:[oòóỏõọ]{_T}?[aàáảãạeèéẻẽẹ]|[uùúủũụ]{_T}?[yỳýỷỹỵ]){_T}?"
    r"(?![\w\u0300-\u036f])",
    re.IGNORECASE,
)

# The o + a/e or u + y core alone, as one leading character class so that the regex engine scans at C speed;
# the onset and the word's end are checked around each hit.
_CORE = re.compile(rf"[oòóỏõọuùúủũụOÒÓỎÕỌUÙÚỦŨỤ]{_T}?[aàáảãạeèéẻẽẹyỳýỷỹỵAÀÁẢÃẠEÈÉẺẼẸYỲÝỶỸỴ]{_T}?")
_PAIR = re.compile(rf"[oòóỏõọ]{_T}?[aàáảãạeèéẻẽẹ]{_T}?|[uùúủũụ]{_T}?[yỳýỷỹỵ]{_T}?", re.IGNORECASE)
_ONSETS = ({""}, set("bcdđghklmnprstvx"), {"ng", "nh", "ch", "gh", "kh", "ph", "th", "tr"}, {"ngh"})


def _letter(char: str) -> bool:
    return char.isalnum() or "\u0300" <= char <= "\u036f"


def _words(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every affected word: an onset without q, the core, nothing after."""
    for match in _CORE.finditer(text):
        start, end = match.span()
        if (end < len(text) and (_letter(text[end]) or text[end] == "_")) or not _PAIR.fullmatch(match.group()):
            continue
        for size in (3, 2, 1, 0):
            begin = start - size
            if begin >= 0 and text[begin:start].lower() in _ONSETS[size]:
                if begin == 0 or not (_letter(text[begin - 1]) or text[begin - 1] == "_"):
                    yield begin, end
                break


@dataclass(frozen=True)
class ToneSpan:
    """``text[start:end] == word``, written in ``style``; ``other`` is the same word in the other style."""

    start: int
    end: int
    word: str
    style: Style
    other: str


def _parse(word: str) -> tuple[str, int, Style] | None:
    """(NFD word without its tone, tone mark index in ``_TONES``, style) of an affected word."""
    decomposed = unicodedata.normalize("NFD", word)
    marks = [i for i, char in enumerate(decomposed) if char in _TONES]
    if len(marks) != 1 or any("\u0300" <= c <= "\u036f" for c in decomposed if c not in _TONES):
        return None
    index = marks[0]
    bare = decomposed[:index] + decomposed[index + 1:]
    # The tone follows the last letter (new style) or the one before it (old style).
    style: Style = "new" if index == len(decomposed) - 1 else "old"
    return bare, _TONES.index(decomposed[index]), style


def _write(bare: str, tone: int, style: Style) -> str:
    """``bare`` (NFD, two final vowels) with tone ``tone`` on its first (old) or second (new) final vowel, NFC."""
    cut = len(bare) - (0 if style == "new" else 1)
    return unicodedata.normalize("NFC", bare[:cut] + _TONES[tone] + bare[cut:])


def word_style(word: str) -> Style | None:
    """The style ``word`` is written in, or None when it is written the same in both (or has no tone).

    >>> word_style("hòa"), word_style("hoà"), word_style("Thuỷ"), word_style("quý"), word_style("hoàn")
    ('old', 'new', 'new', None, None)
    """
    if not _WORD.fullmatch(word):
        return None
    parsed = _parse(word)
    return parsed[2] if parsed else None


def find_tones(text: str) -> list[ToneSpan]:
    """Every word of ``text`` whose tone placement depends on the style, in order."""
    found = []
    for start, end in _words(text):
        parsed = _parse(text[start:end])
        if parsed:
            bare, tone, style = parsed
            other: Style = "new" if style == "old" else "old"
            found.append(ToneSpan(start, end, text[start:end], style, _write(bare, tone, other)))
    return found


def to_style(text: str, style: Style) -> str:
    """``text`` with every affected word written in ``style`` (NFC); everything else is left as it is.

    >>> to_style("Hòa bình, khoẻ mạnh, Ủy ban, quý, hoàn thành", "new")
    'Hoà bình, khoẻ mạnh, Uỷ ban, quý, hoàn thành'
    """
    pieces, cursor = [], 0
    for span in find_tones(text):
        if span.style != style:
            pieces += [text[cursor:span.start], span.other]
            cursor = span.end
    return "".join(pieces) + text[cursor:]
