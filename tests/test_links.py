"""Links: extraction, page anchors against Python-Markdown, MkDocs + i18n resolution, external checks."""

from __future__ import annotations

import html
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from conftest import ROOT
from hoidap.booklet import read_document
from hoidap.findings import BookletError
from hoidap.frontmatter import lines_of
from hoidap.links import DocsTree, Link, external_links, extract_links, heading_anchors, page_anchors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor
from mkdocs.utils import yaml_load

DOCS = ROOT / "docs"


def found(text: str, first_line: int = 1) -> list[tuple[int, str, str, bool]]:
    return [(link.line, link.target, link.kind, link.html) for link in extract_links(lines_of(text), first_line)]


def targets(text: str) -> list[str]:
    return [link.target for link in extract_links(lines_of(text), 1)]


def document(text: str, path: str = "page.md"):
    return read_document(text, path)


# --- extract_links --------------------------------------------------------------------------------


def test_inline_links_images_titles_and_angle_brackets():
    text = (
        'Xem [Câu 5](19-nq-tw.md#cau-5 "Câu 5") và ![Sơ đồ](hinh/so-do.png).\n'
        "[tệp có dấu cách](<thu muc/tai lieu.md>) [ngoặc](a(b).md) [đơn](x.md 'tiêu đề')\n"
        "[rỗng]() [cách]( y.md )\n"
    )
    assert found(text) == [
        (1, "19-nq-tw.md#cau-5", "link", False),
        (1, "hinh/so-do.png", "image", False),
        (2, "thu muc/tai lieu.md", "link", False),
        (2, "a(b).md", "link", False),
        (2, "x.md", "link", False),
        (3, "", "link", False),
        (3, "y.md", "link", False),
    ]


def test_reference_definitions_and_autolinks():
    text = (
        "Theo [nghị quyết][nq] và ![ảnh][logo] hay [nq].\n"
        "\n"
        '[nq]: ../nghi-quyet/19.md "Nghị quyết 19"\n'
        "[logo]: <assets/logo.svg>\n"
        "[thừa]:\n"
        "    tach-dong.md\n"
        "\n"
        "Trang <https://dangcongsan.vn/a?b=1> và thư <ban@tuyengiao.vn>, <mailto:x@y.vn>.\n"
    )
    assert found(text) == [
        (3, "../nghi-quyet/19.md", "link", False),
        (4, "assets/logo.svg", "image", False),
        (6, "tach-dong.md", "link", False),
        (8, "https://dangcongsan.vn/a?b=1", "link", False),
        (8, "mailto:ban@tuyengiao.vn", "link", False),
        (8, "mailto:x@y.vn", "link", False),
    ]


def test_raw_html_links_with_any_quoting_and_case():
    text = (
        '<a href="a.md">a</a> <A HREF=\'b.md\'>b</A> <a class=x href=c.md>c</a>\n'
        '<img src="i.png" srcset="big.png 2x"> <IMG alt="x"\n'
        '     SRC = "j.png">\n'
        '<picture><source src="k.webp"></picture> <iframe src="https://video/1"></iframe>\n'
        '<a href="d.md?x=1&amp;y=2">d</a> <a name="neo">không có href</a> <span src="no.png"></span>\n'
    )
    assert found(text) == [
        (1, "a.md", "link", True),
        (1, "b.md", "link", True),
        (1, "c.md", "link", True),
        (2, "i.png", "image", True),
        (3, "j.png", "image", True),
        (4, "k.webp", "image", True),
        (4, "https://video/1", "link", True),
        (5, "d.md?x=1&y=2", "link", True),
    ]


def test_a_link_text_may_run_over_lines_and_the_line_is_the_parenthesis():
    text = "Đoạn văn [liên kết\ndài qua\nba dòng](dich.md) rồi [tiếp](tiep.md)\n"
    assert found(text, first_line=10) == [(12, "dich.md", "link", False), (12, "tiep.md", "link", False)]


def test_line_numbers_follow_first_line():
    body = ["", "[a](a.md)", "", "text", "![b](b.png)"]
    assert [(link.line, link.target) for link in extract_links(body, 7)] == [(8, "a.md"), (11, "b.png")]


@pytest.mark.parametrize("code", [
    "```\n[x](no.md)\n```",
    "~~~~markdown\n[x](no.md)\n~~~\n~~~~",
    "   ```text\n   [x](no.md)\n   ```",
    "````\n```\n[x](no.md)\n```\n````",
    "    [indented](no.md)\n    <a href='no.md'>",
    "- item\n\n  ```\n  [x](no.md)\n  ```",
    "!!! note\n    ```\n    [x](no.md)\n    ```",
    "> ```\n> [x](no.md)\n> ```",
    "Text `[span](no.md)` and ``[double ` tick](no.md)`` end",
    "<!-- [comment](no.md) <a href=\"no.md\"> -->",
    "<!--\n[comment](no.md)\n\nstill comment\n-->",
    "\\[escaped](no.md) is text, \\`not code` [nor this\\](no.md)",
])
def test_code_comments_and_escapes_hold_no_links(code):
    assert [t for t in targets(f"Đầu [yes](yes.md)\n\n{code}\n\nCuối ![yes](yes.png)\n") if "no" in t] == []


def test_an_escaped_bang_makes_a_link_not_an_image():
    assert found("\\![chữ](hinh.png)\n") == [(1, "hinh.png", "link", False)]


def test_indented_text_in_lists_and_admonitions_is_not_code():
    text = (
        "- mục\n\n    tiếp mục [trong mục](in-list.md)\n\n        [mã trong mục](code.md)\n\n"
        '!!! note "Ghi chú"\n    [trong hộp](in-note.md)\n\n'
        "??? tip\n    [trong chi tiết](in-details.md)\n\n"
        "[^1]: chú thích\n    [trong chú thích](in-footnote.md)\n\n"
        "Đoạn\n\n    [mã thật](real-code.md)\n"
    )
    assert targets(text) == ["in-list.md", "in-note.md", "in-details.md", "in-footnote.md"]


def test_a_fence_left_open_is_no_fence():
    """pymdownx.superfences only fences what it can close: an open fence is plain text."""
    assert targets("```\n[still a link](open.md)\n") == ["open.md"]


def test_escapes_nesting_and_code_inside_link_text():
    text = "[x\\_y](x\\_y.md) [a `]` b](code-in-text.md) [[nested]](outer.md) [![hình](in.png)](out.md)\n"
    assert targets(text) == ["x_y.md", "code-in-text.md", "outer.md", "in.png", "out.md"]


def test_markdown_in_raw_html_is_not_read_but_its_html_is():
    text = (
        '<div class="box">\n[not a link](raw.md)\n<a href="raw-html.md">x</a>\n</div>\n\n'
        "<div markdown>\n\n[a link](md-in-html.md)\n\n</div>\n"
    )
    assert found(text) == [
        (3, "raw-html.md", "link", True),
        (8, "md-in-html.md", "link", False),
    ]


class _Collect(Treeprocessor):
    """Every href and src Python-Markdown's tree holds once inline patterns ran (what MkDocs checks)."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and not re.search("footnote|headerlink", element.get("class") or ""):
                href = re.sub("\x02(\\d+)\x03", lambda m: chr(int(m[1])), element.get("href", ""))
                self.found.add(html.unescape(href.replace("\x02amp\x03", "&")))
            elif element.tag == "img":
                self.found.add(element.get("src"))


def _extensions() -> tuple[list[str], dict]:
    """The site's markdown_extensions, read from mkdocs.yml without loading its hooks."""
    raw = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in raw["markdown_extensions"]:
        if isinstance(item, dict):
            ((name, config),) = item.items()
            names.append(name)
            configs[name] = config or {}
        else:
            names.append(item)
    return names, configs


EXTENSIONS = _extensions()

_INLINE = st.sampled_from([
    "chữ", "Đổi mới", " ", "[a](x.md)", '[b c](y.md#cau-1 "T")', "![i](p.png)", "[s](<tệp có cách.md>)",
    "`[no](code.md)`", "``x ` [no2](c2.md)``", "<https://e.org/a>", "<ban@tuyengiao.vn>", "[r1]", "[t][r1]",
    "![img][r2]", "\\[no3](n.md)", "[x\\_y](e_s.md)", "[nested [in](in.md)](out.md)", "[a](b(c).md)",
    "[q](x.md 'title')", " *em [l](l.md)* ", "[^1] ", "`", "\n",
])
_BLOCK = st.one_of(st.lists(_INLINE, min_size=1, max_size=8).map("".join), st.sampled_from([
    "```\n[fenced](no.md)\n```", "    [indented](no.md)", "- [item](li.md)", "> [quote](q.md)",
    "!!! note\n    [in note](note.md)", "## Heading [h](h.md)", "[r1]: def1.md", "[r2]: def2.png",
    "<div>\n[raw](raw.md)\n</div>", "<!-- [c](c.md) -->", "| [t](t.md) | b |\n|---|---|",
]))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_BLOCK, min_size=1, max_size=8))
def test_extract_links_agrees_with_python_markdown(blocks):
    text = "\n\n".join(blocks) + "\n\n[^1]: chú thích [fl](fl.md)\n"
    md = markdown.Markdown(extensions=EXTENSIONS[0], extension_configs=EXTENSIONS[1])
    collect = _Collect(md)
    collect.found = set()
    md.treeprocessors.register(collect, "collect", 1)
    md.convert(text)
    mine = {link.target for link in extract_links(lines_of(text), 1) if not link.html}
    unused_definitions = {"def1.md", "def2.png"} - collect.found
    assert mine - unused_definitions == collect.found


# --- page_anchors ---------------------------------------------------------------------------------


def test_heading_ids_number_repeats_like_toc_and_custom_ids_win():
    text = (
        "# Đổi mới\n\n## Đổi mới\n\n### Đổi mới\n\n## Khác {#doi-moi_2}\n\n## Đổi mới\n\n"
        "## Tên riêng {: #rieng .lop }\n\n## Tên riêng\n"
    )
    assert heading_anchors(document(text)) == [
        "doi-moi", "doi-moi_1", "doi-moi_3", "doi-moi_2", "doi-moi_4", "rieng", "ten-rieng",
    ]


def test_question_headings_keep_their_stable_anchor():
    text = "## Phần I. Đổi mới\n\n### Câu 1. Hỏi gì?\n\n### **Câu 2.** Hỏi [đậm](x.md)?\n\n### Câu 2. Lặp?\n"
    assert heading_anchors(document(text)) == ["phan-i-doi-moi", "cau-1", "cau-2", "cau-2_1"]


def test_heading_text_is_rendered_before_it_is_slugified():
    text = (
        "## Dùng `mã <b>` và **đậm** & [liên kết](x.md) ![ảnh](p.png)\n\n"
        "## A&amp;B &lt;thẻ&gt; <span>trong thẻ</span>\n\n## C# ##\n\n## x\\_y \\*z\\*\n\n"
        "Tiêu đề gạch dưới\n===\n"
    )
    assert heading_anchors(document(text)) == [
        "dung-ma-b-va-dam-lien-ket", "a-b-the-trong-the", "c", "x-y-z", "tieu-de-gach-duoi",
    ]


def test_headings_inside_containers_count_and_fenced_ones_do_not():
    text = (
        "```\n# không\n```\n\n"
        '!!! note "Ghi chú"\n    ## Trong hộp\n\n    ```\n    ## không\n    ```\n\n'
        "??? tip\n    ### Trong hộp\n\n"
        "> ## Trích dẫn\n\n"
        "- mục\n\n    ## Trong danh sách\n\n"
        "Đoạn văn.\n\n    ## mã, không phải tiêu đề\n\n"
        "<div>\n## thô, không phải tiêu đề\n</div>\n\n"
        "<div markdown>\n\n## Trong div markdown\n\n</div>\n"
    )
    assert heading_anchors(document(text)) == [
        "trong-hop", "trong-hop_1", "trich-dan", "trong-danh-sach", "trong-div-markdown",
    ] == built_anchors(text)[0]


def test_page_anchors_add_html_ids_attr_lists_and_footnotes():
    text = (
        "## Mục\n\n"
        '<a name="moc-cu"></a> <span id=\'the-span\'>x</span> <div ID="hoa">y</div>\n\n'
        "Đoạn có mã riêng\n{: #doan }\n\n"
        "![ảnh](p.png){#anh}\n\n"
        "Chú thích[^1] và lặp lại[^1], [^ghi-chu].\n\n"
        "[^1]: Một.\n[^ghi-chu]: Hai.\n\n"
        "`<span id=\"trong-ma\">` (MkDocs reads raw HTML ids even in code spans)\n\n"
        "```\n<span id=\"trong-khoi-ma\">\n```\n"
    )
    assert page_anchors(document(text)) == {
        "muc", "moc-cu", "the-span", "hoa", "doan", "anh", "trong-ma",
        "fn:1", "fnref:1", "fnref2:1", "fn:ghi-chu", "fnref:ghi-chu",
    }


class _HeadingIds(Treeprocessor):
    def run(self, root):
        self.ids = [element.get("id") for element in root.iter() if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


def built_anchors(body: str) -> tuple[list[str], set[str]]:
    """Heading ids after Python-Markdown's toc, and every id MkDocs 1.6 would count as an anchor."""
    md = markdown.Markdown(extensions=EXTENSIONS[0], extension_configs=EXTENSIONS[1])
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    tree = _ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
    tree._register(md)
    headings = _HeadingIds(md)
    headings.ids = []
    md.treeprocessors.register(headings, "heading-ids", 4)  # after toc (5)
    md.convert(body)
    return headings.ids, raw.present_anchor_ids | tree.present_anchor_ids


def test_anchors_of_the_real_docs_match_python_markdown():
    pages = sorted(DOCS.rglob("*.md"))
    assert pages
    for path in pages:
        page = read_document(path.read_text(encoding="utf-8"), str(path))
        ids, present = built_anchors("\n".join(page.body))
        assert heading_anchors(page) == ids, path
        assert page_anchors(page) == present, path


_WORD = st.sampled_from([
    "Đổi", "mới", "Câu 1.", "Câu 2:", "Question 3.", "x", "Học tập?", "`code`", "`a <b>`", "**strong**", "*em*",
    "_u_", "[link](x.md)", "![img](p.png)", "[text][r]", "[r]", "&amp;", "A&B", "<b>bold</b>", "<https://a.b>",
    "[^1]", "C#", "x_y", "1.2", "Ω", "中文", "(note)", "\\*", "\\_", "\\#", "a.b", "-", "—", "“quoted”", "Phần I.",
])
_HEADING = st.lists(_WORD, min_size=0, max_size=6).map(" ".join)
_ENDING = st.sampled_from(["", "", "", " {#custom}", " {: #other .cls }", " {.cls}", " ##", " #"])
_LINE = st.one_of(
    st.tuples(st.sampled_from(["# ", "## ", "### ", "#### "]), _HEADING, _ENDING).map("".join),
    st.tuples(_HEADING, st.sampled_from(["\n===", "\n---"])).map("".join),
    st.sampled_from([
        "", "para text with [a link](y.md) and `code`", "```\n## fenced\n```", "~~~~\n# fenced\n~~~~",
        "    ## indented code", "- item", "- ## heading item", "1. one", '!!! note "Title"\n    ## in note',
        "??? tip\n    ### in details", "> ## quoted\n> text", "[r]: x.md", "[^1]: note", "---",
        "<div markdown>\n\n## in div\n\n</div>", "<div>\n## raw\n</div>", "<!--\n## hidden\n-->",
        '<a id="q"></a>', "Para\n{#para-id}", "![i](p.png){#img-id}", "| a | b |\n|---|---|\n| c | d |",
        "Term\n---\n    code",
    ]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_LINE, max_size=12))
def test_page_anchors_agree_with_python_markdown_and_mkdocs(lines):
    body = "start\n\n" + "\n\n".join(lines) + "\n"
    page = read_document(body, "f.md")
    ids, present = built_anchors(body)
    assert heading_anchors(page) == ids
    assert page_anchors(page) == present


_FLAT_LINES = st.sampled_from([
    "", "", "Đoạn văn [liên kết](a.md).", "chữ `mã` chữ", "## Câu 1. Hỏi?", "# Tiêu đề", "### C# ##", "#bám sát",
    "- mục", "- mục [x](y.md)", "1. một", "2024 là năm", "*nhấn* mạnh", "[đầu dòng](z.md) là liên kết",
    "[r]: dinh-nghia.md", "[^1]: chú thích", "![ảnh](p.png)", "=x", "\\# không phải tiêu đề", "- - -", "---",
    "===", "    thụt lề", "> trích", "!!! note", "| a |", "<div>", "- ## trong mục", "[^2]: - danh sách",
    "* sao", "+ cộng", "3. ba", "[^3]: ba", "[s]: s.md",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_FLAT_LINES, max_size=16))
def test_the_flat_page_shortcut_agrees_with_the_full_block_walk(lines):
    """White box: hoidap.links reads flat pages (the usual booklet) in one loop; it must agree with the full walk."""
    from hoidap import links as module

    flat = module._Blocks([False] * len(lines), [False] * len(lines), [], {}, set(), [False] * len(lines))
    if not module._flat_walk(lines, flat):
        return
    full = module._Blocks([False] * len(lines), [False] * len(lines), [], {}, set(), [False] * len(lines))
    module._walk(list(enumerate(lines)), 0, full)
    assert (flat.headings, flat.breaks) == (sorted(full.headings), full.breaks)


# --- robustness -----------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    "[", "]", "(", ")", "!", "<", ">", "`", "``", "```", "~~~", "\\", "#", "## ", "\n", "\n\n", "    ", "> ", "- ",
    "1. ", "!!! note", "??? x", "[^1]", "[^1]: ", "[r]: ", "{#", "}", "{: #a}", "*", "_", "&amp;", '<a href="',
    "<img src=x>", "<div>", "</div>", "<div markdown>", "<!--", "-->", "---", "===", "|", "\t", "\r", "'", '"',
    "http://x", "a@b", "Câu 1.", "Đ", "\x00", "\x01", "\x03", "\ue000", "\ue001", ":", "x.md", "#a", "---\n",
    "title: [x\n",
])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=500), st.lists(_FRAGMENTS, max_size=60).map("".join)))
def test_arbitrary_text_never_breaks_extraction_or_anchors(text):
    lines = lines_of(text)
    for link in extract_links(lines, 3):
        assert 3 <= link.line < 3 + len(lines)
        assert link.kind in ("link", "image")
    try:
        page = read_document(text, "fuzz.md")
    except BookletError as error:  # broken front matter is the only failure read_document has
        assert error.findings
        return
    assert set(heading_anchors(page)) <= page_anchors(page)


@pytest.mark.parametrize("text", [
    "[" * 20000, "[" * 5000 + "]" * 5000, "`" * 20000, "<a " * 5000, " " * 20000 + "\n" + ("  \n" * 500),
    "> " * 3000 + "# x", "[a](b) " * 10000, "<!--" + "x" * 20000, "<div>\n" * 3000,
])
def test_pathological_pages_stay_fast(text):
    start = time.perf_counter()
    extract_links(lines_of(text), 1)
    page_anchors(read_document("x\n\n" + text, "f.md"))
    assert time.perf_counter() - start < 2


# --- DocsTree -------------------------------------------------------------------------------------


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


FILES: dict[str, str | bytes] = {
    "index.md": "# Trang chủ\n\n[Hướng dẫn](huong-dan.md)\n",
    "index.en.md": "# Home\n\n[Guide](huong-dan.md)\n",
    "huong-dan.md": (
        "---\ntitle: Hướng dẫn\n---\n\n# Hướng dẫn\n\n## Mục một\n\n## Mục một\n\n## Riêng {#rieng}\n\n"
        '<a name="moc"></a>\n\nChú thích[^1].\n\n[^1]: Một.\n'
    ),
    "huong-dan.en.md": "# Guide\n\n## Part one\n",
    "chi-tieng-viet.md": "# Chỉ tiếng Việt\n",
    "sub/index.md": "# Mục con\n",
    "sub/trang.md": "# Tiêu đề\n\nNội dung.\n",
    "assets/hinh.png": b"png",
    "assets/anh.en.png": b"png",
    "assets/chung.png": b"png",
    "assets/chung.en.png": b"png",
    "assets/tai-lieu.pdf": b"pdf",
    "hong.md": "# Hỏng\n\nchữ cũ: ".encode() + b"\xe2\x28\xa1",
    "loi.md": "---\ntitle: [chưa đóng\n---\n# Lỗi\n",
    ".an/bi-mat.md": "# Ẩn\n",
    "templates/mau.md": "# Mẫu\n",
}


@pytest.fixture
def tree(tmp_path) -> DocsTree:
    return DocsTree(write_tree(tmp_path / "docs", FILES), ["vi", "en"], "vi", fallback=False)


def check(tree: DocsTree, page: str, target: str, kind: str = "link") -> str | None:
    return tree.check(page, Link(1, target, kind, False))  # type: ignore[arg-type]


@pytest.mark.parametrize(("target", "kind", "problem"), [
    ("../index.md", "link", None),
    ("../huong-dan.md", "link", None),
    ("../huong-dan.md#muc-mot", "link", None),
    ("../huong-dan.md#muc-mot_1", "link", None),
    ("../huong-dan.md#rieng", "link", None),
    ("../huong-dan.md#moc", "link", None),
    ("../huong-dan.md#fn:1", "link", None),
    ("../huong-dan.md#khong-co", "link", "missing-anchor"),
    ("../huong-dan.md#Muc-mot", "link", "missing-anchor"),
    ("#tieu-de", "link", None),
    ("#khong-co", "link", "missing-anchor"),
    ("trang.md?ban=in#tieu-de", "link", None),
    ("../huong%2Ddan.md#muc-mot", "link", None),
    ("", "link", None),
    ("?trang=2", "link", None),
    ("#", "link", None),
    ("../huong-dan.en.md", "link", "missing-page"),
    ("../khong-co.md", "link", "missing-page"),
    ("../assets/hinh.png", "image", None),
    ("../assets/khong-co.png", "image", "missing-image"),
    ("../assets/anh.png", "image", "missing-image"),
    ("../assets/tai-lieu.pdf", "link", None),
    ("../assets/tai-lieu.pdf#page=2", "link", None),
    ("../assets/khong-co.pdf", "link", "missing-file"),
    ("../trang.html", "link", "missing-file"),
    ("../../ngoai.md", "link", "outside"),
    ("../../../docs/index.md", "link", "outside"),
    ("/index.md", "link", "absolute"),
    ("\\index.md", "link", "absolute"),
    ("https://dangcongsan.vn/", "link", "external"),
    ("HTTP://X.VN", "link", "external"),
    ("mailto:ban@tuyengiao.vn", "link", "external"),
    ("tel:+84241234567", "link", "external"),
    ("//cdn.example/x.js", "link", "external"),
    ("../sub/", "link", "unrecognized"),
    ("../sub", "link", "unrecognized"),
    (".", "link", "unrecognized"),
    ("../huong-dan", "link", "unrecognized"),
    ("../hong.md#bat-ky", "link", None),
    ("../loi.md#bat-ky", "link", None),
    ("../.an/bi-mat.md", "link", "missing-page"),
    ("../templates/mau.md", "link", "missing-page"),
])
def test_links_of_a_vietnamese_page(tree, target, kind, problem):
    assert check(tree, "sub/trang.md", target, kind) == problem


@pytest.mark.parametrize(("target", "kind", "problem"), [
    ("huong-dan.md", "link", None),
    ("huong-dan.en.md", "link", None),
    ("huong-dan.md#part-one", "link", None),
    ("huong-dan.md#muc-mot", "link", "missing-anchor"),
    ("chi-tieng-viet.md", "link", "missing-page"),
    ("huong-dan.vi.md", "link", "missing-page"),
    ("index.md", "link", None),
    ("assets/anh.png", "image", None),
    ("assets/chung.png", "image", None),
    ("assets/hinh.png", "image", "missing-image"),
    ("assets/tai-lieu.pdf", "link", "missing-file"),
])
def test_links_of_an_english_page_stay_in_the_english_build(tree, target, kind, problem):
    assert check(tree, "index.en.md", target, kind) == problem


def test_an_english_page_resolves_to_the_english_file(tree):
    assert tree.resolve("index.en.md", "huong-dan.md#part-one") == "huong-dan.en.md"
    assert tree.resolve("index.en.md", "assets/chung.png") == "assets/chung.en.png"
    assert tree.resolve("index.md", "huong-dan.md") == "huong-dan.md"
    assert tree.resolve("index.md", "assets/chung.png") == "assets/chung.png"
    assert tree.resolve("index.en.md", "chi-tieng-viet.md") is None
    assert tree.resolve("index.md", "https://x.vn") is None


def test_with_fallback_the_english_build_borrows_vietnamese_files(tmp_path):
    tree = DocsTree(write_tree(tmp_path / "docs", FILES), ["vi", "en"], "vi", fallback=True)
    assert check(tree, "index.en.md", "chi-tieng-viet.md") is None
    assert check(tree, "index.en.md", "assets/hinh.png", "image") is None
    assert check(tree, "index.en.md", "huong-dan.md#part-one") is None


def test_english_link_to_a_vietnamese_only_page_is_explained(tree):
    link = Link(7, "chi-tieng-viet.md", "link", False)
    message = tree.explain("index.en.md", link, "missing-page")
    assert "'chi-tieng-viet.md'" in message and "tiếng Việt" in message and "'chi-tieng-viet.en.md'" in message


def test_check_page_reports_findings_in_vietnamese(tmp_path):
    docs = write_tree(tmp_path / "docs", {
        "a.md": (
            "# A\n\n[được](b.md#muc) [thiếu trang](c.md) [thiếu mục](b.md#khong)\n\n"
            '![thiếu ảnh](anh.png) <a href="html.md">html</a> [web](https://x.vn) [thư mục](thu-muc/)\n'
            "[gốc](/b.md)\n"
        ),
        "b.md": "# B\n\n## Mục\n",
    })
    findings = DocsTree(docs, ["vi", "en"], "vi").check_page("a.md")
    assert [(f.line, f.code, f.severity) for f in findings] == [
        (3, "link-missing-page", "error"),
        (3, "link-missing-anchor", "error"),
        (5, "link-missing-image", "error"),
        (5, "link-missing-page", "warning"),  # raw HTML: MkDocs does not check it, the page is broken all the same
        (5, "link-unrecognized", "error"),
        (6, "link-absolute", "error"),
    ]
    by_code = {f.code: f.message for f in findings}
    assert "'#khong'" in by_code["link-missing-anchor"] and "'b.md'" in by_code["link-missing-anchor"]
    assert "ví dụ 'b.md'" in by_code["link-absolute"]
    assert all(f.path == "a.md" for f in findings)


def test_missing_anchor_suggests_the_closest_one(tmp_path):
    docs = write_tree(tmp_path / "docs", {"a.md": "[x](b.md#cau-11)\n", "b.md": "## Câu 1. Một?\n\n## Câu 2. Hai?\n"})
    tree = DocsTree(docs, ["vi"], "vi")
    (finding,) = tree.check_page("a.md")
    assert "Có phải ý bạn là '#cau-1'?" in finding.message


def test_pages_are_read_lazily_once_and_anchors_are_cached(tree, monkeypatch):
    reads: list[str] = []
    original = DocsTree._read

    def counting(self, path):
        reads.append(path)
        return original(self, path)

    monkeypatch.setattr(DocsTree, "_read", counting)
    assert check(tree, "sub/trang.md", "../huong-dan.md#muc-mot") is None
    assert check(tree, "index.md", "huong-dan.md#rieng") is None
    assert reads == ["huong-dan.md"]
    assert tree.anchors("huong-dan.md") is tree.anchors("huong-dan.md")
    assert reads == ["huong-dan.md"]


def test_unreadable_pages_never_raise(tree):
    assert tree.anchors("hong.md") is None and tree.links("hong.md") == [] and tree.document("hong.md") is None
    assert tree.anchors("loi.md") is None and tree.document("loi.md") is None
    assert tree.anchors("khong-ton-tai.md") is None
    assert tree.check_page("hong.md") == []
    assert "hong.md" in tree.pages() and ".an/bi-mat.md" not in tree.pages()
    assert "templates/mau.md" not in tree.pages()


def test_a_tree_from_mkdocs_yml(tmp_path):
    write_tree(tmp_path / "noi-dung", {"index.md": "# x\n"})
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: noi-dung\nmarkdown_extensions:\n  - toc:\n"
        "      slugify: !!python/name:hoidap.booklet.heading_id\n"
        "extra:\n  secret: !ENV [SECRET, none]\n"
        "plugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - locale: en\n          name: English\n        - locale: vi\n          default: true\n",
        encoding="utf-8",
    )
    tree = DocsTree.from_config(tmp_path / "mkdocs.yml")
    assert (tree.docs_dir, tree.languages, tree.default, tree.fallback) == (
        tmp_path / "noi-dung", ["en", "vi"], "vi", True)
    assert tree.pages() == ["index.md"]


def test_the_project_tree_from_its_mkdocs_yml():
    tree = DocsTree.from_config(ROOT / "mkdocs.yml")
    assert (tree.docs_dir, tree.languages, tree.default, tree.fallback) == (ROOT / "docs", ["vi", "en"], "vi", False)
    problems = [f.format() for f in tree.check_all() if f.severity == "error"]
    assert problems == []


MKDOCS_YML = """\
site_name: Thử
docs_dir: docs
use_directory_urls: true
theme:
  name: mkdocs
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: false
      reconfigure_search: false
      languages:
        - locale: vi
          name: Tiếng Việt
          default: true
          build: true
        - locale: en
          name: English
          build: true
markdown_extensions:
  - toc:
      slugify: !!python/name:hoidap.booklet.heading_id
  - attr_list
  - md_in_html
  - footnotes
  - admonition
  - pymdownx.details
  - pymdownx.superfences
validation:
  omitted_files: info
  not_found: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""

_WARNING = re.compile(
    r"WARNING\s+-\s+Doc file '([^']+)' contains (?:a link|an unrecognized relative link|an absolute link) '([^']*)'"
)


def test_the_tree_finds_what_a_real_mkdocs_build_warns_about(tmp_path):
    pages = {
        "index.md": "# Trang chủ\n\n[b](b.md) [b en](b.en.md) [con](sub/) ![ảnh en](only.en.png) ![ảnh](only.png)\n",
        "index.en.md": (
            "# Home\n\n[b](b.md) [a](a.md#x) [a en](a.en.md#x) ![i](img.png) ![p](pic.png) ![o](only.png)\n"
            "[vi](b.vi.md) [index](index.md) [c](sub/c.md)\n"
        ),
        "a.md": "# A {#x}\n",
        "a.en.md": "# A {#x}\n",
        "b.md": "# B\n",
        "sub/c.md": (
            "# C\n\n[up](../index.md) [b](../b.md#b) [bad anchor](../b.md#nope) [self](#c) [self bad](#zz)\n"
            "[dir](../sub/) [out](../../x.md) [abs](/index.md) [q](../a.md?x=1#x) [pct](../a%2Ebad.md)\n"
            "[html](../page.html) [img](../img.png) ![missing](../nope.png) [pdf](../data.pdf)\n"
            "```\n[in code](nowhere.md)\n```\n"
        ),
        "img.png": b"png", "pic.png": b"png", "pic.en.png": b"png", "only.en.png": b"png", "data.pdf": b"pdf",
    }
    write_tree(tmp_path / "docs", pages)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    warned = set(_WARNING.findall(build.stderr + build.stdout))
    warned |= {(m[0], m[1]) for m in re.findall(r"Doc file '([^']+)' contains a link '([^']*)', but", build.stderr)}
    tree = DocsTree.from_config(tmp_path / "mkdocs.yml")
    mine = {(path, link.target) for path in tree.pages() for link in tree.links(path)
            if tree.check(path, link) not in (None, "external")}
    assert len(warned) == 16
    assert mine == warned


def test_external_urls_are_listed_with_where_they_are_linked(tmp_path):
    docs = write_tree(tmp_path / "docs", {"a.md": "[x](https://x.vn/a) <https://y.vn>\n\n[x lại](https://x.vn/a)\n"})
    assert DocsTree(docs).external_urls() == {
        "https://x.vn/a": [("a.md", 1), ("a.md", 3)],
        "https://y.vn": [("a.md", 1)],
    }


# --- speed ----------------------------------------------------------------------------------------

_WORDS = (
    "nghị quyết đảng bộ cán bộ đảng viên học tập quán triệt triển khai thực hiện nhiệm vụ giải pháp phát triển "
    "kinh tế xã hội nông nghiệp nông dân nông thôn khoa học công nghệ đổi mới sáng tạo chuyển đổi số chi bộ"
).split()


def synthetic_corpus(docs: Path, booklets: int, questions: int) -> int:
    """``booklets`` pages of ``questions`` questions; each answer links to another booklet's question and to
    the previous question; a tenth of them add an image, an autolink and a footnote. Returns the link count."""
    rng = random.Random(1)

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choices(_WORDS, k=rng.randint(low, high))).capitalize()

    write_tree(docs, {"assets/hinh.png": b"png"})
    links = 0
    for index in range(1, booklets + 1):
        front = {"title": f"Hỏi - đáp Nghị quyết số {index}-NQ/TW"}
        body = [f"---\n{yaml.safe_dump(front, allow_unicode=True)}---", sentence(15, 30) + "."]
        for number in range(1, questions + 1):
            if (number - 1) % 17 == 0:
                body.append(f"## Phần {(number - 1) // 17 + 1}. {sentence(3, 6)}")
            other = rng.randint(1, booklets)
            body.append(f"### Câu {number}. {sentence(6, 14)}?")
            body.append(
                f"{sentence(25, 45)} (xem [Câu {number}](../nhom-{(other - 1) // 50 + 1:02d}/nq-{other:05d}.md"
                f"#cau-{rng.randint(1, questions)}), [câu trước](#cau-{max(1, number - 1)})). {sentence(15, 30)} "
                f"`mã {number}`."
            )
            links += 2
            if number % 4 == 0:
                body.append("\n".join(f"- {sentence(5, 10)}." for _ in range(3)))
            if number % 10 == 0:
                body.append("![Hình](../../assets/hinh.png) <https://example.org/nq> [^1]")
                links += 2
        body.append("[^1]: Chú thích.")
        folder = docs / "nghi-quyet" / f"nhom-{(index - 1) // 50 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"nq-{index:05d}.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return links


def test_checking_200_booklets_of_50_questions_is_fast(tmp_path):
    docs = tmp_path / "docs"
    links = synthetic_corpus(docs, 200, 50)
    timings = []
    for _ in range(3):
        tree = DocsTree(docs, ["vi", "en"], "vi")
        start = time.perf_counter()
        tree.preload()  # reading: files decoded, front matter split
        read = time.perf_counter()
        findings = tree.check_all()
        timings.append((read - start, time.perf_counter() - read))
        assert findings == []
    reading, checking = min(timings, key=lambda pair: pair[1])
    print(f"\n200 booklets x 50 questions, {links} links: reading {reading:.3f} s, checking {checking:.3f} s")
    assert sum(len(tree.links(path)) for path in tree.pages()) == links
    assert checking < 0.6  # about 0.25 s on the 2-CPU machine of benchmarks/README.md


# --- external links -------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        self.server.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        if path == "/slow":
            time.sleep(1.5)
        status, location = {
            "/ok": (200, None), "/slow": (200, None), "/missing": (404, None), "/moved": (302, "/ok"),
            "/moved-away": (301, "/missing"), "/no-head": (405 if head else 200, None),
        }.get(path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if not head:
            self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on /slow


@pytest.fixture
def web(monkeypatch) -> Iterator[tuple[str, list]]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    server = _Server(("127.0.0.1", 0), _Handler)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.seen  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_external_links_are_checked_concurrently_with_reasons_in_vietnamese(web, tmp_path):
    base, seen = web
    urls = [f"{base}/ok", f"{base}/ok#muc", f"{base}/missing", f"{base}/moved", f"{base}/moved-away",
            f"{base}/no-head", f"{base}/slow", "http://nonexistent.invalid/", "mailto:ban@tuyengiao.vn"]
    start = time.perf_counter()
    results = external_links(urls, tmp_path / "cache.json", timeout=0.5, workers=8)
    assert time.perf_counter() - start < 1.5, "the slow address must not hold the others"
    assert results == {
        f"{base}/ok": None,
        f"{base}/ok#muc": None,
        f"{base}/missing": "không truy cập được: HTTP 404",
        f"{base}/moved": None,
        f"{base}/moved-away": "không truy cập được: HTTP 404",
        f"{base}/no-head": None,
        f"{base}/slow": "hết thời gian chờ",
        "http://nonexistent.invalid/": "không phân giải được tên miền",
        "mailto:ban@tuyengiao.vn": None,
    }
    assert ("GET", "/no-head") in {(method, path) for method, path, _ in seen}, "HEAD refused: GET instead"
    assert ("GET", "/missing") in {(method, path) for method, path, _ in seen}, "a 404 on HEAD is tried with GET"
    assert [path for method, path, _ in seen if method == "GET" and path == "/slow"] == [], "no GET after a timeout"
    assert len([path for _, path, _ in seen if path == "/ok"]) == 2, "once for both /ok URLs, once via /moved"
    assert all(agent.startswith("Mozilla/5.0") for _, _, agent in seen)


def test_external_results_are_cached_for_a_day_and_written_atomically(web, tmp_path):
    base, seen = web
    cache = tmp_path / "bo-nho" / "links.json"
    urls = [f"{base}/ok", f"{base}/missing"]
    first = external_links(urls, cache, timeout=2)
    requests = len(seen)
    assert external_links(urls, cache, timeout=2) == first
    assert len(seen) == requests, "fresh results come from the cache"
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored[f"{base}/ok"]["status"] == "ok"
    assert stored[f"{base}/missing"]["status"] == "không truy cập được: HTTP 404"
    assert "checked_at" in stored[f"{base}/ok"]
    assert [p.name for p in cache.parent.iterdir()] == ["links.json"], "no temporary file left behind"

    stored[f"{base}/ok"]["checked_at"] = "2000-01-01T00:00:00+00:00"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert external_links(urls, cache, timeout=2) == first
    assert [path for _, path, _ in seen[requests:]] == ["/ok"], "only the stale entry is checked again"


def test_a_broken_cache_file_is_ignored(web, tmp_path):
    base, _ = web
    cache = tmp_path / "links.json"
    cache.write_text("{không phải json", encoding="utf-8")
    assert external_links([f"{base}/ok"], cache, timeout=2) == {f"{base}/ok": None}
    assert json.loads(cache.read_text(encoding="utf-8"))[f"{base}/ok"]["status"] == "ok"
