"""scripts/new.py (make new): a valid booklet from a few answers, given as options, as make variables, piped on
standard input or typed in a terminal (a bad answer is asked again), in the right folder, named like the samples,
never overwriting and never losing an answer already given."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hoidap.authoring.asking import VIA_MAKE
from hoidap.authoring.placeholder import MARK
from hoidap.checking.checker import check_tree
from hoidap.checking.checks import Settings
from hoidap.cli import run
from hoidap.publishing.workspace import copy_project

NEW = ROOT / "scripts/new.py"
ANSWERS = ["--number", "20-NQ/TW", "--name", "về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể",
           "--issuer", "Ban Chấp hành Trung ương", "--issued", "2022-06-16", "--level", "trung-uong",
           "--term", "XIII", "--compiled-by", "Ban Tuyên giáo Tỉnh ủy"]
# One answer a line: number, summary, issuer, date, level, khóa, compiling board.
PIPED = ["66-NQ/TW", "về đổi mới công tác xây dựng và thi hành pháp luật", "Bộ Chính trị", "30/4/2025",
         "Trung ương", "XIII", "Ban Tuyên giáo Tỉnh ủy"]


def environment(**extra: str) -> dict[str, str]:
    """This environment without make's variables (the tests may run under ``make test``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", VIA_MAKE)}
    return {**env, "PYTHONIOENCODING": "utf-8", **extra}


def new(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(NEW), "--config", str(project / "mkdocs.yml"), *args],
                          capture_output=True, text=True, timeout=60, env=environment(),
                          input=stdin, stdin=subprocess.DEVNULL if stdin is None else None)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def files(project: Path) -> list[str]:
    docs = project / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) if docs.exists() else []


def test_creates_a_booklet_named_like_the_samples_whose_only_findings_are_its_template_lines(project):
    result = new(project, *ANSWERS)
    assert result.returncode == 0, result.stderr
    path = project / "docs/nghi-quyet/trung-uong/20-nq-tw.md"
    assert path.exists() and "Đã tạo docs/nghi-quyet/trung-uong/20-nq-tw.md" in result.stdout
    report = check_tree(project / "docs", ["vi", "en"], "vi", Settings())
    lines = path.read_text(encoding="utf-8").split("\n")
    template = [number for number, line in enumerate(lines, 1) if MARK in line]
    assert len(template) == 3  # introduction, question, answer: each must be replaced before publishing
    assert [(f.code, f.line) for f in report.findings] == [("placeholder", number) for number in template]
    assert report.sources["nghi-quyet/trung-uong/20-nq-tw.md"].booklet.meta.resolution.term == "XIII"
    filled = "\n".join(line.replace(f"{MARK} ", "").replace("Viết ", "Đây là ").replace(" ở đây", "")
                       for line in lines)
    path.write_text(filled, encoding="utf-8")
    report = check_tree(project / "docs", ["vi", "en"], "vi", Settings())
    assert not report.findings, [f.format() for f in report.findings]


def test_answers_are_read_the_natural_way(project):
    result = new(project, "--number", "18/nq-tw", "--name", "về  tiếp tục đổi mới", "--issuer", "Bộ Chính trị",
                 "--issued", "30/4/2025", "--level", "Tỉnh ủy", "--khoa", "13", "--compiled-by", "Ban A")
    assert result.returncode == 0, result.stderr
    data = front(project / "docs/nghi-quyet/tinh/18-nq-tw.md")
    assert data["resolution"] == {"number": "18-NQ/TW", "name": "về tiếp tục đổi mới", "issuer": "Bộ Chính trị",
                                  "issued": __import__("datetime").date(2025, 4, 30), "term": "XIII"}
    assert data["level"] == "tinh"


@pytest.mark.parametrize(("issued", "level"), [("30-4-2025", "Trung ương"), ("2025-04-30", "trung-uong"),
                                               ("ngày 30 tháng 4 năm 2025", "TW"), ("30.04.2025", "1")])
def test_dates_and_levels_in_every_usual_form(project, issued, level):
    piped = [*PIPED[:3], issued, level, "", "Ban A"]
    result = new(project, stdin="\n".join(piped) + "\n")
    assert result.returncode == 0, result.stderr
    data = front(project / "docs/nghi-quyet/trung-uong/66-nq-tw.md")
    assert str(data["resolution"]["issued"]) == "2025-04-30" and data["level"] == "trung-uong"
    assert "term" not in data["resolution"]  # an empty khóa line: no khóa


def test_piped_answers_one_a_line(project):
    result = new(project, stdin="\n".join(PIPED) + "\n")
    assert result.returncode == 0, result.stderr
    data = front(project / "docs/nghi-quyet/trung-uong/66-nq-tw.md")
    assert data["resolution"]["name"] == PIPED[1] and data["resolution"]["term"] == "XIII"
    assert data["compiled_by"] == "Ban Tuyên giáo Tỉnh ủy"
    assert "usage" not in result.stderr and "error" not in result.stderr


def test_options_and_piped_answers_together_and_defaults(project):
    """Options answer their questions; the lines answer the rest in order; an empty line takes the default
    (the level the number's issuer code suggests, the board set once in mkdocs.yml)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - hoidap:\n", "  - hoidap:\n      compiled_by: Ban Tuyên giáo Tỉnh ủy X\n", 1), "utf-8")
    result = new(project, "--number", "05-NQ/TU", "--issuer", "Ban Thường vụ Tỉnh ủy",
                 stdin="về phát triển du lịch\n1/3/2024\n\n\n\n")
    assert result.returncode == 0, result.stderr
    data = front(project / "docs/nghi-quyet/tinh/05-nq-tu.md")
    assert data["level"] == "tinh" and data["compiled_by"] == "Ban Tuyên giáo Tỉnh ủy X"
    assert data["resolution"]["issued"].isoformat() == "2024-03-01"


@pytest.mark.parametrize(("answers", "words"), [
    ([*PIPED[:3], "31/2/2025", *PIPED[4:]], "Ngày ban hành: ngày '31/2/2025' không có trên lịch"),
    ([*PIPED[:3], "30/4/25", *PIPED[4:]], "ghi năm đủ bốn chữ số"),
    ([*PIPED[:4], "thôn", *PIPED[5:]], "không có cấp 'thôn'"),
    ([*PIPED[:5], "khóa mười", *PIPED[6:]], "không phải số La Mã"),
    (["NQ", *PIPED[1:]], "không giống số hiệu nghị quyết"),
    (PIPED[:2], "thiếu cơ quan ban hành"),
    ([], "thiếu số hiệu nghị quyết"),
])
def test_a_bad_or_missing_piped_answer_stops_with_the_reason_and_writes_nothing(project, answers, words):
    result = new(project, stdin="".join(f"{a}\n" for a in answers))
    assert result.returncode == 1, result.stdout + result.stderr
    assert words in result.stderr and "Chưa tạo tệp nào." in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and files(project) == []


def test_a_bad_option_stops_with_the_reason(project):
    result = new(project, *[a if a != "2022-06-16" else "2022-13-16" for a in ANSWERS])
    assert result.returncode == 1 and "không có tháng 13" in result.stderr, result.stderr
    missing = new(project, "--number", "1-NQ/TW")
    assert missing.returncode == 1 and "thêm --name" in missing.stderr, missing.stderr
    assert files(project) == []


def test_never_overwrites_and_refuses_the_same_resolution_twice(project):
    assert new(project, *ANSWERS).returncode == 0
    path = project / "docs/nghi-quyet/trung-uong/20-nq-tw.md"
    path.write_text(path.read_text("utf-8") + "\nĐoạn của tác giả.\n", "utf-8")
    written = path.read_bytes()
    again = new(project, *ANSWERS)
    assert again.returncode == 1 and "đã có tài liệu cho Nghị quyết số 20-NQ/TW" in again.stderr, again.stderr
    assert "20-nq-tw.md" in again.stderr and "--force" in again.stderr
    forced = new(project, *ANSWERS, "--force")  # another resolution with the same number: the year in the name
    assert forced.returncode == 0, forced.stderr
    assert (project / "docs/nghi-quyet/trung-uong/20-nq-tw-2022.md").exists()
    assert path.read_bytes() == written
    third = new(project, *ANSWERS, "--force")
    assert third.returncode == 1 and "--out" in third.stderr
    out = new(project, *ANSWERS, "--force", "--out", str(path))
    assert out.returncode == 1 and "không ghi đè" in out.stderr
    assert path.read_bytes() == written


def test_the_same_number_in_another_year_is_another_resolution(project):
    """18-NQ/TW of 2017 and 18-NQ/TW of 2022 are two resolutions: no refusal, the second file gets the year."""
    first = ["--number", "18-NQ/TW", "--name", "về bộ máy", "--issuer", "Ban Chấp hành Trung ương", "--issued",
             "25/10/2017", "--level", "trung-uong", "--compiled-by", "Ban A"]
    assert new(project, *first).returncode == 0
    second = new(project, *[a if a != "25/10/2017" else "16/6/2022" for a in first])
    assert second.returncode == 0, second.stderr
    assert files(project) == ["nghi-quyet", "nghi-quyet/trung-uong", "nghi-quyet/trung-uong/18-nq-tw-2022.md",
                              "nghi-quyet/trung-uong/18-nq-tw.md"]


def test_out_names_a_file_or_a_folder(project, tmp_path):
    folder = tmp_path / "khac"
    folder.mkdir()
    into = new(project, *ANSWERS, "--out", str(folder))
    assert into.returncode == 0, into.stderr
    assert (folder / "20-nq-tw.md").exists()
    named = new(project, *ANSWERS, "--out", str(project / "docs/nghi-quyet/tinh/kinh-te-tap-the.md"))
    assert named.returncode == 0, named.stderr
    assert (project / "docs/nghi-quyet/tinh/kinh-te-tap-the.md").exists()
    wrong = new(project, *ANSWERS, "--out", str(tmp_path / "a.txt"))
    assert wrong.returncode == 1 and "đuôi .md" in wrong.stderr


def test_in_process_with_piped_answers(project, monkeypatch):
    """``run(main)`` as the command does, standard input a pipe (not a terminal)."""
    module = _load_new()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(PIPED) + "\n"))
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run(module.main, ["--config", str(project / "mkdocs.yml")])
    assert code == 0, stderr.getvalue()
    assert (project / "docs/nghi-quyet/trung-uong/66-nq-tw.md").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(PIPED[:3]) + "\nhôm qua\n"))
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run(module.main, ["--config", str(project / "mkdocs.yml"), "--force"])
    assert code == 1 and "'hôm qua' không phải một ngày" in stderr.getvalue()


def _load_new():
    import importlib.util

    spec = importlib.util.spec_from_file_location("command_new", NEW)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# In a terminal (a pseudo-terminal): questions one by one, a bad answer explained and asked again.


def converse(argv: list[str], answers: list[bytes], cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """Run ``argv`` on a pseudo-terminal, typing the next of ``answers`` at each new question (a line ending in
    ": "); the exit status and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, its standard input, output and error on the terminal
        os.chdir(cwd)
        signal.pthread_sigmask(signal.SIG_SETMASK, [])  # Ctrl+C reaches it as in a shell's terminal, even when
        signal.signal(signal.SIGINT, signal.SIG_DFL)    # the tests run as a background job (SIGINT ignored)
        os.execve(argv[0], argv, environment())
    output, answered, pending = b"", 0, list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command ended: the terminal is gone
                break
            if not chunk:
                break
            output += chunk
            if pending and output[answered:].endswith(b": "):
                if pending[0] in (b"\x03", b"\x04"):
                    time.sleep(0.5)  # as a person would: Ctrl+C while the prompt waits, not while it is printed
                os.write(fd, pending.pop(0))
                answered = len(output)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"no end in {timeout} s: {output.decode(errors='replace')}")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace").replace("\r\n", "\n")


def test_a_terminal_asks_again_after_a_bad_answer_and_loses_nothing(project):
    typed = [b"70-NQ/TW\n", "về bảo đảm an ninh năng lượng\n".encode(), "Bộ Chính trị\n".encode(),
             b"31/2/2025\n", b"20/8/2025\n", "Trung ương ương\n".encode(), b"\n", b"XIIII\n", b"13\n",
             "Ban Tuyên giáo\n".encode()]
    code, shown = converse([sys.executable, str(NEW), "--config", str(project / "mkdocs.yml")], typed, project)
    assert code == 0, shown
    assert "không có trên lịch (tháng 2/2025 không có ngày 31)" in shown and "Trả lời lại." in shown
    assert "không có cấp 'Trung ương ương'" in shown
    assert "Cấp (" in shown and "[trung-uong]" in shown  # the level the number suggests, taken with Enter
    assert "Traceback" not in shown
    data = front(project / "docs/nghi-quyet/trung-uong/70-nq-tw.md")
    assert data["resolution"]["issued"].isoformat() == "2025-08-20" and data["resolution"]["term"] == "XIII"
    assert data["level"] == "trung-uong" and data["compiled_by"] == "Ban Tuyên giáo"


@pytest.mark.parametrize("stop", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_stopping_in_a_terminal_writes_nothing_and_says_how_to_go_on(project, stop):
    typed = [b"70-NQ/TW\n", "về bảo đảm an ninh năng lượng\n".encode(), stop]
    code, shown = converse([sys.executable, str(NEW), "--config", str(project / "mkdocs.yml")], typed, project)
    assert code == 1, shown
    assert "Đã dừng, chưa ghi gì. Chạy lại với những câu đã trả lời:" in shown, shown
    assert ".venv/bin/python scripts/new.py --number 70-NQ/TW --name 'về bảo đảm an ninh năng lượng'" in shown
    assert "Traceback" not in shown and files(project) == []


# Through make, as a newcomer types it


@pytest.fixture
def kit(tmp_path) -> Path:
    """A copy of the project with its Makefile; make uses this test's Python instead of building .venv."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    project = copy_project(ROOT, tmp_path / "kit")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    return project


def make(project: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args, f"PY={sys.executable}", "-o", ".venv/.installed"],
                          cwd=project, capture_output=True, text=True, input=stdin, timeout=300,
                          env=environment(**(env or {})))


def test_make_new_with_piped_answers_and_with_make_variables(kit):
    piped = make(kit, "new", stdin="\n".join(PIPED) + "\n")
    assert piped.returncode == 0, piped.stdout + piped.stderr
    assert (kit / "docs/nghi-quyet/trung-uong/66-nq-tw.md").exists()
    # NAME and TERM of the environment (a hostname, the terminal type) are not answers: only make's command line
    variables = make(kit, "new", "NUMBER=12-NQ/TU", "ISSUER=Ban Thường vụ Tỉnh ủy", "ISSUED=1/2/2024",
                     "LEVEL=tỉnh", "KHOA=XVII", "COMPILED_BY=Ban Tuyên giáo 'Tỉnh ủy' $HOME",
                     stdin="về phát triển, đổi mới\n", env={"NAME": "may-tinh", "TERM": "xterm"})
    assert variables.returncode == 0, variables.stdout + variables.stderr
    data = front(kit / "docs/nghi-quyet/tinh/12-nq-tu.md")
    assert data["resolution"]["name"] == "về phát triển, đổi mới" and data["resolution"]["term"] == "XVII"
    assert data["compiled_by"] == "Ban Tuyên giáo 'Tỉnh ủy' $HOME"


def test_make_new_stops_with_status_1_and_vietnamese_only(kit):
    result = make(kit, "new", "NUMBER=12-NQ/TU")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "Lỗi: thiếu trích yếu (các dòng trả lời đưa vào đã hết): thêm NAME=\"…\" vào lệnh, hoặc chạy lệnh trong cửa "
        "sổ dòng lệnh để trả lời từng câu hỏi. Chưa tạo tệp nào."]
    assert "make" not in result.stdout + result.stderr.replace("make new", "")
    again = make(kit, "new", *[f"{k}={v}" for k, v in zip(["NUMBER", "NAME", "ISSUER", "ISSUED", "LEVEL", "KHOA",
                                                                 "COMPILED_BY"], PIPED, strict=True)])
    assert again.returncode == 0, again.stderr
    twice = make(kit, "new", *[f"{k}={v}" for k, v in zip(["NUMBER", "NAME", "ISSUER", "ISSUED", "LEVEL", "KHOA",
                                                                 "COMPILED_BY"], PIPED, strict=True)])
    assert twice.returncode == 1 and "thêm FORCE=1" in twice.stderr, twice.stderr
