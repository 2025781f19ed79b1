"""The preview's error overlay (hoidap.site.preview, overrides/partials/hd-preview.html) without a browser: what it
holds, that an author's hostile text reaches the page as text, and that a published build has none of it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import jinja2
import lxml.html
import pytest
from conftest import ROOT
from hoidap.checking.checks import load
from hoidap.model.findings import Finding
from hoidap.site import preview

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes" {{ 7*7 }}'


def render(findings: list[Finding]) -> str:
    """The overlay partial as the theme renders it (MkDocs' Jinja environment does not autoescape)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    return env.get_template("partials/hd-preview.html").render(hd_preview=preview.overlay_of(findings))


@pytest.fixture
def previewing():
    yield preview.Preview("serve")
    preview.Preview("build")   # MkDocs' own link warnings back as they were


def test_hostile_paths_and_messages_reach_the_page_as_text():
    finding = Finding(f"nghi-quyet/{HOSTILE}.md", 7, "link", "error", f"liên kết '{HOSTILE}' không có")
    html = render([finding])
    overlay = lxml.html.fragment_fromstring(html)
    assert overlay.tag == "details"
    assert not overlay.xpath(".//script | .//img | .//@onerror")
    assert overlay.findtext(".//code") == f"nghi-quyet/{HOSTILE}.md:7"
    assert overlay.xpath("string(.//*[@class='hd-preview__message'])") == f"liên kết '{HOSTILE}' không có"
    assert "{{" in html and "49" not in html   # author text is never evaluated as a template


def test_errors_come_first_with_their_place_code_and_hint():
    findings = [Finding("b.md", 3, "telex", "warning", "còn sót phím Telex 'nhiemj'."),
                Finding("b.md", 9, "empty-answer", "error", "câu 2 chưa có câu trả lời; viết câu trả lời.")]
    overlay = lxml.html.fragment_fromstring(render(findings))
    assert overlay.findtext("summary") == "Tài liệu có 1 lỗi, 1 cảnh báo"
    items = overlay.xpath(".//li")
    assert [item.get("data-severity") for item in items] == ["error", "warning"]
    assert items[0].findtext("code") == "b.md:9"
    assert items[0].xpath("string(span[1])") == "Lỗi · empty-answer"
    assert items[1].xpath("string(span[1])") == "Cảnh báo · telex"


def test_a_preview_keeps_each_rebuilds_findings_and_drops_them_when_fixed(previewing):
    error = Finding("a.md", 2, "link", "error", "liên kết hỏng")
    assert previewing.hold([error])
    assert [item["place"] for item in previewing.overlay()["findings"]] == ["a.md:2"]
    assert previewing.hold([Finding("a.md", 2, "telex", "warning", "sót Telex")])  # next save: a warning only
    assert previewing.overlay() == {"active": True, "findings": []}


def test_outside_a_preview_findings_stop_the_build_as_before():
    built = preview.Preview("build")
    assert not built.hold([Finding("a.md", 2, "link", "error", "liên kết hỏng")])
    assert built.overlay() == {"active": False, "findings": []}


def test_a_page_that_cannot_be_rendered_gets_the_stand_in_text(previewing, tmp_path):
    (tmp_path / "a.md").write_text("> " * 40 + "Chữ.\n", "utf-8")
    (tmp_path / "b.md").write_text("# Trang\n\nChữ.\n", "utf-8")
    (tmp_path / "c.md").write_text("---\ntitle: [\n---\n\nChữ.\n", "utf-8")
    deep, fine, broken = load(tmp_path, "a.md"), load(tmp_path, "b.md"), load(tmp_path, "c.md")
    assert any(f.code == "nesting" for f in deep.findings) and fine.document is not None
    kept = previewing.renderable({"a.md": deep, "b.md": fine, "c.md": broken})
    assert kept["b.md"] is fine
    assert kept["a.md"].text is None and kept["a.md"].findings == deep.findings
    assert previewing.stand_in("a.md") == preview.STAND_IN
    assert previewing.stand_in("b.md") is None
    # a front matter that cannot be read hides nothing: the page is previewed from its body, the error in the overlay
    assert kept["c.md"] is broken and broken.document is not None and broken.findings
    assert previewing.stand_in("c.md") is None


def test_a_published_build_has_no_overlay_stylesheet_and_registers_its_worker(built_site):
    assert not list(built_site.rglob("preview*.css"))
    page = lxml.html.parse(str(built_site / "index.html")).getroot()
    assert not page.xpath("//*[contains(@class, 'hd-preview')]")
    offline = page.xpath("//script[contains(@src, 'offline.')]")
    assert offline and offline[0].get("data-preview") is None


def test_the_page_of_a_stopped_rebuild_shows_its_message_as_text_and_reloads_itself():
    page = lxml.html.document_fromstring(preview.failure_page(f"tệp {HOSTILE}: lỗi"))
    assert not page.xpath("//script | //img | //@onerror")
    assert page.findtext(".//code") == f"tệp {HOSTILE}: lỗi"
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == ["3"]
    assert page.get("lang") == "vi" and page.findtext(".//summary") == "Chưa dựng được trang xem trước"


def test_a_stopped_rebuild_empties_only_the_folder_mkdocs_made_for_serving(tmp_path):
    served = Path(tempfile.mkdtemp(prefix="mkdocs_"))   # as mkdocs serve makes it
    (served / "index.html").write_text("cũ", "utf-8")
    preview.show_only(served, "lỗi")
    assert sorted(p.name for p in served.iterdir()) == ["404.html"]
    shutil.rmtree(served)
    other = tmp_path / "mkdocs_site"                     # not in the temporary directory: never emptied
    other.mkdir()
    (other / "index.html").write_text("của người dùng", "utf-8")
    preview.show_only(other, "lỗi")
    assert (other / "index.html").read_text("utf-8") == "của người dùng"
    assert (other / "404.html").read_text("utf-8") == "lỗi"
