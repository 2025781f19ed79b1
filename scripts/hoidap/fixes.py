"""--fix: rewrite only what is certain (NFC, invisible characters, legacy fonts, tone style,
question labels, resolution numbers), report every change, and replace the file atomically."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from hoidap import legacy, tones
from hoidap.blocks import Blocks, outside_code_spans
from hoidap.booklet import Document
from hoidap.checks import INVISIBLE_RE, RESOLUTION_NUMBER, canonical_number
from hoidap.findings import Finding
from hoidap.labels import relabel
from hoidap.schema import QUESTION_LABELS

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def fix_text(text: str, document: Document | None, path: str, tone_style: str | None) -> tuple[str, list[Finding]]:
    """The fixed text and one finding per changed line (severity 'warning', message 'đã sửa …')."""
    chunks = _LINE.findall(text)
    bodies = [chunk.rstrip("\r\n") for chunk in chunks]
    ends = [chunk[len(body):] for chunk, body in zip(chunks, bodies, strict=True)]
    in_code = [False] * (document.body_line - 1) + document.blocks.code if document is not None \
        else Blocks(bodies).code
    target = tone_style or _dominant_style(bodies, in_code)
    question_lines = {}
    if document is not None and document.booklet is not None:
        for question in document.booklet.questions:
            if not question.label.canonical:
                english = question.label.label.lower() == "question"
                question_lines[question.heading.line] = QUESTION_LABELS["en" if english else "vi"]
    changes = []
    for index, line in enumerate(bodies):
        number = index + 1
        fixed = unicodedata.normalize("NFC", INVISIBLE_RE.sub("", line))
        if fixed != line:
            changes.append(_change(path, number, "unicode", line, fixed))
        if not in_code[index]:
            step = outside_code_spans(fixed, legacy.convert_legacy)
            if step != fixed:
                changes.append(_change(path, number, "legacy-encoding", fixed, step))
            fixed = step
            if target:
                step = outside_code_spans(fixed, lambda part: tones.to_style(part, target))
                if step != fixed:
                    changes.append(_change(path, number, "tone-style", fixed, step))
                fixed = step
            step = outside_code_spans(fixed, lambda part: RESOLUTION_NUMBER.sub(canonical_number, part))
            if step != fixed:
                changes.append(_change(path, number, "resolution-number", fixed, step))
            fixed = step
            if number in question_lines:
                label = question_lines[number]
                step = relabel(fixed, label)
                if step != fixed:
                    changes.append(_change(path, number, "numbering", fixed, step))
                fixed = step
        bodies[index] = fixed
    return "".join(body + end for body, end in zip(bodies, ends, strict=True)), changes


def _dominant_style(lines: list[str], in_code: list[bool]) -> str | None:
    counts = Counter(span.style for index, line in enumerate(lines) if not in_code[index]
                     for span in tones.find_tones(line))
    return counts.most_common(1)[0][0] if len(counts) > 1 else None


def _change(path: str, line: int, code: str, before: str, after: str) -> Finding:
    return Finding(path, line, code, "warning", f"đã sửa: «{before.strip()}» → «{after.strip()}»")


def write_atomically(path: Path, data: bytes, *, new: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step: a crash leaves the old file or the new one, never half.

    A file that does not exist yet is created readable by all (0644); with ``new`` it must not exist
    (``FileExistsError`` otherwise, even if another program creates it meanwhile).
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 if new or not path.exists() else path.stat().st_mode & 0o7777)
        if new:
            _link_new(temporary, path)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _link_new(temporary: str, path: Path) -> None:
    """Give ``temporary`` the name ``path`` unless ``path`` exists (checked by the link itself where it can be)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links (FAT, some network shares): check, then rename
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)
