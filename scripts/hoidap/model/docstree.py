"""The docs folder as MkDocs 1.6 and mkdocs-static-i18n (suffix structure) build it: :class:`DocsTree`
resolves and checks the relative links, anchors and images of every page, per language."""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal, cast
from urllib.parse import unquote, urlsplit

from hoidap.model import siteconfig
from hoidap.model.blocks import Blocks, Link
from hoidap.model.booklet import Document, read_document
from hoidap.model.findings import BookletError, Finding
from hoidap.model.frontmatter import lines_of

# --- The docs tree ----------------------------------------------------------------------------

Problem = Literal[
    "external", "outside", "absolute", "unrecognized",
    "missing-page", "missing-file", "missing-image", "missing-anchor",
]

_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# mkdocs_static_i18n.config.RE_LOCALE: a suffix that looks like a locale marks a translation.
_LOCALE = re.compile(r"(^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$)|(^[a-z]{2}_[A-Z]{2}$)")
_EXTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")  # a scheme (http:, mailto:…) or a host
_LANGUAGE_NAMES = {"vi": "tiếng Việt", "en": "tiếng Anh", "fr": "tiếng Pháp", "zh": "tiếng Trung"}


@dataclass
class _Page:
    """What the tree keeps of a page: the document read once (or why it cannot be), and its blocks."""

    document: Document | None  # None when the file is not UTF-8 or its front matter is broken
    blocks: Blocks | None  # the body's (the whole file's when the front matter is broken); None: not UTF-8

    @property
    def readable(self) -> bool:  # decoded, front matter well formed: its anchors can be trusted
        return self.document is not None


class DocsTree:
    """A docs folder as MkDocs with mkdocs-static-i18n (``docs_structure: suffix``) builds it.

    Each language builds from its own files: ``name.<lang>.<ext>`` for a translation, no suffix
    (or the default language's suffix) for the default language. With ``fallback`` off (the
    project's ``fallback_to_default: false``) a language's build holds only its own files, pages
    and assets alike. Files are indexed on first use; pages are read and parsed once.
    """

    def __init__(self, docs_dir: Path, languages: list[str] | None = None, default: str | None = None,
                 *, fallback: bool = False) -> None:
        self.docs_dir = Path(docs_dir)
        self.languages = list(languages or [])
        self.default = default or (self.languages[0] if self.languages else "")
        self.fallback = fallback
        self._files: frozenset[str] | None = None
        self._locales: dict[str, tuple[str, str | None]] = {}
        self._builds: dict[str, frozenset[str]] = {}
        self._versions: dict[str, frozenset[str]] | None = None
        self._pages: dict[str, _Page] = {}
        self._found: dict[tuple[str, str], str | None] = {}
        self._resolved: dict[tuple[str, str, str], tuple[str | None, str]] = {}

    @classmethod
    def from_config(cls, config_file: Path) -> DocsTree:
        """Read ``docs_dir`` and the i18n plugin's languages, default and fallback from ``mkdocs.yml``."""
        site = siteconfig.read(Path(config_file))
        if site.docs_structure != "suffix":
            raise ValueError("DocsTree only knows mkdocs-static-i18n's 'docs_structure: suffix'")
        return cls(site.docs_dir, list(site.languages), site.default_language, fallback=site.fallback)

    # Files and languages

    @property
    def files(self) -> frozenset[str]:
        """Every file MkDocs would take from the docs folder (hidden files and ``templates/`` left out)."""
        if self._files is None:
            found: set[str] = set()
            root = str(self.docs_dir)
            for folder, dirs, names in os.walk(root):
                relative = os.path.relpath(folder, root).replace(os.sep, "/")
                prefix = "" if relative == "." else f"{relative}/"
                dirs[:] = [d for d in dirs if not d.startswith(".") and not (not prefix and d == "templates")]
                found.update(prefix + name for name in names if not name.startswith("."))
            self._files = frozenset(found)
        return self._files

    def pages(self) -> list[str]:
        """Every Markdown page of the docs folder, in all languages."""
        return sorted(path for path in self.files if path.endswith(_PAGE_SUFFIXES))

    def language_of(self, path: str) -> str:
        """The language a file belongs to: its locale suffix, or the default language."""
        return self._locale(path)[0]

    def _locale(self, path: str) -> tuple[str, str | None]:
        known = self._locales.get(path)
        if known is None:
            known = (self.default, None)
            if self.languages:
                stem = posixpath.splitext(posixpath.basename(path))[0]
                suffix = posixpath.splitext(stem)[1][1:]
                if suffix and (suffix in self.languages or _LOCALE.match(suffix)):
                    known = (suffix, suffix)
            self._locales[path] = known
        return known

    def build(self, language: str) -> frozenset[str]:
        """The files (pages and assets) the build of ``language`` is made of."""
        built = self._builds.get(language)
        if built is None:
            if not self.languages:
                built = self.files
            else:
                own = {path for path in self.files if self._locale(path)[0] == language}
                if self.fallback and language != self.default:
                    names = {self._normal(path) for path in own}
                    own |= {path for path in self.files
                            if self._locale(path)[0] == self.default and self._normal(path) not in names}
                built = frozenset(own)
            self._builds[language] = built
        return built

    def translations(self, path: str) -> frozenset[str]:
        """The languages whose build holds a version of the page ``path`` (its own file, a translation, or with
        ``fallback`` the default language's page)."""
        if self._versions is None:
            found: dict[str, set[str]] = {}
            for language in self.languages or [self.default]:
                for page in self.build(language):
                    if page.endswith(_PAGE_SUFFIXES):
                        found.setdefault(self._normal(page), set()).add(language)
            self._versions = {name: frozenset(languages) for name, languages in found.items()}
        return self._versions.get(self._normal(path), frozenset())

    def _normal(self, path: str) -> str:
        localization = self._locale(path)[1]
        return path.replace(f".{localization}", "", 1) if localization else path

    def _lookup(self, uri: str, language: str) -> str | None:
        """mkdocs-static-i18n's get_file_from_path: ``b.md`` is ``b.<lang>.md``, then ``b.md``."""
        key = (uri, language)
        if key in self._found:
            return self._found[key]
        built = self.build(language)
        if uri == ".":
            uri = "index.md"
        candidates = [uri]
        if self.languages:
            folder, name = posixpath.split(uri)
            dot = name.rfind(".")
            stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
            if name and name not in (".", ".."):  # PurePath.with_suffix(f".{lang}{suffix}")
                base = posixpath.join(folder, stem)
                candidates = [f"{base}.{language}{suffix}", f"{base}.{self.default}{suffix}", uri]
        found = next((candidate for candidate in candidates if candidate in built), None)
        self._found[key] = found
        return found

    # Pages

    def _page(self, path: str) -> _Page:
        page = self._pages.get(path)
        if page is None:
            page = self._read(path)
            self._pages[path] = page
        return page

    def add(self, path: str, text: str | None, document: Document | None) -> None:
        """Hand the tree a page already read (``text`` None: not UTF-8; ``document`` None: its front matter
        is broken), so that it is not read a second time."""
        if document is not None:
            self._pages[path] = _Page(document, document.blocks)
        else:
            self._pages[path] = _Page(None, None if text is None else Blocks.bounded(lines_of(text.lstrip("\ufeff"))))

    def _read(self, path: str) -> _Page:
        """Read a page: its document (the model), or what can be read of it."""
        try:
            text = (self.docs_dir / path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return _Page(None, None)
        try:
            document = read_document(text, path)
        except BookletError:
            return _Page(None, Blocks.bounded(lines_of(text)))
        return _Page(document, document.blocks)

    def preload(self) -> None:
        """Read every page now, so that checking no longer waits on disk."""
        for path in self.pages():
            self._page(path)

    def document(self, path: str) -> Document | None:
        """The parsed page, or None when it cannot be read (not UTF-8, broken front matter)."""
        return self._page(path).document

    def links(self, path: str) -> list[Link]:
        """Every link of a page (see :attr:`hoidap.model.blocks.Blocks.links`)."""
        blocks = self._page(path).blocks
        return [] if blocks is None else blocks.links

    def anchors(self, path: str) -> set[str] | None:
        """The ids of a built page (see :attr:`hoidap.model.blocks.Blocks.anchors`), or None when the page cannot be
        read."""
        page = self._page(path)
        return page.blocks.anchors if page.readable and page.blocks is not None else None

    # Checking

    def resolve(self, document_path: str, target: str) -> str | None:
        """The file a relative link of ``document_path`` leads to in that page's language, or None."""
        kind, path, _ = _split_target(target)
        if kind != "relative":
            return None
        if not path:
            return document_path
        uri = self._target_uri(document_path, unquote(path))
        return None if uri is None else self._lookup(uri, self.language_of(document_path))

    @staticmethod
    def _target_uri(document_path: str, path: str) -> str | None:
        """MkDocs' _target_uri: the link joined to the page's folder; None when it leaves the docs."""
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), path).lstrip("/"))
        return None if uri == ".." or uri.startswith("../") else uri

    def check(self, document_path: str, link: Link) -> Problem | None:
        """None when ``link`` of ``document_path`` (relative to the docs folder) works, else the problem.

        ``external`` (not checked here), ``absolute``, ``outside`` the docs folder, ``unrecognized``
        (a folder or extension-less path, which MkDocs leaves as is), ``missing-page``,
        ``missing-image``, ``missing-file``, ``missing-anchor``.
        """
        kind, path, anchor = _split_target(link.target)
        if kind != "relative":
            return cast(Problem, kind)
        if not path:
            return self._check_anchor(document_path, anchor)
        key = (document_path.rpartition("/")[0], path, self.language_of(document_path))
        resolved = self._resolved.get(key)
        if resolved is None:
            unquoted = unquote(path)
            uri = self._target_uri(document_path, unquoted)
            found = None if uri is None else self._lookup(uri, key[2])
            if uri is None:
                outcome = "outside"
            elif found is not None:
                outcome = ""
            elif not posixpath.splitext(unquoted)[1]:
                outcome = "unrecognized"
            else:
                outcome = "page" if unquoted.lower().endswith(_PAGE_SUFFIXES) else "file"
            resolved = self._resolved[key] = (found, outcome)
        found, outcome = resolved
        if outcome in ("outside", "unrecognized"):
            return cast(Problem, outcome)
        if outcome:
            return "missing-image" if link.kind == "image" else cast(Problem, f"missing-{outcome}")
        if anchor and found is not None and found.endswith(_PAGE_SUFFIXES):
            return self._check_anchor(found, anchor)
        return None

    def _check_anchor(self, path: str, anchor: str) -> Problem | None:
        if not anchor:
            return None
        anchors = self.anchors(path)
        return "missing-anchor" if anchors is not None and anchor not in anchors else None

    def check_page(self, document_path: str) -> list[Finding]:
        """Every broken relative link of a page, told in Vietnamese (external links are not checked)."""
        findings = []
        for link in self.links(document_path):
            problem = self.check(document_path, link)
            if problem is None or problem == "external":
                continue
            severity = "warning" if link.html else "error"  # MkDocs itself only checks Markdown links
            findings.append(Finding(document_path, link.line, f"link-{problem}", severity,
                                    self.explain(document_path, link, problem)))
        return findings

    def check_all(self) -> list[Finding]:
        """:meth:`check_page` for every page of the docs folder."""
        return [finding for path in self.pages() for finding in self.check_page(path)]

    def external_urls(self) -> dict[str, list[tuple[str, int]]]:
        """Every http(s) address linked from the pages, with where it is linked from."""
        urls: dict[str, list[tuple[str, int]]] = {}
        for path in self.pages():
            for link in self.links(path):
                if link.target.lower().startswith(("http://", "https://")):
                    urls.setdefault(link.target, []).append((path, link.line))
        return urls

    def explain(self, document_path: str, link: Link, problem: Problem) -> str:
        """A Vietnamese sentence saying what is wrong with ``link`` and how to mend it."""
        target = link.target
        what = "ảnh" if link.kind == "image" else "liên kết"
        if problem == "external":
            return f"{what} '{target}' trỏ ra trang web khác; kiểm tra riêng bằng external_links."
        if problem == "absolute":
            example = self._suggestion(document_path, target.lstrip("/\\"), True)
            return (f"{what} '{target}' bắt đầu bằng '/': viết đường dẫn tương đối tới tệp, "
                    f"tính từ thư mục của trang này{example}.")
        if problem == "outside":
            return f"{what} '{target}' trỏ ra ngoài thư mục docs/: trang web không có tệp đó."
        if problem == "unrecognized":
            return (f"{what} '{target}' trỏ tới một thư mục hoặc một địa chỉ không có đuôi tệp: hãy trỏ thẳng "
                    f"tới tệp .md{self._suggestion(document_path, target, False)}.")
        if problem == "missing-anchor":
            return self._explain_anchor(document_path, link)
        return self._explain_missing(document_path, link)

    def _suggestion(self, document_path: str, target: str, absolute: bool) -> str:
        parts = urlsplit(target)
        language = self.language_of(document_path)
        path = unquote(parts.path)
        base = path if absolute else self._target_uri(document_path, path)
        if base is None:
            return ""
        base = posixpath.normpath(base.rstrip("/")) if base.strip("/") else "."
        for guess in (base, f"{base}/index.md", f"{base}/README.md", f"{base.removesuffix('.html')}.md"):
            found = self._lookup(posixpath.normpath(guess), language)
            if found is not None:
                relative = posixpath.relpath(self._normal(found), posixpath.dirname(document_path) or ".")
                fragment = f"#{parts.fragment}" if parts.fragment else ""
                return f", ví dụ '{relative}{fragment}'"
        return ""

    def _explain_missing(self, document_path: str, link: Link) -> str:
        target = link.target
        what = "ảnh" if link.kind == "image" else "liên kết"
        language = self.language_of(document_path)
        uri = self._target_uri(document_path, unquote(urlsplit(target).path)) or target
        for other in dict.fromkeys([self.default, *self.languages]):
            found = self._lookup(uri, other) if other != language else None
            if found is None:
                continue
            wanted = self._normal(found)
            if language != self.default:
                name = PurePosixPath(wanted)
                wanted = name.with_suffix(f".{language}{name.suffix}").as_posix()
            return (f"{what} '{target}' trỏ tới '{found}', chỉ có trong bản {_language_name(other)} của trang web; "
                    f"bản {_language_name(language)} không có tệp này. Thêm '{wanted}' hoặc bỏ {what}.")
        kind = "ảnh" if link.kind == "image" else ("trang" if uri.endswith(_PAGE_SUFFIXES) else "tệp")
        return f"{what} '{target}' trỏ tới {kind} không có trong thư mục docs/: '{uri}'. Kiểm tra tên tệp và thư mục."

    def _explain_anchor(self, document_path: str, link: Link) -> str:
        parts = urlsplit(link.target)
        page = self.resolve(document_path, link.target) or document_path
        anchors = self.anchors(page) or set()
        close = difflib.get_close_matches(parts.fragment, sorted(anchors), n=1)
        hint = f" Có phải ý bạn là '#{close[0]}'?" if close else ""
        where = "trang này" if page == document_path else f"trang '{page}'"
        return f"liên kết '{link.target}' trỏ tới mục '#{parts.fragment}' nhưng {where} không có mục đó.{hint}"


def _split_target(target: str) -> tuple[str, str, str]:
    """("external" | "absolute" | "relative", path, fragment) of a link target, as MkDocs splits it."""
    if not target:
        return "relative", "", ""
    if target[0] == "#":
        return "relative", "", target[1:]
    if _EXTERNAL.match(target):
        return "external", "", ""
    if target[0] in "/\\":
        return "absolute", "", ""
    rest, _, fragment = target.partition("#")
    return "relative", rest.partition("?")[0], fragment


def _language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)
