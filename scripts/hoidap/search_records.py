"""What search indexes for a page: one record per question of a booklet, one per section elsewhere.

Answers and sections are cut from the page's rendered HTML at the headings the page has (for a
booklet, the question headings the model knows), instead of re-parsing the Markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hoidap.booklet import Booklet, match_question

_HEADING = re.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Record:
    """One search result: a question (or a section), its page, and words that find it without showing."""

    location: str
    title: str
    text: str
    page_title: str = ""
    page_location: str = ""
    context: str = ""
    label: str = ""  # "Câu 5.": shown before the title, never indexed (it would match "cầu")
    booklet: bool = False  # from a booklet: ranks before other pages' sections on equal terms

    @property
    def is_page(self) -> bool:
        return not self.page_location


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line, unescaped."""
    return html.unescape(_SPACE.sub(" ", _TAG.sub(" ", fragment))).strip()


def _sections(content: str, wanted, deepest: int = 6) -> list[tuple[str, str, str]]:
    """(anchor, heading text, body text) of each heading ``wanted`` accepts, up to the next heading
    of its rank or higher, or of any rank down to ``deepest``."""
    found = list(_HEADING.finditer(content))
    stops = _ends([int(match.group(1)) for match in found], [match.start() for match in found], deepest, len(content))
    out = []
    for match, stop in zip(found, stops, strict=True):
        level, anchor = int(match.group(1)), match.group(2)
        if wanted(level, anchor):
            out.append((anchor, plain(_PERMALINK.sub("", match.group(3))), plain(content[match.end():stop])))
    return out


def _ends(levels: list[int], starts: list[int], deepest: int, end: int) -> list[int]:
    """Where each heading's section ends: the start of the next heading of rank ``max(level, deepest)`` or
    higher, else ``end``. One pass from the last heading, keeping the nearest heading of each rank."""
    nearest = [end] * 7
    stops = [end] * len(levels)
    for index in range(len(levels) - 1, -1, -1):
        stops[index] = min(nearest[1:max(levels[index], deepest) + 1])
        nearest[levels[index]] = starts[index]
    return stops


def booklet_records(booklet: Booklet, url: str, content: str, term_label: str = "khóa") -> list[Record]:
    """The booklet itself (its metadata and introduction), then each of its questions."""
    meta, resolution = booklet.meta, booklet.meta.resolution
    summary = " · ".join(v for v in (resolution.number, resolution.name, resolution.issuer,
                                      resolution.term and f"{term_label} {resolution.term}", meta.description) if v)
    intro = content[:m.start()] if (m := _HEADING.search(content)) else content
    out = [Record(url, meta.title, " ".join(p for p in (summary, plain(intro)) if p), booklet=True)]
    context = " ".join(p for p in (meta.title, resolution.number) if p)
    wanted = {q.anchor for q in booklet.questions}
    for anchor, heading, text in _sections(content, lambda _, anchor: anchor in wanted, deepest=1):
        label = match_question(heading)
        title, shown = (label.text, f"{label.label} {label.number}{label.separator}") if label else (heading, "")
        out.append(Record(f"{url}#{anchor}", title, text, meta.title, url, context, shown, booklet=True))
    return out


def page_records(title: str, url: str, content: str) -> list[Record]:
    """A page that is not a booklet: its opening, then each section under an h2 or h3."""
    first = next((m for m in _HEADING.finditer(content) if m.group(1) in "23"), None)
    opening = content[:first.start()] if first else content
    out = [Record(url, title, plain(re.sub(r"<h1.*?</h1>", "", opening, flags=re.DOTALL)))]
    for anchor, heading, text in _sections(content, lambda level, _: level in (2, 3), deepest=3):
        out.append(Record(f"{url}#{anchor}", heading, text, title, url))
    return out
