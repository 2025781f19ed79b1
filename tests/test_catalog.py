"""Catalog views and listings, on booklets made in the test."""

from __future__ import annotations

from pathlib import Path

from hoidap.model.booklet import parse
from hoidap.model.catalog import Catalog, Entry, tag_spellings
from hoidap.site import browse
from hoidap.site.card import card

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")


def booklet(name: str, level: str, issuer: str, issued: str, updated: str, tags: str):
    text = (FULL.replace("level: trung-uong", f"level: {level}")
            .replace('issuer: "Ban Chấp hành Trung ương"', f'issuer: "{issuer}"')
            .replace("issued: 2022-06-16", f"issued: {issued}")
            .replace("updated: 2022-07-01", f"updated: {updated}")
            .replace("tags: [nông nghiệp, nông thôn]", f"tags: [{tags}]")
            .replace('title: "Hỏi - đáp thử nghiệm"', f'title: "{name}"'))
    parsed = parse(text, f"{name}.md")
    assert parsed is not None
    return Entry(f"nq/{name}.md", f"nq/{name}/", parsed)


ENTRIES = [
    booklet("a", "tinh", "Ban Thường vụ Tỉnh ủy", "2021-03-01", "2024-01-01", "kinh tế"),
    booklet("b", "trung-uong", "Bộ Chính trị", "2024-12-22", "2025-05-01", "khoa học, Đảng"),
    booklet("c", "trung-uong", "Ban Chấp hành Trung ương", "2022-06-16", "2023-01-01", "đất đai"),
    booklet("d", "co-so", "Đảng ủy xã", "2022-01-01", "2025-06-01", "kinh tế"),
]
CATALOG = Catalog(ENTRIES, "vi")


def names(entries) -> list[str]:
    return [e.booklet.title for e in entries]


def test_newest_updated_first():
    assert names(CATALOG.newest()) == ["d", "b", "a", "c"]
    assert names(CATALOG.newest(2)) == ["d", "b"]


def test_by_level_follows_the_schema_order():
    groups = CATALOG.by_level()
    assert [(g.title, names(g.entries)) for g in groups] == [
        ("Trung ương", ["b", "c"]), ("Tỉnh, thành phố", ["a"]), ("Cơ sở", ["d"])]
    assert [g.anchor for g in groups] == ["trung-uong", "tinh", "co-so"]


def test_by_issuer_sorts_vietnamese_names_ignoring_diacritics():
    assert [g.title for g in CATALOG.by_issuer()] == [
        "Ban Chấp hành Trung ương", "Ban Thường vụ Tỉnh ủy", "Bộ Chính trị", "Đảng ủy xã"]


def test_by_year_newest_first():
    assert [(g.title, names(g.entries)) for g in CATALOG.by_year()] == [
        ("2024", ["b"]), ("2022", ["d", "c"]), ("2021", ["a"])]


def test_by_tag_groups_every_tag_with_folded_anchors():
    groups = {g.title: (g.anchor, names(g.entries)) for g in CATALOG.by_tag()}
    assert groups["kinh tế"] == ("kinh-te", ["d", "a"])
    assert groups["Đảng"] == ("dang", ["b"])
    assert groups["đất đai"] == ("dat-dai", ["c"])


def test_listing_markdown_has_a_heading_and_placeholder_per_group():
    listed = browse.groups("level", CATALOG)
    text = browse.markdown("level", CATALOG, listed)
    assert "## Trung ương {#trung-uong}" in text
    assert text.count("<!-- hoidap-list ") == 3
    filled = browse.fill(text, lambda index: f"[{index}]")
    assert "[0]" in filled and "[2]" in filled and "hoidap-list" not in filled


def test_listing_items_link_relative_to_the_listing_page():
    (group,) = browse.groups("newest", CATALOG, limit=1)
    (item,) = browse.items(group, "tra-cuu/theo-nam/", "vi")
    assert item.href == "../../nq/d/"
    assert item.title == "d"
    assert "2 câu hỏi" not in item.facts and "3 câu hỏi" in item.facts
    assert "Cập nhật 1/6/2025" in item.facts


def test_home_summary_and_empty_catalog():
    listed = browse.groups("newest", CATALOG)
    assert "4 tài liệu, 12 câu hỏi." in browse.markdown("newest", CATALOG, listed)
    empty = Catalog([], "en")
    assert "No booklets yet." in browse.markdown("tag", empty, browse.groups("tag", empty))


def test_titles_are_escaped_in_markdown_headings():
    assert browse.escape("A *b* [c]") == r"A \*b\* \[c\]"


# --- Topics: one per tag whatever its case or accents, in one spelling -------------------------------------

MIXED = Catalog([
    booklet("m1", "trung-uong", "Bộ Chính trị", "2024-01-01", "2025-03-01", "Chuyển đổi số, khoa học"),
    booklet("m2", "trung-uong", "Bộ Chính trị", "2024-01-01", "2025-02-01", "chuyển đổi số, Khoa  học"),
    booklet("m3", "trung-uong", "Bộ Chính trị", "2024-01-01", "2025-01-01", "chuyen doi so, CHUYỂN ĐỔI SỐ"),
], "vi")


def test_tags_differing_in_case_or_accents_are_one_topic_in_its_most_common_spelling():
    groups = {g.title: (g.anchor, names(g.entries)) for g in MIXED.by_tag()}
    # "Chuyển đổi số" 1, "chuyển đổi số" 1, "chuyen doi so" 1, "CHUYỂN ĐỔI SỐ" 1: a tie, the first seen wins
    # (newest first); "khoa học" 1 and "Khoa  học" 1: the same, spaces collapsed
    assert groups == {"Chuyển đổi số": ("chuyen-doi-so", ["m1", "m2", "m3"]), "khoa học": ("khoa-hoc", ["m1", "m2"])}


def test_the_most_common_spelling_beats_the_first_seen():
    assert tag_spellings(["Đảng", "đảng", "đảng", "Dang"]) == {"dang": "đảng"}
    assert tag_spellings(["Kinh tế", "kinh tế"]) == {"kinh te": "Kinh tế"}
    assert tag_spellings([]) == {}


def test_a_booklet_is_listed_once_under_a_topic_it_names_twice():
    (group,) = [g for g in MIXED.by_tag() if g.anchor == "chuyen-doi-so"]
    assert names(group.entries).count("m3") == 1


def test_the_card_shows_the_sites_spelling_and_links_to_the_topics_section():
    m2 = next(e for e in MIXED.entries if e.booklet.title == "m2").booklet
    shown = card(m2, "vi", "../tra-cuu/theo-chu-de/", MIXED.tag_name)
    assert [(t.text, t.url) for t in shown.tags] == [
        ("Chuyển đổi số", "../tra-cuu/theo-chu-de/#chuyen-doi-so"), ("khoa học", "../tra-cuu/theo-chu-de/#khoa-hoc")]
    assert [t.text for t in card(m2, "vi").tags] == ["chuyển đổi số", "Khoa  học"]   # outside a site: as written


def test_the_topic_index_counts_each_topics_booklets():
    listed = browse.groups("tag", MIXED)
    text = browse.markdown("tag", MIXED, listed)
    assert text.index("<!-- hoidap-list topics -->") < text.index("## ")
    assert [(t.title, t.anchor, t.count) for t in browse.topics(listed, "vi")] == [
        ("Chuyển đổi số", "chuyen-doi-so", "3 tài liệu"), ("khoa học", "khoa-hoc", "2 tài liệu")]
    assert [t.count for t in browse.topics(listed, "en")] == ["3 booklets", "2 booklets"]


def test_fill_leaves_a_placeholder_it_does_not_know():
    html = "<p>a</p><!-- hoidap-list 7 --><!-- hoidap-list topics -->"
    filled = browse.fill(html, lambda word: "<b>index</b>" if word == browse.TOPICS else None)
    assert "<b>index</b>" in filled and "hoidap-list 7" in filled


def test_listed_items_carry_the_resolutions_name_and_the_description():
    (group,) = browse.groups("newest", CATALOG, limit=1)
    (item,) = browse.items(group, "", "vi")
    assert item.name == "về nông nghiệp, nông dân, nông thôn"
    assert item.description == "Tài liệu dùng cho kiểm thử."
