"""Read a Word (.docx) or plain text file into a flat list of blocks: paragraphs of formatted spans, tables,
and what cannot be placed (text boxes, unknown objects). Legacy-font text (TCVN3, VNI) comes out as Unicode NFC.

Word's XML is walked directly (python-docx opens the package, styles and numbering), so that text inside
hyperlinks, tracked insertions, content controls and fields is read like any other text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from hoidap.authoring.docx_package import open_document
from hoidap.errors import ReadError
from hoidap.vietnamese.legacy import convert_legacy
from hoidap.vietnamese.legacy_fonts import capitals_font, decode_bytes, decode_run, font_encoding
from hoidap.vietnamese.vntext import nfc

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_VML = "urn:schemas-microsoft-com:vml"
_GRAPHICS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), f"{{{_MC}}}AlternateContent"}
_SKIPPED = {qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), qn("w:proofErr"), qn("w:bookmarkStart"),
            qn("w:bookmarkEnd"), qn("w:commentRangeStart"), qn("w:commentRangeEnd")}
_FALSE = {"0", "false", "off"}
MAX_TEXT_FILE = 32 * 1024 * 1024  # a .txt booklet; the largest real ones are a few MB
_MAX_SPAN = 63  # columns a table cell may span (Word's own limit)


@dataclass
class Span:
    """A piece of a paragraph: text with its formatting, a link target, or an image (index into ``images``)."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    link: str | None = None
    image: int | None = None
    footnote: int | None = None
    decoded: bool = False  # decoded from a legacy font: not searched again for legacy text


@dataclass
class Paragraph:
    """One paragraph: its spans, Word style name, list kind (``bullet``/``number``) and nesting level."""

    spans: list[Span]
    style: str = ""
    list_kind: str | None = None
    list_level: int = 0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans).strip()

    @property
    def bold(self) -> bool:
        """Every visible character is bold."""
        shown = [span for span in self.spans if span.text.strip()]
        return bool(shown) and all(span.bold for span in shown)

    @property
    def has_content(self) -> bool:
        return bool(self.text) or any(span.image is not None for span in self.spans)


@dataclass
class Table:
    """A table as rows of cells, each cell a list of paragraphs; ``merged`` counts cells covered by a merge."""

    rows: list[list[list[Paragraph]]]
    merged: int = 0
    nested: int = 0


@dataclass
class Unplaced:
    """Content the reader found but cannot put into the flow: what it is (Vietnamese) and its text."""

    kind: str
    paragraphs: list[Paragraph]


@dataclass
class Image:
    """An embedded picture: its bytes, file extension and alternative text."""

    data: bytes
    extension: str
    alt: str


@dataclass
class Source:
    """A file read into blocks, with its images, footnotes and what was converted or left out."""

    blocks: list[Paragraph | Table | Unplaced]
    images: list[Image] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    legacy: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None


def read_source(path: Path) -> Source:
    """Read ``path``: a .docx file, or a .txt file in UTF-8, TCVN3, VNI or Windows-1258."""
    if path.suffix.lower() == ".txt":
        return read_text_file(path)
    return read_docx(path)


def read_text_file(path: Path) -> Source:
    """Each non-empty line of a text file is a paragraph."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_TEXT_FILE + 1)
    except OSError as error:
        raise ReadError(f"không đọc được tệp '{path}': {error.strerror}.") from None
    if len(raw) > MAX_TEXT_FILE:
        raise ReadError(f"tệp '{path}' lớn hơn {MAX_TEXT_FILE // 1024 // 1024} MB: chia thành nhiều tệp nhỏ hơn.")
    decoded = decode_bytes(raw)
    if "\x00" in decoded.text:
        raise ReadError(f"tệp '{path}' không phải tệp văn bản (có byte 0). Tệp Word thì đổi đuôi thành .docx; "
                        "tệp văn bản thì lưu lại dạng UTF-8.")
    blocks: list[Paragraph | Table | Unplaced] = [
        Paragraph([Span(line.strip())]) for line in decoded.text.splitlines() if line.strip()]
    return Source(blocks, encoding=decoded.encoding)


def read_docx(path: Path) -> Source:
    """Read a Word document's body (the package is checked first: see :mod:`hoidap.authoring.docx_package`)."""
    return _Reader(open_document(path)).read()


class _Reader:
    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self.part = document.part
        self.source = Source([])
        self.image_of: dict[str, int] = {}
        styles = document.styles.element
        self.style_by_id = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_font = _font(defaults)
        self.numbering = self._numbering()

    def read(self) -> Source:
        self._body(self.document.element.body)
        self._footnotes()
        return self.source

    def _body(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == qn("w:p"):
                self.source.blocks.append(self._paragraph(child))
            elif child.tag == qn("w:tbl"):
                self.source.blocks.append(self._table(child))
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self._body(child)
            elif child.tag not in (qn("w:sectPr"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
                text = nfc("".join(child.itertext()).strip())
                if text:
                    kind = "công thức" if child.tag.startswith(f"{{{_MATH}}}") else "đối tượng không đọc được"
                    self.source.blocks.append(Unplaced(kind, [Paragraph([Span(text)])]))

    # Paragraphs and runs

    def _paragraph(self, element: etree._Element) -> Paragraph:
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else None
        chain = self._style_chain(style_id)
        spans: list[Span] = []
        self._inline(element, chain, spans, None)
        kind, level = self._list_of(element, chain)
        name = chain[0].find(qn("w:name")).get(qn("w:val")) if chain and chain[0].find(qn("w:name")) is not None \
            else ""
        return Paragraph(_finish(spans, self.source.legacy), name, kind, level)

    def _inline(self, element: etree._Element, chain: list, spans: list[Span], link: str | None) -> None:
        for child in element:
            tag = child.tag
            if tag == qn("w:r"):
                self._run(child, chain, spans, link)
            elif tag == qn("w:hyperlink"):
                rid = child.get(qn("r:id"))
                rel = self.part.rels.get(rid) if rid else None
                target = rel.target_ref if rel is not None and rel.is_external else None
                self._inline(child, chain, spans, target if target and target.startswith(("http", "mailto")) else link)
            elif tag.startswith(f"{{{_MATH}}}"):
                spans.append(Span(nfc("".join(t.text or "" for t in child.iter(f"{{{_MATH}}}t")))))
                self.source.notes.append("công thức toán được chép thành chữ thường")
            elif tag not in _SKIPPED:
                self._inline(child, chain, spans, link)

    def _run(self, run: etree._Element, chain: list, spans: list[Span], link: str | None) -> None:
        props = run.find(qn("w:rPr"))
        run_chain = self._run_styles(props) + chain
        bold = _flag(props, "w:b", run_chain, self.style_by_id)
        italic = _flag(props, "w:i", run_chain, self.style_by_id)
        font = _font(props) or next((f for f in map(_style_font, run_chain) if f), None) or self.default_font
        encoding = font_encoding(font)
        pieces: list[str] = []
        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                pieces.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                pieces.append(" ")
            elif (tag == qn("w:br") and child.get(qn("w:type")) not in ("page", "column")) or tag == qn("w:cr"):
                pieces.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                pieces.append("-")
            elif tag == qn("w:sym"):
                code = _number(child.get(qn("w:char")), 0, 16)
                code = code - 0xF000 if code >= 0xF000 else code
                pieces.append(chr(code) if 0x20 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "")
            elif tag == qn("w:footnoteReference"):
                self._flush(pieces, encoding, font, bold, italic, link, spans)
                spans.append(Span(footnote=_number(child.get(qn("w:id")), 0)))
            elif tag in _GRAPHICS:
                self._flush(pieces, encoding, font, bold, italic, link, spans)
                self._graphic(child, spans)
        self._flush(pieces, encoding, font, bold, italic, link, spans)

    def _flush(self, pieces: list[str], encoding, font, bold, italic, link, spans: list[Span]) -> None:
        if not pieces:
            return
        text = "".join(pieces)
        pieces.clear()
        decoded = decode_run(text, encoding, capitals_font(font)) if encoding else None
        if decoded is not None and decoded != text:
            self.source.legacy[f"{encoding}-font"] += 1
            spans.append(Span(decoded, bold, italic, link, decoded=True))
        else:
            spans.append(Span(text, bold, italic, link))

    # Pictures and text boxes

    def _graphic(self, element: etree._Element, spans: list[Span]) -> None:
        if element.tag == f"{{{_MC}}}AlternateContent":
            choice = element.find(f"{{{_MC}}}Choice")
            element = choice if choice is not None else element.find(f"{{{_MC}}}Fallback")
            if element is None:
                return
        doc_pr = next(element.iter(qn("wp:docPr")), None)
        alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
        for blip in element.iter(qn("a:blip")):
            self._image(blip.get(qn("r:embed")), blip.get(qn("r:link")), alt, spans)
        for data in element.iter(f"{{{_VML}}}imagedata"):
            self._image(data.get(qn("r:id")), None, alt, spans)
        boxes = list(element.iter(qn("w:txbxContent")))
        for box in boxes:
            if any(box in outer.iterdescendants() for outer in boxes if outer is not box):
                continue
            paragraphs = [self._paragraph(p) for p in box.iter(qn("w:p"))]
            if any(p.has_content for p in paragraphs):
                self.source.blocks.append(Unplaced("khung chữ (text box)", [p for p in paragraphs if p.has_content]))

    def _image(self, embed: str | None, linked: str | None, alt: str, spans: list[Span]) -> None:
        if embed and embed in self.image_of:
            spans.append(Span(image=self.image_of[embed]))
            return
        part = self.part.related_parts.get(embed) if embed else None
        if part is None:
            where = f" ({linked})" if linked else ""
            self.source.blocks.append(Unplaced("hình liên kết ngoài tệp", [Paragraph([Span(
                f"Hình không nằm trong tệp Word{where}: chèn lại hình vào tài liệu.")])]))
            return
        extension = Path(str(part.partname)).suffix.lower().lstrip(".") or "bin"
        self.image_of[embed] = len(self.source.images)
        self.source.images.append(Image(part.blob, "jpg" if extension == "jpeg" else extension, nfc(alt.strip())))
        spans.append(Span(image=self.image_of[embed]))

    # Tables

    def _table(self, element: etree._Element) -> Table:
        table = Table([])
        for row in element.iter(qn("w:tr")):
            if row.getparent() is not element and row.getparent().getparent() is not element:
                continue  # a row of a nested table
            cells: list[list[Paragraph]] = []
            for cell in row.iter(qn("w:tc")):
                if _owner_table(cell) is not element:
                    continue
                props = cell.find(qn("w:tcPr"))
                span = props.find(qn("w:gridSpan")) if props is not None else None
                vmerge = props.find(qn("w:vMerge")) if props is not None else None
                width = min(max(_number(span.get(qn("w:val")), 1), 1), _MAX_SPAN) if span is not None else 1
                if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
                    cells.append([])
                    table.merged += 1
                else:
                    cells.append(self._cell(cell, table))
                cells += [[] for _ in range(width - 1)]
                table.merged += width - 1
            table.rows.append(cells)
        width = max((len(row) for row in table.rows), default=0)
        for row in table.rows:
            row += [[] for _ in range(width - len(row))]
        return table

    def _cell(self, cell: etree._Element, table: Table) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        for child in cell:
            if child.tag == qn("w:p"):
                paragraphs.append(self._paragraph(child))
            elif child.tag == qn("w:tbl"):
                table.nested += 1
                paragraphs += [self._paragraph(p) for p in child.iter(qn("w:p"))]
            elif child.tag == qn("w:sdt"):
                paragraphs += [self._paragraph(p) for p in child.iter(qn("w:p"))]
        return [p for p in paragraphs if p.has_content]

    # Styles, lists, footnotes

    def _style_chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        while style_id and style_id in self.style_by_id and style_id not in seen:
            seen.add(style_id)
            style = self.style_by_id[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        if not chain:
            default = next((s for s in self.style_by_id.values() if s.get(qn("w:type")) == "paragraph"
                            and s.get(qn("w:default")) in ("1", "true")), None)
            chain = [default] if default is not None else []
        return chain

    def _run_styles(self, props: etree._Element | None) -> list:
        style = props.find(qn("w:rStyle")) if props is not None else None
        return self._style_chain(style.get(qn("w:val"))) if style is not None else []

    def _numbering(self) -> dict[tuple[str, int], str]:
        try:
            numbering = self.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.iterfind(qn("w:abstractNum"))}
        kinds: dict[tuple[str, int], str] = {}
        for num in numbering.iterfind(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            for level in definition.iterfind(qn("w:lvl")) if definition is not None else ():
                fmt = level.find(qn("w:numFmt"))
                value = fmt.get(qn("w:val")) if fmt is not None else "decimal"
                kinds[(num.get(qn("w:numId")), _number(level.get(qn("w:ilvl")), 0))] = (
                    "bullet" if value == "bullet" else "none" if value == "none" else "number")
        return kinds

    def _list_of(self, element: etree._Element, chain: list) -> tuple[str | None, int]:
        for holder in [element, *chain]:
            num = holder.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num is None:
                continue
            num_id = num.find(qn("w:numId"))
            ilvl = num.find(qn("w:ilvl"))
            key = num_id.get(qn("w:val")) if num_id is not None else None
            level = min(max(_number(ilvl.get(qn("w:val")), 0), 0), 8) if ilvl is not None else 0
            if not key or key == "0":
                return None, 0
            kind = self.numbering.get((key, level), "number")
            return (None, 0) if kind == "none" else (kind, level)
        return None, 0

    def _footnotes(self) -> None:
        rel = next((r for r in self.part.rels.values() if r.reltype == RT.FOOTNOTES and not r.is_external), None)
        if rel is None:
            return
        root = parse_xml(rel.target_part.blob)  # well-formed: checked with the package
        for note in root.iterfind(qn("w:footnote")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [self._paragraph(p).text for p in note.iter(qn("w:p"))]
            self.source.footnotes[_number(note.get(qn("w:id")), 0)] = " ".join(t for t in texts if t)


def _number(text: str | None, default: int, base: int = 10) -> int:
    """An integer attribute of Word's XML; ``default`` when it is missing or not a number."""
    try:
        return int(text, base) if text is not None and len(text) < 12 else default
    except ValueError:
        return default


def _owner_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:tbl"):
        parent = parent.getparent()
    return parent


def _font(props: etree._Element | None) -> str | None:
    fonts = props.find(qn("w:rFonts")) if props is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii")) or fonts.get(qn("w:cs"))


def _style_font(style: etree._Element) -> str | None:
    return _font(style.find(qn("w:rPr")))


def _flag(props: etree._Element | None, tag: str, chain: list, styles: dict) -> bool:
    for holder in [props, *(s.find(qn("w:rPr")) for s in chain)]:
        found = holder.find(qn(tag)) if holder is not None else None
        if found is not None:
            return found.get(qn("w:val"), "true").lower() not in _FALSE
    return False


def _finish(spans: list[Span], legacy: Counter) -> list[Span]:
    """Merge neighbouring spans of the same formatting, convert legacy text found in Unicode runs, apply NFC."""
    merged: list[Span] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if (previous is not None and span.image is None and previous.image is None and span.footnote is None
                and previous.footnote is None and (span.bold, span.italic, span.link) ==
                (previous.bold, previous.italic, previous.link)
                and span.decoded == previous.decoded):
            previous.text += span.text
        else:
            merged.append(span)
    for span in merged:
        if span.text and not span.decoded:
            converted = convert_legacy(nfc(span.text))
            if converted != nfc(span.text):
                legacy["text"] += 1
            span.text = converted
        span.text = nfc(span.text)
    return merged
