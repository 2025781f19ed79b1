"""Booklet pages converted beside the build (hoidap.site.convert_ahead): the same site, the same messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project
from hoidap.publishing import workspace
from hoidap.site import convert_ahead
from hypothesis import given, settings
from hypothesis import strategies as st

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
needs_two_cores = pytest.mark.skipif(CORES < 2, reason="pages convert beside the build only on two cores or more")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 50_000), max_size=30), st.integers(1, 8))
def test_the_processes_take_the_last_pages_and_about_an_equal_share_each(sizes, cpus):
    texts = [(f"p{n}.md", size) for n, size in enumerate(sizes)]
    shares = convert_ahead.share(texts, cpus)
    taken = [source for sources in shares for source in sources]
    assert taken == [source for source, _ in texts[len(texts) - len(taken):]]  # the last ones, in order
    assert len(shares) <= min(cpus - 1, convert_ahead.MAX_PROCESSES) and all(shares)
    if cpus == 1 or len(texts) < 2:
        assert shares == []
    total, largest = sum(sizes), max(sizes, default=0)
    for sources in shares:  # each process: at most its share, and the page that starts inside it
        assert sum(dict(texts)[source] for source in sources) <= total / (len(shares) + 1) + largest + 1


def _convert(source: str) -> convert_ahead.Converted:
    if source == "hong.md":
        raise ValueError("a page the build must convert itself")
    if source == "chet.md":
        os._exit(1)  # the process dies (killed, out of memory)
    logging.getLogger("mkdocs.plugins.thu").warning(f"{source}: một lời nhắn")
    return convert_ahead.Converted({"content": f"<p>{source}</p>"}, source)


@pytest.mark.parametrize("stop", ["hong.md", "chet.md"])
def test_a_page_the_process_cannot_convert_and_all_after_it_are_left_to_the_build(stop):
    ahead = convert_ahead.start([["a.md", "b.md", stop, "c.md"], ["d.md"]], _convert)
    assert ahead is not None
    try:
        assert ahead.take("khac.md") is None  # not one of theirs
        assert ahead.take("d.md").attributes == {"content": "<p>d.md</p>"}
        for source in ("a.md", "b.md"):  # sent before; a process that dies may not have handed them over yet
            converted = ahead.take(source)
            assert converted.state == source if stop == "hong.md" else converted is None or converted.state == source
        assert ahead.take(stop) is None and ahead.take("c.md") is None
        assert ahead.take("a.md") is None  # taken once
    finally:
        ahead.close()


def test_log_lines_are_kept_in_the_process_and_written_by_the_build_in_their_place(caplog):
    with caplog.at_level(logging.INFO):
        with convert_ahead.logged() as lines:
            logging.getLogger("mkdocs.structure.pages").warning("Tài liệu có liên kết tới 'x.md', không có tệp này.")
            logging.getLogger("MARKDOWN").info("một dòng")
        assert caplog.records == []
        assert lines == [("mkdocs.structure.pages", logging.WARNING,
                          "Tài liệu có liên kết tới 'x.md', không có tệp này."), ("MARKDOWN", logging.INFO, "một dòng")]
        convert_ahead.replay(tuple(lines))
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == lines


def _build(project: Path, site: Path, *extra: str, one_core: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    first = min(os.sched_getaffinity(0)) if one_core else None
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v", *extra, "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=900,
                          preexec_fn=(lambda: os.sched_setaffinity(0, {first})) if one_core else None)


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _said(result: subprocess.CompletedProcess, site: Path) -> list[str]:
    """What a build wrote, but its settings, where it wrote, how long it took and whether pages converted
    beside it."""
    return [line.replace(str(site), "SITE") for line in result.stderr.splitlines()
            if not line.startswith("DEBUG   -  Config value") and "được chuyển sẵn" not in line
            and "Documentation built in" not in line]


def _same_words(beside: list[str], alone: list[str]) -> None:
    """The same lines; in the same order while pages convert (until the first ``env`` event: MkDocs builds its
    static templates afterwards in a set's order)."""
    assert sorted(beside) == sorted(alone)
    converting = next(n for n, line in enumerate(alone) if "Running `env` event" in line)
    assert beside[:converting] == alone[:converting]


@needs_two_cores
def test_the_site_converted_beside_the_build_is_the_site_converted_alone(tmp_path):
    project = workspace.copy_project(Path(__file__).resolve().parents[1], tmp_path / "project")
    beside, alone = _build(project, tmp_path / "beside"), _build(project, tmp_path / "alone", one_core=True)
    assert beside.returncode == 0 and alone.returncode == 0, beside.stderr[-3000:] + alone.stderr[-3000:]
    assert "1 trang được chuyển sẵn ở 1 tiến trình bên cạnh" in beside.stderr
    assert "được chuyển sẵn" not in alone.stderr
    _same_words(_said(beside, tmp_path / "beside"), _said(alone, tmp_path / "alone"))  # debug lines too
    assert _tree(tmp_path / "beside") == _tree(tmp_path / "alone")


@needs_two_cores
def test_a_warning_on_a_page_converted_beside_the_build_is_written_once_in_its_place(tmp_path):
    project = copy_project(tmp_path / "project")
    last = project / "docs/nghi-quyet/trung-uong/71-nq-tw.md"  # the last booklet: converted beside the build
    last.write_text(last.read_text("utf-8") + "\nXem thêm [tài liệu khác](khong-phai-tep).\n", "utf-8")
    beside, alone = _build(project, tmp_path / "beside"), _build(project, tmp_path / "alone", one_core=True)
    assert "được chuyển sẵn" in beside.stderr and "được chuyển sẵn" not in alone.stderr
    warned = "WARNING -  Doc file 'nghi-quyet/trung-uong/71-nq-tw.md' contains an unrecognized relative link"
    assert beside.stderr.count(warned) == 1 and beside.returncode != 0
    _same_words(_said(beside, tmp_path / "beside"), _said(alone, tmp_path / "alone"))
