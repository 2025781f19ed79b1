"""Page anchors: the ids a built page will have (:func:`page_anchors`) and its heading ids
(:func:`heading_anchors`), computed without running Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.toc import unique

from hoidap.booklet import Document, heading_id
from hoidap.markdown_scan import (
    AUTOLINK,
    AUTOMAIL,
    FOOTNOTE_REF,
    MAX_DEPTH,
    REF_LABEL,
    STRONG_EM,
    UNDERSCORE_EM,
    Analysis,
    analyse,
    code_spans,
    first_emphasis_end,
    label_key,
    link_dest,
    link_text_end,
    mask_code,
)

# --- Anchors ----------------------------------------------------------------------------------

_HEADER_ATTRS = re.compile(r"[ ]+\{\:?[ ]*([^\}\n ][^\n]*)\}[ ]*$")
_PLAIN_SPECIAL = re.compile(r"[\\`\[<&*_]")
_LITERAL = re.compile("<\ue000(\\d+)\ue001>")
_HTML_TEXT = re.compile(
    r"""<(?:/?[a-zA-Z][^\s"'<>@]*(?:\s+[^\s"'=<>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>]+))?)*\s*/?"""
    r"|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>",
    re.DOTALL,
)
_OPEN = re.compile(r"!?\[|<")


def page_anchors(document: Document) -> set[str]:
    """The ids the built page will have, computed without running Markdown.

    Heading ids as the ``toc`` extension gives them (``{#id}`` wins, otherwise
    :func:`hoidap.booklet.heading_id`, repeats numbered ``_1``, ``_2``…), ids and ``<a name>`` of raw
    HTML, ``{#id}`` attribute lists, and footnote ids ``fn:N`` / ``fnref:N``.
    """
    return analysis_anchors(analyse(document.body, document.body_line))


def heading_anchors(document: Document) -> list[str]:
    """The ids of the page's headings in document order, as the ``toc`` extension assigns them."""
    return _heading_ids(analyse(document.body, document.body_line))


def analysis_anchors(analysis: Analysis) -> set[str]:
    return set(_heading_ids(analysis)) | analysis.ids


def _heading_ids(analysis: Analysis) -> list[str]:
    headings = []
    found = sorted(analysis.blocks.headings)
    for inside in analysis.blocks.footnotes.values():
        found += sorted(inside)
    for _, text, _ in found:
        headings.append(_heading_source(text, analysis.references, analysis.footnotes))
    used = set(analysis.tree_ids)
    used.update(custom for _, custom in headings if custom is not None)
    ids = []
    counters: dict[str, int] = {}
    for text, custom in headings:
        if custom is not None:
            ids.append(custom)
            continue
        name = _plain(text, analysis.references, analysis.footnotes)
        ids.append(unique(heading_id(name), used, counters))  # as toc numbers repeats
    return ids


def _heading_source(text: str, references: set[str], footnotes: set[str]) -> tuple[str, str | None]:
    """A heading's text and custom id once attr_list has read it.

    attr_list reads ``{#id}`` at the end of the text after the heading's last inline element, or,
    when nothing follows that element, at the end of the text before its first one.
    """
    if "{" not in text:
        return text, None
    bounds = _element_bounds(text, references, footnotes)
    if bounds is None or bounds[1] < len(text):  # text after the last element (or no element)
        start, region = (0 if bounds is None else bounds[1]), len(text)
    elif bounds[0] > 0:  # nothing after it: the text before the first element
        start, region = 0, bounds[0]
    else:
        return text, None
    attrs = _HEADER_ATTRS.search(text, start, region)
    if attrs is None:
        return text, None
    parsed, remainder = get_attrs_and_remainder(attrs[1])
    if remainder:
        return text, None
    custom = None
    for key, value in parsed:
        if key == "id":
            custom = value
    return text[: attrs.start()].rstrip("#").rstrip() + text[region:], custom


def _element_bounds(text: str, references: set[str], footnotes: set[str]) -> tuple[int, int] | None:
    """Where the first inline element of a heading starts and the last one ends, or None."""
    masked = mask_code(text)
    spans = [(start, end) for start, end, _, _ in code_spans(text) if text[start] == "`"]
    spans += [m.span() for m in AUTOLINK.finditer(masked)]
    spans += [m.span() for m in AUTOMAIL.finditer(masked)]
    spans += [(span.begin, span.end) for span in _link_spans(masked, _Inline(references, footnotes, str), True)]
    spans += [m.span() for m in STRONG_EM.finditer(masked)]
    spans += [m.span() for m in UNDERSCORE_EM.finditer(masked)]
    if not spans:
        return None
    return min(start for start, _ in spans), max(end for _, end in spans)


def _plain(text: str, references: set[str], footnotes: set[str]) -> str:
    """The text ``toc`` slugifies: inline Markdown rendered, tags stripped, entities decoded."""
    if not _PLAIN_SPECIAL.search(text):
        return " ".join(text.split())
    literals: list[str] = []

    def keep(value: str) -> str:  # an element's HTML in the heading: opaque, and no tag reaches across it
        literals.append(value)
        return f"<\ue000{len(literals) - 1}\ue001>"

    text = _protect_code(text, keep)
    text = AUTOLINK.sub(lambda m: keep(m[1]), text)
    text = AUTOMAIL.sub(lambda m: keep(m[1].removeprefix("mailto:")), text)
    text = _render(text, _Inline(references, footnotes, keep))
    for _ in range(MAX_DEPTH):  # a link's text is a literal that may hold literals
        if "\ue000" not in text:
            break
        text = _LITERAL.sub(lambda m: literals[int(m[1])] if int(m[1]) < len(literals) else "", text)
    return " ".join(text.split())


@dataclass
class _Inline:
    references: set[str]
    footnotes: set[str]
    keep: Callable[[str], str]


def _render(text: str, inline: _Inline, full: bool = True, depth: int = 0) -> str:
    """Links (made opaque literals), then raw HTML, emphasis and entities, in Python-Markdown's order."""
    text = _strip_links(text, inline, full, depth)
    text = _HTML_TEXT.sub("", text)
    for _ in range(3):
        stripped = UNDERSCORE_EM.sub(r"\2", STRONG_EM.sub(r"\2", text))
        if stripped == text:
            break
        text = stripped
    return html.unescape(text)


def _protect_code(text: str, keep: Callable[[str], str]) -> str:
    """Replace code spans (their stripped content) and escaped characters by literal placeholders."""
    spans = code_spans(text)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end, content_start, content_end in spans:
        out.append(text[last:start])
        out.append(keep(text[content_start:content_end].strip() if text[start] == "`" else text[content_start]))
        last = end
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class _Span:
    """A link, image or footnote reference of a heading: where it is and where its text is."""

    begin: int
    end: int
    kind: str  # "link", "image" or "note"
    text_start: int
    text_end: int
    direct: bool  # an inline link ``[text](url)`` (whose text holds no further links)


def _link_spans(text: str, inline: _Inline, full: bool) -> list[_Span]:
    """The top-level links, images and footnote references of ``text`` (code already masked).

    Inside an inline link's text (``full`` False) only images and short references are read.
    """
    spans: list[_Span] = []
    if "[" not in text:
        return spans
    pos, size = 0, len(text)
    no_reference = -1
    longest = max((len(label) for label in inline.footnotes if "\n" not in label), default=0)
    emphasis = size if full else first_emphasis_end(text, 0, size)
    while True:
        match = _OPEN.search(text, pos)
        if match is None:
            return spans
        begin, after = match.start(), match.end()
        full = full or begin >= emphasis
        if text[begin] == "<":
            full = full or text.startswith("\ue000", after)  # an element kept as a literal (code, autolink)
            pos = after
            continue
        image = text[begin] == "!"
        if full and inline.footnotes and text.startswith("^", after):  # footnotes first, even after a "!"
            note = FOOTNOTE_REF.match(text, after - 1, after + longest + 2)  # a defined label, or nothing
            if note and note[1] in inline.footnotes:
                spans.append(_Span(after - 1, note.end(), "note", after, after, False))
                pos = note.end()
                continue
        close = link_text_end(text, after, size)
        end, direct = -1, False
        if close >= 0:
            dest = link_dest(text, text, close + 1, size) if text.startswith("(", close + 1) else None
            label = REF_LABEL.match(text, close + 1)
            if label is not None and (label[1].startswith("^") or (not image and after - 1 == no_reference)):
                label = None  # a footnote; or a bracket read as the label of an undefined reference
            elif label is not None and label_key(label[1] or text[after:close]) not in inline.references:
                if not image:  # "[a] [b]" with b undefined: "[b]" starts no reference of its own
                    no_reference = text.index("[", label.start())
                label = None
            if dest is not None and (image or full):
                end, direct = dest[1], True
            elif label is not None and (image or full):
                end = label.end()
            elif label_key(text[after:close]) in inline.references:
                end = close + 1  # a short reference
        if end < 0:
            pos = after
            continue
        spans.append(_Span(begin, end, "image" if image else "link", after, close, direct))
        full = full or image or not direct
        pos = end


def _strip_links(text: str, inline: _Inline, full: bool, depth: int) -> str:
    """Links become their rendered text, images vanish, footnote references too (as in the heading)."""
    if depth > MAX_DEPTH:
        return text
    out: list[str] = []
    pos = 0
    for span in _link_spans(text, inline, full):
        out.append(text[pos: span.begin])
        if span.kind == "link":
            out.append(inline.keep(_render(text[span.text_start: span.text_end], inline, full and not span.direct,
                                           depth + 1)))
        elif span.kind == "image":
            out.append(inline.keep(""))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
