"""The markup study mode and offline reading rely on: answers wrapped per question, the offline list."""

from __future__ import annotations

from hoidap.booklet import parse
from hoidap.card import wrap_answers
from hoidap.offline import entries, references

BOOKLET = parse("""---
resolution:
  number: 19-NQ/TW
  name: về nông nghiệp
  issuer: Ban Chấp hành Trung ương
  issued: 2022-06-16
level: trung-uong
title: Hỏi - đáp
updated: 2026-11-20
compiled_by: Ban Tuyên giáo
---

## Câu 1. Một?

Đáp một.

## Câu 2. Hai?

Đáp hai.
""", "a.md")

HTML = """<p>Mở đầu.</p>
<h2 id="phan-i">Phần I</h2>
<h3 id="cau-1">Câu 1. Một?</h3>
<p>Đáp một.</p>
<h4 id="chi-tiet">Chi tiết</h4>
<ul><li>ý</li></ul>
<h3 id="cau-2">Câu 2. Hai?</h3>
<p>Đáp hai.</p>
"""


def test_each_answer_is_wrapped_up_to_the_next_question():
    out = wrap_answers(HTML, BOOKLET)
    assert out.count('<div class="hd-answer"') == 2
    first = out.split('<div class="hd-answer" id="tra-loi-1">')[1].split("</div>")[0]
    assert "Đáp một." in first and 'id="chi-tiet"' in first and "cau-2" not in first
    assert out.rstrip().endswith("<p>Đáp hai.</p>\n</div>")
    assert out.startswith('<p>Mở đầu.</p>\n<h2 id="phan-i">Phần I</h2>')


def test_a_part_heading_ends_an_answer():
    html = HTML.replace('<h3 id="cau-2">', '<h2 id="phan-ii">Phần II</h2>\n<h3 id="cau-2">')
    first = wrap_answers(html, BOOKLET).split('id="tra-loi-1">')[1].split("</div>")[0]
    assert "Phần II" not in first


def test_unbalanced_raw_html_is_left_alone():
    html = HTML.replace("<p>Đáp một.</p>", "<div class=\"x\">\n<p>Đáp một.</p>")
    out = wrap_answers(html, BOOKLET)
    assert 'id="tra-loi-1"' not in out and 'id="tra-loi-2"' in out
    assert out.replace('<div class="hd-qtools hd-screen-only"></div>\n<div class="hd-answer" id="tra-loi-2">\n', "") \
        .replace("</p>\n</div>", "</p>").replace("\n\n", "\n") == html.replace("\n\n", "\n")


def test_references_are_the_local_files_a_page_loads():
    html = """<link rel="stylesheet" href="../../assets/a.css?v=1"><script src="../../assets/b.js"></script>
    <img src="hinh.png"><img src="https://example.org/x.png"><a href="../other/">x</a>
    <script src="//cdn.example/x.js"></script><link rel="icon" href="data:,">"""
    assert references(html, "nghi-quyet/a/") == {"assets/a.css?v=1", "assets/b.js", "nghi-quyet/a/hinh.png"}


def test_entries_hash_and_measure_existing_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>xin chào</p>" * 50, "utf-8")
    (tmp_path / "x.css").write_text("body{}", "utf-8")
    listed = entries(tmp_path, {"a/": "vi", "x.css?v=3": "", "missing/": "vi"})
    assert [e["u"] for e in listed] == ["a/", "x.css?v=3"]
    assert listed[0]["s"] < len(("<p>xin chào</p>" * 50).encode()) and len(listed[0]["h"]) == 16
