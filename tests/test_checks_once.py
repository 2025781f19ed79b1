"""``make build`` checks the booklets once: its check step runs the checker in its own process and hands
MkDocs the fingerprint of what it checked; the plugin checks again only sources that differ."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project
from hoidap.checking.checker import CHECKED
from hoidap.publishing import site_build

BOOKLET = "docs/nghi-quyet/trung-uong/19-nq-tw.md"
SKIPPED = "không kiểm tra lại"  # the plugin's debug line when the build's check stands


def verbose_build(project: Path, site: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "--site-dir", str(site)],
                          cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env), capture_output=True,
                          text=True, timeout=600)


def commands(monkeypatch, project: Path, tmp_path: Path) -> tuple[str, list[dict[str, str]]]:
    """Run the build's check step, then its MkDocs step with the command recorded instead of run: the check's
    note and the extra environment each MkDocs run gets."""
    runs: list[dict[str, str]] = []
    monkeypatch.setattr(site_build, "_command", lambda args, cwd, extra_env=None: runs.append(dict(extra_env or {})))
    steps = site_build.steps(project / "mkdocs.yml", pdf=True)
    note = steps[0].run(tmp_path)
    steps[1].run(tmp_path)
    steps[3].run(tmp_path)   # the build after the PDFs: the same sources, the same fingerprint
    return note, runs


def test_mkdocs_skips_the_checks_the_build_just_ran_and_redoes_them_on_any_change(monkeypatch, tmp_path):
    project = copy_project(tmp_path / "project")
    note, runs = commands(monkeypatch, project, tmp_path)
    assert note == "0 lỗi, 0 cảnh báo"
    assert len(runs) == 2 and runs[0] == runs[1] and len(runs[0][CHECKED]) == 64
    built = verbose_build(project, tmp_path / "site", runs[0])
    assert built.returncode == 0, built.stdout + built.stderr
    assert SKIPPED in built.stdout + built.stderr
    # a page changed after the check (an error in it) is checked, and stops the build, as without the mark
    booklet = project / BOOKLET
    booklet.write_text(booklet.read_text("utf-8").replace("### Câu 2.", "### Câu hai."), "utf-8")
    changed = verbose_build(project, tmp_path / "site2", runs[0])
    output = changed.stdout + changed.stderr
    assert changed.returncode != 0 and SKIPPED not in output and "nghi-quyet/trung-uong/19-nq-tw.md:" in output


def test_a_picture_removed_after_the_check_is_checked_again(monkeypatch, tmp_path):
    """The fingerprint covers every file name of docs/, not only the Markdown: links to pictures and PDFs."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "assets" / "them.txt").write_text("thêm", "utf-8")
    _note, runs = commands(monkeypatch, project, tmp_path)
    (project / "docs" / "assets" / "them.txt").unlink()
    _note, again = commands(monkeypatch, project, tmp_path)
    assert runs[0][CHECKED] != again[0][CHECKED]


def test_warnings_still_hand_over_and_errors_stop_before_mkdocs(monkeypatch, tmp_path):
    """Warnings do not stop ``make build`` (MkDocs runs quiet); errors stop it at the check step, with the
    checker's own lines, and MkDocs never runs."""
    project = copy_project(tmp_path / "project")
    booklet = project / BOOKLET
    booklet.write_text(booklet.read_text("utf-8") + "\nHòa bình và thuỷ lợi.\n", "utf-8")
    note, runs = commands(monkeypatch, project, tmp_path)
    assert note == "0 lỗi, 1 cảnh báo" and CHECKED in runs[0]
    booklet.write_text(booklet.read_text("utf-8").replace("### Câu 2.", "### Câu hai."), "utf-8")
    with pytest.raises(site_build.BuildError) as stopped:
        commands(monkeypatch, project, tmp_path)
    details = stopped.value.details
    third = next(number for number, line in enumerate(booklet.read_text("utf-8").splitlines(), 1)
                 if line.startswith("### Câu 3."))   # where the numbering goes wrong
    assert f"19-nq-tw.md:{third}: numbering: [lỗi]" in details and details.endswith(" lỗi, 1 cảnh báo."), details


def test_a_python_error_of_the_check_run_in_process_is_explained_like_a_commands(monkeypatch, tmp_path):
    project = copy_project(tmp_path / "project")
    target = tmp_path / "site"

    def deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(site_build, "check_tree", deep)
    with pytest.raises(site_build.BuildError) as stopped:
        site_build.build(project / "mkdocs.yml", target, pdf=False)
    assert "bước «Kiểm tra tài liệu» không thành công" in str(stopped.value)
    assert "lồng nhau quá sâu" in str(stopped.value) and not target.exists()
