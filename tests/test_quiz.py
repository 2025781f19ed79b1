"""Quizzes: the booklet model reads them (Quiz, QuizQuestion, Option with lines), the checker reports each
quiz code with file:line, the build puts the quiz template in place and keeps it out of search."""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import ROOT, is_hashed, parse_file
from hoidap.checking.checks import Settings, check, load
from hoidap.model.booklet import parse, read_document
from hoidap.model.docstree import DocsTree
from hoidap.model.quiz import is_quiz_title

BOOKLETS = sorted((ROOT / "docs/nghi-quyet/trung-uong").glob("*.md"))
HEAD = """---
title: "Hỏi - đáp thử"
resolution:
  number: "19-NQ/TW"
  name: "về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"
  issuer: "Ban Chấp hành Trung ương"
  issued: 2022-06-16
level: trung-uong
compiled_by: "Ban Tuyên giáo"
updated: 2022-07-01
---

## Câu 1. Nghị quyết do cơ quan nào ban hành?

Ban Chấp hành Trung ương.

## Câu 2. Nghị quyết ban hành ngày nào?

Ngày 16/6/2022.

## Trắc nghiệm

Chọn phương án đúng.
"""


def quiz_of(body: str):
    booklet = parse(HEAD + body, "vi-du.md")
    assert booklet is not None
    return booklet.quiz


def test_a_quiz_is_read_with_options_explanations_and_lines():
    quiz = quiz_of("""
**Cơ quan nào ban hành nghị quyết?**

- [x] Ban Chấp hành Trung ương
- [ ] Bộ Chính trị

Giải thích: xem [Câu 1](#cau-1).

Những ngày nào đúng?
- [X] 16/6/2022
- [x] Ngày 16 tháng 6 năm 2022
- [ ] 22/12/2024
Giải thích: xem [Câu 2](#cau-2) và [tài liệu khác](57-nq-tw.md#cau-1).

## Phần sau

Không thuộc trắc nghiệm.
""")
    assert quiz.title == "Trắc nghiệm" and quiz.line == 21 and quiz.intro == "Chọn phương án đúng."
    first, second = quiz.questions
    assert (first.number, first.text, first.line) == (1, "**Cơ quan nào ban hành nghị quyết?**", 25)
    assert [(o.text, o.correct, o.line) for o in first.options] == [
        ("Ban Chấp hành Trung ương", True, 27), ("Bộ Chính trị", False, 28)]
    assert not first.multiple and first.explanation == "xem [Câu 1](#cau-1)." and first.explanation_line == 30
    assert second.multiple and [o.correct for o in second.options] == [True, True, False]
    assert second.explanation_line == 36
    assert [(link.target, link.number, link.same_page) for link in second.links] == [
        ("#cau-2", 2, True), ("57-nq-tw.md#cau-1", 1, False)]
    assert quiz.end_line == 37
    assert [q.anchor for q in quiz.questions] == ["trac-nghiem-1", "trac-nghiem-2"]


def test_quiz_titles_and_pages_without_a_quiz():
    assert is_quiz_title("Trắc nghiệm") and is_quiz_title("Câu hỏi trắc nghiệm") and is_quiz_title("Quiz")
    assert not is_quiz_title("Phần I. Trắc nghiệm lịch sử")
    assert parse(HEAD.replace("## Trắc nghiệm\n\nChọn phương án đúng.\n", ""), "x.md").quiz is None
    code = read_document("# Trang\n\n```markdown\n## Trắc nghiệm\n\n- [x] a\n```\n", "x.md")
    assert code.quiz is None


def test_a_quiz_on_its_own_page_is_read_too():
    document = read_document("---\ntitle: Thi thử\n---\n\n## Trắc nghiệm\n\nHỏi?\n\n- [x] Có\n- [ ] Không\n\n"
                             "Chúc các bạn thi tốt.\n", "thi.md")
    assert not document.is_booklet and document.quiz is not None
    assert len(document.quiz.questions) == 1 and document.quiz.outro == "Chúc các bạn thi tốt."
    assert [o.text for o in document.quiz.questions[0].options] == ["Có", "Không"]


def test_every_sample_booklet_has_a_quiz_whose_links_exist():
    for path in BOOKLETS:
        booklet = parse_file(path)
        assert booklet.quiz is not None and len(booklet.quiz.questions) >= 3, path.name
        numbers = {q.number for q in booklet.questions}
        for question in booklet.quiz.questions:
            assert question.links and all(link.number in numbers for link in question.links), question.text


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "nghi-quyet").mkdir()
    return tmp_path


FIXTURES = {
    "quiz-options": ("Hỏi?\n\n- [x] Có\n\nGiải thích: [Câu 1](#cau-1).\n", 25),
    "quiz-correct": ("Hỏi?\n\n- [ ] Có\n- [ ] Không\n\nGiải thích: [Câu 1](#cau-1).\n", 25),
    "quiz-duplicate": ("Hỏi?\n\n- [x] Có\n- [ ] Không\n- [ ]  không\n\nGiải thích: [Câu 1](#cau-1).\n", 29),
    "quiz-link": ("Hỏi?\n\n- [x] Có\n- [ ] Không\n\nGiải thích: [Câu 7](#cau-7).\n", 30),
    "quiz-explanation": ("Hỏi?\n\n- [x] Có\n- [ ] Không\n", 25),
}


@pytest.mark.parametrize("code", FIXTURES)
def test_each_quiz_code_is_reported_once_with_its_line(docs, code):
    body, line = FIXTURES[code]
    (docs / "nghi-quyet/vi-du.md").write_text(HEAD + "\n" + body, encoding="utf-8")
    findings, _ = check(load(docs, "nghi-quyet/vi-du.md"), DocsTree(docs, ["vi"], "vi"), Settings())
    assert [(f.code, f.line) for f in findings] == [(code, line)], [f.format() for f in findings]
    message = findings[0].format()
    assert message.startswith(f"nghi-quyet/vi-du.md:{line}: {code}") and "trắc nghiệm" in message


def test_a_quiz_key_and_its_explanations_in_the_built_page(built_site):
    html = (built_site / "nghi-quyet/trung-uong/19-nq-tw/index.html").read_text("utf-8")
    booklet = parse_file(ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md")
    assert html.count('<li class="hd-quiz__question') == len(booklet.quiz.questions)
    scripts = lxml.html.fromstring(html).xpath("//script/@src")
    assert [s for s in scripts if is_hashed(s) and s.rsplit("/", 1)[-1].startswith("quiz.")]   # content-addressed
    assert 'href="#cau-1"' in html.split('class="hd-quiz__key')[1]
    assert "<!--hd-quiz" not in html and "[x]" not in html
    home = (built_site / "index.html").read_text("utf-8")
    assert "quiz.js" not in home
    files = json.loads((built_site / "offline.json").read_text("utf-8"))["files"]
    assert [entry for entry in files if entry["u"].startswith("assets/javascripts/quiz.") and is_hashed(entry["u"])]


def test_quiz_options_are_not_in_the_search_index(built_site):
    source = (ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md").read_text("utf-8")
    booklet = parse_file(ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md")
    assert source.count("Ban Bí thư") == 1 and "- [ ] Ban Bí thư" in source  # only the quiz mentions it
    index = "".join(p.read_text("utf-8") for p in (built_site / "search/vi").iterdir())
    assert booklet.questions[0].text in index, "the booklet's questions are in the index"
    assert "Ban Bí thư" not in index
