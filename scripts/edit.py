"""Soạn tài liệu bằng trình soạn thảo web trên máy mình / Edit the booklets in a web editor on this computer.

    make edit [PORT=8010]
    .venv/bin/python scripts/edit.py [--port 8010] [--no-browser]

Starts the local editor's server (hoidap.editing.server) on 127.0.0.1 and opens http://127.0.0.1:PORT/admin/ in
the browser; every save is checked and written into docs/ of this checkout. Beside it runs the whole site's preview
(``mkdocs serve`` on another free port, reloaded at each save) unless --no-preview. Stop with Ctrl-C.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import webbrowser
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.editing.server import Editor, EditorServer
from hoidap.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="edit.py", description="Mở trình soạn thảo web để soạn tài liệu trên máy mình.")
    parser.add_argument("--port", type=int, default=0,
                        help="cổng (mặc định: một cổng còn trống)")
    parser.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    parser.add_argument("--preview-port", type=int, default=0,
                        help="cổng của bản xem trước cả trang web (mặc định: một cổng còn trống)")
    parser.add_argument("--no-preview", action="store_true", help="không chạy bản xem trước cả trang web")
    parser.add_config()
    args = parser.parse_args(argv)
    site = parser.site(args)
    try:
        server = EditorServer(Editor(site, ROOT / "editor"), args.port)
    except OSError as error:
        raise UserError(f"không mở được cổng {args.port} ({error.strerror}): chọn cổng khác, ví dụ "
                        "make edit PORT=8011.") from None
    preview = None if args.no_preview else start_preview(args.config, args.preview_port)
    print(f"Trình soạn thảo đang chạy tại {server.url}\n"
          "Mở địa chỉ này bằng Chrome, Cốc Cốc hoặc Edge trên máy này. Mỗi lần bấm Lưu, tài liệu được kiểm tra "
          "rồi mới ghi vào thư mục docs.", flush=True)
    if preview:
        print(f"Xem trước cả trang web tại {preview[1]} (sẵn sàng sau khi dựng xong, vài giây; tự tải lại sau "
              "mỗi lần lưu).", flush=True)
    print("Dừng: Ctrl-C.", flush=True)
    if not args.no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C: the way to stop, not an error
        print("\nĐã dừng trình soạn thảo.")
    finally:
        server.server_close()
        if preview:
            stop(preview[0])
    return 0


def start_preview(config: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    """``mkdocs serve`` of the site on 127.0.0.1 (``port``, or a free one), and its address."""
    if not port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--quiet", "--dev-addr", f"127.0.0.1:{port}",
         "--config-file", str(config)],
        cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return process, f"http://127.0.0.1:{port}/"


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the preview, by force if it does not stop within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(run(main))
