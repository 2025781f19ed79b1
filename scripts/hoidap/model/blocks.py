"""One scan per document: the blocks of a page body as the site's Markdown renders them.

:class:`Blocks` is the only reader of Markdown structure in the kit. The booklet model (questions,
parts, the quiz), the checks (prose, links, raw HTML), the fixes, the docs tree (links and anchors)
all read what it found: which lines are code (fenced or indented) or raw HTML, every heading
Python-Markdown renders (in lists, quotes, admonitions, details, footnotes and ``<div markdown>`` too)
with its level, text, line and id, every link with its line, and the prose that checks read.
The block and link rules mirror Python-Markdown with the extensions of mkdocs.yml (:mod:`hoidap.model.block_rules`,
:mod:`hoidap.model.inline_rules`); a heading's text and id come from Python-Markdown's own inline pass
(:mod:`hoidap.model.anchors`). A differential test (tests/test_block_scan.py) holds them to the real renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from hoidap.model import anchors
from hoidap.model.block_rules import fenced_lines, scan_blocks
from hoidap.model.inline_rules import Analysis, Link, analyse, code_spans
from hoidap.model.labels import QuestionLabel, heading_id, match_question, question_anchor
from hoidap.model.nesting import nesting_findings
from hoidap.vietnamese.vntext import nfc

__all__ = ["Blocks", "Heading", "Link", "blank_code_spans", "code_span_ranges", "fenced_lines"]


@dataclass(frozen=True)
class Heading:
    """A heading of the page as the reader sees it.

    ``text`` is what the page shows (inline Markdown rendered, ``{#id}`` left out, NFC); ``line`` the 1-based
    file line of its text; ``id`` the id the built page gives it; ``label`` its question label, if it is a
    question; ``setext`` for a heading underlined with ``===``/``---``; ``nested`` when it stands inside a
    container (list, quote, admonition, details, footnote, ``<div markdown>``) rather than at the top level.
    """

    level: int
    text: str
    line: int
    custom_id: str | None = None
    id: str = ""
    label: QuestionLabel | None = None
    setext: bool = False
    nested: bool = False


class Blocks:
    """The blocks of a page body (``lines``; ``first_line`` is the file line of ``lines[0]``), scanned once.

    ``code`` and ``raw`` mark, line by line, code (fenced or indented) and raw HTML; ``headings`` are every
    heading in line order; ``boxes`` the file lines opening an admonition or a details block.
    Links, anchors and prose are computed on first use.
    """

    def __init__(self, lines: list[str], first_line: int = 1, fenced: list[bool] | None = None,
                 walk: bool = True) -> None:
        self.lines = lines
        self.first_line = first_line
        self.walk = walk  # False for a page nested too deep to read (hoidap.model.nesting): its headings as written
        self._pass = found = scan_blocks(lines, fenced, walk)
        self.code: list[bool] = found.code
        self.fenced: list[bool] = found.fenced
        self.raw: list[bool] = found.raw
        self.boxes: list[int] = sorted(first_line + index for index in found.boxes)  # admonitions' opening lines
        self.headings, self.heading_ids = self._headings()
        found.text, found.headings, found.footnotes = "", [], {k: [] for k in found.footnotes}  # kept in Heading

    @classmethod
    def bounded(cls, lines: list[str], first_line: int = 1) -> Blocks:
        """The blocks of text read without its page (its front matter is broken): walked only when it nests
        within :mod:`hoidap.model.nesting`'s limits, as :func:`hoidap.model.booklet.read_document` does."""
        fenced = fenced_lines(lines)
        return cls(lines, first_line, fenced, walk=not nesting_findings("", lines, first_line, fenced))

    def _headings(self) -> tuple[list[Heading], list[str]]:
        """Every heading (line order) and the ids of the built page's headings (page order: footnotes last)."""
        found = self._pass
        rendered = list(found.headings)
        for inside in found.footnotes.values():
            rendered += sorted(inside)
        if not rendered:
            return [], []
        texts = [heading[2] for heading in rendered]
        if not self.walk:
            shown, used = [(" ".join(text.split()), None) for text in texts], set()
        elif "{" in found.text or "[^" in found.text or any("[" in text for text in texts):
            analysis = self.analysis  # what else holds an id (attribute lists, footnotes) or a link's label
            shown = anchors.render(texts, analysis.references, analysis.footnotes)
            used = set(analysis.tree_ids)
        else:
            shown, used = anchors.render(texts), set()
        used.update(custom for _, custom in shown if custom is not None)
        headings, ids, counters = [], [], {}
        for (index, level, _, setext, nested), (text, custom) in zip(rendered, shown, strict=True):
            label = match_question(text)
            if custom is not None:
                anchor = custom
            else:  # hoidap.model.labels.heading_id, the label read once
                anchor = anchors.unique(question_anchor(label.number) if label else heading_id(text), used, counters)
            ids.append(anchor)
            headings.append(Heading(level, nfc(text), self.first_line + index, custom, anchor, label, setext, nested))
        headings.sort(key=lambda heading: heading.line)
        return headings, ids

    @cached_property
    def analysis(self) -> Analysis:
        """The inline pass: links, reference and footnote definitions, ids of attribute lists and raw HTML."""
        return analyse(self.lines, self.first_line, self._pass)

    @property
    def links(self) -> list[Link]:
        """Every link target with its file line: inline links and images, reference definitions, autolinks
        and raw HTML ``<a href>``, ``<img src>``…; code, code spans and HTML comments hold none."""
        return self.analysis.links

    @cached_property
    def anchors(self) -> set[str]:
        """The ids the built page will have: its headings', ids and ``<a name>`` of raw HTML, ``{#id}``
        attribute lists, footnote ids ``fn:N`` / ``fnref:N``."""
        return set(self.heading_ids) | self.analysis.ids

    @cached_property
    def prose(self) -> list[tuple[int, str]]:
        """``(file line, text)`` for every line that is not code, inline code blanked out: what checks read."""
        code, first = self.code, self.first_line
        return [(first + index, blank_code_spans(line)) for index, line in enumerate(self.lines) if not code[index]]


def code_span_ranges(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span of ``line``, backticks included (Python-Markdown's backtick rules)."""
    if "`" not in line:
        return []
    return [(start, end) for start, end, _, _ in code_spans(line) if line[start] == "`"]


def blank_code_spans(line: str) -> str:
    """``line`` with each inline code span replaced by spaces, so columns stay where they were."""
    if "`" not in line:
        return line
    for start, end in code_span_ranges(line):
        line = line[:start] + " " * (end - start) + line[end:]
    return line
