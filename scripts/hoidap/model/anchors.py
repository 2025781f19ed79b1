"""Heading ids as Python-Markdown's ``toc`` gives them, computed without converting the page.

A heading's text with inline Markdown (emphasis, code, links, raw HTML, entities, ``{#id}``) goes through
Python-Markdown's own inline pass and attr_list, configured as in mkdocs.yml, and is reduced to the text
``toc`` slugifies with ``toc``'s own functions (:func:`render`): the reader's text and the custom id are
the renderer's by construction. Plain text needs none of it. Repeats are numbered ``_1``, ``_2``… by
``toc``'s own :func:`unique`. :class:`hoidap.model.blocks.Blocks` gives every heading of a page its id with these.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import TYPE_CHECKING

import markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags, unique

from hoidap.model.inline_rules import link_dest, mask_code
from hoidap.model.siteconfig import markdown_extensions

if TYPE_CHECKING:
    from hoidap.model.booklet import Document

__all__ = ["MARKUP", "heading_anchors", "page_anchors", "render", "unique"]  # unique: toc's own

MARKUP = re.compile(r"[\\`\[<&*_{]")  # what may make a heading's text differ from what is written
_BRACKET = re.compile(r"[\[\]]")
_DESTINATION = re.compile(r"\]\(")
_READING_BUDGET = 50_000  # characters Python-Markdown may read again and again in one heading (see _defused)
_LONGEST_ATTRS = 256  # characters of a heading's trailing {: …} kept as written (its id may hold a bracket)


def page_anchors(document: Document) -> set[str]:
    """The ids the built page will have: its headings' (see :func:`heading_anchors`), ids and ``<a name>`` of
    raw HTML, ``{#id}`` attribute lists, and footnote ids ``fn:N`` / ``fnref:N``."""
    return document.blocks.anchors


def heading_anchors(document: Document) -> list[str]:
    """The ids of the page's headings in the order of the built page (footnotes' last), as ``toc`` gives them:
    ``{#id}`` wins, otherwise :func:`hoidap.model.labels.heading_id` of the text, repeats numbered."""
    return document.blocks.heading_ids


def render(texts: list[str], references: Iterable[str] = (),
           footnotes: Iterable[str] = ()) -> list[tuple[str, str | None]]:
    """(text ``toc`` slugifies, custom id or None) of each heading text as written (``#`` marks left out).

    ``references`` are the page's reference-link labels (lower case), ``footnotes`` its footnote labels:
    a link or a footnote reference exists only when defined on the page.
    """
    done: list[tuple[str, str | None]] = [(" ".join(text.split()), None) for text in texts]
    marked = [index for index, text in enumerate(texts) if MARKUP.search(text)]
    if not marked:
        return done
    md = _markdown().reset()
    md.references.update((label, ("", None)) for label in references)
    notes = next((e for e in md.registeredExtensions if isinstance(e, FootnoteExtension)), None)
    for label in footnotes if notes is not None else ():
        notes.setFootnote(label, "")
    root = etree.Element("div")
    for index in marked:
        etree.SubElement(root, "h1").text = _defused(texts[index])
    for name in ("inline", "attr_list"):  # the treeprocessors that run before toc and change a heading
        if name in md.treeprocessors:
            md.treeprocessors[name].run(root)
    for index, element in zip(marked, root, strict=True):
        done[index] = (html.unescape(strip_tags(render_inner_html(remove_fnrefs(element), md))), element.get("id"))
    return done


def _defused(text: str) -> str:
    """``text``, or when Python-Markdown would spend more than ``_READING_BUDGET`` steps on it, ``text`` with a
    backslash before each ``[`` that no ``]`` closes and each ``(`` after ``]`` that opens no link destination
    (:func:`hoidap.model.inline_rules.link_dest`, bounded). Python-Markdown reads on to the end of the text from each
    of them: a heading of thousands would cost their number squared. Escaped, they show the same characters (but
    for quirks of such crafted text, such as a footnote mark after a lone ``[^``). Code spans and a trailing
    attribute list are left as written."""
    if "[" not in text:
        return text
    masked = mask_code(text)
    stop = len(text)
    if text.rstrip(" ").endswith("}") and (attrs := text.find(" {")) >= 0 and stop - attrs <= _LONGEST_ATTRS:
        stop = attrs
    opened: list[int] = []
    for bracket in _BRACKET.finditer(masked, 0, stop):
        if bracket[0] == "[":
            opened.append(bracket.start())
        elif opened:
            opened.pop()
    escape = set(opened)
    for opening in _DESTINATION.finditer(masked, 0, stop):
        if link_dest(masked, text, opening.start() + 1, len(text)) is None:
            escape.add(opening.start() + 1)
    if sum(len(text) - position for position in escape) <= _READING_BUDGET:
        return text  # what any real heading is: Python-Markdown reads it as written
    out, last = [], 0
    for position in sorted(escape):
        out += [text[last:position], "\\"]
        last = position
    out.append(text[last:])
    return "".join(out)


@functools.cache
def _markdown() -> markdown.Markdown:
    names, configs = markdown_extensions()
    return markdown.Markdown(extensions=list(names), extension_configs=configs)
