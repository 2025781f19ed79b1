"""What the sanitizer would remove from a page, found on the line where the author wrote it (``raw-html``).

The page's Markdown is converted as the site converts it (the extensions of ``mkdocs.yml``, read by
:func:`hoidap.model.siteconfig.markdown_extensions`) and compared, element by element and attribute by attribute,
with what
:func:`hoidap.site.sanitize.clean` keeps of it: the sanitizer is the only judge. A removal's line is found
by converting the section that holds it (sections end at headings) up to ever later lines: the first
one whose conversion has it is its line. Sections with nothing that could be removed are not converted:
a booklet without raw HTML costs no conversion at all.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import escape

from hoidap.model.blocks import Blocks, Heading
from hoidap.model.siteconfig import markdown_extensions
from hoidap.site import sanitize

MAX_PLACED = 200  # removals reported on one page; a page with more is no booklet
CHUNK_LINES = 300  # sections converted together before looking into each: one conversion costs a few ms
_BARE_TAGS = "|".join(sorted(sanitize.TAGS, key=len, reverse=True))
# Markdown that may make something the sanitizer removes: raw HTML other than an autolink or an allowed tag
# without attributes, attribute lists, admonition and details classes, images from another server, links
# whose address has a scheme other than the safe ones, reference definitions with any scheme.
_MAYBE = re.compile(
    rf"<(?!(?:https?|ftp)://[^>\s]*>|mailto:[^>\s]*>|[^>\s@]+@[^>\s]+>|/?(?:{_BARE_TAGS})\s*/?>)[a-z/!?]"
    r"|\{|!!!|\?\?\?|!\[[^\]\n]*\]\(\s*<?\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)"
    r"|\]\(\s*<?\s*(?!(?:https?|mailto|tel):)[^)\n]*?:",
    re.IGNORECASE)
_REFERENCE = re.compile(r" {0,3}\[((?!\^)[^\]]+)\]:\s*<?\s*(\S*)")
_ANY_SCHEME = re.compile(r"(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.IGNORECASE)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer removes: a tag, or an attribute (``name``, ``value``) of a tag it keeps."""

    tag: str
    name: str = ""
    value: str = ""


def removals(blocks: Blocks) -> list[tuple[int, Removal]]:
    """(file line, removal) for what the sanitizer removes from the page whose body's blocks are ``blocks``,
    in line order.

    The page is read section by section (a top-level heading starts one); a section is converted only when
    its Markdown may make something to remove, with the page's reference definitions appended.
    """
    lines, first_line, headings, mask = blocks.lines, blocks.first_line, blocks.headings, blocks.code
    references, risky = [], set()
    for index, line in enumerate(lines):
        match = _REFERENCE.match(line) if not mask[index] else None
        if match:
            references.append(line)
            if _ANY_SCHEME.match(match.group(2)):
                risky.add(match.group(1).strip().lower())
    uses = re.compile("|".join(rf"\[\s*{re.escape(label)}\s*\]" for label in sorted(risky)), re.IGNORECASE) \
        if risky else None
    reserved = _reserved_heading_lines(headings)
    cuts = [heading.line - first_line for heading in headings if not heading.nested]
    flagged = [(start, end) for start, end in _sections(len(lines), cuts)
               if _MAYBE.search(text := "\n".join(lines[start:end])) or (uses and uses.search(text))
               or any(first_line + start <= line < first_line + end for line in reserved)]
    placed: list[tuple[int, Removal]] = []
    for chunk in _chunks(flagged):  # converted together first: most chunks have nothing to remove
        if not _removed("\n\n".join(["\n".join(lines[start:end]) for start, end in chunk] + references)):
            continue
        for start, end in chunk:
            section = _Section(lines[start:end], references, mask[start:end])
            for removal, count in section.removed(len(section.lines)).items():
                for occurrence in range(1, count + 1):
                    if len(placed) < MAX_PLACED:
                        placed.append((first_line + start + section.line_of(removal, occurrence) - 1, removal))
    return sorted(placed, key=lambda item: item[0])


def _chunks(sections: list[tuple[int, int]], size: int = CHUNK_LINES) -> Iterator[list[tuple[int, int]]]:
    """``sections`` in runs of about ``size`` lines."""
    chunk: list[tuple[int, int]] = []
    for section in sections:
        chunk.append(section)
        if sum(end - start for start, end in chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def message(removal: Removal) -> str:
    """What the author reads about ``removal`` (Vietnamese), with how to fix it."""
    tag, name, value = removal.tag, removal.name, removal.value
    if not name:
        if tag in sanitize.REMOVED_WITH_CONTENT:
            return (f"thẻ <{tag}> không được phép trong tài liệu (có thể chạy mã hoặc tải nội dung lạ trên máy người "
                    "đọc); khi dựng trang thẻ này bị bỏ cùng mọi thứ bên trong. Xóa thẻ này; muốn giới thiệu video "
                    "hay bản đồ, hãy dùng một liên kết thường.")
        return (f"thẻ <{tag}> không được phép trong tài liệu; khi dựng trang thẻ này bị bỏ (chữ bên trong vẫn "
                "giữ). Xóa thẻ này, trình bày bằng Markdown.")
    shown = _short(value)
    if name.startswith("on"):
        return f"thuộc tính '{name}=' chạy mã JavaScript; khi dựng trang thuộc tính này bị bỏ. Xóa thuộc tính này."
    if name == "style":
        return ("thuộc tính 'style=' không được phép (có thể phủ lên trang hay giả giao diện); khi dựng trang thuộc "
                "tính này bị bỏ. Xóa thuộc tính này, trình bày bằng Markdown.")
    if name == "class":
        return (f"lớp '{shown}' dành riêng cho giao diện trang (md-…, hd-…, mermaid); khi dựng trang lớp này bị bỏ. "
                "Đặt tên lớp khác.")
    if name == "id":
        return (f"id '{shown}' dành riêng cho giao diện trang (__…, md-…, hd-…, tra-loi-N); khi dựng trang id này "
                "bị bỏ. Đặt id khác, ví dụ '{#muc-khac}' ở cuối tiêu đề.")
    if tag == "img" and name == "src":
        if _scheme(value) in ("http", "https") or value.strip().startswith("//"):
            return (f"ảnh '{shown}' nằm trên máy chủ khác: trang không tải gì từ máy chủ khác, khi dựng trang ảnh "
                    "này mất. Tải ảnh về, đặt trong docs/ cạnh tài liệu và ghi đường dẫn tương đối, ví dụ "
                    "![Sơ đồ](anh/so-do.png).")
        return (f"ảnh '{shown}' không phải một tệp của trang; khi dựng trang ảnh này mất. Lưu ảnh thành tệp trong "
                "docs/ và ghi đường dẫn tương đối.")
    if name in ("href", "src"):
        runs = _scheme(value) in ("javascript", "vbscript", "data")
        return (f"địa chỉ '{shown}' " + ("chạy mã khi bấm vào" if runs else "không được phép")
                + "; khi dựng trang liên kết này bị bỏ. Chỉ dùng địa chỉ http(s), mailto:, tel: hoặc liên kết tới "
                "một trang, một mục của trang web.")
    return (f"thuộc tính '{name}=' trên thẻ <{tag}> không được phép; khi dựng trang thuộc tính này bị bỏ. "
            "Xóa thuộc tính này.")


class _Section:
    """Lines of the page up to the next heading, converted with the page's reference definitions."""

    def __init__(self, lines: list[str], references: list[str], mask: list[bool]) -> None:
        self.lines, self.references = lines, references
        # where a beginning may stop: never inside a fenced block (it would read as text and markup)
        self.ends = [k for k in range(1, len(lines) + 1) if k == len(lines) or not mask[k - 1] or not mask[k]]
        self._removed: dict[int, Counter[Removal]] = {}

    def removed(self, count: int) -> Counter[Removal]:
        """What the sanitizer removes from the section's first ``count`` lines."""
        if count not in self._removed:
            self._removed[count] = _removed("\n".join([*self.lines[:count], "", *self.references]))
        return self._removed[count]

    def line_of(self, removal: Removal, occurrence: int) -> int:
        """The section's line (1-based) whose conversion first holds ``occurrence`` of ``removal``."""
        low, high = 0, len(self.ends) - 1
        while low < high:
            middle = (low + high) // 2
            if self.removed(self.ends[middle])[removal] >= occurrence:
                high = middle
            else:
                low = middle + 1
        return self.ends[low]


def _sections(count: int, cuts: list[int]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of ``count`` lines from one cut (a heading's line) up to the next."""
    start = 0
    for index in cuts:
        if index > start:
            yield start, index
            start = index
    yield start, count


def _removed(text: str) -> Counter[Removal]:
    """What :func:`hoidap.site.sanitize.clean` removes from the HTML Markdown makes of ``text``.

    Both sides are read as the sanitizer's HTML5 parser builds them: the converted HTML is first put
    through nh3 allowing everything it holds, so a ``<p>`` closes an ``<svg>`` there as in a browser.
    """
    converted = _markdown().reset().convert(text)
    written = _scan(converted)
    names = {event[1] for event in written if event[0] == "start"}
    schemes = {_scheme(value or "") for event in written if event[0] == "start" for _, value in event[2]} - {""}
    parsed = nh3.clean(converted, tags=names, clean_content_tags=set(), attributes={},
                       generic_attribute_prefixes={""}, url_schemes=schemes, link_rel=None, strip_comments=False)
    removed = _parts(_scan(parsed)) - _parts(_scan(sanitize.clean(converted)))
    # <html>, <head>, <body> never survive parsing (their attributes, onload= among them, neither)
    removed.update(Removal(event[1]) for event in written if event[0] == "start" and event[1] in _DOCUMENT_TAGS)
    return removed


@functools.cache
def _markdown() -> markdown.Markdown:
    """One converter with mkdocs.yml's extensions, reset before each page (building one loads every extension
    again)."""
    names, configs = markdown_extensions()
    return markdown.Markdown(extensions=list(names), extension_configs=configs)


_DOCUMENT_TAGS = {"html", "head", "body"}
_Event = tuple  # ("start", tag, attributes, self-closed) or ("end", tag)


def _scan(html: str) -> list[_Event]:
    """The start and end tags of ``html`` in order, as written (a tokenizer: nothing moves or disappears)."""
    reader = _Tags()
    reader.feed(html)
    reader.close()
    return reader.events


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs, False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, attrs, True))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![x](a.png)`` (a ``<`` before an image) is no marked section: Python before 3.13 raises on it;
        read it as text, as newer Pythons and browsers do."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return -1


def _parts(events: list[_Event]) -> Counter[Removal]:
    """Every element and attribute of well-formed HTML (a class counted word by word). A tag the
    sanitizer drops counts alone: its attributes go with it, and so does the content of a script-like one."""
    parts: Counter[Removal] = Counter()
    inside: list[str] = []  # the dropped script-like element we are in, once per nesting
    for event in events:
        tag = event[1]
        if event[0] == "end":
            if inside and inside[-1] == tag:
                inside.pop()
            continue
        attributes, closed = event[2], event[3]
        if inside:
            if tag == inside[-1] and not closed:
                inside.append(tag)
            continue
        parts[Removal(tag)] += 1
        if tag not in sanitize.TAGS:
            if tag in sanitize.REMOVED_WITH_CONTENT and not closed:
                inside.append(tag)
            continue
        for name, value in attributes:
            words = (value or "").split() if name == "class" else [value or ""]
            parts.update(Removal(tag, name, word) for word in words)
    return parts


def _reserved_heading_lines(headings: list[Heading]) -> set[int]:
    """The lines of the headings whose id (from their text, or written) the sanitizer removes."""
    def probe(heading: Heading) -> str:
        return f'<h2 id="{escape(heading.id)}"></h2>'

    every = "".join(probe(heading) for heading in headings)
    if sanitize.clean(every) == every:
        return set()
    return {heading.line for heading in headings if sanitize.clean(probe(heading)) != probe(heading)}


def _scheme(url: str) -> str:
    try:
        return urlsplit(re.sub(r"[\t\n\r]", "", url.strip())).scheme.lower()
    except ValueError:
        return ""


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
