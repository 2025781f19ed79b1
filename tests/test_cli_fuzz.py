"""Every command line with random arguments: options of each command with junk values and awkward paths
(missing, folders, binary, non-UTF-8 text and names, symlink loops), standard input closed. Always exit
status 0, 1 or 2, Vietnamese text, never a traceback. Run in-process (as ``run(main)`` does) for speed,
inside a scratch folder; nothing outside it is written."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import sys
from pathlib import Path

import docx
import pytest
from conftest import ROOT
from hoidap.cli import run
from hoidap.publishing.site_folders import REQUIRED
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")
VIETNAMESE = re.compile("[ăâđêôơưạảãáàấầẩẫậắằẳẵặẹẻẽéèếềểễệịỉĩíìọỏõóòốồổỗộớờởỡợụủũúùứừửữựỵỷỹýỳ]", re.IGNORECASE)
JUNK = ["", " ", "-", "x", "0", "-1", "99999999999999999999", "Đ", "a b", "\udcff", "--", "2022-13-45", "…", "\t"]
FUZZ = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
                database=None)


def _load(name: str):
    """A command of scripts/ as a module (its own name: ``build`` is also a PyPI package)."""
    spec = importlib.util.spec_from_file_location(f"command_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMMANDS = {name: _load(name) for name in ("check", "new", "import_docx", "build", "publish", "pdf")}


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    """A scratch folder: a small project, a fake built site, a publish target and files of every awkward kind."""
    work = tmp_path_factory.mktemp("cli-fuzz")
    project = work / "project"
    (project / "docs/nghi-quyet").mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs/nghi-quyet/mot.md").write_text(FULL, encoding="utf-8")
    site = work / "site-fake"
    site.mkdir()
    for name in REQUIRED:
        (site / name).write_text("{}" if name.endswith(".json") else "<html></html>", encoding="utf-8")
    junk = work / "junk"
    (junk / "folder").mkdir(parents=True)
    (junk / "folder" / "x.md").write_text("# x\n", encoding="utf-8")
    (junk / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (junk / "latin.yml").write_bytes(b"site_name: \xe0\xff\n")
    (junk / "bad.yml").write_text("site_name: [\n", encoding="utf-8")
    (junk / "list.yml").write_text("- a\n- b\n", encoding="utf-8")
    (junk / "empty.yml").write_bytes(b"")
    notepad = "Nghị quyết số 57-NQ/TW\r\nCâu 1. Ai ban hành?\r\nBộ Chính trị."
    (junk / "unicode.txt").write_bytes(notepad.encode("utf-16"))
    document = docx.Document()
    for text in ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về khoa học.", "Câu 1. Ai ban hành?",
                 "Bộ Chính trị."):
        document.add_paragraph(text)
    document.save(str(junk / "good.docx"))
    (junk / "cut.docx").write_bytes((junk / "good.docx").read_bytes()[:900])
    (junk / "loop").symlink_to("loop")
    (junk / os.fsdecode(b"t\xffn.md")).write_text(FULL, encoding="utf-8")
    (work / "out").mkdir()
    (work / "target").mkdir()
    work.joinpath("repo-docs").write_text(_fingerprint(ROOT / "docs"))
    return work


def paths(work: Path) -> list[str]:
    junk = work / "junk"
    return [str(p) for p in (work / "missing", junk / "folder", junk / "binary.bin", junk / "latin.yml",
                             junk / "bad.yml", junk / "list.yml", junk / "empty.yml", junk / "unicode.txt",
                             junk / "good.docx", junk / "cut.docx", junk / "loop", junk / os.fsdecode(b"t\xffn.md"),
                             work / "project/docs/nghi-quyet/mot.md", work / "project/docs", work / "out",
                             work / "out" / "moi.md", work / "missing" / "deep" / "x.md",
                             work / "out" / os.fsdecode(b"m\xf4i.md"))]


def arguments(options: dict[str, list[str] | None], values: list[str], strays: bool = False,
              closed: tuple[str, ...] = ()) -> st.SearchStrategy[list[str]]:
    """Random argv: mostly options with a value from their list or the junk (or a flag), sometimes an unknown
    option, an option without its value, or (``strays``) a stray value. A ``closed`` option takes one of its
    choices, or rarely a wrong one."""
    valued = [st.sampled_from(choices + (["xml"] if option in closed else values)).map(lambda v, o=option: [o, v])
              for option, choices in options.items() if choices]
    flags = [option for option, choices in options.items() if not choices]
    rare = [st.sampled_from([*sorted(options), "--khong-co", "--help"]).map(lambda o: [o])]
    if strays:
        rare.append(st.sampled_from(values).map(lambda v: [v]))
    common = st.one_of(valued + ([st.sampled_from(flags).map(lambda o: [o])] if flags else []))
    piece = st.one_of(common, common, common, common, common, common, st.one_of(rare))
    return st.lists(piece, max_size=5).map(lambda parts: [word for part in parts for word in part])


def invoke(name: str, argv: list[str], work: Path, stdin: bytes | None = None) -> tuple[int, str]:
    """``NAME.py ARGV`` in-process, standard input closed (or a pipe holding ``stdin``), output as a terminal
    would take it (UTF-8)."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
    piped = None if stdin is None else io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    stdin, sys.stdin = sys.stdin, piped
    try:
        with contextlib.chdir(work), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = run(COMMANDS[name].main, argv)
            except SystemExit as exit_:  # argparse (--help: 0, usage: 2), or sys.exit("message")
                code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
                if isinstance(exit_.code, str):
                    print(exit_.code, file=sys.stderr)
    finally:
        sys.stdin = stdin
    text = stdout.buffer.getvalue().decode("utf-8", "replace") + stderr.buffer.getvalue().decode("utf-8", "replace")
    return code, text


def assert_clean(code: int, text: str) -> None:
    lines = text.strip().splitlines() or [""]
    last = re.sub(r"'[^']*'|/\S+", "…", next((line for line in lines if line.startswith("Lỗi")), lines[-1]))
    event(f"exit {code}: {last[:60]}")
    assert code in (0, 1, 2), (code, text)
    assert "Traceback" not in text and "lỗi không mong đợi" not in text, text
    if code == 0 and text.lstrip().startswith("["):  # --format json: data for tools
        json.loads(text)
        return
    assert VIETNAMESE.search(text), text
    assert not re.search(r"\b(usage|error|invalid|unrecognized|required):", text), text


@FUZZ
@given(data=st.data())
def test_check(work, data):
    config = str(work / "project/mkdocs.yml")
    configs = [config, *paths(work)[:7]]
    argv = ["--config", config, *data.draw(arguments(
        {"--format": ["text", "json"], "--fix": None, "--external": None, "--config": configs},
        paths(work) + JUNK, strays=True, closed=("--format",)))]
    assert_clean(*invoke("check", argv, work))


METADATA = {"--number": ["1-NQ/TW", "57-NQ/TW", "NQ"], "--name": ["về khoa học"], "--issuer": ["Bộ Chính trị"],
            "--issued": ["2022-01-01", "2024-02-30"], "--level": ["trung-uong", "tinh", "xa"], "--term": ["XIII"],
            "--title": ["Hỏi - đáp"], "--compiled-by": ["Ban Tuyên giáo"]}


@FUZZ
@given(data=st.data())
def test_new(work, data):
    config = str(work / "project/mkdocs.yml")
    complete = [word for option, values in METADATA.items() for word in (option, values[0])]
    argv = ["--config", config, *data.draw(st.sampled_from([[], complete])),
            *data.draw(arguments({**METADATA, "--config": [config, *paths(work)[:7]]}, JUNK))]
    assert_clean(*invoke("new", argv, work))


ANSWER_LINES = ["57-NQ/TW", "18/nq-tw", "về khoa học", "Bộ Chính trị", "30/4/2025", "2025-04-30", "31/2/2025",
                "Trung ương", "tỉnh", "xã", "XIII", "13", "", " ", "\t", "…"]


@FUZZ
@given(data=st.data())
def test_new_with_piped_answers(work, data):
    """Answers piped on standard input, good and bad, any bytes: exit 0 (written) or 1 (the reason), never more."""
    config = str(work / "project/mkdocs.yml")
    lines = data.draw(st.lists(st.one_of(st.sampled_from(ANSWER_LINES), st.text(max_size=20)), max_size=9))
    raw = "\n".join(lines).encode("utf-8", "surrogateescape") + data.draw(st.sampled_from([b"", b"\n", b"\xff\n"]))
    code, text = invoke("new", ["--config", config, *data.draw(st.sampled_from([[], ["--force"]]))], work, raw)
    assert_clean(code, text)
    assert code in (0, 1)


@FUZZ
@given(data=st.data())
def test_import_docx(work, data):
    config = str(work / "project/mkdocs.yml")
    source = data.draw(st.sampled_from(paths(work)))
    options = {**METADATA, "--config": [config, *paths(work)[:7]], "--out": paths(work)[12:], "--force": None,
               "--updated": ["2024-12-22", "hôm nay"], "--tags": ["a, b"], "--description": ["Mô tả."]}
    argv = [source, "--out", str(work / "out" / "moi.md"), "--config", config, *data.draw(arguments(options, JUNK))]
    assert_clean(*invoke("import_docx", argv, work))


@FUZZ
@given(data=st.data())
def test_build(work, data):
    """Only configurations that cannot build (a real build is scripts/build.py's own tests)."""
    broken = [p for p in paths(work)[:6] if not p.endswith("empty.yml")]
    argv = ["--config", broken[0], *data.draw(arguments(
        {"--config": broken, "--site": [str(work / "out" / "site"), *paths(work)[:3]], "--no-pdf": None},
        [*JUNK, *broken]))]
    assert_clean(*invoke("build", argv, work))
    assert not list((work / "out").glob("site.new-*"))


@FUZZ
@given(data=st.data())
def test_publish(work, data):
    targets = [str(work / "target"), str(work / "missing-target"), *paths(work)[1:3], "", "x"]
    command = data.draw(st.sampled_from(["publish", "list", "rollback", "publish", "list", "liet-ke"]))
    argv = [command, data.draw(st.sampled_from(targets)), *data.draw(arguments(
        {"--site": [str(work / "site-fake"), *paths(work)[:3]], "--keep": ["0", "1", "5"],
         "--to": ["20250101T000000Z"], "--reload": ["", "true"]}, [j for j in JUNK if ":" not in j]))]
    if command == "publish" and "--site" not in argv:
        argv += ["--site", str(work / "site-fake")]
    assert_clean(*invoke("publish", argv, work))


@FUZZ
@given(data=st.data())
def test_pdf(work, data):
    sites = [str(work / "missing-site"), str(work / "site-fake"), *paths(work)[1:3]]
    argv = ["--site", sites[0], "--config", str(work / "project/mkdocs.yml"), *data.draw(arguments(
        {"--site": sites, "--config": paths(work)[:7], "--cache": [str(work / "cache"), *paths(work)[1:3]],
         "--paper": ["A4", "A5"], "--force": None, "--quiet": None}, JUNK, closed=("--paper",)))]
    assert_clean(*invoke("pdf", argv, work))


def test_nothing_outside_the_scratch_folder_was_written(work):
    assert _fingerprint(ROOT / "docs") == (work / "repo-docs").read_text()
