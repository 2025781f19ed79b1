"""Run the checks over a docs tree: the one entry point for scripts/check.py and the build hook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hoidap.checks import Settings, Source, check, load
from hoidap.findings import Finding
from hoidap.links import DocsTree


def markdown_files(docs_dir: Path) -> list[str]:
    """Every Markdown file under ``docs_dir``, as sorted docs-relative POSIX paths."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file())


@dataclass
class Report:
    """The sources read, their findings (sorted) and the external URLs they link to."""

    sources: dict[str, Source] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    external: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def check_tree(docs_dir: Path, languages: list[str], default: str, settings: Settings,
               paths: list[str] | None = None) -> Report:
    """Check ``paths`` (docs-relative; default every Markdown file) of the docs tree at ``docs_dir``."""
    tree = DocsTree(docs_dir, list(languages), default)
    report = Report()
    for path in paths if paths is not None else markdown_files(docs_dir):
        source = load(docs_dir, path)
        report.sources[path] = source
        findings, external = check(source, tree, settings)
        report.findings.extend(findings)
        for url in external:
            report.external.setdefault(url, []).append((path, _line_of(source, url)))
    report.findings.sort()
    return report


def _line_of(source: Source, url: str) -> int:
    if source.text:
        for number, line in enumerate(source.text.splitlines(), 1):
            if url in line:
                return number
    return 1
