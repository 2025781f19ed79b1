"""Xuất bản trang đã dựng thành một bản mới trên máy chủ, quay lại bản trước, xem các bản đã xuất bản.

    python scripts/publish.py publish TARGET [--site site] [--keep 5]
    python scripts/publish.py rollback TARGET [--to TÊN-BẢN]
    python scripts/publish.py list TARGET

TARGET is a local folder (``/srv/hoidap``) or ``user@host:/srv/hoidap`` (SSH, rsync). The web server's root
points to ``TARGET/current`` (see ``hoidap.release``). Exit status: 0 done, 1 a failure (what is served is
unchanged), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hoidap.cli import Parser, run
from hoidap.release import PublishError, Target, publish, releases, reload, rollback

ROOT = Path(__file__).resolve().parent.parent


def _keep(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"số bản giữ lại phải là số nguyên từ 1 trở lên, không phải '{text}'")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="publish.py", description="Xuất bản trang đã dựng, quay lại bản trước, xem các bản.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{publish,rollback,list}",
                                     parser_class=Parser)
    target_help = "thư mục trên máy này hoặc nguoi-dung@may-chu:/thu-muc (qua SSH)"
    publishing = commands.add_parser("publish", help="chép site/ thành bản mới rồi chuyển sang bản đó")
    publishing.add_argument("target", metavar="TARGET", help=target_help)
    publishing.add_argument("--site", type=Path, default=ROOT / "site", help="trang đã dựng (mặc định: site)")
    publishing.add_argument("--keep", type=_keep, default=5, help="số bản giữ lại (mặc định: 5)")
    reload_help = "lệnh chạy trên máy đích sau khi chuyển bản, ví dụ 'sudo systemctl reload nginx'"
    publishing.add_argument("--reload", metavar="LỆNH", default="", help=reload_help)
    back = commands.add_parser("rollback", help="chuyển về bản xuất bản trước")
    back.add_argument("target", metavar="TARGET", help=target_help)
    back.add_argument("--to", metavar="TÊN-BẢN", help="chuyển về đúng bản này (xem bằng lệnh list)")
    back.add_argument("--reload", metavar="LỆNH", default="", help=reload_help)
    listing = commands.add_parser("list", help="liệt kê các bản đã xuất bản")
    listing.add_argument("target", metavar="TARGET", help=target_help)
    args = parser.parse_args(argv)
    try:
        target = Target.parse(args.target)
        if args.command == "publish":
            print(f"Đang chép '{args.site}' lên '{target.label}'…", flush=True)
            done = publish(args.site, target, keep=args.keep)
            print(f"Đã xuất bản bản {done.name} ({done.files} tệp) lên '{target.label}': "
                  f"'current' nay trỏ tới releases/{done.name}.")
            if done.previous:
                print(f"Bản trước: {done.previous} (quay lại bằng: make rollback TARGET={args.target}).")
            if done.removed:
                print(f"Đã xóa {len(done.removed)} bản cũ: {', '.join(done.removed)}.")
            _after_switch(target, args.reload)
        elif args.command == "rollback":
            previous, chosen = rollback(target, args.to)
            print(f"Đã quay lại bản {chosen} trên '{target.label}' (thay cho bản {previous}).")
            _after_switch(target, args.reload)
        else:
            _print_list(target)
    except PublishError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu; bản đang chạy vẫn giữ nguyên.", file=sys.stderr)
        return 1
    return 0


def _after_switch(target: Target, command: str) -> None:
    """Reload the web server, or remind the board to (nginx reads the release's nginx-vars.conf on reload)."""
    if command:
        reload(target, command)
        print(f"Đã nạp lại máy chủ web: {command}")
    else:
        print("Nếu máy chủ dùng deploy/nginx.conf: nạp lại nginx để áp dụng bản mới "
              "(sudo systemctl reload nginx, hoặc thêm RELOAD='sudo systemctl reload nginx' vào lệnh make).")


def _print_list(target: Target) -> None:
    state = releases(target)
    if not state.releases:
        print(f"Chưa có bản nào trên '{target.label}'.")
        return
    print(f"Các bản trên '{target.label}' (cũ trước, mới sau):")
    for name in state.releases:
        print(f"  {name}{'   ← đang chạy' if name == state.current else ''}")
    if state.current is None:
        print(f"'current' chưa trỏ tới bản nào trong số này{f' (đang trỏ tới {state.link})' if state.link else ''}.")


if __name__ == "__main__":
    sys.exit(run(main))
