"""Vietnamese text helpers: NFC normalisation, accent folding (đ→d) and slugs."""

from __future__ import annotations

import functools
import re
import unicodedata

# Combining diacritical marks (U+0300–U+036F) only: marks of other scripts,
# such as Khmer vowel signs, are part of their letters and must be kept.
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})
_ASCII_WORDS = re.compile(r"[a-z0-9]+")
# C0 controls but tab and line ends, DEL and C1: no page can show them, XML (an SVG) and iCalendar refuse them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normalisation form C."""
    return unicodedata.normalize("NFC", text)


def control_character(text: str) -> str | None:
    """The first control character of ``text`` (a YAML escape such as ``"\\x01"`` makes one), or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, mapping đ to d.

    >>> fold("Đổi mới Hòa Bình")
    'doi moi hoa binh'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed)).lower()


def slugify(text: str, separator: str = "-") -> str:
    """Return an accent-folded slug: ``"Phần I. Đổi mới"`` → ``"phan-i-doi-moi"``."""
    folded = fold(text)
    if folded.isascii():
        return separator.join(_ASCII_WORDS.findall(folded))
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in folded)
    return separator.join(kept.split())


# Tone marks, as opposed to the marks that make a letter (ă â ê ô ơ ư): their place in the
# syllable is a matter of style (hoà/hòa), so search compares them per word, not per letter.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# A word: letters, digits and the marks that belong to them (Latin combining marks, Khmer signs), "_" left
# in: one character class matches a third faster than an alternation excluding "_" (search indexes every
# word of the site); words() splits at "_" when the text has one.
_WORD_OR_UNDERSCORE = re.compile(r"[\w\u0300-\u036f\u1780-\u17ff]+")


def words(text: str) -> list[str]:
    """The words of ``text``, in NFC and lower case: ``"Đổi mới, 2025"`` → ``["đổi", "mới", "2025"]``; a word
    is a run of letters, digits and Latin combining marks or Khmer signs."""
    text = nfc(text).lower()
    found = _WORD_OR_UNDERSCORE.findall(text)
    return found if "_" not in text else [part for word in found for part in word.split("_") if part]


@functools.lru_cache(maxsize=1 << 16)
def tone_key(word: str) -> str:
    """``word`` with its tone mark moved to the end, so both tone placements compare equal.

    >>> tone_key("hòa") == tone_key("hoà")
    True
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    return nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS)) + tones
