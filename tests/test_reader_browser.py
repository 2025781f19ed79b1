"""What a reader does on a phone: study mode, text size, sharing one question (headless Chromium, 390×844)."""

from __future__ import annotations

import re

import pytest
from conftest import PHONE, ROOT
from hoidap.model.booklet import parse_file

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
