"""Build the site into a fresh folder beside the target and swap it in only when every step succeeded.

Steps: check the booklets (in this process, once: MkDocs is told the fingerprint of the clean sources it
checked, ``hoidap.checking.checker.CHECKED``, and the plugin does not check them again), ``mkdocs build --strict``
into ``<site>.new-<random>/site`` (same filesystem as the target), print the PDFs into it (in this process
too), build again to link them, verify the result, mark it as a built site
(``.hoidap-site``), then swap. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call: the target path
always names a complete site, old or new. Where the exchange is unavailable it falls back to two renames
(old away, new in), a window of microseconds in which the target name is missing, never partial. Any
failure leaves the previous site byte-for-byte as it was and removes this run's folder. The target is
replaced only when it is a site an earlier build made, or empty, or absent (``hoidap.publishing.site_folders``). A lock
in ``.cache/`` keeps two builds of a project apart; leftovers of killed builds are recognised by their run
mark and removed by the next build, and nothing else beside the target is touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hoidap.checking.checker import CHECKED, check_tree, fingerprint, text_report
from hoidap.checking.checks import Settings
from hoidap.checking.docs_safety import problems as docs_problems
from hoidap.errors import UserError, describe_os_error
from hoidap.model import siteconfig
from hoidap.model.docstree import DocsTree
from hoidap.publishing import pdf_files
from hoidap.publishing.build_output import explain
from hoidap.publishing.pdf_export import ExportError, booklet_pages, export
from hoidap.publishing.site_folders import (
    is_built_site,
    missing_files,
    refusal,
    remove_leftovers,
    run_folder,
    swap_in,
    write_site_mark,
)

_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n|\n)*", re.MULTILINE)


class BuildError(Exception):
    """A failed build, explained in Vietnamese; ``details`` is what the failing step printed."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


class TargetRefused(BuildError):
    """The output folder is not one the build may replace; nothing was built or changed."""


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[Path], str]  # runs in the new folder; returns a short note for the progress line


def missing_pdfs(site: Path, default_lang: str) -> list[str]:
    """The PDFs a booklet page of ``site`` should have beside it (and link) but does not."""
    missing = []
    for page in booklet_pages(site):
        for paper in pdf_files.PAPERS:
            name = pdf_files.pdf_name(page.url, paper, page.lang, default_lang)
            if not (page.file.parent / name).is_file() or f'{name}"' not in page.file.read_text("utf-8"):
                missing.append(f"{page.url}{name}")
    return missing


def clean_output(output: str) -> str:
    """A step's output without Python tracebacks (their last line, the error itself, is kept)."""
    return _TRACEBACK.sub("", output).strip()


def _command(args: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> str:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", **(extra_env or {}))
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    output = clean_output(result.stdout + result.stderr)
    if result.returncode != 0:
        raise BuildError(*explain(output))
    return output


def _in_vietnamese(run: Callable[[Path], str], site: Path) -> str:
    """Run a step; a Python error of a step that runs in this process (the check, the PDFs) becomes the same
    Vietnamese explanation a step run as a command gets (hoidap.publishing.build_output)."""
    try:
        return run(site)
    except (RecursionError, MemoryError) as exc:
        raise BuildError(*explain(f"{type(exc).__name__}: {exc}")) from None
    except OSError as exc:
        raise BuildError(describe_os_error(exc, exc.filename or site)) from None


def steps(config: Path, pdf: bool = True) -> list[Step]:
    """The build's steps for the project whose ``mkdocs.yml`` is ``config``."""
    project = config.parent
    python = sys.executable
    checked: dict[str, str] = {}  # for MkDocs: the fingerprint of the sources found without error

    def check(_site: Path) -> str:
        site = siteconfig.read(config)
        settings = Settings(tone_style=site.tone_style)
        report = check_tree(site.docs_dir, list(site.languages), site.default_language, settings,
                            workers=os.cpu_count() or 1, fallback=site.fallback)
        if report.errors:
            raise BuildError("", text_report(report))
        tree = DocsTree(site.docs_dir, list(site.languages), site.default_language, fallback=site.fallback)
        checked[CHECKED] = fingerprint(report.digests, tree, settings)  # MkDocs runs --quiet: warnings said here
        return f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo"

    def mkdocs(site: Path) -> str:
        _command([python, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
                  "--site-dir", str(site)], project, checked)
        return ""

    def print_pdfs(site: Path) -> str:
        default = siteconfig.read(config).default_language
        try:
            report = export(site, project / pdf_files.CACHE_DIR, default, progress=False)
        except ExportError as exc:
            raise BuildError("", f"Lỗi: {exc}") from None
        if report.failures:
            raise BuildError("", "\n".join(f"Lỗi: {failure}" for failure in report.failures))
        return f"in mới {report.printed}, dùng lại {report.reused}"

    def verify(site: Path) -> str:
        missing = missing_files(site) + (missing_pdfs(site, siteconfig.read(config).default_language) if pdf else [])
        if missing:
            raise BuildError("", f"Bản dựng thiếu tệp: {', '.join(missing)}.")
        return f"{sum(1 for path in site.rglob('*') if path.is_file())} tệp"

    listed = [Step("Kiểm tra tài liệu", check), Step("Dựng trang", mkdocs)]
    if pdf:
        listed += [Step("In PDF", print_pdfs), Step("Dựng lại để gắn liên kết PDF", mkdocs)]
    return [*listed, Step("Kiểm tra bản dựng", verify)]


@contextlib.contextmanager
def _lock(project: Path) -> Iterator[None]:
    folder = project / ".cache"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("Một lần dựng trang khác của dự án này đang chạy: chờ nó xong rồi chạy lại.") from None
        yield


def _check_target(target: Path) -> None:
    reason = refusal(target)
    if reason:
        raise TargetRefused(reason)


def build(config: Path, target: Path, pdf: bool = True) -> None:
    """Run every step into a new folder beside ``target``, then swap it in; raise ``BuildError`` on failure."""
    config, target = config.resolve(), target.absolute()
    if not config.is_file():
        raise BuildError(f"Không thấy tệp cấu hình '{config}'.")
    try:
        docs = siteconfig.read(config).docs_dir
    except UserError as error:
        raise BuildError(str(error)) from None
    found = docs_problems(docs)
    if found:
        raise BuildError(f"thư mục tài liệu có {found[0].message()}")
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    listed = steps(config, pdf)
    with _lock(config.parent):
        remove_leftovers(target)
        with run_folder(target) as folder:
            new = folder / "site"
            new.mkdir()
            new.chmod(0o755)  # served as is: readable by the web server
            for number, step in enumerate(listed, 1):
                print(f"[{number}/{len(listed) + 1}] {step.label}…", end=" ", flush=True)
                started = time.monotonic()
                try:
                    note = _in_vietnamese(step.run, new)
                except BuildError as exc:
                    print("LỖI", flush=True)
                    reason = str(exc).replace(str(new), str(target))  # the temporary folder is gone by then
                    raise BuildError(f"bước «{step.label}» không thành công" + (f": {reason}" if reason else ""),
                                     exc.details) from None
                seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
                print(f"xong ({f'{note}, ' if note else ''}{seconds} giây)", flush=True)
            write_site_mark(new)
            _check_target(target)  # still a site of ours, or empty, or absent: it may have changed meanwhile
            print(f"[{len(listed) + 1}/{len(listed) + 1}] Thay trang cũ bằng trang mới…", end=" ", flush=True)
            swap_in(new, target)
            print("xong", flush=True)


def clean(config: Path, target: Path) -> tuple[list[Path], bool]:
    """Remove the site at ``target`` if a build made it, and the run folders of killed builds beside it.

    Returns what was removed, and whether ``target`` exists and was kept (it does not carry the mark).
    """
    target = target.absolute()
    with _lock(config.resolve().parent):
        removed = remove_leftovers(target)
        if not target.is_symlink() and is_built_site(target):
            shutil.rmtree(target)
            removed.append(target)
    return removed, target.exists() or target.is_symlink()
