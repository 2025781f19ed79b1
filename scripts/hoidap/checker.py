"""Run the checks over a docs tree: the one entry point for scripts/check.py and the build hook."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from hoidap.checks import Settings, Source, check, load
from hoidap.docstree import DocsTree
from hoidap.findings import Finding
from hoidap.frontmatter import lines_of


def markdown_files(docs_dir: Path) -> list[str]:
    """Every Markdown file under ``docs_dir``, as sorted docs-relative POSIX paths."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file())


@dataclass
class Report:
    """The sources read, their findings (sorted) and the external URLs they link to."""

    sources: dict[str, Source] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    external: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    checked: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def check_tree(docs_dir: Path, languages: list[str], default: str, settings: Settings,
               paths: list[str] | None = None, workers: int = 1, fallback: bool = False) -> Report:
    """Check ``paths`` (docs-relative; default every Markdown file) of the docs tree at ``docs_dir``.

    With ``workers`` > 1 and a large tree, files are checked in that many processes and the report
    carries findings only (``sources`` stays empty): the command line's mode, not the build's.
    """
    paths = paths if paths is not None else markdown_files(docs_dir)
    if workers > 1 and len(paths) >= 64:
        chunks = [paths[index::workers] for index in range(workers)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            jobs = [(docs_dir, languages, default, settings, chunk, 1, fallback) for chunk in chunks]
            parts = list(pool.map(_check_chunk, jobs))
        report = Report(checked=len(paths))
        for part in parts:
            report.findings += part.findings
            for url, places in part.external.items():
                report.external.setdefault(url, []).extend(places)
        report.findings.sort()
        return report
    tree = DocsTree(docs_dir, list(languages), default, fallback=fallback)
    return check_sources(load_tree(docs_dir, paths), tree, settings)


def load_tree(docs_dir: Path, paths: list[str] | None = None) -> dict[str, Source]:
    """Read and parse ``paths`` (default every Markdown file): what the build needs before any check."""
    return {path: load(docs_dir, path) for path in (paths if paths is not None else markdown_files(docs_dir))}


def check_sources(sources: dict[str, Source], tree: DocsTree, settings: Settings) -> Report:
    """Run every check on sources already loaded (and hand them to ``tree``, which reads no page twice); the
    report keeps the sources."""
    report = Report(sources=sources, checked=len(sources))
    for path, source in sources.items():
        tree.add(path, source.text, source.document)
    for path, source in sources.items():
        findings, external = check(source, tree, settings)
        report.findings.extend(findings)
        for url in external:
            report.external.setdefault(url, []).append((path, _line_of(source, url)))
    report.findings.sort()
    return report


def _check_chunk(job: tuple) -> Report:
    report = check_tree(*job)
    report.sources = {}
    return report


def _line_of(source: Source, url: str) -> int:
    if source.text:
        for number, line in enumerate(lines_of(source.text.lstrip("\ufeff")), 1):
            if url in line:
                return number
    return 1
