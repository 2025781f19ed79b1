"""The booklet's Markdown tree extension: while a booklet page converts, each question heading's ``Câu N.``
label gets a span of its own and each answer is wrapped in a block that study mode hides and reveals.

Works on Python-Markdown's element tree in one pass over it (no search through the HTML), so a booklet
of 50,000 questions costs 50,000 times one question. The plugin names the booklet of the page about to
convert (:meth:`QuestionTree.use`); any other conversion passes through untouched.

The page's HTML then goes through the content sanitizer, which drops the classes and ids the kit owns
(``hd-…``, ``tra-loi-N``) wherever an author wrote them. So the tree writes the kit's own with a random
per-build prefix no author can know, which survives the sanitizer, and :meth:`QuestionTree.unmark` removes
the prefix afterwards: only the kit's elements end up with the kit's classes.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from hoidap.model.booklet import Booklet
from hoidap.model.reporter_notes import is_notes

RANKS = {f"h{rank}": rank for rank in range(1, 7)}
LABEL_CLASS = "hd-label"          # styling, and the search highlighter leaves it alone: it is not searched
ACTIONS_CLASS = "hd-qtools hd-screen-only"  # the row reader.js fills (reveal, remembered)
AFTER_CLASS = "hd-qtools hd-qtools--after hd-screen-only"  # after the answer: its share button
ANSWER_CLASS = "hd-answer"
NOTES_CLASS = "hd-reporter-notes"  # reporter notes: the presentation page takes them, the reader's page drops them
PRIORITY = 1  # after toc (5), which gives headings their ids and permalinks
MARKER = f"hdk{secrets.token_hex(8)}-"  # the kit's own classes and ids until unmark: see the module's docstring


def answer_id(number: int) -> str:
    """The id of the block holding question ``number``'s answer (not ``cau-…``: those are questions)."""
    return f"tra-loi-{number}"


@dataclass(frozen=True)
class Label:
    """A question as the tree finds it: its number and its label as written (``Câu 5.``)."""

    number: int
    written: str


def labels(booklet: Booklet) -> dict[str, Label]:
    """Each question of ``booklet`` by its heading's anchor."""
    return {q.anchor: Label(q.number, f"{q.label.label} {q.label.number}{q.label.separator}")
            for q in booklet.questions}


def label_questions(root: etree.Element, questions: dict[str, Label], marker: str = "") -> None:
    """Put the ``Câu N.`` that starts each question heading into ``<span class="hd-label">``: the first
    heading carrying the question's anchor whose text starts with the label as written."""
    done: set[str] = set()
    for element in root.iter():
        if element.tag not in RANKS:
            continue
        anchor = element.get("id")
        question = questions.get(anchor) if anchor is not None else None
        if question is None or anchor in done:
            continue
        text = (element.text or "").lstrip()
        if not text.startswith(question.written):
            continue
        done.add(anchor)
        span = etree.Element("span", {"class": marker + LABEL_CLASS})
        span.text, span.tail = question.written, text[len(question.written):]
        element.text = None
        element.insert(0, span)


def wrap_answers(root: etree.Element, questions: dict[str, Label], marker: str = "") -> None:
    """Wrap each question's answer (what follows its heading up to the next heading of the same or a
    higher rank, or the end of the page) in ``<div class="hd-answer">``, between two empty rows for the
    question's actions.

    An answer that does not end where its heading's container ends (the next such heading is nested in
    a following block, or the question sits in a block that closes before the next one) is left as it
    is: study mode then simply shows it. A question inside another question's answer stays there.
    """
    parents: dict[etree.Element, etree.Element] = {}
    headings: list[etree.Element] = []  # in document order
    for element in root.iter():
        if element.tag in RANKS:
            headings.append(element)
        for child in element:
            parents[child] = element
    if not headings:
        return
    stops = _next_same_or_higher(headings)
    wraps: dict[etree.Element, dict[etree.Element, tuple[int, etree.Element | None]]] = {}
    position = 0
    for index, heading in enumerate(headings):
        question = questions.get(heading.get("id") or "")
        if question is None or index < position:
            continue
        stop = stops[index]
        parent = parents[heading]
        if (parent is not root) if stop is None else (parents[headings[stop]] is not parent):
            continue
        wraps.setdefault(parent, {})[heading] = (question.number, None if stop is None else headings[stop])
        position = len(headings) if stop is None else stop
    for parent, wrapped in wraps.items():
        _wrap_children(parent, wrapped, marker)


def _next_same_or_higher(headings: list[etree.Element]) -> list[int | None]:
    """For each heading, the index of the next heading of the same or a higher rank (or None)."""
    nearest: list[int | None] = [None] * 7  # by rank: the closest following heading of that rank
    stops: list[int | None] = [None] * len(headings)
    for index in range(len(headings) - 1, -1, -1):
        rank = RANKS[headings[index].tag]
        found = [at for at in nearest[1:rank + 1] if at is not None]
        stops[index] = min(found) if found else None
        nearest[rank] = index
    return stops


def _wrap_children(parent: etree.Element, wrapped: dict[etree.Element, tuple[int, etree.Element | None]],
                   marker: str) -> None:
    """Rebuild ``parent``'s children once, each wrapped heading followed by its actions row and answer."""
    children = list(parent)
    out: list[etree.Element] = []
    index = 0
    while index < len(children):
        heading = children[index]
        out.append(heading)
        index += 1
        if heading not in wrapped:
            continue
        number, stop = wrapped[heading]
        body = []
        while index < len(children) and children[index] is not stop:
            body.append(children[index])
            index += 1
        out += _answer(heading, number, body, marker)
    parent[:] = out


def _row(classes: str, marker: str) -> etree.Element:
    row = etree.Element("div", {"class": " ".join(marker + name for name in classes.split())})
    row.tail = "\n"
    return row


def _answer(heading: etree.Element, number: int, body: list[etree.Element], marker: str) -> list[etree.Element]:
    """The actions row, the answer block and the row after it, with the line breaks the page had around the
    answer. The rows are in the page, empty, so that filling them moves nothing (reader.js)."""
    lead = heading.tail or ""
    heading.tail = "\n"
    actions = _row(ACTIONS_CLASS, marker)
    answer = etree.Element("div", {"class": marker + ANSWER_CLASS, "id": marker + answer_id(number)})
    answer.tail = "\n"
    if body:
        answer.text = "\n" + lead.lstrip("\n")
        body[-1].tail = (body[-1].tail or "").rstrip("\n") + "\n"
        answer.extend(body)
    else:
        answer.text = "\n" + lead.strip("\n") + "\n"
    return [actions, answer, _row(AFTER_CLASS, marker)]


def mark_notes(root: etree.Element, marker: str = "") -> None:
    """Give each reporter-notes admonition or details block (:mod:`hoidap.model.reporter_notes`) the class
    ``hd-reporter-notes``."""
    for element in root.iter():
        kinds = (element.get("class") or "").split()
        if element.tag != "details" and (element.tag != "div" or "admonition" not in kinds):
            continue
        title = next((child for child in element if child.tag == "summary" or child.tag == "p"
                      and "admonition-title" in (child.get("class") or "").split()), None)
        if is_notes(kinds, "".join(title.itertext()) if title is not None else None):
            element.set("class", " ".join([*kinds, marker + NOTES_CLASS]))


class _Questions(Treeprocessor):
    def __init__(self, md: Markdown, extension: QuestionTree) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        questions, self.extension.questions = self.extension.questions, {}
        if questions:
            mark_notes(root, self.extension.marker)
            label_questions(root, questions, self.extension.marker)
            wrap_answers(root, questions, self.extension.marker)


class QuestionTree(Extension):
    """Labels and wraps the questions of the booklet named by :meth:`use`, in the next conversion only."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: dict[str, Label] = {}
        self.marker = MARKER

    def unmark(self, html: str) -> str:
        """``html`` (sanitized) with the kit's own classes and ids as the theme and scripts know them."""
        return html.replace(self.marker, "")

    def use(self, booklet: Booklet | None) -> None:
        """The next page converted is ``booklet`` (None: an ordinary page)."""
        self.questions = labels(booklet) if booklet is not None else {}

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Questions(md, self), "hoidap_questions", PRIORITY)
