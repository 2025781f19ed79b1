"""Booklet pages converted beside the build, on a machine's other cores.

MkDocs converts every page (Markdown to HTML, then each plugin's ``on_page_content``) one after another before
it writes any. At 200 booklets of 50 questions that is half the build, and a machine with several cores leaves
all but one waiting. :func:`start` forks processes at ``on_nav`` that convert the last booklets of the build's
order (with the build, each about the same share of the text) exactly as the build would, through the same
plugin events, while the build converts the first ones; the build then takes each result in its turn
(:meth:`Ahead.take`) instead of converting that page.

Nothing read or written changes: each process runs the same code on the same objects (forked, not re-read), and
hands back everything a conversion leaves on the page and in the plugins' state that the build reads later,
the log lines included, which the build then writes as its own at the same place. A page a process could not
convert (an error, a conversion that failed) is converted by the build itself, which then reports what it finds
as it always did, and so are the pages after it; if a process dies, the build converts what it had not sent.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

MAX_PROCESSES = 3  # beside the build, on a machine with that many cores and one more


Lines = tuple[tuple[str, int, str], ...]  # log lines: logger name, level, message


@dataclass(frozen=True)
class Converted:
    """One page converted by a process: what the page holds afterwards, the converting plugin's own state
    for the page (``state``, opaque here), and the log lines written while it rendered and then while the
    plugin acted on its HTML (the build writes each where it would have)."""

    attributes: dict[str, Any]
    state: Any
    rendering: Lines = ()
    acting: Lines = ()


class Ahead:
    """The processes converting pages ahead of the build, and the results they have sent so far."""

    def __init__(self, processes: list[multiprocessing.process.BaseProcess], results: multiprocessing.Queue,
                 sources: list[str]) -> None:
        self._processes, self._results, self._waiting = processes, results, set(sources)
        self._received: dict[str, Converted | None] = {}

    def take(self, source: str) -> Converted | None:
        """The page ``source`` as a process converted it; None when the build must convert it itself."""
        if source not in self._waiting:
            return None
        self._waiting.discard(source)
        while source not in self._received:
            message = self._next()
            if message is None:  # the processes ended early: the build converts the rest
                self._waiting.clear()
                return None
            self._received[message[0]] = message[1]
        return self._received.pop(source)

    def _next(self) -> tuple[str, Converted | None] | None:
        while True:
            try:
                return self._results.get(timeout=0.5)
            except queue.Empty:
                if not any(process.is_alive() for process in self._processes):
                    try:
                        return self._results.get_nowait()
                    except queue.Empty:
                        return None

    def close(self) -> None:
        """Stop the processes (every page is converted, or the build stopped)."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self._results.cancel_join_thread()
        self._results.close()
        self._waiting.clear()
        self._received.clear()


def share(texts: list[tuple[str, int]], cpus: int | None = None) -> list[list[str]]:
    """Which sources (``texts``: each with its length, in the build's order) each process beside the build
    converts: the build and each process about the same share of the text, the processes the last ones, in
    order. None on one core, or for fewer pages than processes."""
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    processes = min(cpus - 1, MAX_PROCESSES, len(texts) - 1)
    if processes < 1:
        return []
    total = sum(size for _, size in texts)
    shares: list[list[str]] = [[] for _ in range(processes)]
    done = 0
    for source, size in texts:  # the build's share first, then each process's
        part = min(int(done * (processes + 1) / total), processes) if total else 0
        if part > 0:
            shares[part - 1].append(source)
        done += size
    return [sources for sources in shares if sources]


def start(shares: list[list[str]], convert: Callable[[str], Converted]) -> Ahead | None:
    """Fork one process per share, each converting its sources with ``convert`` (run in that process); None
    without ``fork`` or with nothing to convert."""
    if not shares or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    results = context.Queue()  # put() never waits for the build to read: a thread of the process feeds the pipe
    processes = [context.Process(target=_convert_all, args=(sources, convert, results), daemon=True)
                 for sources in shares]
    for process in processes:
        process.start()
    return Ahead(processes, results, [source for sources in shares for source in sources])


def _convert_all(sources: list[str], convert: Callable[[str], Converted], results: multiprocessing.Queue) -> None:
    for source in sources:
        try:
            converted = convert(source)
        except BaseException:  # the build converts this page itself and reports what it finds, and the rest
            results.put((source, None))
            break
        results.put((source, converted))
    results.close()
    results.join_thread()


@contextmanager
def logged() -> Iterator[list[tuple[str, int, str]]]:
    """The log lines written meanwhile, kept instead of written (in the converting process)."""
    lines: list[tuple[str, int, str]] = []
    last: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if last and last[0] is record:  # once, though it reaches both loggers (one after the other)
                return
            last[:] = [record]
            lines.append((record.name, record.levelno, record.getMessage()))

    keep = Keep()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]  # MkDocs' own does not pass its lines on
    saved = [(logger, logger.handlers[:]) for logger in loggers]
    for logger in loggers:
        logger.handlers = [keep]
    try:
        yield lines
    finally:
        for logger, handlers in saved:
            logger.handlers = handlers


def replay(lines: Lines) -> None:
    """Write the log lines kept by the process, as the build's own."""
    for name, level, message in lines:
        logging.getLogger(name).log(level, message)
