"""Telex/VNI keystrokes left in words: real slips found, English, code, links and numbers never flagged."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hoidap.booklet import read_document
from hoidap.checks import Prose, check_telex
from hoidap.syllable import is_syllable
from hoidap.telex import TelexSpan, decode, find_telex
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION = (ROOT / "docs" / "nghi-quyet" / "trung-uong" / "19-nq-tw.md").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in re.split(r"\n\s*\n", RESOLUTION.split("---", 2)[2]) if p.strip()]
ENGLISH = """Resolution No. 19 was issued by the Central Committee. This process offers access to all files: the
class words, the address of the boss, Jobs at Apple, Zalo and Android online, web and email. It is now the best
time to see how its terms, tips and hits are listed; there was more than six cars here, and these guys said so."""
BRIEF_ENGLISH = "process class words address offers boss access files Jobs Zalo Android online web email".split()

SLIPS = [
    ("quyeets", "quyết"), ("ddinhj", "định"), ("ddaangr", "đẩng"), ("ddawngr", "đẳng"), ("nghij", "nghị"),
    ("Vieetj", "Việt"), ("hocj", "học"), ("quye61t", "quyết"), ("d9inh5", "định"), ("Vie65t", "Việt"),
    ("nguoiwf", "người"), ("nguwowif", "người"), ("dduwowcj", "được"), ("ngoaif", "ngoài"), ("thuowr", "thuở"),
    ("hoawcj", "hoặc"), ("truwowngf", "trường"), ("laf", "là"), ("cuar", "của"), ("vaf", "và"), ("nhw", "như"),
    ("ddaayf", "đầy"), ("quaan", "quân"), ("hoaf", "hòa"), ("khoer", "khỏe"), ("thuyr", "thủy"), ("Ddi", "Đi"),
    ("Anhf", "Ành"), ("quyeest", "quyết"), ("tuw", "tư"), ("nuwowcs", "nước"), ("ddoongf", "đồng"),
    ("chis", "chí"), ("mootj", "một"), ("d9a5i", "đại"), ("nghi4", "nghĩ"), ("ho7n", "hơn"), ("a8n", "ăn"),
]


@pytest.mark.parametrize(("keys", "word"), SLIPS)
def test_slips_are_decoded_and_found(keys, word):
    assert decode(keys.lower()) == word.lower()
    text = f"Bài viết: {keys}, hết."
    assert find_telex(text) == [TelexSpan(10, 10 + len(keys), keys, word)]


@pytest.mark.parametrize("word", [*BRIEF_ENGLISH, *ENGLISH.replace(",", " ").replace(".", " ").split()])
def test_english_words_are_not_flagged(word):
    assert find_telex(word) == []
    assert find_telex(f"Từ {word} trong câu.") == []


def test_english_paragraph_and_resolution_have_no_findings():
    assert find_telex(ENGLISH) == []
    assert find_telex(RESOLUTION) == []
    assert find_telex(unicodedata.normalize("NFD", RESOLUTION)) == []
    for paragraph in PARAGRAPHS:
        assert find_telex(paragraph) == []


def checked(text: str) -> list[tuple[int, str]]:
    """The telex check as it runs on a page: over its prose, code left out by the page's block scan."""
    document = read_document(text, "x.md")
    return [(finding.line, finding.code) for finding in check_telex("x.md", Prose(document.blocks.prose))]


def test_every_page_of_the_site_is_clean():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        assert checked(page.read_text(encoding="utf-8")) == [], page


@pytest.mark.parametrize("text", [
    "NQ/TW", "18-NQ/TW", "Nghị quyết 18-NQ/TW", "https://quyeets.vn/ddinhj?hocj=1", "www.laf.com",
    "email: nghij@example.vn", "`quyeets`", "```\nquyeets ddinhj\n```", "~~~\nhocj\n~~~", "A4 U23 B52 mp3 co2X",
    "TW UBND HĐND XIII", "iPhone McDonald", "file_name_hocj", "C:\\ddinhj", "$laf", "#hocj", "x=laf+1",
    "quyeets-ddinhj", "it's", "don't", "12 345 6,7", "1st 2nd 3rd", "Đoạn văn.\n\n    hocj quyeets",
    "Dùng ``quyeets ` ddinhj`` ở đây",
])
def test_links_code_numbers_and_abbreviations_are_skipped(text):
    assert checked(text) == []


def test_a_slip_next_to_code_is_still_found():
    assert checked("```\nhocj\n```\n\nBài `mã` quyeets.\n") == [(5, "telex")]


def test_valid_syllables_are_never_flagged():
    # khoong is typed for không, but is itself well formed (like xoong, boong): rule (a) leaves it.
    text = "Vì cùng một số hiệu có thể được dùng lại ở các khóa, xoong, soóc, khoong, theo, trong, thanh, quang"
    assert find_telex(text) == []


def test_double_tone_keys_and_vowels_after_the_tone_key_are_not_telex():
    for keys in ("boss", "offers", "turns", "more", "there", "virus", "oro", "tapas", "amar"):
        assert decode(keys) is None, keys


def test_spans_point_into_the_text():
    text = "Hôm nay **Vieetj** Nam (nghij quyeets) và d9inh5.\n"
    spans = find_telex(text)
    assert [(s.word, s.suggestion) for s in spans] == [
        ("Vieetj", "Việt"), ("nghij", "nghị"), ("quyeets", "quyết"), ("d9inh5", "định")]
    for span in spans:
        assert text[span.start:span.end] == span.word


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    for span in find_telex(text):
        assert text[span.start:span.end] == span.word
        assert is_syllable(span.suggestion)
        assert not is_syllable(span.word)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiouydqwnghtc sfrxjz0123456789-/.`DQW"), max_size=40))
def test_keystroke_noise_never_raises(text):
    for span in find_telex(text):
        assert text[span.start:span.end] == span.word
        assert unicodedata.is_normalized("NFC", span.suggestion)
