"""What a reader does on a phone: study mode, text size, sharing one question (headless Chromium, 390×844)."""

from __future__ import annotations

import re

import pytest
from conftest import PHONE, ROOT, parse_file
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
B57 = "nghi-quyet/trung-uong/57-nq-tw/"
QUESTIONS_19 = parse_file(ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md").questions


def visible_answers(page) -> list[bool]:
    """Whether each answer of 19-NQ/TW is shown, in order (all of them are on the page)."""
    shown = page.locator("div.hd-answer").evaluate_all("els => els.map(e => e.offsetParent !== null)")
    assert len(shown) == len(QUESTIONS_19), "every answer is on the page"
    return shown


def test_every_answer_is_wrapped_under_its_question(phone, site_url):
    phone.goto(f"{site_url}/{B19}")
    ids = phone.locator("div.hd-answer").evaluate_all("els => els.map(e => e.id)")
    assert ids == [f"tra-loi-{q.number}" for q in QUESTIONS_19]
    follows = phone.locator("div.hd-answer").evaluate_all(
        "els => els.map(e => e.previousElementSibling.previousElementSibling.id)")
    assert follows == [f"cau-{q.number}" for q in QUESTIONS_19]


def test_study_mode_hides_reveals_and_remembers(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}")
    assert all(visible_answers(phone))
    phone.locator("#hd-study").click()
    assert phone.locator("#hd-study").get_attribute("aria-pressed") == "true"
    assert not any(visible_answers(phone))
    # a question's own button, and tapping the question itself, reveal its answer
    reveal = phone.locator("#cau-3 + .hd-qtools .hd-reveal")
    assert reveal.get_attribute("aria-expanded") == "false"
    reveal.click()
    assert phone.locator("#tra-loi-3").is_visible()
    assert reveal.get_attribute("aria-expanded") == "true"
    assert reveal.inner_text() == "Ẩn trả lời"
    phone.locator("#cau-4").click(position={"x": 30, "y": 10})
    assert phone.locator("#tra-loi-4").is_visible()
    assert not phone.locator("#tra-loi-5").is_visible()
    # remembered marks and progress
    for number in (3, 5):
        phone.locator(f"#cau-{number} + .hd-qtools .hd-remember").click()
    progress = phone.locator(".hd-toolbar .hd-progress")
    assert progress.inner_text() == f"Đã nhớ 2/{len(QUESTIONS_19)} câu"
    phone.screenshot(path=str(screenshots / "study-mode.png"))
    # kept on the phone: after a reload the mode, the marks and the progress are back, answers hidden
    phone.reload()
    assert phone.locator("#hd-study").get_attribute("aria-pressed") == "true"
    assert not any(visible_answers(phone))
    assert phone.locator("#cau-3 + .hd-qtools .hd-remember").get_attribute("aria-pressed") == "true"
    assert phone.locator("#cau-4 + .hd-qtools .hd-remember").get_attribute("aria-pressed") == "false"
    assert progress.inner_text() == f"Đã nhớ 2/{len(QUESTIONS_19)} câu"
    # the home page shows the booklet's progress
    phone.goto(f"{site_url}/")
    shown = phone.locator(f'[data-hd-progress="{B19}"]')
    assert shown.first.inner_text() == f"Đã nhớ 2/{len(QUESTIONS_19)} câu"
    assert phone.locator(f'[data-hd-progress="{B57}"]').first.is_hidden()
    # a shared link to one question opens that answer in study mode
    phone.goto(f"{site_url}/{B19}#cau-6")
    assert phone.locator("#tra-loi-6").is_visible()
    assert not phone.locator("#tra-loi-7").is_visible()
    # "start again" clears the marks; switching off shows every answer
    phone.locator(".hd-restart").click()
    assert progress.inner_text() == f"Đã nhớ 0/{len(QUESTIONS_19)} câu"
    phone.locator("#hd-study").click()
    assert all(visible_answers(phone))
    assert phone.locator(".hd-reveal").first.is_hidden()


def test_without_javascript_the_page_is_the_plain_qa(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{B19}")
        assert page.locator(".hd-toolbar").is_hidden()
        assert page.locator(".hd-button:visible, .hd-qtools:visible").count() == 0
        assert all(visible_answers(page))
        for question in QUESTIONS_19:
            assert page.locator(f"#cau-{question.number}").is_visible()
    finally:
        context.close()


def font_size(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_text_size_persists_across_pages(phone, site_url):
    phone.goto(f"{site_url}/{B19}")
    base = font_size(phone, "#tra-loi-1 p")
    larger = phone.locator(".hd-toolbar [data-hd-size='1']")
    for _ in range(3):
        larger.click()
    assert phone.locator(".hd-size__value").inner_text() == "150%"
    assert font_size(phone, "#tra-loi-1 p") == pytest.approx(base * 1.5, rel=0.02)
    phone.goto(f"{site_url}/huong-dan/soan-tai-lieu/")
    assert phone.locator(".hd-size__value").inner_text() == "150%"
    phone.goto(f"{site_url}/{B57}")
    assert font_size(phone, "#tra-loi-1 p") == pytest.approx(base * 1.5, rel=0.02)
    for _ in range(3):
        phone.locator(".hd-toolbar [data-hd-size='-1']").click()
    assert phone.locator(".hd-size__value").inner_text() == "100%"
    assert phone.locator(".hd-toolbar [data-hd-size='-1']").is_disabled()
    phone.reload()
    assert font_size(phone, "#tra-loi-1 p") == pytest.approx(base, rel=0.02)


@pytest.mark.parametrize("path", ["", B19, "huong-dan/soan-tai-lieu/", "en/" + B19, "tra-cuu/theo-chu-de/"])
def test_layout_holds_at_200_percent(phone, site_url, screenshots, path):
    phone.goto(f"{site_url}/{path}")
    phone.evaluate("localStorage.setItem('hoidap:co-chu', '2')")
    phone.reload()
    assert phone.locator(".hd-size__value").inner_text() == "200%"
    assert phone.locator(".hd-toolbar [data-hd-size='1']").is_disabled()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path}: the page is {width}px wide at 200%"
    if path == B19:
        phone.screenshot(path=str(screenshots / "text-200.png"))


def test_share_falls_back_to_copying_the_link(phone, site_url):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    phone.add_init_script("delete Navigator.prototype.share")
    phone.goto(f"{site_url}/{B19}?h=nghi+quyet")
    phone.locator("#tra-loi-5 + .hd-qtools .hd-share").click()
    toast = phone.locator(".hd-toast")
    toast.wait_for(state="visible")
    assert "Đã chép liên kết tới câu 5" in toast.inner_text()
    assert toast.get_attribute("role") == "status"
    assert phone.evaluate("navigator.clipboard.readText()") == f"{site_url}/{B19}#cau-5"


def test_share_uses_the_phone_share_sheet_where_available(phone, site_url):
    phone.add_init_script("navigator.share = data => { window.shared = data; return Promise.resolve() }")
    phone.goto(f"{site_url}/{B19}")
    phone.locator("#tra-loi-8 + .hd-qtools .hd-share").click()
    shared = phone.wait_for_function("window.shared").json_value()
    assert shared["url"] == f"{site_url}/{B19}#cau-8"
    question = next(q for q in QUESTIONS_19 if q.number == 8)
    assert shared["text"] == f"Câu 8. {question.text}"
    assert phone.locator(".hd-toast--shown").count() == 0


def test_english_pages_have_english_controls(phone, site_url):
    phone.goto(f"{site_url}/en/{B19}")
    assert phone.locator("#hd-study").inner_text() == "Study mode"
    assert re.fullmatch(r"Share", phone.locator(".hd-share").first.inner_text())


def test_a_board_shares_a_booklet_from_the_updates_page(phone, site_url):
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    phone.add_init_script("delete Navigator.prototype.share")
    phone.goto(f"{site_url}/moi-cap-nhat/")
    button = phone.locator(f'[data-hd-share="../{B57}"]')
    assert button.inner_text() == "Chia sẻ"
    button.click()
    phone.locator(".hd-toast--shown").wait_for()
    assert "Đã chép liên kết tài liệu" in phone.locator(".hd-toast").inner_text()
    assert phone.evaluate("navigator.clipboard.readText()") == f"{site_url}/{B57}"
    phone.goto(f"{site_url}/")                      # the home page's listing has no share buttons
    assert phone.locator(f'.hd-list a[href="{B57}"]').count() == 1
    assert phone.locator("[data-hd-share]").count() == 0


def read_to(page, number: int) -> None:
    """Scroll as a reader does until question ``number`` is at the top of the screen; wait until it is kept."""
    page.locator(f"#cau-{number}").evaluate("h => h.scrollIntoView({block: 'start'})")
    page.wait_for_function("([key, number]) => localStorage.getItem(key) === String(number)",
                           arg=[f"hoidap:doc:{B19}", number])


def test_the_booklet_and_home_offer_to_continue_where_one_stopped(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}")
    expect(phone.locator(".hd-resume")).to_be_hidden()   # nothing read yet
    read_to(phone, 4)
    read_to(phone, 7)
    # the booklet, opened again, offers question 7 and goes there
    phone.goto(f"{site_url}/{B19}")
    resume = phone.locator(".hd-toolbar a.hd-resume")
    expect(resume).to_have_text("Đọc tiếp: Câu 7")
    assert resume.get_attribute("href") == "#cau-7"
    resume.click()
    phone.wait_for_url(f"**/{B19}#cau-7")
    expect(phone.locator("#cau-7")).to_be_in_viewport()
    # the home page too, under that booklet only
    phone.goto(f"{site_url}/")
    links = phone.locator(".hd-list__resume")
    expect(links).to_have_count(1)
    expect(links).to_have_text("Đọc tiếp: Câu 7")
    assert links.get_attribute("href") == f"{B19}#cau-7"
    links.scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshots / "home-continue.png"))
    links.click()
    phone.wait_for_url(f"**/{B19}#cau-7")
    expect(phone.locator("#cau-7")).to_be_in_viewport()
    # reading goes back up: the last question read is the one on screen
    read_to(phone, 2)
    phone.goto(f"{site_url}/en/")
    expect(phone.locator(".hd-list__resume")).to_have_count(0)   # the English booklet is another booklet


def scroll_heading_to(page, number: int, fraction: float) -> None:
    """Scroll so question ``number``'s heading sits ``fraction`` of the screen down; return once the browser
    has dispatched the scroll."""
    page.evaluate("""([number, fraction]) => new Promise(done => {
        addEventListener("scroll", () => done(), {once: true})
        const top = document.getElementById("cau-" + number).getBoundingClientRect().top
        scrollBy(0, top - innerHeight * fraction)
    })""", [number, fraction])


def test_a_chosen_question_stays_the_last_read_while_it_is_on_screen(phone, site_url):
    """Tapping "Nghe câu này" scrolls its button up first, and that scroll reaches the page a frame after the
    choice: where it stops does not replace the question chosen while that question is on screen. A reader who
    then scrolls it out of sight is followed."""
    key = f"hoidap:doc:{B19}"
    phone.clock.install()
    phone.goto(f"{site_url}/{B19}")
    phone.evaluate("HoidapReader.reached(3)")
    scroll_heading_to(phone, 3, 0.6)   # question 2 is the one at the top third now
    phone.clock.run_for(2000)
    assert phone.evaluate("k => localStorage.getItem(k)", key) == "3"
    phone.evaluate("HoidapReader.reached(7)")
    scroll_heading_to(phone, 2, 0.1)   # question 7 is out of sight
    phone.clock.run_for(2000)
    assert phone.evaluate("k => localStorage.getItem(k)", key) == "2"
    scroll_heading_to(phone, 5, 0.1)   # long after any choice: where the page stops
    phone.clock.run_for(2000)
    assert phone.evaluate("k => localStorage.getItem(k)", key) == "5"


def test_opening_a_question_in_study_mode_counts_as_reading_it(phone, site_url):
    phone.goto(f"{site_url}/{B19}")
    phone.locator("#hd-study").click()
    phone.locator("#cau-9 + .hd-qtools .hd-reveal").click()
    assert phone.evaluate(f"localStorage.getItem('hoidap:doc:{B19}')") == "9"
    phone.goto(f"{site_url}/en/{B19}")
    expect(phone.locator(".hd-resume")).to_be_hidden()
    phone.locator("#cau-5 + .hd-qtools .hd-reveal").click()
    phone.goto(f"{site_url}/en/")
    expect(phone.locator(".hd-list__resume")).to_have_text("Continue: question 5")


def heading_top(page, number: int) -> float:
    return page.locator(f"#cau-{number}").evaluate("h => h.getBoundingClientRect().top")


def test_study_mode_steps_to_the_previous_and_next_question(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}")
    stepper = phone.locator("nav.hd-stepper")
    expect(stepper).to_be_hidden()                       # outside study mode
    phone.locator("#hd-study").click()
    expect(stepper).to_be_visible()
    assert stepper.get_attribute("aria-label") == "Chuyển sang câu hỏi khác"
    previous, following = stepper.locator("button", has_text="Câu trước"), stepper.locator("button", has_text="Câu sau")
    margin = phone.locator("#cau-1").evaluate("h => parseFloat(getComputedStyle(h).scrollMarginTop)")
    following.click()                                    # from the top of the booklet: question 1
    assert heading_top(phone, 1) == pytest.approx(margin, abs=2)
    following.click()
    following.click()
    assert heading_top(phone, 3) == pytest.approx(margin, abs=2)
    phone.screenshot(path=str(screenshots / "study-stepper.png"))
    previous.click()
    assert heading_top(phone, 2) == pytest.approx(margin, abs=2)
    assert not phone.locator("#tra-loi-2").is_visible(), "stepping does not reveal the answer"
    phone.wait_for_function("key => localStorage.getItem(key) === '2'", arg=f"hoidap:doc:{B19}")
    # after the reader scrolls, the next question is the one after the question at the top of the screen
    phone.locator("#cau-9").evaluate("h => h.scrollIntoView({block: 'start'})")
    following.click()
    assert heading_top(phone, 10) == pytest.approx(margin, abs=2)
    # at the last question, "next" stays there; the dock never hides the end of the page
    for _ in range(len(QUESTIONS_19)):
        following.click()
    last = QUESTIONS_19[-1].number
    expect(phone.locator(f"#cau-{last}")).to_be_in_viewport()
    dock = phone.locator(".hd-dock").evaluate("d => d.getBoundingClientRect().height")
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)") == pytest.approx(dock, abs=1)
    # keyboard: the buttons are reachable and work with Enter
    previous.focus()
    phone.keyboard.press("Enter")
    assert heading_top(phone, last - 1) == pytest.approx(margin, abs=2)
    phone.locator("#hd-study").click()
    expect(stepper).to_be_hidden()
    assert phone.evaluate("getComputedStyle(document.body).paddingBottom") == "0px"


def test_study_mode_never_leaves_answers_hidden_when_the_reader_script_fails(phone, site_url):
    """The head script hides study mode's answers before the first paint; if reader.js never runs (blocked,
    broken download), the page drops study mode once loaded and every answer shows."""
    phone.add_init_script("localStorage.setItem('hoidap:hoc', '1')")
    phone.route("**/assets/javascripts/reader.*js", lambda route: route.abort())
    phone.goto(f"{site_url}/{B19}")
    phone.wait_for_function("() => !document.documentElement.classList.contains('hd-study')")
    assert all(visible_answers(phone))
