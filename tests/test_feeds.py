"""What tells the outside world about new booklets: the Atom feeds, robots.txt, the sitemap's dates and
the "Mới cập nhật" page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import ROOT, parse_file

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://hoidap.example.org/"
BOOKLETS = {path.relative_to(ROOT / "docs").as_posix(): parse_file(path)
            for path in sorted((ROOT / "docs" / "nghi-quyet").rglob("*.md"))}
VI = {path: b for path, b in BOOKLETS.items() if not path.endswith(".en.md")}
EN = {path: b for path, b in BOOKLETS.items() if path.endswith(".en.md")}
assert VI and EN, "the sample has booklets in both languages"


def page_url(path: str) -> str:
    stem = path.removesuffix(".en.md").removesuffix(".md")
    return ("en/" if path.endswith(".en.md") else "") + stem + "/"


def feed_entries(site, name: str) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.parse(site / name).getroot()
    return root, root.findall(f"{ATOM}entry")


def test_each_language_has_a_feed_of_its_booklets_newest_first(built_site):
    for name, booklets in (("feed.xml", VI), ("en/feed.xml", EN)):
        root, entries = feed_entries(built_site, name)
        assert root.find(f"{ATOM}id").text == SITE + name
        ids = [entry.find(f"{ATOM}id").text for entry in entries]
        assert sorted(ids) == sorted(SITE + page_url(path) for path in booklets)
        dates = [entry.find(f"{ATOM}updated").text for entry in entries]
        assert dates == sorted(dates, reverse=True)
        assert root.find(f"{ATOM}updated").text == dates[0]
        for entry in entries:
            path = next(p for p in booklets if SITE + page_url(p) == entry.find(f"{ATOM}id").text)
            meta = booklets[path].meta
            assert entry.find(f"{ATOM}title").text == meta.title
            assert entry.find(f"{ATOM}updated").text == f"{meta.updated.isoformat()}T00:00:00Z"
            assert entry.find(f"{ATOM}summary").text
            assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == list(meta.tags)


def test_every_page_announces_its_languages_feed(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Tài liệu mới cập nhật" href="feed.xml">' in home
    english = (built_site / page_url(next(iter(EN))) / "index.html").read_text("utf-8")
    assert 'title="Recently updated booklets" href="../../../feed.xml"' in english


def test_robots_allows_everything_and_names_the_sitemap(built_site):
    assert (built_site / "robots.txt").read_text("utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://hoidap.example.org/sitemap.xml\n")


def test_the_sitemap_dates_a_booklet_by_its_update(built_site):
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    for path, booklet in VI.items():
        block = re.search(rf"<loc>{re.escape(SITE + page_url(path))}</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap)
        assert block and block.group(1) == booklet.meta.updated.isoformat(), path


def test_the_updates_page_lists_every_booklet_by_month_with_the_feed(built_site):
    page = (built_site / "moi-cap-nhat" / "index.html").read_text("utf-8")
    months = re.findall(r'<h2 id="thang-(\d\d)-(\d{4})"', page)
    assert months == sorted(months, key=lambda m: (m[1], m[0]), reverse=True) and months
    for path, booklet in VI.items():
        month = f"thang-{booklet.meta.updated.month:02d}-{booklet.meta.updated.year}"
        section = page.split(f'id="{month}"')[1].split("<h2")[0]
        assert booklet.meta.title in section, path
    assert 'href="../feed.xml" type="application/atom+xml">Nhận tin tài liệu mới' in page
    english = (built_site / "en" / "moi-cap-nhat" / "index.html").read_text("utf-8")
    assert "Recently updated" in english and "Get news of new booklets" in english


def test_without_a_site_address_there_is_no_feed_and_robots_names_no_sitemap(site_factory):
    build = site_factory("no-site-url")
    assert build.ok, build.output
    assert (build.site / "index.html").is_file() and (build.site / "moi-cap-nhat" / "index.html").is_file()
    assert not (build.site / "feed.xml").exists() and not (build.site / "en" / "feed.xml").exists()
    assert (build.site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    assert "application/atom+xml" not in (build.site / "moi-cap-nhat" / "index.html").read_text("utf-8")
