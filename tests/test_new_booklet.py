"""scripts/new.py: a valid booklet from a few answers, in the right folder, never overwriting."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from hoidap.checker import check_tree
from hoidap.checks import Settings


def new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/new.py"), "--config", str(project / "mkdocs.yml"),
                           *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


ANSWERS = ["--number", "20-NQ/TW", "--name", "về tiếp tục đổi mới, phát triển và nâng cao hiệu quả kinh tế tập thể",
           "--issuer", "Ban Chấp hành Trung ương", "--issued", "2022-06-16", "--level", "trung-uong",
           "--term", "XIII"]


def test_creates_a_booklet_that_passes_the_checker(tmp_path):
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = new(tmp_path, *ANSWERS)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "docs/nghi-quyet/trung-uong/20-nq-tw-2022.md"
    assert path.exists()
    report = check_tree(tmp_path / "docs", ["vi", "en"], "vi", Settings())
    assert not report.findings, [f.format() for f in report.findings]
    assert report.sources["nghi-quyet/trung-uong/20-nq-tw-2022.md"].booklet.meta.resolution.term == "XIII"


def test_refuses_to_overwrite_and_explains_bad_answers(tmp_path):
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert new(tmp_path, *ANSWERS).returncode == 0
    again = new(tmp_path, *ANSWERS)
    assert again.returncode == 2 and "đã có tệp" in again.stderr
    bad_date = new(tmp_path, *[a if a != "2022-06-16" else "16/6/2022" for a in ANSWERS])
    assert bad_date.returncode == 2 and "NĂM-THÁNG-NGÀY" in bad_date.stderr
    missing = new(tmp_path, "--number", "1-NQ/TW")
    assert missing.returncode == 2 and "thiếu --name" in missing.stderr
    assert "Traceback" not in again.stderr + bad_date.stderr + missing.stderr
