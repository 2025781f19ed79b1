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


def yaml_message(error: yaml.YAMLError, path: Path | str | None = None, source: str | None = None) -> str:
    """A YAML syntax error in Vietnamese, with the file and line where known (``source``: the text read, to name
    the character libyaml does not)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    name = path if path is not None else (mark.name if mark is not None and mark.name[:1] != "<" else None)
    where = f"'{name}'" if name else "tệp YAML"
    line = f", dòng {mark.line + 1}" if mark is not None else ""
    return (f"{where}{line} viết sai cú pháp YAML ({yaml_problem(error, source)}): kiểm tra dấu hai chấm sau tên "
            "trường, dấu ngoặc kép đóng mở đủ cặp, và thụt lề bằng dấu cách (không dùng Tab).")


# PyYAML's and libyaml's words for a problem (the start of the message) → what it means, in Vietnamese.
_YAML_PROBLEMS = (
    (("mapping values are not allowed",), "có dấu hai chấm ':' ở chỗ không được phép (giá trị có dấu ':' thì đặt "
     "trong ngoặc kép)"),
    (("could not find expected ':'",), "thiếu dấu hai chấm ':' sau tên trường, hoặc một giá trị bị xuống dòng (viết "
     "cả giá trị trên một dòng, trong ngoặc kép)"),
    (("found unexpected end of stream",), "dấu ngoặc kép chưa được đóng"),
    (("found unknown escape character",), "trong ngoặc kép có dấu '\\' lạ: bỏ dấu '\\', hoặc đặt giá trị trong "
     "ngoặc đơn '…'"),
    (("found undefined alias",), "có ký tự '*' ở đầu giá trị (đặt giá trị trong ngoặc kép)"),
    (("expected alphabetic or numeric character", "did not find expected alphabetic or numeric character"),
     "có ký tự '&' hoặc '*' ở đầu giá trị (đặt giá trị trong ngoặc kép)"),
    (("expected ',' or ']'", "did not find expected ',' or ']'"), "danh sách mở bằng '[' chưa đóng bằng ']', hoặc "
     "thiếu dấu phẩy giữa các mục"),
    (("expected ',' or '}'", "did not find expected ',' or '}'"), "dấu '{' chưa được đóng bằng '}'"),
    (("did not find expected '-' indicator",), "danh sách '- …' lẫn với trường 'tên: giá trị' ở cùng mức thụt lề"),
    (("did not find expected key", "expected <block end>"), "thụt lề không đều, hoặc có chữ thừa sau giá trị (sau "
     "dấu ngoặc kép đóng); các trường cùng cấp phải thẳng hàng"),
    (("did not find expected node content", "expected the node content"), "thiếu giá trị sau dấu hai chấm"),
    (("found a tab character",), "có ký tự Tab; hãy thụt lề bằng dấu cách"),
    (("while scanning a block scalar", "did not find expected comment or line break",
      "expected a comment or a line break"), "có chữ thừa sau giá trị trên cùng dòng"),
)


def yaml_problem(error: yaml.YAMLError, source: str | None = None) -> str:
    """What a YAML error means, in Vietnamese (the English words only for what is not known)."""
    if isinstance(error, yaml.reader.ReaderError):
        return f"có ký tự điều khiển U+{error.character:04X}, không hiển thị được: xóa ký tự này" \
            if isinstance(error.character, int) else "có ký tự không đọc được: lưu lại tệp dạng UTF-8"
    problem = (getattr(error, "problem", None) or getattr(error, "context", None) or str(error)).strip()
    if "cannot start any token" in problem:
        char = _problem_char(error, source)
        if char == "\t":
            return "có ký tự Tab; hãy thụt lề bằng dấu cách"
        if char:
            return f"giá trị không được bắt đầu bằng ký tự '{char}': đặt cả giá trị trong ngoặc kép"
        return ("có ký tự không được đứng ở đó: thường là phím Tab (thụt lề bằng dấu cách), hoặc giá trị bắt đầu bằng "
                "'@', '`', '%' (đặt giá trị trong ngoặc kép)")
    for starts, meaning in _YAML_PROBLEMS:
        if problem.startswith(starts):
            return meaning
    return f"không đọc được (chi tiết kỹ thuật: {problem})" if problem else "không đọc được"


def _problem_char(error: yaml.YAMLError, source: str | None) -> str | None:
    """The character a "cannot start any token" error is about: in PyYAML's message, or at its mark in ``source``."""
    problem = getattr(error, "problem", "") or ""
    if "'" in problem:
        quoted = problem.split("'")[1]
        return "\t" if quoted in ("\t", "\\t") else quoted or None
    mark = getattr(error, "problem_mark", None)
    if mark is None or source is None:
        return None
    lines = source.split("\n")
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return None
