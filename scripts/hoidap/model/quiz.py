"""Quizzes (Quiz, QuizQuestion, Option): multiple-choice questions written in plain Markdown.

A quiz is the section under a ``## Trắc nghiệm`` (``## Quiz``) heading, in a booklet or any page.
Each question is a paragraph followed by its options as a task list (``- [x]`` right, ``- [ ]``
wrong), then an optional line starting with ``Giải thích:`` (``Explanation:``) that links to the
booklet's ``#cau-N``. :func:`parse_quiz` is called by the booklet parser (hoidap.model.booklet): there is
no second parser of pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hoidap.vietnamese.vntext import nfc

QUIZ_TITLES = {"vi": "Trắc nghiệm", "en": "Quiz"}
QUIZ_ANCHOR = "trac-nghiem"
_TITLES = {title.casefold() for title in (*QUIZ_TITLES.values(), "Câu hỏi trắc nghiệm")}
_OPTION = re.compile(r"\s{0,3}[-*+]\s+\[([ xX])\]\s+(.*)")
_EXPLANATION = re.compile(r"\s{0,3}(?:\*\*|__)?(Giải thích|Explanation)\s*:\s*(?:\*\*|__)?\s*(.*)", re.IGNORECASE)
_QUESTION_LINK = re.compile(r"\]\(\s*<?([^)\s>]*#cau-(\d+))>?\s*\)")


def is_quiz_title(text: str) -> bool:
    """True for a heading that opens a quiz: ``Trắc nghiệm``, ``Câu hỏi trắc nghiệm`` or ``Quiz``."""
    return nfc(text).strip().rstrip(":").strip().casefold() in _TITLES


@dataclass(frozen=True)
class Option:
    """One answer a player can pick; ``correct`` when written ``- [x]``."""

    text: str
    correct: bool
    line: int


@dataclass(frozen=True)
class QuestionLink:
    """A link in an explanation to a question: ``#cau-4`` (same page) or ``19-nq-tw.md#cau-4``."""

    target: str
    number: int
    line: int

    @property
    def same_page(self) -> bool:
        return self.target.startswith("#")


@dataclass
class QuizQuestion:
    """A question: its text (Markdown), its options and its explanation (Markdown, may be empty)."""

    number: int
    text: str
    line: int
    options: list[Option] = field(default_factory=list)
    explanation: str = ""
    explanation_line: int = 0

    @property
    def multiple(self) -> bool:
        """More than one option is right: players tick boxes instead of picking one."""
        return sum(option.correct for option in self.options) > 1

    @property
    def links(self) -> list[QuestionLink]:
        return [QuestionLink(m.group(1), int(m.group(2)), self.explanation_line)
                for m in _QUESTION_LINK.finditer(self.explanation)]

    @property
    def anchor(self) -> str:
        return f"{QUIZ_ANCHOR}-{self.number}"


@dataclass
class Quiz:
    """The quiz of a page: its heading's line, the lines of its body, an introduction, its questions."""

    title: str
    line: int
    body_line: int   # the first line under the heading (after a setext heading's underline)
    end_line: int
    intro: str = ""
    questions: list[QuizQuestion] = field(default_factory=list)
    outro: str = ""   # paragraphs after the last question that no option follows


def parse_quiz(lines: list[str], first_line: int, title: str, heading_line: int, code: list[bool]) -> Quiz:
    """Read the quiz in ``lines`` (the body lines under its heading; ``first_line`` is the first one's
    line number in the file; ``code`` marks the lines that are code, from the page's block scan).

    Blocks are separated by blank lines. A paragraph followed by options (directly or after a blank
    line) is a question; other paragraphs are the quiz's introduction (before the first question) or
    its closing text (after it).
    """
    quiz = Quiz(title, heading_line, first_line, first_line + len(lines) - 1)
    blocks = _blocks(lines, first_line, code)
    intro: list[str] = []
    outro: list[str] = []
    current: QuizQuestion | None = None
    for index, block in enumerate(blocks):
        first = block[0][1]
        if _EXPLANATION.fullmatch(first) and current is not None:
            match = _EXPLANATION.fullmatch(first)
            current.explanation = " ".join([match.group(2).strip(), *(text.strip() for _, text in block[1:])]).strip()
            current.explanation_line = block[0][0]
            continue
        split = next((i for i, (_, text) in enumerate(block) if _OPTION.fullmatch(text)), len(block))
        question_lines, option_lines = block[:split], block[split:]
        if question_lines:
            followed = bool(option_lines) or (index + 1 < len(blocks) and _OPTION.fullmatch(blocks[index + 1][0][1]))
            if not followed:
                (outro if quiz.questions else intro).append("\n".join(text for _, text in question_lines))
                continue
            current = QuizQuestion(len(quiz.questions) + 1, nfc(" ".join(t.strip() for _, t in question_lines)),
                                   question_lines[0][0])
            quiz.questions.append(current)
        if option_lines and current is None:
            current = QuizQuestion(1, "", option_lines[0][0])
            quiz.questions.append(current)
        for offset, (number, text) in enumerate(option_lines):
            option, explanation = _OPTION.fullmatch(text), _EXPLANATION.fullmatch(text)
            if explanation:  # written right under the options, without a blank line
                rest = (line.strip() for _, line in option_lines[offset + 1:])
                current.explanation = " ".join([explanation.group(2).strip(), *rest]).strip()
                current.explanation_line = number
                break
            if option:
                current.options.append(Option(nfc(option.group(2).strip()), option.group(1) != " ", number))
            elif current.options:  # a wrapped option line
                last = current.options[-1]
                current.options[-1] = Option(f"{last.text} {nfc(text.strip())}", last.correct, last.line)
    quiz.intro = "\n\n".join(intro).strip()
    quiz.outro = "\n\n".join(outro).strip()
    return quiz


def _blocks(lines: list[str], first_line: int, in_code: list[bool]) -> list[list[tuple[int, str]]]:
    """The non-blank runs of ``lines`` outside code, each line with its number in the file."""
    blocks: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if in_code[index] or not line.strip():
            if run:
                blocks.append(run)
                run = []
            continue
        run.append((first_line + index, line))
    if run:
        blocks.append(run)
    return blocks
