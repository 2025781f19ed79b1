"""Safe building and publishing: a failed build leaves the previous site byte-for-byte as it was; releases
on a local folder switch atomically, are capped and roll back; the SSH command lines are right; the CI
workflows call the same make targets."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT, copy_project
from hoidap.publishing import release, site_build, site_folders, target_session
from hoidap.publishing.release import PublishError, Target

BOOKLET = "docs/nghi-quyet/trung-uong/19-nq-tw.md"


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--config",
                           str(project / "mkdocs.yml"), *args], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def run_publish(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "publish.py"), *args], capture_output=True,
                          text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path) with the SHA-256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(("site.new-", "site.old-")))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project built once with scripts/build.py (no PDFs): its site/ is the previous site."""
    project = copy_project(tmp_path_factory.mktemp("build") / "project")
    result = run_build(project, "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[2/4] Dựng trang… xong" in result.stdout and "Thay trang cũ bằng trang mới… xong" in result.stdout
    return project


@pytest.mark.parametrize(("broken", "words"), [
    (lambda text: text.replace("### Câu 2.", "### Câu hai."), "Kiểm tra tài liệu"),
    (lambda text: text.replace("---\n", "---\ntitle: [không đóng\n", 1), "Kiểm tra tài liệu"),
], ids=["heading-without-number", "bad-front-matter"])
def test_a_failed_build_leaves_the_previous_site_byte_for_byte(built, tmp_path, broken, words):
    project = copy_project(tmp_path / "project")
    shutil.copytree(built / "site", project / "site")
    before = snapshot(project / "site")
    booklet = project / BOOKLET
    booklet.write_text(broken(booklet.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_build(project, "--no-pdf")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"bước «{words}» không thành công" in output and "Trang cũ trong" in output, output
    assert "19-nq-tw.md:" in output, output
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_failing_mkdocs_step_also_keeps_the_previous_site(built, tmp_path):
    """The checker passes, MkDocs fails (a bad colour in mkdocs.yml): the step after the check fails."""
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("bản cũ", encoding="utf-8")
    (project / "site" / site_folders.SITE_MARK).write_text("dấu", encoding="utf-8")  # built by an earlier build
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('"#a31d1d"', '"đỏ"'), encoding="utf-8")
    result = run_build(project, "--no-pdf")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "bước «Dựng trang» không thành công" in output and "plugins.hoidap.colors.primary" in output, output
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert leftovers(project) == []


def run_mark(folder: Path) -> Path:
    """``folder`` made to look like a build's run folder (its run mark, unlocked: that build has ended)."""
    (folder / "site").mkdir(parents=True)
    (folder / "site/index.html").write_text("dở dang", encoding="utf-8")
    mark = folder / site_folders.RUN_MARK
    mark.write_text(f"{site_folders.RUN_MARK_FIRST_LINE}\nTiến trình 1.\n", encoding="utf-8")
    return mark


def test_a_successful_rebuild_replaces_the_site_and_only_its_own_folders(built):
    site = built / "site"
    assert (site / site_folders.SITE_MARK).is_file()
    (site / "stale.txt").write_text("từ bản trước", encoding="utf-8")
    for name in ("site.old-backup", "site.new-backup"):  # the user's own copies, named like ours
        (built / name).mkdir()
        (built / name / "index.html").write_text(f"bản sao {name}", encoding="utf-8")
    (built / "site.new-backup" / site_folders.RUN_MARK).write_text("không phải dấu của lệnh dựng", encoding="utf-8")
    run_mark(built / "site.new-killed")  # a build killed earlier: removed
    with open(run_mark(built / "site.new-running")) as running:  # another build still running: kept
        fcntl.flock(running, fcntl.LOCK_EX)
        before = {name: snapshot(built / name) for name in ("site.old-backup", "site.new-backup", "site.new-running")}
        booklet = built / BOOKLET
        booklet.write_text(booklet.read_text(encoding="utf-8").replace("### Câu 1.", "### Câu 1. Mới sửa:", 1),
                           encoding="utf-8")
        result = run_build(built, "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "stale.txt").exists()
    assert "Mới sửa:" in (site / "nghi-quyet/trung-uong/19-nq-tw/index.html").read_text(encoding="utf-8")
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    assert (site / site_folders.SITE_MARK).read_text(encoding="utf-8") == site_folders.SITE_MARK_TEXT
    assert leftovers(built) == sorted(before)
    assert {name: snapshot(built / name) for name in before} == before
    for name in before:
        shutil.rmtree(built / name)


def test_a_foreign_web_root_is_refused_and_left_byte_for_byte(tmp_path):
    """``--site /var/www/html`` holding another site: refused before anything is built or moved."""
    project = copy_project(tmp_path / "project")
    www = tmp_path / "var/www"
    (www / "html").mkdir(parents=True)
    (www / "html/index.html").write_bytes(b"<h1>Trang c\xc5\xa9 c\xe1\xbb\xa7a \xc4\x91\xc6\xa1n v\xe1\xbb\x8b</h1>\n")
    (www / "html/app.php").write_bytes(b"<?php echo 1; ?>\n")
    (www / "app").mkdir()
    (www / "app/config.ini").write_bytes(b"secret=1\n")
    before = snapshot(www)
    result = run_build(project, "--no-pdf", "--site", str(www / "html"))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"Thư mục '{www / 'html'}' đã có tệp nhưng không phải trang đã dựng" in result.stderr
    assert "--site THƯ-MỤC" in result.stderr and f"Thư mục '{www / 'html'}' vẫn giữ nguyên" in result.stderr
    assert snapshot(www) == before
    assert sorted(path.name for path in www.iterdir()) == ["app", "html"]


def test_a_folder_that_is_not_a_built_site_is_never_replaced(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    result = run_build(project, "--no-pdf")
    assert result.returncode == 1 and "không phải trang đã dựng" in result.stderr
    assert (project / "site" / "ghi-chu.txt").is_file()


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_in_with_and_without_the_atomic_exchange(tmp_path, atomic):
    target = tmp_path / "site"
    with site_folders.run_folder(target) as folder:
        new = folder / "site"
        for path, text in ((target, "cũ"), (new, "mới")):
            path.mkdir()
            (path / "index.html").write_text(text, encoding="utf-8")
        site_build.swap_in(new, target, *([] if atomic else [lambda _a, _b: False]))
        assert (target / "index.html").read_text(encoding="utf-8") == "mới"
        previous = new if atomic else folder / "previous"  # the old site went into this run's own folder
        assert (previous / "index.html").read_text(encoding="utf-8") == "cũ"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_the_full_build_prints_and_links_the_pdfs(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system' (or 'make test', which installs it)")
    project = copy_project(tmp_path / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[3/6] In PDF… xong" in result.stdout and "[4/6] Dựng lại để gắn liên kết PDF… xong" in result.stdout
    page = project / "site/nghi-quyet/trung-uong/19-nq-tw"
    assert (page / "19-nq-tw-a4.pdf").is_file() and 'href="19-nq-tw-a5.pdf"' in (page / "index.html").read_text("utf-8")
    assert site_build.missing_pdfs(project / "site", "vi") == []
    again = run_build(project)  # unchanged booklets: every PDF comes from .cache/pdf
    assert again.returncode == 0 and "in mới 0, dùng lại 8" in again.stdout, again.stdout + again.stderr


def site_fixture(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    for name in site_folders.REQUIRED:
        (folder / name).write_text(f"{name} {text}", encoding="utf-8")
    (folder / "assets").mkdir()
    (folder / "assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    return folder


def current(target: Path) -> str:
    return os.readlink(target / "current")


def test_publish_to_a_folder_switches_current_caps_releases_and_rolls_back(tmp_path):
    target = tmp_path / "srv"
    target.mkdir()
    sites = [site_fixture(tmp_path / f"site{number}", f"bản {number}") for number in range(4)]
    names = []
    for number, site in enumerate(sites):
        result = run_publish("publish", str(target), "--site", str(site), "--keep", "3")
        assert result.returncode == 0, result.stdout + result.stderr
        names.append(current(target).removeprefix("releases/"))
        assert (target / "current/index.html").read_text(encoding="utf-8") == f"index.html bản {number}"
    assert "Đã xóa 1 bản cũ" in result.stdout and f"Bản trước: {names[2]}" in result.stdout
    assert sorted(path.name for path in (target / "releases").iterdir()) == names[1:]  # capped, no partials
    first, second = (target / "releases" / name / "assets/logo.svg" for name in names[2:])
    assert first.stat().st_ino == second.stat().st_ino  # unchanged files are hard-linked, not copied

    back = run_publish("rollback", str(target))
    assert back.returncode == 0, back.stdout + back.stderr
    assert f"Đã quay lại bản {names[2]}" in back.stdout
    served = snapshot(target / "current")
    assert served.pop(release.RELEASE_MARK) and served == snapshot(sites[2])  # the site, plus the kit's mark
    listed = run_publish("list", str(target)).stdout
    assert f"{names[2]}   ← đang chạy" in listed and names[3] in listed


def test_publish_reloads_the_web_server_or_reminds_to(tmp_path):
    target = tmp_path / "srv"
    target.mkdir()
    site = site_fixture(tmp_path / "site", "bản 1")
    reminded = run_publish("publish", str(target), "--site", str(site))
    assert reminded.returncode == 0 and "nạp lại nginx" in reminded.stdout
    reloaded = run_publish("publish", str(target), "--site", str(site), "--reload", "readlink current > reloaded")
    assert reloaded.returncode == 0, reloaded.stderr
    assert "Đã nạp lại máy chủ web" in reloaded.stdout
    assert (target / "reloaded").read_text().strip() == current(target)   # ran after the switch, in TARGET
    failed = run_publish("rollback", str(target), "--reload", "exit 3")
    assert failed.returncode == 1 and "Nạp lại máy chủ web ('exit 3') không thành công" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_rollback_with_a_single_release_refuses_clearly(tmp_path):
    target = tmp_path / "srv"
    target.mkdir()
    assert run_publish("rollback", str(target)).stderr.startswith("Lỗi: Trên ")
    published = run_publish("publish", str(target), "--site", str(site_fixture(tmp_path / "site", "một")))
    assert published.returncode == 0, published.stderr
    result = run_publish("rollback", str(target))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "không có bản trước để quay lại" in result.stderr
    assert (target / "current/index.html").read_text(encoding="utf-8") == "index.html một"


def test_publish_errors_are_clear(tmp_path):
    site = site_fixture(tmp_path / "site", "x")
    missing = run_publish("publish", str(tmp_path / "khong-co"), "--site", str(site))
    assert missing.returncode == 1 and "Không thấy thư mục đích" in missing.stderr
    (tmp_path / "srv").mkdir()
    unbuilt = run_publish("publish", str(tmp_path / "srv"), "--site", str(tmp_path / "khong-co-site"))
    assert unbuilt.returncode == 1 and "chạy 'make build' trước" in unbuilt.stderr
    assert not (tmp_path / "srv/current").exists()


def test_a_copy_that_does_not_verify_is_never_switched_to(tmp_path, monkeypatch):
    target = tmp_path / "srv"
    target.mkdir()
    release.publish(site_fixture(tmp_path / "good", "tốt"), Target(str(target)))
    served = current(target)
    monkeypatch.setattr(release, "site_files", lambda _site: 999)  # the copy will hold fewer files
    with pytest.raises(PublishError, match="không đủ số tệp"):
        release.publish(site_fixture(tmp_path / "other", "khác"), Target(str(target)))
    assert current(target) == served
    assert [path.name for path in (target / "releases").iterdir()] == [served.removeprefix("releases/")]


def test_missing_rsync_is_explained():
    def run(command):
        raise FileNotFoundError(command[0])

    with pytest.raises(PublishError, match=r"Chưa cài 'rsync'.*apt-get install rsync"):
        release._run(run, ["rsync", "a", "b"], Target("/srv"), "Chép trang")


def test_targets_are_parsed():
    assert Target.parse("can-bo@may-chu.vn:/srv/hoidap/") == Target("/srv/hoidap", "can-bo@may-chu.vn")
    assert Target.parse("may-chu:~/hoidap") == Target("hoidap", "may-chu")
    assert Target.parse("/srv/hoidap") == Target("/srv/hoidap")
    assert Target.parse("./ra:ngoai").host is None
    with pytest.raises(PublishError, match="Chưa ghi nơi xuất bản"):
        Target.parse(" ")


class RecordingShell:
    """Stands for the locked shell on the server: records each step's script, answers from ``outputs``."""

    def __init__(self, outputs: list[str]) -> None:
        self.outputs, self.scripts = outputs, []

    def step(self, script: str) -> tuple[int, str]:
        self.scripts.append(script)
        return 0, self.outputs[len(self.scripts) - 1]


def test_ssh_commands_of_a_publication(tmp_path):
    """What runs over SSH, checked without a network: the locked session, the copy, every step, in order."""
    commands: list[list[str]] = []
    opened: list[tuple[list[str], bool]] = []
    shell = RecordingShell(["R 1 20250101T000000Z\nC releases/20250101T000000Z\n", "D 20240101T000000Z\n"])

    @contextlib.contextmanager
    def opener(command, local, _on_wait):
        opened.append((command, local))
        yield shell

    def fake(command: list[str]) -> subprocess.CompletedProcess:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    site = site_fixture(tmp_path / "site", "x")
    (site / site_folders.SITE_MARK).write_text("dấu", encoding="utf-8")  # not published, not counted
    done = release.publish(site, Target.parse("can-bo@may-chu.vn:/srv/hoi dap"), run=fake, opener=opener,
                           now=dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC))
    assert re.fullmatch(r"20250301T080000\.000000Z-[0-9a-f]{6}", done.name), done.name
    assert done.previous == "20250101T000000Z" and done.files == 5 and done.removed == ["20240101T000000Z"]
    [(holder, local)] = opened
    ssh = holder[:holder.index("can-bo@may-chu.vn")]
    control = next(option for option in ssh if option.startswith("ControlPath="))
    assert not local and ssh[0] == "ssh" and "ControlMaster=auto" in ssh and control.endswith("/%C")
    assert holder[-1] == f"sh -c {shlex.quote(target_session.holder_script('/srv/hoi dap', release.LOCK_WAIT))}"
    remote = shlex.split(holder[-1])[2]
    assert remote.startswith("cd -- '/srv/hoi dap'") and "exec 9>>.hoidap-publish.lock" in remote
    assert "flock -w 300 9" in remote and remote.endswith("exec sh -s")
    rsync, close = commands
    assert rsync[:1] == ["rsync"] and "--checksum" in rsync and "--delete" in rsync
    assert f"--exclude=/{site_folders.SITE_MARK}" in rsync
    assert "--link-dest=../20250101T000000Z" in rsync
    assert rsync[rsync.index("-e") + 1] == shlex.join(ssh)
    assert rsync[-2:] == [f"{site.resolve()}/", f"can-bo@may-chu.vn:/srv/hoi dap/releases/.{done.name}.partial/"]
    state, finalize = shell.scripts
    assert "mkdir releases" in state
    assert "[ \"$n\" -eq 5 ]" in finalize and f"r=releases/{done.name}" in finalize
    assert "mv -T -- \"$p\" \"$r\"" in finalize and "mv -fT -- \"$t\" current" in finalize
    assert f"ln -s -- releases/{done.name} \"$t\"" in finalize and "for old in 20240101T000000Z; do" not in finalize
    assert close == [*ssh, "-O", "exit", "can-bo@may-chu.vn"]


def test_an_ssh_publication_runs_its_remote_scripts_as_sshd_would(tmp_path):
    """No sshd here: the command line ssh would send is run by ``sh -c`` locally, as the server's shell would."""
    served = tmp_path / "srv hoi dap"
    served.mkdir()
    host = "can-bo@may-chu.vn"

    def as_sshd(command, _local, on_wait):
        return target_session.open_shell(["sh", "-c", command[command.index(host) + 1]], True, on_wait)

    def run(command: list[str]) -> subprocess.CompletedProcess:
        if command[0] != "rsync":  # ssh -O exit
            return subprocess.CompletedProcess(command, 0, "", "")
        shell_option = command.index("-e")
        local = [*command[:shell_option], *command[shell_option + 2:-1], command[-1].removeprefix(f"{host}:")]
        return subprocess.run(local, capture_output=True, text=True)

    target = Target.parse(f"{host}:{served}")
    names = [release.publish(site_fixture(tmp_path / f"site{number}", f"bản {number}"), target, run=run,
                             opener=as_sshd).name for number in range(2)]
    assert current(served) == f"releases/{names[1]}"
    assert release.rollback(target, run=run, opener=as_sshd) == (names[1], names[0])
    assert (served / "current/index.html").read_text(encoding="utf-8") == "index.html bản 0"
    assert release.releases(target, run=run, opener=as_sshd).releases == names


