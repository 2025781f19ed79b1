"""What every command of the kit shares: usage errors in Vietnamese, and one way of turning any other
error into a Vietnamese message (what, which file, how to fix) with exit status 1, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import yaml

from hoidap.errors import UserError, describe_os_error, yaml_message
from hoidap.model import siteconfig

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"  # the kit's own site, next to scripts/

DEBUG = "HOIDAP_DEBUG"  # set to 1 to see the Python traceback after the message
REPORT = (f"Đây là lỗi của chương trình, không phải của tài liệu: chạy lại lệnh với {DEBUG}=1 để xem chi tiết, "
          "rồi báo cho người duy trì bộ công cụ (gửi kèm lệnh đã chạy và toàn bộ kết quả in ra).")


# argparse's own messages (English) → Vietnamese; the first pattern that matches is used.
_ARGPARSE = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"unrecognized arguments: (.*)", r"không hiểu tham số: \1"),
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"one of the arguments (.*) is required", r"cần một trong các tham số: \1"),
    (r"ambiguous option: (.+?) could match (.*)", r"tùy chọn \1 chưa rõ, có thể là: \2"),
    (r"argument (.+?): expected one argument", r"tham số \1 cần một giá trị"),
    (r"argument (.+?): expected at least one argument", r"tham số \1 cần ít nhất một giá trị"),
    (r"argument (.+?): expected at most one argument", r"tham số \1 nhận nhiều nhất một giá trị"),
    (r"argument (.+?): expected (\d+) arguments?", r"tham số \1 cần \2 giá trị"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"tham số \1: không có giá trị \2; chọn một "
     r"trong: \3"),
    (r"argument (.+?): invalid \w+ value: (.*)", r"tham số \1: giá trị \2 không hợp lệ"),
    (r"argument (.+?): not allowed with argument (.*)", r"tham số \1 không dùng cùng \2 được"),
    (r"argument (.+?): ignored explicit argument (.*)", r"tham số \1 không nhận giá trị \2"),
    (r"argument (.+?): (.*)", r"tham số \1: \2"),
)]


class Parser(argparse.ArgumentParser):
    """argparse in Vietnamese (help, usage errors with exit status 2), named after the command; text options
    must be valid UTF-8 (a path may hold any bytes: file names are bytes on Linux)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "cách dùng: ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "cách dùng: ", 1)

    def parse_known_args(self, args=None, namespace=None):
        parsed, rest = super().parse_known_args(args, namespace)
        for value in vars(parsed).values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and not is_utf8(text):
                    self.error(f"tham số {text!a} có byte không phải chữ UTF-8 (tên tệp hay chữ gõ bằng bảng mã "
                               "khác): đổi tên tệp, hoặc gõ lại bằng bảng mã Unicode (UTF-8)")
        return parsed, rest

    def add_config(self) -> None:
        """The ``--config`` option of every command that reads the site's settings."""
        self.add_argument("--config", type=Path, default=MKDOCS_YML, help="tệp mkdocs.yml")

    def site(self, args: argparse.Namespace) -> siteconfig.SiteConfig:
        """The settings ``--config`` names, or a usage error when there is no such file."""
        if not args.config.is_file():
            self.error(f"không thấy tệp cấu hình {args.config}")
        return siteconfig.read(args.config)

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE:
            if pattern.fullmatch(message):
                message = pattern.sub(replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog.split()[0]}: lỗi cách dùng: {message}\n")  # a subcommand's too: "publish.py"


def interactive() -> bool:
    """Whether a command may ask its questions: standard input is an open terminal (``<&-`` closes it)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached
        return False


def is_utf8(text: str) -> bool:
    """``text`` holds no undecodable bytes (the lone surrogates Python gives bytes that are not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes of another encoding given on the command line
        return False
    return True


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Run a command's ``main(argv)`` and return its exit status; any error becomes ``Lỗi: …`` on stderr
    and status 1. Usage errors keep their status 2 (argparse exits through ``SystemExit``)."""
    _tolerant_output()
    try:
        return main(argv)
    except UserError as error:
        return _fail(str(error), error)
    except (KeyboardInterrupt, EOFError) as error:  # Ctrl-C, or Ctrl-D at a question
        return _fail("", error, "\nĐã dừng.")
    except OSError as error:
        if error.errno == errno.EPIPE:  # the reader of our output went away (``… | head``): nothing to say
            _silence_stdout()
            return 1
        return _fail(describe_os_error(error) + ".", error)
    except UnicodeDecodeError as error:
        return _fail(f"một tệp không phải văn bản UTF-8 (byte 0x{error.object[error.start]:02x} ở vị trí "
                     f"{error.start}): mở tệp bằng trình soạn thảo rồi lưu lại dưới dạng UTF-8.", error)
    except yaml.YAMLError as error:
        return _fail(yaml_message(error), error)
    except RecursionError as error:
        return _fail("nội dung lồng nhau quá sâu (danh sách, trích dẫn, chữ đậm, nghiêng hoặc khối <div> lồng "
                     "trong nhau quá nhiều tầng): giảm số tầng lồng nhau rồi chạy lại.", error)
    except MemoryError as error:
        return _fail("không đủ bộ nhớ: tệp đưa vào quá lớn. Chia tài liệu thành nhiều tệp nhỏ hơn, "
                     "hoặc chạy trên máy nhiều bộ nhớ hơn.", error)
    except Exception as error:
        detail = f"{type(error).__name__}: {error}"[:300]
        return _fail(f"lỗi không mong đợi ({detail}). {REPORT}", error)


def _fail(message: str, error: BaseException, text: str | None = None) -> int:
    """Say ``Lỗi: message`` (or ``text``), with the traceback only when HOIDAP_DEBUG asks; status 1."""
    _say(text if text is not None else f"Lỗi: {message}")
    if os.environ.get(DEBUG, "") not in ("", "0"):
        with contextlib.suppress(OSError, ValueError):
            traceback.print_exception(error, file=sys.stderr)
    return 1


def _tolerant_output() -> None:
    """Print a file name that is not UTF-8 (any bytes, on Linux) as its own bytes instead of failing; on a
    terminal that is not UTF-8, print what it cannot show as escapes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            utf8 = stream.encoding.lower().replace("-", "").replace("_", "") == "utf8"
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="surrogateescape" if utf8 else "backslashreplace")


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr itself closed: the exit status still tells
        print(text, file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not complain about the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
