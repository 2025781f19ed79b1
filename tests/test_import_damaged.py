"""The Word importer on damaged .docx files and zip bombs: exit status 0 or 1, a Vietnamese message, never a
traceback, never a partial file. The damaged files are the importer tests' own documents (test_import_docx),
cut, bit-flipped, with parts dropped, replaced or their XML and relationships corrupted."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import ROOT
from hoidap.authoring.docx_package import MAX_TOTAL, MAX_XML
from hoidap.cli import run
from hoidap.model.booklet import parse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_import_docx import DOCUMENTS

sys.path.insert(0, str(ROOT / "scripts"))
import import_docx  # the command itself, run in-process for speed

METADATA = ["--number", "57-NQ/TW", "--name", "về đột phá phát triển khoa học, công nghệ", "--issuer", "Bộ Chính trị",
            "--issued", "2024-12-22", "--level", "trung-uong", "--compiled-by", "Ban Tuyên giáo Tỉnh ủy"]
VIETNAMESE = re.compile("[ăâđêôơưạảãáàấầẩẫậắằẳẵặẹẻẽéèếềểễệịỉĩíìọỏõóòốồổỗộớờởỡợụủũúùứừửữựỵỷỹýỳ]", re.IGNORECASE)
PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
         "word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/media/image1.png", "docProps/core.xml"]
JUNK_PARTS = [b"", b"<x/>", b"khong phai XML", b"<?xml version='1.0'?><a>", b"\x00\xff" * 40,
              b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;&b;</d>']
JUNK_VALUES = ["", "-1", "0", "x", "99999999999999", "1e9", "../../../etc/passwd", "http://127.0.0.1/",
               "/word/document.xml", "rId999", "\u0110", "text/plain", "FFFFF", "D800"]
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError)
# attribute="value" pairs in Word's XML and the package's: the values the fuzz replaces
ATTRIBUTE = re.compile(rb'(\b(?:w:val|w:id|w:char|w:numId|w:ilvl|r:id|r:embed|Id|Type|Target|TargetMode|PartName|'
                       rb'ContentType|Extension|w:type|w:styleId)=")([^"]*)(")')


def _sources() -> dict[str, bytes]:
    """Each of the importer tests' documents, saved."""
    saved = {}
    for name, build in DOCUMENTS.items():
        buffer = io.BytesIO()
        build().save(buffer)
        saved[name] = buffer.getvalue()
    return saved


SOURCES = _sources()


def rezip(data: bytes, change) -> bytes:
    """``data`` (a zip) with each member passed through ``change(name, bytes)``; None drops it.
    A zip already too damaged to read is returned as it is."""
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                changed = change(info.filename, old.read(info.filename))
                if changed is not None:
                    new.writestr(info.filename, changed)
    except DAMAGED_ZIP:
        return data
    return out.getvalue()


@st.composite
def damaged(draw) -> bytes:
    """One of the documents, damaged in one or two ways."""
    data = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    for _ in range(draw(st.integers(1, 2))):
        data = draw(_damage(data))
    return data


def _damage(data: bytes) -> st.SearchStrategy[bytes]:
    if len(data) < 2:
        return st.just(data)
    part = st.sampled_from(PARTS)
    return st.one_of(
        st.integers(0, len(data) - 1).map(lambda cut: data[:cut]),
        st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=8)
        .map(lambda flips: _flip(data, flips)),
        part.map(lambda victim: rezip(data, lambda name, body: None if name == victim else body)),
        st.tuples(part, st.sampled_from(JUNK_PARTS))
        .map(lambda pair: rezip(data, lambda name, body: pair[1] if name == pair[0] else body)),
        st.tuples(part, st.floats(0, 1)).map(
            lambda pair: rezip(data, lambda name, body: body[:int(len(body) * pair[1])] if name == pair[0] else body)),
        st.tuples(part, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=5))
        .map(lambda pair: rezip(data, lambda name, body: _flip(body, pair[1]) if name == pair[0] and body else body)),
        st.tuples(part, st.integers(0, 200), st.sampled_from(JUNK_VALUES))
        .map(lambda spec: rezip(data, lambda name, body: _attribute(body, spec[1], spec[2])
                                if name == spec[0] else body)),
        st.tuples(part, st.sampled_from([(b"w:body", b"w:bodx"), (b"w:document", b"w:styles"), (b"w:p>", b"w:tbl>"),
                                         (b"<Relationship ", b"<Relationship Id=\"rId1\" "), (b"w:tc>", b"w:p>"),
                                         (b"Relationships", b"Types"), (b"wordprocessingml.styles", b"spreadsheet")]))
        .map(lambda spec: rezip(data, lambda name, body: body.replace(*spec[1]) if name == spec[0] else body)),
        st.tuples(part, part).map(lambda pair: _swap(data, *pair)),
    )


def _flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    changed = bytearray(data)
    for position, value in flips:
        changed[position % len(changed)] = value
    return bytes(changed)


def _attribute(body: bytes, index: int, value: str) -> bytes:
    """``body`` with the ``index``-th (modulo their number) attribute value replaced by ``value``."""
    found = list(ATTRIBUTE.finditer(body))
    if not found:
        return body
    match = found[index % len(found)]
    return body[:match.start(2)] + value.encode("utf-8") + body[match.end(2):]


def _swap(data: bytes, first: str, second: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if first not in names or second not in names:
                return data
            bodies = {first: archive.read(second), second: archive.read(first)}
    except DAMAGED_ZIP:
        return data
    return rezip(data, lambda name, body: bodies.get(name, body))


def import_in_process(source: Path, out: Path) -> tuple[int, str, str]:
    """``import_docx.py SOURCE --out OUT`` run in this process (stdin empty), as ``run(main)`` runs it."""
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("")
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = run(import_docx.main, [str(source), "--out", str(out), "--config", str(ROOT / "mkdocs.yml"),
                                          *METADATA])
    finally:
        sys.stdin = stdin
    return code, stdout.getvalue(), stderr.getvalue()


def assert_clean_outcome(code: int, stdout: str, stderr: str, out: Path) -> None:
    """Exit 0 with a complete booklet, or exit 1 with a Vietnamese message and nothing written."""
    assert code in (0, 1), (code, stderr)
    assert "Traceback" not in stdout + stderr
    assert "lỗi không mong đợi" not in stderr, stderr  # every damage has its own message
    leftovers = sorted(p.name for p in out.parent.iterdir()) if out.parent.exists() else []
    if code == 1:
        assert stderr.startswith("Lỗi: ") and VIETNAMESE.search(stderr), stderr
        assert "Không ghi tệp nào." in stderr
        assert leftovers == [], leftovers
    else:
        text = out.read_text("utf-8")
        assert parse(text, out.name).questions
        assert set(leftovers) <= {out.name, f"{out.stem}-anh"}, leftovers


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(damaged())
def test_a_damaged_word_file_gives_a_message_or_a_whole_booklet(data):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "hong.docx"
        source.write_bytes(data)
        out = Path(folder) / "docs" / "hong.md"
        code, stdout, stderr = import_in_process(source, out)
        event(f"exit {code}: " + re.sub(r"'[^']*'", "…", stderr.partition(": ")[2]).split(". ")[0][:70])
        assert_clean_outcome(code, stdout, stderr, out)


def test_each_kind_of_damage_names_what_is_wrong(tmp_path):
    clean = SOURCES["footnote"]
    cases = {
        "phần cuối tệp bị mất": clean[: len(clean) // 2],
        "thiếu phần '[Content_Types].xml'": rezip(clean, lambda n, b: None if n == "[Content_Types].xml" else b),
        "thiếu phần 'word/document.xml'": rezip(clean, lambda n, b: None if n == "word/document.xml" else b),
        "'word/styles.xml' không phải XML hợp lệ": rezip(clean, lambda n, b: b[:50] if n == "word/styles.xml" else b),
        "thiếu Id, Type hoặc Target": rezip(clean, lambda n, b: b.replace(b"Target=", b"Targ=")
                                           if n == "word/_rels/document.xml.rels" else b),
        "không có thân văn bản": rezip(clean, lambda n, b: b.replace(b"w:body", b"w:bodx")
                                       if n == "word/document.xml" else b),
        "không đúng loại": rezip(clean, lambda n, b: b.replace(b"wordprocessingml.styles+xml", b"spreadsheetml+xml")
                                 if n == "[Content_Types].xml" else b),
        "tệp Word cũ (.doc)": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    }
    for words, data in cases.items():
        source = tmp_path / "hong.docx"
        source.write_bytes(data)
        out = tmp_path / "docs" / "hong.md"
        code, stdout, stderr = import_in_process(source, out)
        assert code == 1 and words in stderr, (words, stderr)
        assert "mở bằng Word" in stderr or "Mở tệp bằng Word" in stderr, stderr
        assert_clean_outcome(code, stdout, stderr, out)


@pytest.mark.parametrize("damage", ["cut", "no-rels", "junk-document", "bad-gridspan"])
def test_the_command_itself_on_a_damaged_file(tmp_path, damage):
    clean = SOURCES["table-image"]
    data = {
        "cut": clean[:-200],
        "no-rels": rezip(clean, lambda n, b: None if n == "word/_rels/document.xml.rels" else b),
        "junk-document": rezip(clean, lambda n, b: b"<w:document/>" if n == "word/document.xml" else b),
        "bad-gridspan": rezip(clean, lambda n, b: re.sub(rb'w:gridSpan w:val="\d+"', b'w:gridSpan w:val="999999999"', b)
                              if n == "word/document.xml" else b),
    }[damage]
    source = tmp_path / "hong.docx"
    source.write_bytes(data)
    out = tmp_path / "docs" / "hong.md"
    result = subprocess.run([sys.executable, str(ROOT / "scripts/import_docx.py"), str(source), "--out", str(out),
                             "--config", str(ROOT / "mkdocs.yml"), *METADATA],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert_clean_outcome(result.returncode, result.stdout, result.stderr, out)
    if damage == "bad-gridspan":
        assert result.returncode == 0, result.stderr


def _bomb(path: Path, xml_bytes: int, declared: int | None = None) -> None:
    """A .docx whose document.xml is ``xml_bytes`` of highly compressible XML, written as a stream (the test
    never holds it in memory); ``declared`` makes the zip lie about the size in its directory."""
    with zipfile.ZipFile(io.BytesIO(SOURCES["clean"])) as clean, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in clean.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, clean.read(info.filename))
                continue
            head, tail = clean.read(info.filename).split(b"<w:body>")
            paragraph = b"<w:p><w:r><w:t>Nghi quyet ve khoa hoc, cong nghe.</w:t></w:r></w:p>" * 1000
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with bomb.open(member, "w", force_zip64=True) as stream:
                stream.write(head + b"<w:body>")
                for _ in range(xml_bytes // len(paragraph)):
                    stream.write(paragraph)
                stream.write(tail)
    if declared is not None:
        _declare(path, "word/document.xml", declared)


def _declare(path: Path, member: str, size: int) -> None:
    """Make the zip's central directory (what readers trust) declare ``size`` bytes for ``member``."""
    raw = bytearray(path.read_bytes())
    for entry in re.finditer(rb"PK\x01\x02", bytes(raw)):
        start = entry.start()
        length = int.from_bytes(raw[start + 28:start + 30], "little")
        if raw[start + 46:start + 46 + length] == member.encode():
            raw[start + 24:start + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(raw))


# A process's peak memory (ru_maxrss) is kept across exec, so a child spawned straight from this large test
# process would report this process's own size. A small Python forks the importer from its own small memory
# and reports the importer's peak alone.
_MEASURE = """import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\nPEAK_KB={usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _import_measured(source: Path, out: Path) -> tuple[subprocess.CompletedProcess, int]:
    args = [sys.executable, str(ROOT / "scripts/import_docx.py"), str(source), "--out", str(out),
            "--config", str(ROOT / "mkdocs.yml"), *METADATA]
    result = subprocess.run([sys.executable, "-c", _MEASURE, *args], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=300)
    stderr, _, peak = result.stderr.rpartition("\nPEAK_KB=")
    result.stderr = stderr
    return result, int(peak.strip()) // 1024


@pytest.mark.parametrize(("xml_mb", "declared"), [(300, None), (MAX_XML // 2**20 + 5, None),
                                                   (MAX_XML // 2**20 + 5, 1000)])
def test_a_zip_bomb_is_refused_before_anything_is_parsed(tmp_path, xml_mb, declared):
    source = tmp_path / "bom.docx"
    _bomb(source, xml_mb * 2**20, declared)
    assert source.stat().st_size < 2 * 2**20, "a small file…"
    out = tmp_path / "docs" / "bom.md"
    result, peak = _import_measured(source, out)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    if declared is None:  # the directory tells the truth: refused on the sizes it declares
        limit = MAX_TOTAL if xml_mb * 2**20 > MAX_TOTAL else MAX_XML
        assert f"quá giới hạn {limit // 2**20} MB" in result.stderr, result.stderr
    else:  # the directory lies: the bytes really decompressed do not match its checksum
        assert "bị hỏng" in result.stderr, result.stderr
    assert peak < 250, f"…that must not take much memory: {peak} MB"
    assert not out.parent.exists()
