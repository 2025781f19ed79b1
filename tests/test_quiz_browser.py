"""Playing a quiz on a phone (headless Chromium, 390×844): one question at a time or all at once, a score
with each explanation and a link back to the booklet, the best score kept, offline replay, no JavaScript."""

from __future__ import annotations

import re

import pytest
from conftest import PHONE, ROOT, parse_file, wait_until_kept
from test_offline_browser import controlled

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
QUIZ = parse_file(ROOT / "docs/nghi-quyet/trung-uong/19-nq-tw.md").quiz
WRONG = {3, 5}   # the questions answered wrongly in the tests below


def answer(page, number: int, right: bool) -> None:
    """Tick the right options of question ``number`` (or one wrong option)."""
    question = page.locator(f"#trac-nghiem-{number}")
    if right:
        for option in question.locator(".hd-quiz__option[data-correct] input").all():
            option.check()
    else:
        question.locator(".hd-quiz__option:not([data-correct]) input").first.check()


def play_one_at_a_time(page) -> None:
    for question in QUIZ.questions:
        number = question.number
        box = page.locator(f"#trac-nghiem-{number}")
        assert box.is_visible()
        later = range(number + 1, len(QUIZ.questions) + 1)
        assert all(not page.locator(f"#trac-nghiem-{n}").is_visible() for n in later)
        assert not box.locator(".hd-quiz__explain").is_visible()   # hidden until checked
        answer(page, number, number not in WRONG)
        box.locator("[data-hd-quiz-check]").click()
        feedback = box.locator(".hd-quiz__feedback").inner_text()
        assert feedback == ("Chưa đúng." if number in WRONG else "Đúng.")
        assert box.locator(".hd-quiz__explain").is_visible()
        box.locator("[data-hd-quiz-next]").click()


def test_play_to_the_end_then_the_score_explanations_and_links_back(phone, site_url, screenshots):
    phone.goto(f"{site_url}/{B19}#trac-nghiem")
    # options are native inputs in a fieldset with a legend, the right kind for one or several answers
    first = phone.locator("#trac-nghiem-1 fieldset")
    assert first.locator("legend").inner_text().endswith("Cơ quan nào ban hành Nghị quyết số 19-NQ/TW?")
    assert first.locator("input[type=radio]").count() == 3
    several = next(q for q in QUIZ.questions if q.multiple)
    assert phone.locator(f"#trac-nghiem-{several.number} input[type=checkbox]").count() == len(several.options)
    # checking without an answer asks for one
    phone.locator("#trac-nghiem-1 [data-hd-quiz-check]").click()
    assert phone.locator("#trac-nghiem-1 .hd-quiz__feedback").inner_text().startswith("Hãy chọn")
    play_one_at_a_time(phone)
    result = phone.locator(".hd-quiz__result")
    assert result.is_visible()
    total = len(QUIZ.questions)
    assert result.locator(".hd-quiz__score").inner_text() == f"Bạn trả lời đúng {total - len(WRONG)}/{total} câu."
    items = result.locator(".hd-quiz__summary-item")
    assert items.count() == total
    for question in QUIZ.questions:
        item = items.nth(question.number - 1)
        assert item.inner_text().startswith("Chưa đúng." if question.number in WRONG else "Đúng.")
        back = item.locator("a.hd-quiz__back")
        assert back.get_attribute("href") == f"#cau-{question.links[0].number}"
        assert back.inner_text() == "Đọc lại câu trả lời trong tài liệu"
        assert "Giải thích" in item.locator(".hd-quiz__summary-explain").inner_text()
    phone.screenshot(path=str(screenshots / "quiz-score.png"), full_page=False)
    items.nth(2).locator("a.hd-quiz__back").click()   # back to the answer in the booklet
    assert re.search(r"#cau-2$", phone.url)
    assert phone.locator("#tra-loi-2").is_visible()
    # the best score is kept on the phone
    phone.reload()
    best = phone.locator(".hd-quiz__best")
    assert best.inner_text() == f"Điểm cao nhất trên máy này: {total - len(WRONG)}/{total} câu."


def test_all_at_once_and_play_again(phone, site_url):
    phone.goto(f"{site_url}/{B19}#trac-nghiem")
    phone.locator(".hd-quiz__mode input[value=all]").check()
    for question in QUIZ.questions:
        assert phone.locator(f"#trac-nghiem-{question.number}").is_visible()
        answer(phone, question.number, True)
    phone.locator("[data-hd-quiz-finish]").click()
    total = len(QUIZ.questions)
    assert phone.locator(".hd-quiz__score").inner_text() == f"Bạn trả lời đúng {total}/{total} câu."
    assert phone.locator(".hd-quiz__best-after").inner_text().endswith(f"{total}/{total} câu.")
    phone.locator("[data-hd-quiz-again]").click()
    assert phone.locator(".hd-quiz__result").is_hidden()
    assert phone.locator(".hd-quiz__questions input:checked").count() == 0


def test_options_are_shuffled_but_print_in_the_written_order(phone, site_url):
    orders = set()
    for _ in range(6):
        phone.goto(f"{site_url}/{B19}")
        orders.add(tuple(phone.locator(".hd-quiz__option").evaluate_all("els => els.map(e => e.dataset.i)")))
    assert len(orders) > 1
    phone.emulate_media(media="print")
    phone.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    written = phone.locator("#trac-nghiem-1 .hd-quiz__option").evaluate_all("els => els.map(e => e.dataset.i)")
    assert written == [str(i) for i in range(len(QUIZ.questions[0].options))]
    assert phone.locator("#trac-nghiem-1 .hd-quiz__letter").first.is_visible()
    legend = phone.locator("#trac-nghiem-1 legend").inner_text()          # numbered like the key
    assert legend.startswith("1. ") and QUIZ.questions[0].text.strip("*").split()[0] in legend
    assert not phone.locator("#trac-nghiem-1 .hd-quiz__mark").is_visible()   # the sheet has no answers
    assert phone.locator(".hd-quiz__key").is_visible()                        # the key, on its own page
    phone.goto(f"{site_url}/{B19}?in=dap-an")
    assert phone.evaluate("document.documentElement.classList.contains('hd-print-key')")
    assert not phone.locator("#trac-nghiem-1").is_visible()
    assert phone.locator(".hd-quiz__key").is_visible()
    assert not phone.locator("#cau-1").is_visible()


def test_a_quiz_replays_offline(phone, site_url):
    controlled(phone, f"{site_url}/{B19}")
    phone.reload()
    phone.locator(".hd-quiz").wait_for()
    wait_until_kept(phone)
    phone.context.set_offline(True)
    try:
        phone.reload()
        phone.locator(".hd-quiz__mode input[value=all]").check()
        for question in QUIZ.questions:
            answer(phone, question.number, question.number != 1)
        phone.locator("[data-hd-quiz-finish]").click()
        total = len(QUIZ.questions)
        assert phone.locator(".hd-quiz__score").inner_text() == f"Bạn trả lời đúng {total - 1}/{total} câu."
    finally:
        phone.context.set_offline(False)


def test_without_javascript_the_page_shows_questions_and_answers(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{B19}")
        for question in QUIZ.questions:
            box = page.locator(f"#trac-nghiem-{question.number}")
            assert box.is_visible()
            assert box.locator(".hd-quiz__mark").count() == sum(o.correct for o in question.options)
            assert box.locator(".hd-quiz__mark").first.is_visible()
            assert box.locator(".hd-quiz__explain").is_visible()
            assert box.locator("input").first.is_hidden()
        assert page.locator(".hd-quiz__bar").is_hidden() and page.locator("[data-hd-quiz-check]").first.is_hidden()
    finally:
        context.close()
