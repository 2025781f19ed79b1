"""Publishing is serialised and exact: one lock per target, unique names sorting by time, moves that cannot
nest, cleanup of this run's files only. Two publishers racing 50 times, a publisher killed mid-copy, and a
property test over whatever a target held before."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT
from hoidap.publishing import release
from hoidap.publishing.release import PublishError, Target
from hoidap.publishing.release_names import new_name, release_key, release_time
from hoidap.publishing.site_folders import REQUIRED
from hoidap.publishing.target_session import LOCK_FILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PUBLISH = [sys.executable, str(ROOT / "scripts" / "publish.py")]
WAITING = "Đang có lần xuất bản khác"
ROUNDS = 50


def make_site(folder: Path, text: str, extra: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in REQUIRED:
        (folder / name).write_text(f"{name} {text}", encoding="utf-8")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets/logo.svg").write_text("<svg/>", encoding="utf-8")
    for number in range(extra):
        (folder / f"trang-{number}.html").write_text(f"{text} {number}", encoding="utf-8")
    return folder


def files(folder: Path) -> dict[str, str]:
    """Every regular file below ``folder``, symlinks not followed: relative path → SHA-256."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def served(target: Path) -> dict[str, str]:
    """What ``current`` serves, without the kit's mark."""
    found = files(target / "current")
    assert found.pop(release.RELEASE_MARK)
    return found


def run_publish(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*PUBLISH, *args], capture_output=True, text=True, timeout=120, **kwargs)


def consistent(target: Path, keep: int) -> list[str]:
    """Check the target's invariants; return its releases, oldest first."""
    releases = target / "releases"
    names = sorted((path.name for path in releases.iterdir()), key=release_key)
    assert not [name for name in names if name.startswith(".")], names  # no partial copy left
    assert not list(target.glob("current.tmp-*"))  # no temporary link left
    assert len(names) <= keep
    for name in names:
        folder = releases / name
        assert folder.is_dir() and not folder.is_symlink() and (folder / release.RELEASE_MARK).is_file()
        assert all((folder / required).is_file() for required in REQUIRED)
        nested = [path for path in folder.rglob("*")
                  if path.name in {"releases", "current"} or path.name.endswith(".partial") or
                  release_time(path.name) is not None]
        assert not nested, nested  # no release inside a release
    return names


def test_release_names_sort_by_time_with_the_old_names_among_them():
    old = ["20250301T080000Z", "20250301T080000Z-2", "20250301T080001Z", "20250301T075959Z-10"]
    new = [new_name(dt.datetime(2025, 3, 1, 8, 0, 0, micro, tzinfo=dt.UTC), []) for micro in (1, 500_000)]
    assert re.fullmatch(r"20250301T080000\.000001Z-[0-9a-f]{6}", new[0])
    ordered = sorted([*old, *new], key=release_key)
    assert ordered == ["20250301T075959Z-10", "20250301T080000Z", "20250301T080000Z-2", *new, "20250301T080001Z"]
    assert new_name(dt.datetime(2025, 3, 1, tzinfo=dt.UTC), [], token="abcdef") != new_name(
        dt.datetime(2025, 3, 1, tzinfo=dt.UTC), [])  # same microsecond, different random part


def test_a_new_name_sorts_after_every_existing_one_even_when_the_clock_is_behind():
    taken = ["20300101T000000Z-3", "20300101T000000.000000Z-aaaaaa", "20200101T000000Z"]
    name = new_name(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), taken)
    assert sorted([*taken, name], key=release_key)[-1] == name
    assert release_time(name) == dt.datetime(2030, 1, 1, 0, 0, 0, 1, tzinfo=dt.UTC)


def test_rollback_and_list_order_old_and_new_names(tmp_path):
    target = tmp_path / "srv"
    (target / "releases").mkdir(parents=True)
    names = ["20250101T000000Z", "20250101T000000Z-2", "20250101T000000.500000Z-0a1b2c"]
    for name in names:
        make_site(target / "releases" / name, name)
    os.symlink(f"releases/{names[2]}", target / "current")
    assert run_publish("rollback", str(target)).returncode == 0
    assert os.readlink(target / "current") == f"releases/{names[1]}"
    assert run_publish("rollback", str(target)).returncode == 0
    assert os.readlink(target / "current") == f"releases/{names[0]}"
    published = run_publish("publish", str(target), "--site", str(make_site(tmp_path / "site", "mới")))
    assert published.returncode == 0, published.stderr
    listed = run_publish("list", str(target)).stdout.splitlines()
    assert [line.split()[0] for line in listed[1:]][:3] == names
    assert "thiếu tệp dấu .hoidap-release" in listed[1]  # written by an earlier version: never pruned


def test_two_publishers_racing_fifty_rounds_the_last_to_report_success_is_served(tmp_path):
    """Two processes of scripts/publish.py publish different sites to one folder, 50 times.

    In even rounds the test holds the target's lock until both publishers are waiting for it, so that they
    race for it at the same instant; odd rounds start them freely. Every round: both succeed (or fail with a
    Vietnamese message), ``current`` points to a complete release holding exactly the site of the last
    publisher to report success, no partial copy or temporary link remains, no release holds another.
    The order of reports is read from the names: a name is chosen under the lock and sorts after every
    existing one, and a publisher reports success before it releases the lock.
    """
    target = tmp_path / "srv"
    target.mkdir()
    sites = {who: tmp_path / who for who in ("a", "b")}
    everything: list[str] = []
    for number in range(ROUNDS):
        for extra, (who, site) in enumerate(sites.items()):
            make_site(site, f"{who} vòng {number}", extra=(number + extra) % 3)
            for stale in site.glob("trang-*.html"):
                if int(stale.stem.split("-")[1]) >= (number + extra) % 3:
                    stale.unlink()
        gate = open(target / LOCK_FILE, "a") if number % 2 == 0 else None  # noqa: SIM115
        if gate:
            fcntl.flock(gate, fcntl.LOCK_EX)
        processes = {who: subprocess.Popen([*PUBLISH, "publish", str(target), "--site", str(site), "--keep", "3"],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for who, site in sites.items()}
        waited = {}
        if gate:
            waited = {who: process.stderr.readline() for who, process in processes.items()}
            gate.close()  # both are waiting: let them race
        successes = {}
        for who, process in processes.items():
            out, err = process.communicate(timeout=120)
            err = waited.get(who, "") + err
            assert "Traceback" not in out + err, (number, out, err)
            if process.returncode == 0:
                successes[who] = re.search(r"Đã xuất bản bản (\S+) ", out)[1]
            else:
                assert process.returncode == 1 and "Lỗi: " in err, (number, out, err)
        if gate:
            assert all(WAITING in line for line in waited.values()), waited
        assert successes, number
        last = max(successes, key=lambda who: release_key(successes[who]))
        assert os.readlink(target / "current") == f"releases/{successes[last]}", number
        assert served(target) == files(sites[last]), number
        names = consistent(target, keep=3)
        assert names[-1] == successes[last]
        everything += sorted(successes.values(), key=release_key)
    assert everything == sorted(everything, key=release_key) and len(set(everything)) == len(everything)
    assert len(everything) == 2 * ROUNDS  # with a wait of 300 s, every publication got its turn


def test_a_second_publisher_waits_then_refuses_clearly_and_so_does_a_rollback(tmp_path):
    target = tmp_path / "srv"
    target.mkdir()
    site = make_site(tmp_path / "site", "một")
    assert run_publish("publish", str(target), "--site", str(site)).returncode == 0
    before = files(target)
    link = os.readlink(target / "current")
    with open(target / LOCK_FILE, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for command in (["publish", str(target), "--site", str(site)], ["rollback", str(target)]):
            result = run_publish(*command, "--wait", "1")
            assert result.returncode == 1 and "Traceback" not in result.stderr
            assert f"{WAITING} tới '{target}'; chờ nó xong (tối đa 1 giây)…" in result.stderr
            assert f"Lỗi: Một lần xuất bản khác tới '{target}' vẫn chưa xong sau 1 giây" in result.stderr
        assert files(target) == before and os.readlink(target / "current") == link
        waiting = subprocess.Popen([*PUBLISH, "publish", str(target), "--site", str(site)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert WAITING in waiting.stderr.readline()
    out, err = waiting.communicate(timeout=120)  # the lock was released: it went on
    assert waiting.returncode == 0 and "Đã xuất bản bản" in out, err


def test_a_target_without_flock_is_explained(tmp_path, monkeypatch):
    target = tmp_path / "srv"
    target.mkdir()
    tools = tmp_path / "bin"
    tools.mkdir()
    os.symlink("/bin/sh", tools / "sh")  # a shell, and no flock
    monkeypatch.setenv("PATH", str(tools))
    with pytest.raises(PublishError, match=r"chưa có lệnh 'flock' \(gói util-linux\).*apt-get install util-linux"):
        release.publish(make_site(tmp_path / "site", "x"), Target(str(target)))
    assert not (target / "releases").exists() and not (target / "current").exists()


FAKE_RSYNC = """#!/bin/sh
# Stands for rsync cut off mid-copy: starts the copy, says so, then hangs until killed.
for last; do :; done
mkdir -p "$last" && printf 'dở dang\\n' > "$last/index.html" && : > "$PUBLISH_TEST_READY" && exec sleep 300
"""


def test_a_publisher_killed_mid_copy_leaves_current_and_the_next_cleans_only_its_own(tmp_path):
    target = tmp_path / "srv"
    target.mkdir()
    first = run_publish("publish", str(target), "--site", str(make_site(tmp_path / "one", "một")))
    assert first.returncode == 0, first.stderr
    link, before = os.readlink(target / "current"), served(target)
    tools, ready = tmp_path / "bin", tmp_path / "ready"
    tools.mkdir()
    (tools / "rsync").write_text(FAKE_RSYNC, encoding="utf-8")
    (tools / "rsync").chmod(0o755)
    env = dict(os.environ, PATH=f"{tools}:{os.environ['PATH']}", PUBLISH_TEST_READY=str(ready))
    killed = subprocess.Popen([*PUBLISH, "publish", str(target), "--site", str(make_site(tmp_path / "two", "hai"))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert killed.poll() is None and time.monotonic() < deadline, killed.communicate()
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)  # the publisher and its copy, as a power cut or kill -9 would
    killed.communicate()
    assert os.readlink(target / "current") == link and served(target) == before
    [partial] = (target / "releases").glob(".*.partial")
    leftover = files(partial)

    third = make_site(tmp_path / "three", "ba")
    result = run_publish("publish", str(target), "--site", str(third))
    assert result.returncode == 0, result.stderr
    assert served(target) == files(third)
    assert files(partial) == leftover  # another run's copy: reported, never removed
    assert f"Còn 1 bản chép dở của lần xuất bản bị ngắt trước đây: releases/{partial.name}" in result.stdout
    assert f"releases/{partial.name}" in run_publish("list", str(target)).stdout


def test_an_interrupted_or_failed_publication_removes_only_its_own_files(tmp_path, monkeypatch):
    target = tmp_path / "srv"
    target.mkdir()
    release.publish(make_site(tmp_path / "one", "một"), Target(str(target)))
    foreign = target / "releases/.20200101T000000Z.partial"
    foreign.mkdir()
    (foreign / "index.html").write_text("của lần khác", encoding="utf-8")
    before = files(target)

    def interrupted(command: list[str]) -> subprocess.CompletedProcess:
        result = subprocess.run(command, capture_output=True, text=True)
        if command[0] == "rsync":
            raise KeyboardInterrupt  # Ctrl-C right after the copy
        return result

    with pytest.raises(KeyboardInterrupt):
        release.publish(make_site(tmp_path / "two", "hai"), Target(str(target)), run=interrupted)
    assert files(target) == before
    monkeypatch.setattr(release, "site_files", lambda _site: 999)  # the copy will not verify
    with pytest.raises(PublishError, match="không đủ số tệp"):
        release.publish(make_site(tmp_path / "three", "ba"), Target(str(target)))
    assert files(target) == before and not list(target.glob("current.tmp-*"))


def test_pruning_removes_only_marked_releases_and_never_the_served_one(tmp_path):
    target, outside = tmp_path / "srv", tmp_path / "ngoai"
    releases = target / "releases"
    releases.mkdir(parents=True)
    make_site(outside, "ở ngoài")
    make_site(releases / "20200101T000000Z", "không có dấu")  # an earlier version's, or someone's
    os.symlink(outside, releases / "20200102T000000Z")  # a link named like a release: never followed
    kept = [*files(outside).items(), *files(releases / "20200101T000000Z").items()]
    names = []
    for number in range(3):
        result = run_publish("publish", str(target), "--site", str(make_site(tmp_path / f"s{number}", str(number))),
                             "--keep", "1")
        assert result.returncode == 0, result.stderr
        names.append(os.readlink(target / "current").removeprefix("releases/"))
    assert "Không tự xóa 1 bản cũ thiếu tệp dấu .hoidap-release" in result.stdout
    # the previous served release is kept beside the new one; older marked ones are removed
    assert sorted(path.name for path in releases.iterdir()) == ["20200101T000000Z", "20200102T000000Z", *names[1:]]
    assert [*files(outside).items(), *files(releases / "20200101T000000Z").items()] == kept
    assert run_publish("rollback", str(target)).returncode == 0  # now serving names[1]
    again = run_publish("publish", str(target), "--site", str(tmp_path / "s0"), "--keep", "1")
    assert again.returncode == 0 and f"Đã xóa 1 bản cũ: {names[2]}." in again.stdout  # not names[1], the served one
    assert (releases / names[1]).is_dir()


ENTRY_NAMES = ["20240101T000000Z", "20240101T000000Z-2", "20240101T000000.000001Z-abcdef", "20990101T000000Z",
               ".20240101T000000Z.partial", ".x.partial", "khong-phai-ban", "current"]
FILE_NAMES = ["index.html", "a.txt", "ghi chú.md", ".an", release.RELEASE_MARK]
file_sets = st.dictionaries(st.sampled_from(FILE_NAMES), st.binary(max_size=16), max_size=3)
entries = st.dictionaries(st.sampled_from(ENTRY_NAMES),
                          st.tuples(st.sampled_from(["dir", "marked", "file", "link-out"]), file_sets), max_size=4)
ROOT_NAMES = ["current.tmp-x", LOCK_FILE, "ghi-chu.txt", "releases.bak", ".hoidap-release"]


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(root=st.dictionaries(st.sampled_from(ROOT_NAMES), st.binary(max_size=16), max_size=3),
       listed=entries, current=st.sampled_from(["none", "release", "outside", "dir", "file"]),
       publications=st.integers(1, 3), keep=st.integers(1, 3))
def test_publishing_never_changes_a_file_it_did_not_create(root, listed, current, publications, keep):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        target, outside = base / "srv", base / "ngoai"
        (target / "releases").mkdir(parents=True)
        make_site(outside, "ở ngoài")
        for name, data in root.items():
            (target / name).write_bytes(data)
        marked = set()
        for name, (kind, content) in listed.items():
            path = target / "releases" / name
            if kind == "file":
                path.write_bytes(b"".join(content.values()))
            elif kind == "link-out":
                os.symlink(outside, path)
            else:
                path.mkdir()
                for file_name, data in content.items():
                    (path / file_name).write_bytes(data)
                if kind == "marked":
                    (path / release.RELEASE_MARK).write_text("dấu", encoding="utf-8")
                    make_site(path, name)
                if (path / release.RELEASE_MARK).is_file():  # carries the kit's mark: one of its releases
                    marked.add(name)
        some = next(iter(listed), "khong-co")
        if current == "release":
            os.symlink(f"releases/{some}", target / "current")
        elif current == "outside":
            os.symlink(outside, target / "current")
        elif current == "dir":
            make_site(target / "current", "thư mục thật")
        elif current == "file":
            (target / "current").write_bytes(b"tep that")
        sites = [make_site(base / f"site{number}", f"bản {number}") for number in range(publications)]
        before = files(base)
        made = []
        for site in sites:
            try:
                made.append(release.publish(site, Target(str(target)), keep=keep).name)
            except PublishError as exc:
                assert current in ("dir", "file") and "không phải liên kết" in str(exc)
        after = files(base)
        for path, digest in before.items():
            parts = path.split("/")
            # an earlier release of the kit (marked) may be pruned, as a whole and never while served
            pruned = (parts[:2] == ["srv", "releases"] and parts[2] in marked
                      and not (target / "releases" / parts[2]).exists())
            assert pruned or after.get(path) == digest, path
        ours = tuple(f"srv/releases/{name}/" for name in made)
        created = [path for path in after if path not in before]
        assert all(path.startswith(ours) or path == f"srv/{LOCK_FILE}" for path in created), created
        if made:
            assert os.readlink(target / "current") == f"releases/{made[-1]}"
            assert served(target) == files(base / f"site{publications - 1}")
        partials = sorted(path.name for path in (target / "releases").glob(".*.partial"))
        assert partials == sorted(name for name in listed if name.startswith("."))
