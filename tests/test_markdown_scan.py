"""Markdown scanning (hoidap.model.blocks): link extraction against Python-Markdown, the flat-page shortcut,
robustness."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable

import markdown
import pytest
from conftest import ROOT, script
from hoidap.model.anchors import heading_anchors, page_anchors
from hoidap.model.blocks import Blocks
from hoidap.model.booklet import read_document
from hoidap.model.findings import BookletError
from hoidap.model.frontmatter import lines_of
from hoidap.model.siteconfig import markdown_extensions
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor


def extract_links(lines: list[str], first_line: int):
    return Blocks(lines, first_line).links


def found(text: str, first_line: int = 1) -> list[tuple[int, str, str, bool]]:
    return [(link.line, link.target, link.kind, link.html) for link in extract_links(lines_of(text), first_line)]


def targets(text: str) -> list[str]:
    return [link.target for link in extract_links(lines_of(text), 1)]



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
    """The site's markdown_extensions, read from mkdocs.yml (the one reader of them)."""
    names, configs = markdown_extensions(ROOT / "mkdocs.yml")
    return list(names), configs


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


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
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


_FLAT_LINES = st.sampled_from([
    "", "", "Đoạn văn [liên kết](a.md).", "chữ `mã` chữ", "## Câu 1. Hỏi?", "# Tiêu đề", "### C# ##", "#bám sát",
    "- mục", "- mục [x](y.md)", "1. một", "2024 là năm", "*nhấn* mạnh", "[đầu dòng](z.md) là liên kết",
    "[r]: dinh-nghia.md", "[^1]: chú thích", "![ảnh](p.png)", "=x", "\\# không phải tiêu đề", "- - -", "---",
    "===", "    thụt lề", "> trích", "!!! note", "| a |", "<div>", "- ## trong mục", "[^2]: - danh sách",
    "* sao", "+ cộng", "3. ba", "[^3]: ba", "[s]: s.md",
])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_FLAT_LINES, max_size=16))
def test_the_flat_page_shortcut_agrees_with_the_full_block_walk(lines):
    """White box: hoidap.model.block_rules reads flat pages (the usual booklet) in one loop; it must agree with
    the full walk. Only pages the shortcut takes count as examples (about a third of those drawn)."""
    from hoidap.model import block_rules as module

    flat = module.BlockPass([False] * len(lines), [False] * len(lines), [False] * len(lines))
    assume(module._flat_walk(lines, flat))
    full = module.BlockPass([False] * len(lines), [False] * len(lines), [False] * len(lines))
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


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
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


BENCH = script("bench_checks")
PATHOLOGICAL = BENCH.pathological


def operations(work: Callable[[], object]) -> int:
    """How many Python lines and calls (C functions such as a regex's search included) ``work()`` runs: a
    measure of work that, unlike a clock, the machine's load cannot change. hoidap's caches are emptied first."""
    BENCH.clear_caches()
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    def profile(frame, event, arg):
        nonlocal count
        count += event == "c_call"

    previous = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.settrace(previous[0])
        sys.setprofile(previous[1])
    return count


def scan(text: str) -> None:
    extract_links(lines_of(text), 1)
    page_anchors(read_document("x\n\n" + text, "f.md"))


@pytest.mark.parametrize("name", list(PATHOLOGICAL(100)))
def test_pathological_pages_take_work_in_proportion_to_their_length(name):
    """Unclosed brackets, long runs, deep nesting: four times the text costs at most five times the work
    (a scanner that goes back over the text would cost sixteen). The regex engine's own steps are not seen
    here; scripts/bench_checks.py times the whole (benchmarks/checks.md)."""
    scan("# Trang\n\n[a](b.md) `c` <div>\n</div>\n")  # first-use work (imports, compiled patterns) out of the way
    small, large = PATHOLOGICAL(1000)[name], PATHOLOGICAL(4000)[name]
    assert len(large) >= 3.9 * len(small)
    work = operations(lambda: scan(small)), operations(lambda: scan(large))
    assert work[1] <= 5 * work[0], f"{name}: {work[0]} operations for {len(small)} characters, {work[1]} for 4×"
    scan(PATHOLOGICAL(20000)[name])  # and the full-size page goes through (deep nesting, no recursion error)


# Crafted pages that made a step of the scan (or of the nesting measure) quadratic: each unit repeated n and
# 4n times must cost about four times as much work, not sixteen (counted operations, not a clock).
_GROWING = {
    "nested quotes": (5000, lambda n: ["> " * n + "a"]),
    "open brackets": (5000, lambda n: ["[" * n]),
    "unclosed link destinations": (300, lambda n: ["[a](" * n]),
    "unclosed parentheses": (300, lambda n: ["[a]((" * n]),
    "reference labels": (500, lambda n: ["[a][" * n]),
    "braces": (20000, lambda n: ["{" * n]),
    "ids after emphasis": (3000, lambda n: ["*a*{#x} " * n]),
    "footnote marks": (5000, lambda n: ["[^" * n, "", "[^a]: b"]),
    "same heading": (3000, lambda n: ["# a"] * n),
    "footnote lines": (3000, lambda n: ["[^a]: b"] * n),
    "alternating admonitions": (1000, lambda n: ["    " * (i % 15) + "!!! note" for i in range(n)]),
    "heading links": (300, lambda n: ["# " + "[a](" * n]),
    "heading brackets": (1000, lambda n: ["# " + "[" * n]),
    "markdown divs": (300, lambda n: ["<div markdown>", ""] * n),
    "headings under paragraphs": (1000, lambda n: ["a", "# x"] * n),
    "headings in footnotes": (1000, lambda n: [f"[^{k}]: # x" for k in range(n)]),
    "fences after indented code": (500, lambda n: ["    a", "```", "# x", "```"] * n),
}


@pytest.mark.parametrize("name", _GROWING)
def test_the_scan_grows_linearly_on_crafted_pages(name):
    size, make = _GROWING[name]
    def anchors(lines: list[str]) -> Callable[[], object]:
        return lambda: page_anchors(read_document("x\n\n" + "\n".join(lines), "f.md"))
    anchors(make(8))()  # first-use work out of the way
    small, large = operations(anchors(make(size))), operations(anchors(make(4 * size)))
    assert large <= 8 * small, f"{name}: {small} operations for n, {large} for 4n"  # quadratic: 16
