"""Link previews, meta descriptions and the small markup and colour fixes behind accessibility."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hoidap.site import preview_image, social
from hoidap.site.identity import TEXT_GROUNDS, contrast, readable, stylesheet
from hoidap.site.page_dom import PageDom
from PIL import Image

SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader).get("site_url")
BOOKLET = "nghi-quyet/trung-uong/19-nq-tw/index.html"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "meta" and (values.get("property") or values.get("name")):
            self.meta[values.get("property") or values.get("name") or ""] = values.get("content") or ""


def head(site: Path, path: str) -> _Head:
    parser = _Head()
    parser.feed((site / path).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize(("path", "lang", "locale", "kind"), [
    (BOOKLET, "vi", "vi_VN", "article"),
    ("en/" + BOOKLET, "en", "en_US", "article"),
    ("index.html", "vi", "vi_VN", "website"),
    ("en/index.html", "en", "en_US", "website"),
    ("huong-dan/soan-tai-lieu/index.html", "vi", "vi_VN", "website"),
])
def test_open_graph_tags_per_language(built_site, path, lang, locale, kind):
    page = head(built_site, path)
    meta = page.meta
    assert page.lang == lang
    assert meta["og:locale"] == locale
    assert meta["og:type"] == kind
    assert meta["og:title"] and meta["og:description"] == meta["description"]
    assert meta["og:site_name"] == ("Resolution Q&A" if lang == "en" else "Hỏi - đáp nghị quyết")
    assert meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"]
    image = meta["og:image"]
    if SITE_URL:
        assert meta["og:url"] == SITE_URL.rstrip("/") + "/" + path.removesuffix("index.html")
        assert image.startswith(SITE_URL)
        image_file = built_site / image.removeprefix(SITE_URL.rstrip("/") + "/")
    else:
        image_file = (built_site / path).parent / image
    assert image_file.is_file(), image


def test_booklet_preview_uses_its_title_and_written_description(built_site):
    meta = head(built_site, BOOKLET).meta
    assert meta["og:title"].startswith("Hỏi - đáp Nghị quyết số 19-NQ/TW")
    assert meta["description"].startswith("Tài liệu mẫu hỏi - đáp về thông tin chung")


def test_default_preview_image_is_a_1200x630_png(built_site):
    for name in ("xem-truoc.png", "xem-truoc.en.png"):
        with Image.open(built_site / "assets/images" / name) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))


def test_every_page_has_a_meta_description(built_site):
    pages = [path for path in built_site.rglob("*.html") if path.name != "404.html"]
    assert len(pages) > 10
    for path in pages:
        description = head(built_site, str(path.relative_to(built_site))).meta.get("description", "")
        assert description.strip(), path


def test_a_board_can_use_its_own_preview_image(site_factory):
    build = site_factory("board")  # the plugin's preview_image: assets/anh-xem-truoc.png, 800×418
    assert build.ok, build.output
    meta = head(build.site, BOOKLET).meta
    assert meta["og:image"] == SITE_URL + "assets/anh-xem-truoc.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("800", "418")
    assert (build.site / "assets/anh-xem-truoc.png").is_file()
    assert not (build.site / "assets/images/xem-truoc.png").exists()


def missing_preview_image(project: Path) -> None:
    """Written under ``extra:``, as sites did before the plugin had options: still read, and named so."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  preview_image: assets/khong-co.png\n", 1), encoding="utf-8")


def test_a_missing_own_preview_image_stops_the_build_in_vietnamese(site_factory):
    build = site_factory("missing-preview-image", edit=missing_preview_image)
    assert not build.ok
    assert "Traceback" not in build.output
    assert "extra.preview_image: không thấy tệp" in build.output
    assert not (build.site / "index.html").exists(), "no half-written site"


def test_preview_drawing_keeps_vietnamese_and_is_cached():
    first = preview_image.draw("Hỏi - đáp nghị quyết", "Học tập nghị quyết của Đảng.", "#a31d1d", "#8a5a00")
    assert preview_image.draw("Hỏi - đáp nghị quyết", "Học tập nghị quyết của Đảng.", "#a31d1d", "#8a5a00") is first
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (1200, 630)
    assert preview_image.fonts() is not None, "install fonts-noto-core (make system) for Vietnamese text"


def test_descriptions_are_written_or_derived():
    long = "Một câu rất dài " * 30
    assert social.description("  Mô tả   viết sẵn. ", None, "", "Trang", "vi") == "Mô tả viết sẵn."
    derived = social.description(None, None, f"<h1>Tên</h1><p>Ngắn.</p><p>{long}</p>", "Trang", "vi")
    assert derived.startswith("Một câu rất dài") and derived.endswith("…")
    assert len(derived) <= social.DESCRIPTION_LENGTH
    assert social.description(None, None, "<p>Ngắn.</p>", "Mô tả của trang web.", "vi") == "Mô tả của trang web."


def test_search_dialog_gets_a_name_and_head_hreflang_links_go():
    html = ('<html><head>\n    <link rel="alternate" href="./" hreflang="vi">\n'
            '    <link rel="alternate" href="/en/" hreflang="en">\n</head><body>'
            '<div class="md-search" data-md-component="search" role="dialog"><a hreflang="en" href="/en/">EN</a>'
            "</div></body></html>")
    fixed = fixed_markup(html, "en")
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in fixed
    assert 'rel="alternate"' not in fixed
    assert '<a hreflang="en" href="/en/">' in fixed, "the language menu keeps its links"
    assert 'aria-label="Tìm kiếm"' in fixed_markup(html, "vi")


def fixed_markup(html: str, lang: str) -> str:
    page = PageDom(html)
    page.fix_markup(lang)
    return page.serialise()


@pytest.mark.parametrize("colour", ["#a31d1d", "#ffcc00", "#e53935", "#ffffff", "#526cfe", "#00ff00"])
def test_any_configured_colour_gives_readable_text(colour):
    text = readable(colour)
    assert all(contrast(text, ground) >= 4.5 for ground in TEXT_GROUNDS)
    css = stylesheet({"primary": colour, "accent": colour})
    used = set(re.findall(r"--md-(?:primary-fg-color|accent-fg-color|typeset-a-color): (#[0-9a-f]{6})", css))
    assert used == {text}


def test_a_dark_enough_colour_is_kept_as_configured():
    assert readable("#a31d1d") == "#a31d1d"
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
