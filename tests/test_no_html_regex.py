"""No regular expression reads HTML in the package: pages are changed on the Markdown tree or through lxml
(hoidap.site.page_dom). Every regex literal that looks like HTML is listed below with why it reads something else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "hoidap"
_REGEX_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
# An opening tag, a closing tag, a comment or a doctype; or an HTML attribute written with its quote.
_HTML_LIKE = re.compile(r"<(?:\((?:\?[:!=])?|\[)*[!/A-Za-z]|\b(?:id|class|href|src|lang|rel)=\\?[\"']")
_REGEX_SYNTAX = re.compile(r"\(\?(?:<[=!]|P<\w+>)")  # lookbehinds and named groups: not tags

# (module, where the regex is written: its constant or function): why it reads no HTML. Markdown source may
# hold raw HTML; these recognise it in the author's text exactly as Python-Markdown does, before any HTML exists.
ALLOWED = {
    ("block_rules", "_RAW_START"): "Markdown source: where a raw HTML block starts (Python-Markdown's rule)",
    ("block_rules", "_RAW_ANYWHERE"): "Markdown source: a quick test for any raw HTML block",
    ("block_rules", "_END_TAG"): "Markdown source: the closing tag of a raw HTML block an author wrote",
    ("block_rules", "_raw_end"): "Markdown source: the tags that close a raw HTML block (Python-Markdown)",
    ("inline_rules", "_COMMENT"): "Markdown source: comments an author wrote, masked before links are read",
    ("inline_rules", "AUTOLINK"): "Markdown source: an autolink <https://…>",
    ("inline_rules", "_TAG"): "Markdown source: inline raw HTML an author wrote, for its ids and names",
    ("raw_html", "_MAYBE"): "Markdown source: a quick test for raw HTML the sanitizer's check then reads",
}


def _strings(node: ast.AST) -> str | None:
    """The text of a string literal, an f-string (placeholders as ``{}``) or a concatenation of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left), _strings(node.right)
        return None if left is None or right is None else left + right
    return None


def _place(statement: ast.stmt) -> str:
    """The name a module-level statement defines: a constant, a function, a class."""
    if isinstance(statement, ast.Assign | ast.AnnAssign):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return next((t.id for t in targets if isinstance(t, ast.Name)), "")
    return getattr(statement, "name", "")


def regex_literals(path: Path) -> list[tuple[str, int, str]]:
    """(where, line, pattern) of each regex whose pattern is written in ``path`` as a literal."""
    found = []
    for statement in ast.parse(path.read_text(encoding="utf-8")).body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _REGEX_CALLS \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
                pattern = _strings(node.args[0])
                if pattern is not None:
                    found.append((_place(statement), node.lineno, pattern))
    return found


def html_like(pattern: str) -> bool:
    return _HTML_LIKE.search(_REGEX_SYNTAX.sub("", pattern)) is not None


def html_regexes() -> list[tuple[str, str, int, str]]:
    """(module, where, line, pattern) of every regex in the package that looks like it reads HTML."""
    return [(path.stem, where, line, pattern) for path in sorted(PACKAGE.rglob("*.py"))
            for where, line, pattern in regex_literals(path) if html_like(pattern)]


def test_no_regex_reads_html():
    unexplained = [f"scripts/hoidap/{module}.py:{line} ({where}): {pattern!r}"
                   for module, where, line, pattern in html_regexes() if (module, where) not in ALLOWED]
    assert not unexplained, ("regex over HTML (use hoidap.site.page_dom or the Markdown tree):\n"
                             + "\n".join(unexplained))


def test_every_allowance_is_still_needed():
    assert set(ALLOWED) <= {(module, where) for module, where, _, _ in html_regexes()}


def test_the_scan_catches_a_regex_over_html(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import re\nA = re.compile(r\'<h([1-6])[^>]*\\bid="([^"]+)"\')\nB = re.sub("<p>", "", x)\n'
                      'C = re.compile(r"\\d+")\n', encoding="utf-8")
    assert [(where, pattern) for where, _, pattern in regex_literals(sample) if html_like(pattern)] == \
        [("A", '<h([1-6])[^>]*\\bid="([^"]+)"'), ("B", "<p>")]
    assert not html_like(r"(?<![\w@])(?P<name>\d+)") and html_like(r"<(?!https?://)[a-z/!?]")
