"""What in a line of Markdown is not prose: code spans, link targets, reference definitions, HTML markup,
bare web addresses and attribute lists. The text checks read only the rest, and ``--fix`` changes only the rest.

Markup is found by the tools that read it: code spans as :mod:`hoidap.model.blocks` finds them (Python-Markdown's
backtick
rules), link targets with the parser of :mod:`hoidap.model.inline_rules`, HTML with the standard library's HTML
tokenizer.
Code blocks are no concern here: callers pass only lines outside them (:attr:`hoidap.model.blocks.Blocks.code`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from itertools import pairwise

from hoidap.model.blocks import blank_code_spans, code_span_ranges
from hoidap.model.inline_rules import link_dest

_LINK_OPEN = re.compile(r"\]\s?\(")
_REFERENCE = re.compile(r"\]\s?\[[^\]]*\]")
_DEFINITION = re.compile(r"[ ]{0,3}\[(?!\^)[^\]]+\]:")
_ADDRESS = re.compile(r"(?<![\w@])(?:(?:https?|ftp|file|mailto):|www\.)[^\s<>\"'`]+"
                      r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS_TAIL = ".,;:!?)]}"  # punctuation after an address belongs to the sentence
_ATTRIBUTES = re.compile(r"\{:?[ ]*(?:[#.][\w-]|[\w-]+=)[^{}]*\}")
_MAYBE = re.compile(r"[`\]<&{@]|://|www\.")


def non_prose_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of every part of ``line`` that is not prose, sorted, possibly overlapping."""
    if not _MAYBE.search(line):
        return []
    spans = code_span_ranges(line)
    code_free = blank_code_spans(line)
    definition = _DEFINITION.match(code_free)
    if definition:
        spans.append((0, len(line)))
        return spans
    for opening in _LINK_OPEN.finditer(code_free):
        parsed = link_dest(code_free, line, opening.end() - 1, len(line))
        if parsed is not None:
            spans.append((opening.start() + 1, parsed[1]))
    spans += [(m.start() + 1, m.end()) for m in _REFERENCE.finditer(code_free)]
    if "<" in code_free or "&" in code_free:
        spans += _markup(code_free)
    for address in _ADDRESS.finditer(code_free):
        end = address.end()
        while end > address.start() and code_free[end - 1] in _ADDRESS_TAIL:
            end -= 1
        spans.append((address.start(), end))
    spans += [(m.start(), m.end()) for m in _ATTRIBUTES.finditer(code_free)]
    return sorted(spans)


def blank_non_prose(line: str) -> str:
    """``line`` with everything that is not prose replaced by spaces, so columns stay where they were."""
    spans = non_prose_spans(line)
    if not spans:
        return line
    chars = list(line)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def in_prose(line: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to each stretch of prose of ``line``; what is not prose stays as written."""
    spans = non_prose_spans(line)
    if not spans:
        return change(line)
    out, cursor = [], 0
    for start, end in spans:
        if start > cursor:
            out.append(change(line[cursor:start]))
        if end > cursor:
            out.append(line[max(start, cursor):end])
            cursor = end
    out.append(change(line[cursor:]))
    return "".join(out)


class _Tokens(HTMLParser):
    """Where each HTML token of one line starts, and whether it is markup (a tag, comment, reference...)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.starts: list[tuple[int, bool]] = []
        self.raw_text = False  # inside <script> or <style>: content, not prose

    def _mark(self, markup: bool) -> None:
        self.starts.append((self.getpos()[1], markup))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._mark(True)
        self.raw_text = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._mark(True)
        self.raw_text = False

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._mark(True)

    def handle_data(self, data: str) -> None:
        self._mark(self.raw_text)

    def handle_entityref(self, name: str) -> None:
        self._mark(True)

    def handle_charref(self, name: str) -> None:
        self._mark(True)

    def handle_comment(self, data: str) -> None:
        self._mark(True)

    def handle_decl(self, decl: str) -> None:
        self._mark(True)

    def handle_pi(self, data: str) -> None:
        self._mark(True)

    def unknown_decl(self, data: str) -> None:
        self._mark(True)


def _markup(line: str) -> list[tuple[int, int]]:
    """Spans of the HTML tags, comments and character references of ``line``."""
    tokens = _Tokens()
    tokens.feed(line)
    tokens.close()
    starts = [*tokens.starts, (len(line), False)]
    return [(start, following) for (start, markup), (following, _) in pairwise(starts) if markup and following > start]
