"""Legacy Vietnamese text in imported files: which encoding a font name implies, and how to decode a plain
text file's bytes. The code tables and the detection inside Unicode text are those of
:mod:`hoidap.vietnamese.legacy`."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from hoidap.vietnamese.legacy import Encoding, convert_legacy, tcvn3_to_unicode, vni_to_unicode
from hoidap.vietnamese.syllable import is_syllable
from hoidap.vietnamese.vntext import nfc, words

# Word stores the characters of a symbol-charset font in the private use area, at U+F000 plus the byte.
_PUA = re.compile("[\uf020-\uf0ff]")
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff\uf020-\uf0ff]")
# Windows-1252 characters of bytes 0x80-0x9F (curly quotes, dashes) that Latin-1 leaves as control codes.
_CP1252_C1 = {chr(b): bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
              if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def font_encoding(font: str | None) -> Encoding | None:
    """The legacy encoding a font name implies: ``.VnTime``, ``.VnArialH`` → TCVN3; ``VNI-Times`` → VNI."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ", "vni_")):
        return "vni"
    return None


def capitals_font(font: str | None) -> bool:
    """TCVN3 fonts whose name ends in H (``.VnTimeH``) draw the lower-case codes as capitals."""
    return bool(font) and font_encoding(font) == "tcvn3" and font.strip().endswith("H")


def decode_run(text: str, encoding: Encoding, capitals: bool = False) -> str | None:
    """Decode a run typed in a legacy font, or None when its text is already Unicode (letters beyond Latin-1)."""
    if _BEYOND_LATIN1.search(text):
        return None
    text = _PUA.sub(lambda m: chr(ord(m.group()) - 0xF000), text)
    decoded = tcvn3_to_unicode(text) if encoding == "tcvn3" else vni_to_unicode(text)
    return nfc(decoded.upper() if capitals else decoded)


@dataclass(frozen=True)
class DecodedText:
    """A text file's content and the encoding it was read in (``utf-8``, ``tcvn3``, ``vni`` or ``cp1258``)."""

    text: str
    encoding: str


def decode_bytes(raw: bytes) -> DecodedText:
    """Read a plain text file's bytes: UTF-16 or UTF-32 when a byte-order mark says so (Notepad's "Unicode"),
    or UTF-16 without one when its zero bytes show it; UTF-8 (with or without BOM) when they are valid UTF-8;
    else the single-byte encoding (TCVN3, VNI or Windows-1258) whose reading has the most Vietnamese syllables.

    Valid UTF-8 that still holds TCVN3/VNI text pasted as Latin-1, or UTF-8 text once mis-read as Windows-1252
    (``Nghá»‹``), is converted as the checker's ``--fix`` does.
    """
    wide = _wide_encoding(raw)
    with contextlib.suppress(UnicodeDecodeError):  # else not what its first bytes suggested: read on below
        if wide is not None:
            return DecodedText(nfc(convert_legacy(nfc(raw.decode(wide).removeprefix("\ufeff")))), wide)
    try:
        return DecodedText(nfc(convert_legacy(nfc(raw.decode("utf-8-sig")))), "utf-8")
    except UnicodeDecodeError:
        pass
    latin = raw.decode("latin-1")
    candidates = {
        "tcvn3": "\n".join(_tcvn3_line(line) for line in latin.split("\n")),
        "vni": vni_to_unicode(latin.translate(_CP1252_C1)),
        "cp1258": nfc(raw.decode("cp1258", errors="replace")),
    }
    best = max(candidates, key=lambda name: (_syllable_share(candidates[name]), name == "cp1258"))
    return DecodedText(nfc(candidates[best]), best)


def _wide_encoding(raw: bytes) -> str | None:
    """``utf-32``/``utf-16`` when ``raw`` starts with their byte-order mark; ``utf-16-le``/``-be`` when, without
    one, every other byte is mostly zero (Latin letters, digits and spaces) and the others are not."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:4096]
    if len(raw) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _tcvn3_line(line: str) -> str:
    """One TCVN3 line; a line typed in capitals (.VnTimeH) keeps its toned letters in capitals."""
    decoded = tcvn3_to_unicode(line.translate(_CP1252_C1))
    letters = [c for c in line if c.isascii() and c.isalpha()]
    return decoded.upper() if len(letters) >= 2 and all(c.isupper() for c in letters) else decoded


def _syllable_share(text: str) -> float:
    """Share of the words holding a non-ASCII letter that are Vietnamese syllables."""
    marked = [word for word in words(text) if not word.isascii()]
    return sum(map(is_syllable, marked)) / len(marked) if marked else 0.0
