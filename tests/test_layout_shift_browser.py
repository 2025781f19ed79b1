"""No layout shift when a booklet opens on a phone (headless Chromium, 390×844): whatever the reader's scripts
add (read-aloud buttons, study mode's controls and closed answers, "Đọc tiếp") takes a place that the page's
first paint already reserved. The same for the presentation page, and for the home page's "Sắp diễn ra" whether
something is coming up or not (at the build, by the reader's clock). Measured as the browser does for Core Web
Vitals (``layout-shift`` entries)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PHONE, fake_speech
from test_search_browser import RESULTS_READY, open_search

pytestmark = pytest.mark.browser

B19 = "nghi-quyet/trung-uong/19-nq-tw/"
KEY = f"hoidap:doc:{B19}"

# Records every layout shift from the start of the page's load (an init script, run before the page's own).
RECORD = """window.hdShifts = []
new PerformanceObserver(list => list.getEntries().forEach(entry => {
    if (!entry.hadRecentInput) window.hdShifts.push({value: entry.value, moved: entry.sources.map(source =>
        source.node ? (source.node.id || source.node.className || source.node.nodeName) : "?")})
})).observe({type: "layout-shift", buffered: true})"""

# The shifts recorded, once two more frames have been drawn (entries reach the observer after their frame).
SHIFTS = """() => new Promise(done => requestAnimationFrame(() => setTimeout(() =>
    requestAnimationFrame(() => setTimeout(() => done(window.hdShifts))))))"""


@pytest.fixture
def screen(browser):
    """A phone's screen (390×844, touch) without Chromium's mobile emulation (``is_mobile``, as the ``phone``
    fixture has), under which Chromium reports no layout shift at all: a test measuring there measures nothing."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, has_touch=True, locale="vi-VN")
    yield context.new_page()
    context.close()


def shifts_on_open(page, url: str, script: str = "reader") -> list[dict]:
    """Open ``url`` with the page's first script of ours (``script``) held back until the page has painted (as on a
    slow phone, where the text shows before the scripts arrive); the layout shifts seen once they have run."""
    held = []
    page.add_init_script(RECORD)
    page.route(f"**/assets/javascripts/{script}.*js", lambda route: held.append(route))
    with page.expect_request(f"**/assets/javascripts/{script}.*js"):
        page.goto(url, wait_until="commit")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
    if script != "upcoming":   # upcoming.js is not deferred: the document stays "loading" until it has run
        page.wait_for_function("() => document.readyState === 'interactive' || document.readyState === 'complete'")
    assert len(held) == 1, f"{script}.js is requested once and held"
    held[0].continue_()
    if script == "present":
        page.wait_for_function("() => document.documentElement.dataset.hdPresent === 'ready'")
    elif script == "upcoming":
        page.wait_for_function("""() => document.querySelector('[data-hd-upcoming], [data-hd-schedule]')
            .hasAttribute('data-hd-ready')""")
    else:   # ready: reader.js has given every question its share button, listen.js its listen button
        page.wait_for_function("""() => document.querySelectorAll('.hd-share').length > 0
            && document.querySelectorAll('.hd-listen').length === document.querySelectorAll('.hd-share').length""")
    page.evaluate("document.fonts.ready")
    return page.evaluate(SHIFTS)


@pytest.mark.parametrize("state", ["first visit", "study mode", "returning reader", "study mode, returning",
                                   "a link to question 6"])
def test_a_booklet_opens_without_layout_shift(screen, site_url, state):
    phone = screen
    fake_speech(phone, ["vi"])
    if state not in ("first visit", "a link to question 6"):
        storage = {"hoidap:hoc": "1" if "study" in state else "0"}
        if "returning" in state:
            storage[KEY] = "7"
        phone.add_init_script(f"Object.entries({storage!r}).forEach(([k, v]) => localStorage.setItem(k, v))")
    shifts = shifts_on_open(phone, f"{site_url}/{B19}" + ("#cau-6" if "question 6" in state else ""))
    assert sum(shift["value"] for shift in shifts) < 0.001, shifts


def test_search_results_do_not_jump_while_a_query_is_typed(screen, site_url):
    """Letters with diacritics reach the page as text input without a key event (as from Gboard's composing, and
    Lighthouse's typing), so the browser does not excuse a shift as following the reader's input."""
    phone = screen
    phone.add_init_script(RECORD)
    open_search(phone, f"{site_url}/")
    box = phone.locator("input[data-md-component=search-query]")
    query = "nghị quyết 57"
    for at in range(1, len(query) + 1):
        phone.keyboard.insert_text(query[at - 1])
        box.dispatch_event("keyup")   # Material reads the box on keyup
        phone.wait_for_function(RESULTS_READY, arg=query[:at])
    shifts = phone.evaluate(SHIFTS)
    assert sum(shift["value"] for shift in shifts) < 0.001, shifts


@pytest.mark.parametrize("fragment", ["", "#cau-5"])
@pytest.mark.parametrize("size", [{"width": 1280, "height": 720}, {"width": 390, "height": 844}], ids=["1280", "390"])
def test_the_presentation_opens_without_layout_shift(browser, site_url, fragment, size):
    context = browser.new_context(viewport=size, locale="vi-VN")
    try:
        page = context.new_page()
        shifts = shifts_on_open(page, f"{site_url}/{B19}trinh-chieu/{fragment}", "present")
    finally:
        context.close()
    assert sum(shift["value"] for shift in shifts) < 0.001, shifts


ZONE = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(("variant", "now", "shown"), [
    ("sample", None, "none"),                                                 # built today: nothing coming up
    ("sample-2022", dt.datetime(2022, 3, 20, 9, tzinfo=ZONE), "list"),        # built in February 2022: March's
    ("sample-2022", dt.datetime(2022, 4, 2, 9, tzinfo=ZONE), "none"),         # … ended by the reader's clock
], ids=["nothing-at-build", "coming-up", "ended-since"])
def test_the_home_page_opens_without_layout_shift(screen, site_factory, variant, now, shown):
    """upcoming.js held back until the page has painted, as on a slow phone: whatever it hides or shows, nothing
    painted moves."""
    from test_plans_site import EARLY_2022

    url = site_factory.url(variant, env=EARLY_2022) if variant == "sample-2022" else site_factory.url(variant)
    if now is not None:   # Date.now only: Playwright's clock also replaces performance, which then has no paint
        screen.add_init_script(f"Date.now = () => {int(now.timestamp() * 1000)}")
    if variant == "sample":   # nothing at the build: a line after the content, no script, nothing to change
        screen.add_init_script(RECORD)
        screen.goto(f"{url}/")
        screen.wait_for_function("() => document.querySelector('.hd-offline__total').textContent !== ''")
        screen.evaluate("document.fonts.ready")
        shifts = screen.evaluate(SHIFTS)
        assert not [name for name in screen.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
                    if "/upcoming." in name]
    else:
        shifts = shifts_on_open(screen, f"{url}/", "upcoming")
    assert screen.locator("[data-hd-upcoming-none]").is_visible() == (shown == "none")
    assert screen.locator("[data-hd-upcoming] li[data-hd-ends]:visible").count() == (shown == "list")
    assert sum(shift["value"] for shift in shifts) < 0.001, shifts


def test_the_full_schedule_marks_a_session_ended_since_the_build_without_layout_shift(screen, site_factory):
    """Built on 1 February 2022, read on 2 April: ten sessions are marked ended by the script, the March
    conference on top among them, whose line ("Tháng 3/2022 (chưa ghi ngày) · Đã diễn ra") is too long for a
    phone: each word takes the place its page kept for it."""
    from test_plans_site import EARLY_2022, add_schedule_plan

    url = site_factory.url("plans-2022", add_schedule_plan, EARLY_2022)
    screen.add_init_script(f"Date.now = () => {int(dt.datetime(2022, 4, 2, 12, tzinfo=ZONE).timestamp() * 1000)}")
    shifts = shifts_on_open(screen, f"{url}/tra-cuu/ke-hoach/", "upcoming")
    assert screen.locator("li[data-hd-past]").count() == 12     # two at the build, ten since
    assert sum(shift["value"] for shift in shifts) < 0.001, shifts
