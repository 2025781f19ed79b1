"""What in the docs folder would make MkDocs fail or never finish, found before a build starts: symbolic
links that lead back into a folder containing them (MkDocs follows links, so it would walk round forever),
broken links, and file names that are not UTF-8."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """Something at ``path`` (as found under the folder walked): ``kind`` is "loop", "broken" or "name"."""

    path: Path
    kind: str
    target: str = ""  # where a link points, as written

    def message(self) -> str:
        """What is wrong and how to fix it, in Vietnamese."""
        if self.kind == "loop":
            return (f"liên kết tượng trưng (symlink) '{self.path}' trỏ tới '{self.target}', là thư mục chứa chính "
                    f"nó, nên việc dựng trang sẽ đi vòng mãi: xóa liên kết đó (rm '{self.path}') hoặc thay bằng "
                    "thư mục thật")
        if self.kind == "broken":
            return (f"liên kết tượng trưng (symlink) '{self.path}' trỏ tới '{self.target}', không có thật: xóa liên "
                    "kết đó hoặc sửa cho đúng")
        return (f"tệp {os.fsencode(self.path)!r} có tên không phải chữ UTF-8 (đặt tên trên máy dùng bảng mã khác): "
                "đổi tên tệp (chữ thường không dấu, nối bằng gạch ngang)")


def problems(folder: Path) -> list[Problem]:
    """The looping and broken symlinks and the non-UTF-8 names under ``folder``, walking it as MkDocs does
    (following links)."""
    found: list[Problem] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(str(folder), (os.path.realpath(folder),))]
    while pending:
        current, chain = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue  # unreadable: MkDocs reports it itself
        for entry in entries:
            if not _is_utf8(entry.name):
                found.append(Problem(Path(entry.path), "name"))
                continue
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, (*chain, os.path.realpath(entry.path))))
                continue
            target = os.readlink(entry.path)
            try:
                os.stat(entry.path)
            except OSError as error:  # dangling, or leading back to itself (ELOOP)
                found.append(Problem(Path(entry.path), "loop" if error.errno == errno.ELOOP else "broken", target))
                continue
            if not entry.is_dir(follow_symlinks=True):
                continue
            real = os.path.realpath(entry.path)
            if any(real == seen or seen.startswith(real.rstrip(os.sep) + os.sep) for seen in chain):
                found.append(Problem(Path(entry.path), "loop", target))
                continue
            pending.append((entry.path, (*chain, real)))
    return found


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
