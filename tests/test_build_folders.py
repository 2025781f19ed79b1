"""The build replaces only a site it made (or an empty or missing folder) and removes only its own run folders,
whatever else lies beside ``site/``: checked on examples and by a property test over the folder handling
(the steps are stood in for by one that writes a small site, so that every example takes milliseconds)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT
from hoidap.publishing import site_build, site_folders
from hoidap.publishing.site_build import BuildError, Step, TargetRefused
from hoidap.publishing.site_folders import REQUIRED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def files(folder: Path) -> dict[str, str]:
    """Every regular file below ``folder``, symlinks not followed: relative path → SHA-256."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def small_steps(_config: Path, pdf: bool = True) -> list[Step]:
    def write(site: Path) -> str:
        for name in REQUIRED:
            (site / name).write_text(f"{name} mới", encoding="utf-8")
        return ""

    return [Step("Dựng trang", write)]


def project(base: Path) -> Path:
    folder = base / "project"
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: thử\n", encoding="utf-8")
    return folder


def run_mark(folder: Path) -> Path:
    folder.mkdir()
    (folder / "index.html").write_text("dở dang", encoding="utf-8")
    mark = folder / site_folders.RUN_MARK
    mark.write_text(f"{site_folders.RUN_MARK_FIRST_LINE}\nTiến trình 1.\n", encoding="utf-8")
    return mark


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(site_build, "steps", small_steps)


def test_an_empty_or_missing_folder_is_built_and_marked(tmp_path, small):
    config = project(tmp_path) / "mkdocs.yml"
    for target in (tmp_path / "moi", tmp_path / "trong"):
        if target.name == "trong":
            target.mkdir()
        site_build.build(config, target, pdf=False)
        assert files(target).keys() == {*REQUIRED, site_folders.SITE_MARK}
    site_build.build(config, tmp_path / "moi", pdf=False)  # marked by the first build: replaced
    assert sorted(path.name for path in tmp_path.iterdir()) == ["moi", "project", "trong"]


def test_a_site_built_before_the_mark_existed_is_replaced_but_a_lookalike_is_not(tmp_path, small):
    """Sites built by earlier versions have no mark; their nginx-vars.conf signature (with sw.js and offline.json)
    identifies them. The same files with another first line are somebody else's: refused."""
    config = project(tmp_path) / "mkdocs.yml"
    for name, signature in (("cu", site_folders._LEGACY_SIGNATURE), ("gia", "# cấu hình của tôi")):
        target = tmp_path / name
        target.mkdir()
        (target / "nginx-vars.conf").write_text(f"{signature}\nset $hoidap_version \"1\";\n", encoding="utf-8")
        (target / "sw.js").write_text("// sw", encoding="utf-8")
        (target / "offline.json").write_text("{}", encoding="utf-8")
        if name == "cu":
            site_build.build(config, target, pdf=False)
            assert files(target).keys() == {*REQUIRED, site_folders.SITE_MARK}
        else:
            before = files(tmp_path)
            with pytest.raises(TargetRefused):
                site_build.build(config, target, pdf=False)
            assert files(tmp_path) == before


@pytest.mark.parametrize("kind", ["foreign", "mark-is-a-folder", "symlink", "file"])
def test_any_other_folder_is_refused_and_left_as_it_was(tmp_path, small, kind):
    config = project(tmp_path) / "mkdocs.yml"
    target, elsewhere = tmp_path / "html", tmp_path / "noi-khac"
    elsewhere.mkdir()
    (elsewhere / site_folders.SITE_MARK).write_text("dấu", encoding="utf-8")
    if kind == "symlink":
        target.symlink_to(elsewhere)
    elif kind == "file":
        target.write_text("tệp", encoding="utf-8")
    else:
        target.mkdir()
        (target / "index.html").write_text("<h1>trang khác</h1>", encoding="utf-8")
        if kind == "mark-is-a-folder":
            (target / site_folders.SITE_MARK).mkdir()
    before = files(tmp_path)
    with pytest.raises(TargetRefused, match=f"'{target}'"):
        site_build.build(config, target, pdf=False)
    assert files(tmp_path) == before
    assert not list(tmp_path.glob("html.new-*"))


def test_only_abandoned_run_folders_are_removed(tmp_path):
    target = tmp_path / "site"
    run_mark(tmp_path / "site.new-killed")
    (tmp_path / "site.new-other").mkdir()
    (tmp_path / "site.new-other" / site_folders.RUN_MARK).write_text("của người khác", encoding="utf-8")
    (tmp_path / "site.old-backup").mkdir()
    (tmp_path / "site.new-file").write_text("tệp", encoding="utf-8")
    with open(run_mark(tmp_path / "site.new-running")) as running:
        fcntl.flock(running, fcntl.LOCK_EX)
        assert site_folders.remove_leftovers(target) == [tmp_path / "site.new-killed"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "site.new-file", "site.new-other", "site.new-running", "site.old-backup"]


def test_a_failed_step_removes_only_its_own_run_folder(tmp_path, monkeypatch):
    config = project(tmp_path) / "mkdocs.yml"
    (tmp_path / "site.old-backup").mkdir()
    (tmp_path / "site.old-backup" / "index.html").write_text("bản sao", encoding="utf-8")

    def failing(site: Path) -> str:
        (site / "index.html").write_text("dở", encoding="utf-8")
        raise BuildError("", "hỏng")

    monkeypatch.setattr(site_build, "steps", lambda _config, pdf=True: [Step("Dựng trang", failing)])
    before = files(tmp_path)
    with pytest.raises(BuildError, match="Dựng trang"):
        site_build.build(config, tmp_path / "site", pdf=False)
    after = files(tmp_path)
    assert after.pop("project/.cache/build.lock") and after == before


def test_clean_removes_only_what_builds_made(tmp_path, small):
    config = project(tmp_path) / "mkdocs.yml"
    site = config.parent / "site"
    site_build.build(config, site, pdf=False)
    (config.parent / "site.old-backup").mkdir()
    (config.parent / "site.old-backup/index.html").write_text("bản sao của tôi", encoding="utf-8")
    run_mark(config.parent / "site.new-killed")
    command = [sys.executable, str(ROOT / "scripts/build.py"), "--config", str(config), "--clean"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"Đã xóa '{site}'." in result.stdout and f"Đã xóa '{config.parent / 'site.new-killed'}'." in result.stdout
    assert sorted(path.name for path in config.parent.iterdir()) == [".cache", "mkdocs.yml", "site.old-backup"]
    site.mkdir()
    (site / "index.html").write_text("trang khác", encoding="utf-8")
    kept = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert kept.returncode == 0 and f"Giữ nguyên '{site}'" in kept.stdout
    assert (site / "index.html").read_text(encoding="utf-8") == "trang khác"


FILE_NAMES = ["index.html", "app.php", ".an", site_folders.SITE_MARK, site_folders.RUN_MARK, "ghi chú.txt"]
file_sets = st.dictionaries(st.sampled_from(FILE_NAMES), st.binary(max_size=24), max_size=3)
BESIDE = ["site.old-backup", "site.new-backup", "site.new-abc123", "site.old-1", "site.bak", "site.new-", "ghi-chu.txt"]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(beside=st.dictionaries(st.sampled_from(BESIDE), st.tuples(st.sampled_from(["dir", "file", "link"]), file_sets),
                              max_size=4),
       state=st.sampled_from(["absent", "empty", "marked", "foreign", "file", "link"]), content=file_sets)
def test_building_never_changes_a_file_it_did_not_create(beside, state, content):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_build, "steps", small_steps)
        base = Path(folder)
        config = project(base) / "mkdocs.yml"
        outside = base / "ngoai"
        outside.mkdir()
        (outside / "index.html").write_text("ở ngoài", encoding="utf-8")
        for name, (kind, data) in beside.items():
            path = base / "project" / name
            if kind == "link":
                path.symlink_to(outside)
            elif kind == "file":
                path.write_bytes(b"".join(data.values()))
            else:
                path.mkdir()
                for file_name, bytes_ in data.items():
                    (path / file_name).write_bytes(bytes_)
        site = base / "project/site"
        if state == "link":
            site.symlink_to(outside)
        elif state == "file":
            site.write_bytes(b"tep")
        elif state != "absent":
            site.mkdir()
            for file_name, bytes_ in ({} if state == "empty" else content).items():
                (site / file_name).write_bytes(bytes_)
            if state == "marked":
                (site / site_folders.SITE_MARK).write_text("dấu", encoding="utf-8")
        before = files(base)
        replaceable = state in ("absent", "empty", "marked") or (
            state == "foreign" and (not content or site_folders.SITE_MARK in content))
        try:
            site_build.build(config, site, pdf=False)
            built = True
        except TargetRefused:
            built = False
        assert built == replaceable
        after = files(base)
        for path, digest in before.items():
            assert (built and path.startswith("project/site/")) or after.get(path) == digest, path
        created = {path for path in after if path not in before}
        assert created <= {"project/.cache/build.lock", *(f"project/site/{name}" for name in REQUIRED),
                           f"project/site/{site_folders.SITE_MARK}"}, created
        if built:
            assert files(site).keys() == {*REQUIRED, site_folders.SITE_MARK}
        assert sorted(path.name for path in (base / "project").iterdir()) == sorted(
            {"mkdocs.yml", *beside, *(["site"] if built or state != "absent" else []), *([".cache"] if built else [])})
