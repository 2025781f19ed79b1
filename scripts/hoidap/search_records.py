"""Search records for a booklet page, from the model: one per question, one for the booklet.

Each record has the shape Material's search index uses (``location``, ``title``, ``text``),
so a result links straight to ``#cau-N``. Answers are cut from the page's rendered HTML at
the question headings the model knows, instead of re-parsing the page.
"""

from __future__ import annotations

import html
import re

from hoidap.booklet import Booklet

_HEADING = re.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>.*?</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line, still HTML-escaped."""
    return _SPACE.sub(" ", _TAG.sub(" ", fragment)).strip()


def records(booklet: Booklet, url: str, content: str) -> list[dict[str, str]]:
    """Records for the booklet page at ``url`` whose rendered body is ``content``."""
    meta, resolution = booklet.meta, booklet.meta.resolution
    summary = " · ".join(v for v in (resolution.number, resolution.name, resolution.issuer,
                                      resolution.term and f"khóa {resolution.term}", meta.description) if v)
    found = [(int(m.group(1)), m.group(2), m.start(), m.end(), m.group(0)) for m in _HEADING.finditer(content)]
    wanted = {q.anchor for q in booklet.questions}
    out = [{"location": url, "title": html.escape(meta.title), "text": html.escape(summary)}]
    for index, (level, anchor, _, end, heading) in enumerate(found):
        if anchor not in wanted:
            continue
        stop = next((start for lv, _, start, _, _ in found[index + 1:] if lv <= level), len(content))
        title = plain(re.sub(r'<a class="headerlink".*?</a>', "", heading))
        out.append({"location": f"{url}#{anchor}", "title": title, "text": plain(content[end:stop])})
    return out
