"""How deeply a page nests, measured before Python-Markdown runs.

Python-Markdown parses each level of a nested list, quote, admonition, details block, footnote or
``<div markdown>`` one level of recursion deeper, and each level of emphasis or brackets likewise: a page
nested a few hundred levels deep exhausts Python's stack, and a list nested a few thousand levels deep
takes hours. Booklets nest three or four levels; the limits here are far above that and far below where
Python-Markdown suffers. Both measures over-estimate rather than miss (every four columns of indentation
count as a level), and both run in one pass over the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hoidap.model.findings import Finding

MAX_BLOCKS = 20  # lists, quotes, admonitions, details, footnotes and HTML blocks inside one another
MAX_INLINE = 20  # emphasis and square brackets inside one another
_TAB = 4
_MARKERS = frozenset(" \t>-*+0123456789")   # what a line that opens a container starts with
_RULE_CHARS = "-*_ \t"                      # a line made of these only is a rule or a setext line
# HTML elements that nest as blocks (md_in_html parses them one level deeper) and always have an end tag.
_CONTAINERS = frozenset((
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "div", "dl", "fieldset",
    "figure", "footer", "form", "header", "hgroup", "main", "menu", "nav", "ol", "section", "table", "ul",
))
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]]")  # where inline Markdown may open or close something
_OPENERS = re.compile(r"[*_\[]")
_BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
_TICKS = re.compile(r"`+")
_RUN = re.compile(r"\*+|_+")


@dataclass(frozen=True)
class Depth:
    """The deepest point of a page: how deep, and the 1-based file line where it is."""

    depth: int
    line: int


def nesting_findings(path: str, lines: list[str], first_line: int, fenced: list[bool]) -> list[Finding]:
    """Findings (code ``nesting``) for the first place the body ``lines`` nest deeper than a limit (``fenced``:
    which lines are fenced code: :func:`hoidap.model.blocks.fenced_lines`)."""
    findings = []
    blocks = block_depth(lines, first_line, fenced)
    if blocks.depth > MAX_BLOCKS:
        findings.append(Finding(path, blocks.line, "nesting", "error", (
            f"nội dung lồng nhau {blocks.depth} tầng (danh sách trong danh sách, trích dẫn '>', khung '!!!' hay "
            f"'???', thẻ HTML như <div>…), quá giới hạn {MAX_BLOCKS} tầng: trang sẽ không dựng được. Viết lại "
            "cho phẳng hơn (tách thành nhiều danh sách hoặc nhiều đoạn, bớt thụt lề); thẻ HTML nào mở thì đóng lại.")))
    inline = inline_depth(lines, first_line, fenced)
    if inline.depth > MAX_INLINE:
        findings.append(Finding(path, inline.line, "nesting", "error", (
            f"chữ đậm, chữ nghiêng ('*', '_') và ngoặc vuông '[' lồng nhau {inline.depth} tầng, quá giới hạn "
            f"{MAX_INLINE} tầng: trang sẽ không dựng được. Bỏ các dấu '*', '_', '[' thừa, hoặc đặt dấu '\\' trước "
            "dấu muốn giữ nguyên (ví dụ '\\*').")))
    return findings


def block_depth(lines: list[str], first_line: int, fenced: list[bool]) -> Depth:
    """The deepest nesting of containers on any line outside fenced code: container markers and every
    four columns of indentation before the text, plus the block HTML elements still open."""
    open_tags: list[str] = []
    deepest = Depth(0, first_line)
    for index, line in enumerate(lines):
        if fenced[index] or not line:
            continue
        prefix = _prefix_depth(line) if line[0] in _MARKERS else 0
        html = _html_depth(_without_code(line), open_tags) if "<" in line else len(open_tags)
        if prefix + html > deepest.depth:
            deepest = Depth(prefix + html, first_line + index)
            if deepest.depth > MAX_BLOCKS:
                break  # the first line over the limit is the one to tell; it also keeps open_tags short
    return deepest


def _prefix_depth(line: str) -> int:
    """Levels a line's start opens: each ``>``, each list marker, each four columns of indentation."""
    if not line.strip(_RULE_CHARS):
        return 0  # a rule (``- - -``) or a setext underline, not lists
    depth = width = 0
    index, size = 0, len(line)
    while index < size:
        char = line[index]
        if char == " ":
            width += 1
        elif char == "\t":
            width += _TAB - width % _TAB
        else:
            depth += width // _TAB
            width = 0
            if char == ">" or (char in "-*+" and line[index + 1: index + 2] in (" ", "\t")):
                pass  # a quote, a bullet
            elif char.isdigit():
                end = index
                while end < size and line[end].isdigit():
                    end += 1
                if line[end: end + 1] not in (".", ")") or line[end + 1: end + 2] not in (" ", "\t"):
                    break
                index = end
            else:
                break
            depth += 1
        index += 1
    return depth


def _html_depth(line: str, open_tags: list[str]) -> int:
    """Read the block HTML tags of one line into ``open_tags``; the most that were open at once."""
    deepest = len(open_tags)
    size = len(line)
    start = line.find("<")
    while start >= 0:
        closing = line.startswith("</", start)
        name_start = start + 2 if closing else start + 1
        end = name_start
        while end < size and (line[end].isalnum() or line[end] == "-") and end - name_start < 12:
            end += 1
        name = line[name_start:end].lower()
        if name not in _CONTAINERS or (end < size and line[end] not in " \t\n/>"):
            start = line.find("<", start + 1)
            continue
        close = line.find(">", end)
        if closing:
            if name in open_tags:  # an end tag closes its element and any left open inside it
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
        elif close < 0 or line[close - 1] != "/":  # a tag going on past the line is still an opening tag
            open_tags.append(name)
            deepest = max(deepest, len(open_tags))
        if close < 0:
            break
        start = line.find("<", end)
    return deepest


def _without_code(text: str) -> str:
    """``text`` with its code spans and backslash escapes blanked (same length), in one pass: a run of
    backticks pairs with the next run of the same length, as Python-Markdown pairs them."""
    if "`" not in text and "\\" not in text:
        return text
    out = list(text)
    for start, end in _code_spans(text):
        out[start:end] = " " * (end - start)
    index = text.find("\\")
    while index >= 0:
        out[index: index + 2] = "  "[: len(out[index: index + 2])]
        index = text.find("\\", index + 2)
    return "".join(out)


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each code span: an opening run of backticks and the next run exactly as long."""
    runs = [(match.start(), match.end()) for match in _TICKS.finditer(text)]
    partner = [-1] * len(runs)
    later: dict[int, int] = {}  # run length → index of the nearest run of that length after this one
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        partner[index] = later.get(length, -1)
        later[length] = index
    index = 0
    while index < len(runs):
        if partner[index] < 0:
            index += 1
            continue
        yield runs[index][0], runs[partner[index]][1]
        index = partner[index] + 1


def inline_depth(lines: list[str], first_line: int, fenced: list[bool]) -> Depth:
    """The deepest nesting of emphasis and square brackets in any paragraph (text between blank lines,
    fenced code, code spans and escapes left out): openers and closers paired as a stack pairs them,
    then the most pairs around one point. Only paragraphs holding ``*``, ``_`` or ``[`` are read."""
    text = "\n".join("" if fenced[index] else line for index, line in enumerate(lines)) if any(fenced) \
        else "\n".join(lines)
    if "*" not in text and "_" not in text and "[" not in text:
        return Depth(0, first_line)
    text = _BLANK_LINE.sub("", text)  # blank lines hold nothing: paragraphs end at "\n\n"
    best = best_at = position = 0
    while (special := _OPENERS.search(text, position)) is not None:
        start = text.rfind("\n\n", position, special.start())  # the previous paragraph ended at position
        start = 0 if start < 0 else start + 2
        end = text.find("\n\n", special.start())
        end = len(text) if end < 0 else end
        found = _paragraph_depth(text[start:end])
        if found.depth > best:
            best, best_at = found.depth, start + found.line
        position = end
    return Depth(best, first_line + text.count("\n", 0, best_at))


def _paragraph_depth(text: str) -> Depth:
    """Depth and offset (``line`` holds the character offset) of the deepest point of one paragraph."""
    if not any(char in text for char in "*_["):
        return Depth(0, 0)
    skip = dict(_code_spans(text)) if "`" in text else {}
    stacks: dict[str, list[tuple[int, int]]] = {"*": [], "_": [], "[": []}
    events: list[tuple[int, int]] = []  # (offset, +weight at an opener / -weight after a closer)
    position = 0
    while True:
        match = _INLINE_SPECIAL.search(text, position)
        if match is None:
            break
        at = match.start()
        char = text[at]
        if char == "\\":
            position = at + 2
        elif char == "`":
            run = _TICKS.match(text, at)
            assert run is not None
            position = skip.get(at, run.end())
        elif char in "[]":
            position = at + 1
            if char == "[":
                stacks["["].append((at, 1))
            elif stacks["["]:
                opened, _ = stacks["["].pop()
                events += [(opened, 1), (at + 1, -1)]
        else:
            run = _RUN.match(text, at)
            assert run is not None
            position = run.end()
            before, after = text[at - 1: at], text[position: position + 1]
            can_open, can_close = bool(after.strip()), bool(before.strip())
            if char == "_":
                can_open = can_open and not before.isalnum()
                can_close = can_close and not after.isalnum()
            stack = stacks[char]
            if can_close and stack:
                opened, length = stack.pop()
                weight = (min(length, position - at) + 1) // 2
                events += [(opened, weight), (position, -weight)]
            elif can_open:
                stack.append((at, position - at))
    events.sort(key=lambda event: (event[0], event[1]))  # at one offset, closers before openers
    depth = best = best_at = 0
    for offset, weight in events:
        depth += weight
        if depth > best:
            best, best_at = depth, offset
    return Depth(best, best_at)
