"""Printing a booklet page from the browser (390×844 Chromium): every answer, even in study mode, the
resolution card, the address and its QR code; no navigation."""

from __future__ import annotations

import pytest
from conftest import OUTPUT
from test_pdf import fonts, pdf_text, squash
from test_site_build import TRANSLATED, sample_booklets

pytestmark = pytest.mark.browser

# Text of every answer as the page shows it: the text nodes after the first question, outside headings
# and outside what is only for the screen (buttons, permalinks, the PDF links) or only for paper.
_ANSWER_TEXTS = """() => {
  const first = document.querySelector('.md-content h2[id^="cau-"], .md-content h3[id^="cau-"]');
  const skip = 'h1, h2, h3, h4, h5, h6, button, script, style, [hidden], .hd-screen-only, .headerlink, ' +
               '.hd-print-address, details.hd-index';
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    if (text.length < 12 || node.parentElement.closest(skip)) continue;
    if (first.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) texts.push(text);
  }
  return texts;
}"""

_CLOSE_ANSWERS = """() => document.querySelectorAll('div.hd-answer').forEach(answer => {
  answer.classList.add('hd-answer--closed');
})"""


@pytest.fixture
def printed_page(phone, site_url):
    phone.goto(f"{site_url}/{TRANSLATED}/")
    answers = phone.evaluate(_ANSWER_TEXTS)
    assert len(answers) >= len(sample_booklets()[TRANSLATED].questions)
    phone.evaluate(_CLOSE_ANSWERS)  # study mode, as its switch leaves the page
    phone.emulate_media(media="print")
    return phone, answers


def test_print_media_hides_navigation_and_shows_answers_card_and_qr(printed_page):
    page, _answers = printed_page
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                     ".md-top", ".md-content .headerlink", "details.hd-index", ".hd-screen-only"):
        located = page.locator(selector)
        assert located.count() > 0, f"{selector} is on the page"
        assert all(not located.nth(i).is_visible() for i in range(located.count())), selector
    assert page.locator("section.hd-card").is_visible()
    answers = page.locator("div.hd-answer")
    assert answers.count() == len(sample_booklets()[TRANSLATED].questions)
    assert all(answers.nth(i).is_visible() for i in range(answers.count()))
    qr = page.locator(".hd-print-address svg.hd-qr")
    assert qr.count() == 1 and qr.is_visible()
    box = qr.bounding_box()
    assert box and box["width"] > 50 and abs(box["width"] - box["height"]) < 1
    assert "qrline" not in qr.evaluate("svg => svg.outerHTML") and qr.locator("rect").count() == 0
    address = page.locator(".hd-print-address__url")
    assert address.is_visible() and address.text_content() == f"https://hoidap.example.org/{TRANSLATED}/"


def test_printing_to_pdf_shows_every_answer_even_in_study_mode(printed_page):
    page, answers = printed_page
    folder = OUTPUT / "print"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "19-nq-tw-study-mode.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = squash(pdf_text(pdf, body_only=False))
    missing = [answer for answer in answers if squash(answer) not in text]
    assert not missing, missing[:3]
    for question in sample_booklets()[TRANSLATED].questions:
        assert squash(question.text) in text, question.number
    assert "hoidap.example.org" in text
    assert all(embedded == "yes" for _name, embedded in fonts(pdf))


def test_screen_hides_the_print_address(phone, site_url):
    phone.goto(f"{site_url}/{TRANSLATED}/")
    assert phone.locator(".hd-print-address").count() == 1
    assert not phone.locator(".hd-print-address").is_visible()


def test_the_printed_address_is_the_pages_own_in_each_language(built_site):
    for prefix in ("", "en/"):
        html = (built_site / prefix / TRANSLATED / "index.html").read_text(encoding="utf-8")
        assert f'hd-print-address__url">https://hoidap.example.org/{prefix}{TRANSLATED}/<' in html
        qr = html[html.index('<svg role="img"'):]
        qr = qr[:qr.index("</svg>") + 6]
        assert qr.count("<path") == 1 and "<rect" not in qr and len(qr.encode()) < 3000


def test_without_site_url_no_qr_is_printed_and_the_build_says_so(site_factory):
    build = site_factory("no-site-url")
    assert build.ok, build.output
    assert "INFO" in build.result.stderr and "chưa có site_url" in build.result.stderr
    html = (build.site / TRANSLATED / "index.html").read_text(encoding="utf-8")
    assert 'class="hd-print-address"' in html and "hd-qr" not in html and "hd-print-address__url" not in html
