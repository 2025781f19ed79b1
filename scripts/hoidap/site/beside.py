"""Work done in a second process while the build goes on, collected when the build needs it.

With ``fork``, :func:`start` runs the work at once in a forked process (a copy of the build as it stands)
and :meth:`Beside.result` waits for what it returns, or raises what it raised. Without ``fork``, or should
the process end without a word, the work is done in the build itself when its result is asked for: the
result is the same either way, only the time differs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """One piece of work, running in a second process or waiting to run here."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(work, sender), daemon=True)
            self._process.start()
            sender.close()

    def result(self) -> T:
        """What the work returned (it raised: the same exception, here)."""
        if self._process is None or self._receiver is None:
            return self._work()
        try:
            failed, value = self._receiver.recv()
        except EOFError:  # the process died: do the work here
            self.stop()
            return self._work()
        self.stop()
        if failed:
            raise value
        return value

    def stop(self) -> None:
        """End the process (its result is not wanted, or has come)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None


def start(work: Callable[[], T]) -> Beside[T]:
    """Start ``work`` beside the build."""
    return Beside(work)


def _run(work: Callable[[], object], sender) -> None:
    try:
        message = (False, work())
    except BaseException as error:  # noqa: BLE001 - handed to the build, which raises it
        message = (True, error)
    try:
        sender.send(message)
    except Exception as error:  # an exception or result that cannot be pickled: the build does the work again
        sender.close()
        raise SystemExit(1) from error
    sender.close()
