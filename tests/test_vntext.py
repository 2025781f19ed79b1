"""Accent folding and slugs: đ→d, NFC/NFD alike, other scripts kept."""

import re
import unicodedata

from hoidap.vietnamese.vntext import fold, nfc, slugify, words
from hypothesis import given, settings
from hypothesis import strategies as st


def test_fold_strips_tones_and_maps_d_stroke():
    assert fold("Đại hội Đảng") == "dai hoi dang"
    assert fold("Quán triệt NGHỊ QUYẾT") == "quan triet nghi quyet"


def test_fold_is_the_same_for_nfc_and_nfd_and_both_tone_placements():
    word = "hoà thuỷ"
    assert fold(word) == fold(unicodedata.normalize("NFD", word)) == fold("hòa thủy") == "hoa thuy"


def test_slugify_keeps_d_and_drops_punctuation():
    assert slugify("Đại hội") == "dai-hoi"
    assert slugify("Phần I. Đổi mới") == "phan-i-doi-moi"
    assert slugify("  Nghị quyết số 18-NQ/TW  ") == "nghi-quyet-so-18-nq-tw"


def test_slugify_keeps_khmer_letters_and_marks():
    khmer = "ព្រះរាជាណាចក្រ"
    assert slugify(khmer) == khmer


def test_nfc():
    assert nfc(unicodedata.normalize("NFD", "Việt")) == "Việt"


# The definition words() had before it was made faster: runs of letters, digits and Latin or Khmer marks.
_DEFINED = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1780-\u17ff])+")


def test_words_splits_at_underscores_and_keeps_marks():
    assert words("Đổi mới_2025, hòa") == ["đổi", "mới", "2025", "hòa"]
    assert words("__a__") == ["a"]
    assert words("o\u0301_\u17b6") == ["ó", "\u17b6"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aáđĐ9x_ .,-\u0300\u0301\u0323\u1780\u17b6\u17d2\u00a0\t\n\u00b2\u2167\u0663\u2013"))
def test_words_are_the_runs_the_definition_matches(text):
    assert words(text) == _DEFINED.findall(nfc(text).lower())
