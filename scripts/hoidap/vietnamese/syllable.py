"""Vietnamese syllable structure: a validator and tone placement, shared by the legacy-encoding and Telex checks.

A syllable is an onset consonant cluster, a vowel nucleus (with an optional o/u glide and final i/y/o/u glide)
and a coda from {c ch m n ng nh p t}, with at most one tone mark; syllables ending in c, ch, p or t take only the
acute (sắc) or dot-below (nặng) tone. Every valid toneless syllable is generated once at import time, so a check is
a normalisation, a translation and a set look-up.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

# Tone indices: 0 none (ngang), 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = frozenset("aăâeêioôơuưy")
MODIFIED = frozenset("ăâêôơư")

_ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
           "qu", "r", "s", "t", "th", "tr", "v", "x")
_CODAS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_STOPS = ("c", "ch", "p", "t")

# Nucleus → allowed codas ("-" = open syllable). Plain rhymes first, then those with an o/u glide (medial).
_PLAIN = """
a - c ch m n ng nh p t | ai ao au ay - | ă c m n ng p t | â c m n ng p t | âu ây - | e - c m n ng p t | eo - |
ê - ch m n nh p t | êu - | i - ch m n nh p t | ia iu - | iê c m n ng p t | iêu - | o - c m n ng p t | oi - |
oo c ng | ô - c m n ng p t | ôi - | ơ - m n p t | ơi - | u - c m n ng p t | ua ui - | uô c m n ng t | uôi - |
ư - c ng t | ưa ưi ưu - | ươ c m n ng p t | ươi ươu - | y - | yê m n ng t | yêu -
"""
_MEDIAL = """
oa - c ch m n ng nh p t | oai oay oao - | oă c m n ng t | oe - n t | oeo - |
uâ n ng t | uây - | uê - ch nh | uơ - | uy - ch n nh p t | uya uyu - | uyê n t
"""


def _rhymes(spec: str) -> dict[str, str]:
    """Parse a rhyme spec into {rhyme (nucleus + coda): nucleus}."""
    rhymes: dict[str, str] = {}
    for group in spec.split("|"):
        words = group.split()
        nuclei = [w for w in words if w != "-" and w not in _CODAS]
        codas = [w for w in words if w == "-" or w in _CODAS]
        for nucleus in nuclei:
            for coda in codas:
                rhymes[nucleus + ("" if coda == "-" else coda)] = nucleus
    return rhymes


def _build() -> dict[str, tuple[str, str, str]]:
    """Every valid toneless syllable → (onset, nucleus, coda)."""
    plain, medial = _rhymes(_PLAIN), _rhymes(_MEDIAL)
    table: dict[str, tuple[str, str, str]] = {}

    def add(onset: str, rhyme: str, nucleus: str) -> None:
        table.setdefault(onset + rhyme, (onset, nucleus, rhyme[len(nucleus):]))

    for onset in _ONSETS:
        for rhyme, nucleus in plain.items():
            first = nucleus[0]
            if onset == "qu":
                if first in "aăâeêyơ" or (first == "i" and nucleus == "i") or rhyme == "ôc":
                    add(onset, rhyme, nucleus)
            elif onset == "gi":
                if nucleus.startswith("iê"):
                    add(onset, rhyme[1:], nucleus[1:])  # gi + iêng is written giêng
                elif first not in "iy":
                    add(onset, rhyme, nucleus)
            elif onset == "k":
                if first in "eêiy":
                    add(onset, rhyme, nucleus)
            elif onset in ("gh", "ngh"):
                if first in "eêi" and not nucleus.startswith("y"):
                    add(onset, rhyme, nucleus)
            elif onset in ("c", "g", "ng"):
                if first not in "eêy" and not (first == "i" and (onset != "g" or nucleus != "i")):
                    add(onset, rhyme, nucleus)
            elif nucleus.startswith("yê"):
                if onset == "":
                    add(onset, rhyme, nucleus)
            elif nucleus.startswith("iê") and onset == "":
                continue  # written yê without an onset
            else:
                add(onset, rhyme, nucleus)
        for rhyme, nucleus in medial.items():
            if onset == "qu":
                add(onset, rhyme[1:], nucleus[1:])  # the u of qu is the glide: quân, quê, quyết
            elif onset not in ("k", "gh", "ngh", "c", "gi"):
                add(onset, rhyme, nucleus)
    return table


SYLLABLES: dict[str, tuple[str, str, str]] = _build()
_STOPPED = frozenset(s for s, (_, _, coda) in SYLLABLES.items() if coda in _STOPS)

# Lower-case letter → (toneless letter, tone index), for the 12 vowels × 6 tones and the consonants.
_LETTERS: dict[str, tuple[str, int]] = {c: (c, 0) for c in "bcdđghklmnpqrstvx"}
for _vowel in VOWELS:
    for _tone, _mark in enumerate(TONE_MARKS):
        _LETTERS[unicodedata.normalize("NFC", _vowel + _mark)] = (_vowel, _tone)
_BASE = str.maketrans({c: base for c, (base, _) in _LETTERS.items() if base != c})
_TONED = {c: tone for c, (_, tone) in _LETTERS.items() if tone}


def split_tone(word: str) -> tuple[str, int] | None:
    """Return ``(toneless lower-case word, tone index)``, or None if ``word`` is not made of Vietnamese letters
    with at most one tone mark."""
    if not word.isascii():
        word = unicodedata.normalize("NFC", word)
    word = word.lower()
    tone = 0
    for char in word:
        if char not in _LETTERS:
            return None
        if char in _TONED:
            if tone:
                return None
            tone = _TONED[char]
    return word.translate(_BASE), tone


def is_syllable(word: str) -> bool:
    """True if ``word`` (any case, NFC or NFD) is one well-formed Vietnamese syllable, its tone on the right vowel.

    >>> is_syllable("Nghiêng"), is_syllable("quyết"), is_syllable("quyêt"), is_syllable("gìa"), is_syllable("class")
    (True, True, False, False, False)
    """
    split = split_tone(word)
    if split is None:
        return False
    toneless, tone = split
    if toneless not in SYLLABLES:
        return False
    if not tone:
        return toneless not in _STOPPED
    if toneless in _STOPPED and tone not in (1, 5):
        return False
    lowered = word.lower() if word.isascii() else unicodedata.normalize("NFC", word).lower()
    marked = next(i for i, char in enumerate(lowered) if char in _TONED)
    return marked in _tone_positions(toneless)


def _tone_index(toneless: str, style: Literal["old", "new"]) -> int:
    """Index in ``toneless`` (a key of SYLLABLES) of the vowel that carries the tone."""
    onset, nucleus, coda = SYLLABLES[toneless]
    if "ơ" in nucleus:
        index = nucleus.index("ơ")
    elif any(v in MODIFIED and v != "ư" for v in nucleus):
        index = next(i for i, v in enumerate(nucleus) if v in MODIFIED and v != "ư")
    elif "ư" in nucleus:
        index = nucleus.index("ư")
    elif coda or len(nucleus) == 1:
        index = len(nucleus) - 1
    elif len(nucleus) == 2:
        index = 1 if style == "new" and nucleus in ("oa", "oe", "uy") else 0
    else:
        index = 1
    return len(onset) + index


@lru_cache(maxsize=4096)
def _tone_positions(toneless: str) -> frozenset[int]:
    return frozenset((_tone_index(toneless, "old"), _tone_index(toneless, "new")))


def add_tone(toneless: str, tone: int, style: Literal["old", "new"] = "new") -> str | None:
    """Put tone ``tone`` on the right vowel of the lower-case toneless syllable ``toneless`` (NFC result).

    ``style`` decides only the open syllables oa, oe, uy: old ``hòa`` (first vowel) or new ``hoà`` (main vowel).

    >>> add_tone("quyêt", 1), add_tone("hoa", 2, "old"), add_tone("hoa", 2), add_tone("thuơ", 3)
    ('quyết', 'hòa', 'hoà', 'thuở')
    """
    if toneless not in SYLLABLES:
        return None
    if not tone:
        return toneless
    position = _tone_index(toneless, style)
    marked = toneless[:position + 1] + TONE_MARKS[tone] + toneless[position + 1:]
    return unicodedata.normalize("NFC", marked)
