"""The presentation page of a booklet (``<booklet>/trinh-chieu/``): one question per screen for a reporter.

While a booklet page converts, the question tree marks its reporter notes (``hd-reporter-notes``). After the
sanitizer, :func:`split` takes the page's content apart on its tree (parsed once; the page's search records
are then read from the same tree): the reader's content without the notes (what the page, its search records,
its PDF and everything else for readers are made from) and the slides, each question with its answer and
notes as rendered HTML. After the build has written the pages, the plugin
renders ``presentation.html`` with :func:`view` for each booklet. The page is a reporter's tool: not indexed,
not searched, not in the sitemap.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from hoidap.model.booklet import Booklet
from hoidap.site import page_dom, texts
from hoidap.site.card import Card
from hoidap.site.question_tree import LABEL_CLASS, NOTES_CLASS, answer_id

FOLDER = "trinh-chieu/"
TEMPLATE = "presentation.html"
SCRIPT = "assets/javascripts/present.js"
STYLESHEET = "assets/stylesheets/present.css"
IDENTITY = "assets/stylesheets/identity.css"   # the committee's colours, written by the plugin
TEXT_KEYS = ("present", "present_title", "present_start", "present_previous", "present_next", "present_answer",
             "present_progress", "present_full", "present_notes", "present_notes_title", "present_blank",
             "present_keys", "present_back", "present_qr", "present_slides")


@dataclass(frozen=True)
class Slide:
    """One question's screen: its number and anchor, its label and text, its answer and reporter notes (HTML)."""

    number: int
    anchor: str
    label: str
    question: str
    answer: str
    notes: str


def url(booklet_url: str) -> str:
    """The presentation page's address, from its booklet's."""
    return booklet_url + FOLDER


def split(content: str, root: page_dom.Element | None, booklet: Booklet) -> tuple[str, tuple[Slide, ...]]:
    """``content`` (a booklet page's sanitized HTML) without its reporter notes, and its slides. ``root`` is
    ``content`` parsed (:func:`page_dom.fragment`; None for blank content), the notes taken out of it too."""
    if root is None:
        return content, ()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    slides = []
    for question in booklet.questions:
        heading, answer = by_id.get(question.anchor), by_id.get(answer_id(question.number))
        if heading is None:
            continue
        label = next((span for span in heading.iter("span") if LABEL_CLASS in page_dom.classes(span)), None)
        shown = copy.deepcopy(heading)
        for element in list(shown.iter()):
            if element.tag == "a" and "headerlink" in page_dom.classes(element) or \
                    LABEL_CLASS in page_dom.classes(element):
                page_dom.remove(element)
        notes, reply = "", ""
        if answer is not None:
            reply_tree = copy.deepcopy(answer)
            boxes = _notes(reply_tree)
            notes = "".join(_notes_html(box) for box in boxes)
            for box in boxes:
                page_dom.remove(box)
            reply = page_dom.inner_html(reply_tree).strip()
        written = page_dom.text_of(label).strip() if label is not None else ""
        slides.append(Slide(question.number, question.anchor, written, page_dom.inner_html(shown).strip(), reply,
                            notes))
    boxes = _notes(root)
    if not boxes:
        return content, tuple(slides)
    for box in boxes:
        page_dom.remove(box)
    return page_dom.inner_html(root), tuple(slides)


def _notes(root: page_dom.Element) -> list[page_dom.Element]:
    return [box for box in root.iter("div", "details") if NOTES_CLASS in page_dom.classes(box)]


def _notes_html(box: page_dom.Element) -> str:
    """A notes block's content, its admonition title or details summary left out (the page names the notes)."""
    body = copy.deepcopy(box)
    for child in list(body):
        if child.tag == "summary" or child.tag == "p" and "admonition-title" in page_dom.classes(child):
            page_dom.remove(child)
    return page_dom.inner_html(body).strip()


def view(booklet: Booklet, booklet_url: str, slides: tuple[Slide, ...], lang: str, card: Card, qr_svg: str | None,
         assets: dict[str, str], site_name: str, canonical: str | None, favicon: str) -> dict:
    """What ``presentation.html`` prints for one booklet: every value ready, addresses relative to the page but
    ``canonical`` (the booklet's full address, when the site has one: search engines show the booklet)."""
    here = url(booklet_url)
    words = texts.words(lang, TEXT_KEYS)
    total = len(slides)
    return {
        "lang": lang, "title": booklet.title, "site_name": site_name, "card": card, "qr": qr_svg,
        "canonical": canonical, "favicon": get_relative_url(favicon, here),
        "description": booklet.meta.description or words["present_title"].format(title=booklet.title),
        "slides": [{"slide": slide, "position": words["present_progress"].format(number=slide.number, total=total)}
                   for slide in slides],
        "total": total, "texts": words, "first": texts.text(lang, "questions", count=total),
        "page_title": words["present_title"].format(title=booklet.title),
        "booklet": get_relative_url(booklet_url, here), "root": get_relative_url(".", here).rstrip("/") + "/",
        "script": get_relative_url(assets[SCRIPT], here), "stylesheet": get_relative_url(assets[STYLESHEET], here),
        "offline": get_relative_url(assets["assets/javascripts/offline.js"], here),
        "identity": get_relative_url(assets[IDENTITY], here),
    }
