"""The folders a build writes: which output folder it may replace, its own temporary folder, the swap.

- Every built site carries the mark ``.hoidap-site``. The build replaces only a folder that carries it (a site
  an earlier build made), an empty folder or none; any other folder is refused and left as it is.
- A build works in ``<site>.new-<random>/`` beside the output folder: the new site is built in its ``site/``,
  and the run mark ``.hoidap-build-run`` (naming the process) is locked with ``flock`` for the whole run.
  The previous site is moved into that folder during the swap, so the build only ever removes its own folder.
  Leftovers of a killed build are folders of that name whose run mark is no longer locked; folders without
  the mark (a backup named ``site.new-backup``, say) are never touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

SITE_MARK = ".hoidap-site"
REQUIRED = ("index.html", "404.html", "sw.js", "offline.json")  # what every complete build holds
SITE_MARK_TEXT = (
    "Thư mục này là trang do scripts/build.py của bộ công cụ hỏi-đáp dựng.\n"
    "Lần dựng sau sẽ thay toàn bộ thư mục này (kể cả tệp tự thêm vào).\n"
    "Lệnh dựng trang chỉ thay thư mục có tệp này; xóa tệp này nếu không muốn lệnh dựng thay thư mục nữa.\n"
)
RUN_MARK = ".hoidap-build-run"
RUN_MARK_FIRST_LINE = "Thư mục tạm của một lần dựng trang (scripts/build.py của bộ công cụ hỏi-đáp)."


def refusal(target: Path) -> str | None:
    """Why the build must not replace ``target`` (in Vietnamese), or None when it may."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"'{target}' không phải thư mục: chọn thư mục khác để chứa trang đã dựng (--site THƯ-MỤC)."
    if not target.exists() or is_built_site(target):
        return None
    try:
        empty = not any(target.iterdir())
    except OSError as exc:
        return f"Không đọc được thư mục '{target}' ({exc.strerror}): chọn thư mục khác (--site THƯ-MỤC)."
    if empty:
        return None
    return (f"Thư mục '{target}' đã có tệp nhưng không phải trang đã dựng bằng lệnh này (thiếu tệp dấu "
            f"{SITE_MARK}): lệnh dựng trang sẽ thay toàn bộ thư mục, nên không làm gì cả và giữ nguyên thư mục đó. "
            "Chọn một thư mục trống hoặc chưa có (--site THƯ-MỤC), hoặc tự chuyển các tệp trong đó đi nơi khác.")


# The first line of nginx-vars.conf in every site built before the mark existed: such a site is ours too.
_LEGACY_SIGNATURE = ("# Sinh tự động khi dựng trang (scripts/hoidap/site/csp.py), đừng sửa tay; "
                     "deploy/nginx.conf include tệp này.")


def missing_files(site: Path) -> list[str]:
    """The files of ``REQUIRED`` that ``site`` lacks."""
    return [name for name in REQUIRED if not (site / name).is_file()]


def is_built_site(folder: Path) -> bool:
    """Whether ``folder`` is a site a build of this kit made: it carries the mark (or, built by a version
    before the mark, its ``nginx-vars.conf`` signature beside ``sw.js`` and ``offline.json``)."""
    mark = folder / SITE_MARK
    if mark.is_file() and not mark.is_symlink():
        return True
    return _legacy_build(folder)


def _legacy_build(folder: Path) -> bool:
    files = [folder / name for name in ("nginx-vars.conf", "sw.js", "offline.json")]
    if any(path.is_symlink() or not path.is_file() for path in files):
        return False
    try:
        with open(files[0], encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == _LEGACY_SIGNATURE
    except (OSError, UnicodeDecodeError):
        return False


def write_site_mark(site: Path) -> None:
    (site / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")


@contextlib.contextmanager
def run_folder(target: Path) -> Iterator[Path]:
    """This run's folder beside ``target`` (marked and locked while the block runs), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    try:
        with open(folder / RUN_MARK, "w", encoding="utf-8") as mark:
            fcntl.flock(mark, fcntl.LOCK_EX | fcntl.LOCK_NB)
            started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
            mark.write(f"{RUN_MARK_FIRST_LINE}\nTiến trình {os.getpid()} trên máy {socket.gethostname()}, bắt đầu "
                       f"{started}.\nLần dựng sau tự xóa thư mục này nếu lần dựng này đã dừng giữa chừng.\n")
            mark.flush()
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    """Whether ``folder`` is a build's run folder whose build has ended (its run mark is not locked)."""
    mark = folder / RUN_MARK
    if folder.is_symlink() or not folder.is_dir() or mark.is_symlink() or not mark.is_file():
        return False
    try:
        with open(mark, encoding="utf-8", errors="replace") as handle:
            if handle.readline().rstrip("\n") != RUN_MARK_FIRST_LINE:
                return False
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return False  # locked by a running build, or unreadable: not ours to remove
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the run folders killed builds left beside ``target``; returns them."""
    removed = []
    for folder in sorted(target.parent.glob(f"{target.name}.new-*")):
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


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
    """Put the complete folder ``new`` at ``target``; the previous ``target`` ends up inside ``new``'s parent.

    ``new`` lives in the run folder: after the swap, the previous site is at ``new`` (atomic exchange) or at
    ``new.parent / "previous"`` (two renames), and removing the run folder removes it.
    """
    if not target.exists():
        os.rename(new, target)
        return
    if exchange(new, target):
        return
    previous = new.parent / "previous"
    os.rename(target, previous)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(previous, target)
        raise
