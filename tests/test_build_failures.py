"""scripts/build.py when the content or the machine fails it: deep nesting, a symlink loop in docs/, a full
disk. Always one Vietnamese sentence naming the page or path and the fix, exit status 1, the previous site
byte for byte as it was, no temporary folder left."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project
from hoidap.checking.docs_safety import problems
from hoidap.publishing.build_output import explain
from test_cli_errors import remount, tmpfs

BOOKLET = "docs/nghi-quyet/trung-uong/19-nq-tw.md"


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--config", str(project / "mkdocs.yml"),
                           "--site", str(site), "--no-pdf"], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Error:" not in output and "Errno" not in output, output
    for word in words:
        assert word in result.stderr, result.stderr
    assert "vẫn giữ nguyên" in result.stderr


def test_a_symlink_loop_or_a_broken_link_in_docs_is_refused_before_building(tmp_path):
    project = copy_project(tmp_path / "project")
    loop = project / "docs" / "nghi-quyet" / "vong"
    loop.symlink_to("..")
    result = build(project, tmp_path / "site")
    assert_refused(result, f"'{loop}' trỏ tới '..'", "chứa chính nó", f"rm '{loop}'")
    assert "[1/" not in result.stdout, "refused before any step ran"
    loop.unlink()
    broken = project / "docs" / "hinh"
    broken.symlink_to("khong-co")
    assert_refused(build(project, tmp_path / "site"), f"'{broken}' trỏ tới 'khong-co', không có thật")
    assert not (tmp_path / "site").exists()


def test_docs_problems_finds_loops_through_other_links_and_names_that_are_not_utf8(tmp_path):
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "b").mkdir()
    (docs / "a" / "sang-b").symlink_to("../b")   # fine on its own…
    (docs / "b" / "sang-a").symlink_to("../a")   # …a cycle together
    (docs / "tu-than").symlink_to("tu-than")
    (docs / "anh").symlink_to(docs / "a")         # a plain link to a sibling folder
    (tmp_path / "ngoai").mkdir()
    (docs / "ngoai").symlink_to(tmp_path / "ngoai")
    (docs / os.fsdecode(b"t\xffn.md")).write_text("# x\n", encoding="utf-8")
    found = {p.path.relative_to(docs).as_posix(): p.kind for p in problems(docs)}
    assert found.pop("tu-than") == "loop"
    assert found.pop(os.fsdecode(b"t\xffn.md")) == "name"
    assert set(found.values()) == {"loop"}
    assert all(path.endswith(("sang-a", "sang-b")) for path in found), found
    assert not any(path in ("anh", "ngoai") for path in found)


def test_deep_nesting_names_the_page_in_vietnamese(tmp_path):
    project = copy_project(tmp_path / "project")
    booklet = (project / BOOKLET).read_text(encoding="utf-8")
    deep = '<div markdown="1">\n\n' * 400 + "Lồng rất sâu.\n\n" + "</div>\n\n" * 400
    (project / "docs/nghi-quyet/trung-uong/sau.md").write_text(
        booklet.replace("19-NQ/TW", "20-NQ/TW").replace("## Phần I.", deep + "## Phần I.", 1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert_refused(result, "nghi-quyet/trung-uong/sau.md")
    assert "RecursionError" not in result.stderr and "recursion" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_explain_turns_the_last_english_line_into_vietnamese():
    output = ("INFO    -  Building documentation to directory: /p/site.new-x\n"
              "ERROR   -  Error reading page 'nghi-quyet/sau.md': maximum recursion depth exceeded\n"
              "RecursionError: maximum recursion depth exceeded")
    message, rest = explain(output)
    assert message.startswith("trang 'nghi-quyet/sau.md' có nội dung lồng nhau quá sâu")
    assert rest == "INFO    -  Building documentation to directory: /p/site.new-x"
    message, rest = explain("OSError: [Errno 28] No space left on device: '/venv/a.js' -> '/p/site.new-x/a.js'")
    assert message.startswith("ổ đĩa đầy, không ghi được '/p/site.new-x/a.js'") and rest == ""
    message, _ = explain("FileNotFoundError: [Errno 2] No such file or directory: '/p/docs/x'")
    assert message.startswith("không có tệp hay thư mục '/p/docs/x'")
    message, _ = explain("UnicodeEncodeError: 'utf-8' codec can't encode character '\\udcff'")
    assert message.startswith("MkDocs dừng vì một lỗi không mong đợi khi dựng một trang (UnicodeEncodeError")
    assert explain("mkdocs said something else") == ("", "mkdocs said something else")


def test_a_full_disk_leaves_the_previous_site_untouched(tmp_path):
    """A real full disk: a small tmpfs holding the site; the second build runs out of room half-way."""
    project = copy_project(tmp_path / "project")
    with tmpfs(tmp_path / "disk", "32m") as disk:
        site = disk / "site"
        first = build(project, site)
        assert first.returncode == 0, first.stdout + first.stderr
        before = fingerprint(site)
        used = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        remount(disk, f"size={used + 1024 * 1024}")  # room for a third of a new build
        result = build(project, site)
        assert_refused(result, "ổ đĩa đầy, không ghi được", f"'{site}", "xóa bớt tệp")
        assert fingerprint(site) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"], "the half-written build is gone"
