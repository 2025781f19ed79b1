"""UTF-8 text read as Windows-1252 or Latin-1 ("mojibake"): ``Nghá»‹ quyáº¿t`` for ``Nghị quyết``.

A file saved in UTF-8 and opened in a program that assumed Windows-1252 shows each byte of a Vietnamese letter as a
character of its own; once saved again, the file holds those characters. The bytes that Windows-1252 leaves
undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come back as the C1 control of the same number (as Windows and browsers
read them) or as U+FFFD when the reader replaced them. :func:`find_mojibake` finds such words: ASCII letters and
complete UTF-8 byte sequences whose decoding is a Vietnamese syllable, so correct text and other languages are
left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hoidap.vietnamese.syllable import is_syllable
from hoidap.vietnamese.vntext import nfc

_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # bytes Windows-1252 has no character for
_REPLACED = "\ufffd"


def _byte_table() -> dict[str, int]:
    """Character → byte, for the Windows-1252 reading and the Latin-1 reading of bytes 0x80-0xFF."""
    table = {chr(byte): byte for byte in range(0x80, 0x100)}  # Latin-1, C1 controls included
    for byte in range(0x80, 0xA0):
        if byte not in _UNDEFINED:
            table[bytes([byte]).decode("cp1252")] = byte
    return table


BYTES = _byte_table()
_AS_LATIN1 = {ord(char): byte for char, byte in BYTES.items()}
_CONT = "".join(sorted(char for char, byte in BYTES.items() if byte < 0xC0)) + _REPLACED
_SEQUENCE = (f"(?:[\xc2-\xdf][{re.escape(_CONT)}]|[\xe0-\xef][{re.escape(_CONT)}]{{2}}"
             f"|[\xf0-\xf4][{re.escape(_CONT)}]{{3}})")
# A word: ASCII letters and byte sequences, at least one sequence, not inside a longer word.
_WORD = re.compile(rf"(?<![0-9A-Za-z\xc0-\xff])[A-Za-z]*{_SEQUENCE}(?:[A-Za-z]|{_SEQUENCE})*(?![0-9A-Za-z\xc0-\xff])")
# What may not stand between two words of one run: a line break or a letter beyond ASCII (a word written right).
_BREAKS_RUN = re.compile(r"\n|[^\W\x00-\x7f]")
_DEPTH = 3  # text mis-read twice (or three times) is undone as many times


@dataclass(frozen=True)
class MojibakeWord:
    """``text[start:end]`` is a mis-read word; ``decoded`` its reading, or None when several readings are
    possible (a byte replaced by U+FFFD)."""

    start: int
    end: int
    decoded: str | None


def decode_word(word: str) -> str | None:
    """The Vietnamese syllable ``word`` is the mis-read of (NFC), or None.

    >>> decode_word("Nghá»‹"), decode_word("Ä‘áº£ng"), decode_word("Café")
    ('Nghị', 'đảng', None)
    """
    readings = _readings(word, _DEPTH)
    return next(iter(readings)) if len(readings) == 1 else None


@lru_cache(maxsize=16384)
def _readings(word: str, depth: int) -> frozenset[str]:
    """Every Vietnamese syllable ``word`` decodes to (one per choice of byte for a U+FFFD)."""
    if depth == 0 or any(char not in BYTES and not char.isascii() and char != _REPLACED for char in word):
        return frozenset()
    found: set[str] = set()
    for raw in _byte_strings(word):
        try:
            decoded = nfc(raw.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        if decoded == word:
            continue
        if is_syllable(decoded):
            found.add(decoded)
        elif _WORD.fullmatch(decoded):  # mis-read more than once
            found |= _readings(decoded, depth - 1)
    return frozenset(found)


def _byte_strings(word: str) -> list[bytes]:
    """The bytes ``word`` was read from; a U+FFFD stands for any byte Windows-1252 leaves undefined."""
    if _REPLACED not in word:
        return [word.translate(_AS_LATIN1).encode("latin-1")]
    options = [[]]  # type: list[list[int]]
    for char in word:
        choices = _UNDEFINED if char == _REPLACED else (BYTES[char] if char in BYTES else ord(char),)
        options = [[*prefix, byte] for prefix in options for byte in choices][:64]
    return [bytes(option) for option in options]


def find_mojibake(text: str) -> list[MojibakeWord]:
    """Every mis-read Vietnamese word of ``text``, in order (``decoded`` None when the reading is unsure).

    >>> [(w.start, w.end, w.decoded) for w in find_mojibake("Xem Nghá»‹ quyáº¿t.")]
    [(4, 10, 'Nghị'), (11, 18, 'quyết')]
    """
    if text.isascii():
        return []
    found = []
    for match in _WORD.finditer(text):
        readings = _readings(match.group(), _DEPTH)
        if readings:
            found.append(MojibakeWord(match.start(), match.end(), next(iter(readings)) if len(readings) == 1 else None))
    return found


def runs(text: str, words: list[MojibakeWord]) -> list[list[MojibakeWord]]:
    """``words`` grouped into runs: words separated only by ASCII and punctuation on one line."""
    grouped: list[list[MojibakeWord]] = []
    for word in words:
        if grouped and not _BREAKS_RUN.search(text, grouped[-1][-1].end, word.start):
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return grouped
