"""The checker on a draft the editor is about to save, in the docs tree as it is on disk (links, duplicates).

The preview asks after each pause in typing, so the other files are read once and kept while their size and time
of change stay the same; only the draft is read again, and only its own checks run (the same as ``make check``'s
for that file: :func:`hoidap.checking.checks.check`, and the duplicates across the tree).
"""

from __future__ import annotations

import threading
from pathlib import Path

from hoidap.checking.checker import markdown_files
from hoidap.checking.checks import Settings, Source, booklet_key, check, check_duplicates, load, source_of
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import Finding
from hoidap.model.siteconfig import SiteConfig


class DraftChecker:
    """Checks drafts of the site ``site``; keeps the other files as read (thread-safe)."""

    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        self._read: dict[str, tuple[tuple[int, int], Source]] = {}
        self._lock = threading.Lock()

    def check(self, path: str, text: str) -> list[Finding]:
        """The checker's findings on docs-relative ``path`` if it held ``text`` (every other file as on disk)."""
        draft = source_of(path, text.lstrip("\ufeff"))
        sources = {**self._sources(), path: draft}
        tree = DocsTree(self.site.docs_dir, list(self.site.languages), self.site.default_language,
                        fallback=self.site.fallback)
        for name, source in sources.items():
            tree.add(name, source.text, source.document)
        findings, _ = check(draft, tree, Settings(tone_style=self.site.tone_style))
        keys = [(key[0], name, key[1]) for name, source in sources.items()
                if (key := booklet_key(source, tree)) is not None]
        findings += [finding for finding in check_duplicates(keys) if finding.path == path]
        return sorted(findings)

    def _sources(self) -> dict[str, Source]:
        docs: Path = self.site.docs_dir
        with self._lock:
            found = {}
            for name in markdown_files(docs):
                try:
                    info = (docs / name).stat()
                except OSError:
                    continue
                stamp = (info.st_mtime_ns, info.st_size)
                kept = self._read.get(name)
                found[name] = (stamp, kept[1] if kept and kept[0] == stamp else load(docs, name))
            self._read = found
            return {name: source for name, (_, source) in found.items()}


def refusal(path: str, findings: list[Finding]) -> str:
    """Why a save is refused: the checker's errors on ``path``, one a line with its line number."""
    errors = [finding for finding in findings if finding.severity == "error"]
    lines = [f"{path} còn {len(errors)} lỗi nên chưa được ghi; sửa rồi lưu lại:"]
    lines += [f"• dòng {finding.line}: {finding.message}" for finding in errors]
    return "\n".join(lines)
