"""Work beside the build (hoidap.site.beside): its result, or its error, as if it had run in the build."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
from hoidap.site import beside
from mkdocs.exceptions import PluginError


def test_the_result_comes_from_the_second_process():
    work = beside.start(os.getpid)
    assert work.result() != os.getpid()


def test_an_error_of_the_work_is_raised_in_the_build_with_its_message():
    def refuse() -> None:
        raise PluginError("presentation.html: mẫu trang trình chiếu có mã JavaScript nội tuyến")

    work = beside.start(refuse)
    with pytest.raises(PluginError, match="mẫu trang trình chiếu có mã JavaScript nội tuyến"):
        work.result()


@pytest.mark.parametrize("ending", ["dies", "unpicklable"])
def test_work_whose_process_ends_without_a_word_is_done_in_the_build(ending, tmp_path):
    here = os.getpid()

    def work() -> object:
        (tmp_path / str(os.getpid())).touch()
        if os.getpid() != here:
            if ending == "dies":
                os._exit(1)
            return threading.Lock()  # cannot be handed over
        return "done here"

    assert beside.start(work).result() == "done here"
    assert {path.name for path in tmp_path.iterdir()} > {str(here)}  # tried there first


def test_without_fork_the_work_waits_until_its_result_is_asked(monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    calls = []
    work = beside.start(lambda: calls.append(os.getpid()) or len(calls))
    assert calls == []
    assert work.result() == 1 and calls == [os.getpid()]


def test_work_stopped_before_its_result_leaves_no_process():
    work = beside.start(lambda: threading.Event().wait(60))
    process = work._process
    work.stop()
    assert process is not None and not process.is_alive()
