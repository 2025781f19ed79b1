"""A quiz on the site: what the quiz template shows, prepared from the model and MkDocs' rendered HTML.

The quiz's Markdown is rewritten before MkDocs converts it (:func:`markdown_with_markers`): each
question, option and explanation becomes its own paragraph between HTML comments, so MkDocs renders
its inline Markdown and fixes its links as usual. After conversion :func:`prepare` cuts those
fragments out and :func:`replace_section` puts the rendered template in the quiz's place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoidap import texts
from hoidap.blocks import Blocks
from hoidap.booklet import find_quiz
from hoidap.quiz import Quiz

_MARK = "hd-quiz"
_FRAGMENT = re.compile(rf"<!--{_MARK}:(\w+):?([\d:]*)-->(.*?)(?=<!--{_MARK}:)", re.DOTALL)
_END = f"<!--{_MARK}:end-->"
_PARAGRAPH = re.compile(r"\s*<p>(.*)</p>\s*", re.DOTALL)
_BACK_LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*#cau-\d+)"')
_HEADING = re.compile(r"<h2\b[^>]*>.*?</h2>", re.DOTALL)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class OptionView:
    letter: str
    html: str
    correct: bool
    index: int


@dataclass(frozen=True)
class QuestionView:
    number: int
    anchor: str
    html: str
    multiple: bool
    options: tuple[OptionView, ...]
    explanation: str
    back: str          # the href of the answer in the booklet ("#cau-4"), or ""

    @property
    def answer_letters(self) -> str:
        return ", ".join(option.letter for option in self.options if option.correct)


@dataclass(frozen=True)
class QuizView:
    """Everything ``partials/quiz.html`` prints, already formatted."""

    key: str
    heading: str
    intro: str
    questions: tuple[QuestionView, ...]
    outro: str
    texts: dict[str, str]


def markdown_with_markers(markdown: str, quiz: Quiz, first_line: int | None) -> str:
    """``markdown`` with the quiz's body replaced by marked fragments. ``first_line`` is the file line of
    the markdown's first line when known (booklets keep their line numbers); otherwise the quiz is found
    in ``markdown`` by the model's own reading of its blocks."""
    lines = markdown.split("\n")
    if first_line is None:
        found = find_quiz(Blocks(lines, 1))
        if found is None:
            return markdown
        quiz, first_line = found, 1
    start = quiz.line - first_line
    if start < 0 or start >= len(lines):
        return markdown
    kept = start + max(1, quiz.body_line - quiz.line)  # the heading, and its underline if it has one
    stop = start + 1 + (quiz.end_line - quiz.line)
    parts = [f"<!--{_MARK}:intro-->", "", quiz.intro, ""]
    for question in quiz.questions:
        parts += [f"<!--{_MARK}:q:{question.number}-->", "", question.text, ""]
        for index, option in enumerate(question.options):
            parts += [f"<!--{_MARK}:o:{question.number}:{index}-->", "", option.text, ""]
        parts += [f"<!--{_MARK}:e:{question.number}-->", "", question.explanation, ""]
    parts += [f"<!--{_MARK}:outro-->", "", quiz.outro, "", _END, ""]
    return "\n".join([*lines[:kept], "", *parts, *lines[stop:]])


def prepare(content: str, quiz: Quiz, key: str, lang: str) -> QuizView | None:
    """The view of the quiz whose fragments ``content`` (a page's HTML) holds; None when it has none."""
    fragments = {(kind, where): html.strip() if kind in ("intro", "outro") else _inline(html)
                 for kind, where, html in _FRAGMENT.findall(content)}
    if not fragments:
        return None
    questions = []
    for question in quiz.questions:
        options = tuple(OptionView(LETTERS[i % len(LETTERS)], fragments.get(("o", f"{question.number}:{i}"), ""),
                                   option.correct, i) for i, option in enumerate(question.options))
        explanation = fragments.get(("e", str(question.number)), "")
        back = _BACK_LINK.search(explanation)
        questions.append(QuestionView(question.number, question.anchor, fragments.get(("q", str(question.number)), ""),
                                      question.multiple, options, explanation, back.group(1) if back else ""))
    return QuizView(key, quiz.title, fragments.get(("intro", ""), ""), tuple(questions),
                    fragments.get(("outro", ""), ""), quiz_texts(lang))


def replace_section(content: str, rendered: str) -> str:
    """``content`` with the quiz (its h2 heading and the marked fragments) replaced by ``rendered``."""
    first = content.find(f"<!--{_MARK}:")
    end = content.find(_END)
    if first < 0 or end < 0:
        return content
    heading = None
    for match in _HEADING.finditer(content, 0, first):
        heading = match
    start = heading.start() if heading else first
    return content[:start] + rendered + content[end + len(_END):]


def heading_html(content: str) -> str:
    """The quiz's h2 as MkDocs wrote it (id and permalink), to put back inside the quiz's section."""
    first = content.find(f"<!--{_MARK}:")
    heading = ""
    for match in _HEADING.finditer(content, 0, max(first, 0)):
        heading = match.group(0)
    return heading


def without_quiz(content: str) -> str:
    """``content`` without the quiz's fragments: what search indexes of a page that has a quiz."""
    first, end = content.find(f"<!--{_MARK}:"), content.find(_END)
    return content if first < 0 or end < 0 else content[:first] + content[end + len(_END):]


def _inline(fragment: str) -> str:
    match = _PARAGRAPH.fullmatch(fragment)
    return match.group(1).strip() if match and "<p>" not in match.group(1) else fragment.strip()


QUIZ_KEYS = ("quiz_mode", "quiz_one", "quiz_all", "quiz_check", "quiz_next", "quiz_finish", "quiz_again",
             "quiz_right", "quiz_wrong", "quiz_answer", "quiz_explain", "quiz_back", "quiz_score", "quiz_best",
             "quiz_pick", "quiz_print_sheet", "quiz_print_key", "quiz_key", "quiz_progress", "quiz_several",
             "quiz_result", "quiz_name", "quiz_unit", "quiz_question", "quiz_see", "quiz_unanswered")


def quiz_texts(lang: str) -> dict[str, str]:
    """The words of the quiz (template and quiz.js), unformatted."""
    table = texts.TEXTS.get(lang, texts.TEXTS["vi"])
    return {key: table[key] for key in QUIZ_KEYS}
