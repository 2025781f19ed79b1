"""Publish a built site as a release folder and switch a ``current`` symlink to it; roll back; list releases.

Layout on the target (a local folder or ``user@host:/path`` over SSH)::

    TARGET/releases/20250301T080000.123456Z-3fa9c1/   one complete built site per publication (UTC time)
    TARGET/current -> releases/20250301T080000.123456Z-3fa9c1   the web server's root points here
    TARGET/.hoidap-publish.lock   the lock publishers of this target take, one at a time

A publication (and a rollback) is one session under the target's lock (``hoidap.publishing.target_session``): read the
releases; name the new one (UTC time to the microsecond and a random part, sorting after every existing
name: ``hoidap.publishing.release_names``); copy ``site/`` with rsync into ``releases/.<name>.partial/`` (unchanged
files
hard-linked from the served release: ``--link-dest``, compared by content); verify the copy (required files,
file count); write the mark ``.hoidap-release`` into it; rename it to ``releases/<name>`` with ``mv -T``
(never into an existing folder); switch ``current`` atomically (a symlink ``current.tmp-<random>`` renamed
over it with ``mv -T``, one ``rename(2)``); remove releases beyond the newest ``keep`` that carry the mark and
are not served. The command reports success before it releases the lock, so the last publication to report
success is the one served. A failure removes this run's partial copy and temporary link, nothing else.
Local and remote targets run the same POSIX shell scripts (locally with ``sh -c``, remotely with
``ssh HOST sh -c …``): the tests of a local folder exercise the very scripts that run on a server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from hoidap.publishing import target_session
from hoidap.publishing.release_names import is_release, new_name, release_key
from hoidap.publishing.site_folders import REQUIRED, SITE_MARK, missing_files
from hoidap.publishing.target_session import Ended, Shell, holder_script, open_shell

_REMOTE = re.compile(r"^(?P<host>[^/:@\s]+@[^/:\s]+|[^/:@\s.][^/:@\s]*):(?P<path>.*)$")
RSYNC_OPTIONS = ("--recursive", "--links", "--perms", "--checksum", "--delete", "--protect-args",
                 "--chmod=Du=rwx,Dgo=rx,Fu=rw,Fgo=r", f"--exclude=/{SITE_MARK}")
RELEASE_MARK = ".hoidap-release"
RELEASE_MARK_TEXT = ("Bản xuất bản do scripts/publish.py của bộ công cụ hỏi-đáp tạo. Lệnh xuất bản chỉ tự xóa "
                     "những bản có tệp này.")
LOCK_WAIT = 300.0  # seconds a publication waits for another one on the same target
Runner = Callable[[list[str]], subprocess.CompletedProcess]
Opener = Callable[[list[str], bool, Callable[[], None]], AbstractContextManager[Shell]]

# Exit codes of the steps' scripts (the session's own are in hoidap.publishing.target_session; ssh uses 255).
_NO_TARGET, _MISSING, _COUNT, _NO_RELEASE, _TAKEN = target_session.NO_TARGET, 4, 5, 6, 7


class PublishError(Exception):
    """A failure the command reports in Vietnamese, without a traceback."""


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
    if target.host is None or target.control:
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


# The steps' scripts run inside the session, whose working folder is the target.

def state_script(create: bool) -> str:
    return "\n".join([
        "[ -d releases ] || mkdir releases || exit 1" if create else ":",
        'for d in releases/*; do',
        '  if [ -d "$d" ] && [ ! -L "$d" ]; then',
        f'    if [ -f "$d/{RELEASE_MARK}" ]; then m=1; else m=0; fi',
        '    printf "R %s %s\\n" "$m" "${d#releases/}"',
        '  fi',
        'done',
        'for d in releases/.*.partial; do if [ -d "$d" ]; then printf "P %s\\n" "$d"; fi; done',
        'if [ -L current ]; then printf "C %s\\n" "$(readlink current)"; elif [ -e current ]; then echo X; fi',
        "exit 0",
    ])


def _switch(name: str, token: str) -> list[str]:
    """Point ``current`` at the release with one rename of a new symlink over it; never nests, never dangles."""
    return [
        f"t={_quote('current.tmp-' + token)}",
        f"ln -s -- {_quote('releases/' + name)} \"$t\"",
        'mv -fT -- "$t" current || { rm -f -- "$t"; exit 1; }',
    ]


def finalize_script(name: str, files: int, remove: list[str], token: str) -> str:
    """Verify this run's copy, mark it, rename it into place, switch ``current``, prune marked old releases."""
    prune = [
        'c=$(readlink current || true)',
        f"for old in {_quote(*remove)}; do",
        '  d="releases/$old"',
        '  case "$c" in "$d"|"$d/"|*"/$d"|*"/$d/") continue ;; esac  # never the served release',
        f'  if [ -d "$d" ] && [ ! -L "$d" ] && [ -f "$d/{RELEASE_MARK}" ]; then',
        '    if rm -rf -- "$d"; then printf "D %s\\n" "$old"; else printf "K %s\\n" "$old"; fi',
        "  fi",
        "done",
    ] if remove else []
    return "\n".join([
        "set -eu",
        f"p={_quote(partial_folder(name))}",
        f"r={_quote('releases/' + name)}",
        f'[ -d "$p" ] && [ ! -L "$p" ] || exit {_MISSING}',
        f"for f in {_quote(*REQUIRED)}; do [ -f \"$p/$f\" ] || {{ echo \"$f\" >&2; exit {_MISSING}; }}; done",
        "n=$(find \"$p\" -type f | wc -l | tr -d ' ')",
        f"[ \"$n\" -eq {files} ] || {{ echo \"$n\" >&2; exit {_COUNT}; }}",
        f'if [ -e "$r" ] || [ -L "$r" ]; then exit {_TAKEN}; fi',
        f"printf '%s\\n' {_quote(RELEASE_MARK_TEXT)} > \"$p/{RELEASE_MARK}\"",
        'mv -T -- "$p" "$r"',
        *_switch(name, token),
        *prune,
        "exit 0",  # switched: an old release that could not be removed is reported, not a failure
    ])


def discard_script(name: str, token: str) -> str:
    """Remove what this run made and did not finish: its own partial copy and temporary link, nothing else."""
    return f"rm -rf -- {_quote(partial_folder(name))}; rm -f -- {_quote('current.tmp-' + token)}"


def switch_script(name: str, token: str) -> str:
    return "\n".join([
        "set -eu",
        f"r={_quote('releases/' + name)}",
        f'[ -d "$r" ] && [ ! -L "$r" ] && [ -f "$r/index.html" ] || exit {_NO_RELEASE}',
        *_switch(name, token),
    ])


def reload_script(command: str) -> str:
    # the command's own exit codes must not read as ours: any failure is 1; a daemon it may start must not
    # inherit the lock (descriptor 9), or no later publication could take it
    return f"( {command} ) 9>&- || exit 1"


def partial_folder(name: str) -> str:
    return f"releases/.{name}.partial"


@dataclass
class State:
    releases: list[str] = field(default_factory=list)  # oldest first
    marked: set[str] = field(default_factory=set)  # releases carrying the kit's mark (the only ones pruned)
    partials: list[str] = field(default_factory=list)  # copies left by interrupted publications
    current: str | None = None  # the release ``current`` points to
    link: str | None = None  # what ``current`` points to, as read


@dataclass(frozen=True)
class Published:
    name: str
    previous: str | None
    files: int
    removed: list[str]
    unmarked: list[str] = field(default_factory=list)  # old releases without the mark, beyond ``keep``, kept
    partials: list[str] = field(default_factory=list)  # other runs' interrupted copies, left alone
    stuck: list[str] = field(default_factory=list)  # old releases that could not be removed


def _detail(output: str) -> str:
    lines = [line for line in (output or "").strip().splitlines() if line.strip()]
    return f" ({lines[-1].strip()})" if lines else ""


def _explain(code: int, output: str, target: Target, what: str, wait: float | None = None) -> str:
    detail = _detail(output)
    messages = {
        _NO_TARGET: f"Không thấy thư mục đích '{target.label}': tạo nó trước (ví dụ 'sudo mkdir -p {target.path}' "
                    "rồi 'sudo chown' cho người dùng xuất bản) rồi chạy lại.",
        _MISSING: f"Bản vừa chép lên '{target.label}' thiếu tệp{detail}; bản đang chạy vẫn giữ nguyên.",
        _COUNT: f"Bản vừa chép lên '{target.label}' không đủ số tệp{detail}; bản đang chạy vẫn giữ nguyên.",
        _NO_RELEASE: f"Bản cần chuyển tới không còn trên '{target.label}'.",
        _TAKEN: f"Trên '{target.label}' đã có một bản trùng tên với bản mới; bản đang chạy vẫn giữ nguyên. Chạy lại.",
        target_session.NO_FLOCK: f"Máy đích '{target.label}' chưa có lệnh 'flock' (gói util-linux) để giữ khóa "
                                 "xuất bản: cài bằng 'sudo apt-get install util-linux' rồi chạy lại.",
        target_session.BUSY: f"Một lần xuất bản khác tới '{target.label}' vẫn chưa xong sau {wait or 0:g} giây: chờ nó "
                             "xong rồi chạy lại (hoặc chờ lâu hơn với --wait GIÂY). Bản đang chạy vẫn giữ nguyên.",
        target_session.NO_WRITE: f"Không ghi được vào thư mục đích '{target.label}' (tệp khóa "
                                 f"{target_session.LOCK_FILE}): cho người dùng xuất bản quyền ghi (ví dụ 'sudo chown') "
                                 "rồi chạy lại.",
        255: f"Không kết nối được tới máy chủ '{target.host}'{detail}: kiểm tra tên máy, người dùng và khóa SSH.",
    }
    if target.host is None:
        messages.pop(255)
    return messages.get(code, f"{what} không thành công{detail}.")


def _run(run: Runner, command: list[str], target: Target, what: str) -> str:
    """Run one command here (rsync, ssh); explain its failure in Vietnamese."""
    try:
        result = run(command)
    except FileNotFoundError:
        program = command[0]
        package = "openssh-client" if program == "ssh" else program
        raise PublishError(f"Chưa cài '{program}' trên máy này: cài bằng 'sudo apt-get install {package}' "
                           "rồi chạy lại.") from None
    if result.returncode == 0:
        return result.stdout
    if command[0] == "rsync" and result.returncode != 255:
        raise PublishError(f"Chép trang lên '{target.label}' không thành công{_detail(result.stderr)}; bản đang chạy "
                           "vẫn giữ nguyên.")
    raise PublishError(_explain(result.returncode, result.stderr, target, what))


def _default_run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_state(output: str, target: Target) -> State:
    """The state a ``state_script`` printed."""
    state = State()
    for line in output.splitlines():
        kind, _, value = line.partition(" ")
        if kind == "R":
            mark, _, name = value.partition(" ")
            if is_release(name):
                state.releases.append(name)
                if mark == "1":
                    state.marked.add(name)
        elif kind == "P":
            state.partials.append(value)
        elif kind == "C":
            state.link = value
            state.current = value.rstrip("/").rsplit("/", 1)[-1]
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
    return sum(1 for path in site.rglob("*")
               if path.is_file() and not path.is_symlink() and path.relative_to(site).as_posix() != SITE_MARK)


@dataclass
class Session:
    """A target held under its lock: every method runs its steps in the one locked shell."""

    target: Target
    shell: Shell
    run: Runner

    def step(self, script: str, what: str) -> str:
        code, output = self.shell.step(script)
        if code:
            raise PublishError(_explain(code, output, self.target, what))
        return output

    def state(self, create: bool = False) -> State:
        """The releases on the target and the one ``current`` points to."""
        return parse_state(self.step(state_script(create), "Đọc danh sách bản đã xuất bản"), self.target)

    def publish(self, site: Path, keep: int = 5, now: dt.datetime | None = None) -> Published:
        """Copy ``site`` to a new release, verify it, switch ``current`` to it, prune old marked ones."""
        files = site_files(site)
        state = self.state(create=True)
        name = new_name(now or dt.datetime.now(dt.UTC), state.releases)
        token = secrets.token_hex(4)
        marked = [old for old in state.releases if old in state.marked]
        base = state.current if state.current in state.marked else (marked[-1] if marked else None)
        kept = [*state.releases, name][-keep:]
        remove = [old for old in marked if old not in kept and old != state.current]
        unmarked = [old for old in state.releases if old not in state.marked and old not in kept]
        try:
            _run(self.run, self.target.rsync(site.resolve(), partial_folder(name), base), self.target, "Chép trang")
            output = self.step(finalize_script(name, files, remove, token), "Chuyển sang bản mới")
        except BaseException:
            with contextlib.suppress(PublishError, Ended, OSError):
                self.step(discard_script(name, token), "Dọn bản chép dở")
            raise
        removed = [line[2:] for line in output.splitlines() if line.startswith("D ")]
        stuck = [line[2:] for line in output.splitlines() if line.startswith("K ")]
        return Published(name, state.current, files, removed, unmarked, state.partials, stuck)

    def rollback(self, to: str | None = None) -> tuple[str, str]:
        """Switch ``current`` to the release before the served one (or to ``to``); returns (from, to)."""
        state = self.state()
        if state.current is None:
            raise PublishError(f"Trên '{self.target.label}' chưa có bản nào đang chạy do lệnh này xuất bản: không có "
                               "gì để quay lại.")
        if to is not None:
            if to not in state.releases:
                raise PublishError(f"Không có bản '{to}' trên '{self.target.label}'. Xem danh sách: make releases.")
            chosen = to
        else:
            older = state.releases[:state.releases.index(state.current)]
            if not older:
                raise PublishError(f"Bản đang chạy ({state.current}) là bản cũ nhất còn giữ trên "
                                   f"'{self.target.label}': không có bản trước để quay lại.")
            chosen = older[-1]
        self.step(switch_script(chosen, secrets.token_hex(4)), "Chuyển về bản trước")
        return state.current, chosen

    def reload(self, command: str) -> None:
        """Run the web server's reload ``command`` on the target (in its folder), after ``current`` switched.

        deploy/nginx.conf reads the served release's ``nginx-vars.conf`` (script hashes of the CSP, build
        version) when nginx starts or reloads: without a reload, a release whose inline scripts changed
        would have them refused.
        """
        self.step(reload_script(command), f"Nạp lại máy chủ web ('{command}')")


@contextlib.contextmanager
def session(target: Target, run: Runner = _default_run, wait: float | None = LOCK_WAIT,
            say: Callable[[str], None] = _say, opener: Opener = open_shell) -> Iterator[Session]:
    """``target`` held for the block: under its lock (``wait`` seconds at most), or unlocked if ``wait`` is None."""
    def waiting() -> None:
        say(f"Đang có lần xuất bản khác tới '{target.label}'; chờ nó xong (tối đa {wait:g} giây)…")

    with connection(target, run) as shared:
        command = shared.shell(holder_script(shared.path, wait))
        try:
            with opener(command, shared.host is None, waiting) as shell:
                yield Session(shared, shell, run)
        except Ended as exc:
            if exc.code == target_session.NOT_INSTALLED:
                program = command[0]
                raise PublishError(f"Chưa cài '{program}' trên máy này: cài bằng 'sudo apt-get install "
                                   f"{'openssh-client' if program == 'ssh' else program}' rồi chạy lại.") from None
            if exc.code in (_NO_TARGET, target_session.NO_FLOCK, target_session.BUSY, target_session.NO_WRITE, 255):
                raise PublishError(_explain(exc.code, exc.detail, shared, "", wait)) from None
            raise PublishError(f"Mất kết nối tới '{shared.label}' giữa chừng{_detail(exc.detail)}: xem bản nào đang "
                               "chạy bằng 'make releases' rồi chạy lại.") from None


def publish(site: Path, target: Target, keep: int = 5, run: Runner = _default_run, now: dt.datetime | None = None,
            wait: float = LOCK_WAIT, opener: Opener = open_shell) -> Published:
    """Publish ``site`` to ``target`` under its lock (see ``Session.publish``)."""
    with session(target, run, wait, opener=opener) as held:
        return held.publish(site, keep, now)


def rollback(target: Target, to: str | None = None, run: Runner = _default_run, wait: float = LOCK_WAIT,
             opener: Opener = open_shell) -> tuple[str, str]:
    """Switch ``target`` back under its lock (see ``Session.rollback``)."""
    with session(target, run, wait, opener=opener) as held:
        return held.rollback(to)


def releases(target: Target, run: Runner = _default_run, opener: Opener = open_shell) -> State:
    """The releases on ``target``, read without waiting for its lock (reading changes nothing)."""
    with session(target, run, None, opener=opener) as held:
        return held.state()
