"""Errors a user can cause and fix, and the Vietnamese words for what the operating system reports."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import yaml


class UserError(Exception):
    """A failure the user can fix, already explained in Vietnamese (what, which file, how to fix it).

    Every command prints it as ``Lỗi: <message>`` and exits with status 1 (see :func:`hoidap.cli.run`).
    """


class ReadError(UserError):
    """A file that cannot be read as a Word document or a text file."""


# What went wrong → how to fix it, per errno; "{path}" is the file or folder concerned.
_OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "không có tệp hay thư mục '{path}': kiểm tra lại tên và đường dẫn",
    errno.EACCES: "không có quyền đọc hoặc ghi '{path}': kiểm tra quyền của tệp, thư mục (ls -l), "
                  "hoặc chạy lệnh bằng người dùng có quyền",
    errno.EPERM: "hệ điều hành không cho phép thao tác trên '{path}': kiểm tra quyền của tệp, thư mục",
    errno.EROFS: "'{path}' nằm trên ổ đĩa chỉ đọc: chép dự án sang nơi ghi được (hoặc gắn lại ổ đĩa "
                 "cho phép ghi) rồi chạy lại",
    errno.EISDIR: "'{path}' là một thư mục, không phải tệp: ghi rõ tên tệp (ví dụ …/ten-tai-lieu.md)",
    errno.ENOTDIR: "một phần của đường dẫn '{path}' là tệp chứ không phải thư mục: kiểm tra lại đường dẫn",
    errno.ENOSPC: "ổ đĩa đầy, không ghi được '{path}': xóa bớt tệp không cần (df -h xem chỗ trống) rồi chạy lại",
    errno.EDQUOT: "đã dùng hết hạn mức ổ đĩa của người dùng, không ghi được '{path}': xóa bớt tệp rồi chạy lại",
    errno.ELOOP: "đường dẫn '{path}' có liên kết tượng trưng (symlink) trỏ vòng về chính nó: "
                 "xóa hoặc sửa liên kết đó",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn '{path}' quá dài: đặt tên ngắn hơn",
    errno.EEXIST: "đã có '{path}': chọn tên khác hoặc tự xóa nó trước",
    errno.ENOTEMPTY: "thư mục '{path}' không trống: chọn thư mục khác hoặc tự dọn thư mục đó",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc (khi xử lý '{path}'): đóng bớt chương trình khác rồi chạy lại",
    errno.ENFILE: "hệ thống mở quá nhiều tệp cùng lúc (khi xử lý '{path}'): chạy lại sau",
    errno.EIO: "lỗi đọc ghi ổ đĩa ở '{path}': ổ đĩa có thể hỏng hoặc đã bị rút ra; kiểm tra ổ đĩa rồi chạy lại",
    errno.EBUSY: "'{path}' đang được chương trình khác dùng: đóng chương trình đó rồi chạy lại",
    errno.ETXTBSY: "'{path}' đang được chương trình khác dùng: đóng chương trình đó rồi chạy lại",
    errno.EXDEV: "không chuyển được '{path}' sang ổ đĩa khác: đặt thư mục đích trên cùng ổ đĩa",
    errno.EFBIG: "tệp '{path}' vượt quá cỡ tệp lớn nhất được phép: kiểm tra giới hạn (ulimit -f) của hệ thống",
    errno.ENOMEM: "không đủ bộ nhớ khi xử lý '{path}': đóng bớt chương trình khác rồi chạy lại",
}


def describe_os_error(error: OSError, path: object = None) -> str:
    """``error`` in Vietnamese, naming ``path`` (default: the file the error names) and how to fix it."""
    shown = path if path is not None else (error.filename if error.filename is not None else "")
    if isinstance(shown, bytes):
        shown = os.fsdecode(shown)
    template = _OS_ERRORS.get(error.errno or -1)
    if template:
        return template.format(path=shown)
    code = errno.errorcode.get(error.errno or -1, "")
    where = f" '{shown}'" if shown else ""
    detail = f"mã lỗi {code}" if code else f"{type(error).__name__}: {error}"
    return f"hệ điều hành báo lỗi khi truy cập{where} ({detail}): kiểm tra tệp, thư mục đó rồi chạy lại"


def decode_error_line(raw: bytes, error: UnicodeDecodeError) -> int:
    """The line (from 1) of ``raw`` where ``error`` found its first undecodable byte."""
    return raw[: error.start].count(b"\n") + 1


def read_utf8(path: Path, what: str = "tệp") -> str:
    """The text of the UTF-8 file ``path`` (a BOM is dropped); a missing, unreadable or non-UTF-8 file
    raises :class:`UserError` naming ``what`` (e.g. "tệp cấu hình"), the file, the line and the fix."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"{what}: {describe_os_error(error, path)}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = decode_error_line(raw, error)
        raise UserError(f"{what} '{path}' không phải văn bản UTF-8 (dòng {line} có byte 0x{raw[error.start]:02x}): "
                        "mở tệp bằng trình soạn thảo rồi lưu lại dưới dạng UTF-8.") from None


def yaml_message(error: yaml.YAMLError, path: Path | str | None = None) -> str:
    """A YAML syntax error in Vietnamese, with the file and line where known."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    name = path if path is not None else (mark.name if mark is not None and mark.name[:1] != "<" else None)
    where = f"'{name}'" if name else "tệp YAML"
    line = f", dòng {mark.line + 1}" if mark is not None else ""
    problem = (getattr(error, "problem", None) or getattr(error, "context", None) or str(error)).strip()
    return (f"{where}{line} viết sai cú pháp YAML ({problem}): kiểm tra dấu hai chấm sau tên trường, "
            "dấu ngoặc kép đóng mở đủ cặp, và thụt lề bằng dấu cách (không dùng Tab).")
