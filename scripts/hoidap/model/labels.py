"""The question label (``Câu 5.``) in one place: reading it (:func:`match_question`), rewriting it in the form the
guide asks for (:func:`relabel`), and the stable id it gives a heading (:func:`heading_id`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoidap.model.schema import QUESTION_ANCHOR, QUESTION_LABELS
from hoidap.vietnamese.vntext import nfc, slugify

_LABELS = "|".join(
    [r"C[âÂ]u(?:\s+h[ỏỎ]i)?", "CÂU(?: HỎI)?"] + [label for label in QUESTION_LABELS.values() if label != "Câu"]
)
_QUESTION = re.compile(
    rf"(?<!\w)(?P<label>{_LABELS})\s+(?P<number>\d{{1,4}})(?:\s*(?P<sep>[.:)\-–—])|(?=\s|$))\s*(?P<text>.*)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class QuestionLabel:
    """The ``Câu N.`` label at the start of a question heading."""

    label: str
    number: int
    separator: str
    text: str

    @property
    def canonical(self) -> bool:
        """True for ``Câu N.`` (or ``Question N.``), the form the authoring guide asks for."""
        return self.label in QUESTION_LABELS.values() and self.separator == "."


def match_question(text: str) -> QuestionLabel | None:
    """Read the question label of a heading's text, or None when it is not a question."""
    match = _QUESTION.fullmatch(nfc(text).strip())
    if not match:
        return None
    return QuestionLabel(match["label"], int(match["number"]), match["sep"] or "", match["text"].strip())


def relabel(line: str, word: str) -> str:
    """``line`` (a question heading as written) with its label in the guide's form: ``### Câu hỏi 12: Ai?`` →
    ``### Câu 12. Ai?`` for ``word`` ``Câu``. The first label of the line is the question's."""
    match = _QUESTION.search(line)
    if match is None:
        return line
    rest = line[match.end("sep") if match["sep"] else match.end("number"):]
    closing = rest[: len(rest) - len(rest.lstrip("*_"))]  # **Câu 5:** keeps its emphasis around the label
    rest = rest[len(closing):].lstrip()
    return f"{line[: match.start()]}{word} {match['number']}.{closing}{' ' if rest else ''}{rest}"


def question_anchor(number: int) -> str:
    """The stable anchor of question ``number``: ``cau-5``."""
    return QUESTION_ANCHOR.format(number=number)


def heading_id(text: str, separator: str = "-") -> str:
    """The id of a heading: ``cau-N`` for a question, otherwise an accent-folded slug.

    Used as Python-Markdown's ``toc`` slugify function, so ``booklet.md#cau-5`` keeps
    working however question 5 is reworded, and ``Phần I. Đổi mới`` becomes ``phan-i-doi-moi``.
    """
    label = match_question(text)
    if label:
        return question_anchor(label.number)
    return slugify(text, separator) or "muc"
