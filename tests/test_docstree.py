"""DocsTree: MkDocs + i18n resolution of links, anchors and images, findings in Vietnamese, speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, script
from hoidap.model.blocks import Link
from hoidap.model.docstree import DocsTree

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


def test_translations_name_the_languages_that_build_a_page(tmp_path, tree):
    assert tree.translations("huong-dan.md") == tree.translations("huong-dan.en.md") == {"vi", "en"}
    assert tree.translations("chi-tieng-viet.md") == {"vi"}
    assert tree.translations("sub/trang.md") == {"vi"}
    assert tree.translations("assets/hinh.png") == frozenset()
    fallback = DocsTree(write_tree(tmp_path / "other", FILES), ["vi", "en"], "vi", fallback=True)
    assert fallback.translations("chi-tieng-viet.md") == {"vi", "en"}  # the English build shows the Vietnamese page


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
        "      slugify: !!python/name:hoidap.model.booklet.heading_id\n"
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
      slugify: !!python/name:hoidap.model.booklet.heading_id
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


# --- work done per page --------------------------------------------------------------------------------
# How long checking takes is measured by scripts/bench_checks.py (benchmarks/checks.md); here, without a
# clock, that the work grows with the pages, not with the links: each page is read and scanned once, each
# linked page's anchors computed once, each link target resolved once per folder, no booklet model built.


def test_checking_reads_and_parses_each_page_once_however_many_links_point_to_it(tmp_path, monkeypatch):
    import hoidap.model.blocks as blocks
    import hoidap.model.docstree as module

    docs = tmp_path / "docs"
    links = script("bench_checks").synthetic_corpus(docs, 40, 50)
    calls: dict[str, list[str]] = {"read": [], "scan": [], "links": [], "model": [], "resolve": []}

    def counted(name: str, function, key=lambda *args: args):
        def wrapper(*args, **kwargs):
            calls[name].append(key(*args))
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(DocsTree, "_read", counted("read", DocsTree._read, lambda self, path: path))
    monkeypatch.setattr(blocks, "scan_blocks", counted("scan", blocks.scan_blocks))
    monkeypatch.setattr(blocks, "analyse", counted("links", blocks.analyse))
    monkeypatch.setattr(module, "read_document", counted("model", module.read_document))
    monkeypatch.setattr(DocsTree, "_target_uri", staticmethod(counted(
        "resolve", DocsTree._target_uri, lambda page, path: (page.rpartition("/")[0], path))))

    tree = DocsTree(docs, ["vi", "en"], "vi")
    assert tree.check_all() == []
    pages = tree.pages()
    assert len(pages) == 40 and sum(len(tree.links(path)) for path in pages) == links > 4000
    assert sorted(calls["read"]) == pages
    assert len(calls["model"]) == len(pages)  # one document per page, its blocks scanned once
    assert len(calls["scan"]) == len(pages)
    assert len(calls["links"]) == len(pages)  # the inline pass (links and anchors), once per page
    targets = {(path.rpartition("/")[0], link.target.partition("#")[0]) for path in pages
               for link in tree.links(path) if link.target.partition("#")[0] and "://" not in link.target}
    assert sorted(calls["resolve"]) == sorted(targets), "each target resolved once per folder"
