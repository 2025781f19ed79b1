"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI Windows) that show up as gibberish once copied as Unicode.

Text typed in ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts keeps its one-byte codes when pasted elsewhere, so
readers see the Windows-1252/Latin-1 characters of those bytes: ``NghÞ quyÕt`` (TCVN3) or ``Nghò quyeát`` (VNI)
for ``Nghị quyết``. :func:`find_legacy` finds such runs of words inside correct Unicode text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hoidap.syllable import SYLLABLES, add_tone, is_syllable

Encoding = Literal["tcvn3", "vni"]

# Tone marks in the order TCVN3 lays its rows out: huyền, hỏi, ngã, sắc, nặng.
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TCVN3_TONES = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)

# TCVN 5712:1993 VN3. Upper-case toned letters have no code: .VnTimeH fonts draw the lower-case codes as capitals.
_TCVN3_BASE = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
}
_TCVN3_ROWS = (  # vowel: codes for huyền, hỏi, ngã, sắc, nặng
    ("a", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
TCVN3: dict[str, str] = {chr(code): char for code, char in _TCVN3_BASE.items()}
for _vowel, _codes in _TCVN3_ROWS:
    for _code, _mark in zip(_codes, _TCVN3_TONES, strict=True):
        TCVN3[chr(_code)] = unicodedata.normalize("NFC", _vowel + _mark)
_TCVN3_DECODE = str.maketrans(TCVN3)
_TCVN3_ENCODE = {char: code for code, char in TCVN3.items()}

# VNI Windows: a base letter followed by a mark character. Tones in the order sắc, huyền, hỏi, ngã, nặng.
_VNI_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
_VNI_ROWS = (  # letter: (base characters, mark for no tone, marks for the five tones)
    ("a", "a", "", "ùøûõï"), ("â", "a", "â", "áàåãä"), ("ă", "a", "ê", "éèúüë"),
    ("e", "e", "", "ùøûõï"), ("ê", "e", "â", "áàåãä"),
    ("o", "o", "", "ùøûõï"), ("ô", "o", "â", "áàåãä"), ("ơ", "ô", "", "ùøûõï"),
    ("u", "u", "", "ùøûõï"), ("ư", "ö", "", "ùøûõï"),
    ("y", "y", "", "ùøûõ"),
)
VNI: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư"}
for _single, _mark in zip("íìæóò", _VNI_TONES, strict=True):  # the i row is one character per letter
    VNI[_single] = unicodedata.normalize("NFC", "i" + _mark)
    VNI[_single.upper()] = unicodedata.normalize("NFC", "I" + _mark)
for _letter, _base, _plain, _marks in _VNI_ROWS:
    for _sequence_mark, _tone in [(_plain, ""), *zip(_marks, _VNI_TONES, strict=False)]:
        if not _sequence_mark:
            continue
        _char = unicodedata.normalize("NFC", _letter + _tone)
        VNI[_base + _sequence_mark] = _char
        VNI[_base.upper() + _sequence_mark.upper()] = _char.upper()
_VNI_ENCODE = {char: sequence for sequence, char in VNI.items()}
# Decoding also accepts a mark in the other case than its base letter: the base letter decides the case.
_VNI_DECODE = dict(VNI)
for _sequence, _char in VNI.items():
    if len(_sequence) == 2:
        _VNI_DECODE.setdefault(_sequence[0] + _sequence[1].swapcase(), _char)
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

# Latin-1 letters that correct Vietnamese uses; any other legacy code character is evidence of a legacy font.
_VIET_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_CODE_CHARS = set(TCVN3) | {c for sequence in VNI for c in sequence if not c.isascii()}
# VNI base + mark pairs that European words use too (naïve, deán, aún, aéroport, leão, poäng, où, goût, Israël).
_EUROPEAN_VNI_PAIRS = frozenset("aï eï oï uï eá aú aé eà aü aù aõ eã eõ oä uø où oû aë".split())


# VNI base + mark pairs that no correct Vietnamese word contains (eä, aø), as worked out by
# vni_pairs_unused_in_vietnamese(); kept as a constant because working them out takes 80 ms.
VNI_PAIRS = frozenset("""
aà aá aâ aã aä aå aè aé aê aë aï aõ aø aù aú aû aü eà eá eâ eã eä eå eï eõ eø eù eû oâ oä oå oï oø où oû uï uõ uø
uù uû yõ yø yù yû ôï ôõ ôø ôù ôû öï öõ öø öù öû
""".split())


def vni_pairs_unused_in_vietnamese() -> set[str]:
    """Lower-case VNI two-character sequences that appear in no Vietnamese syllable, with either tone style."""
    seen = set()
    for toneless in SYLLABLES:
        for tone in range(1, 6):
            for style in ("old", "new"):
                word = add_tone(toneless, tone, style) or ""
                seen.update(word[i:i + 2] for i in range(len(word) - 1))
    return {s for s in VNI if len(s) == 2 and s.islower() and s not in seen}


_VNI_PAIRS = "|".join(map(re.escape, sorted(VNI_PAIRS)))
_VNI_HARD_PAIRS = "|".join(map(re.escape, sorted(VNI_PAIRS - _EUROPEAN_VNI_PAIRS)))
_NONVIET = re.escape("".join(sorted(_CODE_CHARS - _VIET_LATIN1)))
# A Latin-1 capital after a lower-case letter (ViÖt), or between a letter and a lower-case letter (CÊp).
_INNER_CAPITAL = r"(?<=[a-z\xdf-\xff])[\xc0-\xde]|(?<=[A-Za-z\xc0-\xff])[\xc0-\xde](?=[a-z\xdf-\xff])"


def _seed_pattern() -> re.Pattern[str]:
    """Characters or pairs correct Vietnamese never has: a paragraph without any is not looked at.

    The pattern starts with one character class, so that the regex engine scans for it at C speed, and checks the
    character before with fixed-width look-behinds (a plain alternation makes the scan 20 times slower).
    """
    pairs = {case(p[0]) + other(p[1]) for p in VNI_PAIRS
             for case in (str.lower, str.upper) for other in (str.lower, str.upper)}
    last = set(_CODE_CHARS - _VIET_LATIN1) | {p[1] for p in pairs} | {chr(c) for c in range(0xC0, 0xDF)}
    return re.compile(
        "[" + re.escape("".join(sorted(last))) + "]"
        "(?:(?<=[" + _NONVIET + "])"
        "|(?<=" + "|".join(map(re.escape, sorted(pairs))) + ")"
        r"|(?<=[a-z\xdf-\xff][\xc0-\xde])"
        r"|(?<=[A-Za-z\xc0-\xff][\xc0-\xde])(?=[a-z\xdf-\xff]))"
    )


_SEED = _seed_pattern()
# Evidence that European words do not give either: TCVN3 symbols or inner capitals; rare VNI pairs.
_HARD = {
    "tcvn3": re.compile(r"[\xa1-\xbf\xd7\xf7]|" + _INNER_CAPITAL),
    "vni": re.compile(_VNI_HARD_PAIRS + "|öô", re.IGNORECASE),  # öô is ươ
}
_TOKEN = re.compile(r"(?:[^\W_]|[\xa1-\xbf\xd7\xf7\u0300-\u036f])+")
_LEGACY_WORD = re.compile(r"[0-9A-Za-z\xa1-\xff]+")
_TCVN3_UNMAPPED = re.compile("[" + "".join(chr(c) for c in range(0xA0, 0x100) if chr(c) not in TCVN3) + "]")


def tcvn3_to_unicode(text: str) -> str:
    """Decode ``text`` whose characters are TCVN3 bytes read as Latin-1/Windows-1252 (NFC result).

    >>> tcvn3_to_unicode("§¶ng Céng s¶n ViÖt Nam")
    'Đảng Cộng sản Việt Nam'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_DECODE))


def vni_to_unicode(text: str) -> str:
    """Decode ``text`` whose characters are VNI Windows bytes read as Latin-1/Windows-1252 (NFC result).

    >>> vni_to_unicode("Ñaûng Coäng saûn Vieät Nam")
    'Đảng Cộng sản Việt Nam'
    """
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text))


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode ``text`` as TCVN3 characters; upper-case toned letters take the lower-case code."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(char) or _TCVN3_ENCODE.get(char.lower())
        out.append(code or char)
    return "".join(out)


def unicode_to_vni(text: str) -> str:
    """Encode Unicode ``text`` as VNI Windows characters."""
    return "".join(_VNI_ENCODE.get(char, char) for char in unicodedata.normalize("NFC", text))


_UNICODE_LETTER = re.compile(r"[^\W\x00-\xff]|[\u0300-\u036f]")


def _unicode_before(text: str, low: int, position: int) -> int:
    """Index of the last letter beyond Latin-1 (or combining mark) in ``text[low:position]``, or -1."""
    window = 256
    while True:
        start = max(low, position - window)
        found = _UNICODE_LETTER.search(text[start:position][::-1])
        if found:
            return position - 1 - found.start()
        if start == low:
            return -1
        window *= 8


@dataclass(frozen=True)
class LegacySpan:
    """A run of mis-decoded legacy text: ``text[start:end] == original``, readable as ``converted``."""

    start: int
    end: int
    encoding: Encoding
    original: str
    converted: str


# Token states for one encoding.
_BREAK, _UNICODE, _KEEP, _WEAK, _STRONG = range(5)
_DECODERS = {"tcvn3": lambda word: word.translate(_TCVN3_DECODE), "vni": vni_to_unicode}


@lru_cache(maxsize=16384)
def _classify(word: str, encoding: Encoding) -> tuple[int, str, int]:
    """(state, converted word, score) of one word token for one encoding.

    A strong word decodes to a syllable without being one. It scores 3 with hard evidence (see ``_HARD``) and 3+
    characters, 2 with hard evidence or 3+ characters, else 1.
    """
    if word.isascii():
        # Vietnamese written without marks, numbers and abbreviations stay in a run; other words end it.
        if len(word) > 1 and word.isalpha() and not word.isupper() and not is_syllable(word):
            return _BREAK, word, 0
        return _KEEP, word, 0
    if not _LEGACY_WORD.fullmatch(word):
        return _UNICODE, word, 0  # letters outside Latin-1 or combining marks: written in Unicode
    if encoding == "tcvn3" and _TCVN3_UNMAPPED.search(word):
        return _BREAK, word, 0
    converted = unicodedata.normalize("NFC", _DECODERS[encoding](word))
    if converted == word:
        return (_KEEP if is_syllable(word) else _BREAK), word, 0
    if not is_syllable(converted):
        return _BREAK, word, 0
    if len(word) == 1 or is_syllable(word):
        return _WEAK, converted, 0  # reads as Vietnamese either way, or a lone « or ¶: no evidence
    hard = bool(_HARD[encoding].search(word))
    return _STRONG, converted, (2 if hard else 1) if len(word) < 3 else (3 if hard else 2)


def _runs(text: str, tokens: list[tuple[int, int, str]], encoding: Encoding,
          edges: tuple[bool, bool]) -> list[tuple[int, LegacySpan]]:
    """Accepted runs of a stretch of tokens for one encoding, as (weight, span); ``edges`` tells whether a word
    written in Unicode comes just before and just after the stretch."""
    found: list[tuple[int, LegacySpan]] = []
    states = [_classify(word, encoding) for _, _, word in tokens]
    if all(state[0] != _STRONG for state in states):
        return found
    index = 0
    while index < len(tokens):
        if states[index][0] in (_BREAK, _UNICODE):
            index += 1
            continue
        first = index
        while index < len(tokens) and states[index][0] not in (_BREAK, _UNICODE):
            index += 1
        last = index  # exclusive
        strong = [i for i in range(first, last) if states[i][0] == _STRONG]
        scores = [states[i][2] for i in strong]
        # One long word with hard evidence, or two strong words of which one scores 2: a lone soft word such as
        # Swedish "lån" (→ lồn) or two short ones such as "så nå" never qualify.
        if not (max(scores, default=0) == 3 or (len(scores) >= 2 and max(scores) >= 2)):
            continue
        changed = [i for i in range(first, last) if states[i][0] in (_WEAK, _STRONG)]
        # Next to words written in Unicode, a word that reads as Vietnamese either way is left alone.
        if states[first - 1][0] == _UNICODE if first else edges[0]:
            changed = [i for i in changed if i >= strong[0]]
        if states[last][0] == _UNICODE if last < len(tokens) else edges[1]:
            changed = [i for i in changed if i <= strong[-1]]
        if any(_SEED.search(tokens[i][2]) for i in changed):
            found.append((sum(scores), _span(text, tokens, states, changed, encoding)))
    return found


def _span(text: str, tokens: list[tuple[int, int, str]], states: list[tuple[int, str, int]], changed: list[int],
          encoding: Encoding) -> LegacySpan:
    """The span from the first to the last changed token, with the words between them converted."""
    start, end = tokens[changed[0]][0], tokens[changed[-1]][1]
    # A TCVN3 run typed in capitals (.VnTimeH style) gets its toned letters back in capitals.
    letters = [c for c in text[start:end] if c.isascii() and c.isalpha()]
    shout = encoding == "tcvn3" and len(letters) >= 2 and all(c.isupper() for c in letters)
    pieces, cursor = [], start
    for i in changed:
        token_start, token_end, _ = tokens[i]
        converted = states[i][1]
        pieces += [text[cursor:token_start], converted.upper() if shout else converted]
        cursor = token_end
    return LegacySpan(start, end, encoding, text[start:end], "".join(pieces))


def find_legacy(text: str) -> list[LegacySpan]:
    """Find runs of TCVN3 or VNI text mis-decoded as Latin-1 inside ``text``, in order.

    A run is a stretch of adjacent words, within one paragraph, not broken by a word written in Unicode, by a word
    in Latin-1 letters that does not decode to a Vietnamese syllable, or by an ASCII word that is not one (English).
    A word is strong evidence when it decodes to a syllable without being one itself; it is hard evidence when it
    also holds what European words never do (a TCVN3 symbol such as ``§ ¶ ®``, a capital inside a word such as
    ``ViÖt``, a rare VNI pair such as ``aû``). A run is reported when it has a hard strong word of 3+ characters,
    or two strong words of which one is hard or has 3+ characters, and a character or pair that correct Vietnamese
    never has. Words of the run that read as Vietnamese either way are converted too, except before the first and
    after the last strong word when the run touches Unicode text.
    """
    if not _SEED.search(text):
        return []
    found: list[tuple[int, LegacySpan]] = []
    done = -1
    for seed in _SEED.finditer(text):
        if seed.start() < done:
            continue
        # A run stays inside its paragraph and never crosses a word with letters beyond Latin-1, so only the
        # stretch between the nearest such letters around the seed is read.
        low = text.rfind("\n\n", 0, seed.start()) + 1
        high = text.find("\n\n", seed.start())
        high = len(text) if high < 0 else high
        start, end = _unicode_before(text, low, seed.start()), _UNICODE_LETTER.search(text, seed.start(), high)
        done = stop = end.start() if end else high
        first = start + 1 if start >= 0 else low
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, first, stop)]
        # Drop the pieces of the Unicode words themselves (the "t" of "Việt").
        if start >= 0 and tokens and tokens[0][0] == first:
            tokens.pop(0)
        if end and tokens and tokens[-1][1] == stop:
            tokens.pop()
        for encoding in ("tcvn3", "vni"):
            found.extend(_runs(text, tokens, encoding, (start >= 0, end is not None)))
    kept: list[LegacySpan] = []
    for _, span in sorted(found, key=lambda item: (-item[0], item[1].start)):
        if all(span.end <= other.start or other.end <= span.start for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda span: span.start)


def convert_legacy(text: str) -> str:
    """``text`` with every run found by :func:`find_legacy` replaced by its Unicode reading."""
    pieces, cursor = [], 0
    for span in find_legacy(text):
        pieces += [text[cursor:span.start], span.converted]
        cursor = span.end
    return "".join(pieces) + text[cursor:]
