"""The checker on a draft the editor is about to save, in the docs tree as it is on disk (links, duplicates)."""

from __future__ import annotations

from hoidap.checking.checker import check_sources, load_tree
from hoidap.checking.checks import Settings, source_of
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import Finding
from hoidap.model.siteconfig import SiteConfig


def check_draft(site: SiteConfig, path: str, text: str) -> list[Finding]:
    """The checker's findings on docs-relative ``path`` if it held ``text`` (every other file as on disk)."""
    sources = load_tree(site.docs_dir)
    sources[path] = source_of(path, text.lstrip("\ufeff"))
    tree = DocsTree(site.docs_dir, list(site.languages), site.default_language, fallback=site.fallback)
    report = check_sources(sources, tree, Settings(tone_style=site.tone_style))
    return [finding for finding in report.findings if finding.path == path]


def refusal(path: str, findings: list[Finding]) -> str:
    """Why a save is refused: the checker's errors on ``path``, one a line with its line number."""
    errors = [finding for finding in findings if finding.severity == "error"]
    lines = [f"{path} còn {len(errors)} lỗi nên chưa được ghi; sửa rồi lưu lại:"]
    lines += [f"• dòng {finding.line}: {finding.message}" for finding in errors]
    return "\n".join(lines)
