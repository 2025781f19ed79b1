"""Accent folding and slugs: đ→d, NFC/NFD alike, other scripts kept."""

import unicodedata

from hoidap.vietnamese.vntext import fold, nfc, slugify


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
