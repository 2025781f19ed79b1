"""hoidap.files: a file is replaced whole or not at all, and a failed write leaves no temporary file behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hoidap import files
from hypothesis import given, settings
from hypothesis import strategies as st


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@settings(max_examples=60, deadline=None)
@given(old=st.binary(max_size=2000), new=st.binary(max_size=2000), durable=st.booleans())
def test_the_new_content_replaces_the_old_and_nothing_else_is_left(tmp_path_factory, old, new, durable):
    folder = tmp_path_factory.mktemp("w")
    target = folder / "tệp.json"
    target.write_bytes(old)
    files.write_atomically(target, new, durable=durable)
    assert target.read_bytes() == new and _names(folder) == ["tệp.json"]
    files.write_atomically(target, new, durable=durable)  # idempotent
    assert target.read_bytes() == new and _names(folder) == ["tệp.json"]


def test_modes_a_new_file_is_readable_by_all_an_old_one_keeps_its_own_and_a_given_one_wins(tmp_path):
    fresh, kept, given_mode = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    files.write_atomically(fresh, b"a")
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    files.write_atomically(kept, b"b")
    files.write_atomically(given_mode, b"c", mode=0o600)
    assert [stat.S_IMODE(path.stat().st_mode) for path in (fresh, kept, given_mode)] == [0o644, 0o640, 0o600]


def test_new_never_overwrites_a_file_that_exists(tmp_path):
    target = tmp_path / "cau-hoi.md"
    target.write_text("của tác giả", encoding="utf-8")
    with pytest.raises(FileExistsError):
        files.write_atomically(target, b"new", new=True)
    assert target.read_text(encoding="utf-8") == "của tác giả" and _names(tmp_path) == ["cau-hoi.md"]


@pytest.mark.parametrize("failing", ["fsync", "chmod", "replace"])
def test_a_failure_at_any_step_keeps_the_old_file_and_leaves_no_temporary_one(tmp_path, monkeypatch, failing):
    """Fault injection at each system call after the temporary file exists."""
    target = tmp_path / "bo-nho-dem.json"
    target.write_bytes(b"old")

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError):
        files.write_atomically(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["bo-nho-dem.json"]
