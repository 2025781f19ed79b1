"""TCVN3 and VNI text pasted as Latin-1: exact tables, round trips, and no false alarms on correct text."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hoidap.vietnamese.legacy import (
    TCVN3,
    VNI,
    VNI_PAIRS,
    LegacySpan,
    convert_legacy,
    find_legacy,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_pairs_unused_in_vietnamese,
    vni_to_unicode,
)
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION = (ROOT / "docs" / "nghi-quyet" / "trung-uong" / "19-nq-tw.md").read_text(encoding="utf-8")
BODY = RESOLUTION.split("---", 2)[2]
PARAGRAPHS = [p for p in re.split(r"\n\s*\n", BODY) if re.search("[\u0100-\u1ef9]", p)]
ENGLISH = (
    "Resolution 19 was issued by the Central Committee. Café owners in Zürich and São Paulo, a naïve déjà vu "
    "über alles, Mötley Crüe, Beyoncé, Noël at the Citroën façade, jalapeño piñata, Ångström, Øresund, Straße, "
    "Smørrebrød, coöperate, Raphaël, Loïc, Thaïlande, aéroport, goût, août. Where? Où est-il? Seán said "
    "aún no. The leão and the poäng."
)
# Each alone (a run of several of these side by side, with no other word between, can read as VNI).
EUROPEAN = "où Seán aún leão poäng naïve maïs Loïc deán Raúl Israël Noël lån søt hån træ män sång Mötley über".split()
LETTERS = [unicodedata.normalize("NFC", base + mark) for base in "aăâeêioôơuưy"
           for mark in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")] + ["đ"]
WORDS = """Đảng Cộng sản Việt Nam nghị quyết Ban Chấp hành Trung ương hội nghị lần thứ năm khóa nông nghiệp dân
thôn đến tầm nhìn người được những trường đồng chí tổ quốc tuyên truyền học tập quán triệt xây dựng chỉnh đốn
phát triển kinh tế xã hội văn hóa giáo dục khoa học công nghệ đổi mới sáng tạo thực hiện nhiệm vụ giải pháp chủ
yếu đất đai bộ máy hệ thống chính trị tỉnh huyện ủy cơ sở chi bộ đảng viên quần chúng nhân dân""".split()


def lower_toned(text: str) -> str:
    """Upper-case toned letters have no TCVN3 code: write them in lower case, as .VnTime users did."""
    keep = set("ĂÂĐÊÔƠƯ")
    return "".join(c.lower() if c.isupper() and not c.isascii() and c not in keep else c for c in text)


def test_tables_are_complete():
    assert len(TCVN3) == 74  # 7 capitals + 67 lower-case letters
    assert set(TCVN3.values()) == {c for c in LETTERS if not c.isascii()} | set("ĂÂĐÊÔƠƯ")
    assert all(0xA1 <= ord(code) <= 0xFE for code in TCVN3)
    assert len(VNI) == 134  # every Vietnamese letter outside ASCII, both cases
    assert set(VNI.values()) == {c for c in LETTERS if not c.isascii()} | {c.upper() for c in LETTERS
                                                                          if not c.isascii()}


def test_stored_vni_pairs_are_those_no_vietnamese_word_uses():
    assert vni_pairs_unused_in_vietnamese() == VNI_PAIRS
    assert "eä" in VNI_PAIRS and "oà" not in VNI_PAIRS and "uâ" not in VNI_PAIRS  # ệ / hoà, quân


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs iconv")
def test_tcvn3_table_agrees_with_glibc_tcvn5712():
    for code, char in TCVN3.items():
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=code.encode("latin-1"),
                             capture_output=True, check=False)
        if out.returncode:
            pytest.skip("iconv lacks TCVN5712-1")
        assert unicodedata.normalize("NFC", out.stdout.decode()) == char, hex(ord(code))


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Tæ quèc", "Tổ quốc"), ("ViÖt Nam", "Việt Nam"), ("§¶ng", "Đảng"), ("nghÞ quyÕt", "nghị quyết"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"), ("ng\xadêi", "người"),
    ("®\xadîc", "được"), ("thuû", "thuỷ"), ("kh«ng", "không"), ("¨n", "ăn"), ("¬n", "ơn"),
])
def test_tcvn3_examples(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert unicode_to_tcvn3(unicode) == legacy


@pytest.mark.parametrize(("legacy", "unicode", "encoding"), [
    ("Tæ quèc", "Tổ quốc", "tcvn3"), ("ViÖt Nam", "Việt Nam", "tcvn3"), ("§¶ng", "Đảng", "tcvn3"),
    ("nghÞ quyÕt", "nghị quyết", "tcvn3"), ("Toå quoác", "Tổ quốc", "vni"), ("Vieät Nam", "Việt Nam", "vni"),
    ("Ñaûng", "Đảng", "vni"), ("nghò quyeát", "nghị quyết", "vni"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", "tcvn3"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "vni"),
])
def test_brief_examples_are_found(legacy, unicode, encoding):
    assert [span.encoding for span in find_legacy(legacy)] == [encoding]
    assert convert_legacy(legacy) == unicode


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Toå quoác", "Tổ quốc"), ("Vieät Nam", "Việt Nam"), ("Ñaûng", "Đảng"), ("nghò quyeát", "nghị quyết"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"), ("ngöôøi", "người"),
    ("ñöôïc", "được"), ("Thuûy", "Thủy"), ("khoâng", "không"), ("aên", "ăn"), ("ôn", "ơn"), ("YÙ", "Ý"),
    ("î", "ỵ"), ("Î", "Ỵ"),
])
def test_vni_examples(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
    assert unicode_to_vni(unicode) == legacy


def test_every_letter_round_trips():
    for letter in LETTERS:
        assert tcvn3_to_unicode(unicode_to_tcvn3(letter)) == letter
        assert vni_to_unicode(unicode_to_vni(letter)) == letter
        assert vni_to_unicode(unicode_to_vni(letter.upper())) == letter.upper()
    # .VnTimeH style: an upper-case toned letter takes the lower-case code.
    assert unicode_to_tcvn3("Ệ") == unicode_to_tcvn3("ệ") == "Ö"


def test_vni_marks_of_either_case_follow_the_base_letter():
    assert vni_to_unicode("AÙ aÙ Aù") == "Á á Á"


@pytest.mark.parametrize("word", WORDS)
def test_real_words_round_trip_and_are_found_in_a_run(word):
    assert tcvn3_to_unicode(unicode_to_tcvn3(word.lower())) == word.lower()
    assert vni_to_unicode(unicode_to_vni(word)) == word
    sentence = f"{word} nghị quyết {word} Đảng"
    assert convert_legacy(unicode_to_vni(sentence)) == sentence
    assert convert_legacy(unicode_to_tcvn3(lower_toned(sentence))) == lower_toned(sentence)


def test_find_legacy_reports_exact_spans():
    text = "Theo tài liệu cũ: NghÞ quyÕt sè 19-NQ/TW cña Ban ChÊp hµnh Trung \xad¬ng.\n\nVieät Nam."
    spans = find_legacy(text)
    tcvn3 = "NghÞ quyÕt sè 19-NQ/TW cña Ban ChÊp hµnh Trung \xad¬ng"
    assert spans == [
        LegacySpan(18, 18 + len(tcvn3), "tcvn3", tcvn3, "Nghị quyết số 19-NQ/TW của Ban Chấp hành Trung ương"),
        LegacySpan(text.index("Vieät"), text.index("Vieät") + 5, "vni", "Vieät", "Việt"),
    ]
    for span in spans:
        assert text[span.start:span.end] == span.original
    assert convert_legacy(text) == ("Theo tài liệu cũ: Nghị quyết số 19-NQ/TW của Ban Chấp hành Trung ương.\n\n"
                                    "Việt Nam.")


def test_capitals_typed_in_a_vntimeh_font_come_back_as_capitals():
    assert convert_legacy("NGHÞ QUYÕT Sè 19") == "NGHỊ QUYẾT SỐ 19"
    assert tcvn3_to_unicode("NGHÞ") == "NGHị"  # the raw table has no capitals


def test_words_next_to_unicode_text_that_read_either_way_are_left_alone():
    # "có" is correct Unicode and also TCVN3 for "cú": next to Unicode words it stays.
    assert convert_legacy("Văn bản có ghi NghÞ quyÕt") == "Văn bản có ghi Nghị quyết"


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_no_false_alarm_on_correct_vietnamese(paragraph):
    for form in ("NFC", "NFD"):
        text = unicodedata.normalize(form, paragraph)
        assert find_legacy(text) == []
        assert convert_legacy(text) == text


def test_no_false_alarm_on_the_whole_resolution_and_on_english():
    assert find_legacy(RESOLUTION) == []
    assert find_legacy(unicodedata.normalize("NFD", RESOLUTION)) == []
    assert find_legacy(ENGLISH) == []
    for word in [*ENGLISH.replace(",", " ").replace(".", " ").split(), *EUROPEAN]:
        assert find_legacy(word) == [], word
    symbols = "© 2024 Ban Tuyên giáo ® § 3, ¶ 2; 25 °C; 3 × 4 ÷ 2; «Tổ quốc» · µm ½ ¼ ¾ ª º ¹ ² ³ ¿ ¡ ¬ ¯"
    assert find_legacy(symbols) == []


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_resolution_paragraphs_round_trip(paragraph):
    paragraph = unicodedata.normalize("NFC", paragraph)
    assert convert_legacy(unicode_to_vni(paragraph)) == paragraph
    lowered = lower_toned(paragraph)
    assert convert_legacy(unicode_to_tcvn3(lowered)) == lowered
    spans = find_legacy(unicode_to_vni(paragraph))
    assert spans and all(span.encoding == "vni" for span in spans)


def test_unicode_and_legacy_paragraphs_mixed():
    good = PARAGRAPHS[0]
    text = f"{good}\n\n{unicode_to_tcvn3(lower_toned(PARAGRAPHS[1]))}\n\n{good}\n\n{unicode_to_vni(PARAGRAPHS[2])}\n"
    assert convert_legacy(text) == f"{good}\n\n{lower_toned(PARAGRAPHS[1])}\n\n{good}\n\n{PARAGRAPHS[2]}\n"


SAMPLE = st.lists(st.sampled_from([*WORDS, "Nam", "theo", "19", "NQ/TW", ",", ".", "(", ")", "\n"]),
                  min_size=1, max_size=25).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_and_is_left_alone_without_findings(text):
    spans = find_legacy(text)
    for span in spans:
        assert text[span.start:span.end] == span.original
        assert span.encoding in ("tcvn3", "vni", "cp1252")
    if not spans:
        assert convert_legacy(text) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiouyAEIOUY nghtqd.,\n§¶®µ¸¹·«¬¨©ªÖÞÕÊæèéêëìíîïñòóôõöøùúûüýþßÇËÑÒÓÔØÜ"),
               max_size=60))
def test_legacy_looking_noise_never_raises(text):
    for span in find_legacy(text):
        assert text[span.start:span.end] == span.original
    tcvn3_to_unicode(text)
    vni_to_unicode(text)


@pytest.mark.parametrize("sentence", ["Nghị quyết về công tác chính trị", "Nghị quyết nhìn thống"])
def test_a_word_a_legacy_font_writes_as_unicode_does_not_stop_the_run(sentence):
    """VNI writes "chính" and "nhìn" with the letters Unicode uses, so they show nothing about the text around
    them: "trò" after them is VNI for "trị" (it was left as "chính trò"), "thoáng" for "thống" (found by the
    property below)."""
    assert convert_legacy(unicode_to_vni(sentence)) == sentence


@settings(max_examples=300, deadline=None)
@given(SAMPLE.map("Nghị quyết {}".format))
def test_vietnamese_sentences_round_trip(sentence):
    assert find_legacy(sentence) == []
    assert convert_legacy(unicode_to_vni(sentence)) == sentence
    lowered = lower_toned(sentence)
    assert convert_legacy(unicode_to_tcvn3(lowered)) == lowered
