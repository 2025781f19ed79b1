"""Xuất bản trang đã dựng thành một bản mới trên máy chủ, quay lại bản trước, xem các bản đã xuất bản.

    .venv/bin/python scripts/publish.py publish TARGET [--site site] [--keep 5] [--wait 300]
    .venv/bin/python scripts/publish.py rollback TARGET [--to TÊN-BẢN] [--wait 300]
    .venv/bin/python scripts/publish.py list TARGET

TARGET is a local folder (``/srv/hoidap``) or ``user@host:/srv/hoidap`` (SSH, rsync). The web server's root
points to ``TARGET/current`` (see ``hoidap.publishing.release``). Publications and rollbacks of one target take its lock
in turn; the success line and the reload happen while the lock is held, so the last publication to report
success is the one served. Exit status: 0 done, 1 a failure (what is served is unchanged), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hoidap.checking.site_address import HOW_TO_FIX, built_with_sample
from hoidap.cli import Parser, run
from hoidap.publishing.release import LOCK_WAIT, Published, PublishError, Session, Target, releases, session, site_files

ROOT = Path(__file__).resolve().parent.parent


def _keep(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"số bản giữ lại phải là số nguyên từ 1 trở lên, không phải '{text}'")
    return int(text)


def _wait(text: str) -> float:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"thời gian chờ phải là số giây (số nguyên), không phải '{text}'")
    return float(text)


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
    wait_help = f"chờ lần xuất bản khác tới cùng nơi tối đa bao nhiêu giây (mặc định: {LOCK_WAIT:g})"
    publishing.add_argument("--wait", metavar="GIÂY", type=_wait, default=LOCK_WAIT, help=wait_help)
    back = commands.add_parser("rollback", help="chuyển về bản xuất bản trước")
    back.add_argument("target", metavar="TARGET", help=target_help)
    back.add_argument("--to", metavar="TÊN-BẢN", help="chuyển về đúng bản này (xem bằng lệnh list)")
    back.add_argument("--reload", metavar="LỆNH", default="", help=reload_help)
    back.add_argument("--wait", metavar="GIÂY", type=_wait, default=LOCK_WAIT, help=wait_help)
    listing = commands.add_parser("list", help="liệt kê các bản đã xuất bản")
    listing.add_argument("target", metavar="TARGET", help=target_help)
    args = parser.parse_args(argv)
    try:
        target = Target.parse(args.target)
        if args.command == "publish":
            site_files(args.site)  # an unbuilt site is refused before waiting for the target's lock
            _warn_sample_address(args.site)
            print(f"Đang chép '{args.site}' lên '{target.label}'…", flush=True)
            with session(target, wait=args.wait) as held:
                done = held.publish(args.site, keep=args.keep)
                _report(done, target, args.target)  # under the lock: the last to report is the one served
                _after_switch(held, args.reload)
        elif args.command == "rollback":
            with session(target, wait=args.wait) as held:
                previous, chosen = held.rollback(args.to)
                print(f"Đã quay lại bản {chosen} trên '{target.label}' (thay cho bản {previous}).", flush=True)
                _after_switch(held, args.reload)
        else:
            _print_list(target)
    except PublishError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu (bước đang chạy trên máy đích, nếu có, được làm cho xong). Xem bản đang "
              "chạy bằng: make releases TARGET=…", file=sys.stderr)
        return 1
    return 0


def _warn_sample_address(site: Path) -> None:
    """Say so when the site to publish was built with the kit's sample address (sample-site-url)."""
    sample = built_with_sample(site)
    if sample:
        print(f"Cảnh báo: sample-site-url: trang sắp xuất bản mang địa chỉ mẫu {sample} của bộ công cụ (in trên mọi "
              f"bản PDF kèm mã QR, ghi trong sitemap.xml và nguồn tin). {HOW_TO_FIX} Sau đó xuất bản lại.",
              file=sys.stderr, flush=True)


def _report(done: Published, target: Target, text: str) -> None:
    print(f"Đã xuất bản bản {done.name} ({done.files} tệp) lên '{target.label}': "
          f"'current' nay trỏ tới releases/{done.name}.", flush=True)
    if done.previous:
        print(f"Bản trước: {done.previous} (quay lại bằng: make rollback TARGET={text}).")
    if done.removed:
        print(f"Đã xóa {len(done.removed)} bản cũ: {', '.join(done.removed)}.")
    if done.stuck:
        print(f"Không xóa được {len(done.stuck)} bản cũ (thiếu quyền?): {', '.join(done.stuck)}.")
    if done.unmarked:
        print(f"Không tự xóa {len(done.unmarked)} bản cũ thiếu tệp dấu .hoidap-release (không do lệnh này tạo, "
              f"hoặc do phiên bản cũ của bộ công cụ): {', '.join(done.unmarked)}. Tự xóa nếu không cần.")
    if done.partials:
        print(f"Còn {len(done.partials)} bản chép dở của lần xuất bản bị ngắt trước đây: {', '.join(done.partials)}. "
              "Lệnh này không xóa chúng; tự xóa (rm -rf) khi không có lần xuất bản nào đang chạy.")
    sys.stdout.flush()


def _after_switch(held: Session, command: str) -> None:
    """Reload the web server, or remind the board to (nginx reads the release's nginx-vars.conf on reload)."""
    if command:
        held.reload(command)
        print(f"Đã nạp lại máy chủ web: {command}", flush=True)
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
        note = "   ← đang chạy" if name == state.current else ""
        if name not in state.marked:
            note += "   (thiếu tệp dấu .hoidap-release: lệnh xuất bản không tự xóa bản này)"
        print(f"  {name}{note}")
    if state.current is None:
        print(f"'current' chưa trỏ tới bản nào trong số này{f' (đang trỏ tới {state.link})' if state.link else ''}.")
    if state.partials:
        print(f"Bản chép dở của lần xuất bản bị ngắt: {', '.join(state.partials)} (tự xóa bằng rm -rf khi không có "
              "lần xuất bản nào đang chạy).")


if __name__ == "__main__":
    sys.exit(run(main))
