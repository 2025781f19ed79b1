"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI Windows) that show up as gibberish once copied as Unicode.

Text typed in ``.VnTime`` (TCVN3) or ``VNI-Times`` (VNI) fonts keeps its one-byte codes when pasted elsewhere, so
readers see the Windows-1252/Latin-1 characters of those bytes: ``NghÞ quyÕt`` (TCVN3) or ``Nghò quyeát`` (VNI)
for ``Nghị quyết``. :func:`find_legacy` finds such runs of words inside correct Unicode text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from hoidap.vietnamese import mojibake
from hoidap.vietnamese.frequent_words import FREQUENT
from hoidap.vietnamese.syllable import SYLLABLES, add_tone, is_syllable

Encoding = Literal["tcvn3", "vni", "cp1252"]

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
    """A run of mis-decoded legacy text: ``text[start:end] == original``, readable as ``converted``.

    ``edits`` are the words to replace, as (start, end, replacement) in the text: only they change, what lies
    between them stays as written. A span that is not ``certain`` (a mis-read byte was lost) has no edits and
    ``converted == original``.
    """

    start: int
    end: int
    encoding: Encoding
    original: str
    converted: str
    edits: tuple[tuple[int, int, str], ...] = field(default=(), compare=False)
    certain: bool = field(default=True, compare=False)


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
        if encoding == "tcvn3" and "ý" in word and is_syllable(word):
            return _WEAK, word, 0  # TCVN3 writes ý as ý: in a run typed in capitals it is Ý
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
        inner = [i for i in range(strong[0], strong[-1] + 1) if states[i][0] in (_WEAK, _STRONG)]
        # Words that read as Vietnamese either way, before the first and after the last strong word, are converted
        # only away from text written in Unicode, and up to the first frequent word whose decoding is not.
        before = _written_in_unicode(tokens[first - 1][2], states[first - 1]) if first else edges[0]
        after = _written_in_unicode(tokens[last][2], states[last]) if last < len(tokens) else edges[1]
        leading = [] if before else _outward(tokens, states, range(strong[0] - 1, first - 1, -1))
        trailing = [] if after else _outward(tokens, states, range(strong[-1] + 1, last))
        changed = sorted(leading) + inner + trailing
        if any(_SEED.search(tokens[i][2]) for i in changed):
            found.append((sum(scores), _span(text, tokens, states, changed, encoding)))
    return found


def _written_in_unicode(word: str, state: tuple[int, str, int]) -> bool:
    """A word that shows the text around it is Unicode: letters beyond Latin-1, or a Vietnamese word with
    Latin-1 letters that this encoding cannot have written (``Bình`` is not TCVN3: it would read ``Bỡnh``). A word
    the encoding writes with the same letters (``nhìn`` in VNI) shows nothing: after it, VNI ``thoáng`` is
    ``thống``."""
    return state[0] == _UNICODE or (state[0] == _BREAK and not word.isascii() and is_syllable(word))


def _outward(tokens: list[tuple[int, int, str]], states: list[tuple[int, str, int]], order: range) -> list[int]:
    """The words to convert, walking away from a strong word, up to a word written in Unicode or a frequent word
    that reads as written."""
    kept = []
    for i in order:
        state, converted, _ = states[i]
        if _written_in_unicode(tokens[i][2], states[i]):
            break  # "Bình" inside the run: the text from here on is Unicode
        if state == _WEAK:
            word = tokens[i][2]
            cased = word in (word.lower(), word.capitalize(), word.upper())  # "trÊn" is TCVN3 for "trấn"
            if cased and word.lower() in FREQUENT and converted.lower() not in FREQUENT:
                break
            kept.append(i)
    return kept


def _span(text: str, tokens: list[tuple[int, int, str]], states: list[tuple[int, str, int]], changed: list[int],
          encoding: Encoding) -> LegacySpan:
    """The span from the first to the last changed token, with the words between them converted."""
    start, end = tokens[changed[0]][0], tokens[changed[-1]][1]
    # A TCVN3 run typed in capitals (.VnTimeH style) gets its toned letters back in capitals.
    letters = [c for c in text[start:end] if c.isascii() and c.isalpha()]
    shout = encoding == "tcvn3" and len(letters) >= 2 and all(c.isupper() for c in letters)
    pieces, cursor, edits = [], start, []
    for i in changed:
        token_start, token_end, _ = tokens[i]
        converted = states[i][1].upper() if shout else states[i][1]
        pieces += [text[cursor:token_start], converted]
        edits.append((token_start, token_end, converted))
        cursor = token_end
    return LegacySpan(start, end, encoding, text[start:end], "".join(pieces), tuple(edits))


def find_legacy(text: str) -> list[LegacySpan]:
    """Find runs of mis-decoded text inside ``text``, in order: UTF-8 read as Windows-1252 (see
    :mod:`hoidap.vietnamese.mojibake`), and TCVN3 or VNI text read as Latin-1 (see :func:`find_font_runs`)."""
    words = mojibake.find_mojibake(text)
    if not words:
        return find_font_runs(text)
    spans = []
    for run in mojibake.runs(text, words):
        group = [run[0]]
        for word in run[1:]:  # words read for sure and words with a lost byte make separate spans
            if (word.decoded is None) != (group[-1].decoded is None):
                spans.append(_mojibake_span(text, group))
                group = []
            group.append(word)
        spans.append(_mojibake_span(text, group))
    # Mis-read UTF-8 is Unicode text: font runs are looked for with its words standing as words in Unicode.
    masked = list(text)
    for word in words:
        masked[word.start:word.end] = "\u01a1" * (word.end - word.start)
    for span in find_font_runs("".join(masked)):
        spans.append(LegacySpan(span.start, span.end, span.encoding, text[span.start:span.end], span.converted,
                                span.edits))
    return sorted(spans, key=lambda span: span.start)


def _mojibake_span(text: str, words: list[mojibake.MojibakeWord]) -> LegacySpan:
    """One span for adjacent mis-read words; sure only when every word has one reading."""
    start, end = words[0].start, words[-1].end
    certain = all(word.decoded is not None for word in words)
    if not certain:
        return LegacySpan(start, end, "cp1252", text[start:end], text[start:end], (), False)
    edits = tuple((word.start, word.end, word.decoded or "") for word in words)
    return LegacySpan(start, end, "cp1252", text[start:end], apply_edits(text, edits, start, end), edits)


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with each (start, end, replacement) of ``edits`` (in order, not overlapping) applied."""
    pieces, cursor = [], start
    for edit_start, edit_end, replacement in edits:
        pieces += [text[cursor:edit_start], replacement]
        cursor = edit_end
    return "".join(pieces) + text[cursor:end]


def find_font_runs(text: str) -> list[LegacySpan]:
    """Find runs of TCVN3 or VNI text mis-decoded as Latin-1 inside ``text``, in order.

    A run is a stretch of adjacent words, within one paragraph, not broken by a word written in Unicode, by a word
    in Latin-1 letters that does not decode to a Vietnamese syllable, or by an ASCII word that is not one (English).
    A word is strong evidence when it decodes to a syllable without being one itself; it is hard evidence when it
    also holds what European words never do (a TCVN3 symbol such as ``§ ¶ ®``, a capital inside a word such as
    ``ViÖt``, a rare VNI pair such as ``aû``). A run is reported when it has a hard strong word of 3+ characters,
    or two strong words of which one is hard or has 3+ characters, and a character or pair that correct Vietnamese
    never has. Words of the run that read as Vietnamese either way are converted too between strong words; before
    the first and after the last one only when the run does not touch a word written in Unicode (``Bình`` counts:
    TCVN3 cannot have written it), and only up to a frequent word whose decoding is not (``Không``, not ``Khụng``).
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
    kept: list[LegacySpan] = []  # by start; they do not overlap, so their ends are in order too
    for _, span in sorted(found, key=lambda item: (-item[0], item[1].start)):
        place = bisect_left(kept, span.start, key=lambda other: other.start)
        if (place == 0 or kept[place - 1].end <= span.start) and (place == len(kept) or span.end <= kept[place].start):
            kept.insert(place, span)
    return kept


def convert_legacy(text: str) -> str:
    """``text`` with the words of every sure run found by :func:`find_legacy` replaced by their Unicode reading."""
    return apply_edits(text, [edit for span in find_legacy(text) for edit in span.edits])


# Characters of TCVN3 codes and VNI marks that correct Vietnamese never writes (« ® § ö ï ...), the soft hyphen
# (TCVN3 "ư") among them.
_LEGACY_ONLY = frozenset(_CODE_CHARS - _VIET_LATIN1)


def leftover_words(text: str) -> list[str]:
    """Words of ``text`` that still look typed in a legacy font or mis-read, whether or not a run was found.

    A word is left over when it is written in Latin-1 only, holds a character correct Vietnamese never has (see
    ``_LEGACY_ONLY``) and a letter, and decodes from TCVN3 or VNI to another Vietnamese syllable (``®îc``,
    ``ng\\xadêi``); every mis-read UTF-8 word (``Nghá»‹``) is left over too.
    """
    found = [text[word.start:word.end] for word in mojibake.find_mojibake(text)]
    if not any(char in _LEGACY_ONLY for char in text):
        return found
    for match in _TOKEN.finditer(text):
        word = match.group()
        if not _LEGACY_WORD.fullmatch(word) or not any(char in _LEGACY_ONLY for char in word):
            continue
        if not any(char.isalpha() for char in word):
            continue
        for decode in _DECODERS.values():
            decoded = unicodedata.normalize("NFC", decode(word))
            if decoded != word and is_syllable(decoded):
                found.append(word)
                break
    return found
