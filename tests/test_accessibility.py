"""axe-core (WCAG 2.1 A/AA and best practices) finds nothing on our pages, on a phone in headless Chromium.

axe-core is pinned in package.json; ``make test`` installs it with ``npm ci``.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, fake_speech, wait_for_search_results
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BOOKLET = "nghi-quyet/trung-uong/19-nq-tw/"
PAGES = {
    "home": "",
    "booklet": BOOKLET,
    "booklet (English)": "en/" + BOOKLET,
    "authoring guide": "huong-dan/soan-tai-lieu/",
    "browse by level": "tra-cuu/theo-cap/",
    "browse by topic, with its index": "tra-cuu/theo-chu-de/",
    "recently updated, with share buttons": "moi-cap-nhat/",
    "home (English)": "en/",
    "study plan": "ke-hoach/dai-hoi-xiii-soc-trang/",
    "study plans": "tra-cuu/ke-hoach/",
    "statistics": "tra-cuu/thong-ke/",
    "statistics (English)": "en/tra-cuu/thong-ke/",
}


# Colours mid-transition (Material fades the header's page title in on scroll) are not what a reader sees:
# wait for every finite animation and transition on the page to finish before measuring contrast.
# Two frames first, so that observers reacting to the last scroll have started theirs.
SETTLED = """async () => {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await Promise.all(document.getAnimations()
        .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime))
        .map(a => a.finished.catch(() => null)));
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page once its animations have settled; its violations."""
    page.evaluate(SETTLED)
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'npm ci' (or 'make test', which installs it)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return result["violations"]


def readable(violations: list[dict]) -> str:
    """One paragraph per violation: rule, impact, help, and each failing element with the reason."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            reason = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {reason}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


def assert_clean(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where}:\n{readable(violations)}"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_violations(phone, site_url, path):
    phone.goto(f"{site_url}/{path}")
    phone.wait_for_load_state("networkidle")
    assert_clean(phone, f"/{path}")


def test_study_mode_has_no_violations(phone, site_url):
    phone.goto(f"{site_url}/{BOOKLET}")
    phone.wait_for_load_state("networkidle")
    switch = phone.locator(".hd-toolbar button#hd-study")
    expect(switch).to_have_count(1)
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(phone.locator("#tra-loi-1")).to_be_hidden()
    assert_clean(phone, f"/{BOOKLET} in study mode")
    phone.locator("#cau-1").click()  # reveal one answer
    expect(phone.locator("#tra-loi-1")).to_be_visible()
    expect(phone.locator("#tra-loi-2")).to_be_hidden()
    expect(phone.locator("nav.hd-stepper")).to_be_visible()
    assert_clean(phone, f"/{BOOKLET} in study mode, one answer shown")


@pytest.mark.parametrize("path", [BOOKLET, "en/" + BOOKLET], ids=["vi", "en"])
def test_reading_aloud_has_no_violations(phone, site_url, path):
    fake_speech(phone, ["vi", "en"])
    phone.goto(f"{site_url}/{path}")
    phone.wait_for_load_state("networkidle")
    phone.locator(".hd-toolbar .hd-listen-all").click()
    phone.wait_for_function("() => window.fakeSpeech.current")
    phone.evaluate("window.fakeSpeech.end()")   # the question said, its answer being read
    expect(phone.locator("#cau-1")).to_have_class(re.compile(r"\bhd-speaking\b"))
    expect(phone.locator(".hd-player")).to_be_visible()
    assert_clean(phone, f"/{path} reading aloud")
    phone.locator(".hd-player__pause").click()
    expect(phone.locator(".hd-player__status")).to_have_text(re.compile(r"^(Đã tạm dừng|Paused): "))
    assert_clean(phone, f"/{path} reading aloud, paused")


def test_no_voice_message_has_no_violations(phone, site_url):
    fake_speech(phone, ["en"])
    phone.goto(f"{site_url}/{BOOKLET}")
    phone.wait_for_load_state("networkidle")
    phone.locator("#cau-2 + .hd-qtools .hd-listen").click()
    expect(phone.locator(".hd-listen-help")).to_be_visible()
    assert_clean(phone, f"/{BOOKLET} without a Vietnamese voice")


def test_continue_reading_links_have_no_violations(phone, site_url):
    phone.goto(f"{site_url}/")
    phone.evaluate(f"localStorage.setItem('hoidap:doc:{BOOKLET}', '7')")
    phone.reload()
    expect(phone.locator(".hd-list__resume")).to_have_count(1)
    assert_clean(phone, "home with a booklet to continue")
    phone.goto(f"{site_url}/{BOOKLET}")
    expect(phone.locator(".hd-resume")).to_be_visible()
    assert_clean(phone, f"/{BOOKLET} with a question to continue at")


def test_search_overlay_with_results_has_no_violations(phone, site_url):
    phone.goto(f"{site_url}/")
    phone.locator("label[for=__search]").first.click()
    box = phone.locator("input[data-md-component=search-query]")
    box.press_sequentially("nghi quyet", delay=20)
    wait_for_search_results(phone, "nghi quyet")
    phone.locator(".hd-search-more").wait_for()   # the count and "Xem thêm" (results.js) are checked too
    assert phone.locator(".md-search__inner").is_visible(), "the search overlay is open"
    assert_clean(phone, "the search overlay with results")


def test_a_played_and_scored_quiz_has_no_violations(phone, site_url):
    phone.goto(f"{site_url}/{BOOKLET}#trac-nghiem")
    phone.wait_for_load_state("networkidle")
    assert_clean(phone, f"/{BOOKLET} quiz, first question")
    phone.locator("#trac-nghiem-1 .hd-quiz__option input").first.check()
    phone.locator("#trac-nghiem-1 [data-hd-quiz-check]").click()
    expect(phone.locator("#trac-nghiem-1 .hd-quiz__feedback")).not_to_be_empty()
    assert_clean(phone, f"/{BOOKLET} quiz, one answer checked")
    phone.locator(".hd-quiz__mode input[value=all]").check()
    phone.locator("[data-hd-quiz-finish]").click()
    phone.locator(".hd-quiz__result").wait_for()
    phone.locator("details.hd-quiz__organisers summary").click()
    expect(phone.locator("[data-hd-quiz-print=dap-an]")).to_be_visible()
    assert_clean(phone, f"/{BOOKLET} quiz, scored, print controls open")


def test_offline_languages_and_an_untranslated_switcher_have_no_violations(phone, site_url):
    phone.goto(f"{site_url}/")
    toggle = phone.locator(".hd-offline__toggle")
    toggle.click()
    expect(phone.locator(".hd-offline__languages")).to_be_visible()
    assert_clean(phone, "the home page with the offline download's languages open")
    phone.goto(f"{site_url}/nghi-quyet/trung-uong/57-nq-tw/")
    phone.locator(".md-header__option .md-select > button").click()
    expect(phone.locator(".hd-untranslated")).to_be_visible()
    assert_clean(phone, "a booklet without translation, its language switcher open")
