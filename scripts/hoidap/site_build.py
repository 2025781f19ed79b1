"""Build the site into a fresh folder beside the target and swap it in only when every step succeeded.

Steps: check the booklets, ``mkdocs build --strict`` into ``<site>.new-<random>`` (same filesystem as the
target), print the PDFs into it, build again to link them, verify the result, then swap. On Linux the swap
is one ``renameat2(RENAME_EXCHANGE)`` call: the target path always names a complete site, old or new.
Where the exchange is unavailable it falls back to two renames (old away, new in), a window of microseconds
in which the target name is missing, never partial. Any failure leaves the previous site byte-for-byte as
it was and removes the temporary folder. A lock in ``.cache/`` keeps two builds of a project apart, so
leftovers of a killed build can be removed safely by the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hoidap import pdf_files, siteconfig
from hoidap.build_output import explain
from hoidap.docs_safety import problems as docs_problems
from hoidap.errors import UserError
from hoidap.pdf_export import booklet_pages

SCRIPTS = Path(__file__).resolve().parent.parent
REQUIRED = ("index.html", "404.html", "sw.js", "offline.json")  # what every complete build holds
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n|\n)*", re.MULTILINE)


class BuildError(Exception):
    """A failed build, explained in Vietnamese; ``details`` is what the failing step printed."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[Path], str]  # runs in the new folder; returns a short note for the progress line


def missing_files(site: Path) -> list[str]:
    """The files of ``REQUIRED`` that ``site`` lacks."""
    return [name for name in REQUIRED if not (site / name).is_file()]


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


def _command(args: list[str], cwd: Path) -> str:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    output = clean_output(result.stdout + result.stderr)
    if result.returncode != 0:
        raise BuildError(*explain(output))
    return output


def steps(config: Path, pdf: bool = True) -> list[Step]:
    """The build's steps for the project whose ``mkdocs.yml`` is ``config``."""
    project = config.parent
    python = sys.executable

    def check(_site: Path) -> str:
        output = _command([python, str(SCRIPTS / "check.py"), "--config", str(config)], project)
        found = re.search(r"\d+ lỗi, \d+ cảnh báo", output)
        return found.group(0) if found else ""

    def mkdocs(site: Path) -> str:
        _command([python, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
                  "--site-dir", str(site)], project)
        return ""

    def print_pdfs(site: Path) -> str:
        output = _command([python, str(SCRIPTS / "pdf.py"), "--quiet", "--config", str(config), "--site", str(site)],
                          project)
        found = re.search(r"in mới \d+, dùng lại \d+", output)
        return found.group(0) if found else ""

    def verify(site: Path) -> str:
        missing = missing_files(site) + (missing_pdfs(site, siteconfig.read(config).default_language) if pdf else [])
        if missing:
            raise BuildError("", f"Bản dựng thiếu tệp: {', '.join(missing)}.")
        return f"{sum(1 for path in site.rglob('*') if path.is_file())} tệp"

    listed = [Step("Kiểm tra tài liệu", check), Step("Dựng trang", mkdocs)]
    if pdf:
        listed += [Step("In PDF", print_pdfs), Step("Dựng lại để gắn liên kết PDF", mkdocs)]
    return [*listed, Step("Kiểm tra bản dựng", verify)]


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2``; False where the system cannot."""
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if function is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if function(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def swap_in(new: Path, target: Path, exchange: Callable[[Path, Path], bool] = _exchange) -> None:
    """Put the complete folder ``new`` at ``target``; the previous ``target`` is deleted afterwards."""
    if not target.exists():
        os.rename(new, target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now names the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
    os.rename(target, old / "site")
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old / "site", target)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


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


def _leftovers(target: Path) -> None:
    """Remove temporary folders a killed build left beside ``target`` (only called under the lock)."""
    for pattern in (f"{target.name}.new-*", f"{target.name}.old-*"):
        for path in target.parent.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BuildError(f"'{target}' không phải thư mục: chọn thư mục khác để chứa trang đã dựng.")
    if target.is_dir() and any(target.iterdir()) and not (target / "index.html").is_file():
        raise BuildError(f"Thư mục '{target}' đã có tệp nhưng không phải trang đã dựng: lệnh dựng trang sẽ thay "
                         "toàn bộ thư mục này, nên không làm. Chọn thư mục khác hoặc tự dọn thư mục đó.")


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
        _leftovers(target)
        new = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
        try:
            new.chmod(0o755)  # served as is: readable by the web server
            for number, step in enumerate(listed, 1):
                print(f"[{number}/{len(listed) + 1}] {step.label}…", end=" ", flush=True)
                started = time.monotonic()
                try:
                    note = step.run(new)
                except BuildError as exc:
                    print("LỖI", flush=True)
                    reason = str(exc).replace(str(new), str(target))  # the temporary folder is gone by then
                    raise BuildError(f"bước «{step.label}» không thành công" + (f": {reason}" if reason else ""),
                                     exc.details) from None
                seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
                print(f"xong ({f'{note}, ' if note else ''}{seconds} giây)", flush=True)
            print(f"[{len(listed) + 1}/{len(listed) + 1}] Thay trang cũ bằng trang mới…", end=" ", flush=True)
            swap_in(new, target)
            print("xong", flush=True)
        finally:
            shutil.rmtree(new, ignore_errors=True)
