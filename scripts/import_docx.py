"""Nhập tài liệu hỏi - đáp từ tệp Word (.docx) hoặc tệp văn bản (.txt) / Import a Word Q&A file as a booklet.

    make import FILE=tai-lieu.docx [COMPILED_BY=… NUMBER=… NAME=… ISSUER=… ISSUED=… LEVEL=… KHOA=… TITLE=…
        OUT=… FORCE=1]
    .venv/bin/python scripts/import_docx.py FILE.docx [--out PATH] [--number …] [--name "về …"] [--issuer "…"]
        [--issued 22/12/2024] [--level "Trung ương"] [--term XIII] [--title "…"] [--compiled-by "…"] [--force]

What the file does not say is asked (hoidap.authoring.asking: in a terminal, or one answer a line on piped standard
input),
or the command names the option to pass; the hoidap plugin's ``compiled_by`` in mkdocs.yml is the default compiling
board. The file is named like the samples (``57-nq-tw.md``); a booklet of the same resolution (number, level,
year) already in docs/ is refused unless ``--force``, which replaces it. A title in capitals becomes sentence case.
Exit status: 0 written, 1 nothing written (unreadable file, missing information, checker errors), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hoidap.authoring import answers
from hoidap.authoring.asking import Rerun, ask, hint
from hoidap.authoring.docx_reader import Paragraph, Table, read_source
from hoidap.authoring.front_writer import resolution_questions
from hoidap.authoring.importer import UNPLACED_HEADING, arrange, missing_paragraphs, render, validate
from hoidap.authoring.placement import file_name, free_path, same_resolution
from hoidap.authoring.resolution_detect import detect
from hoidap.checking.checks import Settings, check, load
from hoidap.cli import Parser, is_utf8, run
from hoidap.errors import UserError, describe_os_error
from hoidap.model import siteconfig
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import BookletError
from hoidap.model.schema import BOOKLET_FOLDER, LEVEL_KEYS
from hoidap.vietnamese.casing import sentence_case
from hoidap.vietnamese.vntext import nfc

ROOT = Path(__file__).resolve().parent.parent
RERUN = Rerun("make import FILE=…", ".venv/bin/python scripts/import_docx.py TỆP")
OPTION_HELP = {"number": "số hiệu, như trên văn bản", "name": "trích yếu, như trên văn bản",
               "issuer": "cơ quan ban hành", "issued": "ngày ban hành: 30/4/2025 hoặc 2025-04-30",
               "level": "cấp: Trung ương, tỉnh, huyện, cơ sở (hoặc trung-uong, tinh, huyen, co-so)",
               "term": "khóa, số La Mã (không bắt buộc)",
               "compiled_by": "đơn vị biên soạn; mặc định compiled_by của plugin hoidap trong mkdocs.yml"}


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="import_docx.py", description="Nhập tài liệu hỏi - đáp từ tệp Word (.docx) hoặc .txt.")
    parser.add_argument("file", type=Path, nargs="?", metavar="TỆP", help="tệp .docx (hoặc .txt: UTF-8, TCVN3, VNI)")
    parser.add_argument("--out", type=Path, help="tệp .md sẽ ghi, hoặc thư mục để ghi vào (tên tệp theo số hiệu); "
                        "mặc định docs/nghi-quyet/<cấp>/<số hiệu>.md")
    for question in resolution_questions():
        names = [question.option, "--khoa"] if question.key == "term" else [question.option]
        parser.add_argument(*names, dest=question.key, metavar=question.variable, help=OPTION_HELP[question.key])
    parser.add_argument("--title", help="tiêu đề; mặc định lấy dòng tiêu đề của tệp (chữ in hoa thành chữ thường)")
    parser.add_argument("--updated", help="ngày cập nhật (30/4/2025 hoặc 2025-04-30); mặc định hôm nay")
    parser.add_argument("--tags", help="chủ đề, cách nhau bằng dấu phẩy")
    parser.add_argument("--description", help="một câu mô tả tài liệu")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp đã có; nhập dù đã có tài liệu cùng số hiệu, "
                        "cấp và năm ban hành (thay tài liệu đó nếu cùng tên tệp)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="tệp mkdocs.yml")
    args = parser.parse_args(argv)
    if args.file is None:
        parser.error("thiếu tệp cần nhập: make import FILE=tai-lieu.docx, hoặc .venv/bin/python scripts/import_docx.py "
                     "tai-lieu.docx")
    try:
        return _import(args)
    except UserError as stop:  # _Stop, and the reader's ReadError
        print(f"Lỗi: {stop}", file=sys.stderr)
        print("Không ghi tệp nào.", file=sys.stderr)
        return 1


class _Stop(UserError):
    """Stop with a Vietnamese message; nothing has been written."""


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise _Stop(f"không có tệp '{args.file}'." if not args.file.is_dir() else
                    f"'{args.file}' là một thư mục; ghi tên tệp .docx hoặc .txt cần nhập.")
    if args.out and _is_taken(args.out) and not args.force:
        raise _Stop(f"đã có tệp {args.out}; thêm {hint('--force', 'FORCE')} để ghi đè, hoặc chọn "
                    f"{hint('--out', 'OUT', '…')} khác.")
    source = read_source(args.file)
    outline = arrange(source)
    if not outline.questions:
        raise _Stop("không nhận ra câu hỏi nào. Câu hỏi phải bắt đầu bằng 'Câu 1.' (hoặc 'Câu 1:', 'Câu hỏi 1.'), "
                    "hoặc là một đoạn in đậm kết thúc bằng dấu '?'.")
    paragraphs = [b.text for b in source.blocks if isinstance(b, Paragraph)]
    config = siteconfig.read(args.config) if args.config.is_file() else None
    front, title_kept = _front(args, detect(paragraphs), outline.title, config)
    out = _out(args.out, config, front, args.force)
    if _is_taken(out) and not args.force:
        raise _Stop(f"đã có tệp {out}; thêm {hint('--force', 'FORCE')} để ghi đè, hoặc chọn "
                    f"{hint('--out', 'OUT', '…')} khác.")
    if not is_utf8(out.name):
        raise _Stop(f"tên tệp {out.name!a} có byte không phải chữ UTF-8: đặt tên khác, chỉ gồm chữ thường không dấu, "
                    "số và dấu gạch nối (như ten-tai-lieu.md).")
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise _Stop(f"'{out}' không phải một tệp thường (là thư mục, liên kết hay thiết bị): chọn --out khác.")
    image_dir = f"{out.stem}-anh"
    rendered = render(outline, source, front, image_dir, title_kept)
    try:
        validate(rendered.markdown, str(out), len(outline.questions))
    except BookletError as error:
        raise _Stop(f"tài liệu tạo ra không hợp lệ:\n{error}") from None
    warnings = _warnings(source, outline, rendered)
    findings = _write(out, rendered, config, args.force)
    _account(args.file, source, outline, rendered, out, image_dir, findings)
    level = LEVEL_KEYS.get(out.parent.name)
    if level and out.parent.parent.resolve() == (_docs(config) / BOOKLET_FOLDER).resolve():
        print(f"Sửa tiếp trong trình soạn thảo web: make edit, mục «Tài liệu cấp {level.vi}».")
    for warning in warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    return 0


def _front(args: argparse.Namespace, found, heading: Paragraph | None, config: siteconfig.SiteConfig | None
           ) -> tuple[dict, bool]:
    """The front matter: options first, then what the file says, then the answers to what is still missing."""
    detected = {"number": found.number, "name": found.name, "issuer": found.issuer,
                "issued": found.issued.isoformat() if found.issued else None, "level": found.level,
                "term": found.term, "compiled_by": found.compiled_by}
    given = {key: getattr(args, key) or value for key, value in detected.items()}
    try:
        values = ask(resolution_questions(config.compiled_by if config else None), given, RERUN,
                     lacking="tệp nhập không ghi")
    except UserError as error:
        raise _Stop(str(error)) from None
    try:
        updated = answers.date(args.updated, latest=dt.date.today()) if args.updated else dt.date.today()
    except answers.BadAnswer as bad:
        raise _Stop(f"ngày cập nhật (--updated): {bad}") from None
    if args.title and args.title.strip():
        title = args.title
    elif heading is not None and heading.text.strip():
        title = sentence_case(heading.text.replace("\n", " "))
    else:
        title = f"Hỏi - đáp Nghị quyết số {values['number']}"
    front = {
        "title": nfc(" ".join(title.split())),
        "resolution": {"number": values["number"], "name": values["name"], "issuer": values["issuer"],
                       "issued": values["issued"], **({"term": values["term"]} if values["term"] else {})},
        "level": values["level"],
        "compiled_by": values["compiled_by"],
        "updated": updated,
        "tags": [nfc(t.strip()) for t in (args.tags or "").split(",") if t.strip()],
        "description": nfc(args.description or f"Tài liệu hỏi - đáp Nghị quyết số {values['number']}."),
    }
    return front, bool(args.title) and heading is not None


def _docs(config: siteconfig.SiteConfig | None) -> Path:
    return config.docs_dir if config else ROOT / "docs"


def _out(given: Path | None, config: siteconfig.SiteConfig | None, front: dict, force: bool) -> Path:
    """Where to write: ``--out`` (a file, or a folder to write the usual file name into), else the level's folder
    of docs/. A booklet of the same resolution in that docs folder is refused unless ``force``, which replaces it
    when it has the usual name; a file name taken by another resolution gets the year (``57-nq-tw-2024.md``)."""
    resolution = front["resolution"]
    number, level, issued = resolution["number"], front["level"], resolution["issued"]
    explicit = given is not None and not (given.is_dir() and not given.is_symlink())
    folder = (given.parent if explicit else given) if given is not None else _docs(config) / BOOKLET_FOLDER / level
    docs = _docs(config).resolve()
    scanned = docs if folder.resolve().is_relative_to(docs) else folder
    others = set(config.languages) - {config.default_language} if config else {"en"}
    same = same_resolution(scanned, number, level, issued, others) if scanned.is_dir() else []
    if same and not force:
        names = ", ".join(str(path) for path in same)
        raise _Stop(f"đã có tài liệu cho Nghị quyết số {number} (cấp {LEVEL_KEYS[level].vi}, ban hành năm "
                    f"{issued.year}): {names}. Muốn nhập lại thay cho tài liệu đó, hoặc đây là một nghị quyết khác "
                    f"cùng số, thêm {hint('--force', 'FORCE')}.")
    if explicit:
        return given
    path = free_path(folder, number, issued, same)
    if path is None:
        taken = " và ".join(str(folder / name) for name in (file_name(number), file_name(number, issued)))
        raise _Stop(f"đã có tệp {taken} (của nghị quyết khác): chọn tên khác bằng "
                    f"{hint('--out', 'OUT', '…/ten-khac.md')}.")
    return path


def _is_taken(path: Path) -> bool:
    """A file (or a link, a device…) already has this name; a folder does not count: ``--out`` writes into it."""
    return path.is_file() or path.is_symlink() or (path.exists() and not path.is_dir())


def _write(out: Path, rendered, config: siteconfig.SiteConfig | None, force: bool) -> list:
    """Check the booklet in a staging folder beside ``out``, then move it (and its images) into place.

    Nothing is left half-written: a failure removes the staging folder, and the pictures and folders this
    run added; an existing booklet (with ``--force``) is replaced in one step.
    """
    created = _make_folders(out.parent)  # outermost first
    placed: list[Path] = []              # pictures this run added
    try:
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=".nhap-"))
        try:
            return _stage_and_move(out, staging, rendered, config, force, placed, created)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException as error:
        for path in placed:
            path.unlink(missing_ok=True)
        for folder in reversed(created):
            with contextlib.suppress(OSError):  # not empty: something else was put there meanwhile
                folder.rmdir()
        if isinstance(error, OSError):
            named = error.filename if error.filename and ".nhap-" not in str(error.filename) else out
            raise _Stop(f"không ghi được tài liệu: {describe_os_error(error, named)}.") from None
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    created = []
    try:
        for path in reversed(missing):
            path.mkdir()
            created.append(path)
    except OSError as error:
        for path in reversed(created):
            path.rmdir()
        raise _Stop(f"không tạo được thư mục cho tài liệu: {describe_os_error(error)}.") from None
    return created


def _stage_and_move(out: Path, staging: Path, rendered, config: siteconfig.SiteConfig | None, force: bool,
                    placed: list[Path], created: list[Path]) -> list:
    (staging / out.name).write_text(rendered.markdown, encoding="utf-8")
    image_dir = staging / f"{out.stem}-anh"
    for name, data in rendered.images.items():
        image_dir.mkdir(exist_ok=True)
        (image_dir / name).write_bytes(data)
    languages = list(config.languages) if config else ["vi"]
    tree = DocsTree(staging, languages, config.default_language if config else "vi")
    findings, _ = check(load(staging, out.name), tree, Settings(tone_style=config.tone_style if config else None))
    # The boxes this command leaves for the author (placeholder) are told as warnings below; make check reports them.
    errors = [f for f in findings if f.severity == "error" and f.code != "placeholder"]
    if errors:
        raise _Stop("tài liệu tạo ra chưa qua kiểm tra:\n" + "\n".join(f.format() for f in errors))
    if _is_taken(out) and not force:
        raise _Stop(f"đã có tệp {out}; thêm {hint('--force', 'FORCE')} để ghi đè.")
    if rendered.images:
        target = out.parent / image_dir.name
        if not target.is_dir():
            target.mkdir()
            created.append(target)
        for name in rendered.images:
            if not (target / name).exists():
                placed.append(target / name)
            os.replace(image_dir / name, target / name)
    os.chmod(staging / out.name, 0o644)
    os.replace(staging / out.name, out)
    return findings


def _warnings(source, outline, rendered) -> list[str]:
    warnings = []
    for question in outline.questions:
        if not question.answer:
            warnings.append(f"câu hỏi \"{''.join(s.text for s in question.text).strip()}\" không có câu trả lời; "
                            "đã đặt khung \"Chưa có câu trả lời\" để viết thêm.")
    if outline.unplaced:
        kinds = ", ".join(u.kind for u in outline.unplaced)
        warnings.append(f"{len(outline.unplaced)} nội dung chưa xếp được vào câu hỏi nào ({kinds}): "
                        f"xem mục \"{UNPLACED_HEADING}\" cuối tài liệu.")
    merged = sum(b.merged for b in source.blocks if isinstance(b, Table))
    if merged:
        warnings.append(f"bảng có {merged} ô gộp: bảng Markdown không gộp ô được, nội dung ô gộp nằm ở ô đầu, "
                        "các ô bị gộp để trống; xem lại bảng.")
    nested = sum(b.nested for b in source.blocks if isinstance(b, Table))
    if nested:
        warnings.append(f"{nested} bảng lồng trong ô bảng đã được chép thành chữ trong ô.")
    for note in sorted(set(source.notes)):
        warnings.append(note + ".")
    for text in missing_paragraphs(source, rendered.markdown):
        warnings.append(f"không tìm thấy nguyên văn đoạn này trong tài liệu tạo ra, hãy so lại: \"{text[:80]}\"")
    return warnings


def _account(path: Path, source, outline, rendered, out: Path, image_dir: str, findings: list) -> None:
    counts = outline.counts
    paragraphs = sum(1 for b in source.blocks if isinstance(b, Paragraph) and b.has_content)
    tables = sum(1 for b in source.blocks if isinstance(b, Table))
    legacy = source.legacy
    converted = [f"TCVN3 (phông .Vn…) {legacy['tcvn3-font']} đoạn chữ" if legacy["tcvn3-font"] else "",
                 f"VNI (phông VNI-…) {legacy['vni-font']} đoạn chữ" if legacy["vni-font"] else "",
                 f"nhận ra theo nội dung {legacy['text']} đoạn chữ" if legacy["text"] else "",
                 f"tệp văn bản bảng mã {source.encoding.upper()}" if source.encoding else ""]
    converted = [c for c in converted if c]
    print(f"Đã đọc {path}" + (f"; chữ phông cũ đã chuyển sang Unicode: {', '.join(converted)}" if converted else "")
          + ".")
    print(f"Vào: {paragraphs} đoạn văn (bỏ {counts.get('empty', 0)} đoạn trống), {tables} bảng, "
          f"{len(source.images)} hình, {len(source.footnotes)} chú thích, {len(outline.unplaced)} nội dung khác.")
    parts = [("title", "tiêu đề"), ("intro-paragraph", "giới thiệu"), ("part", "tiêu đề phần"),
             ("question", "câu hỏi"), ("answer-paragraph", "trả lời")]
    out_paragraphs = sum(counts.get(key, 0) for key, _ in parts) + (1 if outline.title is not None else 0)
    detail = " + ".join(f"{counts.get(k, 0) + (1 if k == 'title' and outline.title is not None else 0)} {label}"
                        for k, label in parts)
    out_tables = counts.get("intro-table", 0) + counts.get("answer-table", 0)
    print(f"Ra:  {out_paragraphs} đoạn văn ({detail}), {out_tables} bảng, {len(rendered.images)} hình"
          + (f" (thư mục {image_dir}/)" if rendered.images else "")
          + f", {rendered.footnotes} chú thích, {len(outline.unplaced)} nội dung ở mục \"{UNPLACED_HEADING}\".")
    print(f"Câu hỏi: {len(outline.questions)}, đánh số 1..{len(outline.questions)}.")
    for old, new, text in rendered.renumbered:
        before = f"Câu {old}" if old is not None else "(không số)"
        print(f"  Đánh số lại: {before} → Câu {new}: {text[:70]}")
    warnings = [f for f in findings if f.severity == "warning"]
    print(f"Kiểm tra: 0 lỗi, {len(warnings)} cảnh báo.")
    for finding in warnings:
        print(f"  {out}:{finding.line}: {finding.code}: {finding.message}")
    print(f"Đã ghi {out}.")


if __name__ == "__main__":
    sys.exit(run(main))
