"""Search as a reader uses it: typed key by key on a phone, in headless Chromium.

The query set runs over the sample booklets; the ranking rules (exact diacritics, phrases, tone
placement) over a test-only booklet written in the new tone style (tests/fixtures/search/).
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
import unicodedata
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import PHONE, ROOT, copy_project, is_hashed, mkdocs_build, serve
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

B19, B57, B71 = (f"nghi-quyet/trung-uong/{n}-nq-tw/" for n in (19, 57, 71))
TEST = "thu-nghiem/thu-nghiem/"

# (query as typed, expected top result: page and question)
QUERIES = [
    ("điểm cầu", B19 + "#cau-8"),
    ("diem cau", B19 + "#cau-8"),
    ("DIEM CAU", B19 + "#cau-8"),
    (unicodedata.normalize("NFD", "điểm cầu"), B19 + "#cau-8"),
    ("báo cáo viên", B19 + "#cau-10"),
    ("bao cao vien", B19 + "#cau-10"),
    ("soc trang", B71 + "#cau-11"),
    ("Sóc Trăng", B71 + "#cau-11"),
    ("trích yếu 57", B57 + "#cau-2"),
    ("trich yeu nghi quyet 71", B71 + "#cau-2"),
    ("zalo", B57 + "#cau-7"),
    ("76,5 triệu", B57 + "#cau-7"),
    ("phông chữ", B57 + "#cau-5"),
    ("phong chu", B57 + "#cau-5"),
    ("TCVN 6909", B57 + "#cau-5"),
    ("36-HD/VPTW", B57 + "#cau-5"),
    ("in tài liệu cho chi bộ", B57 + "#cau-8"),
    ("mat tran to quoc", B71 + "#cau-9"),
    ("MTTQ", B71 + "#cau-9"),
    ("thao luan", B71 + "#cau-5"),
    ("tự nghiên cứu", B71 + "#cau-6"),
    ("cu the hoa", B71 + "#cau-7"),
    ("cụ thể hoá", B71 + "#cau-7"),
    ("giáo dục chính trị tư tưởng", B71 + "#cau-8"),
    ("kiem tra giam sat", B19 + "#cau-14"),
    ("kiểm điểm đánh giá tập thể", B71 + "#cau-10"),
    ("tuyên truyền mạng xã hội", B57 + "#cau-9"),
    ("kenh tuyen truyen nhan dan", B19 + "#cau-13"),
    ("bo cuc", B19 + "#cau-6"),
    ("danh gia tinh hinh", B19 + "#cau-6"),
    ("uy tín năng lực", B19 + "#cau-10"),
    ("Đã có bản điện tử thì có cần in tài liệu cho chi bộ nữa không?", B57 + "#cau-8"),
    ("Kết quả học tập, thực hiện nghị quyết được dùng vào việc gì?", B71 + "#cau-10"),
    ("trưởng ban tổ chức", B71 + "#cau-4"),
    # a resolution named by its number, in every common form: its booklet first
    ("19", B19),
    ("nq 19", B19),
    ("nq19", B19),
    ("19-NQ/TW", B19),
    ("nghị quyết số 19", B19),
    ("nghi quyet 19", B19),
    ("NQ 57", B57),
    ("nghi quyet so 71", B71),
    # … and its questions before any other resolution's
    ("nq57 ban hanh", B57 + "#cau-1"),
    ("nghị quyết 71 thảo luận", B71 + "#cau-5"),
    ("57-NQ/TW phông chữ", B57 + "#cau-5"),
    # typed with the keyboard's Vietnamese input method off: Telex, VNI
    ("nghij quyeets 19 ddieemr caauf", B19 + "#cau-8"),
    ("ddaats ddai", B19 + "#cau-4"),
    ("baos caos vieen", B19 + "#cau-10"),
    ("phoong chuwx", B57 + "#cau-5"),
    ("socs trawng", B71 + "#cau-11"),
    ("thaor luaanj", B71 + "#cau-5"),
    ("uo61n na81n", B57 + "#cau-9"),
    ("d9ie6m3 ca6u2", B19 + "#cau-8"),
    ("ma85t tra65n to63 quo61c", B71 + "#cau-9"),
    # a question named by its label
    ("cau 3 nghi quyet 57", B57 + "#cau-3"),
    ("câu 3 nghị quyết 71", B71 + "#cau-3"),
    ("cau 14", B19 + "#cau-14"),
    ("cau3 nq19", B19 + "#cau-3"),
    ("câu 11 sóc trăng", B71 + "#cau-11"),
]

# Ranking rules, over the test booklet
RULES = [
    ("hòa giải", TEST + "#cau-1"),          # old tone placement typed, new written
    ("thủy lợi", TEST + "#cau-1"),
    ("ủy ban", TEST + "#cau-1"),
    ("HOA GIAI", TEST + "#cau-1"),
    ("dương", TEST + "#cau-5"),             # exact diacritics first: dương (answer) before đường (question)
    ("đường", TEST + "#cau-4"),
    ("dang", {TEST + "#cau-6", B57 + "#cau-5"}),   # no diacritics typed: Đảng in a question wins
    ("dạng", {TEST + "#cau-7", B19 + "#cau-3"}),   # typed with its mark: only dạng, not Đảng
    ("Cù Lao Dung", TEST + "#cau-2"),       # the phrase before the same words apart
    ("cu lao dung", TEST + "#cau-2"),
]


def open_search(page, url: str) -> None:
    page.goto(url)
    page.locator("label[for=__search]").first.click()


# The results of the whole query are on screen: every result's link carries ``?h=`` the query's words as
# the worker read them (each once, a word still being typed with "*"), and results.js wrote the count.
RESULTS_READY = """query => {
    const words = [...new Set(query.normalize("NFC").toLowerCase()
        .match(/(?:[\\p{L}\\p{N}]|[\\u0300-\\u036f])+/gu) || [])].join(" ");
    const items = [...document.querySelectorAll(".md-search-result__item")];
    const meta = document.querySelector(".md-search-result__meta").textContent;
    const none = meta === "Không tìm thấy câu hỏi nào" || meta === "No matching questions";
    const ours = /câu hỏi|tài liệu|mục|question|booklet|result/.test(meta)
        && !/liên quan|matching documents/.test(meta);
    return (none && items.length === 0) || (items.length > 0 && ours && items.every(item => {
            const h = new URL([...item.querySelectorAll("a")].pop().href).searchParams.get("h") || "";
            return h.replace(/\\*/g, "").split(" ").filter(Boolean).join(" ") === words;
        }));
}"""


def shown(page) -> list[str]:
    """The result links on screen, best first (a result's last link: its question)."""
    items = page.locator(".md-search-result__item").all()
    return [item.locator("a").last.get_attribute("href") or "" for item in items]


def results(page, query: str) -> list[str]:
    """Type ``query`` key by key into Material's search box; the result links, best first."""
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    box.press_sequentially(query)
    box.dispatch_event("keyup")  # Playwright types "ữ" without a key event; Material reads the box on keyup
    page.wait_for_function(RESULTS_READY, arg=query)
    return shown(page)


def page_and_anchor(href: str, base: str) -> str:
    """``http://host/b/?h=x#cau-5`` → ``b/#cau-5``."""
    path, _, anchor = href.removeprefix(base + "/").partition("#")
    return path.split("?")[0] + (f"#{anchor}" if anchor else "")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("search-project"))
    target = project / "docs" / "thu-nghiem"
    target.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "search" / "thu-nghiem.md", target)
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("part", range(3))  # three tests of ~20 queries, which xdist's workers share out
def test_query_set_finds_the_expected_question(phone, site_url, part):
    open_search(phone, site_url + "/")
    wrong = []
    for query, expected in QUERIES[part::3]:
        found = [page_and_anchor(href, site_url) for href in results(phone, query)]
        if not found or found[0] != expected:
            wrong.append(f"{query!r}: expected {expected}, got {found[:3]}")
    assert not wrong, "\n".join(wrong)
    assert len(QUERIES) >= 54


def test_ranking_rules(phone, search_site):
    open_search(phone, search_site + "/")
    wrong = []
    for query, expected in RULES:
        found = [page_and_anchor(href, search_site) for href in results(phone, query)]
        if not found or found[0] not in ({expected} if isinstance(expected, str) else expected):
            wrong.append(f"{query!r}: expected {expected}, got {found[:3]}")
    assert not wrong, "\n".join(wrong)


def test_opening_a_page_downloads_no_search_index(phone, site_url, built_site):
    phone.goto(f"{site_url}/{B19}")
    phone.wait_for_load_state("networkidle")
    assert not [url for url in phone.requested if "/search/vi/" in url or "/search/en/" in url]
    stub = (built_site / "search" / "search_index.json").stat().st_size
    assert stub < 1024, "Material's own index is only a stub: every page is indexed by ours"


def test_a_result_lands_on_its_question_with_the_words_marked(phone, site_url, screenshots):
    open_search(phone, site_url + "/")
    results(phone, "diem cau")
    first = phone.locator(".md-search-result__item").first
    assert "Câu 8." in first.inner_text() and "Hỏi - đáp Nghị quyết số 19-NQ/TW" in first.inner_text()
    assert first.locator("mark").all_inner_texts()[:2] == ["điểm", "cầu"]
    phone.screenshot(path=screenshots / "search-results.png")
    booklet_line = first.locator("a").first  # the result's main line (its booklet) opens the question too
    assert booklet_line.get_attribute("href") == first.locator("a").last.get_attribute("href")
    booklet_line.click()
    phone.wait_for_url("**#cau-8")
    assert "?h=" not in phone.url, "the address is cleaned for sharing"
    phone.wait_for_selector("#cau-8 mark")
    heading = phone.locator("#cau-8")
    assert heading.locator("mark").all_inner_texts() == ["điểm", "cầu"], "the label Câu 8 is not marked"
    assert phone.locator("#tra-loi-8 mark").count() >= 2
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 844
    phone.screenshot(path=screenshots / "search-landing.png")


def test_words_typed_in_telex_are_marked_as_vietnamese_where_they_land(phone, site_url):
    open_search(phone, site_url + "/")
    assert page_and_anchor(results(phone, "ddaats ddai")[0], site_url) == B19 + "#cau-4"
    phone.locator(".md-search-result__item").first.locator("a").first.click()
    phone.wait_for_url("**#cau-4")
    phone.wait_for_selector("#tra-loi-4 mark")
    assert phone.locator("#tra-loi-4 mark").all_inner_texts() == ["đất", "đai"]


def test_keyboard_enter_opens_the_best_question(phone, site_url):
    open_search(phone, site_url + "/")
    results(phone, "zalo")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/57-nq-tw/**#cau-7")


def test_an_english_reader_gets_english_results_only(phone, site_url):
    open_search(phone, f"{site_url}/en/")
    for query in ("connection points", "điểm cầu", "diem cau", "nghị quyết"):
        found = [page_and_anchor(href, site_url) for href in results(phone, query)]
        assert all(href.startswith("en/") for href in found), (query, found)
    assert results(phone, "connection points")[0].endswith("#cau-8")


def test_a_vietnamese_reader_gets_vietnamese_results_only(phone, site_url):
    open_search(phone, site_url + "/")
    found = [page_and_anchor(href, site_url) for href in results(phone, "connection points")]
    assert not any(href.startswith("en/") for href in found)


def test_search_works_offline_after_a_visit(phone, site_url):
    phone.goto(site_url + "/")
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # now under the service worker's control
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    open_search(phone, site_url + "/")
    assert results(phone, "diem cau")
    phone.context.set_offline(True)
    try:
        phone.reload()
        phone.locator("label[for=__search]").first.click()
        found = [page_and_anchor(href, site_url) for href in results(phone, "diem cau")]
        assert found and found[0] == B19 + "#cau-8"
        # other words: found from what the visit fetched, or a clear notice (never a silent "no results")
        other = [page_and_anchor(href, site_url) for href in results(phone, "zalo")]
        shown = phone.locator(".md-search-result__list").inner_text()
        assert (other and other[0] == B57 + "#cau-7") or "Cần có mạng" in shown
    finally:
        phone.context.set_offline(False)


def test_pages_that_are_not_booklets_come_after_every_booklet_result(phone, site_url):
    open_search(phone, site_url + "/")
    for query in ("chuyen doi so", "đất đai", "phông chữ", "câu 1", "nghị quyết ban hành"):
        found = [page_and_anchor(href, site_url) for href in results(phone, query)]
        guide = [index for index, href in enumerate(found) if href.startswith("huong-dan/")]
        booklets = [index for index, href in enumerate(found) if href.startswith("nghi-quyet/")]
        assert booklets and (not guide or max(booklets) < min(guide)), (query, found)


def test_more_results_page_by_page_with_a_true_count_of_questions(phone, site_url, screenshots):
    open_search(phone, site_url + "/")
    first = results(phone, "nghị quyết")
    meta = phone.locator(".md-search-result__meta")
    label = meta.inner_text()
    counts = {word: int(number) for number, word in re.findall(r"(\d+) (câu hỏi|tài liệu|mục khác)", label)}
    total = sum(counts.values())
    assert counts["câu hỏi"] > 10 and "liên quan" not in label, label
    assert len(first) == 10 < total
    more = phone.locator(".hd-search-more")
    assert more.is_visible() and more.inner_text() == f"Xem thêm 10 kết quả (còn {total - 10})"
    while more.is_visible():
        before = len(shown(phone))
        more.click()
        expect(phone.locator(".md-search-result__item")).to_have_count(min(total, before + 10))
        assert phone.evaluate("document.activeElement.closest('.md-search-result__item') !== null"), \
            "the focus moves to the first result added"
        if before == 10:
            phone.screenshot(path=screenshots / "search-more.png")
    everything = shown(phone)
    assert everything[:10] == first and len(set(everything)) == len(everything) == total
    questions = [href for href in everything if "#cau-" in href]
    assert len(questions) == counts["câu hỏi"], "the count says how many questions were found"
    assert meta.inner_text() == label


def test_an_english_count_says_questions(phone, site_url):
    open_search(phone, f"{site_url}/en/")
    results(phone, "resolution")
    label = phone.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+ questions(, \d+ booklets?)?(, \d+ other results?)?", label), label
    assert phone.locator(".hd-search-more").inner_text().startswith("Show ")


class _CountingHandler(SimpleHTTPRequestHandler):
    """The built site as deploy/nginx serves it (content-addressed files kept a year, immutable),
    counting every request by path."""

    counts: Counter

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.counts[self.path.split("?")[0]] += 1
        super().do_GET()

    def end_headers(self) -> None:
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if is_hashed(name)
                         else "no-cache")
        super().end_headers()


def test_a_first_visit_fetches_each_search_script_once(browser, built_site):
    counts: Counter = Counter()
    handler = functools.partial(type("Handler", (_CountingHandler,), {"counts": counts}), directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url + "/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")   # installed: its precache is done
        open_search(page, url + "/")
        assert results(page, "diem cau")
        page.goto(f"{url}/en/")                                            # the English pages load the same worker
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        open_search(page, f"{url}/en/")
        assert results(page, "connection points")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    scripts = {path: count for path, count in counts.items() if "/javascripts/search/" in path}
    assert {path.rsplit("/", 1)[1].split(".")[0] for path in scripts} >= {"worker", "text", "highlight", "results"}
    assert all(count == 1 for count in scripts.values()), scripts
