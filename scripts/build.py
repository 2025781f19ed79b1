"""Kiểm tra, dựng trang và in PDF vào thư mục mới, chỉ thay trang cũ khi mọi bước thành công.

    .venv/bin/python scripts/build.py [--config mkdocs.yml] [--site site] [--no-pdf]
    .venv/bin/python scripts/build.py --clean [--site site]

Check, build, print and link the PDFs into ``<site>.new-<random>``, then swap it in (see
``hoidap.publishing.site_build``). The site folder is replaced only if an earlier build made it (it carries the mark
``.hoidap-site``), or is empty or missing. ``--clean`` removes such a site and the temporary folders of
killed builds, nothing else. Exit status: 0 built and swapped in, 1 a failure (the previous site is untouched),
2 wrong usage.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hoidap.checking.site_address import sample_site_url, warning_line
from hoidap.cli import Parser, run
from hoidap.errors import UserError, describe_os_error
from hoidap.model import siteconfig
from hoidap.publishing.site_build import BuildError, TargetRefused, build, clean

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="build.py", description="Kiểm tra và dựng toàn bộ trang (kể cả PDF) một cách an toàn.")
    parser.add_config()
    parser.add_argument("--site", type=Path, help="thư mục chứa trang đã dựng (mặc định: site cạnh mkdocs.yml)")
    parser.add_argument("--no-pdf", action="store_true", help="không in PDF (nhanh hơn; trang chỉ gắn PDF đã có sẵn)")
    parser.add_argument("--clean", action="store_true",
                        help="xóa trang đã dựng (chỉ khi do lệnh này dựng) và thư mục tạm của các lần dựng đã dừng")
    args = parser.parse_args(argv)
    site = args.site or args.config.resolve().parent / "site"
    if args.clean:
        return _clean(args.config, site)
    started = time.monotonic()
    try:
        build(args.config, site, pdf=not args.no_pdf)
    except BuildError as exc:
        if exc.details:
            print(exc.details, file=sys.stderr)
        kept = f"Thư mục '{site}'" if isinstance(exc, TargetRefused) else f"Trang cũ trong '{site}'"
        print(f"Dựng trang không thành công: {str(exc).rstrip('.')}. {kept} vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"Dựng trang không thành công: {exc} Trang cũ trong '{site}' vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Dựng trang không thành công: {describe_os_error(exc, exc.filename or site)}. "
              f"Trang cũ trong '{site}' vẫn giữ nguyên.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu. Trang cũ vẫn giữ nguyên.", file=sys.stderr)
        return 1
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    print(f"Đã dựng xong trang vào '{site}' ({seconds} giây). Xuất bản: make publish TARGET=…")
    _warn_sample_address(args.config)
    return 0


def _warn_sample_address(config: Path) -> None:
    """Say so when the site was built with the kit's sample address (sample-site-url)."""
    try:
        finding = sample_site_url(siteconfig.read(config), config)
    except UserError:  # the build read it a moment ago; nothing more to say if it changed meanwhile
        return
    if finding:
        print(warning_line(finding), file=sys.stderr, flush=True)


def _clean(config: Path, site: Path) -> int:
    try:
        removed, kept = clean(config, site)
    except BuildError as exc:
        print(f"Không dọn được: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không dọn được '{exc.filename or site}' ({exc.strerror or exc}).", file=sys.stderr)
        return 1
    for path in removed:
        print(f"Đã xóa '{path}'.")
    if kept:
        print(f"Giữ nguyên '{site}': thư mục này không mang tệp dấu .hoidap-site của lệnh dựng trang (không do lệnh "
              "này dựng). Tự xóa nếu chắc chắn không cần.")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
