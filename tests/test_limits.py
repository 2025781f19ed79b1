"""Bounded resources: pages nested too deeply and front matter that would expand are refused, by the checker
and by the build before Python-Markdown runs, with a Vietnamese message naming the file and the line."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from hoidap.checking.checks import Settings, check, load
from hoidap.model.docstree import DocsTree
from hoidap.model.nesting import MAX_BLOCKS, MAX_INLINE

FRONT = """---
title: "Hỏi - đáp thử"
resolution:
  number: "19-NQ/TW"
  name: "về nông nghiệp"
  issuer: "Ban Chấp hành Trung ương"
  issued: 2022-06-16
level: trung-uong
compiled_by: "Ban Tuyên giáo"
updated: 2022-07-01
---

## Câu 1. Nghị quyết do cơ quan nào ban hành?

Ban Chấp hành Trung ương.

"""
FIRST = FRONT.count("\n") + 1  # the file line of the first line appended to FRONT
BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
title: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---

Một trang bình thường: its title, once printed, is 387 million "lol" (the build used to reach 4 GB).
"""


def lists(depth: int) -> str:
    return "\n".join("    " * level + "- ý" for level in range(depth)) + "\n"


def quotes(depth: int) -> str:
    return "> " * depth + "Trích dẫn.\n"


def divs(depth: int) -> str:
    return "<div markdown>\n\n" * depth + "Nội dung.\n\n" + "</div>\n\n" * depth


def admonitions(depth: int) -> str:
    return "".join("    " * level + "!!! note\n\n" for level in range(depth)) + "    " * depth + "Ghi chú.\n"


def emphasis(depth: int) -> str:
    return "*chữ " * depth + "giữa" + " chữ*" * depth + "\n"


def strong(depth: int) -> str:
    return "**chữ " * depth + "giữa" + " chữ**" * depth + "\n"


def stars(depth: int) -> str:
    return "*" * (2 * depth) + "giữa" + "*" * (2 * depth) + "\n"  # a run of two stars is one level


def brackets(depth: int) -> str:
    return "[" * depth + "chữ" + "]" * depth + "\n"


# (body at a depth, the line of the body where the first level over the limit shows)
CASES = {
    "lists": (lists, lambda depth: depth),
    "quotes": (quotes, lambda depth: 1),
    "divs": (divs, lambda depth: 2 * depth - 1),
    "admonitions": (admonitions, lambda depth: 2 * depth + 1),
    "emphasis": (emphasis, lambda depth: 1),
    "strong": (strong, lambda depth: 1),
    "stars": (stars, lambda depth: 1),
    "brackets": (brackets, lambda depth: 1),
}

BLOCKS = ("lists", "quotes", "divs", "admonitions")


def findings_of(tmp_path: Path, text: str, name: str = "nghi-quyet/trung-uong/sau.md"):
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path / "docs", name), DocsTree(tmp_path / "docs", ["vi"], "vi"), Settings())
    return findings


@pytest.mark.parametrize("kind", CASES)
def test_nesting_over_the_limit_is_an_error_at_its_line(tmp_path, kind):
    body, line = CASES[kind]
    depth = (MAX_BLOCKS if kind in BLOCKS else MAX_INLINE) + 1
    found = [f for f in findings_of(tmp_path, FRONT + body(depth)) if f.code == "nesting"]
    assert len(found) == 1 and found[0].severity == "error", [f.format() for f in found]
    assert found[0].line == FIRST + line(depth) - 1, found[0].format()
    assert "tầng" in found[0].message and "quá giới hạn" in found[0].message


@pytest.mark.parametrize("kind", CASES)
def test_nesting_at_the_limit_is_fine(tmp_path, kind):
    body, _ = CASES[kind]
    limit = MAX_BLOCKS if kind in BLOCKS else MAX_INLINE
    assert not [f for f in findings_of(tmp_path, FRONT + body(limit)) if f.code == "nesting"]


def test_thousands_of_levels_are_one_finding(tmp_path):
    found = findings_of(tmp_path, FRONT + lists(3000) + "\n" + emphasis(3000) + "\n" + divs(3000))
    assert sorted(f.line for f in found if f.code == "nesting") == [FIRST + MAX_BLOCKS, FIRST + 3001]


def test_code_and_escapes_are_not_nesting(tmp_path):
    body = ("```\n" + lists(40) + "```\n\n" + "`" + "<div>" * 40 + "`\n\n" + "\\*" * 40 + "chữ" + "\\*" * 40 + "\n\n"
            + "- - - - - - - - - - - - - - - - - - - - - - - - -\n\n" + "a_b_" * 40 + "\n")
    assert not [f for f in findings_of(tmp_path, FRONT + body) if f.code == "nesting"]


def test_a_yaml_alias_is_refused_in_any_page(tmp_path):
    found = findings_of(tmp_path, BOMB, "trang.md")
    assert [(f.line, f.code) for f in found] == [(3, "front-matter")], [f.format() for f in found]
    assert "'*a'" in found[0].message and "ngoặc kép" in found[0].message


def test_front_matter_is_bounded_in_size_and_depth(tmp_path):
    big = findings_of(tmp_path, "---\ntitle: '" + "x" * 70_000 + "'\n---\n\nChữ.\n", "to.md")
    assert [(f.line, f.code) for f in big] == [(1, "front-matter")] and "64 KB" in big[0].message
    deep = findings_of(tmp_path, "---\ntitle: x\nsau: " + "[" * 30 + "]" * 30 + "\n---\n\nChữ.\n", "sau.md")
    assert [(f.line, f.code) for f in deep] == [(3, "front-matter")] and "20 tầng" in deep[0].message


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command as a board would, its address space capped at 1 GiB."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                          preexec_fn=_limit_memory)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The project with a YAML bomb in an ordinary page and booklets nested thousands of levels deep."""
    project = copy_project(tmp_path_factory.mktemp("limits") / "project")
    (project / "docs" / "trang-bom.md").write_text(BOMB, encoding="utf-8")
    folder = project / "docs" / "nghi-quyet" / "trung-uong"
    (folder / "danh-sach.md").write_text(FRONT + lists(3000), encoding="utf-8")
    (folder / "nhan-manh.md").write_text(FRONT + emphasis(3000), encoding="utf-8")
    (folder / "khoi.md").write_text(FRONT + divs(3000), encoding="utf-8")
    return project


def test_the_checker_refuses_them_within_one_gib(hostile):
    result = _run([sys.executable, str(ROOT / "scripts" / "check.py"), "--config", str(hostile / "mkdocs.yml")],
                  hostile)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "trang-bom.md:3: front-matter:" in result.stdout
    assert f"danh-sach.md:{FIRST + MAX_BLOCKS}: nesting:" in result.stdout
    assert f"nhan-manh.md:{FIRST}: nesting:" in result.stdout
    assert f"khoi.md:{FIRST + 2 * MAX_BLOCKS}: nesting:" in result.stdout


def test_the_build_refuses_them_before_markdown_within_one_gib(hostile, tmp_path):
    result = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                  hostile)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "RecursionError" not in output
    assert "trang-bom.md:3: front-matter: phần thông tin đầu trang dùng bí danh YAML '*a'" in output
    assert f"danh-sach.md:{FIRST + MAX_BLOCKS}: nesting: nội dung lồng nhau" in output
    assert f"nhan-manh.md:{FIRST}: nesting: chữ đậm, chữ nghiêng" in output
    assert "Dừng dựng trang: 4 lỗi trong tài liệu" in output
    assert not (tmp_path / "site" / "index.html").exists()  # stopped before any page was written


BOOM = '''
"""A Markdown extension that recurses without end on a page saying BOOM: a stand-in for nesting the
checks do not foresee."""
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


def down(depth):
    return down(depth + 1) + 1


class Boom(Treeprocessor):
    def run(self, root):
        if "BOOM" in "".join(root.itertext()):
            down(0)


class BoomExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(Boom(md), "boom", 1)


def makeExtension(**kwargs):
    return BoomExtension(**kwargs)
'''


def test_a_recursion_error_while_a_page_converts_names_the_page(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "boom.py").write_text(textwrap.dedent(BOOM), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - boom\n"), encoding="utf-8")
    (project / "docs" / "no.md").write_text("# Trang nổ\n\nBOOM\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "no.md: trang này lồng nhau quá sâu, chương trình dựng trang không chuyển được (RecursionError)" in output
