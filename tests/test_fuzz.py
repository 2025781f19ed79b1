"""Fuzzing: no input, however broken, makes the parser fail with anything but a BookletError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import parse_file
from hoidap.model.booklet import parse
from hoidap.model.findings import BookletError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")
FRAGMENTS = st.sampled_from(
    ["---\n", "title: x\n", "resolution:\n", "  issued: 2022-06-16\n", "  number: 1\n", "\t", ": ", "\"",
     "## Câu 1. Hỏi?\n", "### Câu hỏi 2: x\n", "```\n", "~~~\n", "=====\n", "-----\n", "{#id}", "&a", "*b",
     "level: [x]\n", "tags: {a: 1}\n", "updated: 2022-02-30\n", "\ufeff", "\x00", "\r\n", "Đ", "ᾱ"]
)


def check(text_or_path) -> None:
    try:
        booklet = parse_file(text_or_path, "fuzz.md") if isinstance(text_or_path, Path) else parse(
            text_or_path, "fuzz.md")
    except BookletError as error:
        assert error.findings, "an error always carries at least one finding"
        for finding in error.findings:
            assert finding.line >= 1 and finding.message
        return
    if booklet is not None:
        assert all(q.number >= 0 for q in booklet.questions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.md"
        path.write_bytes(data)
        check(path)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1000))
def test_arbitrary_text(text):
    check(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40))
def test_booklet_shaped_text(fragments):
    check("".join(fragments))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(FULL)), st.integers(0, 40), st.text(max_size=20))
def test_mutated_booklet(position, cut, insert):
    check(FULL[:position] + insert + FULL[position + cut:])
