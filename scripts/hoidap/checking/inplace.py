"""Rewrite an author's file in place: the same file (inode) keeps its hard links, mode and owner.

Replacing a file by renaming a new one over it, as :func:`hoidap.files.write_atomically` does for files a
command creates, would give an edited file a new inode: its other hard links would keep the old text and its
mode would be whatever the new file got. Here the old content is first copied beside the file, then the new
content is written into the file itself; if writing fails, the old content is written back. A read-only file is
refused.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from hoidap.errors import describe_os_error
from hoidap.files import write_beside


class NotWritable(Exception):
    """The file was not rewritten; ``str()`` is a Vietnamese explanation with how to proceed."""


def rewrite_in_place(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Make ``data`` the content of ``path`` without replacing the file; with ``expected``, only if the file
    still holds exactly that (it was not saved from an editor meanwhile).

    Raises :class:`NotWritable` for a read-only file, one that is not a regular file, or when the write fails
    (the old content is then put back, or, if even that fails, kept in a copy beside the file that the message
    names).
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotWritable(f"'{path.name}' không phải tệp thường, không ghi vào được.")
    if os.statvfs(path).f_flag & os.ST_RDONLY:
        raise NotWritable(describe_os_error(OSError(errno.EROFS, "", str(path))) + "; tệp chưa bị sửa.")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise NotWritable(f"tệp '{path.name}' đang ở chế độ chỉ đọc nên --fix không ghi vào. Muốn sửa tự động "
                          f"thì bỏ chế độ chỉ đọc (chmod u+w '{path}') rồi chạy lại, hoặc sửa tay.")
    old = path.read_bytes()
    if expected is not None and old != expected:
        raise NotWritable(f"tệp '{path.name}' vừa được sửa ở nơi khác trong lúc chạy --fix nên không ghi đè; "
                          "chạy lại lệnh.")
    if old == data:
        return
    try:
        backup = write_beside(path, old, ".ban-cu")  # kept until the new content is written
    except OSError as error:
        raise NotWritable(f"không ghi được bản sao tạm bên cạnh '{path.name}' ({error.strerror}); "
                          "tệp chưa bị sửa. Kiểm tra chỗ trống trên đĩa và quyền ghi thư mục.") from None
    descriptor = os.open(path, os.O_RDWR)
    try:
        _replace_content(descriptor, data, len(old))
    except OSError as error:
        try:
            _restore(descriptor, old)
        except OSError:
            raise NotWritable(f"ghi '{path.name}' bị lỗi ({error.strerror}) và không khôi phục được; nội dung cũ "
                              f"còn nguyên trong tệp '{backup}': chép lại từ đó.") from None
        Path(backup).unlink(missing_ok=True)
        raise NotWritable(f"ghi '{path.name}' bị lỗi ({error.strerror}); tệp vẫn giữ nguyên nội dung cũ. "
                          "Kiểm tra chỗ trống trên đĩa rồi chạy lại.") from None
    finally:
        os.close(descriptor)
    Path(backup).unlink(missing_ok=True)


def _restore(descriptor: int, old: bytes) -> None:
    """Put ``old`` back: cut the file to its old length, and write it again only if any of it was overwritten
    (a failure before the first byte was written leaves nothing to write, which works even on a full disk)."""
    os.ftruncate(descriptor, len(old))
    if os.pread(descriptor, len(old) + 1, 0) != old:
        _replace_content(descriptor, old, len(old))
    os.fsync(descriptor)


def _replace_content(descriptor: int, data: bytes, current: int) -> None:
    """Write ``data`` over the file open as ``descriptor`` (``current`` bytes long now) and cut what is left."""
    if len(data) > current:
        try:  # reserve the room first: a full disk then fails before anything is overwritten
            os.posix_fallocate(descriptor, 0, len(data))
        except OSError as error:
            if error.errno not in (errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                raise
    os.lseek(descriptor, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
    os.ftruncate(descriptor, len(data))
    os.fsync(descriptor)
