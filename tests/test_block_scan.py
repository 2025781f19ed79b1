"""The block scan against the renderer: random Markdown made of the site's syntax pieces, read by the booklet
model (hoidap.model.blocks → hoidap.model.booklet) and rendered by Python-Markdown with mkdocs.yml's extensions, must
agree on every heading (level, id), every question (number, id) and the quiz's place. Bounded and
derandomized: the same examples on every run, a few seconds in all."""

from __future__ import annotations

import html
from copy import deepcopy

import markdown
import pytest
from conftest import ROOT
from hoidap.checking.prose_mask import in_prose
from hoidap.model.anchors import heading_anchors
from hoidap.model.blocks import Blocks, blank_code_spans
from hoidap.model.booklet import Document, read_document
from hoidap.model.labels import match_question, relabel
from hoidap.model.quiz import is_quiz_title
from hoidap.model.siteconfig import markdown_extensions
from hoidap.site import quiz_page
from hoidap.site.quiz_page import markdown_with_markers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

HEAD = """---
title: "Thử"
resolution:
  number: "19-NQ/TW"
  name: "về thử nghiệm"
  issuer: "Ban Chấp hành Trung ương"
  issued: 2022-06-16
level: trung-uong
compiled_by: "Ban Tuyên giáo"
updated: 2022-07-01
---
"""
NAMES, CONFIGS = markdown_extensions(ROOT / "mkdocs.yml")


class _Headings(Treeprocessor):
    """Every heading of Python-Markdown's tree once toc gave ids: (level, id, text, top level?), in page order."""

    def run(self, root):
        self.found = []
        top = set(root)
        for element in root.iter():
            if element.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
                continue
            copy = deepcopy(element)
            for link in copy.findall("a[@class='headerlink']"):
                copy.remove(link)
            text = html.unescape(strip_tags(render_inner_html(remove_fnrefs(copy), self.md)))
            self.found.append((int(element.tag[1]), element.get("id"), text, element in top))


_RENDERER = markdown.Markdown(extensions=list(NAMES), extension_configs=CONFIGS)
_COLLECT = _Headings(_RENDERER)
_RENDERER.treeprocessors.register(_COLLECT, "collect-headings", 4)  # after toc (5)


def rendered(body: str) -> list[tuple[int, str, str, bool]]:
    """(level, id, text, top level?) of every heading of ``body`` as the site renders it, in page order."""
    _RENDERER.reset().convert(body)
    return _COLLECT.found


def disagreements(body: str) -> list[str]:
    """What the model (one block scan) and the renderer see differently in ``body``; empty when they agree."""
    document = read_document(HEAD + body, "x.md")
    assert document.booklet is not None
    page = rendered(body)
    problems = []
    ids = [anchor for _, anchor, _, _ in page]
    if heading_anchors(document) != ids:
        problems.append(f"heading ids: model {heading_anchors(document)} page {ids}")
    mine = sorted((h.level, h.id) for h in document.headings)
    theirs = sorted((level, anchor) for level, anchor, _, _ in page)
    if mine != theirs:
        problems.append(f"headings (level, id): model {mine} page {theirs}")
    questions = sorted((q.number, q.anchor) for q in document.booklet.questions)
    shown = sorted((label.number, anchor) for _, anchor, text, _ in page if (label := match_question(text)))
    if questions != shown:
        problems.append(f"questions: model {questions} page {shown}")
    quiz = _quiz_id(document)
    first = next((anchor for level, anchor, text, top in page if level == 2 and top and is_quiz_title(text)), None)
    if quiz != first:
        problems.append(f"quiz heading: model {quiz} page {first}")
    return problems


def _quiz_id(document: Document) -> str | None:
    if document.quiz is None:
        return None
    return next(h.id for h in document.headings if h.line == document.quiz.line)


# --- the pieces -----------------------------------------------------------------------------------

_WORDS = st.sampled_from(["Đổi mới", "học tập", "x", "`mã`", "**đậm**", "[liên kết](a.md)", "Phần I.", "#", "C#",
                          "<b>thẻ</b>", "&amp;", "\\*", "_nghiêng_", "[r]", "[^1]", "`# #`"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=3).map(" ".join)
_QUESTION = st.builds(
    lambda label, number, separator, text: f"{label[0]} {number}{separator}{label[1]} {text}?",
    st.sampled_from([("Câu", ""), ("Câu", ""), ("Câu hỏi", ""), ("CÂU", ""), ("Question", ""), ("**Câu", "**"),
                     ("Câu lạc bộ", ""), ("<b>Câu", "</b>"), ("`Câu", "`"), ("*Câu", "")]),
    st.integers(1, 4), st.sampled_from([".", ".", ":", "", ")"]), _TEXT,
)
_TITLE = st.one_of(_TEXT, _QUESTION, st.sampled_from(["Trắc nghiệm", "Câu hỏi trắc nghiệm"]))
_ATTRS = st.sampled_from(["", "", "", " {#rieng}", " {: #cau-1 }", " {.lop}", " {#trac-nghiem}"])
_ATX = st.builds(lambda marks, title, attrs, closing: f"{marks} {title}{attrs}{closing}",
                 st.sampled_from(["#", "##", "##", "###", "###", "####", "#######"]), _TITLE, _ATTRS,
                 st.sampled_from(["", "", " ##", " #"]))
_SETEXT = st.builds(lambda title, attrs, line: f"{title}{attrs}\n{line}", _TITLE, _ATTRS,
                    st.sampled_from(["===", "---", "-", "= =", "=== ", "\t---"]))
_HEADING = st.one_of(_ATX, _SETEXT)
_PARAGRAPH = st.one_of(_TEXT, st.sampled_from([
    "Đoạn văn.\nDòng hai.", "- - -", "***", "| a | b |\n|---|---|\n| c | d |", "[r]: a.md", "Chú thích[^1].",
    "<p>đoạn thô</p>", "\\## không",
]))


def _fence(char: str, opening: int, info: str, body: str, closing: str) -> str:
    return f"{char * opening}{info}\n{body}\n{closing}".rstrip("\n")


_FENCE = st.builds(
    _fence, st.sampled_from(["`", "~"]), st.integers(3, 5),
    st.sampled_from(["", "", "markdown", " python", ' title="Ví dụ"', " text foo", "{ .md }", " a`b", " hl_lines=1"]),
    st.one_of(_HEADING, _QUESTION.map(lambda q: f"## {q}"), st.just("")),
    st.one_of(st.sampled_from(["```", "````", "~~~", "~~~~", "`````", "```  ", "", "```x"])),
)
_QUIZ = st.sampled_from([
    "## Trắc nghiệm\n\nHỏi gì?\n\n- [x] Có\n- [ ] Không\n\nGiải thích: xem [Câu 1](#cau-1).",
    "Trắc nghiệm\n---\n\nHỏi?\n- [x] a\n- [ ] b",
    "## Quiz\n\nQ?\n\n- [ ] a\n- [X] b",
])
_LEAF = st.one_of(_HEADING, _HEADING, _PARAGRAPH, _FENCE, _QUIZ,
                  st.builds(lambda h: f"Đoạn.\n\n    {h}", _HEADING),  # indented code
                  st.builds(lambda h: f"<div>\n{h}\n</div>", _HEADING),  # raw HTML: no Markdown inside
                  st.builds(lambda h: f"<!--\n{h}\n-->", _HEADING))


def _indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = first if first is not None else prefix
    return "\n".join([head + lines[0]] + [(prefix + line) if line else line for line in lines[1:]])


def _contain(kind: str, inner: str) -> str:
    if kind == "note":
        return '!!! note "Ghi chú"\n' + _indent(inner, "    ")
    if kind == "details":
        return "???+ tip\n" + _indent(inner, "    ")
    if kind == "item":
        return _indent(inner, "    ", "- ")
    if kind == "item2":
        return _indent(inner, "  ", "1. ")
    if kind == "quote":
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind == "div":
        if "<div markdown>" in inner:  # nested, a fence may leave both open: Python-Markdown 3.11 then drops the
            return _contain("note", inner)  # rest of the page, a renderer failure not worth following
        return f"<div markdown>\n\n{inner}\n\n</div>"
    if "[^1]:" in inner:  # a footnote defined inside a footnote is shown nowhere; the scan does not follow it
        return _contain("note", inner)
    return _indent(inner, "    ", "[^1]: ")  # a footnote


_BLOCK = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.builds(_contain, st.sampled_from(["note", "details", "item", "item2", "quote", "div", "footnote"]),
                  inner),
        st.builds(lambda a, b, glue: a + glue + b, inner, inner, st.sampled_from(["\n\n", "\n\n", "\n"])),
    ),
    max_leaves=4,
)
_PAGE = st.builds(lambda blocks, glues: "".join(b + g for b, g in zip(blocks, glues, strict=False)),
                  st.lists(_BLOCK, min_size=1, max_size=6),
                  st.lists(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]), min_size=6, max_size=6))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_PAGE)
def test_the_model_and_the_renderer_agree_on_headings_questions_and_the_quiz(body):
    assert disagreements(body) == []


# --- what the old scanners (codeblocks.py for the model, markdown_scan.py for anchors) read otherwise ----

@pytest.mark.parametrize("body", [
    "```\n## Câu 1. Trong khối mã?\n````\n",  # a longer closing run closes nothing: the page shows the question
    "``` text foo\n## Câu 1. Hỏi?\n```\n",  # an option superfences refuses opens no fence
    "Đoạn.\nCâu 1. Hỏi?\n---\n",  # a paragraph's second line over --- is no heading: a rule follows it
    "<div>\n## Câu 1. Trong HTML thô?\n</div>\n",  # raw HTML holds no Markdown
    "!!! note\n    ## Câu 1. Trong khung?\n",  # the page shows questions in containers
    "- ## Câu 1. Trong danh sách?\n",
    "> ## Câu 1. Trích dẫn?\n",
    "### **Câu 1.** Đậm?\n",  # what the reader sees is a question
    "### Câu 1. Mã riêng? {#rieng}\n",  # the question's id is its written one
    "## Câu 1. Một?\n\n## Câu 1. Lặp?\n",  # a repeated number gets toc's numbered id
    "````\n## Câu 1. Hỏi?\n```\n",  # (these three agreed already: a shorter or other closing run, indented code)
    "~~~\n## Câu 1. Hỏi?\n```\n",
    "Đoạn.\n\n    ## Câu 1. Mã thụt lề?\n",
])
def test_questions_the_old_model_missed_or_invented(body):
    assert disagreements(body) == []
    assert [q.number for q in read_document(HEAD + body, "x.md").booklet.questions] == \
        [label.number for _, _, text, _ in rendered(body) if (label := match_question(text))]


@pytest.mark.parametrize("body", [
    "# **Câu 1. **đậm**?\n",  # emphasis as Python-Markdown 3.11 pairs it
    '!!! note "G"\n    !!! note "G"\n        x\n\n        Trắc nghiệm\n        ---\n',  # nested admonitions go on
    "- 1. #\n",  # an item holding a numbered list
    "- a\n1. # b\n",  # bullets and numbers mix
    "- # b\n    # c\n",  # a tight item's indented lines are the item's
    "- a\n\n- # b\n    # c\n",  # after a heading in a loose item too (Python-Markdown #1443)
    "1. Đoạn.\n\n      Trắc nghiệm\n  ===\n",  # a list takes four spaces off the lines that have them only
    "<div markdown>\n\n<div>\n# x\n</div>\n\n</div>\n",  # raw HTML inside md_in_html
    '<div markdown>\n\n!!! note "G"\n    x\n\n    <div>\n    # y\n    </div>\n\n</div>\nz\n===\n',  # </div> anywhere
    "[^1]: [^1]: # x\n",  # a footnote defined in a footnote is shown nowhere
    "[^1]: # x\n\ny\n\n[^1]: | a | b |\n    |---|---|\n    | c | d |\n",  # no table: the tables extension's test
    "# x\n\n| a | b |\n|---|---|\n| c | d |\n# x {#x}\n",  # a table cell's {#x} takes the id
    "Đoạn.\n\n    a\n===\n```\n# #\n```\n",  # a fence right after indented code is text again
    "> - a\n>\n>     b\n> [^1]: c\n>     ===\n",  # a footnote cut off a paragraph is read as one
    "# [^1]\n\n- [^1]: # x\n",  # a footnote defined in a list
    "!!! note: x\n    # y\n",  # no admonition: the extension's own pattern
    "``` hl_lines=1\n# x\n```\n",  # an option superfences refuses
])
def test_heading_ids_the_old_anchors_got_wrong(body):
    assert heading_anchors(read_document(body, "x.md")) == [anchor for _, anchor, _, _ in rendered(body)]


def test_questions_anywhere_the_page_shows_them_and_nowhere_else():
    body = ("## Câu 1. Một?\n\nĐáp.\n\n```\n## Câu 9. Mã?\n````\n\n## Câu 2. Hai?\n\nĐáp.\n\n```\n\n"
            "!!! note\n    ### Câu 3. Trong khung?\n\n    Đáp trong khung.\n\n<div>\n## Câu 8. Thô?\n</div>\n")
    booklet = read_document(HEAD + body, "x.md").booklet
    assert [(q.number, q.anchor, q.heading.nested) for q in booklet.questions] == [
        (1, "cau-1", False), (3, "cau-3", True)]
    assert "## Câu 2. Hai?" in booklet.questions[0].answer, "an unclosed fence: its lines stay in the answer"


# --- the scan's other products --------------------------------------------------------------------

def test_code_raw_html_and_prose_lines():
    lines = ["Chữ `mã` chữ", "", "```", "quyeets", "```", "", "    thụt lề", "", "<div>", "thô", "</div>", "", "cuối"]
    blocks = Blocks(lines, 5)
    assert [i for i, code in enumerate(blocks.code) if code] == [2, 3, 4, 6]
    assert [i for i, raw in enumerate(blocks.raw) if raw] == [8, 9, 10]
    assert blocks.prose == [(5, "Chữ      chữ"), (6, ""), (10, ""), (12, ""), (13, "<div>"), (14, "thô"),
                            (15, "</div>"), (16, ""), (17, "cuối")]


def test_code_spans_follow_python_markdown():
    assert blank_code_spans("a ``b ` c`` d `e` f") == "a           d     f"
    assert in_prose("x `x` x", str.upper) == "X `x` X"  # what --fix changes: prose, never code


@pytest.mark.parametrize(("line", "fixed"), [
    ("### Câu 12: Hỏi gì?", "### Câu 12. Hỏi gì?"),
    ("## Câu hỏi 3. Hỏi?", "## Câu 3. Hỏi?"),
    ("## CÂU 4) Hỏi?", "## Câu 4. Hỏi?"),
    ("## Câu 6 Hỏi gì?", "## Câu 6. Hỏi gì?"),
    ("### **Câu 7:** Hỏi?", "### **Câu 7.** Hỏi?"),
    ("Câu 8 - Hỏi?", "Câu 8. Hỏi?"),
])
def test_relabel_writes_the_label_the_guide_asks_for(line, fixed):
    assert relabel(line, "Câu") == fixed
    assert match_question(fixed.lstrip("# *").replace("**", "")).canonical


def test_the_quiz_page_finds_the_quiz_as_the_model_does():
    """The quiz page marks the quiz where the model's reading of the blocks put it, through the page's line
    mapping (a heading in a fence is none; an underlined heading keeps its underline)."""
    text = ("---\ntitle: Thi\n---\n\n# Thi\n\n```\n## Trắc nghiệm\n```\n\nTrắc nghiệm\n---\n\nHỏi?\n\n"
            "- [x] Có\n- [ ] Không\n\nHết.\n")
    document = read_document(text, "thi.md")
    marked = markdown_with_markers(document.source.text, document.quiz, document.source)
    token = quiz_page._TOKEN
    assert "# Thi\n\n```\n## Trắc nghiệm\n```\n\nTrắc nghiệm\n---\n\n" + f"{token}:intro" in marked
    assert f"{token}:o-1-1\n\nKhông" in marked and f"Hết.\n\n{token}:end" in marked
