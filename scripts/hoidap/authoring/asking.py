"""Asking an author for what a command still needs (``make new``, ``make import``).

An answer comes from an option (``--number``, or ``NUMBER=…`` on make's command line), else from the terminal
(question by question; a bad answer is explained and asked again), else from piped standard input (one answer a
line, in the order of the questions not given as options; an empty line takes the default). Without a terminal a
bad or missing answer stops the command with the reason (:class:`UserError`, exit status 1) before anything is
written; interrupted in a terminal, the command prints how to run it again with the answers already given.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hoidap.authoring.answers import BadAnswer
from hoidap.cli import interactive, is_utf8
from hoidap.errors import UserError

VIA_MAKE = "HOIDAP_VIA_MAKE"  # set by the Makefile: hints then name make variables (NUMBER=…), not options
Default = str | Callable[[dict[str, Any]], str | None] | None


@dataclass(frozen=True)
class Question:
    """One thing to ask: its key, the words of the question, the option and make variable that give it, how to
    read the answer (raises :class:`BadAnswer`), whether it may stay empty, and the answer an empty line gives
    (or a function of the answers before it)."""

    key: str
    prompt: str
    option: str
    variable: str
    read: Callable[[str], Any]
    required: bool = True
    default: Default = None

    def default_for(self, answers: dict[str, Any]) -> str | None:
        return self.default(answers) if callable(self.default) else self.default


@dataclass(frozen=True)
class Rerun:
    """How to run the command again: through make (``make new``) and directly (``.venv/bin/python scripts/…``)."""

    make: str
    script: str


def ask(questions: list[Question], given: dict[str, str | None], rerun: Rerun, lacking: str = "thiếu"
        ) -> dict[str, Any]:
    """The read value of every question (None for an optional one left empty), from ``given`` options, the
    terminal, or piped standard input; see the module's description. ``lacking`` opens the message for a missing
    answer ("thiếu", or "tệp nhập không ghi")."""
    terminal = interactive()
    lines = None if terminal else _piped_lines()
    answers: dict[str, Any] = {}
    typed: dict[str, str] = {}
    greeted = False
    try:
        for question in questions:
            option = given.get(question.key)
            if option is not None:
                try:
                    answers[question.key] = _read(question, option, answers)
                    typed[question.key] = option
                    continue
                except BadAnswer as bad:
                    if not terminal:
                        raise UserError(f"{_named(question)}: {bad}") from None
                    print(f"{_named(question)}: {bad}", file=sys.stderr)
            if terminal:
                if not greeted:
                    print("Trả lời từng câu hỏi (Enter: nhận giá trị trong ngoặc vuông; Ctrl+C: dừng, chưa ghi gì).")
                    greeted = True
                answers[question.key], typed[question.key] = _ask_terminal(question, answers)
            else:
                answer = next(lines, None) if lines is not None else None
                if answer is None and question.required and question.default_for(answers) is None:
                    raise UserError(_missing(question, lines is not None, lacking))
                try:
                    answers[question.key] = _read(question, answer or "", answers)
                except BadAnswer as bad:
                    raise UserError(f"{_named(question)}: {bad}") from None
                typed[question.key] = answer or ""
                shown = answers[question.key] if answers[question.key] is not None else "(để trống)"
                print(f"{_named(question)}: {shown}")  # which line answered which question
    except (KeyboardInterrupt, EOFError):
        if terminal and any(typed.values()):
            print(f"\nĐã dừng, chưa ghi gì. Chạy lại với những câu đã trả lời:\n  {_command(rerun, questions, typed)}",
                  file=sys.stderr)
        raise
    return answers


def _read(question: Question, answer: str, answers: dict[str, Any]) -> Any:
    """Read ``answer``; an empty one takes the default, or stays None when the question may stay empty."""
    if not is_utf8(answer):
        raise BadAnswer("câu trả lời có byte không phải chữ UTF-8: gõ lại bằng bảng mã Unicode (UTF-8).")
    if not answer.strip():
        default = question.default_for(answers)
        if default is not None:
            answer = default
        elif not question.required:
            return None
    return question.read(answer)


def _ask_terminal(question: Question, answers: dict[str, Any]) -> tuple[Any, str]:
    """Ask until the answer can be read; return the value and the text typed (or the default taken)."""
    while True:
        default = question.default_for(answers)
        shown = f" [{default}]" if default else ""
        answer = input(f"{question.prompt}{shown}: ").strip()
        try:
            return _read(question, answer, answers), answer or (default or "")
        except BadAnswer as bad:
            print(f"  → {bad} Trả lời lại.", file=sys.stderr)


def _piped_lines():
    """The lines of standard input (without their line ends), or None when it is closed or absent."""
    stream = sys.stdin
    if stream is None:
        return None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="surrogateescape")  # a non-UTF-8 answer is explained, not a crash

    def lines():
        while True:
            try:
                line = stream.readline()
            except (ValueError, OSError):  # closed
                return
            if not line:
                return
            yield line.rstrip("\r\n")

    return lines()


def hint(option: str, variable: str, value: str | None = None) -> str:
    """How to give an option, as the author runs the command: ``FORCE=1`` through make (which sets VIA_MAKE),
    ``--force`` otherwise (``value``: what follows, None for a flag)."""
    if os.environ.get(VIA_MAKE):
        return f"{variable}={value or '1'}"
    return option if value is None else f"{option} {value}"


def _named(question: Question) -> str:
    return question.prompt.split(" (")[0]


def _missing(question: Question, piped: bool, lacking: str) -> str:
    """Which answer is missing, and the ways to give it."""
    how = "thêm " + hint(question.option, question.variable, '"…"') + " vào lệnh"
    where = "các dòng trả lời đưa vào đã hết" if piped else "không có câu trả lời"
    return (f"{lacking} {_named(question).lower()} ({where}): {how}, hoặc chạy lệnh trong cửa sổ dòng lệnh để trả lời "
            "từng câu hỏi.")


def _command(rerun: Rerun, questions: list[Question], typed: dict[str, str]) -> str:
    """The command that gives the answers typed so far."""
    answered = [q for q in questions if typed.get(q.key)]
    if os.environ.get(VIA_MAKE):
        return " ".join([rerun.make, *(f"{q.variable}={shlex.quote(typed[q.key])}" for q in answered)])
    return " ".join([rerun.script, *(f"{q.option} {shlex.quote(typed[q.key])}" for q in answered)])
