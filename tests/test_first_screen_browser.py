"""A first screen for reading and a site in two languages (issue 16, points 2 and 5), in headless Chromium on
phones of 390×844 and 360×640, at 100% and at 200% text set with the kit's own text-size control: the home page's
first booklet above the fold, the one-line offline control, headings that grow less than the text, nothing wider
than the screen, the search panel, side menu and quiz at the reader's size; the language switcher that keeps the
question being read and says when a page has no translation; the offline download of every language."""

from __future__ import annotations

import re

import pytest
from conftest import settled, wait_until_kept

pytestmark = pytest.mark.browser

B19, B57, B71 = (f"nghi-quyet/trung-uong/{n}-nq-tw/" for n in (19, 57, 71))
SCREENS = {"390x844": {"width": 390, "height": 844}, "360x640": {"width": 360, "height": 640}}
READY = "() => document.documentElement.dataset.hdWorker === 'ready'"      # set by offline.js
SIZED = "() => document.querySelector('.hd-offline__total').textContent !== ''"  # offline-download.js surveyed
DRAWER = "label.md-header__button[for=__drawer]"  # the side menu's button
HEADER = 48  # Material's header, fixed at the top of a phone's screen


def on_screen(phone, name: str) -> None:
    phone.set_viewport_size(SCREENS[name])


def text_at(phone, percent: int) -> None:
    """Set the text size with the toolbar's A+ / A− buttons, as a reader does."""
    value = phone.locator(".hd-size__value")
    step = "1" if int(value.inner_text().rstrip("%")) < percent else "-1"
    while value.inner_text() != f"{percent}%":
        phone.locator(f".hd-toolbar [data-hd-size='{step}']").click()


def px(phone, selector: str, prop: str = "fontSize") -> float:
    return phone.locator(selector).first.evaluate(f"e => parseFloat(getComputedStyle(e).{prop})")


def wider_than_screen(phone) -> list[str]:
    """Elements of the page (the closed side menu and search panel left out) that reach past the screen's
    edge. Wide tables and long code lines are not counted where they scroll sideways inside a frame of their
    own that fits the screen: the page itself does not move sideways."""
    return phone.evaluate("""() => {
        const inFrame = e => {
            for (let a = e.parentElement; a; a = a.parentElement) {
                if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX))
                    return a.getBoundingClientRect().right <= innerWidth + 0.5
            }
            return false
        }
        return [...document.querySelectorAll('body *')].filter(e => {
            const box = e.getBoundingClientRect()
            return box.width > 0 && box.right > innerWidth + 0.5
                && !e.closest('.md-sidebar, .md-search, .md-select__inner') && !inFrame(e)
        }).map(e => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`)
    }""")


# --- Point 2: a first screen for reading ----------------------------------------------------------------

def test_the_home_page_shows_the_first_booklet_above_the_fold(phone, site_url, screenshots):
    phone.goto(f"{site_url}/")
    phone.wait_for_function(SIZED)
    first = settled(phone, ".hd-list a")
    assert first["bottom"] < 844, f"the first booklet's title ends at y={first['bottom']}"
    offline = phone.locator(".hd-offline").bounding_box()
    action = phone.locator(".hd-offline__action").bounding_box()
    assert offline["height"] <= action["height"] + 1, "the offline control is one line, the button's height"
    total = phone.locator(".hd-offline__total").bounding_box()
    assert abs(total["y"] + total["height"] / 2 - (action["y"] + action["height"] / 2)) < 4  # beside the button
    assert phone.locator(".hd-offline h2, .hd-offline__title").count() == 0   # no title repeating the button
    assert phone.locator(".hd-offline__status").bounding_box()["height"] <= action["height"]
    h1 = phone.locator("article h1")
    line = px(phone, "article h1", "lineHeight")
    assert h1.bounding_box()["height"] < 1.5 * line, "the title's hidden '#' link wraps onto a line of its own"
    phone.screenshot(path=str(screenshots / "first-screen-390x844.png"))


@pytest.mark.parametrize("screen", SCREENS)
def test_at_200_percent_headings_grow_less_than_text_and_nothing_is_wider_than_the_screen(
        phone, site_url, screenshots, screen):
    on_screen(phone, screen)
    phone.goto(f"{site_url}/{B19}")
    sizes = {s: px(phone, s) for s in ("#tra-loi-1 p", "article h1", "#cau-5")}
    text_at(phone, 200)
    grown = {s: px(phone, s) / size for s, size in sizes.items()}
    assert grown["#tra-loi-1 p"] == pytest.approx(2, rel=0.02)
    assert grown["article h1"] < grown["#cau-5"] < grown["#tra-loi-1 p"], grown
    height = SCREENS[screen]["height"] - HEADER
    for question in phone.locator("article h3[id^='cau-']").all():
        box = question.bounding_box()
        assert box["height"] < height, f"{question.get_attribute('id')} is {box['height']}px tall"
    for path in ("", B19, B57, "huong-dan/soan-tai-lieu/", f"en/{B19}", "tra-cuu/theo-chu-de/"):
        phone.goto(f"{site_url}/{path}")
        assert phone.locator(".hd-size__value").inner_text() == "200%"
        assert wider_than_screen(phone) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"], path
    phone.evaluate("""() => {   // set through the CSSOM: the site's policy ignores style attributes
        const wide = document.querySelector('article').appendChild(document.createElement('p'))
        wide.id = 'wide'
        wide.style.width = '150vw'
    }""")
    assert wider_than_screen(phone) == ["p.#wide"], "the check sees what is wider than the screen"
    phone.goto(f"{site_url}/{B19}#cau-5")
    settled(phone, "#cau-5")
    phone.screenshot(path=str(screenshots / f"question-200-{screen}.png"))


@pytest.mark.parametrize("screen", SCREENS)
def test_at_200_percent_the_quiz_keeps_its_width(phone, site_url, screenshots, screen):
    on_screen(phone, screen)
    phone.goto(f"{site_url}/{B19}#trac-nghiem")
    text_at(phone, 200)
    article = phone.locator("article").bounding_box()
    question = settled(phone, ".hd-quiz__question--current")
    option = phone.locator(".hd-quiz__question--current .hd-quiz__option").first.bounding_box()
    assert question["x"] - article["x"] < 20 and option["x"] - article["x"] < 20, (question, option, article)
    assert question["width"] > article["width"] - 40
    phone.locator(".hd-quiz__question--current").scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshots / f"quiz-200-{screen}.png"))


@pytest.mark.parametrize("screen", SCREENS)
def test_the_search_panel_and_side_menu_follow_the_text_size(phone, site_url, screenshots, screen):
    on_screen(phone, screen)
    phone.goto(f"{site_url}/")
    phone.locator("label[for=__search]").first.click()
    box = "input[data-md-component=search-query]"
    phone.locator(box).wait_for()
    base = px(phone, box)
    phone.reload()
    phone.locator(DRAWER).click()
    link = ".md-nav--primary .md-nav__item"
    settled(phone, ".md-sidebar--primary")
    menu = px(phone, link)
    phone.reload()
    text_at(phone, 200)
    phone.locator("label[for=__search]").first.click()
    assert px(phone, box) == pytest.approx(2 * base, rel=0.02)
    phone.locator(box).press_sequentially("hoi nghi", delay=30)
    phone.locator(".md-search-result__item").first.wait_for()
    assert px(phone, ".md-search-result__meta") == pytest.approx(2 * 0.64 * 20, rel=0.05)
    phone.screenshot(path=str(screenshots / f"search-200-{screen}.png"))
    phone.reload()
    phone.locator(DRAWER).click()
    settled(phone, ".md-sidebar--primary")
    assert px(phone, link) == pytest.approx(2 * menu, rel=0.02)
    phone.screenshot(path=str(screenshots / f"menu-200-{screen}.png"))


# --- Point 5: languages --------------------------------------------------------------------------------

def switcher(phone, lang: str):
    """The language switcher's item for ``lang`` (opened, as a tap on the translate icon does)."""
    phone.locator(".md-header__option .md-select > button").click()
    return phone.locator(".md-select__item").filter(has=phone.locator(f"[hreflang='{lang}'], [lang='{lang}']"))


def test_the_language_switch_keeps_the_question_being_read(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}#cau-5")
    english = phone.locator("a.md-select__link[hreflang=en]")
    assert english.evaluate("a => a.hash") == "#cau-5"
    phone.evaluate("location.hash = 'cau-8'")
    phone.wait_for_function("document.querySelector('a.md-select__link[hreflang=en]').hash === '#cau-8'")
    item = switcher(phone, "en")
    phone.screenshot(path=str(screenshots / "language-switch.png"))
    item.locator("a").click()
    phone.wait_for_url(f"{site_url}/en/{B19}#cau-8")
    heading = settled(phone, "#cau-8")
    assert HEADER - 1 <= heading["top"] < 844 / 2, heading
    assert phone.locator("a.md-select__link[hreflang=vi]").evaluate("a => a.hash") == "#cau-8"


@pytest.mark.parametrize("screen", SCREENS)
def test_a_page_without_translation_says_so_and_stays(phone, site_url, screenshots, screen):
    on_screen(phone, screen)
    phone.goto(f"{site_url}/{B57}#cau-3")
    item = switcher(phone, "en")
    assert re.sub(r"\s+", " ", item.inner_text()).strip() == "English (chưa có bản dịch)"
    assert item.locator("a").count() == 0                 # not a link to the English home
    item.click()
    assert phone.url == f"{site_url}/{B57}#cau-3"
    phone.screenshot(path=str(screenshots / f"language-untranslated-{screen}.png"))
    assert phone.locator("a.md-select__link[hreflang=vi]").count() == 1


def test_the_offline_download_offers_every_language_then_both_open_offline(phone, site_url, screenshots):
    phone.goto(f"{site_url}/")
    phone.wait_for_function(READY)
    phone.wait_for_function(SIZED)
    toggle = phone.locator(".hd-offline__toggle")
    assert re.fullmatch(r"[\d,]+ (KB|MB)", phone.locator(".hd-offline__total").inner_text())
    assert "Tiếng Việt, English" in toggle.inner_text()   # its accessible name: the languages ticked
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    languages = phone.locator(".hd-offline__languages label")
    assert [label.locator("[lang]").inner_text() for label in languages.all()] == ["Tiếng Việt", "English"]
    for label in languages.all():
        assert label.locator("input").is_checked()
        assert re.fullmatch(r"\(khoảng [\d,]+ (KB|MB)\)", label.locator(".hd-offline__size").inner_text())
    phone.screenshot(path=str(screenshots / "offline-languages.png"))
    both = phone.locator(".hd-offline__total").inner_text()
    languages.nth(1).locator("input").uncheck()
    assert phone.locator(".hd-offline__total").inner_text() != both
    assert "English" not in toggle.inner_text()
    languages.nth(0).locator("input").uncheck()
    assert phone.locator(".hd-offline__action").is_disabled()
    assert phone.locator(".hd-offline__status").inner_text() == "Chọn ít nhất một ngôn ngữ để tải."
    languages.nth(0).locator("input").check()
    languages.nth(1).locator("input").check()
    assert phone.locator(".hd-offline__total").inner_text() == both
    phone.locator(".hd-offline__action").click()
    phone.wait_for_function("document.querySelector('.hd-offline__status').textContent.startsWith('Đã tải xong')")
    assert phone.locator(".hd-offline__action").is_hidden() and toggle.is_hidden()
    wait_until_kept(phone, f"{site_url}/en/{B19}")
    phone.context.set_offline(True)
    try:
        phone.goto(f"{site_url}/en/{B19}")
        assert phone.locator("#tra-loi-1").is_visible()
        assert phone.evaluate("document.documentElement.lang") == "en"
        phone.screenshot(path=str(screenshots / "offline-english-booklet.png"))
        phone.goto(f"{site_url}/{B71}")
        assert phone.locator("#tra-loi-1").is_visible()
        phone.goto(f"{site_url}/en/")
        assert phone.locator(".hd-list a").count() >= 1
    finally:
        phone.context.set_offline(False)
