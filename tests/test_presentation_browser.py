"""Presentation mode (trinh-chieu/, issue 17): headless Chromium at 1280×720, 1920×1080 and 390×844 on the built
sample site: the title screen, keys and a clicker's keys, the answer on the next press, a blank screen, a link to
one question, a swipe, the reporter's notes shown only in the presenter view and never to readers, offline after
one visit, axe."""

from __future__ import annotations

import json

import pytest
from conftest import wait_until_kept
from test_accessibility import assert_clean
from test_offline_browser import READY

pytestmark = pytest.mark.browser

BOOKLET = "nghi-quyet/trung-uong/19-nq-tw/"
PRESENT = BOOKLET + "trinh-chieu/"
NOTE = "yêu cầu đối với một báo cáo viên"   # a reporter note of the sample booklet (Câu 10)
SIZES = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080},
         "390x844": {"width": 390, "height": 844}}
PRESENT_READY = "() => document.documentElement.dataset.hdPresent === 'ready'"


@pytest.fixture(params=SIZES, ids=SIZES)
def screen(request, browser):
    phone = request.param == "390x844"
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=phone, has_touch=phone, locale="vi-VN")
    page = context.new_page()
    page.size = request.param
    yield page
    context.close()


def opened(page, site_url: str, fragment: str = ""):
    page.goto(f"{site_url}/{PRESENT}{fragment}")
    page.wait_for_function(PRESENT_READY)
    return page


def current(page) -> tuple[str, bool]:
    """The id of the screen shown and whether its answer shows."""
    shown = page.locator(".hd-slide:not([hidden])")
    assert shown.count() == 1
    answer = shown.locator(".hd-slide__answer")
    return shown.get_attribute("id"), answer.count() > 0 and answer.is_visible()


def status(page) -> str:
    return page.locator(".hd-present__progress").inner_text()


def test_title_screen_then_keys_reveal_and_step(screen, site_url, screenshots):
    page = opened(screen, site_url)
    assert current(page) == ("bat-dau", False)
    assert page.locator(".hd-slide__title").inner_text().startswith("Hỏi - đáp Nghị quyết số 19-NQ/TW")
    assert page.locator(".hd-slide__qr svg").is_visible()
    assert status(page) == "14 câu hỏi"
    page.screenshot(path=str(screenshots / f"present-title-{page.size}.png"))
    page.keyboard.press("ArrowRight")
    assert current(page) == ("cau-1", False) and status(page) == "Câu 1/14"
    question = page.locator("#cau-1 .hd-slide__question")
    size = float(question.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= (24 if page.size == "390x844" else 40), size   # readable from the back of a room
    page.keyboard.press("Space")                                  # the next press reveals the answer
    assert current(page) == ("cau-1", True)
    page.screenshot(path=str(screenshots / f"present-answer-{page.size}.png"))
    page.keyboard.press("PageDown")                               # a presenter's clicker
    assert current(page) == ("cau-2", False) and status(page) == "Câu 2/14"
    assert page.evaluate("location.hash") == "#cau-2"
    page.keyboard.press("PageUp")
    assert current(page) == ("cau-1", True)
    page.keyboard.press("ArrowLeft")
    assert current(page) == ("cau-1", False)
    page.keyboard.press("End")
    assert current(page) == ("cau-14", True) and status(page) == "Câu 14/14"
    page.keyboard.press("Home")
    assert current(page) == ("bat-dau", False)
    page.locator("[data-present=next]").click()
    page.locator("[data-present=answer]").click()
    assert current(page) == ("cau-1", True)
    page.locator("[data-present=previous]").click()
    assert current(page) == ("cau-1", False)


def test_space_on_a_focused_button_presses_that_button(screen, site_url):
    """Space steps forward, but on a focused button it is the button's (a keyboard user pressing "Trước" went
    forward, and could not turn the notes on with Space)."""
    page = opened(screen, site_url, "#cau-3")
    page.locator("[data-present=previous]").focus()
    page.keyboard.press("Space")
    assert current(page) == ("cau-2", True)
    page.locator("[data-present=notes]").focus()
    page.keyboard.press("Space")
    assert page.locator("[data-present=notes]").get_attribute("aria-pressed") == "true"
    assert current(page) == ("cau-2", True)
    page.locator(".hd-present__back").focus()       # a link: Space is not its key, so it steps
    page.keyboard.press("Space")
    assert current(page) == ("cau-3", False)


def test_a_mistyped_link_opens_the_title_screen(screen, site_url):
    errors = []
    screen.on("pageerror", lambda error: errors.append(str(error)))
    page = opened(screen, site_url, "#cau-%E0")     # not percent-encoded UTF-8: decodeURIComponent throws
    assert current(page) == ("bat-dau", False) and errors == []
    page.evaluate("location.hash = '#%'")
    page.evaluate("location.hash = '#cau-4'")
    page.wait_for_function("() => document.documentElement.dataset.hdSlide === '4'")
    assert current(page) == ("cau-4", False) and errors == []


def test_b_blanks_the_screen(screen, site_url):
    page = opened(screen, site_url, "#cau-3")
    blank = page.locator(".hd-present__blank")
    page.keyboard.press("b")
    assert blank.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.hd-present__blank')).backgroundColor") \
        == "rgb(0, 0, 0)"
    page.keyboard.press("B")
    assert not blank.is_visible()
    assert current(page) == ("cau-3", False)


def test_a_link_opens_one_question(screen, site_url):
    page = opened(screen, site_url, "#cau-5")
    assert current(page) == ("cau-5", False) and status(page) == "Câu 5/14"
    region = page.locator(".hd-present__progress")
    assert region.get_attribute("aria-live") == "polite"


def test_a_swipe_steps(screen, site_url):
    page = opened(screen, site_url, "#cau-4")
    swipe = """dx => {
        const at = (x) => new Touch({identifier: 1, target: document.body, clientX: x, clientY: 300});
        document.dispatchEvent(new TouchEvent('touchstart', {touches: [at(300)], changedTouches: [at(300)]}));
        document.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [at(300 + dx)]}));
    }"""
    page.evaluate(swipe, -150)      # to the left: next
    assert current(page) == ("cau-4", True)
    page.evaluate(swipe, -150)
    assert current(page) == ("cau-5", False)
    page.evaluate(swipe, 150)       # to the right: back
    assert current(page) == ("cau-4", True)


def test_notes_only_in_the_presenter_view(screen, site_url, screenshots):
    page = opened(screen, site_url, "#cau-10")
    notes = page.locator("#cau-10 .hd-slide__notes")
    assert notes.count() == 1 and NOTE in notes.inner_text()
    assert not notes.is_visible()                  # the audience's screen
    page.keyboard.press("g")
    assert notes.is_visible()
    assert page.locator("[data-present=notes]").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(screenshots / f"present-notes-{page.size}.png"))
    page.locator("[data-present=notes]").click()
    assert not notes.is_visible()


def test_notes_never_reach_readers(built_site):
    """Every file the build wrote but the presentation pages: no reporter note (page, search, feeds, offline)."""
    written = (path for path in built_site.rglob("*") if path.is_file() and path.parent.name != "trinh-chieu"
               and path.suffix in (".html", ".json", ".xml", ".js", ".txt", ".webmanifest"))
    assert [str(path) for path in written if NOTE in path.read_text("utf-8", "replace")] == []
    presented = (built_site / PRESENT / "index.html").read_text("utf-8")
    assert NOTE in presented
    assert "noindex" not in presented   # search engines are sent to the booklet instead:
    assert f'<link rel="canonical" href="https://hoidap.example.org/{BOOKLET}">' in presented
    assert "trinh-chieu" not in (built_site / "sitemap.xml").read_text("utf-8")
    listed = {entry["u"] for entry in json.loads((built_site / "offline.json").read_text("utf-8"))["files"]}
    assert {PRESENT, "en/" + PRESENT} <= listed


def test_the_booklet_links_its_presentation(phone, site_url):
    phone.goto(f"{site_url}/{BOOKLET}")
    link = phone.locator(".hd-toolbar a.hd-present-link")
    assert link.inner_text() == "Trình chiếu"
    link.click()
    phone.wait_for_function(PRESENT_READY)
    assert phone.url.endswith(PRESENT)
    assert phone.locator(f"text={NOTE}").count() == 1   # in the page, not shown
    assert not phone.locator(f"text={NOTE}").is_visible()


def test_works_offline_after_one_visit(phone, site_url):
    phone.goto(f"{site_url}/{PRESENT}")
    phone.wait_for_function(READY)
    wait_until_kept(phone)
    phone.context.set_offline(True)
    try:
        phone.goto(f"{site_url}/{PRESENT}#cau-6")
        phone.wait_for_function(PRESENT_READY)
        assert current(phone) == ("cau-6", False)
        phone.keyboard.press("ArrowRight")
        assert current(phone) == ("cau-6", True)
        assert phone.locator(".hd-slide__question").first.evaluate(
            "e => getComputedStyle(e).fontWeight") == "700"     # our stylesheet came from the cache too
    finally:
        phone.context.set_offline(False)


@pytest.mark.parametrize("path", [PRESENT, "en/" + PRESENT], ids=["vi", "en"])
def test_axe_finds_nothing(phone, site_url, path):
    phone.goto(f"{site_url}/{path}#cau-2")
    phone.wait_for_function(PRESENT_READY)
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("g")
    assert_clean(phone, path)
    phone.keyboard.press("Home")
    assert_clean(phone, path + " (title)")


def test_printing_gives_the_reporter_every_question_answer_and_note(phone, site_url):
    page = opened(phone, site_url, "#cau-3")
    page.emulate_media(media="print")
    slides = page.locator(".hd-slide")
    assert slides.count() == 15   # the title screen and 14 questions
    assert all(slides.nth(i).is_visible() for i in range(slides.count()))
    answers = page.locator(".hd-slide__answer")
    assert answers.count() == 14 and all(answers.nth(i).is_visible() for i in range(14))
    notes = page.locator(".hd-slide__notes")
    assert notes.count() == 2 and all(notes.nth(i).is_visible() for i in range(2))
    assert NOTE in notes.nth(1).inner_text()
    assert page.locator(".hd-present__controls, [data-present=notes]").first.is_hidden()
