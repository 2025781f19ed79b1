"""Publish a built site as a release folder and switch a ``current`` symlink to it; roll back; list releases.

Layout on the target (a local folder or ``user@host:/path`` over SSH)::

    TARGET/releases/20250301T080000Z/   one complete built site per publication (UTC time)
    TARGET/current -> releases/20250301T080000Z   the web server's root points here

A publication copies ``site/`` with rsync into ``releases/.<name>.partial/`` (unchanged files hard-linked
from the release being served: ``--link-dest``, compared by content), verifies it (required files, file
count), renames it to ``releases/<name>``, then switches ``current`` atomically (a new symlink under a
temporary name renamed over it with ``mv -T``, one ``rename(2)``), and finally removes releases beyond the
newest ``keep`` (never the one served). Local and remote targets run the same POSIX shell scripts, locally
with ``sh -c`` and remotely with ``ssh HOST sh -c …``: the tests of a local folder exercise the very
scripts that run on a server. Every command line is built here, in ``Target``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hoidap.site_build import REQUIRED, missing_files

RELEASE = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")
_REMOTE = re.compile(r"^(?P<host>[^/:@\s]+@[^/:\s]+|[^/:@\s.][^/:@\s]*):(?P<path>.*)$")
RSYNC_OPTIONS = ("--recursive", "--links", "--perms", "--checksum", "--delete", "--protect-args",
                 "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r")
Runner = Callable[[list[str]], subprocess.CompletedProcess]

# Exit codes of the shell scripts (ssh itself uses 255).
_NO_TARGET, _MISSING, _COUNT, _NO_RELEASE, _NOT_LINK = 3, 4, 5, 6, 7


class PublishError(Exception):
    """A failure the command reports in Vietnamese, without a traceback."""


def release_key(name: str) -> tuple[str, int]:
    match = RELEASE.match(name)
    return (match.group(1), int(match.group(2) or 1)) if match else ("", 0)


def new_name(now: dt.datetime, taken: list[str]) -> str:
    """``YYYYMMDDTHHMMSSZ`` in UTC, with ``-2``, ``-3``… when that second is already taken."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    name, number = stamp, 1
    while name in taken:
        number += 1
        name = f"{stamp}-{number}"
    return name


@dataclass(frozen=True)
class Target:
    """Where releases live: ``path`` on this machine (``host`` None) or on ``host`` over SSH."""

    path: str
    host: str | None = None
    control: str | None = None  # ssh ControlPath: one connection (one password prompt) for every command

    @classmethod
    def parse(cls, text: str) -> Target:
        """``/srv/hoidap``, ``./out`` (local) or ``user@host:/srv/hoidap``, ``host:hoidap`` (SSH)."""
        text = text.strip()
        if not text:
            raise PublishError("Chưa ghi nơi xuất bản: TARGET=/srv/hoidap hoặc TARGET=nguoi-dung@may-chu:/srv/hoidap.")
        match = _REMOTE.match(text)
        if match is None:
            return cls(str(Path(text).expanduser().absolute()))
        path = match.group("path").rstrip("/") or "."
        if path == "~" or path.startswith("~/"):
            path = path[2:] or "."  # ssh and rsync start in the home folder
        return cls(path, match.group("host"))

    @property
    def label(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    def ssh(self) -> list[str]:
        """The ssh command (without host) for this target's commands and for rsync's ``-e``."""
        options = ["ssh", "-o", "ConnectTimeout=20"]
        if self.control:
            options += ["-o", "ControlMaster=auto", "-o", f"ControlPath={self.control}", "-o", "ControlPersist=60"]
        return options

    def shell(self, script: str) -> list[str]:
        """Run a POSIX shell script on the target."""
        if self.host is None:
            return ["sh", "-c", script]
        return [*self.ssh(), self.host, f"sh -c {shlex.quote(script)}"]

    def rsync(self, site: Path, folder: str, link_dest: str | None) -> list[str]:
        """Copy ``site``'s content into ``folder`` (relative to the target), hard-linking unchanged files."""
        command = ["rsync", *RSYNC_OPTIONS]
        if link_dest:
            command.append(f"--link-dest=../{link_dest}")  # relative to the destination folder
        if self.host:
            command += ["-e", shlex.join(self.ssh())]
        destination = f"{self.path}/{folder}/"
        return [*command, f"{site}/", f"{self.host}:{destination}" if self.host else destination]

    def close(self) -> list[str] | None:
        """The command that ends the shared SSH connection, if there is one."""
        return [*self.ssh(), "-O", "exit", self.host] if self.host and self.control else None


@contextlib.contextmanager
def connection(target: Target, run: Runner) -> Iterator[Target]:
    """``target`` sharing one SSH connection for the block's commands (local targets unchanged)."""
    if target.host is None:
        yield target
        return
    folder = tempfile.mkdtemp(prefix="hoidap-ssh-")
    shared = Target(target.path, target.host, f"{folder}/%C")
    try:
        yield shared
    finally:
        with contextlib.suppress(OSError, PublishError):
            run(shared.close() or [])
        shutil.rmtree(folder, ignore_errors=True)


def _quote(*words: str) -> str:
    return " ".join(shlex.quote(word) for word in words)


def state_script(target: Target, create: bool) -> str:
    return "\n".join([
        f"cd -- {_quote(target.path)} 2>/dev/null || exit {_NO_TARGET}",
        "mkdir -p releases || exit 1" if create else ":",
        'for d in releases/*; do [ -d "$d" ] && printf "R %s\\n" "${d#releases/}"; done',
        'if [ -L current ]; then printf "C %s\\n" "$(readlink current)"; elif [ -e current ]; then echo X; fi',
        "exit 0",
    ])


def _switch(name: str) -> list[str]:
    return [f"ln -sfn {_quote('releases/' + name)} .current.tmp", "mv -fT .current.tmp current"]


def finalize_script(target: Target, name: str, files: int, remove: list[str]) -> str:
    partial = f"releases/.{name}.partial"
    return "\n".join([
        "set -eu",
        f"cd -- {_quote(target.path)} || exit {_NO_TARGET}",
        f"p={_quote(partial)}",
        f"for f in {_quote(*REQUIRED)}; do [ -f \"$p/$f\" ] || {{ echo \"$f\" >&2; exit {_MISSING}; }}; done",
        "n=$(find \"$p\" -type f | wc -l | tr -d ' ')",
        f"[ \"$n\" -eq {files} ] || {{ echo \"$n\" >&2; exit {_COUNT}; }}",
        f"mv -- \"$p\" {_quote('releases/' + name)}",
        *_switch(name),
        *([f"rm -rf -- {_quote(*('releases/' + old for old in remove))}"] if remove else []),
        'for d in releases/.*.partial; do if [ -d "$d" ]; then rm -rf -- "$d"; fi; done',
    ])


def discard_script(target: Target, name: str) -> str:
    return f"cd -- {_quote(target.path)} && rm -rf -- {_quote(f'releases/.{name}.partial')}"


def switch_script(target: Target, name: str) -> str:
    return "\n".join([
        "set -eu",
        f"cd -- {_quote(target.path)} || exit {_NO_TARGET}",
        f"[ -f {_quote(f'releases/{name}/index.html')} ] || exit {_NO_RELEASE}",
        *_switch(name),
    ])


@dataclass
class State:
    releases: list[str] = field(default_factory=list)  # oldest first
    current: str | None = None  # the release ``current`` points to
    link: str | None = None  # what ``current`` points to, as read


@dataclass(frozen=True)
class Published:
    name: str
    previous: str | None
    files: int
    removed: list[str]


def _run(run: Runner, command: list[str], target: Target, what: str) -> str:
    try:
        result = run(command)
    except FileNotFoundError:
        program = command[0]
        raise PublishError(f"Chưa cài '{program}' trên máy này: cài bằng 'sudo apt-get install {program}' "
                           "rồi chạy lại.") from None
    if result.returncode == 0:
        return result.stdout
    detail = (result.stderr or "").strip().splitlines()
    detail_text = f" ({detail[-1]})" if detail else ""
    messages = {
        _NO_TARGET: f"Không thấy thư mục đích '{target.label}': tạo nó trước (ví dụ 'sudo mkdir -p {target.path}' "
                    "rồi 'sudo chown' cho người dùng xuất bản) rồi chạy lại.",
        _MISSING: f"Bản vừa chép lên '{target.label}' thiếu tệp{detail_text}; bản đang chạy vẫn giữ nguyên.",
        _COUNT: f"Bản vừa chép lên '{target.label}' không đủ số tệp{detail_text}; bản đang chạy vẫn giữ nguyên.",
        _NO_RELEASE: f"Bản cần chuyển tới không còn trên '{target.label}'.",
        255: f"Không kết nối được tới máy chủ '{target.host}'{detail_text}: kiểm tra tên máy, người dùng và khóa SSH.",
    }
    if result.returncode == 255 and target.host is None:
        messages.pop(255)
    if command[0] == "rsync" and result.returncode != 255:
        raise PublishError(f"Chép trang lên '{target.label}' không thành công{detail_text}; bản đang chạy vẫn "
                           "giữ nguyên.")
    raise PublishError(messages.get(result.returncode, f"{what} không thành công{detail_text}."))


def _default_run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True)


def read_state(target: Target, run: Runner = _default_run, create: bool = False) -> State:
    """The releases on ``target`` and the one ``current`` points to."""
    output = _run(run, target.shell(state_script(target, create)), target, "Đọc danh sách bản đã xuất bản")
    state = State()
    for line in output.splitlines():
        kind, _, value = line.partition(" ")
        if kind == "R" and RELEASE.match(value):
            state.releases.append(value)
        elif kind == "C":
            state.link = value
            name = value.rstrip("/").rsplit("/", 1)[-1]
            state.current = name if name in state.releases or RELEASE.match(name) else None
        elif kind == "X":
            raise PublishError(f"'{target.label}/current' là thư mục hoặc tệp thật, không phải liên kết: đổi tên nó "
                               "(ví dụ thành current.cu) rồi chạy lại.")
    state.releases.sort(key=release_key)
    if state.current not in state.releases:
        state.current = None
    return state


def site_files(site: Path) -> int:
    """How many regular files the built site holds (what the copy on the target must hold too)."""
    missing = missing_files(site) if site.is_dir() else list(REQUIRED)
    if missing:
        raise PublishError(f"Chưa có trang đã dựng đầy đủ trong '{site}' (thiếu {', '.join(missing)}): chạy "
                           "'make build' trước.")
    return sum(1 for path in site.rglob("*") if path.is_file() and not path.is_symlink())


def publish(site: Path, target: Target, keep: int = 5, run: Runner = _default_run,
            now: dt.datetime | None = None) -> Published:
    """Copy ``site`` to a new release on ``target``, verify it, switch ``current`` to it, prune old ones."""
    files = site_files(site)
    with connection(target, run) as target:
        state = read_state(target, run, create=True)
        name = new_name(now or dt.datetime.now(dt.UTC), state.releases)
        base = state.current or (state.releases[-1] if state.releases else None)
        try:
            _run(run, target.rsync(site.resolve(), f"releases/.{name}.partial", base), target, "Chép trang")
            kept = [*state.releases, name][-keep:]
            remove = [old for old in state.releases if old not in kept and old != state.current]
            _run(run, target.shell(finalize_script(target, name, files, remove)), target, "Chuyển sang bản mới")
        except BaseException:
            with contextlib.suppress(PublishError, OSError):
                _run(run, target.shell(discard_script(target, name)), target, "Dọn bản chép dở")
            raise
    return Published(name, state.current, files, remove)


def rollback(target: Target, to: str | None = None, run: Runner = _default_run) -> tuple[str, str]:
    """Switch ``current`` to the release before the served one (or to ``to``); returns (from, to)."""
    with connection(target, run) as target:
        state = read_state(target, run)
        if state.current is None:
            raise PublishError(f"Trên '{target.label}' chưa có bản nào đang chạy do lệnh này xuất bản: không có gì "
                               "để quay lại.")
        if to is not None:
            if to not in state.releases:
                raise PublishError(f"Không có bản '{to}' trên '{target.label}'. Xem danh sách: make releases.")
            chosen = to
        else:
            older = state.releases[:state.releases.index(state.current)]
            if not older:
                raise PublishError(f"Bản đang chạy ({state.current}) là bản cũ nhất còn giữ trên '{target.label}': "
                                   "không có bản trước để quay lại.")
            chosen = older[-1]
        _run(run, target.shell(switch_script(target, chosen)), target, "Chuyển về bản trước")
    return state.current, chosen


def reload(target: Target, command: str, run: Runner = _default_run) -> None:
    """Run the web server's reload ``command`` on ``target`` (in its folder), after ``current`` switched.

    deploy/nginx.conf reads the served release's ``nginx-vars.conf`` (script hashes of the CSP, build
    version) when nginx starts or reloads: without a reload, a release whose inline scripts changed
    would have them refused.
    """
    # the command's own exit codes must not read as ours: any failure is 1
    script = f"cd -- {_quote(target.path)} || exit {_NO_TARGET}\n( {command} ) || exit 1"
    with connection(target, run) as target:
        _run(run, target.shell(script), target, f"Nạp lại máy chủ web ('{command}')")


def releases(target: Target, run: Runner = _default_run) -> State:
    with connection(target, run) as target:
        return read_state(target, run)
