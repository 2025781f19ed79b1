"""What a reader sees on a phone, in headless Debian Chromium (390×844)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import settled
from test_site_build import TRANSLATED, sample_booklets

pytestmark = pytest.mark.browser


def test_home_lists_the_booklets(phone, site_url, screenshots):
    phone.goto(site_url + "/")
    items = phone.locator(".hd-list li > a")
    titles = items.all_inner_texts()
    for booklet in sample_booklets().values():
        assert booklet.title in titles
    phone.screenshot(path=screenshots / "home.png", full_page=True)


def test_booklet_shows_its_card_and_questions(phone, site_url, screenshots):
    booklet = sample_booklets()[TRANSLATED]
    phone.goto(f"{site_url}/{TRANSLATED}/")
    card = phone.locator(".hd-card")
    assert card.is_visible()
    assert booklet.meta.resolution.number in card.inner_text()
    assert booklet.meta.resolution.issuer in card.inner_text()
    first = phone.locator("#cau-1")
    assert first.is_visible()
    assert first.inner_text().startswith("Câu 1.")
    heading_style = first.evaluate("e => getComputedStyle(e).borderLeftStyle")
    assert heading_style == "solid", "questions are set apart from answers"
    assert phone.locator("[id^=cau-]").count() == len(booklet.questions)
    phone.screenshot(path=screenshots / "booklet.png")


def test_a_link_to_question_5_lands_on_question_5(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{TRANSLATED}/")
    phone.locator(".hd-index summary").click()
    phone.locator('.hd-index a[href="#cau-5"]').click()
    phone.wait_for_function("location.hash === '#cau-5'")
    assert 0 <= settled(phone, "#cau-5")["top"] < 200
    assert phone.locator("#cau-5").inner_text().startswith("Câu 5.")

    shared = phone.context.new_page()
    shared.goto(f"{site_url}/{TRANSLATED}/#cau-5")
    assert 0 <= settled(shared, "#cau-5")["top"] < 200
    shared.screenshot(path=screenshots / "cau-5.png")
    shared.close()


def test_language_switch_lands_on_the_same_booklet_in_english(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{TRANSLATED}/")
    phone.locator(".md-header .md-select").first.click()
    phone.locator('.md-select__link[hreflang="en"]').click()
    phone.wait_for_url(f"{site_url}/en/{TRANSLATED}/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("#cau-1").inner_text().startswith("Question 1.")
    phone.screenshot(path=screenshots / "booklet-en.png")
    phone.locator(".md-header .md-select").first.click()
    phone.locator('.md-select__link[hreflang="vi"]').click()
    phone.wait_for_url(f"{site_url}/{TRANSLATED}/")


def test_a_whole_visit_stays_on_the_sites_origin(phone, site_url):
    origin = urlsplit(site_url).netloc
    pages = ["/", "/tra-cuu/theo-cap/", "/tra-cuu/theo-chu-de/", f"/{TRANSLATED}/", "/en/", f"/en/{TRANSLATED}/"]
    pages += [f"/{path}/" for path in sample_booklets()]
    for path in pages:
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
    phone.goto(site_url + "/")
    phone.locator("label[for=__search]").first.click()
    phone.locator("input[data-md-component=search-query]").press_sequentially("nghị quyết", delay=30)
    phone.wait_for_selector(".md-search-result__item")
    phone.wait_for_load_state("networkidle")
    foreign = [url for url in phone.requested if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
               and urlsplit(url).netloc != origin]
    assert not foreign
    assert len(phone.requested) > len(pages)
