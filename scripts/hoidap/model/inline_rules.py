"""The inline rules of the site's Markdown, mirrored: code spans, links, reference and footnote definitions,
ids from attribute lists and raw HTML. :func:`analyse` reads a page body once the block pass
(:mod:`hoidap.model.block_rules`) has told which lines are text; :mod:`hoidap.model.blocks` is its user.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

from hoidap.model.block_rules import REF_DEF, BlockPass, table_cells

LinkKind = Literal["link", "image"]


@dataclass(frozen=True)
class Link:
    """One link target as written in a page: 1-based file line, target, link or image, raw HTML or Markdown."""

    line: int
    target: str
    kind: LinkKind
    html: bool


_MAX_NESTING = 256
_MAX_DESTINATION = 1024  # characters of a link destination with quotes or parentheses


_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")
_SPECIAL = re.compile(r"[\\`]")
_TICKS = re.compile(r"`+")
_TEXT_RUN = re.compile(r"\S[^\n]*(?:\n[ \t]*+\S[^\n]*)*")  # lines with text, from the first character
_ONE_LINE_CODE = re.compile(r"`[^`\n]+`")
_FILL = "\x01"
_NOT_NEWLINE = re.compile(r"[^\n]")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_LINK_HINT = re.compile(r"[\[<]")  # a character class: the regex engine scans for it fast
_SIMPLE_LINK = re.compile(r"""\[[^\[\]]*\]\(([^()'"<>]*)\)""")
_OTHER_BRACKET = re.compile(r"""\[(?![^\[\]]*\]\([^()'"<>]*\))""")  # a "[" that opens no _SIMPLE_LINK
_ANGLE = re.compile("<")
_DEST_SPECIAL = re.compile(r"""[()'"]""")
_SIMPLE_DEST = re.compile(r"""\(([^()'"<>]*)\)""")
_LINK_PAREN = re.compile(r"""\(\s*(?:(<[^<>]*>)\s*(?:('[^']*'|"[^"]*")\s*)?\))?""", re.DOTALL)
REF_LABEL = re.compile(r"\s?\[([^\]]*)\]")
_DEF_START = re.compile(r"[ ]{0,3}\[[^\[\]]*\]:")
_SETEXT_BELOW = re.compile(r"(?:=+|-+)[ ]*(?:\n|$)")
FOOTNOTE_REF = re.compile(r"\[\^([^\]]*)\]")
_FOOTNOTE_DEF = re.compile(r"^[ ]{0,3}\[\^([^\]]*)\]:", re.MULTILINE)
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>")
AUTOMAIL = re.compile(r"<([^<> !]+@[^@<> ]+)>")
_TAG = re.compile(
    r"""<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'=<>/`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>"""
)
_ATTR = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_HTML_LINKS: dict[str, tuple[str, LinkKind]] = {
    "a": ("href", "link"), "img": ("src", "image"), "source": ("src", "image"), "iframe": ("src", "link"),
}
_ID_HINT = re.compile(r"(?i)\b(?:id|name)\s*=")
_ATTR_INLINE = re.compile(r"\{:?[ ]*([^\}\n ][^\n]*)\}")
_ATTR_BLOCK = re.compile(r"\n[ ]*\{:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_BACKSLASH = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")
_WS = re.compile(r"\s+")
STRONG_EM = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1(?!\*)")
UNDERSCORE_EM = re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)")


def code_spans(text: str) -> list[tuple[int, int, int, int]]:
    """Code spans and backslash escapes of ``text``: (start, end, content start, content end).

    Backtick runs pair as in Python-Markdown 3.x (an unmatched run may close on a shorter one);
    an escape is a backslash and one of Markdown's escapable characters, its content that character.
    """
    spans: list[tuple[int, int, int, int]] = []
    if "`" not in text and "\\" not in text:
        return spans
    pos, size = 0, len(text)
    while True:
        match = _SPECIAL.search(text, pos)
        if match is None:
            return spans
        start = match.start()
        if text[start] == "\\":
            if start + 1 < size and text[start + 1] in _ESCAPABLE:
                spans.append((start, start + 2, start + 1, start + 2))
                pos = start + 2
            else:
                pos = start + 1
            continue
        opening = _TICKS.match(text, start)
        assert opening is not None
        ticks = opening.end() - start
        longest = longest_start = 0
        span = None
        for run in _TICKS.finditer(text, opening.end()):
            length = run.end() - run.start()
            if length == ticks:
                span = (start, run.end(), opening.end(), run.start())
                break
            if length > longest:
                longest, longest_start = length, run.start()
        if span is None and 0 < longest < ticks:
            span = (start, longest_start + longest, start + longest, longest_start)
        if span is None:
            pos = opening.end()
            continue
        spans.append(span)
        pos = span[1]


def mask_code(text: str) -> str:
    """``text`` with code spans and backslash escapes blanked out, same length and line breaks."""
    spans = code_spans(text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, _, _ in spans:
        out.append(text[last:start])
        out.append(_NOT_NEWLINE.sub(_FILL, text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def link_text_end(text: str, index: int, stop: int) -> int:
    """Index of the ``]`` closing the link text that starts at ``index``, or -1 (nested brackets count).

    Brackets nested deeper than ``_MAX_NESTING`` are taken for noise, not a link (this keeps a page of
    thousands of ``[`` linear).
    """
    depth = 1
    while True:
        close = text.find("]", index, stop)
        if close < 0:
            return -1
        depth -= 1
        depth += text.count("[", index, close)
        if depth == 0:
            return close
        if depth > _MAX_NESTING:
            return -1
        index = close + 1


def first_emphasis_end(text: str, start: int, stop: int) -> int:
    """Where the first emphasis of ``text[start:stop]`` ends (``stop`` if there is none)."""
    if text.find("*", start, stop) < 0 and text.find("_", start, stop) < 0:
        return stop
    ends = [match.end() for pattern in (STRONG_EM, UNDERSCORE_EM) if (match := pattern.search(text, start, stop))]
    return min(ends, default=stop)


def link_dest(masked: str, source: str, index: int, stop: int) -> tuple[str, int] | None:
    """Parse ``(url "title")`` at ``index`` like Python-Markdown's LinkInlineProcessor.getLink.

    Returns the href (backslash escapes removed) and the index after ``)``, or None. A destination with
    quotes or parentheses that does not close within ``_MAX_DESTINATION`` characters is taken for no link
    (Python-Markdown reads on to the end of the text: a page of ``[a](`` would cost its length squared).
    """
    simple = _SIMPLE_DEST.match(masked, index, stop)
    if simple is not None:  # no quote, bracket or angle: the first ")" closes it
        return _unescape(source[simple.start(1): simple.end(1)]).strip(), simple.end()
    match = _LINK_PAREN.match(masked, index, stop)
    if match is None:
        return None
    if match[1]:
        start, end = match.span(1)
        return _unescape(source[start + 1: end - 1]).strip(), match.end()
    bracket, backtrack, last_bracket = 1, 1, -1
    start = pos = match.end()
    quote = alt_quote = None
    start_quote = exit_quote = start_alt = exit_alt = -1
    ignore = False
    last = ""
    end = -1
    href_end = -1
    reach = min(stop, start + _MAX_DESTINATION)
    after = start  # only brackets and quotes change the state: go from one to the next
    for special in _DEST_SPECIAL.finditer(masked, start, reach):
        pos = special.start()
        between = masked[after:pos].rstrip(" ")
        if between:
            last = between[-1]
        after = pos + 1
        char = masked[pos]
        if char == "(":
            if not ignore:
                bracket += 1
            elif backtrack > 0:
                backtrack -= 1
        elif char == ")":
            if (exit_quote != -1 and quote == last) or (exit_alt != -1 and alt_quote == last):
                bracket = 0
            elif not ignore:
                bracket -= 1
            elif backtrack > 0:
                backtrack -= 1
                if backtrack == 0:
                    last_bracket = pos + 1
        elif char in "'\"":
            if not quote:
                ignore, backtrack, bracket = True, bracket, 1
                start_quote, quote = pos + 1, char
            elif char != quote and not alt_quote:
                start_alt, alt_quote = pos + 1, char
            elif char == quote:
                exit_quote = pos + 1
            elif alt_quote and char == alt_quote:
                exit_alt = pos + 1
        if bracket == 0:
            end = pos + 1
            if exit_quote >= 0 and quote == last:
                href_end = start_quote - 1
            elif exit_alt >= 0 and alt_quote == last:
                href_end = start_alt - 1
            else:
                href_end = pos
            break
        last = char
    if end < 0:
        if backtrack != 0 or reach < stop:
            return None
        if last_bracket < 0:  # Python-Markdown then slices from the end of the text: keep its result
            last_bracket = stop - 1
        end, href_end = last_bracket, last_bracket - 1
    return _unescape(source[start:href_end]).strip(), end


def _unescape(text: str) -> str:
    """A link target as Python-Markdown gives it: escapes resolved, a code span replaced by its text."""
    if "`" in text:
        parts, last = [], 0
        for start, end, content_start, content_end in code_spans(text):
            parts.append(text[last:start])
            parts.append(text[content_start:content_end].strip() if text[start] == "`" else text[start:end])
            last = end
        text = "".join(parts) + text[last:]
    return _BACKSLASH.sub(r"\1", text) if "\\" in text else text


@dataclass
class Analysis:
    """Everything one pass over a page body finds: links, and what anchors need."""

    links: list[Link]
    ids: set[str]  # from raw HTML and attribute lists
    tree_ids: set[str]  # ids Python-Markdown's tree has before toc runs (attr lists, footnotes)
    references: set[str]  # reference-link labels defined in the page
    footnotes: set[str]  # footnote labels defined in the page


def analyse(lines: list[str], first_line: int, blocks: BlockPass) -> Analysis:
    """Links and ids of a page body whose block pass is ``blocks`` (``first_line``: the file line of ``lines[0]``).

    Inline links and images, reference definitions, autolinks and raw HTML ``<a href>``,
    ``<img src>``, ``<source src>``, ``<iframe src>``. Fenced and indented code, code spans and HTML
    comments are skipped. A link's line is the line of its ``(``; a definition's, of its URL.
    """
    code, raw = blocks.code, blocks.raw
    if any(code) or any(raw):
        kept = [("" if code[i] or raw[i] else line) for i, line in enumerate(lines)]
        text = "\n".join(kept)
    else:
        kept, text = lines, "\n".join(lines)
    starts = _line_starts(kept)
    spans = _inline_texts(text, starts, blocks.breaks)
    firsts = [start for start, _ in spans]
    masked = text
    if "`" in text and "``" not in text and "\\" not in text and _even_ticks(kept):
        # Single backticks, an even number on every line: they pair up line by line.
        masked = _ONE_LINE_CODE.sub(lambda m: _FILL * len(m[0]), text)
    elif "`" in text or "\\" in text:  # only the pieces holding a backtick or a backslash need masking
        pieces: list[str] = []
        last = 0
        for start, end in spans:
            if text.find("`", start, end) >= 0 or text.find("\\", start, end) >= 0:
                pieces.append(text[last:start])
                pieces.append(mask_code(text[start:end]))
                last = end
        pieces.append(text[last:])
        masked = "".join(pieces)
    if "<!--" in masked:
        masked = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(_FILL, m[0]), masked)
    scanner = _InlineScanner(masked, text, blocks.footnotes)  # the footnotes the block pass found
    if "]:" in masked:  # definitions first: Python-Markdown reads them with the blocks, before any text
        for start, end in spans:
            if masked.find("]:", start, end) >= 0:
                scanner.definitions_in(start, end)
        scanner.blank_definitions()
        masked = scanner.masked
    for index, label, target in blocks.definitions:  # definitions inside lists, quotes, admonitions
        scanner.definitions.setdefault(label_key(label), (starts[index], _unescape(target.lstrip("<").rstrip(">"))))
    # Pieces whose every "[" opens a plain [text](url) or ![alt](src) need no walk; the others (a
    # bracket of any other kind, a "<") are walked. Both are found by regexes, not piece by piece.
    simple: dict[int, list[re.Match[str]]] = {}
    walk: set[int] = set()
    if "[" in masked:
        for match in _SIMPLE_LINK.finditer(masked):
            unit = bisect_right(firsts, match.start()) - 1
            simple.setdefault(unit, []).append(match)
            if match.end() > spans[unit][1]:
                walk.add(unit)
        walk.update(bisect_right(firsts, match.start()) - 1 for match in _OTHER_BRACKET.finditer(masked))
    if "<" in masked:
        walk.update(bisect_right(firsts, match.start()) - 1 for match in _ANGLE.finditer(masked))
    for unit in sorted(walk.union(simple)):
        if unit in walk:
            scanner.scan_block(*spans[unit])
        else:
            scanner.add_simple(simple[unit], spans[unit][0])
    links = scanner.links(lambda offset: first_line + bisect_right(starts, offset) - 1)
    if any(raw):
        links = sorted(links + _raw_html_links(lines, raw, first_line), key=lambda link: link.line)
    ids = _html_ids(lines, blocks, text if kept is lines else "\n".join(lines))
    tree_ids = _attr_list_ids(masked, text, spans) if "{" in masked else set()
    for index in blocks.table_rows if "{" in masked else ():
        for cell in table_cells(lines[index]):  # attr_list reads a cell's end like a heading's
            found = AttrListTreeprocessor.HEADER_RE.search(cell.strip())
            if found:
                attrs, remainder = get_attrs_and_remainder(found[1])
                tree_ids.update(value for key, value in attrs if key == "id" and value and not remainder)
    footnote_ids = {f"fn:{label}" for label in scanner.footnote_defs}
    seen: dict[str, int] = {}
    for label in scanner.footnote_refs:
        if label in scanner.footnote_defs:
            seen[label] = seen.get(label, 0) + 1
            footnote_ids.add(f"fnref:{label}" if seen[label] == 1 else f"fnref{seen[label]}:{label}")
    tree_ids |= footnote_ids
    return Analysis(links, ids | tree_ids, tree_ids, set(scanner.definitions),
                     set(scanner.footnote_defs))


def _raw_html_links(lines: list[str], raw: list[bool], first_line: int) -> list[Link]:
    """The ``<a href>``, ``<img src>``… of raw HTML blocks (Markdown inside them is not read)."""
    kept = [line if raw[i] else "" for i, line in enumerate(lines)]
    source = "\n".join(kept)
    if "<!--" in source:
        source = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(_FILL, m[0]), source)
    starts = _line_starts(kept)
    links = []
    for tag in _TAG.finditer(source):
        found = _html_link(source, tag)
        if found is not None:
            links.append(Link(first_line + bisect_right(starts, found[0]) - 1, found[1], found[2], True))
    return links


def _html_link(source: str, tag: re.Match[str]) -> tuple[int, str, LinkKind] | None:
    """The link a raw HTML tag carries: (offset of the value, target, kind), or None."""
    wanted = _HTML_LINKS.get(tag[1].lower())
    if wanted is None:
        return None
    offset = tag.start(2)
    for attr in _ATTR.finditer(source, offset, tag.end(2)):
        if attr[1].lower() == wanted[0] and attr[2] is not None:
            return attr.start(2), html.unescape(attr[2].strip("\"'")).strip(), wanted[1]
    return None


def _line_starts(lines: list[str]) -> list[int]:
    """Offset of each line in the lines joined with newlines."""
    return list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))


def _even_ticks(lines: list[str]) -> bool:
    return not any(line.count("`") % 2 for line in lines if "`" in line)


def _inline_texts(text: str, starts: list[int], breaks: set[int]) -> list[tuple[int, int]]:
    """The (start, end) offsets of each run of text Python-Markdown reads inline as one piece.

    Runs of non-blank lines, cut where a block, heading or list item starts (``breaks``).
    """
    cuts = sorted(map(starts.__getitem__, breaks))
    spans: list[tuple[int, int]] = []
    for run in _TEXT_RUN.finditer(text):
        start, end = run.span()
        low, high = bisect_right(cuts, start), bisect_left(cuts, end)
        for cut in cuts[low:high]:
            spans.append((start, cut - 1))
            start = cut
        spans.append((start, end))
    return spans


def _attr_list_ids(masked: str, source: str, spans: list[tuple[int, int]]) -> set[str]:
    """Ids given by attr_list outside headings: ``{#id}`` alone on a block's last line, or right after
    an inline element (link, image, emphasis, code).

    Line by line, so that a line of a thousand ``{`` costs a thousand steps: a ``{`` with no ``}`` after
    it on its line is skipped, and one match reaches the line's last ``}``.
    """
    ids: set[str] = set()
    for start, end in spans:
        brace = masked.find("{", start, end)
        if brace < 0:
            continue
        block = _ATTR_BLOCK.search(masked, start, end)
        if block:
            attrs, remainder = get_attrs_and_remainder(block[1])
            if not remainder:
                ids.update(value for key, value in attrs if key == "id" and value)
        runs = _RunsBefore(masked)
        while brace >= 0:
            newline = masked.rfind("\n", start, brace)
            line_start = start if newline < 0 else newline + 1
            line_end = masked.find("\n", brace, end)
            line_end = end if line_end < 0 else line_end
            close = masked.rfind("}", brace, line_end)
            first_link = masked.find("](", line_start, line_end) if close >= 0 else -1
            while 0 <= brace < close:
                inline = _ATTR_INLINE.match(masked, brace, line_end)
                if inline is None:
                    brace = masked.find("{", brace + 1, close)
                    continue
                if brace > start and _after_inline_element(masked, source, brace, line_start, first_link, runs):
                    attrs, _ = get_attrs_and_remainder(inline[1])
                    ids.update(value for key, value in attrs if key == "id" and value)
                brace = masked.find("{", inline.end(), close)
            brace = masked.find("{", line_end, end)
    return ids


def _line_start(text: str, start: int, index: int) -> int:
    """Start of the line holding ``index``, not before ``start``."""
    newline = text.rfind("\n", start, index)
    return start if newline < 0 else newline + 1


class _RunsBefore:
    """The longest run of ``*`` and of ``_`` in a line before a point, for points that only move forward
    along the line: each stretch of the line is read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = self.upto = -1
        self.best = {"*": 0, "_": 0}

    def longest(self, char: str, line_start: int, point: int) -> int:
        if line_start != self.line:
            self.line, self.upto, self.best = line_start, line_start, {"*": 0, "_": 0}
        for run in _EMPHASIS_RUN.finditer(self.text, self.upto, max(point, self.upto)):
            self.best[run[0][0]] = max(self.best[run[0][0]], len(run[0]))
        self.upto = max(point, self.upto)
        return self.best[char]


def _after_inline_element(masked: str, source: str, index: int, line_start: int, first_link: int,
                          runs: _RunsBefore) -> bool:
    """Whether ``index`` directly follows a link, image, code span or emphasis (where attr_list looks);
    ``first_link`` is where the line's first ``](`` is (or -1)."""
    char, seen = source[index - 1], masked[index - 1]
    if char == "`":
        return seen == _FILL
    if char == ")" and seen == char:
        return 0 <= first_link <= index - 2
    if char in "*_" and seen == char:
        run = 1
        while index - run > line_start and masked[index - run - 1] == char:
            run += 1
        return runs.longest(char, line_start, index - run) >= run
    return False


def _html_ids(lines: list[str], blocks: BlockPass, joined: str) -> set[str]:
    """Ids and ``<a name>`` of raw HTML, read as MkDocs reads them: everywhere but fenced code."""
    ids: set[str] = set()
    if "=" not in joined:
        return ids
    fenced = blocks.fenced
    source = "\n".join(line for i, line in enumerate(lines) if not fenced[i]) if any(fenced) else joined
    if "=" not in source or not _ID_HINT.search(source):
        return ids
    if "<!--" in source:
        source = _COMMENT.sub("", source)
    for tag in _TAG.finditer(source):
        name = tag[1].lower()
        for attr in _ATTR.finditer(tag[2]):
            key = attr[1].lower()
            if attr[2] is not None and (key == "id" or (key == "name" and name == "a")):
                ids.add(html.unescape(attr[2].strip("\"'")))
    return ids


class _InlineScanner:
    """Walk the inline Markdown of text blocks the way Python-Markdown's inline patterns do."""

    def __init__(self, masked: str, source: str, footnotes: Iterable[str]) -> None:
        self.masked = masked
        self.blanks: list[tuple[int, int]] = []  # definitions read, to blank out
        self.source = source
        self.found: list[tuple[int, str, LinkKind, bool]] = []
        self.definitions: dict[str, tuple[int, str]] = {}  # label → (offset, target)
        self.image_labels: set[str] = set()
        self.link_labels: set[str] = set()
        # Footnote definitions are known before any text is read, as Python-Markdown reads blocks first.
        self.footnote_defs: dict[str, int] = dict.fromkeys(footnotes, 0)
        self.footnote_refs: list[str] = []
        # how far a reference to a defined footnote reaches (a label running over lines is too odd to wait for)
        self.longest_label = max((len(label) for label in self.footnote_defs if "\n" not in label), default=0)

    def scan_block(self, start: int, end: int) -> None:
        masked = self.masked
        # Python-Markdown runs on a link's text only the patterns ranked below links (images, short
        # references, autolinks, emphasis…) but on the text after such an element, every pattern.
        # ``full`` is False at the start of an inline link's text.
        stack = [(start, end, True)]
        no_reference = -1
        while stack:
            pos, stop, full = stack.pop()
            emphasis = stop if full else min(first_emphasis_end(masked, pos, stop), self._first_code(pos, stop))
            while True:
                match = _LINK_HINT.search(masked, pos, stop)
                if match is None:
                    break
                begin = match.start()
                full = full or begin >= emphasis
                if masked[begin] == "<":
                    pos, element = self._angle(begin, stop)
                    full = full or element
                    continue
                after = begin + 1
                image = begin > pos and masked[begin - 1] == "!"
                if image:
                    begin -= 1
                if not image and not full:
                    close = link_text_end(masked, after, stop)
                    full = close >= 0 and label_key(masked[after:close]) in self.definitions  # a short reference
                    pos = close + 1 if full else after
                    continue
                if self.footnote_defs and masked.startswith("^", after):  # footnotes first, even after a "!"
                    # only a defined label counts: read no further than the longest one could reach
                    note = FOOTNOTE_REF.match(masked, after - 1, min(stop, after + self.longest_label + 2))
                    if note and note[1] in self.footnote_defs:
                        self.footnote_refs.append(note[1])
                        pos = note.end()
                        continue
                close = link_text_end(masked, after, stop)
                if close < 0:
                    pos = after
                    continue
                if close + 1 < stop and masked[close + 1] == "(":
                    dest = link_dest(masked, self.source, close + 1, stop)
                    if dest is not None:
                        self.found.append((close + 1, dest[0], "image" if image else "link", False))
                        if image:
                            pos, full = dest[1], True
                            continue
                        stack.append((dest[1], stop, full))
                        stack.append((after, close, False))
                        break
                label = REF_LABEL.match(masked, close + 1, stop)
                if label is not None and label[1].startswith("^"):
                    label = None  # footnotes come first
                if label is not None and not image and after - 1 == no_reference:
                    label = None  # that bracket was read as the label of an undefined reference
                elif label is not None and label_key(label[1] or masked[after:close]) not in self.definitions:
                    if not image:  # "[a] [b]" with b undefined: "[b]" starts no reference of its own
                        no_reference = masked.index("[", label.start())
                    label = None
                if label is not None:
                    name = label[1] or masked[after:close]
                    (self.image_labels if image else self.link_labels).add(label_key(name))
                    if not image:
                        stack.append((label.end(), stop, full))
                        stack.append((after, close, True))
                        break
                    pos, full = label.end(), True
                    continue
                (self.image_labels if image else self.link_labels).add(label_key(masked[after:close]))
                pos = after

    def _first_code(self, start: int, stop: int) -> int:
        """Where the first code span of ``[start, stop)`` is (an element, like emphasis), else ``stop``."""
        tick = self.source.find("`", start, stop)
        while tick >= 0 and self.masked[tick] != _FILL:
            tick = self.source.find("`", tick + 1, stop)
        return stop if tick < 0 else tick

    def add_simple(self, matches: list[re.Match[str]], start: int) -> None:
        source, masked, found = self.source, self.masked, self.found
        for match in matches:
            href = source[match.start(1): match.end(1)]
            if "\\" in href or "`" in href:
                href = _unescape(href)
            image = match.start() > start and masked[match.start() - 1] == "!"
            found.append((match.start(1) - 1, href.strip(), "image" if image else "link", False))

    def definitions_in(self, start: int, end: int) -> None:
        """Reference and footnote definitions: read them, to be blanked out (:meth:`blank_definitions`)."""
        masked = self.masked
        blank: list[tuple[int, int]] = []
        for match in _FOOTNOTE_DEF.finditer(masked, start, end):
            blank.append((match.start(), match.end()))
        for match in REF_DEF.finditer(masked, start, end):
            if match[1].startswith("^") or self._setext_text(match, start, end):
                continue
            target = self.source[match.start(2): match.end(2)].strip().lstrip("<").rstrip(">")
            self.definitions.setdefault(label_key(match[1]), (match.start(2), _unescape(target)))
            blank.append(match.span())
        self.blanks += blank

    def blank_definitions(self) -> None:
        """Blank out every definition read (the inline pass must not read it as text), in one pass."""
        pieces: list[str] = []
        last = 0
        for begin, stop in sorted(self.blanks):
            begin = max(begin, last)
            if stop <= begin:
                continue
            pieces += [self.masked[last:begin], _NOT_NEWLINE.sub(_FILL, self.masked[begin:stop])]
            last = stop
        self.masked = "".join(pieces) + self.masked[last:]
        self.blanks = []

    def _setext_text(self, match: re.Match[str], start: int, end: int) -> bool:
        """Whether a would-be definition is the text of a setext heading (it starts a block, ``---`` below)."""
        if not _SETEXT_BELOW.match(self.masked, match.end() + 1, end):
            return False
        if match.start() == start:
            return True
        previous = self.masked[_line_start(self.masked, start, match.start() - 1): match.start() - 1]
        return previous.startswith("#") or bool(_DEF_START.match(previous))

    def _angle(self, begin: int, stop: int) -> tuple[int, bool]:
        """Autolinks, e-mail autolinks and raw HTML tags that carry a link.

        Returns where to go on, and whether an element was made (an autolink; raw HTML is no element).
        """
        masked, source = self.masked, self.source
        match = AUTOLINK.match(masked, begin, stop)
        if match:
            self.found.append((begin, _unescape(source[begin + 1: match.end() - 1]), "link", False))
            return match.end(), True
        match = AUTOMAIL.match(masked, begin, stop)
        if match:
            email = source[begin + 1: match.end() - 1]
            self.found.append((begin, email if email.startswith("mailto:") else f"mailto:{email}", "link", False))
            return match.end(), True
        match = _TAG.match(masked, begin, stop)
        if match is None:
            return begin + 1, False
        found = _html_link(source, match)
        if found is not None:
            self.found.append((found[0], found[1], found[2], True))
        return match.end(), False

    def links(self, line_of: Callable[[int], int]) -> list[Link]:
        found = list(self.found)
        for label, (offset, target) in self.definitions.items():
            image = label in self.image_labels and label not in self.link_labels
            found.append((offset, target, "image" if image else "link", False))
        found.sort(key=lambda item: item[0])
        return [Link(line_of(offset), target, kind, raw) for offset, target, kind, raw in found]


def label_key(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()
