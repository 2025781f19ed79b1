"""Page anchors: heading ids and every id of a page, against Python-Markdown's toc and MkDocs."""

from __future__ import annotations

import markdown
from conftest import ROOT
from hoidap.model.anchors import heading_anchors, page_anchors
from hoidap.model.booklet import read_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import Treeprocessor
from mkdocs.structure.pages import _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor
from test_markdown_scan import EXTENSIONS

DOCS = ROOT / "docs"


def document(text: str, path: str = "page.md"):
    return read_document(text, path)


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
