"""scripts/import_docx.py: Word files made here with python-docx become booklets that keep every paragraph."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import docx
import docx.opc.packuri
import docx.opc.part
import pytest
from conftest import ROOT
from hoidap.checking.checks import Settings, check, load
from hoidap.model.booklet import parse
from hoidap.model.docstree import DocsTree
from hoidap.publishing.workspace import copy_project
from hoidap.vietnamese.legacy import unicode_to_tcvn3, unicode_to_vni
from hoidap.vietnamese.legacy_fonts import decode_bytes, decode_run
from hoidap.vietnamese.vntext import TONE_MARKS
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

INTRO = "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, " \
        "đổi mới sáng tạo và chuyển đổi số quốc gia."
OPTIONS = ["--compiled-by", "Ban Tuyên giáo Tỉnh ủy"]


def run(source: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/import_docx.py"), str(source), "--out", str(out),
                           "--config", str(ROOT / "mkdocs.yml"), *OPTIONS, *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def plain(text: str) -> str:
    """Words of Markdown or source text, without markup, NFC, on one line."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|^#+ |^Câu (?:hỏi )?\d+[.:] |<br>|\|", " ", text, flags=re.MULTILINE)
    text = re.sub(r"(?<!\\)\*", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def assert_all_in_order(paragraphs: list[str], markdown: str) -> None:
    output, cursor = plain(markdown), 0
    for paragraph in paragraphs:
        found = output.find(plain(paragraph), cursor)
        assert found >= 0, (paragraph, output[cursor:cursor + 200])
        cursor = found + len(plain(paragraph))


def assert_checker_passes(out: Path) -> list:
    """The booklet has no error for the checker (warnings returned)."""
    docs = out.parent
    findings, _ = check(load(docs, out.name), DocsTree(docs, ["vi", "en"], "vi"), Settings())
    assert not [f for f in findings if f.severity == "error"], [f.format() for f in findings]
    return findings


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def clean_document() -> docx.document.Document:
    """Title, introduction, a part, a question, an answer with bold and italic runs, two lists."""
    d = docx.Document()
    d.add_paragraph("Tài liệu hỏi - đáp Nghị quyết số 57-NQ/TW", style="Title")
    d.add_paragraph(INTRO)
    d.add_paragraph("Phần I. Thông tin chung")
    d.add_paragraph("Câu 1. Nghị quyết số 57-NQ/TW do cơ quan nào ban hành?")
    p = d.add_paragraph("Nghị quyết do ")
    p.add_run("Bộ Chính trị").bold = True
    p.add_run(" ban hành, ")
    p.add_run("ngày 22/12/2024").italic = True
    p.add_run(".")
    d.add_paragraph("Nghị quyết nói về khoa học, công nghệ.")
    d.add_paragraph("Khoa học, công nghệ.", style="List Bullet")
    d.add_paragraph("Đổi mới sáng tạo.", style="List Number")
    return d


def test_clean_unicode_qa(tmp_path):
    d = clean_document()
    out = tmp_path / "docs/a.md"
    result = run(save(d, tmp_path / "a.docx"), out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    booklet = parse(text, "a.md")
    assert booklet.meta.resolution.number == "57-NQ/TW"
    assert booklet.meta.resolution.issuer == "Bộ Chính trị"
    assert booklet.meta.resolution.issued.isoformat() == "2024-12-22"
    assert booklet.meta.level == "trung-uong"
    assert booklet.title == "Tài liệu hỏi - đáp Nghị quyết số 57-NQ/TW"
    assert [q.number for q in booklet.questions] == [1]
    assert "**Bộ Chính trị**" in text and "*ngày 22/12/2024*" in text
    assert "- Khoa học, công nghệ." in text and "1. Đổi mới sáng tạo." in text
    assert_all_in_order([p.text for p in d.paragraphs], text)
    assert_checker_passes(out)
    assert "Vào: 8 đoạn văn" in result.stdout and "Ra:  8 đoạn văn" in result.stdout
    assert "Cảnh báo" not in result.stderr
    assert run(tmp_path / "a.docx", out).returncode == 1  # never overwrite without --force
    assert run(tmp_path / "a.docx", out, "--force").returncode == 0


TCVN3 = "nghị quyết về đột phá phát triển khoa học, công nghệ."
VNI = "Nghị quyết do Bộ Chính trị ban hành ngày 22/12/2024."


def legacy_document() -> docx.document.Document:
    """Runs in TCVN3 and VNI fonts, and TCVN3 text pasted without its font."""
    tcvn3, vni = TCVN3, VNI
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("Câu 1. Nghị quyết nói về điều gì?")
    d.add_paragraph().add_run(unicode_to_tcvn3(tcvn3)).font.name = ".VnTime"
    d.add_paragraph("Câu 2. Ai ban hành nghị quyết?")
    d.add_paragraph().add_run(unicode_to_vni(vni)).font.name = "VNI-Times"
    d.add_paragraph("Câu 3. Đoạn dán từ phông cũ?")
    d.add_paragraph(unicode_to_tcvn3("nghị quyết về khoa học, công nghệ."))  # no font name: found by its text
    return d


def test_legacy_font_runs_become_unicode(tmp_path):
    tcvn3, vni = TCVN3, VNI
    d = legacy_document()
    out = tmp_path / "docs/b.md"
    result = run(save(d, tmp_path / "b.docx"), out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert_all_in_order([INTRO, tcvn3, vni, "nghị quyết về khoa học, công nghệ."], text)
    assert "TCVN3 (phông .Vn…) 1" in result.stdout and "VNI (phông VNI-…) 1" in result.stdout
    assert not [f for f in assert_checker_passes(out) if f.code == "legacy-encoding"]


def test_question_forms_are_numbered_and_renumberings_reported(tmp_path):
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("PHẦN THỨ NHẤT")
    d.add_paragraph().add_run("NHỮNG VẤN ĐỀ CHUNG").bold = True
    d.add_paragraph("Câu 1: Nghị quyết do cơ quan nào ban hành?")
    d.add_paragraph("Bộ Chính trị.")
    d.add_paragraph("II. Nội dung")
    d.add_paragraph("Câu hỏi 3. Nghị quyết ban hành ngày nào?")
    d.add_paragraph("Ngày 22/12/2024.")
    d.add_paragraph().add_run("Nghị quyết nói về lĩnh vực nào?").bold = True
    d.add_paragraph("Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.")
    d.add_paragraph("Câu 9. Số hiệu của nghị quyết là gì? Trả lời: 57-NQ/TW.")
    out = tmp_path / "docs/c.md"
    result = run(save(d, tmp_path / "c.docx"), out)
    assert result.returncode == 0, result.stderr
    booklet = parse(out.read_text(encoding="utf-8"), "c.md")
    assert [q.number for q in booklet.questions] == [1, 2, 3, 4]
    assert [q.text for q in booklet.questions][3] == "Số hiệu của nghị quyết là gì?"
    assert [p.heading.text for p in booklet.parts] == ["PHẦN THỨ NHẤT. NHỮNG VẤN ĐỀ CHUNG", "II. Nội dung"]
    assert "Câu 3 → Câu 2" in result.stdout and "(không số) → Câu 3" in result.stdout
    assert "Câu 9 → Câu 4" in result.stdout
    assert_all_in_order([re.sub(r"^Câu \d+\. ", "", p.text) for p in d.paragraphs], out.read_text(encoding="utf-8"))
    assert_checker_passes(out)


def table_image_document() -> docx.document.Document:
    """A table with a merged cell, a question without answer, a picture."""
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("Câu 1. Bảng nói gì?")
    table = d.add_table(rows=3, cols=2)
    for (row, col), value in {(0, 0): "Số hiệu", (0, 1): "Ngày", (1, 0): "57-NQ/TW", (1, 1): "22/12/2024"}.items():
        table.cell(row, col).text = value
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Bộ Chính trị"
    d.add_paragraph("Câu 2. Câu hỏi này chưa có câu trả lời?")
    d.add_paragraph("Câu 3. Hình nào minh họa?")
    image = io.BytesIO()
    Image.new("RGB", (3, 3), "red").save(image, "PNG")
    image.seek(0)
    d.add_picture(image)
    d.add_paragraph("Một ô vuông màu đỏ.")
    return d


def test_table_image_empty_question_and_unplaced_text_box(tmp_path):
    d = table_image_document()
    out = tmp_path / "docs/d.md"
    result = run(save(d, tmp_path / "d.docx"), out)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| Số hiệu | Ngày |" in text and "| 57-NQ/TW | 22/12/2024 |" in text and "| Bộ Chính trị |   |" in text
    assert "ô gộp" in result.stderr
    assert "![Hình 1](d-anh/hinh-01.png)" in text
    assert (tmp_path / "docs/d-anh/hinh-01.png").read_bytes().startswith(b"\x89PNG")
    assert "Chưa có câu trả lời" in text and "không có câu trả lời" in result.stderr
    assert "Vào: 6 đoạn văn (bỏ 0 đoạn trống), 1 bảng, 1 hình" in result.stdout
    cells = ["Số hiệu", "Ngày", "57-NQ/TW", "22/12/2024", "Bộ Chính trị"]
    assert_all_in_order([INTRO, *cells, "Một ô vuông màu đỏ."], text)
    findings, _ = check(load(out.parent, out.name), DocsTree(out.parent, ["vi", "en"], "vi"), Settings())
    box = text.split("\n").index('!!! warning "Chưa có câu trả lời"') + 1
    assert [(f.code, f.line) for f in findings if f.severity == "error"] == [("placeholder", box)]  # until answered


def test_a_file_that_is_not_docx_gives_a_vietnamese_error_and_writes_nothing(tmp_path):
    fake = tmp_path / "gia.docx"
    fake.write_bytes(b"day khong phai tep Word")
    out = tmp_path / "docs/e.md"
    result = run(fake, out)
    assert result.returncode == 1
    assert "không phải tệp Word .docx" in result.stderr and "Traceback" not in result.stderr
    assert not out.parent.exists()


def hyperlink_document() -> docx.document.Document:
    """An answer whose middle is a hyperlink to an external address."""
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("Câu 1. Văn bản nghị quyết đọc ở đâu?")
    answer = d.add_paragraph("Đọc văn bản chính thức trên ")
    relation = answer.part.relate_to("https://example.org/nghi-quyet", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK,
                                     is_external=True)
    link = docx.oxml.OxmlElement("w:hyperlink")
    link.set(docx.oxml.ns.qn("r:id"), relation)
    run_element = docx.oxml.OxmlElement("w:r")
    text = docx.oxml.OxmlElement("w:t")
    text.text = "trang tin của cơ quan ban hành"
    run_element.append(text)
    link.append(run_element)
    answer._p.append(link)
    answer.add_run(".")
    return d


def test_text_inside_a_hyperlink_is_kept(tmp_path):
    d = hyperlink_document()
    out = tmp_path / "docs/h.md"
    result = run(save(d, tmp_path / "h.docx"), out)
    assert result.returncode == 0, result.stderr
    assert "Đọc văn bản chính thức trên" in out.read_text("utf-8")
    assert "trang tin của cơ quan ban hành" in out.read_text("utf-8")
    assert_checker_passes(out)


FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Theo văn bản của Bộ Chính trị ngày 22/12/2024.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def footnote_document() -> docx.document.Document:
    """An answer with a footnote (a footnotes part added by hand: python-docx cannot write one)."""
    d = docx.Document()
    d.add_paragraph(INTRO)
    d.add_paragraph("Câu 1. Nghị quyết số 57-NQ/TW do cơ quan nào ban hành?")
    answer = d.add_paragraph("Bộ Chính trị ban hành nghị quyết.")
    part = docx.opc.part.Part(docx.opc.packuri.PackURI("/word/footnotes.xml"),
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                              FOOTNOTES.encode("utf-8"), d.part.package)
    d.part.relate_to(part, docx.opc.constants.RELATIONSHIP_TYPE.FOOTNOTES)
    reference = docx.oxml.OxmlElement("w:r")
    mark = docx.oxml.OxmlElement("w:footnoteReference")
    mark.set(docx.oxml.ns.qn("w:id"), "1")
    reference.append(mark)
    answer._p.append(reference)
    return d


def test_a_footnote_is_kept_as_a_markdown_footnote(tmp_path):
    d = footnote_document()
    out = tmp_path / "docs/n.md"
    result = run(save(d, tmp_path / "n.docx"), out)
    assert result.returncode == 0, result.stderr
    written = out.read_text("utf-8")
    assert re.search(r"Bộ Chính trị ban hành nghị quyết\.\[\^(\w+)\]", written)
    assert re.search(r"^\[\^\w+\]: Theo văn bản của Bộ Chính trị ngày 22/12/2024\.$", written, re.MULTILINE)
    assert "1 chú thích" in result.stdout
    assert_checker_passes(out)


def test_missing_information_names_the_option(tmp_path):
    d = docx.Document()
    d.add_paragraph("Câu 1. Nghị quyết do cơ quan nào ban hành?")
    d.add_paragraph("Bộ Chính trị.")
    result = run(save(d, tmp_path / "f.docx"), tmp_path / "docs/f.md")
    assert result.returncode == 1 and "--number" in result.stderr
    assert not (tmp_path / "docs").exists()


DOCUMENTS = {"clean": clean_document, "legacy": legacy_document, "table-image": table_image_document,
             "hyperlink": hyperlink_document, "footnote": footnote_document}  # what the damaged-file fuzz breaks


def cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes Vietnamese: letters with their shape marks, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in parts if mark in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONE_MARKS)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "utf-8"])
def test_plain_text_files_in_legacy_encodings(tmp_path, encoding):
    lines = [INTRO, "Câu 1. Nghị quyết do cơ quan nào ban hành?", "Bộ Chính trị ban hành nghị quyết."]
    text = "\n".join(lines)
    raw = {"tcvn3": lambda: unicode_to_tcvn3(text.lower()).encode("latin-1"),
           "vni": lambda: unicode_to_vni(text).encode("latin-1"), "cp1258": lambda: cp1258(text),
           "utf-8": lambda: text.encode("utf-8")}[encoding]()
    assert decode_bytes(raw).encoding == encoding
    source = tmp_path / "g.txt"
    source.write_bytes(raw)
    out = tmp_path / "docs/g.md"
    result = run(source, out, "--number", "57-NQ/TW", "--issuer", "Bộ Chính trị", "--level", "trung-uong",
                 "--name", "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
                 "--issued", "2024-12-22")
    assert result.returncode == 0, result.stderr
    expected = [line.lower() for line in lines[2:]] if encoding == "tcvn3" else lines[2:]
    assert_all_in_order(expected, out.read_text(encoding="utf-8"))
    assert_checker_passes(out)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["tcvn3", "vni"]))
def test_run_decoding_never_raises_and_gives_nfc(text, encoding):
    decoded = decode_run(text, encoding)
    if decoded is not None:
        assert unicodedata.is_normalized("NFC", decoded)
        if text.isascii():
            assert decoded == unicodedata.normalize("NFC", text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_byte_decoding_never_raises_and_is_stable(raw):
    decoded = decode_bytes(raw)
    assert unicodedata.is_normalized("NFC", decoded.text)
    if decoded.encoding == "utf-8":
        assert decode_bytes(decoded.text.encode("utf-8")).text == decoded.text



def test_the_guides_worked_example_gives_what_the_guide_shows(tmp_path):
    guide = (ROOT / "docs/huong-dan/soan-tai-lieu.md").read_text("utf-8").split("## Nhập từ Word", 1)[1]
    blocks = re.findall(r"```text\n(.*?)```", guide, re.DOTALL)
    source_lines, shown = blocks[0].strip().splitlines(), blocks[2]
    d = docx.Document()
    for line in source_lines:
        d.add_paragraph(line)
    out = tmp_path / "docs/57-nq-tw-2024.md"
    result = run(save(d, tmp_path / "57-nq-tw.docx"), out)
    assert result.returncode == 0, result.stderr
    assert "Câu 3 → Câu 2" in result.stdout
    written = out.read_text("utf-8")
    front, body = shown.split("…\n---\n", 1)
    for line in front.splitlines():
        assert line in written.split("\n---\n", 1)[0] + "\n---", line       # every front-matter line shown
    assert written.split("\n---\n", 1)[1].strip() == body.strip()              # the body exactly as shown
    assert_checker_passes(out)


# A title in capitals, the same resolution twice, the compiling board set once, make import


def capitals_document() -> docx.document.Document:
    d = docx.Document()
    d.add_paragraph("HỎI - ĐÁP NGHỊ QUYẾT SỐ 57-NQ/TW NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA "
                    "HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ QUỐC GIA (KHÓA XIII)")
    d.add_paragraph("Câu 1. Nghị quyết do cơ quan nào ban hành?")
    d.add_paragraph("Bộ Chính trị ban hành nghị quyết.")
    return d


def test_a_title_in_capitals_becomes_sentence_case_keeping_names_and_numbers(tmp_path):
    out = tmp_path / "docs/a.md"
    result = run(save(capitals_document(), tmp_path / "a.docx"), out)
    assert result.returncode == 0, result.stderr
    meta = parse(out.read_text("utf-8"), "a.md").meta
    assert meta.title == ("Hỏi - đáp Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
                          "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia (khóa XIII)")
    assert meta.resolution.name == ("về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
                                    "quốc gia")
    assert meta.resolution.term == "XIII"
    assert "không tìm thấy nguyên văn" not in result.stderr, result.stderr
    assert_checker_passes(out)


def docs_project(tmp_path: Path, extra: str = "") -> Path:
    """A project with the kit's mkdocs.yml (plus ``extra`` under ``extra:``) and an empty docs folder."""
    project = tmp_path / "kit"
    (project / "docs").mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(config.replace("extra:\n", f"extra:\n{extra}", 1), "utf-8")
    return project


def run_in(project: Path, source: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/import_docx.py"), str(source), "--config",
                           str(project / "mkdocs.yml"), *args], capture_output=True, text=True, timeout=120,
                          input=stdin, stdin=subprocess.DEVNULL if stdin is None else None)


def test_the_same_resolution_twice_is_refused_unless_force_which_replaces_it(tmp_path):
    project = docs_project(tmp_path, "  compiled_by: Ban Tuyên giáo Tỉnh ủy X\n")
    source = save(clean_document(), tmp_path / "a.docx")
    first = run_in(project, source)
    assert first.returncode == 0, first.stderr
    written = project / "docs/nghi-quyet/trung-uong/57-nq-tw.md"  # named like the samples
    assert parse(written.read_text("utf-8"), "x.md").meta.compiled_by == "Ban Tuyên giáo Tỉnh ủy X"  # mkdocs.yml
    moved = project / "docs/nghi-quyet/trung-uong/khoa-hoc.md"  # renamed by its board: still the same resolution
    written.rename(moved)
    again = run_in(project, source)
    assert again.returncode == 1, again.stdout
    assert "đã có tài liệu cho Nghị quyết số 57-NQ/TW (cấp Trung ương, ban hành năm 2024)" in again.stderr
    assert "khoa-hoc.md" in again.stderr and "--force" in again.stderr and "Không ghi tệp nào." in again.stderr
    assert sorted(p.name for p in moved.parent.iterdir()) == ["khoa-hoc.md"]
    moved.rename(written)
    written.write_text(written.read_text("utf-8").replace("Bộ Chính trị ban hành", "Sửa tay:"), "utf-8")
    forced = run_in(project, source, "--force")
    assert forced.returncode == 0, forced.stderr
    assert sorted(p.name for p in written.parent.iterdir()) == ["57-nq-tw.md"]  # replaced, not a second copy
    assert "Sửa tay:" not in written.read_text("utf-8")
    other = run_in(project, source, "--issued", "1/2/2019", "--number", "57-NQ/TW")  # same number, other year
    assert other.returncode == 0, other.stderr
    assert (written.parent / "57-nq-tw-2019.md").is_file() and written.is_file()


def test_missing_answers_are_read_from_piped_input(tmp_path):
    project = docs_project(tmp_path)
    d = docx.Document()
    d.add_paragraph("Câu 1. Nghị quyết do cơ quan nào ban hành?")
    d.add_paragraph("Ban Thường vụ.")  # the file names no resolution: every answer is asked
    answers = "05-NQ/TU\nvề phát triển du lịch\nBan Thường vụ Tỉnh ủy\n1/3/2024\n\nXVII\nBan Tuyên giáo\n"
    result = run_in(project, save(d, tmp_path / "f.docx"), stdin=answers)
    assert result.returncode == 0, result.stderr
    meta = parse((project / "docs/nghi-quyet/tinh/05-nq-tu.md").read_text("utf-8"), "x.md").meta
    assert (meta.level, meta.resolution.term, meta.resolution.issued.isoformat()) == ("tinh", "XVII", "2024-03-01")
    assert "Cơ quan ban hành: Ban Thường vụ Tỉnh ủy" in result.stdout  # each piped line said back with its question
    bad = run_in(project, save(d, tmp_path / "f.docx"), stdin=answers.replace("1/3/2024", "1/3/24"))
    assert bad.returncode == 1 and "ghi năm đủ bốn chữ số" in bad.stderr


def test_make_import_takes_make_variables(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    kit = copy_project(ROOT, tmp_path / "kit")
    shutil.copy2(ROOT / "Makefile", kit / "Makefile")
    (kit / "docs/nghi-quyet/trung-uong/57-nq-tw.md").unlink()  # the sample of this resolution
    source = save(capitals_document(), tmp_path / "tai lieu.docx")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}

    def make(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "import", *args, f"PY={sys.executable}", "-o", ".venv/.installed"], cwd=kit,
                              capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL)

    missing = make(f"FILE={source}")
    assert missing.returncode == 1 and "thêm COMPILED_BY=\"…\" vào lệnh" in missing.stderr, missing.stderr
    assert "make: ***" not in missing.stderr
    done = make(f"FILE={source}", "COMPILED_BY=Ban Tuyên giáo Tỉnh ủy Hòa Bình", "LEVEL=Trung ương")
    assert done.returncode == 0, done.stdout + done.stderr
    written = kit / "docs/nghi-quyet/trung-uong/57-nq-tw.md"
    assert parse(written.read_text("utf-8"), "x.md").meta.compiled_by == "Ban Tuyên giáo Tỉnh ủy Hòa Bình"
    assert "trình soạn thảo web: make edit, mục «Tài liệu cấp Trung ương»" in done.stdout  # where it opens
    twice = make(f"FILE={source}", "COMPILED_BY=Ban Tuyên giáo")
    assert twice.returncode == 1 and "thêm FORCE=1" in twice.stderr, twice.stderr
    forced = make(f"FILE={source}", "COMPILED_BY=Ban Tuyên giáo", "FORCE=1")
    assert forced.returncode == 0, forced.stderr
    no_file = make()
    assert no_file.returncode == 1 and "make import FILE=tai-lieu.docx" in no_file.stderr
