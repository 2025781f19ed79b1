"""Soạn tài liệu bằng trình soạn thảo web trên máy mình / Edit the booklets in a web editor on this computer.

    make edit [PORT=8010]
    .venv/bin/python scripts/edit.py [--port 8010] [--no-browser]

Starts the local editor's server (hoidap.editing.server) on 127.0.0.1 and opens http://127.0.0.1:PORT/admin/ in
the browser; every save is checked and written into docs/ of this checkout. Stop with Ctrl-C.
"""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.editing.server import Editor, EditorServer
from hoidap.errors import UserError
from hoidap.model import siteconfig

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="edit.py", description="Mở trình soạn thảo web để soạn tài liệu trên máy mình.")
    parser.add_argument("--port", type=int, default=0,
                        help="cổng (mặc định: một cổng còn trống)")
    parser.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="tệp mkdocs.yml")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        parser.error(f"không thấy tệp cấu hình {args.config}")
    site = siteconfig.read(args.config)
    try:
        server = EditorServer(Editor(site, ROOT / "editor"), args.port)
    except OSError as error:
        raise UserError(f"không mở được cổng {args.port} ({error.strerror}): chọn cổng khác, ví dụ "
                        "make edit PORT=8011.") from None
    print(f"Trình soạn thảo đang chạy tại {server.url}\n"
          "Mở địa chỉ này bằng Chrome, Cốc Cốc hoặc Edge trên máy này. Mỗi lần bấm Lưu, tài liệu được kiểm tra "
          "rồi mới ghi vào thư mục docs. Xem trước cả trang web: chạy make serve ở cửa sổ khác. Dừng: Ctrl-C.",
          flush=True)
    if not args.no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C: the way to stop, not an error
        print("\nĐã dừng trình soạn thảo.")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
