"""The real site, built strictly: cards, anchors, listings, languages, no foreign origins, clean errors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build, parse_file

DOCS = ROOT / "docs"
TRANSLATED = "nghi-quyet/trung-uong/19-nq-tw"


def sample_booklets(lang: str = "vi") -> dict[str, object]:
    """Every booklet in docs/ for ``lang``, keyed by its page path (``folder/name``)."""
    found = {}
    for path in sorted(DOCS.rglob("*.md")):
        suffixes = path.suffixes
        is_en = len(suffixes) > 1 and suffixes[-2] == ".en"
        if is_en != (lang == "en"):
            continue
        booklet = parse_file(path, str(path.relative_to(DOCS)))
        if booklet:
            stem = str(path.relative_to(DOCS)).removesuffix(".md").removesuffix(".en")
            found[stem] = booklet
    return found


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs and tag in {"h1", "h2", "h3", "h4"}:
            self.ids.append(attrs["id"])
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in {"canonical", "alternate"}:
            self.resources.append(attrs["href"])


def read_page(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_there_are_at_least_three_sample_booklets_of_eight_questions():
    booklets = sample_booklets()
    assert len(booklets) >= 3
    for path, booklet in booklets.items():
        assert len(booklet.questions) >= 8, path
        assert [q.number for q in booklet.questions] == list(range(1, len(booklet.questions) + 1)), path
    assert TRANSLATED in sample_booklets("en")


def test_every_booklet_page_has_its_card_and_stable_question_anchors(built_site):
    for path, booklet in sample_booklets().items():
        html = read_page(built_site, path)
        assert 'class="hd-card"' in html
        assert booklet.meta.resolution.number in html
        parser = _Ids()
        parser.feed(html)
        question_ids = [i for i in parser.ids if i.startswith("cau-")]
        assert question_ids == [q.anchor for q in booklet.questions], path
        for part in booklet.parts:
            if part.heading:
                assert re.fullmatch(r"[a-z0-9-]+", parser.ids[parser.ids.index(question_ids[0]) - 1] or "x")


def test_english_translation_is_built_with_english_labels(built_site):
    html = read_page(built_site, f"en/{TRANSLATED}")
    assert 'lang="en"' in html
    assert "Issued by" in html and "Cơ quan ban hành" not in html
    assert 'id="cau-1"' in html


def test_no_fallback_copies_of_untranslated_pages(built_site):
    translated = set(sample_booklets("en"))
    for path in sample_booklets():
        assert (built_site / "en" / path / "index.html").exists() == (path in translated), path


def test_home_and_browse_pages_list_every_booklet(built_site):
    booklets = sample_booklets()
    home = read_page(built_site, ".")
    for path in booklets:
        assert f'href="{path}/"' in home, path
    for view in ("theo-cap", "theo-co-quan", "theo-nam", "theo-chu-de"):
        html = read_page(built_site, f"tra-cuu/{view}")
        for path in booklets:
            assert f'href="../../{path}/"' in html, (view, path)
    by_year = read_page(built_site, "tra-cuu/theo-nam")
    years = [int(y) for y in re.findall(r'<h2 id="nam-(\d{4})"', by_year)]
    assert years == sorted(years, reverse=True) and years


def test_home_lists_newest_updated_first(built_site):
    booklets = sample_booklets()
    home = read_page(built_site, ".")
    positions = {path: home.index(f'href="{path}/"') for path in booklets}
    ordered = sorted(booklets, key=lambda p: positions[p])
    dates = [booklets[p].meta.updated for p in ordered]
    assert dates == sorted(dates, reverse=True)


def test_sidebar_does_not_list_booklets(built_site):
    """Navigation stays the same size however many booklets the site holds."""
    for path in sample_booklets():
        html = read_page(built_site, path)
        sidebar = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
        assert "/nghi-quyet/" not in sidebar


def test_no_request_can_leave_the_site(built_site):
    for html_path in built_site.rglob("*.html"):
        parser = _Ids()
        parser.feed(html_path.read_text(encoding="utf-8"))
        foreign = [r for r in parser.resources if re.match(r"(https?:)?//", r)]
        assert not foreign, (html_path, foreign)
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "@import" not in css.read_text(encoding="utf-8"), css


def test_identity_colours_come_from_configuration(built_site):
    css = next((built_site / "assets/stylesheets").glob("identity.*.css")).read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #a31d1d" in css


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ('title: "Thiếu dấu đóng\n', 2, "ngoặc kép"),
        ("title: Được\nresolution:\n  number: 18-NQ/TW\n", 3, "thiếu trường bắt buộc"),
    ],
)
def test_a_broken_booklet_stops_the_build_with_file_line_and_no_traceback(tmp_path, front_matter, line, words):
    """The build stops with the front matter's error and, in the same run, the body's own mistakes."""
    project = copy_project(tmp_path / "project")
    text = f"---\n{front_matter}---\n\n## Câu 1. Hỏi?\n\nĐáp.\n\n## Câu 3. Hỏi nữa?\n\nĐáp.\n"
    (project / "docs/nghi-quyet/hong.md").write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert re.search(rf"nghi-quyet/hong\.md:\d+: front-matter: .*{words}", output), output
    assert f"nghi-quyet/hong.md:{line}:" in output, output
    gap = text.split("\n").index("## Câu 3. Hỏi nữa?") + 1
    assert f"nghi-quyet/hong.md:{gap}: numbering:" in output, output


def test_a_bad_colour_in_mkdocs_yml_is_explained(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('"#a31d1d"', '"đỏ"'), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "plugins.hoidap.colors.primary: màu 'đỏ' phải viết dạng mã hex" in output, output


def test_options_written_under_extra_as_before_the_plugin_still_apply(tmp_path):
    """A site configured before the plugin existed (colours, search size under ``extra:``) builds the same."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^      colors:\n(?:        .*\n)+", "", text)
    config.write_text(text.replace("\nextra:\n", '\nextra:\n  colors:\n    primary: "#123456"\n'
                                   "  offline_search_kb: 7\n", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<meta name="theme-color" content="#123456">' in read_page(tmp_path / "site", "")
    assert 'Number("7000")' in (tmp_path / "site" / "sw.js").read_text("utf-8")
    config.write_text(text.replace("\nextra:\n", '\nextra:\n  colors:\n    primary: "đỏ"\n', 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site2")
    assert result.returncode != 0 and "mkdocs.yml: extra.colors.primary: màu 'đỏ'" in result.stdout + result.stderr


def test_no_edit_link_unless_configured(built_site):
    assert 'rel="edit"' not in read_page(built_site, TRANSLATED)


def test_edit_link_comes_from_configuration(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# edit_uri: https://github.com/to-chuc/kho/edit/main/docs/",
        "edit_uri: https://git.example.vn/ban-tuyen-giao/hoi-dap/edit/main/docs/"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = read_page(tmp_path / "site", TRANSLATED)
    assert ('href="https://git.example.vn/ban-tuyen-giao/hoi-dap/edit/main/docs/'
            f'{TRANSLATED}.md"') in html


def test_a_checker_error_stops_the_build_with_the_checkers_message(tmp_path):
    project = copy_project(tmp_path / "project")
    booklet = project / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
    booklet.write_text(booklet.read_text(encoding="utf-8").replace("### Câu 2.", "### Câu 20."), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert re.search(r"nghi-quyet/trung-uong/19-nq-tw\.md:\d+: numbering: sau câu 1 là Câu 20", output), output


def test_the_404_page_is_in_the_main_language(built_site):
    page = (built_site / "404.html").read_text("utf-8")
    assert '<html lang="vi"' in page
    assert "<h1>Không tìm thấy trang</h1>" in page and "Về trang chủ" in page
    assert "Not found" not in page
