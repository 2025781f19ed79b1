"""The block rules of the site's Markdown, mirrored: which lines of a page body are code, raw HTML, headings.

:func:`scan_blocks` follows Python-Markdown's block processors with the site's extensions
(pymdownx.superfences, md_in_html, admonition, pymdownx.details, footnotes, tables, attr_list) in
one pass over the lines, without building a tree. :mod:`hoidap.model.blocks` is its only user.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.blockprocessors import HRProcessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.util import BLOCK_LEVEL_ELEMENTS
from pymdownx.details import DetailsProcessor
from pymdownx.superfences import RE_NESTED_FENCE_START

from hoidap.model.siteconfig import markdown_extensions

_TAB = 4
_PREFIX = " \t>"  # what pymdownx.superfences lets stand before a fence
_FENCE_ROW = "\x00"  # one row standing for a whole fenced block, as superfences leaves a placeholder
_RAW_ROW = "\x03"  # one row standing for a raw HTML block
_LOST = "\x00"  # marks a footnote defined inside a footnote, which is never rendered
_QUOTE = re.compile(r" {0,3}>[ ]?(.*)")
_LIST_ITEM = re.compile(r" {0,3}(?:[*+-]|\d+\.)[ ]+")
_NESTED_ITEM = re.compile(r" {4,7}(?:[*+-]|\d+\.)[ ]+")  # an item of a list nested in the item before
_RULE = re.compile(HRProcessor.RE)  # Python-Markdown's own: its atomic group keeps "****…x" linear
_ADMONITION = re.compile(r"!!! ?[\w\-]|\?{3}\+? ?(?:[\w\-]| +\")")  # may open an admonition or details
_BOX_STARTS = (AdmonitionProcessor.RE, DetailsProcessor.START)  # what opens one: the extensions' own patterns
_FOOTNOTE_START = re.compile(r"[ ]{0,3}\[\^[^\]]*\]:")
_SETEXT_LINE = re.compile(r"(?:=+|-+)[ ]*$")
MAX_DEPTH = 64
_RAW_START = re.compile(r"[ ]{0,3}<(!--|[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$))")
_RAW_ANYWHERE = re.compile(r"\n[ ]{0,3}<[!A-Za-z]")  # what a raw HTML block or comment starts with
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_MARKDOWN_ATTR = re.compile(r"\smarkdown(?:\s*=\s*[\"']?(?:1|block|span)[\"']?)?[\s/>]", re.IGNORECASE)
_CUTTERS = frozenset("#>!?[-*_=")
_PLAIN_BLOCK_STARTS = _CUTTERS | frozenset("+0123456789")  # what may start something else than a paragraph
_FLAT_NEVER = frozenset(" \t>|~`<\x00\x03")  # a line starting so makes a page not flat
_FLAT_ITEM = frozenset("*+-0123456789")
_FLAT_PLAIN = frozenset(map(chr, range(128))) - _PLAIN_BLOCK_STARTS - _FLAT_NEVER - frozenset("\\\x7f")  # or non-ASCII
REF_DEF = re.compile(  # a reference definition, as Python-Markdown's ReferenceProcessor reads it
    r"""^[ ]{0,3}\[([^\[\]]*)\]:[ ]*\n?[ ]*([^\s]+)[ ]*(?:\n[ ]*)?((["'])(.*)\4[ ]*|\((.*)\)[ ]*)?$""",
    re.MULTILINE,
)


def _fenced_lines(lines: list[str]) -> list[bool]:
    """Mark the lines of fenced code blocks, found the way pymdownx.superfences finds them.

    A fence may be indented or quoted; its lines keep the opening indentation and the closing
    fence repeats the opening one exactly (same character, same length). An opening line whose
    words superfences refuses (``` ``text foo`` ```: an option it does not know) opens nothing. A fence
    never closed, or abandoned because a line is less indented, is no fence: its lines stay Markdown.
    """
    fenced = [False] * len(lines)
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        if "``" not in line and "~~" not in line:
            index += 1
            continue
        start = len(line) - len(line.lstrip(_PREFIX))
        match = RE_NESTED_FENCE_START.match(line, start)
        if match is None or not _accepted(match):
            index += 1
            continue
        closed, stop = _fence_end(lines, index + 1, line[:start], match["fence"])
        if closed:
            fenced[index: stop + 1] = [True] * (stop + 1 - index)
        elif stop >= count:
            break  # superfences reads an unclosed fence to the end and finds nothing after it
        index = stop + 1
    return fenced


def _accepted(match: re.Match[str]) -> bool:
    """Whether superfences opens a fence on this line: the words after the fence (language, options such
    as ``title="…"``, ``{ .attributes }``) are what its validators accept."""
    if not (match["unrecognized"] or match["attrs"] or match["options"]):
        return True  # a bare fence or a language alone
    fences = _superfences()
    fences.clear()
    if match["unrecognized"]:
        return bool(fences.handle_unrecognized(match))
    if match["attrs"]:
        return bool(fences.handle_attrs(match))
    return bool(fences.parse_options(match))


@functools.cache
def _superfences():  # -> pymdownx.superfences.SuperFencesBlockPreprocessor
    """superfences' own fence reader, configured as in mkdocs.yml, to judge opening lines with its validators."""
    names, configs = markdown_extensions()
    name = "pymdownx.superfences"
    md = markdown.Markdown(extensions=[name], extension_configs={name: configs.get(name, {})} if name in names else {})
    fences = md.preprocessors["fenced_code_block"]
    fences.get_hl_settings()  # what its run() does first
    return fences


def _fence_end(lines: list[str], first: int, prefix: str, fence: str) -> tuple[bool, int]:
    """Where the fence opened with ``prefix`` ends: (closed, line) or (False, line that abandoned it)."""
    width = len(prefix.expandtabs(_TAB))
    quotes, raw_width = prefix.count(">"), len(prefix)
    end = re.compile(re.escape(fence) + r"[ \t]*$")
    empty = 0
    for index in range(first, len(lines)):
        ws, content = _split_prefix(lines[index], width)
        level = ws.count(">")
        if quotes:
            if level > quotes:
                return False, index
            if content == "":
                empty += 1
                continue
            if len(ws) < raw_width or (empty and level < quotes):
                return False, index
            if end.match(content):
                return True, index
            empty = 0
            continue
        if level:
            return False, index
        if not (ws + content).strip():
            continue
        if len(ws) != width and content:
            return False, index
        if end.match(content) and not content.startswith((" ", "\t")):
            return True, index
    return False, len(lines)


def _split_prefix(line: str, width: int) -> tuple[str, str]:
    """Split off at most ``width`` columns of spaces, tabs and ``>`` (superfences' parse_fence_line)."""
    virtual = taken = 0
    parts = []
    for char in line:
        if virtual >= width or char not in _PREFIX:
            break
        taken += 1
        if char == "\t":
            size = _TAB - virtual % _TAB
            parts.append(" " * size)
            virtual += size
        else:
            parts.append(char)
            virtual += 1
    return "".join(parts), line[taken:]


Heading = tuple[int, int, str, bool, bool]  # (line index, level, text as written, setext?, in a container?)


@dataclass
class BlockPass:
    """What the block pass found: code and raw HTML lines, and every heading, in containers too."""

    fenced: list[bool]
    code: list[bool]  # fenced or indented
    raw: list[bool]  # lines of raw HTML blocks and comments: no Markdown there
    headings: list[Heading] = field(default_factory=list)  # in line order, footnotes' excepted
    footnotes: dict[str, list[Heading]] = field(default_factory=dict)  # headings in each footnote, rendered last
    breaks: set[int] = field(default_factory=set)  # lines that start a new inline text (block, heading, item)
    boxed: list[bool] | None = None  # lines inside an HTML block with ``markdown`` (md_in_html): a container
    table_rows: set[int] = field(default_factory=set)  # lines of tables' header and body rows
    definitions: list[tuple[int, str, str]] = field(default_factory=list)  # (line, label, URL) inside containers
    boxes: list[int] = field(default_factory=list)  # lines opening an admonition or details block, footnotes' too
    text: str = ""  # the lines joined
    lines: list[str] = field(default_factory=list)


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included), as pymdownx.superfences reads."""
    return _fenced_lines(lines) if any("``" in line or "~~" in line for line in lines) else [False] * len(lines)


def scan_blocks(lines: list[str], fenced: list[bool] | None = None, walk: bool = True) -> BlockPass:
    """The block pass over a page body: fences (``fenced``, if already found), raw HTML, then the block walk
    (flat pages: one loop). Without ``walk`` (a page nested too deep, which :mod:`hoidap.model.nesting` refuses), only
    the fences and the headings written at the start of a line outside them are found, in linear time and memory.
    """
    joined = "\n".join(lines)
    count = len(lines)
    fenced = list(fenced) if fenced is not None else fenced_lines(lines)
    result = BlockPass(fenced, list(fenced), [False] * count, text=joined, lines=lines)
    if not walk:
        for index, line in enumerate(lines):
            if not fenced[index] and line[:1] == "#" and (text := _atx_text(line)) is not None:
                result.headings.append((index, _atx_level(line), text, False, False))
                result.breaks.add(index)
        return result
    raw_html = "<" in joined and (_RAW_ANYWHERE.search(joined) is not None or _RAW_START.match(joined) is not None)
    plain = "\t" not in joined and not any(fenced)
    if plain and not raw_html and _flat_walk(lines, result):
        return result
    if plain:
        rows = list(enumerate(lines))
    else:
        rows = []
        index = 0
        while index < count:
            line = lines[index]
            if fenced[index]:
                prefix = line[: len(line) - len(line.lstrip(_PREFIX))]
                rows.append((index, prefix.expandtabs(_TAB) + _FENCE_ROW))
                while index < count and fenced[index]:
                    index += 1
                continue
            rows.append((index, line.expandtabs(_TAB) if "\t" in line else line))
            index += 1
    if raw_html:
        rows = _hide_raw_html(rows, result)
    _walk(rows, 0, result)
    result.headings.sort()
    if result.footnotes:
        result.footnotes = {label: inside for label, inside in result.footnotes.items() if label[:1] != _LOST}
    return result


def _flat_walk(lines: list[str], result: BlockPass) -> bool:
    """The block pass of a flat page, the usual booklet: paragraphs, ATX headings, plain list items,
    one-line definitions and footnotes.

    Gives what :func:`_walk` gives, in one loop over the lines; returns False (filling nothing) as
    soon as a line could start anything else (indentation, quote, fence, setext line, rule, table,
    admonition, a list item or footnote holding more than text).
    """
    headings: list[Heading] = []
    breaks: set[int] = set()
    footnotes: dict[str, list[Heading]] = {}
    block = ""  # what the current top-level block is: "", "para", "list" (bullets or numbers) or "note"
    defined = False  # a reference definition since the last blank line or heading
    for index, line in enumerate(lines):
        first = line[:1]
        if not first or line.isspace():
            block, defined = "", False
            continue
        if first in _FLAT_PLAIN or first > "\x7f":
            kind = "text"
        elif first in _FLAT_NEVER:
            return False
        elif first == "#" and (text := _atx_text(line)) is not None:
            headings.append((index, _atx_level(line), text, False, False))
            breaks.add(index)
            block, defined = "", False  # what follows a heading is a block of its own
            continue
        elif first in _FLAT_ITEM and (item := _LIST_ITEM.match(line)):
            if _opens_block(line[item.end():]) or _RULE.match(line):
                return False
            kind = "item"
        elif first == "[" and (note := _FOOTNOTE_START.match(line)):
            if _opens_block(line[note.end():]):
                return False
            kind = "note"
            footnotes.setdefault(line[line.index("^") + 1: note.end() - 2], [])
        elif first == "[" and REF_DEF.match(line):
            kind = "definition"
        elif _RULE.match(line) or _SETEXT_LINE.match(line) or _ADMONITION.match(line):
            return False
        else:
            kind = "text"
        if (kind == "note" and defined) or (kind == "definition" and block in ("list", "note")):
            return False  # footnotes are cut out of the block before definitions: leave that to _walk
        if not block:  # a new top-level block
            breaks.add(index)
            if kind == "item":
                block = "list"
            elif kind == "note":
                block = "note"
            elif kind == "definition":
                defined = True
                continue  # it leaves no element: the next line starts a block again
            else:
                block = "para"
            continue
        if kind == "item" and block == "list":
            breaks.add(index)  # a new item (bullets and numbers mix)
        elif kind == "note":
            breaks.add(index)
            if block != "list":
                block = "note"  # in a paragraph or a footnote, a footnote takes the rest of the block
        elif kind == "definition":
            breaks.add(index)
            block, defined = "", True
    result.headings, result.breaks, result.footnotes = headings, breaks, footnotes
    return True


def _hide_raw_html(rows: list[tuple[int, str]], result: BlockPass) -> list[tuple[int, str]]:
    """Blank out raw HTML blocks and comments, which Python-Markdown stashes before parsing blocks.

    A block-level tag at a line's start opens a raw block that lasts until its end tag (or the end of
    the page). With a ``markdown`` attribute (md_in_html) only its tag lines are raw: the lines between
    are Markdown, marked ``boxed``, where raw blocks are looked for again; its end tag counts wherever it
    is. Marks the hidden lines in ``raw``. One pass over the rows.
    """
    raw = result.raw
    out = list(rows)
    open_tags: list[str] = []  # the md_in_html blocks open at this row, innermost last
    index = 0
    while index < len(out):
        text = out[index][1]
        if open_tags:
            if result.boxed is None:
                result.boxed = [False] * len(raw)
            result.boxed[out[index][0]] = True
        opening = _RAW_START.match(text) if "<" in text[:4] else None
        if opening is not None and (opening[1] == "!--" or opening[1].lower() in _BLOCK_TAGS):
            if opening[1] != "!--" and _MARKDOWN_ATTR.search(text):
                open_tags.append(opening[1].lower())
                _close_tags(text[opening.end():], open_tags, len(open_tags) - 1)
                raw[out[index][0]] = True
                out[index] = (out[index][0], _RAW_ROW)
                index += 1
                continue
            end, _ = _raw_end(out, index, opening)
            for position in range(index, end + 1):
                raw[out[position][0]] = True
                out[position] = (out[position][0], _RAW_ROW if position == index else "")
            index = end + 1
            continue
        if open_tags and "</" in text and _close_tags(text, open_tags, 0):
            raw[out[index][0]] = True  # an md_in_html block's end: it ends as a block too, nothing inside goes on
            out[index] = (out[index][0], _RAW_ROW)
        index += 1
    return out


def _close_tags(text: str, open_tags: list[str], keep: int) -> bool:
    """Close the open md_in_html blocks that end tags in ``text`` close (not below ``keep``); True if any."""
    closed = False
    for match in _END_TAG.finditer(text):
        tag = match[1].lower()
        if tag in open_tags[keep:]:
            while open_tags and open_tags.pop() != tag:
                pass
            closed = True
    return closed


def _raw_end(rows: list[tuple[int, str]], index: int, opening: re.Match[str]) -> tuple[int, bool]:
    """The row where the raw block opened at ``index`` closes, and whether it does (else: last row)."""
    if opening[1] == "!--":
        for position in range(index, len(rows)):
            start = opening.end() if position == index else 0
            if "-->" in rows[position][1][start:]:
                return position, True
        return len(rows) - 1, False
    tag = opening[1].lower()
    if tag == "hr":
        return index, True
    pattern = re.compile(rf"<(/?){re.escape(tag)}(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)
    depth = 0
    for position in range(index, len(rows)):
        for match in pattern.finditer(rows[position][1]):
            if match[1]:
                depth -= 1
            elif not match[2]:
                depth += 1
            if depth <= 0:
                return position, True
    return len(rows) - 1, False


def _split(rows: list[tuple[int, str]]) -> tuple[deque[list[tuple[int, str]]], set[int]]:
    """Blank lines separate blocks, as in Python-Markdown's block parser.

    Also returns the first lines of the blocks that follow more than one blank line (those end a
    footnote, whose continuation must follow after exactly one).
    """
    blocks: deque[list[tuple[int, str]]] = deque()
    wide: set[int] = set()
    current: list[tuple[int, str]] = []
    blank = 0
    for row in rows:
        if row[1] == _RAW_ROW:  # a raw HTML block stands alone, as a paragraph would
            if current:
                blocks.append(current)
                current = []
            blocks.append([row])
            blank = 0
        elif row[1].strip():
            if not current and blank > 1:
                wide.add(row[0])
            current.append(row)
            blank = 0
        else:
            blank += 1
            if current:
                blocks.append(current)
                current = []
    if current:
        blocks.append(current)
    return blocks, wide


def _walk(rows: list[tuple[int, str]], depth: int, result: BlockPass, note: str | None = None,
          previous: str = "", state: str = "", item: bool = False) -> str:
    """Find indented code and headings, following Python-Markdown's block processors in their order.

    Admonitions come first (searched in the whole block), then indented blocks, which are code unless they
    go on with an admonition, a details block, a footnote or a list item (its ListIndentProcessor, which
    takes off one indentation level per list it goes down into), then ATX headings (searched in the whole
    block), setext headings (at a block's start), rules, lists, quotes, footnotes and reference
    definitions; each cut starts a new block. Footnotes are rendered after the body: headings inside
    footnote ``note`` go to its own list.

    ``previous`` is the element before ``rows`` in their container, as a chain such as ``list>box>para``
    (a list whose last item ends with an admonition whose last element is a paragraph); the chain of the
    last element is returned, so that content continued after a blank line picks up where it was.
    ``state`` is the parser's: ``list`` in a list's items, ``looselist`` in the first item of a list going
    on after a blank line, ``detabbed`` in what ListIndentProcessor handed over; ``item``: ``rows`` are a
    list item's own lines.
    """
    blocks, wide = _split(rows)
    cut: dict[int, str] = {}  # blocks cut off another one at what Python-Markdown found there: read as that
    origin: dict[int, tuple[_Finder, int]] = {}  # blocks that are rows ``base`` on of a finder's rows

    def push(rows: list[tuple[int, str]], finder: _Finder | None, base: int, kind: str = "") -> None:
        if kind:
            cut[id(rows)] = kind
        if finder is not None:
            origin[id(rows)] = (finder, base)
        blocks.appendleft(rows)
    previous, _, inner = previous.partition(">")  # the last element, and the end of what is inside it
    before_note = ""  # the chain before a footnote (a footnote leaves no element where it is written)
    current = note
    headings = result.headings if note is None else result.footnotes[note]
    boxed = result.boxed

    def heading(index: int, level: int, text: str, setext: bool) -> None:
        headings.append((index, level, text, setext, depth > 0 or (boxed is not None and boxed[index])))

    while blocks:
        block = blocks.popleft()
        first = block[0][1]
        result.breaks.add(block[0][0])
        if previous == "footnote" and block[0][0] in wide:
            previous, _, inner = before_note.partition(">")  # a footnote goes on after one blank line, not more
            current = note
        found = cut.pop(id(block), "")
        finder, base = origin.pop(id(block), (None, 0))
        if not found and first.startswith("    "):
            box = 0 if previous == "footnote" or depth >= MAX_DEPTH else \
                next((k for k, (_, text) in enumerate(block) if k and _is_admonition(text)), 0)
            if box:  # admonitions are looked for first, in the whole block: what is before is a block of its own
                # (not in what a footnote takes: it takes the indented blocks after it before they are parsed)
                blocks.appendleft(block[box:])
                blocks.appendleft(block[:box])
                continue
            if depth >= MAX_DEPTH:
                pass
            elif previous == "box":
                inner = _box_goes_on(blocks, block, depth, result, note, inner, state)
                continue
            elif previous == "footnote":  # a footnote goes on up to the next footnote's definition
                taken = next((k for k, (_, text) in enumerate(block) if _FOOTNOTE_START.match(text)), len(block))
                if taken < len(block):
                    blocks.appendleft(block[taken:])
                    block = block[:taken]
                content = [(i, text[_TAB:] if text.startswith("    ") else text) for i, text in block]
                inner = _walk(content, depth + 1, result, current, inner)
                continue
            elif state != "detabbed" and (item or previous == "list"):
                previous, inner = _list_indent(block, depth, result, note, _chain(previous, inner),
                                               1 if state == "list" else 0)
                continue
            if any(text.endswith(_FENCE_ROW) for _, text in block):
                block, finder = _unfence(block, result), None  # superfences gives its fences back as text
            taken = 0
            for i, text in block:
                if not text.startswith("    "):
                    break
                result.code[i] = True
                taken += 1
            if taken < len(block):
                push(block[taken:], finder, base + taken)
            previous, inner = "code", ""
            continue
        if depth >= MAX_DEPTH:
            previous = "para"
            continue
        if found:
            kind = found
        elif len(block) == 1:  # the common cases: one line of text, a heading
            lead = first.lstrip(" ")[:1]
            if lead not in _PLAIN_BLOCK_STARTS:
                previous, inner = "para", ""
                continue
            text = _atx_text(first) if lead == "#" else None
            if text is not None:
                heading(block[0][0], _atx_level(first), text, False)
                previous, inner = "para", ""
                continue
        elif _plain_list(block):
            result.breaks.update(i for i, _ in block)
            previous, inner = "list", "para"
            continue
        if not found:
            if finder is None:
                finder, base = _Finder(block), 0
            kind, position = _block_kind(block, finder, base)
            if position:  # the block is cut: what comes before is a block of its own, then what was found
                push(block[position:], finder, base + position, kind)
                push(block[:position], finder, base)
                continue
        rest = 1
        if kind == "box":
            result.boxes.append(block[0][0])
            while rest < len(block) and block[rest][1].startswith("    "):
                rest += 1
            inner = _walk([(i, text[_TAB:]) for i, text in block[1:rest]], depth + 1, result, note, "", state)
        elif kind == "footnote":
            while rest < len(block) and not _FOOTNOTE_START.match(block[rest][1]):
                rest += 1
            label = _FOOTNOTE_START.match(first)
            assert label is not None
            if previous != "footnote":
                before_note = _chain(previous, inner)
            current = first[first.index("^") + 1: label.end() - 2]
            if note is not None:  # defined while the footnotes are rendered: Python-Markdown shows it nowhere
                current = _LOST + current
            result.footnotes[current] = []  # a label defined again replaces the footnote
            content = [(block[0][0], first[label.end():].lstrip(" "))]
            content += [(i, text[_TAB:] if text.startswith("    ") else text) for i, text in block[1:rest]]
            inner = _walk(content, depth + 1, result, current)
        elif kind == "atx":
            heading(block[0][0], _atx_level(first), _atx_text(first) or "", False)
            if state == "looselist":  # HashHeaderProcessor takes an indentation level off what follows (#1443)
                block = block[:1] + [(i, text[_TAB:] if text.startswith("    ") else text) for i, text in block[1:]]
                finder = None
        elif kind == "setext":
            heading(block[0][0], 1 if block[1][1].startswith("=") else 2, first.strip(), True)
            rest = 2
        elif kind == "quote":
            _walk([(i, _unquote(text)) for i, text in block], depth + 1, result, note)
            rest = len(block)
        elif kind == "list":
            for number, (content, nested) in enumerate(_list_items(block, result.breaks)):
                if not any(_opens_block(text) for _, text in content):
                    inner = "para"
                    continue
                # the first item of a list going on after a blank line is read "loose"
                mode = "detabbed" if nested else "looselist" if number == 0 and previous == "list" else "list"
                inner = _walk(content, depth + 1, result, note, "", mode, item=True)
            rest = len(block)
        elif kind == "table":  # its rows' cells may carry {#id}s (see inline_rules)
            result.table_rows.update(i for position, (i, _) in enumerate(block) if position != 1)
            rest = len(block)
        elif kind == "def":  # Python-Markdown's ReferenceProcessor takes the definition, its URL and title lines
            found = REF_DEF.match("\n".join(text for _, text in block[:3]))
            if found is not None:
                rest = found[0].count("\n") + 1
                if depth:  # the inline pass finds only those written at a line's start
                    where = block[found[0][: found.start(2)].count("\n")][0]
                    result.definitions.append((where, found[1], found[2]))
        elif kind == "para":
            rest = len(block)
        if rest < len(block):
            push(block[rest:], finder, base + rest)
        if kind != "def":  # a reference definition leaves no element: the one before stays the last
            previous = "para" if kind in ("atx", "setext", "rule", "table") else kind
            if previous not in ("box", "list", "footnote"):
                inner = ""
        if previous != "footnote":
            current = note
    return before_note if previous == "footnote" else _chain(previous, inner)


def _unfence(block: list[tuple[int, str]], result: BlockPass) -> list[tuple[int, str]]:
    """``block`` with each fenced code block's row replaced by its lines, no longer fenced (what
    SuperFencesCodeBlockProcessor.revert_greedy_fences does to a fence inside an indented code block)."""
    out: list[tuple[int, str]] = []
    for i, text in block:
        if not text.endswith(_FENCE_ROW):
            out.append((i, text))
            continue
        first = result.lines[i].expandtabs(_TAB)
        cut = len(first) - len(first.lstrip(_PREFIX)) - (len(text) - 1)  # what the containers took off the row
        end = i
        while end < len(result.fenced) and result.fenced[end]:
            result.fenced[end] = result.code[end] = False
            line = result.lines[end].expandtabs(_TAB)
            out.append((end, line[cut:] if not line[:cut].strip(" >") else line.lstrip(" >")))
            end += 1
    return out


def _box_goes_on(blocks: deque[list[tuple[int, str]]], block: list[tuple[int, str]], depth: int, result: BlockPass,
                 note: str | None, inner: str, state: str) -> str:
    """An indented block going on with an admonition or details block (``inner``: the chain of its last
    element), as their parse_content reads it: into the last item of a list it ends with when indented four
    more spaces per list, the lines indented that much with those spaces off, the first line indented less
    and what follows left for the blocks after. Returns the admonition's new inner chain."""
    parts = inner.split(">")
    down = 0
    while down < len(parts) and parts[down] == "list" and block[0][1].startswith(" " * (_TAB * (down + 2))):
        down += 1
    width = _TAB * (down + 1)
    taken = next((k for k, (_, text) in enumerate(block) if not text.startswith(" " * width)), len(block))
    if taken < len(block):
        blocks.appendleft(block[taken:])
    content = [(i, text[width:]) for i, text in block[:taken]]
    walked = _walk(content, depth + 1, result, note, ">".join(parts[down:]), state, item=down > 0)
    return ">".join([*parts[:down], walked])


def _chain(kind: str, inner: str) -> str:
    """The chain of an element: its kind, and for a list or an admonition what its last element is."""
    return f"{kind}>{inner}" if inner and kind in ("list", "box") else kind


def _list_indent(block: list[tuple[int, str]], depth: int, result: BlockPass, note: str | None, chain: str,
                 level: int) -> tuple[str, str]:
    """An indented block going on with a list item, as ListIndentProcessor reads it: down one list per four
    spaces of indentation (``chain`` tells what lists the last element ends with), those spaces taken off
    the lines that have them, the rest parsed in that item. Returns the new (last element, inner chain)."""
    first = block[0][1]
    indent = (len(first) - len(first.lstrip(" "))) // _TAB
    parts = chain.split(">")
    down = 0
    while level < indent and down < len(parts) and parts[down] == "list":
        level += 1
        down += 1
    width = _TAB * level
    content = [(i, text[width:] if text.startswith(" " * width) else text) for i, text in block]
    walked = _walk(content, depth + 1, result, note, ">".join(parts[down:]), "detabbed", item=True)
    kind, _, inner = ">".join([*parts[:down], walked]).partition(">")
    return kind, inner


def _opens_block(text: str) -> bool:
    """Whether a line (an item's or a footnote's text) may start something else than a paragraph."""
    return text.lstrip(" ")[:1] in _CUTTERS or _LIST_ITEM.match(text) is not None


def _plain_list(block: list[tuple[int, str]]) -> bool:
    """A list block whose every line is an item of plain text (nothing inside to look into)."""
    for _, text in block:
        item = _LIST_ITEM.match(text)
        if item is None or _opens_block(text[item.end():]) or _RULE.match(text):
            return False
    return True


def _list_items(block: list[tuple[int, str]], breaks: set[int]) -> list[tuple[list[tuple[int, str]], bool]]:
    """The content of each item of a list block (its text after the marker, then its other lines), and
    whether it is a list nested in the item before.

    Any marker starts an item (``1.`` in a bulleted list too). An item marked 4 to 7 spaces in belongs to a list
    nested in the item before: it comes out as that nested list, its lines one indentation level less.
    """
    items: list[list[tuple[int, str]]] = []
    nested = False  # whether the last item is such a nested one
    for i, text in block:
        item = _LIST_ITEM.match(text)
        if item or not items:
            breaks.add(i)
            items.append([(i, text[item.end():] if item else text)])
            nested = False
        elif _NESTED_ITEM.match(text) and not nested:
            breaks.add(i)
            items.append([(i, text)])
            nested = True
        else:
            items[-1].append((i, text))
    return [([(i, text[_TAB:] if text.startswith("    ") else text) for i, text in content], True)
            if content[0][1].startswith("    ") else (content, False) for content in items]


def _block_kind(block: list[tuple[int, str]], finder: _Finder, base: int) -> tuple[str, int]:
    """What a block starts with, or where it must be cut first: (kind, 0) or (kind, position > 0).

    ``block`` is rows ``base`` on of ``finder``'s rows: each kind is looked for once over them, however
    often the block is cut.
    """
    first = block[0][1]
    if len(block) == 1:  # most blocks: one paragraph line, or a heading
        lead = first.lstrip(" ")[:1]
        if lead not in _CUTTERS and lead not in "+0123456789":
            return "para", 0
        if lead == "#" and _atx_text(first) is not None:
            return "atx", 0
        if lead not in _CUTTERS:
            return ("list", 0) if _LIST_ITEM.match(first) else ("para", 0)
    end = base + len(block)

    def find(kind: str) -> int:
        position = finder.first(kind, base)
        return position - base if position < end else -1

    admonition = find("box")
    if admonition >= 0:
        return "box", admonition
    if _is_table(block):
        return "table", 0
    atx = find("atx")
    if atx >= 0:
        return "atx", atx
    if len(block) > 1 and not first.endswith(_FENCE_ROW) and _SETEXT_LINE.match(block[1][1]):
        return "setext", 0
    rule = find("rule")
    if rule >= 0:
        return "rule", rule
    if _LIST_ITEM.match(first):
        return "list", 0
    for kind in ("quote", "footnote", "def"):  # a reference definition leaves no element
        position = find(kind)
        if position >= 0:
            return kind, position
    return "para", 0


_KIND_TESTS: dict[str, Callable[[str], object]] = {  # what Python-Markdown looks for anywhere in a block
    "box": lambda text: _is_admonition(text),
    "atx": lambda text: text[:1] == "#" and _is_atx(text),
    "rule": lambda text: text.lstrip(" ")[:1] in "-_*" and _RULE.match(text),
    "quote": lambda text: text.lstrip(" ")[:1] == ">" and _QUOTE.match(text),
    "footnote": lambda text: text.lstrip(" ")[:1] == "[" and _FOOTNOTE_START.match(text),
    "def": lambda text: text.lstrip(" ")[:1] == "[" and REF_DEF.match(text) and not text.lstrip(" ").startswith("[^"),
}


class _Finder:
    """Where the next row of each kind is in a block's rows, each row tested once per kind (memoized)."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.rows = rows
        self.memo: dict[str, tuple[int, int]] = {}  # kind -> (searched from, first found there or len(rows))

    def first(self, kind: str, start: int) -> int:
        """The first row at ``start`` or after that is of ``kind``; ``len(rows)`` when there is none."""
        memo = self.memo.get(kind)
        if memo is not None and memo[0] <= start <= memo[1]:
            return memo[1]
        test, rows = _KIND_TESTS[kind], self.rows
        position = start
        while position < len(rows) and not test(rows[position][1]):
            position += 1
        self.memo[kind] = (start, position)
        return position


def _is_admonition(text: str) -> bool:
    return text[:1] in "!?" and any(start.match(text) for start in _BOX_STARTS)


def _is_atx(text: str) -> bool:
    return _atx_text(text) is not None


def _atx_text(line: str) -> str | None:
    """An ATX heading's text as Python-Markdown's HashHeaderProcessor cuts it, or None.

    Up to six ``#`` open it; closing ``#`` are dropped unless escaped; a line ending in a lone
    backslash is no heading. (String operations: its regular expression is slow on every line of a page.)
    """
    if not line.startswith("#"):
        return None
    text = line[min(6, len(line) - len(line.lstrip("#"))):]
    if text.endswith("\\") and (len(text) - len(text.rstrip("\\"))) % 2:
        return None
    stripped = text.rstrip("#")
    if len(stripped) < len(text) and stripped.endswith("\\") and (len(stripped) - len(stripped.rstrip("\\"))) % 2:
        stripped += "#"
    return stripped.strip()


def _atx_level(line: str) -> int:
    return min(6, len(line) - len(line.lstrip("#")))


def _is_table(block: list[tuple[int, str]]) -> bool:
    """A table, as the tables extension's own test decides (a header row over a matching rule row)."""
    return len(block) > 1 and "|" in block[0][1] and _tables().test(None, "\n".join(text for _, text in block))


def table_cells(row: str) -> list[str]:
    """The cells of a table row, split as the tables extension splits them (code spans and ``\\|`` kept)."""
    row = row.strip(" ")
    tables = _tables()
    return tables._split(tables.RE_END_BORDER.sub("", row[1:] if row.startswith("|") else row))


@functools.cache
def _tables():  # -> markdown.extensions.tables.TableProcessor
    return markdown.Markdown(extensions=["tables"]).parser.blockprocessors["table"]


def _unquote(text: str) -> str:
    match = _QUOTE.match(text)
    if match is None:
        return text
    return "" if text.strip() == ">" else match[1]


