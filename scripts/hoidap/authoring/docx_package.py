"""Open a Word .docx file only after checking its package, so that a damaged file or a zip bomb gives one
Vietnamese message instead of a Python error deep inside python-docx, and memory stays bounded.

Checked before python-docx parses anything: the file's size; the zip's directory; every member's declared
size, and the bytes really decompressed (streamed, with a cap, checksums verified); that every XML part is
well-formed (streamed, entities not expanded); the content types; the relationships python-docx walks, from
the package to the main document and on, with their targets present; and the parts the reader relies on
(document body, styles, numbering, footnotes) being of the right kind.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
import docx.document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from hoidap.errors import ReadError

MiB = 1024 * 1024
MAX_FILE = 100 * MiB        # the .docx file itself
MAX_TOTAL = 100 * MiB       # every member decompressed, pictures included
MAX_XML = 25 * MiB          # XML decompressed: python-docx and our reader hold about 15 times that in memory
MAX_SMALL_XML = 4 * MiB     # [Content_Types].xml and one .rels file, parsed whole here
MAX_MEMBERS = 10_000
MAX_DEPTH = 40              # relationship chain; python-docx walks it recursively
_CHUNK = MiB

_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "[Content_Types].xml"
_MAIN_TYPES = {
    CT.WML_DOCUMENT_MAIN: "",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "tệp Word có macro (.docm)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "mẫu Word (.dotx)",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "mẫu Word có macro (.dotm)",
}
_PARTS_READ = {RT.STYLES: (CT.WML_STYLES, "kiểu chữ (styles)"), RT.NUMBERING: (CT.WML_NUMBERING, "đánh số (numbering)"),
               RT.FOOTNOTES: (CT.WML_FOOTNOTES, "chú thích (footnotes)")}
# What zipfile raises on a damaged archive or member (struct.error on a cut header, ValueError on bad fields).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error,
               struct.error)
# What python-docx raises on a package it cannot assemble (none expected once the checks here passed).
_DOCX_ERRORS = (PackageNotFoundError, KeyError, ValueError, etree.LxmlError, *_ZIP_ERRORS)


class _Damaged(Exception):
    """What is wrong with the package, in Vietnamese (becomes a :class:`ReadError`)."""


def open_document(path: Path) -> docx.document.Document:
    """The Word document at ``path``, opened by python-docx once its package passed every check.

    Raises :class:`ReadError` with a Vietnamese message (the file, what is wrong, how to fix it).
    """
    data = _read_file(path)
    try:
        _check_package(data, path)
    except _Damaged as damage:
        raise ReadError(damaged(path, str(damage))) from None
    except _TooLarge as large:
        raise ReadError(f"tệp Word '{path}' {large} Tệp bất thường (có thể là tệp nén cố ý phình to); nếu đây là "
                        "tài liệu thật, chia thành nhiều tệp nhỏ hơn hoặc bỏ bớt hình ảnh lớn.") from None
    try:
        return docx.Document(io.BytesIO(data))
    except _DOCX_ERRORS as error:
        raise ReadError(damaged(path, f"cấu trúc gói tệp không đúng ({type(error).__name__})")) from None


def damaged(path: Path, what: str) -> str:
    """The message for a damaged Word file."""
    return (f"tệp Word '{path}' bị hỏng: {what}. Mở tệp bằng Word và lưu lại (Lưu thành…, chọn dạng .docx), "
            "rồi nhập lại.")


class _TooLarge(Exception):
    """The package decompresses to more than the limits allow (message: the Vietnamese sentence)."""


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise ReadError(f"tệp '{path}' nặng {size // MiB} MB, quá giới hạn {MAX_FILE // MiB} MB của tệp Word: "
                            "chia tài liệu thành nhiều tệp nhỏ hơn hoặc bỏ bớt hình ảnh lớn.")
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE + 1)
    except OSError as error:
        raise ReadError(f"không đọc được tệp '{path}' ({error.strerror or error}).") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"tệp '{path}' là tệp Word cũ (.doc) hoặc tệp Word có mật khẩu: mở bằng Word, bỏ mật khẩu "
                        "nếu có, rồi lưu lại dạng .docx.")
    if not data.startswith(b"PK"):
        raise ReadError(f"tệp '{path}' không phải tệp Word .docx (tệp .doc cũ: mở bằng Word và lưu lại dạng .docx).")
    return data


@dataclass
class _Package:
    """The zip's members by name and, once read, the content types."""

    path: Path
    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    defaults: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, tuple[str | None, set[str]]] = field(default_factory=dict)  # XML: root tag, its children's
    overrides: dict[str, str] = field(default_factory=dict)

    def content_type(self, partname: str) -> str | None:
        """As python-docx looks it up: an override for the part, else the default for its extension."""
        found = self.overrides.get(partname.lower())
        if found is None:
            extension = posixpath.splitext(partname)[1][1:].lower()
            found = self.defaults.get(extension)
        return found


def _check_package(data: bytes, path: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        where = "phần cuối tệp bị mất (có thể tệp tải về hoặc chép chưa hết)" \
            if b"PK\x05\x06" not in data[-66_000:] else "không mở được phần nén (zip) của tệp"
        raise _Damaged(where) from None
    if len(infos) > MAX_MEMBERS:
        raise _TooLarge(f"có {len(infos)} phần, quá giới hạn {MAX_MEMBERS} phần.")
    package = _Package(path, archive, {info.filename: info for info in infos})
    _check_sizes(infos)
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Damaged("tệp có mật khẩu; bỏ mật khẩu trong Word trước khi nhập")
    totals = {"all": 0, "xml": 0}
    _read_member(package, package.members.get(_CONTENT_TYPES), totals, required=_CONTENT_TYPES)
    _content_types(package)
    for info in infos:
        if info.filename != _CONTENT_TYPES:
            _read_member(package, info, totals)
    _walk(package)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """The sizes the zip declares, before anything is decompressed."""
    total = sum(info.file_size for info in infos)
    xml = sum(info.file_size for info in infos if _is_xml_name(info.filename))
    if total > MAX_TOTAL:
        raise _TooLarge(f"giải nén ra {total // MiB} MB, quá giới hạn {MAX_TOTAL // MiB} MB.")
    if xml > MAX_XML:
        raise _TooLarge(f"chứa {xml // MiB} MB văn bản XML khi giải nén, quá giới hạn {MAX_XML // MiB} MB.")


def _is_xml_name(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


class _Scan:
    """Parses XML fed in chunks as python-docx's parser would (namespaces checked, entities not expanded),
    dropping each element once read so that memory stays constant; notes the root and its children's tags."""

    def __init__(self) -> None:
        self.parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True,
                                          load_dtd=False)
        self.depth = 0
        self.root: str | None = None
        self.children: set[str] = set()

    def feed(self, chunk: bytes) -> None:
        self.parser.feed(chunk)
        self._drain()

    def close(self) -> None:
        self.parser.close()
        self._drain()

    def _drain(self) -> None:
        for event, element in self.parser.read_events():
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self.root = element.tag
                elif self.depth == 2 and len(self.children) < 64:
                    self.children.add(element.tag)
                continue
            self.depth -= 1
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]


def _read_member(package: _Package, info: zipfile.ZipInfo | None, totals: dict[str, int],
                 required: str | None = None) -> None:
    """Decompress one member in chunks, counting the bytes against the limits and checking its XML."""
    if info is None:
        raise _Damaged(f"thiếu phần '{required}'")
    name = info.filename
    xml = _is_xml_name(name) or (package.content_type("/" + name) or "").endswith("xml")
    small = name == _CONTENT_TYPES or name.lower().endswith(".rels")  # parsed whole here afterwards
    scan = _Scan() if xml else None
    size = 0
    try:
        with package.archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                totals["all"] += len(chunk)
                totals["xml"] += len(chunk) if xml else 0
                if totals["all"] > MAX_TOTAL:
                    raise _TooLarge(f"giải nén ra hơn {MAX_TOTAL // MiB} MB, quá giới hạn {MAX_TOTAL // MiB} MB.")
                if totals["xml"] > MAX_XML:
                    raise _TooLarge(f"chứa hơn {MAX_XML // MiB} MB văn bản XML khi giải nén, quá giới hạn "
                                    f"{MAX_XML // MiB} MB.")
                if small and size > MAX_SMALL_XML:
                    raise _TooLarge(f"có phần '{name}' lớn bất thường (hơn {MAX_SMALL_XML // MiB} MB).")
                if scan is not None:
                    scan.feed(chunk)
        if scan is not None:
            scan.close()
            package.shapes[name] = (scan.root, scan.children)
    except _ZIP_ERRORS:
        raise _Damaged(f"phần '{name}' không giải nén được (dữ liệu hỏng)") from None
    except etree.XMLSyntaxError as error:
        raise _Damaged(f"phần '{name}' không phải XML hợp lệ (dòng {error.lineno or 1})") from None


def _parse_small(package: _Package, name: str) -> etree._Element:
    """A [Content_Types].xml or .rels part, already checked well-formed, as a tree (entities not expanded)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(package.archive.read(name), parser)
    except (*_ZIP_ERRORS, etree.XMLSyntaxError):
        raise _Damaged(f"phần '{name}' không đọc được") from None


def _content_types(package: _Package) -> None:
    root = _parse_small(package, _CONTENT_TYPES)
    if root.tag != f"{{{_TYPES_NS}}}Types":
        raise _Damaged(f"phần '{_CONTENT_TYPES}' không phải bảng kiểu nội dung")
    for element in root:
        if element.tag == f"{{{_TYPES_NS}}}Default":
            extension, kind = element.get("Extension"), element.get("ContentType")
            if extension is None or kind is None:
                raise _Damaged(f"phần '{_CONTENT_TYPES}' có dòng Default thiếu Extension hoặc ContentType")
            package.defaults[extension.lower()] = kind
        elif element.tag == f"{{{_TYPES_NS}}}Override":
            partname, kind = element.get("PartName"), element.get("ContentType")
            if partname is None or kind is None:
                raise _Damaged(f"phần '{_CONTENT_TYPES}' có dòng Override thiếu PartName hoặc ContentType")
            package.overrides[partname.lower()] = kind


@dataclass(frozen=True)
class _Relation:
    kind: str
    target: str  # the member name for an internal target, the URI for an external one
    external: bool


def _relations(package: _Package, partname: str) -> list[_Relation]:
    """The relationships of the part ``partname`` ("/" for the package), as python-docx reads them."""
    base, name = posixpath.split(partname)
    rels = posixpath.join(base, "_rels", f"{name}.rels")[1:]
    if rels not in package.members:
        return []
    root = _parse_small(package, rels)
    if root.tag != f"{{{_RELS_NS}}}Relationships":
        raise _Damaged(f"phần '{rels}' không phải danh sách quan hệ (relationships)")
    found = []
    for element in root.iterchildren(f"{{{_RELS_NS}}}Relationship"):
        rid, kind, target = element.get("Id"), element.get("Type"), element.get("Target")
        if rid is None or kind is None or target is None:
            raise _Damaged(f"phần '{rels}' có quan hệ (relationship) thiếu Id, Type hoặc Target")
        external = element.get("TargetMode", "Internal") == "External"
        found.append(_Relation(kind, target if external else posixpath.abspath(posixpath.join(base, target))[1:],
                               external))
    return found


def _walk(package: _Package) -> None:
    """Follow the relationships from the package as python-docx will, checking what the reader relies on."""
    if "_rels/.rels" not in package.members:
        raise _Damaged("thiếu phần '_rels/.rels'")
    top = _relations(package, "/")
    main = [r for r in top if r.kind == RT.OFFICE_DOCUMENT and not r.external]
    if len(main) != 1:
        raise _Damaged("không tìm thấy phần nội dung chính (word/document.xml)" if not main
                       else "có nhiều hơn một phần nội dung chính")
    pending = [(relation, 1, "_rels/.rels") for relation in top]
    seen: set[str] = set()
    while pending:
        relation, depth, source = pending.pop()
        if relation.external or relation.target in seen:
            continue
        if depth > MAX_DEPTH:
            raise _Damaged("chuỗi quan hệ giữa các phần dài bất thường")
        seen.add(relation.target)
        if relation.target not in package.members:
            raise _Damaged(f"thiếu phần '{relation.target}' mà '{source}' trỏ tới")
        if package.content_type("/" + relation.target) is None:
            raise _Damaged(f"phần '{relation.target}' không có kiểu nội dung trong '{_CONTENT_TYPES}'")
        children = _relations(package, "/" + relation.target)
        pending += [(child, depth + 1, relation.target) for child in children]
        if relation is main[0]:
            _check_main(package, relation.target, children)


def _check_main(package: _Package, name: str, relations: list[_Relation]) -> None:
    kind = package.content_type("/" + name)
    if kind not in _MAIN_TYPES:
        raise _Damaged(f"phần nội dung chính '{name}' không phải văn bản Word")
    if _MAIN_TYPES[kind]:
        raise ReadError(f"tệp '{package.path}' là {_MAIN_TYPES[kind]}, không phải tệp .docx thường: mở bằng Word "
                        "và lưu lại dạng .docx (Lưu thành…, Word Document).")
    root, children = package.shapes.get(name, (None, set()))
    if root != qn("w:document") or qn("w:body") not in children:
        raise _Damaged(f"phần nội dung chính '{name}' không có thân văn bản (w:body)")
    for reltype, (expected, label) in _PARTS_READ.items():
        chosen = [r for r in relations if r.kind == reltype]
        if len(chosen) > 1:
            raise _Damaged(f"có nhiều hơn một phần {label}")
        if chosen and (chosen[0].external or package.content_type("/" + chosen[0].target) != expected):
            raise _Damaged(f"phần {label} '{chosen[0].target}' không đúng loại")
