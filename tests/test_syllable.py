"""Vietnamese syllable validator: real words in, English and misplaced tones out, NFC and NFD alike."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hoidap.vietnamese.syllable import SYLLABLES, add_tone, is_syllable, split_tone
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION = ROOT / "docs" / "nghi-quyet" / "trung-uong" / "19-nq-tw.md"

VALID = """
a à ạ ăn ắt âm ấp ai ao áo âu ấy em eo ê ếch êu im ích ia ỉa iu o ong óc oi ô ôm ốc ơ ơn ớt ơi u ung úp ui ua ưa ưu
ừ ưng ức ươn ướt ươi ượu y ý yêu yên yểng oai oay oe oeo uây uya uyu Đảng Việt Nam nghị quyết người được những
nghiêng nghìn nghe ghi ghế gà gì gìn gia giá giữ giếng giường giặc giấy già quá quân quê quý quí quyết quyền quỳnh
quýt quốc qua què quẹo quờ khuya khuỷu khuyên thuở huơ thuế thuật tuấn ngoài ngoặc hoặc hoạch khoanh toán xoong
soóc kiên kia kỹ kĩ kể kéo kênh cà cô cũ của cuối cứu trường trương rượu hươu nước chuyện tuyên truyền phố phòng
buýt tuýp hòa hoà khỏe khoẻ thủy thuỷ ủy uỷ tùy tuỳ lóa loá mười mượn đi đồng đức đầy tổ quốc hội học the kẻ kỳ
""".split()

INVALID = """
class process words address offers boss access files Jobs Zalo Android online web email and with from
ce ci cy ka ko ku ge gê nge ngi ghu ngha kha1 qua2 q qo quu iên yêu2 tiên2 ă â ăm2 hoàng2 óp2
gìa ngừơi hòan qúy tòan họat thủơ ngòai viêc biêt môt
quêt hoc tap
""".split()


@pytest.mark.parametrize("word", VALID)
def test_real_words_are_syllables(word):
    assert is_syllable(word)
    assert is_syllable(word.upper())
    assert is_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize("word", INVALID)
def test_non_syllables(word):
    assert not is_syllable(word)


def test_stop_codas_take_only_acute_or_dot():
    assert is_syllable("học") and is_syllable("hóc")
    for tone_mark in ("", "\u0300", "\u0309", "\u0303"):
        assert not is_syllable(unicodedata.normalize("NFC", "ho" + tone_mark + "c"))


def test_every_vietnamese_word_of_a_resolution_is_a_syllable():
    text = unicodedata.normalize("NFC", RESOLUTION.read_text(encoding="utf-8"))
    words = {w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()}
    assert len(words) > 300
    assert [w for w in words if not is_syllable(w)] == []


def test_split_and_add_tone():
    assert split_tone("Quyết") == ("quyêt", 1)
    assert split_tone("hoà") == ("hoa", 2)
    assert split_tone("ab1") is None
    assert split_tone("á\u0300") is None  # two tones
    assert add_tone("quyêt", 1) == "quyết"
    assert add_tone("hoa", 2, "old") == "hòa"
    assert add_tone("hoa", 2, "new") == "hoà"
    assert add_tone("thuy", 3, "old") == "thủy"
    assert add_tone("quy", 1, "old") == add_tone("quy", 1, "new") == "quý"
    assert add_tone("nguơi", 2) is None
    assert add_tone("ngươi", 2) == "người"
    assert add_tone("thuơ", 3) == "thuở"
    assert add_tone("hoan", 2, "old") == add_tone("hoan", 2, "new") == "hoàn"


def test_every_generated_syllable_round_trips_through_add_tone():
    for toneless in SYLLABLES:
        for tone in range(6):
            for style in ("old", "new"):
                word = add_tone(toneless, tone, style)
                assert word is not None
                assert split_tone(word) == (toneless, tone)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=12))
def test_never_raises_and_ignores_normalisation_and_case(text):
    verdict = is_syllable(text)
    assert verdict == is_syllable(unicodedata.normalize("NFD", text)) or unicodedata.normalize("NFC", text) != text
    if verdict:
        assert is_syllable(text.upper()) and is_syllable(unicodedata.normalize("NFD", text))
