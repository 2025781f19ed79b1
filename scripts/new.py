"""Tạo một tài liệu hỏi - đáp mới, đúng định dạng, ở đúng thư mục / Create a new, valid booklet.

    python scripts/new.py --number 19-NQ/TW --name "về nông nghiệp…" --issuer "Ban Chấp hành Trung ương" \\
        --issued 2022-06-16 --level trung-uong [--term XIII] [--title "…"] [--compiled-by "…"]

Whatever is not given is asked for when run in a terminal.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hoidap import siteconfig
from hoidap.booklet import parse
from hoidap.cli import Parser, interactive, run
from hoidap.findings import BookletError
from hoidap.fixes import write_atomically
from hoidap.front_writer import PROMPTS, front_matter_text
from hoidap.schema import LEVEL_KEYS
from hoidap.vntext import nfc, slugify

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = PROMPTS


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="new.py", description="Tạo tài liệu hỏi - đáp mới.")
    parser.add_argument("--number")
    parser.add_argument("--name")
    parser.add_argument("--issuer")
    parser.add_argument("--issued")
    parser.add_argument("--level")
    parser.add_argument("--term", help="khóa, ví dụ XIII (không bắt buộc)")
    parser.add_argument("--title", help="tiêu đề; mặc định 'Hỏi - đáp Nghị quyết số …'")
    parser.add_argument("--compiled-by", default="Ban Tuyên giáo", help="đơn vị biên soạn")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="tệp mkdocs.yml")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        parser.error(f"không thấy tệp cấu hình {args.config}")
    values = {key: getattr(args, key) for key in QUESTIONS}
    for key, prompt in QUESTIONS.items():
        while not values[key]:
            if not interactive():
                parser.error(f"thiếu --{key}: {prompt}")
            values[key] = input(f"{prompt}: ").strip()
    values = {key: nfc(value.strip()) for key, value in values.items()}
    try:
        issued = dt.date.fromisoformat(values["issued"])
    except ValueError:
        parser.error(f"ngày '{values['issued']}' phải viết dạng NĂM-THÁNG-NGÀY, ví dụ 2022-06-16")
    if values["level"] not in LEVEL_KEYS:
        parser.error(f"cấp '{values['level']}' không có; chọn một trong: {', '.join(LEVEL_KEYS)}")
    site = siteconfig.read(args.config)
    docs = site.docs_dir
    target = docs / "nghi-quyet" / values["level"] / f"{slugify(values['number'])}-{issued.year}.md"
    if target.exists():
        parser.error(f"đã có tệp {_shown(target, site.root)}; sửa tệp đó hoặc xóa nó trước")
    front = {
        "title": args.title or f"Hỏi - đáp Nghị quyết số {values['number']}",
        "resolution": {"number": values["number"], "name": values["name"], "issuer": values["issuer"],
                       "issued": issued, **({"term": args.term} if args.term else {})},
        "level": values["level"],
        "compiled_by": nfc(args.compiled_by),
        "updated": dt.date.today(),
        "tags": [],
        "description": "",
    }
    text = (front_matter_text(front) + "\n"
            "Viết một hai câu giới thiệu tài liệu ở đây.\n\n"
            "## Phần I. Thông tin chung\n\n"
            "### Câu 1. Viết câu hỏi thứ nhất ở đây?\n\n"
            "Viết câu trả lời ngắn gọn, dễ hiểu, dễ nhớ ở đây.\n")
    try:
        parse(text, str(target))
    except BookletError as error:
        sys.exit(f"Không tạo được tài liệu:\n{error}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomically(target, text.encode("utf-8"), new=True)
    except FileExistsError:
        parser.error(f"đã có tệp {_shown(target, site.root)}; sửa tệp đó hoặc xóa nó trước")
    print(f"Đã tạo {_shown(target, site.root)}. Mở tệp, viết câu hỏi và câu trả lời, rồi chạy 'make serve'.")
    return 0


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


if __name__ == "__main__":
    sys.exit(run(main))
