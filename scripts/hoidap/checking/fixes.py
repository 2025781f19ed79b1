"""--fix: rewrite only what is certain (legacy fonts and mis-read UTF-8, NFC, invisible characters, tone style,
question labels, resolution numbers), verify every rewrite, and report every change.

Order matters: legacy text is decoded first, before any character is removed (the soft hyphen U+00AD is the
TCVN3 "ư"). Only prose changes (:mod:`hoidap.checking.prose_mask`): code, link targets, addresses and HTML markup
stay as
written. A rewritten line must check clean of what was fixed and hold no word still in a legacy font, otherwise it
is left as it was and reported. :func:`fix_document` repeats until nothing changes, so a second run changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from hoidap.checking.checks import INVISIBLE_RE, RESOLUTION_NUMBER, Prose, canonical_number
from hoidap.checking.prose_mask import blank_non_prose, in_prose
from hoidap.model.blocks import Blocks
from hoidap.model.booklet import Document, read_document
from hoidap.model.findings import BookletError, Finding
from hoidap.model.labels import relabel
from hoidap.model.schema import QUESTION_LABELS
from hoidap.vietnamese import legacy, tones

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_ROUNDS = 5  # a fix can make another one possible (a label decoded from TCVN3 becomes a question): repeat


@dataclass
class FixResult:
    """The fixed text, one warning per change made, and one error per line left as it was."""

    text: str
    changes: list[Finding] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)


def fix_document(text: str, path: str, tone_style: str | None) -> FixResult:
    """Fix ``text`` (a whole Markdown file, without BOM) until nothing changes any more."""
    result = FixResult(text)
    refused: dict[int, Finding] = {}
    for _ in range(_ROUNDS):  # each round reads the text afresh, so the last one is what a second run would do
        fixed, changes, refusals = fix_text(result.text, _read(result.text, path), path, tone_style)
        refused = {finding.line: finding for finding in refusals}
        if fixed == result.text:
            break
        result.text = fixed
        result.changes += changes
    else:  # still changing: put the lines that keep changing back as they were
        before, after = _split(result.text)[0], _split(fixed)[0]
        original = _split(text)[0]
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                before[index] = original[index]
                refused[index + 1] = Finding(path, index + 1, "unicode", "error", (
                    "--fix không sửa dòng này vì các cách sửa không ổn định; hãy sửa tay rồi chạy lại."))
        ends = _split(result.text)[1]
        result.text = "".join(body + end for body, end in zip(before, ends, strict=True))
    result.refused = sorted(refused.values())
    return result


def _read(text: str, path: str) -> Document | None:
    try:
        return read_document(text, path)
    except BookletError:
        return None


def _split(text: str) -> tuple[list[str], list[str]]:
    """Lines without their endings, and the endings."""
    chunks = _LINE.findall(text)
    bodies = [chunk.rstrip("\r\n") for chunk in chunks]
    return bodies, [chunk[len(body):] for chunk, body in zip(chunks, bodies, strict=True)]


def fix_text(text: str, document: Document | None, path: str,
             tone_style: str | None) -> tuple[str, list[Finding], list[Finding]]:
    """One pass over ``text``: the fixed text, one warning per change ('đã sửa …'), one error per line left as
    it was because its fix did not verify."""
    bodies, ends = _split(text)
    if document is not None:
        in_code = [False] * (document.body_line - 1) + document.blocks.code
    else:  # front matter unreadable: the whole text is read as a body
        in_code = Blocks.bounded(bodies).code
    in_code += [False] * (len(bodies) - len(in_code))
    normal = [line if in_code[i] else unicodedata.normalize("NFC", line) for i, line in enumerate(bodies)]
    edits = _legacy_edits(normal, in_code)
    decoded = [legacy.apply_edits(line, edits[index]) if index in edits else line
               for index, line in enumerate(normal)]
    target = tone_style or _dominant_style(decoded, in_code)  # the style of the text as it will read
    question_lines = {}
    if document is not None and document.booklet is not None:
        for question in document.booklet.questions:
            if not question.label.canonical:
                english = question.label.label.lower() == "question"
                question_lines[question.heading.line] = QUESTION_LABELS["en" if english else "vi"]
    changes, refusals = [], []
    for index, line in enumerate(bodies):
        number = index + 1
        steps = _Steps(path, number, line)
        steps.run("unicode", normal[index], _is_nfc)
        if not in_code[index]:
            steps.run("legacy-encoding", decoded[index], _legacy_clean)
        # Nothing is removed from a line that still holds legacy text: its U+00AD may be a TCVN3 "ư".
        left = legacy.leftover_words(steps.current if in_code[index] else blank_non_prose(steps.current))
        if left:
            steps.refuse("legacy-encoding", (
                "còn chữ gõ bằng phông cũ hoặc lỗi bảng mã mà --fix không chuyển chắc chắn được "
                f"({', '.join(repr(word) for word in left[:3])}); --fix để nguyên cả dòng. "
                "Gõ lại các chữ này bằng bộ gõ Unicode."))
        steps.run("unicode", unicodedata.normalize("NFC", INVISIBLE_RE.sub("", steps.current)), _unicode_clean)
        if not in_code[index]:
            if target:
                steps.run("tone-style", in_prose(steps.current, lambda part: tones.to_style(part, target)),
                          lambda line: _style_clean(line, target))
            steps.run("resolution-number", in_prose(steps.current, _canonical_numbers), _numbers_clean)
            if number in question_lines:
                label = question_lines[number]
                step = relabel(steps.current, label)
                steps.run("numbering", step, lambda line, label=label: _label_clean(line, label))
        if steps.refusal is not None:
            if steps.current != line:
                refusals.append(steps.refusal)
            continue
        changes += steps.changes
        bodies[index] = steps.current
    return "".join(body + end for body, end in zip(bodies, ends, strict=True)), changes, refusals


class _Steps:
    """The rewrites of one line, each verified. A rewrite that fails to verify, or legacy text left in the line,
    makes the line a refusal: it stays as it was, reported with the first reason, if anything was to change."""

    def __init__(self, path: str, number: int, line: str) -> None:
        self.path, self.number, self.current = path, number, line
        self.changes: list[Finding] = []
        self.refusal: Finding | None = None

    def run(self, code: str, fixed: str, clean: Callable[[str], bool]) -> None:
        if fixed == self.current:
            return
        if not clean(fixed):
            self.refuse(code, f"sau khi sửa, dòng này vẫn còn lỗi {code}; --fix để nguyên dòng, hãy sửa tay.")
            return
        self.changes.append(_change(self.path, self.number, code, self.current, fixed))
        self.current = fixed

    def refuse(self, code: str, message: str) -> None:
        if self.refusal is None:
            self.refusal = Finding(self.path, self.number, code, "error", f"không tự sửa được: {message}")


def _legacy_edits(lines: list[str], in_code: list[bool]) -> dict[int, list[tuple[int, int, str]]]:
    """Legacy runs found in the prose of the whole file (runs may span the lines of a paragraph), as edits by
    line index with columns in the line."""
    prose = Prose([(index, blank_non_prose(line)) for index, line in enumerate(lines) if not in_code[index]])
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for span in legacy.find_legacy(prose.text):
        for start, end, replacement in span.edits:
            row = bisect_right(prose.starts, start) - 1
            index, column = prose.numbers[row], start - prose.starts[row]
            edits.setdefault(index, []).append((column, column + end - start, replacement))
    return edits


def _is_nfc(line: str) -> bool:
    return unicodedata.is_normalized("NFC", line)


def _unicode_clean(line: str) -> bool:
    return unicodedata.is_normalized("NFC", line) and INVISIBLE_RE.search(line) is None


def _legacy_clean(line: str) -> bool:
    """No run left that --fix could decode (runs it cannot decode are left-over words, reported as such)."""
    return not [span for span in legacy.find_legacy(blank_non_prose(line)) if span.certain]


def _style_clean(line: str, target: str) -> bool:
    return all(span.style == target for span in tones.find_tones(blank_non_prose(line)))


def _canonical_numbers(part: str) -> str:
    return RESOLUTION_NUMBER.sub(canonical_number, part)


def _numbers_clean(line: str) -> bool:
    return all(match.group(0) == canonical_number(match) for match in RESOLUTION_NUMBER.finditer(
        blank_non_prose(line)))


def _label_clean(line: str, label: str) -> bool:
    """The line's first question label is ``label N.``: relabelling it again changes nothing."""
    return f"{label} " in line and relabel(line, label) == line


def _dominant_style(lines: list[str], in_code: list[bool]) -> str | None:
    counts = Counter(span.style for index, line in enumerate(lines) if not in_code[index]
                     for span in tones.find_tones(blank_non_prose(line)))
    return counts.most_common(1)[0][0] if len(counts) > 1 else None


def _change(path: str, line: int, code: str, before: str, after: str) -> Finding:
    return Finding(path, line, code, "warning", f"đã sửa: «{before.strip()}» → «{after.strip()}»")
