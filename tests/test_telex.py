"""Telex/VNI keystrokes left in words: real slips found, English, code, links and numbers never flagged."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hoidap.checking.checks import Prose, check_telex
from hoidap.model.booklet import read_document
from hoidap.vietnamese.syllable import SYLLABLES, add_tone, is_syllable, split_tone
from hoidap.vietnamese.telex import _ENGLISH, TelexSpan, decode, find_telex
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


# A mark forgotten: the tone key typed, the circumflex, breve or horn not (nhiemj for nhiệm). -----------------------

_UNMARK = str.maketrans("âăêôơư", "aaeoou")
_TONE_KEYS = " sfrxj"


def _typed(toneless: str, tone: int) -> str:
    """Telex keys for ``toneless`` with ``tone`` and without its circumflex, breve or horn (đ typed dd)."""
    return toneless.translate(_UNMARK).replace("đ", "dd") + _TONE_KEYS[tone].strip()


def _inventory() -> tuple[list[tuple[str, int]], dict[tuple[str, int], set[str]]]:
    """Every toned syllable with one mark (ươ counts as one) whose unmarked keys are not Telex for something else
    (no aa, ee, oo), and, for each unmarked spelling and tone, every syllable it could stand for."""
    marked, readings = [], {}
    for toneless, (onset, _, _) in SYLLABLES.items():
        if onset == "p":
            continue
        for tone in range(1, 6):
            if not is_syllable(add_tone(toneless, tone, "old")):
                continue
            keys = _typed(toneless, tone)
            readings.setdefault((keys, tone), set()).add(toneless)
            marks = sum(letter in "âăêôơư" for letter in toneless.replace("ươ", "ơ"))
            if marks == 1 and not any(pair in keys for pair in ("aa", "ee", "oo")):
                marked.append((toneless, tone))
    return marked, readings


MARKED, READINGS = _inventory()


def _expected(toneless: str, tone: int) -> str | None:
    """What the keys of ``toneless`` typed without its mark read as: the syllable without any mark when there is
    one (acs is ác, not ấc), else the one syllable they can stand for, else nothing (ambiguous)."""
    readings = READINGS[(_typed(toneless, tone), tone)]
    unmarked = toneless.translate(_UNMARK)
    return unmarked if unmarked in readings else (toneless if readings == {toneless} else None)


@pytest.mark.parametrize(("keys", "word"), [
    ("nhiemj", "nhiệm"), ("nhiem5", "nhiệm"), ("Vietj", "Việt"), ("tiengs", "tiếng"), ("ddieuf", "điều"),
    ("Nguyenx", "Nguyễn"), ("thuanj", "thuận"), ("tuanf", "tuần"), ("nhieuf", "nhiều"),
])
def test_a_forgotten_circumflex_or_breve_is_restored(keys, word):
    assert decode(keys.lower()) == word.lower()
    assert find_telex(f"Trách {keys} nặng nề.") == [TelexSpan(6, 6 + len(keys), keys, word)]


def test_when_the_forgotten_mark_is_ambiguous_nothing_is_guessed():
    for keys in ("luongf", "nguoif", "truongf", "muonf"):  # lường or luồng, người or nguồi…
        assert decode(keys) is None, keys


def test_every_syllable_typed_without_its_mark_is_found_unless_ambiguous():
    """The whole inventory: each of the syllables with one circumflex, breve or horn, in each tone, typed with the
    tone key but not the mark, decodes to that syllable when no other syllable has the same keys; to the syllable
    without any mark when there is one (acs is ác, not ấc), else to none."""
    assert len(MARKED) > 5000
    for toneless, tone in MARKED:
        keys = _typed(toneless, tone)
        expected, found = _expected(toneless, tone), decode(keys)
        assert (split_tone(found) if found else None) == ((expected, tone) if expected else None), keys


@pytest.mark.parametrize("word", "diets dues duos hues liens techs Tues Nguyens Viets won worn sworn worm".split())
def test_english_words_that_a_forgotten_mark_would_decode_are_not_flagged(word):
    assert find_telex(f"The {word} of the year.") == []


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(MARKED), st.sampled_from(["", "Ông ", "Theo "]), st.sampled_from(["", ".", " nhé", ", và"]))
def test_a_slip_without_its_mark_is_reported_in_a_sentence_where_it_stands(slip, before, after):
    toneless, tone = slip
    keys = _typed(toneless, tone)
    text = f"{before}{keys}{after}"
    spans = find_telex(text)
    expected = _expected(toneless, tone)
    if expected is None or expected != toneless or keys in _ENGLISH:
        assert all(span.word != keys or split_tone(span.suggestion) == (expected, tone) for span in spans)
        return
    assert [(s.start, s.word) for s in spans] == [(len(before), keys)]
    assert split_tone(spans[0].suggestion) == (toneless, tone)
