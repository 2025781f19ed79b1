"""Issue 16, points 1, 3 and 4, as a reader on a phone meets them (headless Chromium, 390×844 and 360×640):
listings that say what each resolution is about, a by-topic page that opens with its topics, quiz feedback that
marks a wrong pick in words, print controls kept away from the players, and the smaller frictions (share after
the answer, labels that say what happens, no stray "#", tables at text size, a feed label in plain words)."""

from __future__ import annotations

import io

import pytest
from conftest import PHONE, ROOT, parse_file, settled
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SMALL = {"width": 360, "height": 640}
B19 = "nghi-quyet/trung-uong/19-nq-tw/"
BOOKLETS = {path.stem: parse_file(path) for path in sorted((ROOT / "docs/nghi-quyet").rglob("*.md"))
            if not path.stem.endswith(".en")}
LISTINGS = {"home": "", "recently updated": "moi-cap-nhat/", "by year": "tra-cuu/theo-nam/",
            "by topic": "tra-cuu/theo-chu-de/"}
QUIZ_19 = parse_file(ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md").quiz
ENGLISH = [parse_file(path) for path in sorted((ROOT / "docs/nghi-quyet").rglob("*.en.md"))]


@pytest.fixture(params=[PHONE, SMALL], ids=["390x844", "360x640"])
def any_phone(request, browser):
    """A fresh phone-sized page (touch), at 390×844 then at 360×640, as conftest's phone fixture."""
    context = browser.new_context(viewport=request.param, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    page = context.new_page()
    page.width = request.param["width"]
    yield page
    context.close()


def booklet_of(href: str):
    return BOOKLETS[href.rstrip("/").rsplit("/", 1)[-1]]


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing pushes the page sideways"


# --- 1. Lists that identify ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", LISTINGS.values(), ids=LISTINGS.keys())
def test_every_listing_shows_the_resolutions_name_description_and_questions(phone, site_url, screenshots, path):
    phone.goto(f"{site_url}/{path}")
    items = phone.locator("ul.hd-list > li")
    expect(items.first).to_be_visible()
    for index in range(items.count()):
        item = items.nth(index)
        booklet = booklet_of(item.locator("> a").get_attribute("href"))
        meta = booklet.meta
        name = item.locator(".hd-list__name")
        expect(name).to_be_visible()
        assert name.inner_text().lower() == meta.resolution.name.lower()   # its first letter raised on screen
        assert item.locator(".hd-list__description").inner_text() == meta.description
        assert f"{len(booklet.questions)} câu hỏi" in item.locator(".hd-list__facts").inner_text()
        # in reading order: title, name, description, facts
        tops = item.evaluate("li => ['a', '.hd-list__name', '.hd-list__description', '.hd-list__facts']"
                             "    .map(s => li.querySelector(':scope > ' + s).getBoundingClientRect().top)")
        assert tops == sorted(tops) and len(set(tops)) == 4
    fits(phone, PHONE["width"])
    if path == "":
        phone.screenshot(path=str(screenshots / "16-1-home-listing.png"), full_page=True)


def test_the_by_topic_page_opens_with_an_index_of_its_topics(phone, site_url, screenshots):
    phone.goto(f"{site_url}/tra-cuu/theo-chu-de/")
    index = phone.get_by_role("navigation", name="Các chủ đề")
    expect(index).to_be_visible()
    assert settled(phone, "nav.hd-topics")["bottom"] <= settled(phone, "article h2")["top"], "the index comes first"
    links = index.locator("a")
    sections = phone.locator("article h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert links.evaluate_all("as => as.map(a => a.getAttribute('href').slice(1))") == sections
    for at in range(links.count()):
        link = links.nth(at)
        anchor = link.get_attribute("href")[1:]
        listed = phone.locator(f"#{anchor} + ul.hd-list > li").count()
        count = link.locator(".hd-topics__count").inner_text()
        assert count == f"({listed} tài liệu)", anchor
        assert link.bounding_box()["height"] >= 44, "a finger-sized link"
    shared = sum(1 for b in BOOKLETS.values() if "học tập nghị quyết" in b.meta.tags)
    expect(index.get_by_role("link", name=f"học tập nghị quyết ({shared} tài liệu)")).to_have_count(1)
    fits(phone, PHONE["width"])
    phone.screenshot(path=str(screenshots / "16-1-topic-index.png"))
    target = links.last.get_attribute("href")
    links.last.click()
    expect(phone.locator(target)).to_be_in_viewport()


def test_the_topic_index_fits_a_small_phone(browser, site_url, screenshots):
    context = browser.new_context(viewport=SMALL, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/tra-cuu/theo-chu-de/")
        settled(page, "nav.hd-topics")
        fits(page, SMALL["width"])
        boxes = page.locator("nav.hd-topics a").evaluate_all("as => as.map(a => a.getBoundingClientRect().toJSON())")
        assert all(box["left"] >= 0 and box["right"] <= SMALL["width"] for box in boxes)
        page.screenshot(path=str(screenshots / "16-1-topic-index-360.png"))
    finally:
        context.close()


# --- 3. Quiz feedback and print controls --------------------------------------------------------------------

def darkest_contrast(locator) -> float:
    """The contrast against white of the darkest pixel of an element as drawn: how legible its outline is."""
    image = Image.open(io.BytesIO(locator.screenshot(animations="disabled"))).convert("L")
    level = image.getextrema()[0] / 255
    luminance = level / 12.92 if level <= 0.03928 else ((level + 0.055) / 1.055) ** 2.4
    return 1.05 / (luminance + 0.05)


def test_a_wrong_pick_is_marked_in_words_and_the_right_option_shown(any_phone, site_url, screenshots):
    page = any_phone
    page.goto(f"{site_url}/{B19}#trac-nghiem")
    question = page.locator("#trac-nghiem-1")
    expect(question.locator(".hd-quiz__yours:visible, .hd-quiz__mark:visible")).to_have_count(0)
    wrong = question.locator(".hd-quiz__option:not([data-correct])")
    other = wrong.nth(1).locator("input")                            # a wrong option the reader leaves alone
    before = darkest_contrast(other)
    wrong.first.locator("input").check()
    question.locator("[data-hd-quiz-check]").click()
    expect(question.locator(".hd-quiz__feedback")).to_have_text("Chưa đúng.")
    picked = wrong.first.locator(".hd-quiz__yours")
    expect(picked).to_be_visible()
    assert picked.inner_text() == "✗ Bạn chọn"                          # an icon and words, not colour alone
    right = question.locator(".hd-quiz__option[data-correct] .hd-quiz__mark")
    expect(right).to_have_count(1)
    expect(right).to_be_visible()
    assert right.inner_text() == "✓ Đáp án đúng"
    assert picked.evaluate("e => getComputedStyle(e).color") != right.evaluate("e => getComputedStyle(e).color")
    expect(question.locator(".hd-quiz__yours:visible")).to_have_count(1)  # only the pick is "yours"
    # a checked question's options are disabled, yet as legible as before: no pale grey circles
    expect(other).to_be_disabled()
    after = darkest_contrast(other)
    assert after >= 4.5 and after == pytest.approx(before, rel=0.1), (before, after)
    fits(page, page.width)
    settled(page, "#trac-nghiem-1 .hd-quiz__feedback")
    page.screenshot(path=str(screenshots / f"16-3-quiz-wrong-pick-{page.width}.png"))


def test_a_right_pick_is_not_called_wrong(phone, site_url):
    phone.goto(f"{site_url}/{B19}#trac-nghiem")
    question = phone.locator("#trac-nghiem-1")
    question.locator(".hd-quiz__option[data-correct] input").check()
    question.locator("[data-hd-quiz-check]").click()
    expect(question.locator(".hd-quiz__feedback")).to_have_text("Đúng.")
    expect(question.locator(".hd-quiz__yours:visible")).to_have_count(0)
    expect(question.locator(".hd-quiz__mark")).to_be_visible()


def test_print_controls_are_below_the_quiz_folded_for_organisers(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}#trac-nghiem")
    key = phone.locator("[data-hd-quiz-print=dap-an]")
    expect(key).to_be_hidden()                                      # not one tap from the questions
    expect(phone.locator(".hd-quiz__bar [data-hd-quiz-print]")).to_have_count(0)
    organisers = phone.locator("details.hd-quiz__organisers")
    summary = organisers.locator("summary")
    expect(summary).to_have_text("Dành cho người tổ chức hội thi")
    assert settled(phone, "details.hd-quiz__organisers")["top"] > settled(phone, "#trac-nghiem-1")["bottom"]
    phone.locator(".hd-quiz__mode input[value=all]").check()       # every question shown: still below them all
    last = f"#trac-nghiem-{len(QUIZ_19.questions)}"
    assert settled(phone, "details.hd-quiz__organisers")["top"] > settled(phone, last)["bottom"]
    summary.click()
    expect(key).to_be_visible()
    expect(phone.locator("[data-hd-quiz-print=de-thi]")).to_be_visible()
    phone.evaluate("window.print = () => { window.printed = document.documentElement.className }")
    key.click()
    assert "hd-print-key" in phone.evaluate("window.printed")
    organisers.scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshots / "16-3-quiz-organisers.png"))


# --- 4. Frictions ----------------------------------------------------------------------------------------------

def test_share_comes_after_the_answer(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}")
    share = phone.locator("#tra-loi-3 + .hd-qtools .hd-share")
    expect(share).to_be_visible()
    expect(share).to_have_text("Chia sẻ")
    assert settled(phone, "#tra-loi-3 + .hd-qtools .hd-share")["top"] >= settled(phone, "#tra-loi-3")["bottom"]
    # while reading, nothing but "Nghe câu này" (read aloud, where the phone can speak) between question and answer
    assert phone.locator("#cau-3 + .hd-qtools .hd-share").count() == 0
    row = phone.locator("#cau-3 + .hd-qtools > :visible")
    assert row.count() == phone.locator("#cau-3 + .hd-qtools .hd-listen:visible").count()
    phone.locator("#hd-study").click()                              # studying: reveal and remembered, there
    expect(phone.locator("#cau-3 + .hd-qtools .hd-reveal")).to_be_visible()
    expect(share).to_be_visible()
    phone.locator("#hd-study").click()
    phone.locator("#cau-3").scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshots / "16-4-share-after-answer.png"))


def test_the_back_to_top_button_says_what_it_does(phone, site_url):
    for path, label in (("en/" + B19, "Back to top"), (B19, "Lên đầu trang")):
        phone.goto(f"{site_url}/{path}")
        assert " ".join(phone.locator("button.md-top").text_content().split()) == label
    phone.evaluate("window.scrollTo(0, 3000)")
    phone.wait_for_function("window.scrollY >= 3000")
    phone.evaluate("window.scrollTo(0, 2700)")                      # Material shows it when scrolling up
    button = phone.get_by_role("button", name="Lên đầu trang")
    expect(button).to_be_visible()
    button.click()
    phone.wait_for_function("window.scrollY === 0")


def test_a_heading_reached_by_a_link_shows_no_stray_mark(any_phone, site_url, screenshots):
    page = any_phone
    page.goto(f"{site_url}/{B19}#cau-3")
    settled(page, "#cau-3")
    assert page.evaluate("document.querySelector(':target').id") == "cau-3"
    permalink = page.locator("#cau-3 .headerlink")
    expect(permalink).to_have_css("opacity", "0")
    page.screenshot(path=str(screenshots / f"16-4-target-heading-{page.width}.png"))
    permalink.focus()                                               # a keyboard still finds the permalink
    expect(permalink).to_have_css("opacity", "1")


@pytest.mark.parametrize("scale", ["1", "2"])
def test_tables_are_set_at_the_size_of_the_text(phone, site_url, scale):
    phone.goto(f"{site_url}/huong-dan/soan-tai-lieu/")
    phone.evaluate(f"localStorage.setItem('hoidap:co-chu', '{scale}')")
    phone.reload()
    cell = phone.locator("article table td").first
    expect(cell).to_be_attached()
    size = cell.evaluate("e => getComputedStyle(e).fontSize")
    text = phone.locator("article > p").first.evaluate("e => getComputedStyle(e).fontSize")
    assert size == text
    fits(phone, PHONE["width"])


def test_the_feed_link_says_what_it_gives_in_plain_words(phone, site_url):
    phone.goto(f"{site_url}/moi-cap-nhat/")
    link = phone.locator(".hd-feed a")
    expect(link).to_have_text("Nhận tin tài liệu mới (dùng ứng dụng đọc tin)")
    phone.goto(f"{site_url}/en/moi-cap-nhat/")
    expect(phone.locator(".hd-feed a")).to_have_text("Get news of new booklets (in a news reader app)")


def test_english_counts_are_singular_for_one(phone, site_url):
    assert len(ENGLISH) == 1, "the sample has one English booklet"
    phone.goto(f"{site_url}/en/")
    questions = len(ENGLISH[0].questions)
    expect(phone.locator("article")).to_contain_text(f"1 booklet, {questions} questions.")
    expect(phone.locator(".hd-list__facts")).to_contain_text(f"· {questions} questions ·")
