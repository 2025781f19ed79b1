"""In mọi tài liệu của trang đã dựng ra PDF khổ A4 và A5 / Print every booklet of the built site to PDF.

    .venv/bin/python scripts/pdf.py [--site site] [--config mkdocs.yml] [--paper A4 A5] [--force] [--time-limit 300]

PDFs are written next to each booklet page (``…/19-nq-tw/19-nq-tw-a4.pdf``) and kept in ``.cache/pdf/``;
unchanged booklets are not printed again. Build the site again afterwards to link them ('make build' does).
The printing browser runs no script and reaches nothing but the built site (``hoidap.publishing.pdf_sandbox``); a
booklet that does not print within ``--time-limit`` seconds fails with its name.
Exit status: 0 all printed, 1 a failure (no built site, no Chromium, a booklet that could not be printed),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.model import siteconfig
from hoidap.publishing import pdf_files
from hoidap.publishing.pdf_export import TIME_LIMIT, ExportError, export

ROOT = Path(__file__).resolve().parent.parent


def _seconds(text: str) -> float:
    """A number of seconds above zero, "90" or "7,5"."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"cần số giây lớn hơn 0, không phải '{text}'")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="pdf.py", description="In mọi tài liệu của trang đã dựng ra PDF.")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="thư mục trang đã dựng (mặc định: site)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="tệp mkdocs.yml")
    parser.add_argument("--cache", type=Path, help="thư mục bộ nhớ đệm PDF (mặc định: .cache/pdf cạnh mkdocs.yml)")
    parser.add_argument("--paper", nargs="+", choices=pdf_files.PAPERS, default=list(pdf_files.PAPERS),
                        help="khổ giấy")
    parser.add_argument("--force", action="store_true", help="in lại tất cả, không dùng bộ nhớ đệm")
    parser.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")
    parser.add_argument("--time-limit", type=_seconds, default=TIME_LIMIT, metavar="GIÂY",
                        help=f"thời gian tối đa để in một tài liệu (mặc định: {TIME_LIMIT:g} giây)")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        print(f"Không thấy tệp cấu hình '{args.config}'.", file=sys.stderr)
        return 1
    config = siteconfig.read(args.config)
    cache = args.cache or args.config.resolve().parent / pdf_files.CACHE_DIR
    started = time.monotonic()
    try:
        report = export(args.site, cache, config.default_language, tuple(args.paper), force=args.force,
                        progress=not args.quiet, time_limit=args.time_limit)
    except ExportError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; các tệp PDF đã in xong vẫn còn nguyên.", file=sys.stderr)
        return 1
    for failure in report.failures:
        print(f"Lỗi: {failure}", file=sys.stderr)
    hint = " Dựng lại trang (mkdocs build) để hiện liên kết tải PDF." if report.printed else ""
    print(f"PDF: in mới {report.printed}, dùng lại {report.reused} tệp đã in "
          f"({time.monotonic() - started:.1f} giây).{hint}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(run(main))
