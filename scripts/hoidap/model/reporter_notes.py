"""Reporter notes: the block a booklet keeps for the reporter (báo cáo viên) who presents it, never for readers.

An author writes them inside a question's answer as an admonition (``!!!``) or a details block (``???``) of the
type ``bao-cao-vien``, or as any such block titled "Gợi ý cho báo cáo viên"::

    !!! bao-cao-vien "Gợi ý cho báo cáo viên"

        Đồng chí hãy nêu…

The block scan (:mod:`hoidap.model.blocks`) finds every admonition's opening line; this module says which of
them are reporter notes and what they hold. The booklet model gives each question its notes, the checker
checks them, the question tree (:mod:`hoidap.site.question_tree`) marks them so that the reader's page drops
them and the presentation page (:mod:`hoidap.site.presentation`) shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown.extensions.admonition import AdmonitionProcessor
from pymdownx.details import DetailsProcessor

from hoidap.model.blocks import Blocks
from hoidap.vietnamese.vntext import nfc

NOTES_TYPE = "bao-cao-vien"
NOTES_TITLE = "Gợi ý cho báo cáo viên"
_PREFIX = " \t>"  # what containers (indentation, quotes) put before an admonition's opening


@dataclass(frozen=True)
class ReporterNotes:
    """One reporter-notes block: its opening line, its last line and its body (Markdown, indentation removed)."""

    line: int
    end_line: int
    text: str


def is_notes(kinds: list[str], title: str | None) -> bool:
    """Whether an admonition or details block of these classes and this title (as written) is a reporter-notes
    block."""
    return NOTES_TYPE in kinds or (title is not None and nfc(title).strip().casefold() == NOTES_TITLE.casefold())


def find_notes(blocks: Blocks) -> list[ReporterNotes]:
    """Every reporter-notes block of the page, in line order."""
    found = []
    lines, first = blocks.lines, blocks.first_line
    for line in blocks.boxes:
        text = lines[line - first]
        opening = _opening(text.lstrip(_PREFIX))
        if opening is None or not is_notes(*opening):
            continue
        found.append(_body(lines, line - first, first, len(text) - len(text.lstrip(_PREFIX))))
    return found


def _opening(text: str) -> tuple[list[str], str | None] | None:
    """The classes and title of the admonition or details block that ``text`` opens, as Python-Markdown and
    pymdownx.details read them; None when it opens neither."""
    admonition = AdmonitionProcessor.RE.match(text)
    if admonition is not None:
        return admonition.group(1).split(), admonition.group(2)
    details = DetailsProcessor.START.match(text)
    if details is not None:
        return (details.group(2) or details.group(4) or "").split(), details.group(3)
    return None


def _body(lines: list[str], index: int, first: int, indent: int) -> ReporterNotes:
    """The block opened at ``lines[index]``: the lines after it that are blank or indented deeper than it."""
    body: list[str] = []
    stop = index
    for at in range(index + 1, len(lines)):
        line = lines[at].expandtabs(4)
        if line.strip() and len(line) - len(line.lstrip(" ")) < indent + 4:
            break
        body.append(line[indent + 4:])
        if line.strip():
            stop = at
    return ReporterNotes(first + index, first + stop, "\n".join(body[: stop - index]).strip("\n"))
