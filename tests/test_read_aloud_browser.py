"""Read aloud ("Nghe") on a phone (headless Chromium, 390×844), with a scripted speech engine in place of the
browser's speechSynthesis (conftest.fake_speech): what is said and in which order, pause and continue, the
question highlighted while it is read, the message when the phone has no voice for the page's language."""

from __future__ import annotations

import re

import pytest
from conftest import fake_speech
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
LONGEST = 200   # listen.js: longer sentences are cut at clauses


def hear(page) -> list[dict]:
    """Let the engine say each utterance in turn until the player closes; what it was handed, with the
    question highlighted and the player's words meanwhile."""
    heard = []
    while True:
        page.wait_for_function("() => window.fakeSpeech.current || document.querySelector('.hd-player').hidden")
        said = page.evaluate("""() => {
            const engine = window.fakeSpeech, current = engine.current;
            if (!current) return null;
            return {text: current.text, lang: current.lang, voice: current.voice && current.voice.name,
                    speaking: [...document.querySelectorAll('.hd-speaking')].map(e => e.id),
                    status: document.querySelector('.hd-player__status').textContent};
        }""")
        if said is None:
            return heard
        heard.append(said)
        page.evaluate("window.fakeSpeech.end()")


def words(text: str) -> str:
    return " ".join(text.split())


def answer_text(page, number: int) -> str:
    return words(page.locator(f"#tra-loi-{number}").evaluate("e => e.innerText"))


def question_text(page, number: int) -> str:
    """The question as read: its label, then its words (without the heading's '#' link)."""
    return words(page.locator(f"#cau-{number}").evaluate(
        "h => { const c = h.cloneNode(true); c.querySelector('.headerlink').remove(); return c.innerText }"))


def test_one_question_is_read_sentence_by_sentence(phone, site_url):
    fake_speech(phone, ["en", "vi"])
    phone.goto(f"{site_url}/{B19}")
    listen = phone.locator("#cau-3 + .hd-qtools .hd-listen")
    expect(listen).to_have_text("Nghe câu này")
    listen.click()
    heard = hear(phone)
    assert [said["text"] for said in heard] == [
        "Câu 3. Số hiệu của nghị quyết viết thế nào cho đúng?",
        'Dạng chuẩn là "19-NQ/TW": con số, dấu gạch nối, rồi đến "NQ/TW", không có dấu cách ở giữa.',
        "Trên báo chí, số hiệu đôi khi bị viết không thống nhất, chẳng hạn 18/NQ-TW hay 21 – NQ/TW.",
        'Khi biên soạn tài liệu, hãy dùng một dạng chuẩn duy nhất: "18-NQ/TW", "21-NQ/TW".',
    ]
    assert {(said["voice"], said["lang"]) for said in heard} == {("Tiếng Việt (máy)", "vi-VN")}
    assert {tuple(said["speaking"]) for said in heard} == {("cau-3",)}
    assert {said["status"] for said in heard} == {"Đang đọc: Câu 3"}
    # done: the player closes, the highlight goes, and the last question read is this one
    expect(phone.locator(".hd-player")).to_be_hidden()
    assert phone.locator(".hd-speaking").count() == 0
    assert phone.evaluate(f"localStorage.getItem('hoidap:doc:{B19}')") == "3"


def test_the_whole_booklet_is_read_in_order_with_each_question_highlighted(phone, site_url, screenshots):
    fake_speech(phone, ["vi"])
    phone.goto(f"{site_url}/{B19}")
    numbers = phone.locator(".hd-answer").evaluate_all("els => els.map(e => Number(e.id.slice(8)))")
    listen = phone.locator(".hd-toolbar .hd-listen-all")
    expect(listen).to_have_text("Nghe cả tài liệu")
    listen.click()
    expect(phone.locator(".hd-player")).to_be_visible()
    phone.screenshot(path=str(screenshots / "read-aloud-playing.png"))
    heard = hear(phone)
    starts = [at for at, said in enumerate(heard) if re.match(r"Câu \d+\. ", said["text"])]
    assert [int(heard[at]["text"].split()[1].rstrip(".")) for at in starts] == numbers
    for number, start, stop in zip(numbers, starts, [*starts[1:], len(heard)], strict=True):
        question, *answer = heard[start:stop]
        assert question["text"] == question_text(phone, number)
        # every word of the answer said once, in order, in pieces a phone's engine does not cut off
        assert " ".join(said["text"] for said in answer) == answer_text(phone, number)
        assert all(len(said["text"]) <= LONGEST for said in answer)
        assert {tuple(said["speaking"]) for said in heard[start:stop]} == {(f"cau-{number}",)}
        assert {said["status"] for said in heard[start:stop]} == {f"Đang đọc: Câu {number}"}
    assert len(heard) > len(numbers) * 2, "answers are read in several utterances"
    expect(phone.locator(".hd-player")).to_be_hidden()


def test_pause_and_continue_say_the_sentence_again(phone, site_url):
    fake_speech(phone, ["vi"])
    phone.goto(f"{site_url}/{B19}")
    phone.locator("#cau-11 + .hd-qtools .hd-listen").click()
    phone.wait_for_function("() => window.fakeSpeech.current")
    phone.evaluate("window.fakeSpeech.start(); window.fakeSpeech.boundary(4); window.fakeSpeech.end()")
    first = phone.evaluate("window.fakeSpeech.current.text")
    assert answer_text(phone, 11).startswith(first)
    pause = phone.locator(".hd-player__pause")
    expect(pause).to_be_focused()
    expect(pause).to_have_text("Tạm dừng")
    pause.click()
    assert phone.evaluate("window.fakeSpeech.current") is None, "the engine stops speaking"
    expect(pause).to_have_text("Nghe tiếp")
    expect(phone.locator(".hd-player__status")).to_have_text("Đã tạm dừng: Câu 11")
    expect(phone.locator("#cau-11")).to_have_class(re.compile(r"\bhd-speaking\b"))
    spoken = phone.evaluate("window.fakeSpeech.spoken.length")
    pause.click()
    expect(pause).to_have_text("Tạm dừng")
    assert phone.evaluate("window.fakeSpeech.spoken.length") == spoken + 1
    heard = hear(phone)
    assert heard[0]["text"] == first, "continuing says the interrupted sentence again"
    assert " ".join(said["text"] for said in heard) == answer_text(phone, 11)
    # the stop button ends it at once
    phone.locator("#cau-2 + .hd-qtools .hd-listen").click()
    phone.wait_for_function("() => window.fakeSpeech.current")
    phone.locator(".hd-player__stop").click()
    expect(phone.locator(".hd-player")).to_be_hidden()
    assert phone.evaluate("window.fakeSpeech.current") is None
    assert phone.locator(".hd-speaking").count() == 0
    expect(phone.locator("#cau-2 + .hd-qtools .hd-listen")).to_be_focused()


def test_without_a_vietnamese_voice_the_reader_is_told_how_to_add_one(phone, site_url, screenshots):
    fake_speech(phone, ["en"])
    phone.goto(f"{site_url}/{B19}")
    phone.locator("#cau-2 + .hd-qtools .hd-listen").click()
    help_box = phone.locator(".hd-listen-help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("Máy này chưa có giọng đọc tiếng Việt")
    expect(help_box).to_contain_text("Android")
    expect(help_box).to_contain_text("Cài đặt dữ liệu giọng nói")
    assert phone.evaluate("window.fakeSpeech.spoken") == []
    assert phone.locator(".hd-player").is_hidden()
    phone.screenshot(path=str(screenshots / "read-aloud-no-voice.png"))
    phone.locator(".hd-listen-help__close").click()
    expect(help_box).to_be_hidden()


def test_english_pages_use_an_english_voice_and_the_phone_voice_comes_first(phone, site_url):
    fake_speech(phone, ["vi-online", "en", "vi"])
    phone.goto(f"{site_url}/en/{B19}")
    listen = phone.locator("#cau-3 + .hd-qtools .hd-listen")
    expect(listen).to_have_text("Listen")
    expect(phone.locator(".hd-listen-all")).to_have_text("Listen to the booklet")
    listen.click()
    heard = hear(phone)
    assert heard[0]["text"] == question_text(phone, 3)
    assert heard[0]["text"].startswith("Question 3. ")
    assert {(said["voice"], said["lang"]) for said in heard} == {("English (phone)", "en-US")}
    assert heard[0]["status"] == "Reading: Question 3"
    # the Vietnamese page: the phone's own Vietnamese voice before the one that needs the network
    phone.goto(f"{site_url}/{B19}")
    phone.locator("#cau-1 + .hd-qtools .hd-listen").click()
    assert {said["voice"] for said in hear(phone)} == {"Tiếng Việt (máy)"}


def test_english_page_without_an_english_voice_says_so_in_english(phone, site_url):
    fake_speech(phone, ["vi"])
    phone.goto(f"{site_url}/en/{B19}")
    phone.locator(".hd-listen-all").click()
    expect(phone.locator(".hd-listen-help")).to_contain_text("This device has no English voice")


def test_nothing_shows_without_speech_synthesis(phone, site_url):
    phone.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true})")
    phone.goto(f"{site_url}/{B19}")
    expect(phone.locator(".hd-share").first).to_be_visible()   # reader.js ran
    assert phone.locator(".hd-listen, .hd-player").count() == 0
    expect(phone.locator(".hd-listen-all")).to_be_hidden()   # in the toolbar, shown only where speech exists


def test_only_booklets_load_the_read_aloud_script(phone, site_url):
    phone.goto(f"{site_url}/")
    expect(phone.locator(".hd-toolbar")).to_be_visible()
    assert not any("/listen." in url for url in phone.requested)
    phone.goto(f"{site_url}/{B19}")
    expect(phone.locator(".hd-listen-all")).to_be_visible()
    assert any(re.search(r"/listen\.[0-9a-f]+\.js$", url) for url in phone.requested)


def test_the_player_fits_a_small_phone_at_200_percent(browser, site_url, screenshots):
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    try:
        fake_speech(page, ["vi"])
        page.add_init_script("localStorage.setItem('hoidap:co-chu', '2')")
        page.goto(f"{site_url}/{B19}")
        page.locator("#cau-5 + .hd-qtools .hd-listen").click()
        expect(page.locator(".hd-player")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        dock = page.locator(".hd-dock").bounding_box()
        assert dock["height"] < 640 * 0.35, "the player leaves most of the screen to the text"
        for button in page.locator(".hd-player button").all():
            box = button.bounding_box()
            assert box["height"] >= 48 and box["x"] >= 0 and box["x"] + box["width"] <= 360
        top = page.locator("#cau-5").bounding_box()["y"]
        assert 0 <= top < dock["y"], "the question being read is on screen, above the player"
        page.screenshot(path=str(screenshots / "read-aloud-360-200.png"))
    finally:
        context.close()
