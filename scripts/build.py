"""Kiểm tra, dựng trang và in PDF vào thư mục mới, chỉ thay trang cũ khi mọi bước thành công.

    python scripts/build.py [--config mkdocs.yml] [--site site] [--no-pdf]

Check, build, print and link the PDFs into ``<site>.new-<random>``, then swap it in (see
``hoidap.site_build``). Exit status: 0 built and swapped in, 1 a failure (the previous site is untouched),
2 wrong usage.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.errors import UserError, describe_os_error
from hoidap.site_build import BuildError, build

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="build.py", description="Kiểm tra và dựng toàn bộ trang (kể cả PDF) một cách an toàn.")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="tệp mkdocs.yml")
    parser.add_argument("--site", type=Path, help="thư mục chứa trang đã dựng (mặc định: site cạnh mkdocs.yml)")
    parser.add_argument("--no-pdf", action="store_true", help="không in PDF (nhanh hơn; trang chỉ gắn PDF đã có sẵn)")
    args = parser.parse_args(argv)
    site = args.site or args.config.resolve().parent / "site"
    started = time.monotonic()
    try:
        build(args.config, site, pdf=not args.no_pdf)
    except BuildError as exc:
        if exc.details:
            print(exc.details, file=sys.stderr)
        print(f"Dựng trang không thành công: {exc}. Trang cũ trong '{site}' vẫn giữ nguyên.", file=sys.stderr)
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
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
