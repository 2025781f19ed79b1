"""Where a Markdown body holds code: fenced blocks and inline code spans, which no check reads as prose."""

from __future__ import annotations

import re

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def code_mask(lines: list[str]) -> list[bool]:
    """For each line, True when it belongs to a fenced code block (its fence lines included).

    Fences may be indented (inside lists and admonitions, as pymdownx.superfences allows); a
    block closes at a fence of the same character at least as long. A fence never closed is no fence,
    as for pymdownx.superfences: the lines after it stay prose (and their headings stay headings).
    """
    mask = [False] * len(lines)
    fence = ""
    opened = 0
    for index, line in enumerate(lines):
        if "`" not in line and "~" not in line and not fence:
            continue
        opener = _FENCE.match(line)
        if fence:
            mask[index] = True
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence) \
                    and not line[opener.end():].strip():
                fence = ""
        elif opener and (opener.group(1)[0] == "~" or "`" not in line[opener.end():]):
            fence = opener.group(1)
            opened = index
            mask[index] = True
    if fence:
        mask[opened:] = [False] * (len(lines) - opened)
    return mask


def code_span_ranges(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span of ``line``, backticks included."""
    if "`" not in line:
        return []
    return [match.span() for match in _CODE_SPAN.finditer(line)]


def blank_code_spans(line: str) -> str:
    """``line`` with each inline code span replaced by spaces, so columns stay where they were."""
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)


def prose(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """``(file line, text)`` for every line outside fenced code, inline code blanked out."""
    mask = code_mask(lines)
    return [(first_line + index, blank_code_spans(line)) for index, line in enumerate(lines) if not mask[index]]


def outside_code_spans(line: str, change) -> str:
    """Apply ``change`` to the parts of ``line`` outside inline code spans; spans stay as written."""
    if "`" not in line:
        return change(line)
    out, position = [], 0
    for match in _CODE_SPAN.finditer(line):
        out.append(change(line[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(change(line[position:]))
    return "".join(out)
