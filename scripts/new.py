"""Tạo một tài liệu hỏi - đáp mới, đúng định dạng, ở đúng thư mục / Create a new, valid booklet.

    make new [NUMBER=… NAME=… ISSUER=… ISSUED=… LEVEL=… KHOA=… COMPILED_BY=… TITLE=… OUT=… FORCE=1]
    .venv/bin/python scripts/new.py [--number …] [--name "về …"] [--issuer "…"] [--issued 30/4/2025]
        [--level "Trung ương"] [--term XIII] [--compiled-by "…"] [--title "…"] [--out TỆP|THƯ-MỤC] [--force]

Whatever is not given is asked (hoidap.authoring.asking): in a terminal question by question, a bad answer asked
again; or
read from piped standard input, one answer a line in the order number, summary, issuer, date, level, khóa,
compiling board (an empty line takes the default). Dates as 30/4/2025 or 2025-04-30, levels by their Vietnamese
names or keys. The file is named like the samples (docs/nghi-quyet/trung-uong/19-nq-tw.md) and never
overwrites anything. Exit status: 0 written, 1 nothing written (a bad or missing answer, the booklet exists),
2 wrong usage.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hoidap.authoring.asking import Rerun, ask, hint
from hoidap.authoring.front_writer import front_matter_text, resolution_questions
from hoidap.authoring.placeholder import MARK, TEMPLATE_BODY
from hoidap.authoring.placement import file_name, free_path, same_resolution
from hoidap.cli import Parser, run
from hoidap.errors import UserError
from hoidap.files import write_atomically
from hoidap.model import siteconfig
from hoidap.model.booklet import parse
from hoidap.model.findings import BookletError
from hoidap.model.schema import BOOKLET_FOLDER, LEVEL_KEYS
from hoidap.vietnamese.vntext import nfc

ROOT = Path(__file__).resolve().parent.parent
RERUN = Rerun("make new", ".venv/bin/python scripts/new.py")
OPTION_HELP = {"number": "số hiệu, như trên văn bản", "name": "trích yếu, như trên văn bản",
               "issuer": "cơ quan ban hành", "issued": "ngày ban hành: 30/4/2025 hoặc 2025-04-30",
               "level": "cấp: Trung ương, tỉnh, huyện, cơ sở (hoặc trung-uong, tinh, huyen, co-so)",
               "term": "khóa, số La Mã (không bắt buộc)", "compiled_by": "đơn vị biên soạn"}


class _Refused(UserError):
    """The booklet cannot be created; nothing has been written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message} Chưa tạo tệp nào.")


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="new.py", description="Tạo tài liệu hỏi - đáp mới; hỏi những thông tin chưa có.")
    questions = resolution_questions()
    for question in questions:
        names = [question.option, "--khoa"] if question.key == "term" else [question.option]
        parser.add_argument(*names, dest=question.key, metavar=question.variable, help=OPTION_HELP[question.key])
    parser.add_argument("--title", help="tiêu đề; mặc định 'Hỏi - đáp Nghị quyết số …'")
    parser.add_argument("--out", type=Path, metavar="TỆP", help="tệp .md sẽ tạo, hoặc thư mục để tạo vào; mặc định "
                        "docs/nghi-quyet/<cấp>/<số hiệu>.md")
    parser.add_argument("--force", action="store_true", help="tạo dù đã có tài liệu cùng số hiệu, cấp và năm ban hành "
                        "(nghị quyết khác cùng số); không bao giờ ghi đè tệp")
    parser.add_config()
    args = parser.parse_args(argv)
    site = parser.site(args)
    try:
        values = ask(resolution_questions(site.compiled_by), {q.key: getattr(args, q.key) for q in questions}, RERUN)
    except UserError as error:
        raise _Refused(str(error)) from None
    target = _target(args.out, site, values, args.force)
    front = {
        "title": nfc(" ".join(args.title.split())) if args.title and args.title.strip()
        else f"Hỏi - đáp Nghị quyết số {values['number']}",
        "resolution": {"number": values["number"], "name": values["name"], "issuer": values["issuer"],
                       "issued": values["issued"], **({"term": values["term"]} if values["term"] else {})},
        "level": values["level"],
        "compiled_by": values["compiled_by"],
        "updated": dt.date.today(),
        "tags": [],
        "description": "",
    }
    text = front_matter_text(front) + "\n" + TEMPLATE_BODY
    try:
        parse(text, str(target))
    except BookletError as error:
        raise _Refused(f"tài liệu tạo ra không hợp lệ:\n{error}\n") from None
    created = _make_folders(target.parent)
    try:
        write_atomically(target, text.encode("utf-8"), new=True)
    except FileExistsError:
        _remove(created)
        raise _Refused(f"đã có tệp {_shown(target, site.root)} (vừa được tạo): mở tệp đó để sửa.") from None
    except BaseException:
        _remove(created)
        raise
    print(f"Đã tạo {_shown(target, site.root)}. Mở tệp, viết lời giới thiệu, các câu hỏi và câu trả lời thay cho "
          f"những dòng mẫu (có dấu {MARK}), rồi chạy make serve để xem trước và make check để kiểm tra.")
    return 0


def _target(out: Path | None, site: siteconfig.SiteConfig, values: dict, force: bool) -> Path:
    """Where the booklet goes: ``--out`` (a file, or a folder to name it in), else its level's folder; refused
    when a booklet of the same resolution exists (unless ``force``) or the name is taken."""
    level, number, issued = values["level"], values["number"], values["issued"]
    if out is not None and not out.is_dir():
        if out.suffix != ".md":
            raise _Refused(f"'{out}' không có đuôi .md: ghi tên tệp dạng …/ten-tai-lieu.md, hoặc một thư mục có sẵn.")
        if out.exists() or out.is_symlink():
            raise _Refused(f"đã có '{out}'; lệnh này không ghi đè tệp nào: chọn {hint('--out', 'OUT', 'TỆP')} khác.")
        folder, path = out.parent, out
    else:
        folder = out if out is not None else site.docs_dir / BOOKLET_FOLDER / level
        path = free_path(folder, number, issued)
    docs = site.docs_dir.resolve()
    scanned = docs if folder.resolve().is_relative_to(docs) else folder
    same = same_resolution(scanned, number, level, issued, set(site.languages) - {site.default_language}) \
        if scanned.is_dir() else []
    if same and not force:
        names = ", ".join(str(_shown(p, site.root)) for p in same)
        raise _Refused(f"đã có tài liệu cho Nghị quyết số {number} (cấp {LEVEL_KEYS[level].vi}, ban hành năm "
                       f"{issued.year}): {names}. Mở tệp đó để viết tiếp. Nếu đây là một nghị quyết khác cùng số (của "
                       f"cơ quan ban hành khác), thêm {hint('--force', 'FORCE')}.")
    if path is None:
        taken = " và ".join(f"{folder / name}" for name in (file_name(number), file_name(number, issued)))
        raise _Refused(f"đã có tệp {taken}: chọn tên khác bằng {hint('--out', 'OUT', '…/ten-khac.md')}.")
    return path


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, innermost first (all removed again when
    one cannot be made)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            created.insert(0, path)
    except BaseException:
        _remove(created)
        raise
    return created


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


if __name__ == "__main__":
    sys.exit(run(main))
