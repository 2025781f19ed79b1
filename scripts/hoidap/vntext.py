"""Vietnamese text helpers: NFC normalisation, accent folding (đ→d) and slugs."""

from __future__ import annotations

import re
import unicodedata

# Combining diacritical marks (U+0300–U+036F) only: marks of other scripts,
# such as Khmer vowel signs, are part of their letters and must be kept.
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})
_ASCII_WORDS = re.compile(r"[a-z0-9]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normalisation form C."""
    return unicodedata.normalize("NFC", text)


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
