"""The search index built from records: folding, tone placement, NFD, shards, pairs, records."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import unicodedata

import pytest
from hoidap.model.booklet import parse
from hoidap.site import offline, page_dom
from hoidap.site.search_index import PageIndex, build, fnv1a, named, pair_shard, shard_count, word_shard
from hoidap.site.search_records import Record, booklet_records, page_records
from hoidap.vietnamese.vntext import fold, tone_key, words


def _words(files: dict[str, str]) -> dict[str, list]:
    out = {}
    for name, text in files.items():
        if name.startswith("s"):
            out.update(json.loads(text)["w"])
    return out


def test_fnv1a_matches_the_reference_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_nfd_and_nfc_records_give_the_same_index():
    text = "Hội nghị trực tuyến với nhiều điểm cầu"
    nfc = build([Record("a/", "Câu hỏi", text)], 4)
    nfd = build([Record("a/", "Câu hỏi", unicodedata.normalize("NFD", text))], 4)
    assert nfc == nfd


def test_both_tone_placements_are_one_spelling():
    assert tone_key("hoà") == tone_key("hòa") and tone_key("thuỷ") == tone_key("thủy")
    assert tone_key("uỷ") == tone_key("ủy") and tone_key("dương") != tone_key("đường")
    index = _words(build([Record("a/", "hoà", ""), Record("b/", "hòa", "")], 1))
    forms, postings = index["hoa"]
    assert len(forms) == 1 and postings == [0, 1 << 8, 1, 1, 1 << 8, 1]


def test_spellings_are_kept_apart_under_one_folded_word():
    index = _words(build([Record("a/", "dương", ""), Record("b/", "", "đường")], 1))
    forms, postings = index["duong"]
    assert forms == [tone_key("dương"), tone_key("đường")]
    assert postings == [0, 1 << 8, 1, 1, 1 << 4, 2]  # title once, form 0; then text once, form 1


def test_words_and_pairs_live_in_the_shards_the_browser_computes():
    records = [Record(f"p{n}/", f"Câu hỏi số {n} về nông thôn", "đổi mới sáng tạo") for n in range(40)]
    files = build(records, 8)
    for name, text in files.items():
        if not name.startswith("s"):
            continue
        shard = int(name[1:-5])
        data = json.loads(text)
        assert all(word_shard(word, 8) == shard for word in data["w"])
        assert all(pair_shard(pair, 8) == shard for pair in data["p"])
        assert data["n"] == 40
    assert any("nong thon" in json.loads(t)["p"] for n, t in files.items() if n.startswith("s"))
    assert "\\u" not in "".join(files.values()), "Vietnamese letters stay readable UTF-8"


def test_question_label_is_shown_not_indexed():
    files = build([Record("a/#cau-5", "Hội nghị có mấy điểm?", "Hai.", label="Câu 5.")], 1)
    assert "cau" not in _words(files)
    assert json.loads(files["d0.json"])[0][5] == "Câu 5."


def test_booklets_then_their_questions_then_other_pages():
    records = [Record("guide/", "Hướng dẫn", "x"), Record("b/#cau-1", "Hỏi", "y", "B", "b/", booklet=True),
               Record("b/", "B", "z", booklet=True)]
    files = build(records, 1)
    shard = json.loads(files["s0.json"])
    assert (shard["n"], shard["t"], shard["b"]) == (3, 1, 2)
    assert [record[0] for record in json.loads(files["d0.json"])] == ["b/", "b/#cau-1", "guide/"]


def test_labels_and_resolution_numbers_find_their_records_in_the_shards_the_browser_computes():
    records = [Record(f"b{b}/#cau-{n}", "Hỏi?", "Đáp.", f"B{b}", f"b{b}/", label=f"Câu {n}.", booklet=True,
                      resolution=f"{b}-NQ/TW") for b in (19, 57) for n in (1, 2, 3)]
    records += [Record("b57/", "B57", "", booklet=True, resolution="57-NQ/TW"), Record("guide/", "Câu 1.", ""),
                Record("b71/#cau-2", "Hỏi?", "", "B71", "b71/", label="Câu hỏi 2:", booklet=True)]
    files = build(records, 8)
    shards = {int(name[1:-5]): json.loads(text) for name, text in files.items() if name.startswith("s")}
    labels = shards[pair_shard("cau 2", 8)]["q"]
    numbers = shards[word_shard("57", 8)]["r"]
    order = [record[0] for name in sorted(files) if name.startswith("d") for record in json.loads(files[name])]

    def docs(gaps: list[int]) -> list[str]:
        at = list(itertools.accumulate(gaps))
        return [order[n] for n in at]

    assert docs(labels["cau 2"]) == ["b19/#cau-2", "b57/#cau-2", "b71/#cau-2"]
    assert docs(numbers["57"]) == ["b57/", "b57/#cau-1", "b57/#cau-2", "b57/#cau-3"]
    assert sum(len(shard["q"]) for shard in shards.values()) == 3, "the guide's heading is no label"


def test_shard_count_grows_in_powers_of_two():
    counts = [shard_count(n) for n in (0, 10_000, 100_000, 1_000_000, 10_000_000)]
    assert counts == sorted(counts) and counts[0] == 1
    assert all(c & (c - 1) == 0 for c in counts)


def test_words_fold_and_keep_khmer():
    assert words("Đổi mới, 2025-NQ/TW") == ["đổi", "mới", "2025", "nq", "tw"]
    assert fold("ĐIỂM CẦU") == "diem cau"
    assert words("ស្រុក ឃ្លាំង") == ["ស្រុក", "ឃ្លាំង"]


BOOKLET = """---
title: "Hỏi - đáp thử"
resolution:
  number: "57-NQ/TW"
  name: "Về thử"
  issuer: "Bộ Chính trị"
  issued: 2024-12-22
level: trung-uong
compiled_by: "Ban Tuyên giáo"
updated: 2026-01-01
---

Mở đầu.

## Phần I. Chung

### Câu 1. Hỏi một?

Đáp một.
"""

CONTENT = ('<p>Mở đầu.</p><h2 id="phan-i-chung">Phần I. Chung</h2>'
           '<h3 id="cau-1">Câu 1. Hỏi một?<a class="headerlink" href="#cau-1">#</a></h3><p>Đáp một.</p>')


def test_booklet_records_are_the_booklet_then_each_question():
    booklet = parse(BOOKLET, "thu.md")
    records = booklet_records(booklet, "thu/", CONTENT)
    assert [r.location for r in records] == ["thu/", "thu/#cau-1"]
    question = records[1]
    assert (question.label, question.title, question.text) == ("Câu 1.", "Hỏi một?", "Đáp một.")
    assert question.page_title == "Hỏi - đáp thử" and "57-NQ/TW" in question.context
    assert records[0].resolution == question.resolution == "57-NQ/TW"
    assert "Mở đầu." in records[0].text and "57-NQ/TW" in records[0].text


def test_page_records_are_the_opening_then_each_section():
    content = ('<h1 id="t">Trang</h1><p>Mở.</p><h2 id="a">A</h2><p>Một.</p>'
               '<h3 id="b">B</h3><p>Hai.</p><h2 id="c">C</h2><p>Ba &amp; bốn.</p>')
    records = page_records("Trang", "p/", content)
    assert [(r.location, r.title, r.text) for r in records] == [
        ("p/", "Trang", "Mở."), ("p/#a", "A", "Một."), ("p/#b", "B", "Hai."), ("p/#c", "C", "Ba & bốn.")]


PAGES = [("thu.md", "thu/", "Hỏi - đáp thử", CONTENT),
         ("trang.md", "trang/", "Trang", '<p>Mở đầu trang.</p><h2 id="a">A</h2><p>Một câu hỏi.</p>'),
         ("thu-hai.md", "thu-hai/", "Hỏi - đáp hai", CONTENT.replace("Đáp một", "Đáp hai"))]


def _in_this_process(pages, booklets) -> dict[str, str]:
    records = [r for source, url, title, content in pages for r in
               (booklet_records(booklets[source], url, content) if source in booklets else
                page_records(title, url, content))]
    return build(records, 2)


def _fed(pages, final, booklets) -> dict[str, str]:
    index = PageIndex(2, "khóa", booklets)
    for page in pages:
        index.page(*page)
    index.finish(final)
    return index.files()


def test_the_index_made_beside_the_build_is_the_one_made_at_the_end():
    booklets = {"thu.md": parse(BOOKLET, "thu.md"), "thu-hai.md": parse(BOOKLET, "thu-hai.md")}
    expected = _in_this_process(PAGES, booklets)
    assert _fed(PAGES, PAGES, booklets) == expected
    assert _fed(PAGES[::-1], PAGES, booklets) == expected  # pages converted in another order
    assert _fed(PAGES[:2], PAGES, booklets) == expected   # a page never handed over
    changed = [*PAGES[:2], (*PAGES[2][:3], PAGES[2][3].replace("hai", "ba"))]  # changed after it converted
    assert _fed(PAGES, changed, booklets) == _in_this_process(changed, booklets) != expected


def test_without_fork_or_when_the_second_process_fails_the_index_is_made_here(monkeypatch):
    booklets = {"thu.md": parse(BOOKLET, "thu.md"), "thu-hai.md": parse(BOOKLET, "thu-hai.md")}
    expected = _in_this_process(PAGES, booklets)
    broken = [*PAGES[:2], (*PAGES[2][:3], None)]  # the second process fails on this page, then reads on
    index = PageIndex(2, "khóa", booklets)
    for page in broken:
        index.page(*page)
    index.finish(PAGES)
    assert index.files() == expected
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    alone = PageIndex(2, "khóa", booklets)
    assert alone._process is None
    alone.page(*PAGES[0])
    alone.finish(PAGES)
    assert alone.files() == expected


def test_pages_converted_in_another_process_give_the_same_index():
    """What a page gives while the index holds (hoidap.site.convert_ahead: in the process that converted it) is
    added by the build with the content it keeps: the same index, and nothing reaches it while held."""
    booklets = {"thu.md": parse(BOOKLET, "thu.md"), "thu-hai.md": parse(BOOKLET, "thu-hai.md")}
    converting = PageIndex(2, "khóa", booklets)
    converting.stop()
    converting.hold()
    index = PageIndex(2, "khóa", booklets)
    for number, page in enumerate(PAGES):
        if number % 2:
            converting.page(*page, page_dom.fragment(page[3]) if page[0] in booklets else None)
            index.add(page[3], converting.held(page[0]))
        else:
            index.page(*page)
    assert converting.held(PAGES[1][0]) is None  # handed over once
    index.finish(PAGES)
    assert index.files() == _in_this_process(PAGES, booklets)


def test_pages_handed_with_their_tree_give_the_same_index(monkeypatch):
    """A booklet the build has parsed (for its slides) gives its records from that tree, here: the index is
    the one made from every page's HTML, with the second process and without, and a page changed after it
    was handed over is read again from its final HTML."""
    booklets = {"thu.md": parse(BOOKLET, "thu.md"), "thu-hai.md": parse(BOOKLET, "thu-hai.md")}
    expected = _in_this_process(PAGES, booklets)
    changed = [*PAGES[:2], (*PAGES[2][:3], PAGES[2][3].replace("hai", "ba"))]

    def fed(final):
        index = PageIndex(2, "khóa", booklets)
        for page in PAGES:
            index.page(*page, page_dom.fragment(page[3]) if page[0] in booklets else None)
        index.finish(final)
        return index.files()

    assert fed(PAGES) == expected
    assert fed(changed) == _in_this_process(changed, booklets)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert fed(PAGES) == expected
    assert fed(changed) == _in_this_process(changed, booklets)


def test_a_stopped_build_ends_the_second_process():
    index = PageIndex(2, "khóa", {})
    index.page(*PAGES[1])
    index.stop()
    assert index._process is not None and not index._process.is_alive()


def _read_back(folder) -> dict[str, str]:
    return {path.name: path.read_text("utf-8") for path in folder.iterdir()}


@pytest.mark.parametrize("how", ["beside", "failed", "alone"])
def test_the_index_written_by_the_second_process_is_the_one_made_here(tmp_path, monkeypatch, how):
    """With a folder, the second process writes the named files itself (or the build does, when it failed or
    cannot fork); each file's measure is that of its bytes, so the offline list need not read it back."""
    booklets = {"thu.md": parse(BOOKLET, "thu.md"), "thu-hai.md": parse(BOOKLET, "thu-hai.md")}
    expected = named(_in_this_process(PAGES, booklets), "abc123")
    if how == "alone":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    folder = tmp_path / "search" / "vi"
    folder.mkdir(parents=True)
    (folder / "s9.old.json").write_text("{}", encoding="utf-8")  # an earlier build's file: made afresh
    index = PageIndex(2, "khóa", booklets)
    for page in [*PAGES[:2], (*PAGES[2][:3], None)] if how == "failed" else PAGES:
        index.page(*page)
    index.finish(PAGES, folder, "abc123")
    written = index.written()
    assert _read_back(folder) == expected and set(written) == set(expected)
    for name, (modified, size, measured) in written.items():
        info = (folder / name).stat()
        assert (modified, size) == (info.st_mtime_ns, info.st_size)
        assert measured == offline.measure((folder / name).read_bytes())


@pytest.mark.timeout(60)
def test_a_second_process_killed_midway_never_hangs_the_build():
    """The process is killed (out of memory, say) before it has read pages larger than a pipe holds: the
    build makes the index itself instead of waiting for ever to hand those pages over."""
    import os
    import signal

    index = PageIndex(2, "khóa", {})
    os.kill(index._process.pid, signal.SIGKILL)
    index._process.join()
    pages = [(f"p{n}.md", f"p{n}/", f"Trang {n}", "<p>" + "chữ " * 50_000 + "</p>") for n in range(5)]
    for page in pages:
        index.page(*page)
    index.finish(pages)
    assert index.files() == _in_this_process(pages, {})
