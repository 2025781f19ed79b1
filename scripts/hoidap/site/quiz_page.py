"""A quiz on the site: what the quiz template shows, prepared from the model and MkDocs' rendered HTML.

The quiz's Markdown is rewritten before MkDocs converts it (:func:`markdown_with_markers`): each
question, option and explanation becomes its own paragraph after a paragraph holding only a secret token,
so MkDocs renders its inline Markdown and fixes its links as usual. While the page converts, the
:class:`QuizTree` treeprocessor gathers each token's paragraphs into a part of one source block
(``div.hd-quiz-source``, marked like :mod:`hoidap.site.question_tree`'s elements so only the kit's survive the
sanitizer). After conversion :func:`prepare` reads those parts and :func:`replace_section` puts the rendered
template in the quiz's place, both on the content's tree.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from hoidap.site import page_dom, texts
from hoidap.model.frontmatter import PageSource
from hoidap.site.question_tree import MARKER
from hoidap.model.quiz import Quiz

_TOKEN = f"hdquiz{secrets.token_hex(8)}"  # no author can write it: a part starts at a paragraph of it alone
SOURCE_CLASS = "hd-quiz-source"
_PART = "hd-quiz-"  # a part's id: hd-quiz-q-3, hd-quiz-o-3-0, hd-quiz-e-3, hd-quiz-intro, hd-quiz-outro
_QUESTION_HREF = re.compile(r"[^#]*#cau-\d+")  # reads an address, not HTML
PRIORITY = 2  # before the questions' tree (1): the quiz's parts are not an answer
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


def markdown_with_markers(markdown: str, quiz: Quiz, source: PageSource) -> str | None:
    """``markdown`` (the page's, as MkDocs converts it) with the quiz's body replaced by its parts, each after
    its token paragraph. ``source`` says where the quiz's file lines are in it; None when they are not there (a
    plugin changed the Markdown first), so that no line of the page is replaced but the quiz's own."""
    lines = markdown.split("\n")
    heading, start, stop = (source.index(line) for line in (quiz.line, quiz.body_line, quiz.end_line + 1))
    if heading < 0 or lines[heading:stop] != source.text.split("\n")[heading:stop]:
        return None
    parts = [f"{_TOKEN}:intro", "", quiz.intro, ""]
    for question in quiz.questions:
        parts += [f"{_TOKEN}:q-{question.number}", "", question.text, ""]
        for index, option in enumerate(question.options):
            parts += [f"{_TOKEN}:o-{question.number}-{index}", "", option.text, ""]
        parts += [f"{_TOKEN}:e-{question.number}", "", question.explanation, ""]
    parts += [f"{_TOKEN}:outro", "", quiz.outro, "", f"{_TOKEN}:end", ""]
    return "\n".join([*lines[:start], "", *parts, *lines[stop:]])


def _token(element: etree.Element) -> str | None:
    """The part a token paragraph opens (``q-3``, ``end``…), or None for any other element."""
    text = element.text or ""
    if element.tag != "p" or len(element) or not text.startswith(_TOKEN + ":"):
        return None
    return text[len(_TOKEN) + 1:]


class _Parts(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            children = list(parent)
            opened = [i for i, child in enumerate(children) if _token(child) is not None]
            if opened:
                _gather(parent, children, opened)
                return


def _gather(parent: etree.Element, children: list[etree.Element], opened: list[int]) -> None:
    """Replace the token paragraphs and what follows each with one marked source block of marked parts."""
    source = etree.Element("div", {"class": MARKER + SOURCE_CLASS})
    source.text, source.tail = "\n", "\n"
    for at, stop in zip(opened, [*opened[1:], len(children)], strict=True):
        name = _token(children[at])
        if name == "end":
            break
        part = etree.SubElement(source, "div", {"id": MARKER + _PART + name})
        part.text, part.tail = "\n", "\n"
        part.extend(children[at + 1:stop])
    first, last = opened[0], opened[-1]
    parent[first:last + 1] = [source]


class QuizTree(Extension):
    """Gathers a quiz's parts (see :func:`markdown_with_markers`) while its page converts."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Parts(md), "hoidap_quiz", PRIORITY)


def _source(root: page_dom.Element) -> page_dom.Element | None:
    return next((div for div in root.iter("div") if SOURCE_CLASS in page_dom.classes(div)), None)


def _heading(source: page_dom.Element) -> page_dom.Element | None:
    """The quiz's h2: the last one before its source block."""
    for element in source.itersiblings(preceding=True):
        if element.tag == "h2":
            return element
    return None


def prepare(content: str, quiz: Quiz, key: str, lang: str) -> QuizView | None:
    """The view of the quiz whose parts ``content`` (a page's HTML) holds; None when it has none."""
    source = _source(page_dom.fragment(content)) if content.strip() else None
    if source is None:
        return None
    fragments = {}
    for part in source:
        name = (part.get("id") or "").removeprefix(_PART)
        kind, _, where = name.partition("-")
        fragments[kind, where.replace("-", ":")] = page_dom.inner_html(part).strip() if kind in ("intro", "outro") \
            else _inline(part)
    questions = []
    for question in quiz.questions:
        options = tuple(OptionView(LETTERS[i % len(LETTERS)], fragments.get(("o", f"{question.number}:{i}"), ""),
                                   option.correct, i) for i, option in enumerate(question.options))
        explanation_part = next((p for p in source if p.get("id") == f"{_PART}e-{question.number}"), None)
        back = next((a.get("href") for a in explanation_part.iter("a")
                     if _QUESTION_HREF.fullmatch(a.get("href") or "")), "") if explanation_part is not None else ""
        questions.append(QuestionView(question.number, question.anchor, fragments.get(("q", str(question.number)), ""),
                                      question.multiple, options, fragments.get(("e", str(question.number)), ""),
                                      back))
    return QuizView(key, quiz.title, fragments.get(("intro", ""), ""), tuple(questions),
                    fragments.get(("outro", ""), ""), quiz_texts(lang))


def heading(content: str) -> tuple[str, str]:
    """The quiz's h2 as MkDocs wrote it (id and permalink), to put back inside the quiz's section, and its id."""
    source = _source(page_dom.fragment(content)) if content.strip() else None
    found = _heading(source) if source is not None else None
    return (page_dom.outer_html(found), found.get("id") or "") if found is not None else ("", "")


def replace_section(content: str, rendered: str) -> str:
    """``content`` with the quiz (its h2 heading and its source block) replaced by ``rendered``."""
    root = page_dom.fragment(content)
    source = _source(root)
    if source is None:
        return content
    found = _heading(source)
    if found is not None:  # the heading, and anything between it and the source block, go with the quiz
        for element in list(found.itersiblings()):
            if element is source:
                break
            element.getparent().remove(element)
        found.tail = source.tail
        source.getparent().remove(source)
    page_dom.replace(found if found is not None else source, rendered)
    return page_dom.inner_html(root)


def _inline(part: page_dom.Element) -> str:
    """A part that is one plain paragraph gives the paragraph's content; any other, its whole HTML."""
    children = list(part)
    if len(children) == 1 and children[0].tag == "p" and not children[0].attrib \
            and not (part.text or "").strip() and not (children[0].tail or "").strip():
        return page_dom.inner_html(children[0]).strip()
    return page_dom.inner_html(part).strip()


QUIZ_KEYS = ("quiz_mode", "quiz_one", "quiz_all", "quiz_check", "quiz_next", "quiz_finish", "quiz_again",
             "quiz_right", "quiz_wrong", "quiz_answer", "quiz_yours", "quiz_explain", "quiz_back", "quiz_score",
             "quiz_best", "quiz_pick", "quiz_print_sheet", "quiz_print_key", "quiz_organisers", "quiz_organisers_hint",
             "quiz_key", "quiz_progress", "quiz_several", "quiz_result", "quiz_name", "quiz_unit", "quiz_question",
             "quiz_see", "quiz_unanswered")


def quiz_texts(lang: str) -> dict[str, str]:
    """The words of the quiz (template and quiz.js), unformatted."""
    return texts.words(lang, QUIZ_KEYS)
