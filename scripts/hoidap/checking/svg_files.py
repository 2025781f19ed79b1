"""SVG files of the site (its logo and favicon, pictures in docs/): drawings, never programs.

A browser runs the scripts of an SVG file opened on its own (a shared link to ``assets/logo.svg``) with
the site's rights, on any host, CSP or not. The build refuses an SVG that holds code (``<script>``,
``on…=`` handlers, ``javascript:`` links, animations that change a link, embedded HTML, entities that
expand to markup) or that loads anything from another server. PNG and JPEG hold no code.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

CODE_ELEMENTS = {"script": "thẻ <script>", "foreignobject": "thẻ <foreignObject> (chứa HTML)",
                 "handler": "thẻ <handler>", "listener": "thẻ <listener>", "iframe": "thẻ <iframe>",
                 "embed": "thẻ <embed>", "object": "thẻ <object>"}
ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_RASTER = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)
# In CSS (a <style> element or a style= attribute): an import, or a url(…) that leaves the file.
_CSS_LOAD = re.compile(r"@import|url\(\s*['\"]?\s*(?!#|data:image/(?:png|jpeg|gif|webp)[;,])(?:[a-z][a-z0-9+.-]*:|//)",
                       re.IGNORECASE)


def dangers(data: bytes) -> list[tuple[int, str]]:
    """(line, what) for every part of the SVG file ``data`` that runs code or loads from elsewhere."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return [(error.lineno or 1, f"không đọc được tệp SVG ({error.msg})")]
    found: list[tuple[int, str]] = []
    dtd = root.getroottree().docinfo.internalDTD
    for entity in dtd.iterentities() if dtd is not None else ():
        if entity.content is None or "<" in entity.content or "&" in entity.content:
            found.append((1, f"khai báo <!ENTITY {entity.name}> chứa mã hoặc trỏ ra ngoài tệp"))
    for element in root.iter(etree.Element):
        found += [(element.sourceline or 1, what) for what in _element(element)]
    return found


def _element(element: etree._Element) -> list[str]:
    name = etree.QName(element).localname.lower()
    out = []
    if name in CODE_ELEMENTS:
        out.append(CODE_ELEMENTS[name])
    if name == "style" and _CSS_LOAD.search(element.text or ""):
        out.append("thẻ <style> tải tệp từ địa chỉ khác")
    for key, value in element.attrib.items():
        attribute = etree.QName(key).localname.lower()
        if attribute.startswith("on"):
            out.append(f"thuộc tính '{attribute}=' chạy mã JavaScript")
        elif attribute == "href" and not _safe_href(name, value):
            out.append(f"địa chỉ '{value.strip()[:60]}' ở thẻ <{etree.QName(element).localname}>")
        elif attribute == "style" and _CSS_LOAD.search(value):
            out.append("thuộc tính 'style=' tải tệp từ địa chỉ khác")
        elif name in ANIMATIONS and attribute == "attributename" and value.split(":")[-1].strip().lower() == "href":
            out.append(f"thẻ <{etree.QName(element).localname}> thay đổi địa chỉ liên kết (có thể thành javascript:)")
    return out


def _safe_href(element: str, value: str) -> bool:
    """A reference inside the file (``#id``), a picture embedded in it, or another file of the site; for a
    link (``<a>``) also an address on the web."""
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    if url.startswith("#") or _RASTER.match(url):
        return True
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # not a URL a browser would follow either
        return False
    if element == "a":
        return scheme in LINK_SCHEMES or not scheme
    return not scheme and not url.replace("\\", "/").startswith("//")
