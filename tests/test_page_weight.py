"""Budget: a 50-question booklet's first load (HTML, CSS, JS, fonts, gzip-compressed) is at most 120 KB.

A size test, not a timed one: every response the phone receives on the first visit, search index
excluded, compressed with gzip level 6 as a web server would send it.
"""

from __future__ import annotations

import gzip

import pytest
from conftest import script

pytestmark = pytest.mark.browser

BUDGET_KB = 120


@pytest.fixture(scope="module")
def fifty_question_site(site_factory):
    """The sample site with a board's own 50-question booklet, served; that booklet's address."""
    return site_factory.url("board"), script("bench_pages").BOOKLET_URL


def test_first_load_of_a_50_question_booklet_fits_the_budget(phone, fifty_question_site):
    base, booklet = fifty_question_site
    responses = []
    phone.on("response", lambda response: responses.append(response))
    phone.goto(f"{base}/{booklet}")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#cau-50").count() == 1, "the synthetic booklet has 50 questions"
    rows = []
    seen: set[str] = set()
    for response in responses:
        path = response.url.removeprefix(base + "/")
        if path.startswith("search/") or not response.ok or path in seen:  # a repeat comes from the cache
            continue
        seen.add(path)
        body = response.body()
        rows.append((len(gzip.compress(body, compresslevel=6)), len(body), path))
    total = sum(compressed for compressed, _, _ in rows)
    report = "\n".join(f"{c / 1024:7.1f} KB gzip {b / 1024:7.1f} KB raw  /{p}"
                       for c, b, p in sorted(rows, reverse=True))
    print(f"\nFirst load of /{booklet}: {total / 1024:.1f} KB gzip, {len(rows)} responses\n{report}")
    assert rows and any(path == booklet for _, _, path in rows)
    assert total <= BUDGET_KB * 1024, f"{total / 1024:.1f} KB > {BUDGET_KB} KB:\n{report}"
