"""Tone placement styles: old hòa/thủy (first vowel) and new hoà/thuỷ (main vowel), in both directions."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hoidap.vietnamese.tones import Style, ToneSpan, find_tones, to_style, word_style
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION = (ROOT / "docs" / "nghi-quyet" / "trung-uong" / "19-nq-tw.md").read_text(encoding="utf-8")

# (old, new): the tone on the first vowel, or on the main (second) vowel.
PAIRS = [
    ("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("họa", "hoạ"), ("khóa", "khoá"), ("tòa", "toà"),
    ("thỏa", "thoả"), ("lõa", "loã"), ("dọa", "doạ"), ("xóa", "xoá"), ("lóa", "loá"), ("đóa", "đoá"),
    ("khỏe", "khoẻ"), ("xòe", "xoè"), ("lòe", "loè"), ("thủy", "thuỷ"), ("ủy", "uỷ"), ("tùy", "tuỳ"),
    ("lũy", "luỹ"), ("hủy", "huỷ"), ("ngụy", "nguỵ"), ("suý", "suý"), ("thúy", "thuý"), ("trụy", "truỵ"),
]
PAIRS = [(old, new) for old, new in PAIRS if old != new]
SAME = ["quý", "quí", "quỳ", "thuở", "hoàn", "toán", "thuyết", "khuya", "khuỷu", "ngoài", "hoài", "ngoẻo", "của",
        "mùa", "hòn", "hoa", "thuy", "quà", "giá", "già", "tủ", "hỏi", "Việt", "nghị", "quyết", "Zoé"]


def dominant_style(text: str) -> Style | None:
    """The style most affected words of ``text`` are written in; None on a tie or when there are none."""
    old = new = 0
    for span in find_tones(text):
        if span.style == "old":
            old += 1
        else:
            new += 1
    return "old" if old > new else "new" if new > old else None


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_word_style_and_conversion(old, new):
    for form in ("NFC", "NFD"):
        assert word_style(unicodedata.normalize(form, old)) == "old"
        assert word_style(unicodedata.normalize(form, new)) == "new"
    assert to_style(old, "new") == new and to_style(new, "old") == old
    assert to_style(old, "old") == old and to_style(new, "new") == new
    assert to_style(old.upper(), "new") == new.upper()
    assert to_style(old.capitalize(), "new") == new.capitalize()
    assert to_style(unicodedata.normalize("NFD", old), "new") == new  # converted words come out NFC


@pytest.mark.parametrize("word", SAME)
def test_words_written_the_same_in_both_styles(word):
    assert word_style(word) is None
    assert find_tones(word) == []
    assert to_style(word, "old") == to_style(word, "new") == word


def test_find_tones_reports_spans_and_the_other_spelling():
    text = "Hòa bình, khoẻ mạnh; UỶ BAN nhân dân, tùy nơi, quý hoàn thuở."
    spans = find_tones(text)
    expected = [("Hòa", "old", "Hoà"), ("khoẻ", "new", "khỏe"), ("UỶ", "new", "ỦY"), ("tùy", "old", "tuỳ")]
    assert spans == [ToneSpan(text.index(w), text.index(w) + len(w), w, s, o) for w, s, o in expected]
    for span in spans:
        assert text[span.start:span.end] == span.word
    assert to_style(text, "old") == "Hòa bình, khỏe mạnh; ỦY BAN nhân dân, tùy nơi, quý hoàn thuở."
    assert to_style(text, "new") == "Hoà bình, khoẻ mạnh; UỶ BAN nhân dân, tuỳ nơi, quý hoàn thuở."
    assert dominant_style(text) is None  # two and two


def test_dominant_style():
    assert dominant_style("hòa khỏe thuỷ") == "old"
    assert dominant_style("hoà khoẻ thủy") == "new"
    assert dominant_style("không có gì") is None
    assert dominant_style(RESOLUTION) == "old"  # the sample booklet writes khóa


def test_words_inside_longer_words_or_after_q_are_not_touched():
    for text in ("quỳnh", "xhòa", "hòax", "hòa2", "_hòa", "hòa_", "qủy"):
        assert find_tones(text) == [], text


def test_resolution_round_trips():
    new = to_style(RESOLUTION, "new")
    assert new != RESOLUTION
    assert to_style(new, "old") == RESOLUTION
    assert all(span.style == "new" for span in find_tones(new))


VOCABULARY = [p for pair in PAIRS for p in pair] + SAME + re.findall(r"[^\W\d_]+", RESOLUTION)[:400]
VIETNAMESE_LIKE = st.lists(st.sampled_from([*VOCABULARY, ",", ".", "\n", "-", "19"]), max_size=30).map(
    lambda words: " ".join(w.upper() if len(w) % 5 == 0 else w for w in words))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises_and_is_left_alone_without_findings(text):
    spans = find_tones(text)
    for span in spans:
        assert text[span.start:span.end] == span.word
    if not spans:
        assert to_style(text, "old") == to_style(text, "new") == text
    dominant_style(text)


@settings(max_examples=400, deadline=None)
@given(VIETNAMESE_LIKE)
def test_conversions_compose(text):
    assert to_style(to_style(text, "old"), "new") == to_style(text, "new")
    assert to_style(to_style(text, "new"), "old") == to_style(text, "old")
    assert {span.style for span in find_tones(to_style(text, "new"))} <= {"new"}
    assert {span.style for span in find_tones(to_style(text, "old"))} <= {"old"}
    nfd = unicodedata.normalize("NFD", text)
    assert unicodedata.normalize("NFC", to_style(nfd, "new")) == to_style(text, "new")
