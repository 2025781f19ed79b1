"""The authoring guide's examples are the checker's fixtures: each wrong example gives exactly its rule's
code, each right example gives nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from hoidap.checking.checker import check_sources, load_tree
from hoidap.checking.checks import Settings, check, load
from hoidap.checking.site_address import sample_site_url
from hoidap.model import siteconfig
from hoidap.model.codes import CODES
from hoidap.model.docstree import DocsTree

GUIDE = ROOT / "docs/huong-dan/soan-tai-lieu.md"
EXAMPLE = "nghi-quyet/trung-uong/vi-du.md"
BASE = """---
title: "Hỏi - đáp thử"
resolution:
  number: "19-NQ/TW"
  name: "về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"
  issuer: "Ban Chấp hành Trung ương"
  issued: 2022-06-16
  term: "XIII"
level: trung-uong
compiled_by: "Ban Tuyên giáo"
updated: 2022-07-01
---

Lời giới thiệu.
"""
_RULE = re.compile(r"### Quy tắc (\d+)\. ")
_EXAMPLE = re.compile(r"^\*\*(Sai|Đúng):?\*\*([^\n]*)\n\n```(\w+)\n(.*?)\n```", re.MULTILINE | re.DOTALL)
_ESCAPE = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩")


def rules() -> list[tuple[int, str, str, str, str]]:
    """(rule number, code, 'Sai'/'Đúng', fence language, example) for every example in the guide; the language
    of a Markdown example labelled "(cả tệp…)" is ``file``: it is the whole file, front matter and all."""
    found = []
    for number, block in rule_blocks(GUIDE.read_text(encoding="utf-8")):
        code = re.search(r"Mã kiểm tra: `([a-z-]+)`", block).group(1)
        for kind, label, language, example in _EXAMPLE.findall(block):
            if language == "markdown" and label.strip().startswith("(cả tệp"):
                language = "file"
            found.append((number, code, kind, language, _ESCAPE.sub(
                lambda m: chr(int(m.group(1), 16)), example)))
    return found


def rule_blocks(guide: str) -> list[tuple[int, str]]:
    """(number, text) of each "### Quy tắc N." section, up to the next rule or "## " heading outside code
    (examples may hold a "## Trắc nghiệm" heading inside their fence)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    fenced = False
    for line in guide.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        rule = None if fenced else _RULE.match(line)
        if rule or (not fenced and line.startswith("## ")):
            current = [line] if rule else None
            if rule:
                blocks.append((int(rule.group(1)), current))
            continue
        if current is not None:
            current.append(line)
    return [(number, "\n".join(lines)) for number, lines in blocks]


def booklet_with(language: str, example: str) -> str:
    """The base booklet with a YAML example merged into its front matter, or a Markdown example appended; a
    whole-file example as it is."""
    if language == "file":
        return example + "\n"
    if language == "markdown":
        return BASE + "\n" + example + "\n"
    lines = BASE.split("\n")
    for line in example.split("\n"):
        key = line.strip().split(":", 1)[0]
        for index, base in enumerate(lines[1:12], 1):
            if base.strip().split(":", 1)[0] == key:
                lines[index] = line
                break
        else:
            lines.insert(11, line)
    return "\n".join(lines)


def test_every_code_has_a_rule_with_wrong_and_right_examples():
    found = rules()
    assert {code for _, code, _, _, _ in found} == set(CODES)
    for code in CODES:
        kinds = {kind for _, c, kind, _, _ in found if c == code}
        assert kinds == {"Sai", "Đúng"}, code
    assert [n for n, *_ in found] == sorted(n for n, *_ in found)


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "docs", folder, dirs_exist_ok=True)
    return folder


CHECKED = [r for r in rules() if r[3] in ("markdown", "yaml", "file") and CODES[r[1]].scope == "booklet"]
TREE = [r for r in rules() if CODES[r[1]].scope == "docs"]
SITE = [r for r in rules() if CODES[r[1]].scope == "site"]


@pytest.mark.parametrize(("rule", "code", "kind", "language", "example"), CHECKED,
                         ids=[f"quy-tac-{r[0]}-{r[2]}-{i}" for i, r in enumerate(CHECKED)])
def test_example(docs, rule, code, kind, language, example):
    (docs / EXAMPLE).write_text(booklet_with(language, example), encoding="utf-8")
    findings, _ = check(load(docs, EXAMPLE), DocsTree(docs, ["vi", "en"], "vi"), Settings())
    codes = {f.code for f in findings}
    if kind == "Sai":
        assert codes == {code}, [f.format() for f in findings]
    else:
        assert not findings, [f.format() for f in findings]


@pytest.mark.parametrize(("rule", "code", "kind", "language", "example"), TREE,
                         ids=[f"quy-tac-{r[0]}-{r[2]}-{i}" for i, r in enumerate(TREE)])
def test_tree_example(docs, rule, code, kind, language, example):
    """A rule across the booklets: the example beside the kit's sample booklets, the whole docs tree checked."""
    (docs / EXAMPLE).write_text(booklet_with(language, example), encoding="utf-8")
    report = check_sources(load_tree(docs), DocsTree(docs, ["vi", "en"], "vi"), Settings())
    findings = [f for f in report.findings if f.path == EXAMPLE]
    if kind == "Sai":
        assert {f.code for f in findings} == {code}, [f.format() for f in findings]
    else:
        assert not findings, [f.format() for f in findings]


@pytest.mark.parametrize(("rule", "code", "kind", "language", "example"), SITE,
                         ids=[f"quy-tac-{r[0]}-{r[2]}-{i}" for i, r in enumerate(SITE)])
def test_site_example(tmp_path, rule, code, kind, language, example):
    """A rule about mkdocs.yml: its example replaces the same lines of the kit's mkdocs.yml."""
    assert language == "yaml"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for line in example.split("\n"):
        key = line.split(":", 1)[0]
        config = re.sub(rf"(?m)^{re.escape(key)}:.*$", lambda _, line=line: line, config)
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    found = sample_site_url(siteconfig.read(path), path)
    if kind == "Sai":
        assert found is not None and found.code == code and found.line == config.split("\n").index(example) + 1
    else:
        assert found is None
