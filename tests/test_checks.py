"""Individual checks on small texts: what each finds, where, and what it leaves alone."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hoidap.booklet import read_document
from hoidap.checks import Prose, Settings, check, check_numbers, check_raw_html, check_tones, check_unicode, load
from hoidap.docstree import DocsTree

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")


def prose(text: str) -> Prose:
    return Prose(list(enumerate(text.split("\n"), 1)))


def codes(findings) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in findings]


def test_tone_style_configured_flags_every_other_word_even_alone():
    text = "Giữ vững hoà bình.\nThuỷ lợi."
    assert codes(check_tones("x.md", prose(text), "old")) == [(1, "tone-style"), (2, "tone-style")]
    assert check_tones("x.md", prose(text), "new") == []
    assert check_tones("x.md", prose(text), None) == [], "one style throughout is fine without configuration"


def test_tone_style_mixed_in_nfd_text_is_still_found():
    text = unicodedata.normalize("NFD", "hoà bình\nhòa hợp\nhòa giải")
    assert codes(check_tones("x.md", prose(text), None)) == [(1, "tone-style")]


def test_coda_syllables_are_the_same_in_both_styles():
    assert check_tones("x.md", prose("kế hoạch, hoàn thành, quý báu, thuyết trình, hòa"), None) == []


@pytest.mark.parametrize("line", [
    '<script src="x.js"></script>', "<IFRAME src=x>", '<img src="a.png" onerror="alert(1)">',
    "[bấm](javascript:alert(1))", '<a href="javascript:void(0)">x</a>', "<object data=x>", "<embed src=x>",
])
def test_raw_html_dangers(line):
    found = codes(raw_html(f"Đoạn văn.\n{line}"))
    assert found and all(code == (2, "raw-html") for code in found)


@pytest.mark.parametrize("line", ["<b>đậm</b> và <a href=\"https://a.vn\">liên kết</a>", "Lưu ý: onion = hành",
                                  "<img src=\"logo.svg\" alt=\"x\">", "Viết javascript là một ngôn ngữ."])
def test_harmless_html_and_words(line):
    assert raw_html(line) == []


def raw_html(text: str):
    return check_raw_html("x.md", read_document(text, "x.md"))


@pytest.mark.parametrize(("text", "right"), [
    ("Nghị quyết 18/NQ-TW", "18-NQ/TW"), ("số 21 – NQ/TW", "21-NQ/TW"), ("Chỉ thị 05/CT-TW", "05-CT/TW"),
    ("Nghị quyết 09-NQ/TU của Tỉnh ủy", None), ("18-NQ/TW", None), ("tệp 19-nq-tw.md", None),
])
def test_resolution_numbers(text, right):
    found = check_numbers("x.md", prose(text))
    assert [right in f.message for f in found] == ([True] if right else [])


def test_unicode_findings():
    text = "Dòng đúng.\nNghi\u0323 quyết\nban\u200bhành\nchữ Кirin\nđiều\x07khiển"
    assert codes(check_unicode("x.md", text)) == [(2, "unicode"), (3, "unicode"), (4, "unicode"), (5, "unicode")]
    assert check_unicode("x.md", "Tất cả đều đúng.\n\tthụt lề bằng Tab trong mã\r\n") == []


def test_checks_skip_code(tmp_path):
    text = FULL.replace("Tại chi bộ.", "Tại chi bộ.\n\n```\n18/NQ-TW <script> Tæ quèc quyeets\n```\n\n"
                        "Xem `18/NQ-TW` và `<iframe>`.")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, "x.md"), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    assert findings == []


def test_link_problems_map_to_codes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/khac.md").write_text("# Khác\n\n## Phần I. Đổi mới\n", encoding="utf-8")
    body = ("[1](khac.md) [2](khong-co.md) [3](khac.md#phan-i-doi-moi) [4](khac.md#cau-9) "
            "![5](anh.png) [6](../../ngoai.md) [7](/tuyet-doi.md) [8](https://example.vn)")
    (tmp_path / "a/x.md").write_text(FULL.replace("Tại chi bộ.", body), encoding="utf-8")
    findings, external = check(load(tmp_path, "a/x.md"), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    assert sorted(f.code for f in findings) == ["anchor", "image", "link", "link", "link"]
    assert external == ["https://example.vn"]
