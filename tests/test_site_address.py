"""sample-site-url: make build and make publish warn, in Vietnamese with the fix, while mkdocs.yml keeps the kit's
sample address (it would be printed on every PDF with its QR code, and land in the sitemap and the feeds)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from hoidap.checking.site_address import SAMPLE_SITE_URL, built_with_sample, is_sample, sample_site_url
from hoidap.model import siteconfig
from hoidap.model.codes import CODES

WARNING = re.compile(r"^mkdocs\.yml:(\d+): sample-site-url: \[cảnh báo\] site_url vẫn là địa chỉ mẫu "
                     r"https://hoidap\.example\.org/ .*Ghi địa chỉ thật của trang vào dòng 'site_url:'", re.MULTILINE)


def test_the_kit_ships_the_sample_address_and_the_code_is_a_site_warning():
    config = siteconfig.read(ROOT / "mkdocs.yml")
    assert config.site_url == SAMPLE_SITE_URL
    assert CODES["sample-site-url"].severity == "warning" and CODES["sample-site-url"].scope == "site"


@pytest.mark.parametrize(("url", "sample"), [
    ("https://hoidap.example.org/", True), ("https://HOIDAP.example.org/hoi-dap/", True),
    ("http://hoidap.example.org", True), ("https://hoidap.tinhuy.vn/", False),
    ("https://to-chuc.github.io/hoi-dap/", False), ("https://example.org/", False), ("", False), (None, False),
    ("http://[::1", False),
])
def test_what_counts_as_the_sample_address(url, sample):
    assert is_sample(url) is sample


def test_the_warning_names_the_line_and_no_warning_for_a_real_address(tmp_path):
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    finding = sample_site_url(siteconfig.read(config), config)
    assert finding is not None and finding.severity == "warning"
    assert text.splitlines()[finding.line - 1].startswith("site_url:")
    config.write_text(text.replace(SAMPLE_SITE_URL, "https://hoidap.tinhuy.vn/"), encoding="utf-8")
    assert sample_site_url(siteconfig.read(config), config) is None
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", text), encoding="utf-8")
    assert sample_site_url(siteconfig.read(config), config) is None


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The project built by scripts/build.py (no PDFs) with the sample address, run from the project folder."""
    project = copy_project(tmp_path_factory.mktemp("sample") / "project")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build.py"), "--config", "mkdocs.yml", "--no-pdf"],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def test_build_warns_after_building(built):
    project, result = built
    match = WARNING.search(result.stderr)
    assert match, result.stderr
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert lines[int(match.group(1)) - 1] == "site_url: https://hoidap.example.org/"
    assert "Đã dựng xong trang" in result.stdout and "Traceback" not in result.stderr
    assert built_with_sample(project / "site") == SAMPLE_SITE_URL  # what the sitemap carries


def test_publish_warns_about_the_site_it_publishes(built, tmp_path):
    project, _ = built
    target = tmp_path / "target"
    target.mkdir()
    result = subprocess.run([sys.executable, str(ROOT / "scripts/publish.py"), "publish", str(target), "--site",
                             str(project / "site")], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cảnh báo: sample-site-url: trang sắp xuất bản mang địa chỉ mẫu https://hoidap.example.org/" \
        in result.stderr, result.stderr
    assert "Ghi địa chỉ thật của trang vào dòng 'site_url:'" in result.stderr
    assert (target / "current").is_symlink()


def test_no_warning_for_a_site_without_the_sample(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert built_with_sample(site) is None  # no sitemap
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://hoidap.tinhuy.vn/</loc></url></urlset>", encoding="utf-8")
    assert built_with_sample(site) is None
    (site / "sitemap.xml").write_text("<urlset><url><loc>", encoding="utf-8")  # broken: nothing to say
    assert built_with_sample(site) is None
