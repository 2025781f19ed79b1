"""One shell on the publishing target that holds the target's lock while a publication's steps run in it.

The shell (``sh`` on this machine, or over SSH) goes into the target folder, takes an exclusive ``flock`` on
``TARGET/.hoidap-publish.lock`` (waiting a bounded time when another publication holds it), then reads the
steps' scripts from its standard input and runs them one after the other. Every step of a publication thus
runs under one lock, and the lock is released only when that shell and every process it started have ended:
when the publisher closes the session, dies, or loses its SSH connection. No stale lock can remain.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

LOCK_FILE = ".hoidap-publish.lock"
# Exit codes of the shell before its first step (ssh itself uses 255).
NO_TARGET, NO_FLOCK, BUSY, NO_WRITE = 3, 8, 9, 10
NOT_INSTALLED = 127  # the shell or ssh is missing on this machine
_WAITING, _READY = "@@hoidap-waiting", "@@hoidap-ready"
_CLOSE_TIMEOUT = 120.0


class Ended(Exception):
    """The target's shell ended before a step finished; ``code`` is its exit status, ``detail`` its last words."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Shell(Protocol):
    def step(self, script: str) -> tuple[int, str]: ...


def holder_script(path: str, wait: float | None) -> str:
    """The script that opens the session in ``path``: locked (waiting at most ``wait`` seconds) or not (None)."""
    lines = [f"cd -- {shlex.quote(path)} 2>/dev/null || exit {NO_TARGET}"]
    if wait is not None:
        lines += [
            f"command -v flock >/dev/null 2>&1 || exit {NO_FLOCK}",
            f"( : >>{LOCK_FILE} ) 2>/dev/null || exit {NO_WRITE}",
            f"exec 9>>{LOCK_FILE}",
            f"if ! flock -n 9; then echo {_WAITING}; flock -w {wait:g} 9 || exit {BUSY}; fi",
        ]
    return "\n".join([*lines, f"echo {_READY}", "exec sh -s"])


@dataclass
class ProcessShell:
    """A running holder shell: ``step`` sends it a script and returns (exit status, combined output)."""

    process: subprocess.Popen
    local: bool
    errors: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def _drain(self, stream: IO[str]) -> None:
        with contextlib.suppress(ValueError, OSError):  # closed by ``kill`` after a timeout
            for line in stream:
                self.errors.append(line.rstrip("\n"))

    def ended(self) -> Ended:
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        if self.reader:
            self.reader.join(timeout=5)
        return Ended(code, self.errors[-1] if self.errors else "")

    def start(self, on_wait: Callable[[], None]) -> None:
        self.reader = threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True)
        self.reader.start()
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.rstrip("\n") == _WAITING:
                on_wait()
            elif line.rstrip("\n") == _READY:
                return
        raise self.ended()

    def step(self, script: str) -> tuple[int, str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        mark = f"@@hoidap-{secrets.token_hex(8)}"
        try:
            self.process.stdin.write(f"(\n{script}\n) </dev/null 2>&1\necho \"{mark} $?\"\n")
            self.process.stdin.flush()
        except OSError:
            raise self.ended() from None
        output = []
        for line in self.process.stdout:
            if line.startswith(f"{mark} "):
                return int(line.split()[1]), "".join(output)
            output.append(line)
        raise self.ended()

    def close(self, graceful: bool) -> None:
        """End the shell: after its current step (``graceful``) or at once; either way the lock is released."""
        if graceful:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=_CLOSE_TIMEOUT)
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                if self.local:
                    os.killpg(self.process.pid, signal.SIGKILL)  # the shell and the flock waiting in it
                else:
                    self.process.kill()
        self.process.wait()
        if self.reader:
            self.reader.join(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError):
                stream.close()


@contextlib.contextmanager
def open_shell(command: list[str], local: bool, on_wait: Callable[[], None]) -> Iterator[Shell]:
    """Start ``command`` (a holder script run by ``sh -c``, here or over SSH) and yield it once ready.

    A local shell gets its own process group, so that Ctrl-C stops the publisher but lets the step that is
    running finish (a move or a switch is never cut in half); SSH keeps the terminal for its password prompt.
    """
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", errors="replace", bufsize=1,
                                   process_group=0 if local else None)
    except FileNotFoundError:
        raise Ended(NOT_INSTALLED, command[0]) from None
    shell = ProcessShell(process, local)
    try:
        shell.start(on_wait)
    except BaseException:
        shell.kill()
        raise
    try:
        yield shell
    finally:
        shell.close(graceful=True)
