"""Quizzes are found in the Markdown MkDocs converts, whatever the front matter above them: long, written
with CRLF line endings, after a BOM, closed by ``...``, or absent with a ``Key: value`` first line (which
MkDocs alone would read as metadata). File lines map to the converted Markdown's lines in one place
(hoidap.model.frontmatter.PageSource); these tests build the real site with such pages."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hoidap.model.booklet import read_document
from hoidap.site.quiz_page import markdown_with_markers
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

# {number}: one per test booklet (two booklets of one resolution are a duplicate-booklet)
LONG_HEAD = """---
title: "Hỏi - đáp thử: trắc nghiệm ngắn"
resolution:
  number: "{number}-NQ/TW"
  name: "về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"
  issuer: "Ban Chấp hành Trung ương"
  issued: 2022-06-16
  term: "XIII"
level: trung-uong
compiled_by: "Ban Tuyên giáo (thử)"
updated: 2026-11-20
tags:
  - nông nghiệp
  - nông thôn
  - thử nghiệm
description: >-
  Một mô tả dài viết trên nhiều dòng,
  để phần thông tin đầu tệp dài hơn
  phần trắc nghiệm rất ngắn ở cuối tài liệu.
---

"""
QUESTION = "Nghị quyết do cơ quan nào ban hành?"
ONE = f"""{QUESTION}

- [x] Ban Chấp hành Trung ương
- [ ] Bộ Chính trị

Giải thích: xem [Câu 1](#cau-1).
"""
TWO = ONE + """
Nghị quyết ban hành năm nào?

- [ ] Năm 2021
- [x] Năm 2022

Giải thích: xem [Câu 2](#cau-2).
"""
ON_A_PAGE = ONE.replace("(#cau-1)", "(../nghi-quyet/trung-uong/19-nq-tw.md#cau-1)")
QUESTIONS = """## Câu 1. Nghị quyết do cơ quan nào ban hành?

Ban Chấp hành Trung ương ban hành nghị quyết này.

## Câu 2. Nghị quyết ban hành năm nào?

Nghị quyết ban hành ngày 16/6/2022, câu trả lời thứ hai.
"""
MORE = "".join(f"\n## Câu {n}. Câu hỏi thêm số {n}?\n\nTrả lời câu thêm số {n}.\n" for n in range(3, 13))
PAGE_HEAD = ["---", "title: Thi thử", "description: >-", "  Trang thi thử một câu,", "  mô tả viết trên hai dòng.",
             *(f"x_{n}: {n}" for n in range(12)), "..."]
FOLDER = "docs/thu"


def head(number: str) -> str:
    return LONG_HEAD.replace("{number}", number)


PAGES = {
    # booklets: a quiz of one question, of two, and a quiz at the top followed by the questions
    "mot-cau.md": head("901") + "Lời giới thiệu.\n\n" + QUESTIONS + "\n## Trắc nghiệm\n\n" + ONE,
    "hai-cau.md": head("902") + QUESTIONS + "\n## Trắc nghiệm\n\n" + TWO,
    "dau-trang.md": head("903") + "## Trắc nghiệm\n\n" + ONE + "\n" + QUESTIONS + MORE + "\nĐoạn cuối của tài liệu.\n",
    # ordinary pages: BOM, CRLF, a front matter closed by "..." and a U+2028 (mkdocs-static-i18n's
    # splitlines() would split that line); a setext quiz heading; no front matter and a first line MkDocs
    # would read as metadata
    "bom-crlf.md": "\ufeff" + "\r\n".join([*PAGE_HEAD, "", "Mở đầu trang,\u2028một dòng hai đoạn.", "",
                                           "## Trắc nghiệm", "",
                                           *ON_A_PAGE.split("\n"), "Đoạn sau trắc nghiệm."]),
    "setext.md": "---\ntitle: Thi thử setext\n" + "".join(f"y_{n}: {n}\n" for n in range(16)) + "---\n\n"
                 "Trắc nghiệm\n-----------\n\n" + ON_A_PAGE,
    "khong-dau.md": "Note: dòng này là nội dung, không phải thông tin đầu trang.\n\n## Trắc nghiệm\n\n" + ON_A_PAGE,
}


def add_quiz_pages(project: Path) -> None:
    folder = project / FOLDER
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_bytes(text.encode("utf-8"))


@pytest.fixture(scope="module")
def quiz_site(site_factory):
    build = site_factory("quiz-lines", edit=add_quiz_pages)
    assert build.ok, build.output
    return build.site


def page(site: Path, name: str) -> str:
    return (site / "thu" / name.removesuffix(".md") / "index.html").read_text("utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_the_quiz_is_rendered_as_a_quiz(quiz_site, name):
    html = page(quiz_site, name)
    tree = lxml.html.fromstring(html)
    document = read_document(PAGES[name], name)
    assert document.quiz is not None and document.quiz.questions
    questions = tree.xpath('//li[contains(concat(" ", @class, " "), " hd-quiz__question ")]')
    assert len(questions) == len(document.quiz.questions), name
    radios = tree.xpath('//li[@class="hd-quiz__option"]//input[@type="radio" or @type="checkbox"]')
    assert len(radios) == sum(len(q.options) for q in document.quiz.questions)
    assert "[x]" not in html and "[ ]" not in html and "<!--hd-quiz" not in html
    assert QUESTION in tree.text_content()


@pytest.mark.parametrize("name", ["mot-cau.md", "hai-cau.md", "dau-trang.md"])
def test_no_line_of_a_booklet_is_lost(quiz_site, name):
    text = lxml.html.fromstring(page(quiz_site, name)).text_content()
    for kept in ("Ban Chấp hành Trung ương ban hành nghị quyết này.", "câu trả lời thứ hai.", "Câu 2.",
                 "Nghị quyết ban hành năm nào?"):
        assert kept in text, (name, kept)
    if name == "dau-trang.md":
        for n in range(3, 13):
            assert f"Câu hỏi thêm số {n}?" in text and f"Trả lời câu thêm số {n}." in text, n
        assert "Đoạn cuối của tài liệu." in text


def test_ordinary_pages_keep_their_text_and_front_matter(quiz_site):
    bom = lxml.html.fromstring(page(quiz_site, "bom-crlf.md"))
    assert "một dòng hai đoạn." in bom.text_content() and "Đoạn sau trắc nghiệm." in bom.text_content()
    assert bom.xpath("//title")[0].text_content().startswith("Thi thử")
    assert "x_1" not in bom.text_content(), "the front matter closed by '...' is not shown"
    first = lxml.html.fromstring(page(quiz_site, "khong-dau.md")).text_content()
    assert "Note: dòng này là nội dung" in first
    setext = lxml.html.fromstring(page(quiz_site, "setext.md"))
    assert setext.xpath('//h2[@id="trac-nghiem"]') and "y_3" not in setext.text_content()


@settings(max_examples=40, derandomize=True, deadline=None)
@given(keys=st.integers(0, 30), folded=st.integers(0, 6), blanks=st.integers(0, 3),
       closing=st.sampled_from(["---", "...", "--- "]), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       bom=st.booleans(), questions=st.integers(1, 2))
def test_the_quiz_lines_map_to_what_mkdocs_converts(keys, folded, blanks, closing, newline, bom, questions):
    head = ["---", *(f"k_{n}: {n}" for n in range(keys))]
    if folded:
        head += ["description: >-", *(f"  dòng {n} của mô tả" for n in range(folded))]
    lines = [*([*head, closing] if keys or folded else []), *[""] * blanks, "## Trắc nghiệm", "",
             *(ONE if questions == 1 else TWO).split("\n")]
    text = ("\ufeff" if bom else "") + newline.join(lines)
    document = read_document(text, "x.md")
    source = document.source
    markdown, meta = get_data(source.handed)
    assert meta == {} and markdown == source.text
    rendered = markdown.split("\n")
    quiz = document.quiz
    assert quiz is not None and len(quiz.questions) == questions
    assert rendered[source.index(quiz.line)] == "## Trắc nghiệm"
    assert rendered[source.index(quiz.end_line)] == document.body[quiz.end_line - document.body_line]
    for question in quiz.questions:
        assert rendered[source.index(question.line)] == question.text
        for option in question.options:
            assert rendered[source.index(option.line)].endswith(option.text)


def test_a_quiz_moved_by_another_plugin_is_left_as_written():
    """Lines above the quiz added or removed after MkDocs read the page: no line is replaced, the hook warns."""
    document = read_document(PAGES["mot-cau.md"], "mot-cau.md")
    source = document.source
    assert markdown_with_markers(source.text, document.quiz, source) is not None
    for moved in ("Thêm một dòng.\n" + source.text, source.text.split("\n", 1)[1]):
        assert markdown_with_markers(moved, document.quiz, source) is None
