"""Every command turns errors into one Vietnamese line (what, which file, how to fix) and exit status 1, never
a traceback: the shared wrapper ``hoidap.cli.run``, and the inputs that used to end in a traceback."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT
from hoidap.cli import DEBUG, run
from hoidap.errors import UserError, describe_os_error

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")
INTRO = "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ."


def command(script: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, env={**os.environ, **(env or {})})


def in_process(main, argv=None) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = run(main, argv)
    return code, stderr.getvalue()


def raising(error: BaseException):
    def main(argv):
        raise error
    return main


@pytest.mark.parametrize(("error", "words"), [
    (UserError("tệp 'a.md' thiếu tiêu đề."), "Lỗi: tệp 'a.md' thiếu tiêu đề."),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "a.yml"), "không có tệp hay thư mục 'a.yml'"),
    (PermissionError(errno.EACCES, "Permission denied", "/srv/x"), "không có quyền đọc hoặc ghi '/srv/x'"),
    (OSError(errno.EROFS, "Read-only file system", "docs/a.md"), "'docs/a.md' nằm trên ổ đĩa chỉ đọc"),
    (IsADirectoryError(errno.EISDIR, "Is a directory", "docs"), "'docs' là một thư mục, không phải tệp"),
    (OSError(errno.ENOSPC, "No space left on device", "site"), "ổ đĩa đầy, không ghi được 'site'"),
    (OSError(errno.ELOOP, "Too many levels of symbolic links", "docs/v"), "symlink) trỏ vòng"),
    (OSError(errno.EHOSTDOWN, "Host is down", "x"), "mã lỗi EHOSTDOWN"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "lưu lại dưới dạng UTF-8"),
    (yaml.YAMLError("bad"), "cú pháp YAML"),
    (RecursionError("maximum recursion depth exceeded"), "lồng nhau quá sâu"),
    (MemoryError(), "không đủ bộ nhớ"),
    (KeyboardInterrupt(), "Đã dừng."),
    (EOFError(), "Đã dừng."),
    (ZeroDivisionError("division by zero"), "lỗi không mong đợi (ZeroDivisionError: division by zero)"),
])
def test_every_error_becomes_one_vietnamese_message_and_status_1(error, words, monkeypatch):
    monkeypatch.delenv(DEBUG, raising=False)
    code, stderr = in_process(raising(error))
    assert code == 1
    assert words in stderr, stderr
    assert "Traceback" not in stderr


def test_an_unexpected_error_says_how_to_report_it_and_debug_shows_the_traceback(monkeypatch):
    monkeypatch.delenv(DEBUG, raising=False)
    _, quiet = in_process(raising(ZeroDivisionError("x")))
    assert f"{DEBUG}=1" in quiet and "báo cho người duy trì" in quiet and "Traceback" not in quiet
    monkeypatch.setenv(DEBUG, "1")
    _, loud = in_process(raising(ZeroDivisionError("x")))
    assert "Traceback (most recent call last)" in loud and "ZeroDivisionError" in loud


def test_usage_errors_keep_status_2_and_success_passes_through():
    def usage(argv):
        raise SystemExit(2)
    with pytest.raises(SystemExit) as exit_:
        run(usage)
    assert exit_.value.code == 2
    assert run(lambda argv: 0) == 0


def test_an_unknown_errno_still_names_the_file():
    assert "'a.md'" in describe_os_error(OSError(99999, "weird", "a.md"))


# The inputs that ended in a traceback (issue 13)


def _docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("Câu 1. Nghị quyết do cơ quan nào ban hành?")
    d.add_paragraph("Bộ Chính trị ban hành nghị quyết.")
    d.save(str(path))
    return path


def test_import_out_a_folder_writes_into_it_and_force_replaces_only_that_file(tmp_path):
    source = _docx(tmp_path / "a.docx")
    folder = tmp_path / "docs" / "nghi-quyet" / "trung-uong"
    folder.mkdir(parents=True)
    (folder / "khac.md").write_text("giữ nguyên", encoding="utf-8")
    options = ["--config", str(ROOT / "mkdocs.yml"), "--compiled-by", "Ban Tuyên giáo"]
    first = command("import_docx.py", str(source), "--out", str(folder), *options)
    assert first.returncode == 0, first.stderr
    written = folder / "57-nq-tw.md"  # named like the samples
    assert written.is_file() and f"Đã ghi {written}." in first.stdout
    assert "make edit" not in first.stdout  # outside this site's docs/: not a folder the editor lists
    again = command("import_docx.py", str(source), "--out", str(folder), *options)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr
    forced = command("import_docx.py", str(source), "--out", str(folder), "--force", *options)
    assert forced.returncode == 0, forced.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["57-nq-tw.md", "khac.md"]
    assert (folder / "khac.md").read_text(encoding="utf-8") == "giữ nguyên"


def test_import_out_naming_a_folder_as_the_file_is_refused_clearly(tmp_path):
    source = _docx(tmp_path / "a.docx")
    (tmp_path / "lien-ket").symlink_to(tmp_path / "khong-co")
    result = command("import_docx.py", str(source), "--out", str(tmp_path / "lien-ket"), "--force",
                     "--config", str(ROOT / "mkdocs.yml"), "--compiled-by", "Ban Tuyên giáo")
    assert result.returncode == 1 and "không phải một tệp thường" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le", "utf-8-sig", "utf-32"])
def test_import_reads_unicode_text_files_with_or_without_a_byte_order_mark(tmp_path, codec):
    text = "\r\n".join([INTRO, "Câu 1. Nghị quyết do cơ quan nào ban hành?", "Bộ Chính trị ban hành nghị quyết."])
    raw = text.encode(codec)
    if codec == "utf-16-be":
        raw = b"\xfe\xff" + raw  # Notepad's "Unicode big endian"
    source = tmp_path / "notepad.txt"
    source.write_bytes(raw)
    out = tmp_path / "docs" / "a.md"
    result = command("import_docx.py", str(source), "--out", str(out), "--config", str(ROOT / "mkdocs.yml"),
                     "--compiled-by", "Ban Tuyên giáo")
    assert result.returncode == 0, result.stderr
    assert "Bộ Chính trị ban hành nghị quyết." in out.read_text(encoding="utf-8")
    assert "bảng mã UTF-" in result.stdout or codec == "utf-8-sig"


def test_new_with_a_missing_config_is_a_usage_error(tmp_path):
    result = command("new.py", "--config", str(tmp_path / "missing.yml"), "--number", "1-NQ/TW")
    assert result.returncode == 2 and "không thấy tệp cấu hình" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("content", "words"), [
    (b"site_name: \xe0\xff\n", "không phải văn bản UTF-8 (dòng 1"),
    (b"site_name: [\n", "viết sai cú pháp YAML"),
    (b"- mot\n- hai\n", "phải là các dòng 'tên: giá trị'"),
])
@pytest.mark.parametrize("script", ["check.py", "new.py", "pdf.py", "build.py"])
def test_a_broken_config_file_is_named_with_its_fix(tmp_path, content, words, script):
    config = tmp_path / "mkdocs.yml"
    config.write_bytes(content)
    args = ["--number", "1-NQ/TW", "--name", "về x", "--issuer", "Bộ Chính trị", "--issued", "2022-01-01",
            "--level", "trung-uong"] if script == "new.py" else ["--site", str(tmp_path / "site")] \
        if script in ("pdf.py", "build.py") else []
    result = command(script, "--config", str(config), *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert words in result.stderr and str(config) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str):
    """A small RAM disk at ``folder`` (root only: skipped elsewhere); unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def test_check_fix_on_a_read_only_disk_names_the_file_and_changes_nothing(tmp_path):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        shutil.copy2(ROOT / "mkdocs.yml", disk / "mkdocs.yml")
        booklet = disk / "docs" / "nghi-quyet" / "mot.md"
        booklet.parent.mkdir(parents=True)
        broken = FULL.replace("### Câu 2. Ban hành ngày nào?", "### Câu 2: Ban hành ngày nào?")
        booklet.write_text(broken, encoding="utf-8")
        remount(disk, "ro")
        result = command("check.py", "--config", str(disk / "mkdocs.yml"), "--fix")
        assert result.returncode == 1
        said = result.stdout + result.stderr
        assert f"'{booklet}' nằm trên ổ đĩa chỉ đọc" in said, said
        assert "Traceback" not in said
        assert booklet.read_text(encoding="utf-8") == broken


def test_usage_and_help_are_in_vietnamese():
    helped = command("check.py", "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("cách dùng: check.py") and "hiện hướng dẫn này rồi thoát" in helped.stdout
    assert "tùy chọn:" in helped.stdout and "usage" not in helped.stdout and "options:" not in helped.stdout
    wrong = command("check.py", "--format", "xml", "--khong-co")
    assert wrong.returncode == 2
    assert "check.py: lỗi cách dùng: tham số --format: không có giá trị 'xml'; chọn một trong" in wrong.stderr
    missing = command("publish.py", "publish")
    assert missing.returncode == 2 and "thiếu tham số bắt buộc: TARGET" in missing.stderr, missing.stderr
    for result in (wrong, missing):
        assert "usage:" not in result.stderr and "error:" not in result.stderr


def test_a_command_line_value_that_is_not_utf8_is_refused_in_vietnamese(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts/new.py"), "--config", str(ROOT / "mkdocs.yml"),
                             os.fsencode("--name"), b"v\xe1\xbb\x81 \xff"], capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 2
    assert "có byte không phải chữ UTF-8" in result.stderr.decode("utf-8", "replace")


# Hints name commands that work on a fresh Debian machine: make check, make fix, or .venv/bin/python scripts/…


_PLAIN_PYTHON = __import__("re").compile(r"(?<![\w/.-])python3? scripts/")


def test_every_hint_names_a_command_that_works_on_a_fresh_machine():
    """No plain ``python scripts/…`` (no ``python`` on Debian; ``python3`` outside the virtualenv fails in English)
    in the commands, the package's messages, the README, the guide or the pre-commit hook."""
    places = [*ROOT.joinpath("scripts").rglob("*.py"), ROOT / "README.md", *ROOT.joinpath("docs").rglob("*.md"),
              ROOT / ".pre-commit-config.yaml", ROOT / "Makefile"]
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for path in places
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _PLAIN_PYTHON.search(line)]
    assert found == []


def test_import_without_a_file_names_the_command_to_type():
    result = command("import_docx.py")
    assert result.returncode == 2
    assert "thiếu tệp cần nhập: make import FILE=tai-lieu.docx" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "usage" not in result.stderr


# YAML mistakes explained in Vietnamese, in mkdocs.yml and in a booklet's front matter (libyaml's words included)

YAML_MISTAKES = {"a:\n\tb: 1\n": "có ký tự Tab", "a: @x\n": "ký tự '@'", "a: b: c\n": "dấu hai chấm ':'",
                 "a: [1, 2\n": "chưa đóng bằng ']'", "a: {b: 1\n": "'{' chưa được đóng", 'a: "x\n': "ngoặc kép chưa",
                 'a: "\\q"\n': "dấu '\\' lạ", "a: *x\n": "'*'", "a: &\n": "ký tự '&'",
                 "a: 'x' y\n": "thụt lề không đều", "- a\nb: 1\n": "", "a: \x07\n": "ký tự điều khiển U+0007",
                 "a:\n  - x\n  y: 1\n": ""}
_ENGLISH = __import__("re").compile(r"\b(found|expected|token|mapping|scanning|parsing|while|character|allowed)\b")


@pytest.mark.parametrize("text", list(YAML_MISTAKES))
def test_every_yaml_mistake_is_explained_in_vietnamese(text):
    from hoidap.errors import yaml_message
    from hoidap.model.findings import BookletError
    from hoidap.model.frontmatter import split

    with pytest.raises(BookletError) as booklet:
        split(f"---\n{text}---\n", "x.md")
    with pytest.raises(yaml.YAMLError) as config:
        yaml.safe_load(text)
    # a control character is not a syntax error: the front matter's own message for unreadable values tells it
    messages = [yaml_message(config.value, "mkdocs.yml", text)] + ([str(booklet.value)] if "\x07" not in text else [])
    for message in messages:
        assert YAML_MISTAKES[text] in message, message
        assert not _ENGLISH.search(message), message
