"""Kiểm tra tài liệu hỏi - đáp trước khi dựng trang / Check Q&A booklets before building the site.

    .venv/bin/python scripts/check.py [PATH ...] [--format text|json] [--fix] [--external]

Exit status: 0 no error (warnings allowed), 1 at least one error, 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from hoidap.checking.checker import Report, check_tree, markdown_files, text_report
from hoidap.checking.checks import Settings, load
from hoidap.checking.external_links import external_links
from hoidap.checking.fixes import fix_document
from hoidap.checking.inplace import NotWritable, rewrite_in_place
from hoidap.cli import Parser, run
from hoidap.model import siteconfig
from hoidap.model.findings import Finding

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="check.py", description="Kiểm tra tài liệu hỏi - đáp (định dạng, liên kết, chữ Việt).")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="tệp hoặc thư mục; mặc định: thư mục docs")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")
    parser.add_argument("--fix", action="store_true", help="tự sửa những lỗi chắc chắn sửa đúng được")
    parser.add_argument("--external", action="store_true", help="kiểm tra cả liên kết ra ngoài (cần mạng)")
    parser.add_config()
    args = parser.parse_args(argv)
    config = parser.site(args)
    settings = Settings(tone_style=config.tone_style)
    groups = _targets(args.paths or [str(config.docs_dir)], config.docs_dir, parser)

    report = Report()
    fixed: list[Finding] = []
    for docs_dir, paths in groups.items():
        refused: list[Finding] = []
        if args.fix:
            done, refused = _fix(docs_dir, paths, settings, config)
            fixed += done
        part = check_tree(docs_dir, list(config.languages), config.default_language, settings, paths,
                          workers=os.cpu_count() or 1, fallback=config.fallback)
        report.findings += part.findings + refused
        report.checked += part.checked
        for url, places in part.external.items():
            report.external.setdefault(url, []).extend(places)
    if args.external and report.external:
        cache = config.root / ".cache" / "external-links.json"
        for url, reason in external_links(sorted(report.external), cache).items():
            if reason:
                for path, line in report.external[url]:
                    report.findings.append(Finding(path, line, "external-link", "error",
                                                   f"liên kết '{url}' {reason}."))
    report.findings.sort()
    _print(report, fixed, args.format)
    return 1 if report.errors else 0


def _targets(raw: list[str], docs_dir: Path, parser: Parser) -> dict[Path, list[str]]:
    """Group the given files and folders by the docs folder their paths are relative to."""
    groups: dict[Path, list[str]] = {}
    for item in raw:
        try:
            path = Path(item).resolve()
            found = path.exists()
        except (OSError, ValueError, RuntimeError):  # a NUL byte in the name, a symlink loop
            found = False
        if not found:
            parser.error(f"không có tệp hay thư mục '{item}'")
        root = docs_dir.resolve() if path.is_relative_to(docs_dir.resolve()) else (
            path if path.is_dir() else path.parent)
        if path.is_dir():
            files = [f for f in markdown_files(root) if (root / f).resolve().is_relative_to(path)]
        else:
            files = [path.relative_to(root).as_posix()]
        groups.setdefault(root, [])
        groups[root] += [f for f in files if f not in groups[root]]
    return groups


def _fix(docs_dir: Path, paths: list[str], settings: Settings, config: siteconfig.SiteConfig
         ) -> tuple[list[Finding], list[Finding]]:
    """Fix each file in place (hoidap.checking.fixes, hoidap.checking.inplace): the changes made, and what was left
    as it was."""
    changes: list[Finding] = []
    refused: list[Finding] = []
    for path in paths:
        source = load(docs_dir, path)
        if source.text is None:
            continue
        result = fix_document(source.text, path, settings.tone_style)
        refused += result.refused
        if result.changes and result.text != source.text:
            raw = (docs_dir / path).read_bytes()
            bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
            expected = (bom + source.text).encode("utf-8")  # what was read: a file saved meanwhile is left alone
            try:
                rewrite_in_place(docs_dir / path, (bom + result.text).encode("utf-8"), expected)
            except NotWritable as error:
                refused.append(Finding(path, 1, result.changes[0].code, "error", f"không tự sửa được: {error}"))
                continue
            changes += result.changes
    return changes, refused


def _print(report: Report, fixed: list[Finding], form: str) -> None:
    if form == "json":
        rows = [{"path": f.path, "line": f.line, "code": f.code, "severity": f.severity, "message": f.message}
                for f in report.findings]
        if fixed:
            rows = [dict(row, fixed=False) for row in rows] + [
                {"path": f.path, "line": f.line, "code": f.code, "severity": "fixed", "message": f.message}
                for f in fixed]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    print(text_report(report, fixed))


if __name__ == "__main__":
    sys.exit(run(main))
