"""scripts/check.py as an author runs it: exit codes, text and JSON output, --fix, robustness."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hoidap.publishing.workspace import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--config", str(project / "mkdocs.yml"),
                           *args], capture_output=True, text=True, cwd=project, timeout=120,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.fixture
def project(tmp_path) -> Path:
    """A small site: the project's mkdocs.yml and one valid booklet."""
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs/nghi-quyet").mkdir(parents=True)
    (tmp_path / "docs/nghi-quyet/mot.md").write_text(FULL, encoding="utf-8")
    return tmp_path


def test_the_sample_docs_have_no_error():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/check.py")], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout


def test_clean_file_exits_0(project):
    result = run(project)
    assert result.returncode == 0, result.stdout
    assert "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo." in result.stdout


def test_errors_exit_1_with_path_line_code_message(project):
    (project / "docs/nghi-quyet/mot.md").write_text(FULL.replace("### Câu 2.", "### Câu 4."), encoding="utf-8")
    result = run(project)
    assert result.returncode == 1
    assert "nghi-quyet/mot.md:34: numbering:" in result.stdout
    assert "2 lỗi" in result.stdout


def test_warnings_alone_exit_0(project):
    (project / "docs/nghi-quyet/mot.md").write_text(FULL.replace("Học ở đâu?", "Học ở đâu"), encoding="utf-8")
    result = run(project)
    assert result.returncode == 0
    assert "question-form" in result.stdout and "1 cảnh báo" in result.stdout


def test_usage_errors_exit_2(project):
    assert run(project, "khong-co.md").returncode == 2
    assert run(project, "--format", "xml").returncode == 2


def test_json_output_is_sorted_and_relative_to_docs(project):
    text = FULL.replace("### Câu 2.", "### Câu 4.").replace("Học ở đâu?", "Học ở đâu")
    (project / "docs/nghi-quyet/mot.md").write_text(text, encoding="utf-8")
    (project / "docs/nghi-quyet/hai.md").write_text(text, encoding="utf-8")
    result = run(project, "--format", "json")
    rows = json.loads(result.stdout)
    assert {tuple(row) for row in rows} == {("path", "line", "code", "severity", "message")}
    assert [row["path"] for row in rows] == sorted(row["path"] for row in rows)
    assert rows[0]["path"] == "nghi-quyet/hai.md"
    assert {row["severity"] for row in rows} == {"error", "warning"}
    assert json.loads(run(project, "--format", "json").stdout) == rows


def test_a_single_file_or_folder(project):
    (project / "docs/nghi-quyet/hai.md").write_text(FULL.replace("### Câu 2.", "### Câu 4."), encoding="utf-8")
    assert run(project, str(project / "docs/nghi-quyet/mot.md")).returncode == 0
    assert run(project, str(project / "docs/nghi-quyet")).returncode == 1


def test_unreadable_file_is_a_finding_and_the_others_are_checked(project):
    (project / "docs/nghi-quyet/cu.md").write_bytes("Tổ quốc".encode("utf-16"))
    (project / "docs/nghi-quyet/hai.md").write_text(FULL.replace("### Câu 2.", "### Câu 4."), encoding="utf-8")
    result = run(project)
    assert "nghi-quyet/cu.md:1: unicode:" in result.stdout
    assert "nghi-quyet/hai.md:34: numbering:" in result.stdout
    assert "Traceback" not in result.stderr


def test_fix_repairs_what_is_certain_and_nothing_else(project):
    path = project / "docs/nghi-quyet/mot.md"
    broken = (FULL.replace("### Câu 2. Ban hành ngày nào?", "### Câu 2: Ban hành ngày nào?")
              .replace("Tại chi bộ.", "Tại chi bộ, theo 19/NQ-TW và Nghi\u0323 quyê\u0301t.")
              .replace("Ngày 16/6/2022.", "Ngày 16/6/2022, tu\u200by vậy.\r"))
    path.write_bytes(broken.encode("utf-8"))
    result = run(project, "--fix")
    fixed = path.read_text(encoding="utf-8")
    assert "### Câu 2. Ban hành ngày nào?" in fixed
    assert "theo 19-NQ/TW và Nghị quyết." in fixed
    assert "tuy vậy." in fixed
    assert "đã sửa" in result.stdout
    assert result.returncode == 0, result.stdout
    assert path.read_bytes().count(b"\r") == 1, "line endings are kept byte for byte"
    second = run(project, "--fix")
    assert "đã sửa" not in second.stdout


def test_fix_leaves_code_untouched(project):
    path = project / "docs/nghi-quyet/mot.md"
    text = FULL.replace("Tại chi bộ.", "Tại chi bộ.\n\n```\n18/NQ-TW\n```\n\nXem `18/NQ-TW`.")
    path.write_text(text, encoding="utf-8")
    run(project, "--fix")
    assert path.read_text(encoding="utf-8") == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_any_bytes_give_findings_not_a_crash(tmp_path_factory, data):
    from hoidap.checking.checker import check_tree
    from hoidap.checking.checks import Settings

    docs = tmp_path_factory.mktemp("docs")
    (docs / "x.md").write_bytes(data)
    (docs / "y.md").write_text(FULL, encoding="utf-8")
    report = check_tree(docs, ["vi", "en"], "vi", Settings())
    assert "y.md" in report.sources
    assert all(f.line >= 1 and f.message for f in report.findings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=2000))
def test_any_markdown_gives_findings_and_fix_never_crashes(tmp_path_factory, text):
    from hoidap.checking.checks import Settings, check, load
    from hoidap.checking.fixes import fix_text
    from hoidap.model.docstree import DocsTree

    docs = tmp_path_factory.mktemp("docs")
    (docs / "x.md").write_text(FULL[:300] + text, encoding="utf-8", errors="surrogatepass")
    source = load(docs, "x.md")
    check(source, DocsTree(docs, ["vi", "en"], "vi"), Settings())
    if source.text is not None:
        fix_text(source.text, source.document, "x.md", "new")


# Through make, as a newcomer types it: the checker's Vietnamese summary is the last line, status 1 on errors


@pytest.fixture
def kit(tmp_path) -> Path:
    """A copy of the project with its Makefile; make uses this test's Python instead of building .venv."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    project = copy_project(ROOT, tmp_path / "kit")
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    (tmp_path / "tmp").mkdir()
    return project


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(PYTHONIOENCODING="utf-8", TMPDIR=str(project.parent / "tmp"))
    return subprocess.run(["make", *args, f"PY={sys.executable}", "-o", ".venv/.installed"], cwd=project,
                          capture_output=True, text=True, timeout=300, env=env)


def test_make_check_exits_1_on_errors_and_ends_with_the_vietnamese_summary(kit):
    clean = make(kit, "check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().splitlines()[-1].endswith("0 lỗi, 0 cảnh báo.") and clean.stderr == ""
    booklet = kit / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
    booklet.write_text(booklet.read_text("utf-8").replace("### Câu 2.", "### Câu 9."), "utf-8")
    for goal in ("check", "fix"):
        broken = make(kit, goal)
        assert broken.returncode == 1, (goal, broken.stdout, broken.stderr)  # not make's 2 (a mistyped command)
        last = broken.stdout.strip().splitlines()[-1]
        assert last.startswith("Đã kiểm tra ") and " lỗi, " in last, broken.stdout
        assert broken.stderr == "", broken.stderr  # no "make: *** [Makefile:…: check] Error 1"
        assert "make" not in broken.stdout and "Error" not in broken.stdout
    one = make(kit, "check", "ARGS=docs/nghi-quyet/trung-uong/57-nq-tw.md")
    assert one.returncode == 0 and "Đã kiểm tra 1 tệp: 0 lỗi" in one.stdout, one.stdout + one.stderr
    assert list((kit.parent / "tmp").iterdir()) == []  # the failure marks are gone


def test_make_check_with_other_goals_keeps_make_s_own_behaviour(kit):
    """With a goal that is not an author's command, make runs as usual: a failed check stops what follows."""
    booklet = kit / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
    booklet.write_text(booklet.read_text("utf-8").replace("### Câu 2.", "### Câu 9."), "utf-8")
    result = make(kit, "check", "releases", "TARGET=/khong-co")
    assert result.returncode == 2 and "numbering" in result.stdout
    assert "Các bản" not in result.stdout + result.stderr and "Chưa có bản" not in result.stdout
