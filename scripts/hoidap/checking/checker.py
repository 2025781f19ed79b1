"""Run the checks over a docs tree: the one entry point for scripts/check.py, the build and the plugin.

The build (hoidap.publishing.site_build) checks once, in its own process, then runs MkDocs with ``CHECKED`` set to the
fingerprint of what it checked when no error was found; the plugin skips its own run of the checks when the
sources it reads have that same fingerprint, and checks them otherwise (``mkdocs build`` or ``serve`` alone).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from hoidap.checking.checks import BookletKey, Settings, Source, booklet_key, check, check_duplicates, load
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import Finding
from hoidap.model.frontmatter import lines_of

CHECKED = "HOIDAP_CHECKED"  # environment variable: the fingerprint of sources checked without error


def markdown_files(docs_dir: Path) -> list[str]:
    """Every Markdown file under ``docs_dir``, as sorted docs-relative POSIX paths."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file())


@dataclass
class Report:
    """The sources read, their findings (sorted) and the external URLs they link to."""

    sources: dict[str, Source] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # each file's text as checked (see fingerprint)
    findings: list[Finding] = field(default_factory=list)
    external: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    checked: int = 0
    booklets: list[tuple[BookletKey, str, int]] = field(default_factory=list)  # for check_duplicates

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
            report.digests.update(part.digests)
            report.findings += part.findings
            report.booklets += part.booklets
            for url, places in part.external.items():
                report.external.setdefault(url, []).extend(places)
        report.findings += check_duplicates(report.booklets)
        report.findings.sort()
        return report
    tree = DocsTree(docs_dir, list(languages), default, fallback=fallback)
    return check_sources(load_tree(docs_dir, paths), tree, settings)


def load_tree(docs_dir: Path, paths: list[str] | None = None) -> dict[str, Source]:
    """Read and parse ``paths`` (default every Markdown file): what the build needs before any check."""
    return {path: load(docs_dir, path) for path in (paths if paths is not None else markdown_files(docs_dir))}


def check_sources(sources: dict[str, Source], tree: DocsTree, settings: Settings) -> Report:
    """Run every check on sources already loaded (and hand them to ``tree``, which reads no page twice), each
    file's and those across files; the report keeps the sources."""
    report = _check_each(sources, tree, settings)
    report.findings += check_duplicates(report.booklets)
    report.findings.sort()
    return report


def _check_each(sources: dict[str, Source], tree: DocsTree, settings: Settings) -> Report:
    """The checks of each file, and what the checks across files need (``booklets``)."""
    report = Report(sources=sources, digests=digests(sources), checked=len(sources))
    for path, source in sources.items():
        tree.add(path, source.text, source.document)
    for path, source in sources.items():
        findings, external = check(source, tree, settings)
        report.findings.extend(findings)
        for url in external:
            report.external.setdefault(url, []).append((path, _line_of(source, url)))
        key = booklet_key(source, tree)
        if key is not None:
            report.booklets.append((key[0], path, key[1]))
    return report


def digests(sources: dict[str, Source]) -> dict[str, str]:
    """Each source's text as read (None when unreadable), as a digest."""
    return {path: hashlib.sha256((source.text if source.text is not None else "\0").encode("utf-8")).hexdigest()
            for path, source in sources.items()}


def fingerprint(texts: dict[str, str], tree: DocsTree, settings: Settings) -> str:
    """What a run of the checks depends on: the Markdown files' digests (``digests``), every file name of the
    docs tree (links to pictures and PDFs), its languages and the settings. Equal fingerprints, equal findings."""
    state = {"texts": sorted(texts.items()), "files": sorted(tree.files), "languages": tree.languages,
             "default": tree.default, "fallback": tree.fallback, "tone_style": settings.tone_style}
    return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_report(report: Report, fixed: list[Finding] | None = None) -> str:
    """The findings one per line, grouped by file, then the summary (``Đã kiểm tra 5 tệp: 0 lỗi, …``)."""
    lines = [f"{finding.path}:{finding.line}: {finding.code}: {finding.message}" for finding in fixed or []]
    current = None
    for finding in report.findings:
        if finding.path != current:
            if current is not None:
                lines.append("")
            current = finding.path
        level = "lỗi" if finding.severity == "error" else "cảnh báo"
        lines.append(f"{finding.path}:{finding.line}: {finding.code}: [{level}] {finding.message}")
    summary = f"Đã kiểm tra {report.checked} tệp: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo"
    if fixed:
        summary += f", {len(fixed)} chỗ đã tự sửa"
    return "\n".join([*lines, *([""] if report.findings else []), summary + "."])


def _check_chunk(job: tuple) -> Report:
    docs_dir, languages, default, settings, paths, _, fallback = job
    tree = DocsTree(docs_dir, list(languages), default, fallback=fallback)
    report = _check_each(load_tree(docs_dir, paths), tree, settings)
    report.sources = {}
    return report


def _line_of(source: Source, url: str) -> int:
    if source.text:
        for number, line in enumerate(lines_of(source.text.lstrip("\ufeff")), 1):
            if url in line:
                return number
    return 1
