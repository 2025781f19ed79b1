"""Whole written pages and converted page content, read and changed through lxml, never through text patterns.

A written page is parsed once (:class:`PageDom`); the markup fixes, the PDF links, the offline inventory and the
CSP check all work on that one tree, and the page is serialised once at the end. Inline scripts are written back
byte for byte (lxml writes script text raw), so a hash taken from the tree is the hash of the written text.
Converted page content (``page.content``, a fragment) goes through :func:`fragment` and :func:`inner_html`.
"""

from __future__ import annotations

import html as html_lib
import json
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

SEARCH_LABEL = {"vi": "Tìm kiếm", "en": "Search"}
PDF_LINKS_CLASS = "hd-pdf-links"
PDF_PLACEHOLDER = "hd-pdf-links"  # the text of the comment the links template writes while no PDF is cached
_LOADED = {"link": "href", "script": "src", "img": "src", "source": "src"}  # what a page loads, by element
_DATA_TYPES = {"application/json", "application/ld+json"}  # scripts that hold data: never run
# lxml.etree's HTML parser, not lxml.html's: the same tree, but its elements are plain lxml elements, made
# without lxml.html's Python class lookup each time Python touches one (about 0.1 s per 200 booklets each
# walk); nothing here uses lxml.html's element methods. A 50,000-question booklet is one page: huge_tree.
_PARSER = lxml.etree.HTMLParser(huge_tree=True)
Element = lxml.etree._Element


def _parse_document(html: str) -> Element:
    return lxml.html.document_fromstring(html or "<html></html>", parser=_PARSER)


def classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


def text_of(element: Element) -> str:
    """Visible text of ``element``, as a browser copies it (tags add nothing)."""
    return "".join(element.itertext())


def inner_html(element: Element) -> str:
    """``element``'s content as HTML, its own tag left out."""
    return html_lib.escape(element.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in element)


def outer_html(element: Element) -> str:
    return lxml.html.tostring(element, encoding="unicode", with_tail=False)


def fragment(html: str) -> Element:
    """Converted page content as a tree under one ``<div>`` (itself not part of the content), as
    ``lxml.html.fragment_fromstring(html, create_parent="div")`` makes it."""
    elements = lxml.html.fragments_fromstring(html, parser=_PARSER)
    root = _PARSER.makeelement("div")
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


def read_as_needed(html: str, chunk: int = 4096) -> Iterator[tuple[str, Element]]:
    """The ``("start" | "end", element)`` events of converted page content, as :func:`fragment` parses it, the
    parser reading only as far as the events are taken: a caller that stops at the page's first paragraph
    does not parse the rest of the page."""
    parser = lxml.etree.HTMLPullParser(events=("start", "end"), huge_tree=True)
    parser.feed("<html><body>")  # as lxml.html.fragments_fromstring
    for at in range(0, len(html), chunk):
        parser.feed(html[at:at + chunk])
        yield from parser.read_events()
    parser.feed("</body></html>")
    parser.close()
    yield from parser.read_events()


def remove(element: Element) -> None:
    """Take ``element`` out of the tree; its tail stays where it stood."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def replace(element: Element, html: str) -> None:
    """Put the elements of ``html`` in ``element``'s place; ``element``'s tail stays after them."""
    parent = element.getparent()
    new = fragment(html)
    index = parent.index(element)
    if new.text:  # text before the first element joins what precedes ``element``
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + new.text
        else:
            parent.text = (parent.text or "") + new.text
    children = list(new)
    if not children:
        remove(element)
        return
    children[-1].tail = (children[-1].tail or "") + (element.tail or "")
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def comments(root: Element) -> Iterator[Element]:
    return root.iter(lxml.etree.Comment)


class PageDom:
    """One written page, parsed once; its reads and changes, then :meth:`serialise`."""

    def __init__(self, html: str) -> None:
        self.root = _parse_document(html)
        self._original = html
        self._printed: str | None = None
        self.changed = False

    @property
    def changed(self) -> bool:
        return self._changed

    @changed.setter
    def changed(self, value: bool) -> None:
        self._changed, self._printed = value, None

    @property
    def lang(self) -> str | None:
        return self.root.get("lang")

    def serialise(self) -> str:
        """The page as written: the text it was parsed from when nothing changed."""
        if not self.changed:
            return self._original
        return _document_html(self.root)

    # --- reads ---------------------------------------------------------------------------------

    def inline_scripts(self) -> list[str]:
        """The text of every inline script a browser would run."""
        return [script.text or "" for script in self.root.iter("script")
                if script.get("src") is None and (script.get("type") or "").strip().lower() not in _DATA_TYPES]

    def references(self, page_url: str) -> set[str]:
        """The local files the page loads (stylesheets, scripts, images), as addresses from the site's root;
        the query is kept (it is a version)."""
        found = set()
        base = "/" + page_url
        for element in self.root.iter(*_LOADED):
            target = (element.get(_LOADED[element.tag]) or "").split("#", 1)[0]
            if not target or urlsplit(target).scheme or target.startswith("//"):
                continue
            resolved = urljoin(base, target)
            if resolved.startswith("/") and not resolved.endswith("/"):
                found.add(resolved[1:])
        return found

    def resources(self) -> list[str]:
        """The stylesheets and scripts the page links, in page order: what a printed PDF depends on."""
        return [href for element in self.root.iter("link", "script")
                if (href := element.get("src") if element.tag == "script" else
                    element.get("href") if "stylesheet" in (element.get("rel") or "").split() else None)]

    def is_booklet(self) -> bool:
        """True for a booklet page: the only pages that carry the PDF links line or its placeholder."""
        return _pdf_slot(self.root) is not None

    def printed_form(self) -> str:
        """The page without what does not change its printed PDF: the PDF links line and build fingerprints
        (``v=`` in addresses, the search index's version in Material's configuration)."""
        if self._printed is None:
            self._printed = self._printed_form()
        return self._printed

    def _printed_form(self) -> str:
        copy = _parse_document(self.serialise())  # as a reader of the written file parses it
        found = _pdf_slot(copy)
        if found is not None and found.tag is not lxml.etree.Comment:
            comment = lxml.etree.Comment(PDF_PLACEHOLDER)
            comment.tail = found.tail
            found.getparent().replace(found, comment)
        for element in copy.iter():
            for name in ("href", "src"):
                if element.get(name):
                    element.set(name, _unversioned(element.get(name)))
        config = _config_script(copy)
        if config is not None:
            config.text = _unversioned_json(config.text or "")
        return _document_html(copy)

    # --- changes -------------------------------------------------------------------------------

    def fix_markup(self, lang: str) -> None:
        """Material's markup corrected: a named search dialog, no hreflang links in the head (Material's
        script fetches a sitemap.xml beside each, a 404 in every console; the sitemap lists the languages),
        and its script bundle deferred (the text paints before the bundle has arrived and run)."""
        for div in self.root.iter("div"):
            if div.get("data-md-component") == "search" and div.get("role") == "dialog" and div.get("aria-label") \
                    is None:
                div.set("aria-label", SEARCH_LABEL.get(lang, SEARCH_LABEL["vi"]))
                self.changed = True
                break
        head = self.root.find("head")
        for link in list(head.iter("link")) if head is not None else []:
            if link.get("rel") == "alternate" and link.get("hreflang") is not None:
                _remove_line(link)
                self.changed = True
        for script in self.root.iter("script"):
            path = urlsplit(script.get("src") or "").path
            name = PurePosixPath(path).name
            if ("/" + path).endswith(f"/assets/javascripts/{name}") and name.startswith("bundle.") \
                    and name.endswith(".min.js") and script.get("defer") is None:
                script.set("defer", "")
                self.changed = True
                break

    def fill_pdf_links(self, rendered: str) -> None:
        """Put the rendered PDF links line in place of its placeholder (or of the previous links line)."""
        slot = _pdf_slot(self.root)
        if slot is not None:
            replace(slot, rendered)
            self.changed = True


def _pdf_slot(root: Element) -> Element | None:
    """The PDF links line of a booklet page, or the comment standing in for it."""
    for element in root.iter("p", lxml.etree.Comment):
        if element.tag is lxml.etree.Comment:
            if (element.text or "").strip() == PDF_PLACEHOLDER:
                return element
        elif PDF_LINKS_CLASS in classes(element):
            return element
    return None


def _config_script(root: Element) -> Element | None:
    return next((s for s in root.iter("script") if s.get("id") == "__config"), None)


def _document_html(root: Element) -> str:
    tree = root.getroottree()
    doctype = "<!doctype html>" if tree.docinfo.doctype else None
    return lxml.etree.tostring(tree, method="html", encoding="unicode", doctype=doctype)


def _remove_line(element: Element) -> None:
    """Remove ``element`` with the line break after it: the line it stood on goes."""
    previous, parent = element.getprevious(), element.getparent()
    tail = element.tail or ""
    kept = tail[tail.index("\n") + 1:] if "\n" in tail else tail.lstrip(" \t")
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip(" \t") + kept if "\n" in tail else (previous.tail or "") + kept
    else:
        parent.text = (parent.text or "").rstrip(" \t") + kept if "\n" in tail else (parent.text or "") + kept
    parent.remove(element)


def _unversioned(url: str) -> str:
    """``url`` without its ``v=`` query parameter (a build fingerprint)."""
    parts = urlsplit(url)
    if "v=" not in parts.query:
        return url
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "v"])
    return urlunsplit(parts._replace(query=query))


def _unversioned_json(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict) and isinstance(data.get("search"), str):
        data["search"] = _unversioned(data["search"])
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def search_worker_config(rendered: str, worker: str) -> str:
    """Material's rendered ``__config`` script (``rendered``) pointing search at ``worker`` (our worker's
    address from the assets folder, with its query)."""
    root = fragment(rendered)
    script = _config_script(root)
    if script is None:
        return rendered
    app = json.loads(script.text or "{}")
    prefix = app["search"].split("assets/javascripts/")[0]
    app["search"] = f"{prefix}{worker}"
    script.text = json.dumps(app, ensure_ascii=False).replace("<", "\\u003c")
    return inner_html(root)
