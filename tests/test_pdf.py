"""The PDF command: every booklet in A4 and A5, questions with their diacritics, fonts embedded, pages that
render, a cache that spares reprinting, links only to PDFs that exist, clear Vietnamese failures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM, OUTPUT, ROOT, copy_project, mkdocs_build
from hoidap.publishing import pdf_files
from hoidap.publishing.pdf_export import export
from PIL import Image, ImageStat
from test_site_build import TRANSLATED, sample_booklets

pytestmark = pytest.mark.browser
_PAGE_SIZE = re.compile(r"Page size:\s+([\d.]+) x ([\d.]+) pts")
HEADER_PT, FOOTER_PT = 46, 52  # the header and footer bands inside the top and bottom margins


def squash(text: str) -> str:
    """Text as compared with pdftotext's: NFC, without whitespace or list bullets (line breaks differ)."""
    return re.sub(r"[\s•◦▪]+", "", unicodedata.normalize("NFC", text))


def pdf_text(pdf: Path, body_only: bool = True) -> str:
    """The PDF's text in drawing order (-raw: no joining of words hyphenated at a line end); ``body_only``
    crops every page to its body, leaving out the header and footer."""
    if not body_only:
        return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(value) for value in _PAGE_SIZE.search(info).groups())
    crop = ["-x", "0", "-y", str(HEADER_PT), "-W", str(int(width) + 1), "-H", str(int(height) - HEADER_PT - FOOTER_PT)]
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *crop, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) for every font ``pdffonts`` lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = [line.split() for line in lines[2:] if line.strip()]
    return [(row[0], row[-5]) for row in rows]


def first_page_png(pdf: Path, name: str) -> Path:
    """Page 1 rendered at 60 dpi into test-output/screenshots/ (look at it)."""
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / name)], check=True)
    return folder / f"{name}.png"


@dataclass
class Printed:
    project: Path
    site: Path
    before: str          # a booklet page's HTML after the first build, before any PDF existed
    first: subprocess.CompletedProcess
    again: subprocess.CompletedProcess


def run_pdf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--quiet", *args],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    """What 'make build' does, in a copy of the project: build, print the PDFs, build again."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run 'make system' (or 'make test', which installs it)")
    project = copy_project(tmp_path_factory.mktemp("pdf-project"))
    site = project / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stdout + built.stderr
    before = (site / TRANSLATED / "index.html").read_text(encoding="utf-8")
    first = run_pdf("--config", str(project / "mkdocs.yml"), "--site", str(site))
    assert first.returncode == 0, first.stdout + first.stderr
    rebuilt = mkdocs_build(project, site)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    again = run_pdf("--config", str(project / "mkdocs.yml"), "--site", str(site))
    return Printed(project, site, before, first, again)


def booklet_pdfs(site: Path) -> dict[tuple[str, str, str], Path]:
    """(language, page path, paper) → the PDF beside that booklet page."""
    found = {}
    for lang in ("vi", "en"):
        prefix = "" if lang == "vi" else "en/"
        for path in sample_booklets(lang):
            for paper in pdf_files.PAPERS:
                name = pdf_files.pdf_name(f"{prefix}{path}/", paper, lang, "vi")
                found[lang, path, paper] = site / prefix / path / name
    return found


def test_every_booklet_has_an_a4_and_an_a5_pdf_with_every_question(printed):
    pdfs = booklet_pdfs(printed.site)
    assert len(pdfs) == 2 * (len(sample_booklets("vi")) + len(sample_booklets("en")))
    for (lang, path, _paper), pdf in pdfs.items():
        assert pdf.is_file(), pdf
        text = squash(pdf_text(pdf))
        booklet = sample_booklets(lang)[path]
        for question in booklet.questions:
            assert squash(question.text) in text, (pdf.name, question.number, question.text)
        assert squash(booklet.meta.resolution.number) in text


def test_pdfs_embed_every_font_and_print_the_header_footer_and_address(printed):
    for (lang, _path, _paper), pdf in booklet_pdfs(printed.site).items():
        listed = fonts(pdf)
        assert listed, pdf
        assert all(embedded == "yes" for _name, embedded in listed), (pdf, listed)
        whole = unicodedata.normalize("NFC", pdf_text(pdf, body_only=False))
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
        if lang == "vi":
            assert "Hỏi - đáp nghị quyết" in whole and re.search(r"Ngày in \d\d/\d\d/\d{4}", whole)
            assert f"Trang 1/{pages}" in whole and f"Trang {pages}/{pages}" in whole
        else:
            assert "Resolution Q&A" in whole and "Printed on " in whole and f"Page 1 of {pages}" in whole
        assert "https://hoidap.example.org/" in whole.replace("\n", "")


def test_pages_render_and_are_not_blank(printed):
    pdfs = booklet_pdfs(printed.site)
    for paper in pdf_files.PAPERS:
        png = first_page_png(pdfs["vi", TRANSLATED, paper], f"pdf-{TRANSLATED.rsplit('/', 1)[-1]}-{paper.lower()}")
        with Image.open(png) as image:
            width, height = image.size
            assert (height / width) == pytest.approx(2 ** 0.5, rel=0.02)  # A-series proportions
            assert ImageStat.Stat(image.convert("L")).stddev[0] > 20, png


def test_first_build_links_no_pdf_and_the_rebuild_links_pdfs_that_exist(printed):
    assert pdf_files.PLACEHOLDER in printed.before and 'class="hd-pdf-links' not in printed.before
    for lang, prefix in (("vi", ""), ("en", "en/")):
        for path in sample_booklets(lang):
            page = printed.site / prefix / path / "index.html"
            html = page.read_text(encoding="utf-8")
            hrefs = re.findall(r'<a href="([^"]+\.pdf)"', html)
            assert len(hrefs) == len(pdf_files.PAPERS), page
            assert all((page.parent / href).is_file() for href in hrefs), hrefs
            assert re.search(r'class="hd-pdf-links hd-screen-only"', html)
            assert ("Tải PDF" in html) == (lang == "vi") and ("Download PDF" in html) == (lang == "en")


def test_a_second_run_prints_nothing_new(printed):
    assert "in mới 0," in printed.again.stdout, printed.again.stdout
    assert printed.again.returncode == 0
    report = export(printed.site, printed.project / pdf_files.CACHE_DIR, "vi", progress=False)
    assert report.printed == 0 and report.reused == len(booklet_pdfs(printed.site))


def test_a_missing_site_is_a_clear_vietnamese_error(tmp_path):
    result = run_pdf("--site", str(tmp_path / "khong-co"), "--cache", str(tmp_path / "cache"))
    assert result.returncode == 1
    assert "Chưa có trang đã dựng" in result.stderr and "make build" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_write_leaves_no_half_written_pdf(tmp_path, monkeypatch):
    """Fault injection: the data is written, then the rename fails; neither the PDF nor its temporary file is left."""
    target = tmp_path / "a" / "tai-lieu-a4.pdf"

    def fail(*_args) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        pdf_files.write_published(target, b"%PDF-1.7 whole")
    assert list(target.parent.iterdir()) == []


def test_pdf_names_and_cache_keys_ignore_build_fingerprints_and_links():
    assert pdf_files.pdf_name("nghi-quyet/trung-uong/19-nq-tw/", "A4", "vi", "vi") == "19-nq-tw-a4.pdf"
    assert pdf_files.pdf_name("en/nghi-quyet/trung-uong/19-nq-tw/", "A5", "en", "vi") == "19-nq-tw-en-a5.pdf"
    plain = f'<h1>T</h1>{pdf_files.PLACEHOLDER}<link rel="stylesheet" href="a.css?v=123">'
    linked = '<h1>T</h1><p class="hd-pdf-links hd-screen-only">PDF <a href="x.pdf">A4</a></p>' \
             '<link rel="stylesheet" href="a.css?v=456">'
    assert pdf_files.normalise(plain) == pdf_files.normalise(linked)


def test_a_missing_chromium_is_a_clear_vietnamese_error(tmp_path, monkeypatch):
    from hoidap.publishing import pdf_export

    site = tmp_path / "site"
    (site / "tai-lieu").mkdir(parents=True)
    (site / "index.html").write_text("<html lang=\"vi\"></html>", encoding="utf-8")
    (site / "tai-lieu" / "index.html").write_text(f'<html lang="vi"><h1>T</h1>{pdf_files.PLACEHOLDER}</html>',
                                                  encoding="utf-8")
    monkeypatch.setattr(pdf_export, "CHROMIUM", str(tmp_path / "khong-co-chromium"))
    with pytest.raises(pdf_export.ExportError, match="Không thấy Chromium"):
        export(site, tmp_path / "cache", "vi", progress=False)
    assert not list(site.rglob("*.pdf"))


def test_the_printed_qr_code_reads_back_as_the_pages_address(printed, tmp_path):
    pdfs = booklet_pdfs(printed.site)
    for lang, prefix in (("vi", ""), ("en", "en/")):
        pdf = pdfs[lang, TRANSLATED, "A5"]
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
        image = tmp_path / f"last-{lang}"
        subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(pages), "-l", str(pages), "-singlefile",
                        str(pdf), str(image)], check=True)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", f"{image}.png"], capture_output=True, text=True)
        assert read.stdout.strip() == f"https://hoidap.example.org/{prefix}{TRANSLATED}/", read
