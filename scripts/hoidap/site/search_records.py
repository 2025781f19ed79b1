"""What search indexes for a page: one record per question of a booklet, one per section elsewhere.

Answers and sections are read from the page's converted HTML, parsed once (lxml), at the headings the
page has (for a booklet, the question headings the model knows), instead of re-parsing the Markdown. A page
already parsed (a booklet's, :func:`hoidap.site.presentation.split`) hands over its tree instead of its HTML.
The quiz's source block (hoidap.site.quiz_page) is not searched: the quiz page shows it as a quiz.
"""

from __future__ import annotations

from dataclasses import dataclass

from hoidap.site import page_dom
from hoidap.model.booklet import Booklet, match_question
from hoidap.site.quiz_page import SOURCE_CLASS

_RANKS = {f"h{rank}": rank for rank in range(1, 7)}


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
    booklet: bool = False  # from a booklet: ranks before every other page's sections
    resolution: str = ""  # the booklet's resolution number ("57-NQ/TW"): a query naming it ranks it first

    @property
    def is_page(self) -> bool:
        return not self.page_location


@dataclass(frozen=True)
class _Heading:
    level: int
    anchor: str
    text: str
    at: int  # where its section's text starts in the page's text chunks


def _words(chunks: list[str]) -> str:
    return " ".join("".join(chunks).split())


Content = str | page_dom.Element  # a page's converted HTML, or that HTML as parsed by page_dom.fragment


def _read(content: Content) -> tuple[list[str], list[_Heading]]:
    """The page's text as chunks (each element's edges count as a space), and its headings with an id."""
    chunks: list[str] = []
    headings: list[_Heading] = []

    def walk(element: page_dom.Element, into: list[str], outside_heading: bool) -> None:
        for child in element:
            tag = child.tag
            named = child.get("class") if isinstance(tag, str) else None  # most elements have no class: no split
            classes = named.split() if named else ()
            if not isinstance(tag, str) or SOURCE_CLASS in classes:
                pass  # a comment, or the quiz's source
            elif tag in _RANKS and outside_heading and child.get("id"):
                text = [child.text or ""]
                walk(child, text, False)
                headings.append(_Heading(_RANKS[tag], child.get("id"), _words(text), len(chunks)))
            elif tag == "h1" and outside_heading:
                pass  # the page's title: not its text
            elif tag == "a" and "headerlink" in classes:
                pass  # a heading's permalink (¶)
            elif len(child):
                into += [" ", child.text or ""]
                walk(child, into, outside_heading)
                into.append(" ")
            else:  # an element without children: its text between its edges, no call
                into += [" ", child.text or "", " "]
            into.append(child.tail or "")

    if not isinstance(content, str):
        walk(content, chunks, True)
    elif content.strip():
        walk(page_dom.fragment(content), chunks, True)
    return chunks, headings


def _sections(chunks: list[str], headings: list[_Heading], wanted, deepest: int = 6) -> list[tuple[str, str, str]]:
    """(anchor, heading text, body text) of each heading ``wanted`` accepts, up to the next heading
    of its rank or higher, or of any rank down to ``deepest``."""
    soutside_headings = _ends([h.level for h in headings], [h.at for h in headings], deepest, len(chunks))
    return [(h.anchor, h.text, _words(chunks[h.at:soutside_heading]))
            for h, soutside_heading in zip(headings, soutside_headings, strict=True) if wanted(h.level, h.anchor)]


def _ends(levels: list[int], starts: list[int], deepest: int, end: int) -> list[int]:
    """Where each heading's section ends: the start of the next heading of rank ``max(level, deepest)`` or
    higher, else ``end``. One pass from the last heading, keeping the nearest heading of each rank."""
    nearest = [end] * 7
    soutside_headings = [end] * len(levels)
    for index in range(len(levels) - 1, -1, -1):
        soutside_headings[index] = min(nearest[1:max(levels[index], deepest) + 1])
        nearest[levels[index]] = starts[index]
    return soutside_headings


def booklet_records(booklet: Booklet, url: str, content: Content, term_label: str = "khóa") -> list[Record]:
    """The booklet itself (its metadata and introduction), then each of its questions."""
    meta, resolution = booklet.meta, booklet.meta.resolution
    summary = " · ".join(v for v in (resolution.number, resolution.name, resolution.issuer,
                                      resolution.term and f"{term_label} {resolution.term}", meta.description) if v)
    chunks, headings = _read(content)
    intro = _words(chunks[:headings[0].at] if headings else chunks)
    number = resolution.number or ""
    out = [Record(url, meta.title, " ".join(p for p in (summary, intro) if p), booklet=True, resolution=number)]
    context = " ".join(p for p in (meta.title, resolution.number) if p)
    wanted = {q.anchor for q in booklet.questions}
    for anchor, heading, text in _sections(chunks, headings, lambda _, anchor: anchor in wanted, deepest=1):
        label = match_question(heading)
        title, shown = (label.text, f"{label.label} {label.number}{label.separator}") if label else (heading, "")
        out.append(Record(f"{url}#{anchor}", title, text, meta.title, url, context, shown, booklet=True,
                          resolution=number))
    return out


def page_records(title: str, url: str, content: Content) -> list[Record]:
    """A page that is not a booklet: its opening, then each section under an h2 or h3."""
    chunks, headings = _read(content)
    first = next((h for h in headings if h.level in (2, 3)), None)
    out = [Record(url, title, _words(chunks[:first.at] if first else chunks))]
    for anchor, heading, text in _sections(chunks, headings, lambda level, _: level in (2, 3), deepest=3):
        out.append(Record(f"{url}#{anchor}", heading, text, title, url))
    return out
