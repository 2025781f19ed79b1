"""The hoidap MkDocs plugin: booklets parsed once per build, stable anchors, cards and generated listings.

Registered as the ``hoidap`` entry point of ``mkdocs.plugins`` and listed under ``plugins:`` in ``mkdocs.yml``
after ``i18n``. Runs once per site language (mkdocs-static-i18n builds each language in turn), after the i18n
plugin has chosen that language's files.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import html as html_lib
import multiprocessing
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap.checking import docs_safety, svg_files
from hoidap.editing import online
from hoidap.model import siteconfig
from hoidap.site import (
    assets,
    beside,
    browse,
    compiled,
    convert_ahead,
    csp,
    escaping,
    feeds,
    offline,
    page_dom,
    page_head,
    plans,
    presentation,
    printing,
    quiz_page,
    sanitize,
    search_index,
    social,
    statistics,
)
from hoidap.site.block_queue import BlockQueue
from hoidap.model.booklet import Booklet, Document
from hoidap.site import qr
from hoidap.site.card import card
from hoidap.model.catalog import Catalog, Entry, Group
from hoidap.checking.checker import CHECKED, check_sources, digests, fingerprint, load_tree
from hoidap.checking.checks import Settings, Source
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import Finding
from hoidap.site.identity import DEFAULT_COLORS, IdentityError, stylesheet
from hoidap.site.preview import Preview
from hoidap.site.question_tree import QuestionTree
from hoidap.model.quiz import Quiz
from hoidap.site.texts import reader, text

log = get_plugin_logger("hoidap")
IDENTITY_CSS = "assets/stylesheets/identity.css"
SEARCH_WORKER = "assets/javascripts/search/worker.js"
SEARCH_TEXT = "assets/javascripts/search/text.js"
MATERIAL_INDEX = "search/search_index.json"


@dataclass
class _Build:
    """What one language's build knows: its booklets and where its browse pages are."""

    lang: str = "vi"
    booklets: dict[str, Booklet] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=lambda: Catalog([], "vi"))
    browse_urls: dict[str, str] = field(default_factory=dict)
    listings: dict[str, list[Group]] = field(default_factory=dict)
    env: jinja2.Environment | None = None
    unindexed: set[str] = field(default_factory=set)   # pages our search leaves out
    shards: int = 1
    index_key: str = ""                                   # the digest the search index's file names carry
    assets: dict[str, str] = field(default_factory=dict)  # our scripts and styles: source path → written path
    pdf_keys: dict = field(default_factory=dict)       # cache keys of the linked files, read once per build
    plain: dict[str, tuple[str, dict]] = field(default_factory=dict)  # per page: its title and front matter as written
    files: Files | None = None
    nav: Navigation | None = None
    template_scripts: dict[str, set[str]] = field(default_factory=dict)  # by base_url: CSP hashes, templates only
    searched: search_index.PageIndex | None = None  # the search records and index, made as pages convert
    urls: dict[str, str] = field(default_factory=dict)  # each booklet's address
    slides: dict[str, tuple[presentation.Slide, ...]] = field(default_factory=dict)  # each booklet's, for its slides
    now: dt.datetime = field(default_factory=statistics.build_time)  # sessions held or upcoming as of this moment
    ahead: convert_ahead.Ahead | None = None  # booklet pages converted beside the build
    converted: dict[str, convert_ahead.Converted] = field(default_factory=dict)  # taken from it, until on_page_content
    presenting: beside.Beside[list[tuple[str, set[str]]]] | None = None  # the presentation pages, written beside


def _colors(value: object, where: str) -> dict[str, str] | None:
    """The committee's colours (``primary``, ``accent``), each a hex colour a browser can use."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{where}: ghi màu thành hai dòng 'primary: \"#a31d1d\"' và 'accent: \"#8a5a00\"'.")
    try:
        stylesheet(value, where)
    except IdentityError as exc:
        raise ValueError(str(exc)) from None
    return value


def _tone_style(value: object, where: str) -> str | None:
    """The tone-mark placement every file must use: ``old`` (hòa, thủy) or ``new`` (hoà, thuỷ)."""
    if value is None or value in ("old", "new"):
        return value  # type: ignore[return-value]
    raise ValueError(f"'{where}: {value}' không hợp lệ; ghi 'old' (hòa, thủy) hoặc 'new' (hoà, thuỷ), "
                     "hoặc bỏ dòng này.")


def _text(value: object, where: str) -> str | None:
    """One line of text (the compiling board, a file under docs/)."""
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"'{where}: {value}' không hợp lệ; ghi một dòng chữ.")


def _kilobytes(value: object, where: str) -> int | None:
    """A size in KB, a whole number not below zero."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value  # type: ignore[return-value]
    raise ValueError(f"'{where}: {value}' không hợp lệ; ghi một số KB không âm, ví dụ {offline.SEARCH_KB} "
                     "(0: không tải sẵn phần tìm kiếm).")


class _Option(config_options.BaseConfigOption):
    """An option of ``plugins: - hoidap:`` checked by ``check(value, where)``, with a Vietnamese message."""

    def __init__(self, name: str, check: Callable[[object, str], object]) -> None:
        super().__init__()
        self.name, self.check = name, check

    def run_validation(self, value: object) -> object:
        try:
            return self.check(value, f"plugins.hoidap.{self.name}")
        except ValueError as exc:
            raise config_options.ValidationError(str(exc)) from None


class HoidapConfig(base.Config):
    """The plugin's options in ``mkdocs.yml``. Each may also be written, as before the plugin existed, under
    ``extra:`` (``extra.colors``…); the plugin's own option wins when both are set."""

    colors = _Option("colors", _colors)                        # primary and accent, hex
    tone_style = _Option("tone_style", _tone_style)            # old or new; unset: no mixing within a file
    compiled_by = _Option("compiled_by", _text)                # default answer of make new and make import
    preview_image = _Option("preview_image", _text)            # a PNG/JPEG under docs/; unset: drawn
    offline_search_kb = _Option("offline_search_kb", _kilobytes)  # unset: offline.SEARCH_KB
    editor = _Option("editor", online.backend)  # the editor at /admin/ (hoidap.editing.online); unset: off


OPTIONS = {"colors": _colors, "tone_style": _tone_style, "compiled_by": _text, "preview_image": _text,
           "offline_search_kb": _kilobytes}


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None)
    return current or config.theme.get("language") or "vi"


def _languages(config: MkDocsConfig) -> tuple[list[str], str, bool]:
    """The languages built, the default one, and whether pages fall back to it (static-i18n's settings)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        language = config.theme.get("language") or "vi"
        return [language], language, False
    return list(i18n.build_languages), i18n.default_language, bool(i18n.config.fallback_to_default)


def _language_names(config: MkDocsConfig) -> dict[str, str]:
    """Each built language's name as its readers write it (static-i18n's ``name``), by locale."""
    i18n = config.plugins.get("i18n")
    built = _languages(config)[0]
    names = {item.locale: item.name for item in getattr(getattr(i18n, "config", None), "languages", None) or []}
    return {lang: names.get(lang) or lang for lang in built}


def _findings(sources: dict[str, Source], tree: DocsTree, settings: Settings) -> list[Finding]:
    return check_sources(sources, tree, settings).findings


def _freeze_for_fork() -> None:
    """Keep the objects made so far (the docs tree read, the booklets) out of the garbage collector's passes
    until the build ends (``gc.unfreeze`` in on_post_build, on_build_error), as Python's gc documentation
    advises before ``fork``: the processes beside the build then never walk (nor copy) the build's memory in
    their collections, nor does the build in its own: about 0.3 s of CPU at 200 booklets."""
    gc.freeze()


def _report(findings: list[Finding], shown: Preview) -> None:
    if shown.hold(findings):
        return
    for finding in findings:
        if finding.severity == "warning":
            log.warning(finding.format())
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors:
        _stop(errors)


def _stop(errors: list[Finding]) -> None:
    for finding in errors:
        log.error(finding.format())
    raise PluginError(f"Dừng dựng trang: {len(errors)} lỗi trong tài liệu, xem từng dòng ở trên "
                      "(tệp:dòng: mã lỗi: cách sửa). Kiểm tra riêng: make check")


def _refuse_unsafe_svg(files: Files, config: MkDocsConfig) -> None:
    """Stop the build when an SVG of the site (the logo, the favicon, a picture) holds code: a browser runs it
    when the file is opened on its own, with the site's rights."""
    folders = [Path(folder).resolve() for folder in (config.docs_dir, config.theme.custom_dir) if folder]
    problems = []
    for file in files:
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        folder = next((f for f in folders if source and source.is_relative_to(f)), None)
        if source is None or folder is None or source.suffix.lower() != ".svg":
            continue
        shown = (Path(folder.name) / source.relative_to(folder)).as_posix()
        problems += [f"{shown}:{line}: {what}" for line, what in svg_files.dangers(source.read_bytes())]
    if problems:
        for problem in problems:
            log.error(problem)
        raise PluginError(f"Dừng dựng trang: {len(problems)} chỗ trong tệp SVG chạy được mã hoặc tải từ địa chỉ khác "
                          "(xem từng dòng ở trên); trình duyệt chạy mã đó khi người đọc mở tệp. Mở tệp bằng trình vẽ "
                          "(Inkscape: Lưu thành 'SVG thuần') và xóa phần đó, hoặc dùng ảnh PNG.")


def _lang_path(config: MkDocsConfig, lang: str, name: str) -> str:
    """``name`` in ``lang``'s folder of the site: the root for the main language, ``en/`` for English."""
    return name if lang == _languages(config)[1] else f"{lang}/{name}"


def _manifest_path(config: MkDocsConfig, lang: str) -> str:
    return _lang_path(config, lang, offline.WEB_MANIFEST)


def _web_manifest(config: MkDocsConfig, lang: str, colour: str) -> str:
    default = lang == _languages(config)[1]
    logo = config.theme.get("logo") or "assets/logo.svg"
    return offline.web_manifest(config.site_name, config.site_description or "", lang, colour,
                                logo if default else f"../{logo}", "./" if default else "../")


def _guard_render(page: Page) -> None:
    """Make a RecursionError while the page converts (Python-Markdown recursing through nesting our checks
    let pass) stop the build with a Vietnamese message naming the page, instead of a traceback."""
    render = page.render
    if getattr(render, "guarded", False):
        return

    def guarded(*args, **kwargs):
        try:
            return render(*args, **kwargs)
        except RecursionError:
            raise PluginError(
                f"{page.file.src_uri}: trang này lồng nhau quá sâu, chương trình dựng trang không chuyển được "
                "(RecursionError). Bớt tầng lồng nhau ở trang này (danh sách trong danh sách, trích dẫn '>', khung "
                "'!!!'/'???', thẻ HTML, chữ đậm, chữ nghiêng, ngoặc vuông) rồi dựng lại.") from None

    guarded.guarded = True  # type: ignore[attr-defined]
    page.render = guarded  # type: ignore[method-assign]


def _fingerprint(sources: dict[str, Source], config: MkDocsConfig) -> str:
    """Changes whenever a page, a template, a script, a stylesheet, the site's settings or this package change."""
    overrides = Path(config.theme.custom_dir or "overrides")
    theme = sorted(p for p in overrides.rglob("*") if p.is_file())
    theme += sorted(Path(__file__).parents[1].rglob("*.py"))  # the whole hoidap package
    settings = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return search_index.version([*(s.text or "" for _, s in sorted(sources.items())),
                                 *(p.read_bytes().decode("utf-8", "replace") for p in theme),
                                 settings.decode("utf-8", "replace")])


GC_THRESHOLDS = (50_000, 20, 100)  # the garbage collector's, while MkDocs runs (see on_startup)
_RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids")  # what Page.render leaves on a page
_ALONE = ("hoidap.", "material.plugins.search.", "mkdocs_static_i18n.")  # plugins that keep no state of pages


def _converts_alone(config: MkDocsConfig) -> bool:
    """Whether pages may convert in another process: no plugin but these keeps what a conversion leaves, and no
    other acts on a page's HTML."""
    return all(type(plugin).__module__.startswith(_ALONE) for plugin in config.plugins.values()) and \
        [type(method.__self__) for method in config.plugins.events["page_content"]] == [HoidapPlugin]


def _use_converted(page: Page, converted: convert_ahead.Converted) -> None:
    """Make ``page.render`` give the page what the process beside the build converted."""

    def render(config: MkDocsConfig, files: Files) -> None:
        convert_ahead.replay(converted.rendering)
        for name in _RENDERED:
            setattr(page, name, converted.attributes[name])
        page.links_to_anchors = {files.src_uris[uri]: links
                                 for uri, links in converted.attributes["links_to_anchors"].items()}

    page.render = render  # type: ignore[method-assign]


def _mark_quiz(markdown: str, page: Page, document: Document) -> str:
    """The page's Markdown with its quiz marked for the quiz template, found by the page's line mapping."""
    marked = quiz_page.markdown_with_markers(markdown, document.quiz, document.source)
    if marked is None:
        log.warning(f"{page.file.src_uri}:{document.quiz.line}: không tìm thấy phần trắc nghiệm ở đúng chỗ trong "
                    "nội dung được chuyển thành trang (một plugin khác đã sửa nội dung trước); trang hiện các "
                    "phương án như một danh sách thường. Bỏ plugin đó hoặc báo cho người bảo trì bộ công cụ.")
        return markdown
    return marked


class HoidapPlugin(BasePlugin[HoidapConfig]):
    """The kit's build steps as a MkDocs plugin. What a build knows lives here: ``_build`` for the language
    being built, the rest across the languages of one ``mkdocs build`` (static-i18n runs MkDocs' build once
    per language with this same plugin; ``on_files`` of the main language starts a new build)."""

    def __init__(self) -> None:
        self._build = _Build()
        self._sources: dict[str, Source] | None = None
        self._tree: DocsTree | None = None  # the docs folder as each language builds it: which pages are translated
        self._version = ""  # fingerprint of the sources and our templates: names this build's offline cache
        self._main_404 = ""  # the 404 page in the site's main language
        self._inventories: dict[str, offline.Inventory] = {}  # per language, across the languages of one build
        self._script_hashes: set[str] = set()  # CSP hashes of the templates' inline scripts, across languages
        self._preview = Preview()  # mkdocs serve shows errors on the pages; on_startup says which command runs
        self._previews: dict[str, social.Preview] = {}  # link-preview image per language
        self._drawn: dict[str, bytes] = {}  # preview images written, by path
        self._pending: beside.Beside[list[Finding]] | None = None  # the checks running beside the build
        self._drawing: multiprocessing.process.BaseProcess | None = None  # QR codes drawn beside the build
        self._compiled = compiled.Compiled(compiled.folder())  # the theme's templates, compiled once
        self._thresholds = gc.get_threshold()  # the garbage collector's before MkDocs ran (on_startup)
        self._measured: dict = {}  # offline.json's hash and size of each file written, across languages
        self._questions = QuestionTree()  # labels and wraps a booklet's questions while its page converts
        self._extensions = (self._questions, BlockQueue(), quiz_page.QuizTree())
        self._from_extra: set[str] = set()  # options read from extra: (see _read_extra)
        self._plans = plans.Pages()  # the study plans of the language being built

    def _read_extra(self, config: MkDocsConfig) -> None:
        """Take an option the plugin does not set from ``extra:``, where it was written before the plugin
        existed, checked alike. An ``extra.tone_style`` other than old/new stays ignored, as it always was."""
        for name, check in OPTIONS.items():
            value = config.extra.get(name)
            if self.config[name] is not None or value is None:
                continue
            if name == "tone_style" and value not in ("old", "new"):
                continue
            try:
                self.config[name] = check(value, f"extra.{name}")
            except ValueError as exc:
                raise PluginError(f"mkdocs.yml: {exc}") from None
            self._from_extra.add(name)

    def _key(self, name: str) -> str:
        """Where the option ``name`` is written in mkdocs.yml, for messages."""
        return f"extra.{name}" if name in self._from_extra else f"plugins.hoidap.{name}"

    def _theme_color(self) -> str:
        return dict(DEFAULT_COLORS, **(self.config.colors or {}))["primary"]

    def _offline_search_bytes(self) -> int:
        """A search index up to this size (compressed) is kept from the first visit."""
        kilobytes = self.config.offline_search_kb
        return (offline.SEARCH_KB if kilobytes is None else kilobytes) * 1000

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """A build makes millions of short-lived objects (Markdown's and lxml's trees, Jinja's contexts) and
        few cycles: with Python's default thresholds (700, 10, 10) the cyclic garbage collector ran often enough
        to take 3–4 % of the build's CPU (perf, 200 booklets); with ``GC_THRESHOLDS``, 0.5 s less of it and the
        same peak memory. The thresholds are restored when MkDocs ends (on_shutdown)."""
        self._preview = Preview(command)  # mkdocs serve: content errors are shown on the pages
        self._thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)

    def on_shutdown(self) -> None:
        gc.set_threshold(*self._thresholds)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
        return self._preview.guard(server)  # a rebuild that stops shows why on every page

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self._stop_ahead()
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if self._build.searched is not None:
            self._build.searched.stop()
        self._preview.failed(error)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Material's inline scope script names the site's path: one text (one CSP hash) on every page.
        Settings of ours are checked here, before anything is built. Every page converts with our Markdown
        extensions: the questions' tree (it acts on booklets only) and linear block parsing."""
        if config.site_url and "scope" not in config.extra:
            config.extra["scope"] = csp.site_path(config.site_url)
        self._read_extra(config)
        found = docs_safety.problems(Path(config.docs_dir))  # MkDocs would walk a looping link forever
        if found:
            raise PluginError(f"Thư mục tài liệu có {found[0].message()}.")
        config.markdown_extensions += [ext for ext in self._extensions if ext not in config.markdown_extensions]
        return config

    def _start_checks(self, config: MkDocsConfig) -> dict[str, Source]:
        """Read every page of the docs tree, then run the checks beside the build, in a second process.

        A page that cannot be read as a booklet stops the build at once, with every other finding of the tree;
        otherwise the checks' findings are collected in on_env, after Markdown is converted and before any page
        is written. Sources the build has just checked and found clean (``checker.CHECKED``, same fingerprint)
        are not checked again. In a preview (hoidap.site.preview) findings never stop the build: pages show them.
        """
        languages, default, fallback = _languages(config)
        docs_dir = Path(config.docs_dir)
        sources = load_tree(docs_dir)
        tree = self._tree = DocsTree(docs_dir, languages, default, fallback=fallback)
        settings = Settings(self.config.tone_style)
        if any(f.severity == "error" for source in sources.values() for f in source.findings):
            _report(check_sources(sources, tree, settings).findings, self._preview)  # the body's mistakes too
            return sources  # (outside a preview, _report has stopped the build)
        if os.environ.get(CHECKED) == fingerprint(digests(sources), tree, settings):
            log.debug("Tài liệu không đổi từ lần kiểm tra của lệnh dựng trang: không kiểm tra lại.")
            return sources
        _freeze_for_fork()
        self._pending = beside.start(functools.partial(_findings, sources, tree, settings))
        return sources

    def _collect_checks(self) -> None:
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        _report(pending.result(), self._preview)

    @event_priority(-200)  # after mkdocs-static-i18n (-100) picked this language's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        lang = _language(config)
        if self._sources is None or lang == _languages(config)[1]:  # first language of a build: read, check all
            _refuse_unsafe_svg(files, config)
            self._sources = self._preview.renderable(self._start_checks(config))
            self._version = _fingerprint(self._sources, config)
            self._inventories.clear()
            self._measured.clear()
            self._script_hashes.clear()
            self._previews.clear()
            self._drawn.clear()
        self._inventories[lang] = offline.Inventory()
        booklets: dict[str, Booklet] = {}
        sources: dict[str, str] = {}
        urls: dict[str, str] = {}
        for file in files.documentation_pages():
            source = self._sources.get(file.src_uri)
            if source is None or source.document is None:
                continue
            sources[file.src_uri] = source.document.source.handed
            if source.booklet is not None:
                booklets[file.src_uri] = source.booklet
                urls[file.src_uri] = file.url
        self._join_drawing()   # (a language built inside another's on_post_build)
        _freeze_for_fork()   # before the QR codes' and the search index's processes
        self._drawing = printing.draw_ahead(config, lang, urls.values())
        if self._build.searched is not None:  # a build that stopped before on_post_build (mkdocs serve)
            self._build.searched.stop()
        catalog = Catalog((Entry(k, urls[k], b) for k, b in booklets.items()), lang)
        self._build = _Build(lang, booklets, sources, catalog, urls=urls)
        self._plans = plans.Pages.of(files, {src: s.document for src, s in self._sources.items()}, lang)
        self._plans.add_files(files, config)
        pages = (self._sources.get(file.src_uri) for file in files.documentation_pages())
        self._build.shards = search_index.shard_count(sum(len(page.text or "") for page in pages
                                                          if page is not None))
        self._build.searched = search_index.PageIndex(self._build.shards, text(lang, "term"), booklets)
        css = stylesheet(self.config.colors)  # checked with the options
        files.append(File.generated(config, IDENTITY_CSS, content=css))
        page_head.add_files(files, config, css, lang, _languages(config)[1], self.config.preview_image,
                            self._key("preview_image"), self.config.colors, self._previews, self._drawn)
        files.append(File.generated(config, _manifest_path(config, lang),
                                    content=_web_manifest(config, lang, self._theme_color())))
        self._preview.keep_files(files)
        self._build.assets = assets.content_addressed(files)
        if config.site_url:   # a feed's addresses must be absolute
            feed, home = _lang_path(config, lang, feeds.FEED), _lang_path(config, lang, "")
            files.append(File.generated(config, feed, content=feeds.atom(self._build.catalog, config.site_url, feed,
                                                                         home, config.site_name)))
        if lang == _languages(config)[1]:
            files.append(File.generated(config, feeds.ROBOTS, content=feeds.robots(config.site_url)))
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """Hand MkDocs the page's body as already read (hoidap.model.frontmatter.PageSource): our parser owns the
        front matter, and the quiz's lines are where the model says. In a preview, a page that cannot be built
        gets a stand-in that says why."""
        return self._build.sources.get(page.file.src_uri) or self._preview.stand_in(page.file.src_uri)

    @event_priority(100)  # before any plugin changes the Markdown (mkdocs-static-i18n: 50), see _mark_quiz
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        booklet = self._build.booklets.get(page.file.src_uri)
        self._questions.use(booklet)
        converted = self._build.ahead.take(page.file.src_uri) if self._build.ahead is not None else None
        if converted is not None:
            self._build.converted[page.file.src_uri] = converted
            _use_converted(page, converted)
        else:
            _guard_render(page)
        document = self._document_of(page)
        if document is not None:
            page.meta = dict(document.front.data)
        if "template" in page.meta:  # Material's other templates (redirect.html…) would run the page's values as code
            raise PluginError(f"{page.file.src_uri}: trường 'template:' trong phần thông tin đầu trang không được dùng "
                              "(mọi trang dùng chung giao diện của bộ công cụ); xóa dòng 'template:'.")
        view = page.meta.get("browse")
        wanted = page.meta.get("search")
        if view is not None or (isinstance(wanted, dict) and wanted.get("exclude")):
            self._build.unindexed.add(page.file.src_uri)
        page.meta["search"] = {"exclude": True}  # our index, not Material's: see on_page_context
        if document is not None and document.quiz is not None:
            markdown = _mark_quiz(markdown, page, document)
        if booklet or view is None:
            return markdown
        if view not in browse.VIEWS:
            raise PluginError(f"{page.file.src_uri}: 'browse: {view}' không hợp lệ; chọn một trong: "
                              f"{', '.join(browse.VIEWS)}.")
        listed = browse.groups(view, self._build.catalog)
        self._build.browse_urls[view] = page.url
        self._build.listings[page.file.src_uri] = listed
        return markdown.rstrip("\n") + browse.markdown(view, self._build.catalog, listed)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Content is data: the page's HTML through the allowlist (hoidap.site.sanitize) before the kit adds its own
        markup, and its front matter escaped for the theme's templates (hoidap.site.escaping), plain values kept."""
        converted = self._build.converted.pop(page.file.src_uri, None)
        if converted is not None:  # by the process beside the build: what this method did there
            return self._take_converted(page, converted)
        plain = dict(page.meta)
        written = plain.get("title")
        # page.title is HTML text when it comes from the page's first heading or the nav (Material prints it as is)
        title = written if isinstance(written, str) else html_lib.unescape(str(page.title or ""))
        self._build.plain[page.file.src_uri] = (title, plain)
        meta = escaping.for_templates(plain)
        if not page.is_homepage:  # without it Material's <title> prints page.title | striptags, which unescapes
            meta["title"] = escaping.html_text(title)
        page.meta = meta
        page.title = escaping.html_text(title)
        content = self._questions.unmark(sanitize.clean(html))  # the kit's own markup: see hoidap.site.question_tree
        booklet = self._build.booklets.get(page.file.src_uri)
        tree = None
        if booklet is not None:  # the reporter notes leave the reader's content here, before anything reads it
            tree = page_dom.fragment(content) if content.strip() else None   # its search records read it too
            content, self._build.slides[page.file.src_uri] = presentation.split(content, tree, booklet)
        if self._build.searched is not None and page.file.src_uri not in self._build.unindexed:
            self._build.searched.page(page.file.src_uri, page.url, title, content, tree)
        return content

    @event_priority(-200)  # after mkdocs-static-i18n (-100) made this language's navigation
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Start converting the last booklets beside the build (hoidap.site.convert_ahead)."""
        self._stop_ahead()
        if _converts_alone(config):
            order = [(file.src_uri, len(self._build.sources[file.src_uri])) for file in files.documentation_pages()
                     if file.src_uri in self._build.booklets and file.page is not None]
            shares = convert_ahead.share(order)
            _freeze_for_fork()   # the pages and the navigation made since on_files
            self._build.ahead = convert_ahead.start(shares, functools.partial(self._convert_ahead, config, files))
            if self._build.ahead is not None:
                log.debug(f"{sum(map(len, shares))} trang được chuyển sẵn ở {len(shares)} tiến trình bên cạnh.")
        return nav

    def _convert_ahead(self, config: MkDocsConfig, files: Files, source: str) -> convert_ahead.Converted:
        """Convert page ``source`` as MkDocs' build does (in the process beside the build), and give back what
        the build reads of it afterwards."""
        if self._build.searched is not None:
            self._build.searched.hold()
        page = files.src_uris[source].page
        assert page is not None
        with convert_ahead.logged():  # the build writes these itself when it takes the page
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        with convert_ahead.logged() as rendering:
            page.render(config, files)
        with convert_ahead.logged() as acting:  # (the build logs which plugins' events it runs: called directly)
            page.content = self.on_page_content(page.content or "", page, config, files)
        attributes = {name: getattr(page, name) for name in (*_RENDERED, "meta", "title")}  # the last two: ours
        attributes["links_to_anchors"] = {file.src_uri: links for file, links in (page.links_to_anchors or {}).items()}
        state = (self._build.plain.get(source), self._build.slides.get(source),
                 self._build.searched.held(source) if self._build.searched is not None else None)
        return convert_ahead.Converted(attributes, state, tuple(rendering), tuple(acting))

    def _take_converted(self, page: Page, converted: convert_ahead.Converted) -> str:
        """on_page_content of a page the process beside the build converted: its result, as if done here."""
        convert_ahead.replay(converted.acting)
        plain, slides, given = converted.state
        source = page.file.src_uri
        page.meta, page.title = converted.attributes["meta"], converted.attributes["title"]
        if plain is not None:
            self._build.plain[source] = plain
        if slides is not None:
            self._build.slides[source] = slides
        content = converted.attributes["content"]
        if given is not None and self._build.searched is not None:
            self._build.searched.add(content, given)
        return content

    def _stop_ahead(self) -> None:
        """End the work beside the build that is no longer wanted (a build stopped, or another starts)."""
        if self._build.presenting is not None:
            self._build.presenting.stop()
            self._build.presenting = None
        if self._build.ahead is not None:
            self._build.ahead.close()
            self._build.ahead = None
        self._build.converted.clear()

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self._stop_ahead()
        self._collect_checks()  # every page is converted, none written yet: stop here if the checks found errors
        self._build.env, self._build.files = env, files
        indexed = self._searched(files)  # as converted: browse pages are filled later, and not searched
        self._build.index_key = search_index.key(self._version, self._build.lang, self._build.shards,
                                                 indexed)  # pages name it (_worker_query)
        if self._build.searched is None:
            self._build.searched = search_index.PageIndex(self._build.shards, text(self._build.lang, "term"),
                                                          self._build.booklets)
        self._build.searched.finish(indexed, Path(config.site_dir) / "search" / self._build.lang,
                                    self._build.index_key)  # made and written beside the pages: on_post_build collects it
        env.filters["hoidap_search_worker"] = self._search_worker
        env.filters["hoidap_asset"] = self._asset
        self._compiled.use(env, repr(sorted(self._build.assets.items())))
        env.globals["hd_reader"] = self._reader_context(config, None)  # pages without a page context: 404.html
        env.globals["hd_preview"] = self._preview.overlay()
        if self._build.slides:  # written while MkDocs writes the pages: on_post_build collects them
            self._build.presenting = beside.start(functools.partial(self._write_presentations, config,
                                                                    Path(config.site_dir)))
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Finish the written page (head markup, PDF links) and note what it loads, for the offline list."""
        written = page_head.post_page(output, self._build.lang)  # parsed once: every change and read below uses it
        printing.publish_pdfs(written, page, config, self._build.env, self._build.lang, _languages(config)[1],
                              self._build.pdf_keys)
        self._inventories.setdefault(self._build.lang, offline.Inventory()).add_page(page.url, written)
        foreign = csp.unknown(written, self._template_scripts(page, config))
        if foreign:  # the sanitizer lets no script through: this comes from a template that differs from the 404 page
            raise PluginError(f"{page.file.src_uri}: trang có đoạn mã JavaScript nội tuyến mà trang 404 (chỉ có giao "
                              f"diện) không có: «{foreign[0]}». Mã nội tuyến chỉ được phép khi do giao diện chung viết "
                              "ra (overrides/main.html, mẫu của Material); hãy chuyển đoạn mã vào một tệp .js.")
        return written.serialise()

    def _template_scripts(self, page: Page, config: MkDocsConfig) -> set[str]:
        """The CSP hashes of the inline scripts the templates alone write on a page at ``page``'s depth: those of
        the 404 page rendered with its ``base_url`` (Material's scope script names it when site_url is unset)."""
        base_url = get_relative_url(".", page.url)
        if base_url not in self._build.template_scripts:
            html = ""
            if self._build.env is not None and self._build.nav is not None and self._build.files is not None:
                context = get_context(self._build.nav, self._build.files, config, base_url=base_url)
                html = page_head.post_page(self._build.env.get_template("404.html").render(context), self._build.lang)
            self._build.template_scripts[base_url] = csp.script_hashes(html)
            self._script_hashes.update(self._build.template_scripts[base_url])
        return self._build.template_scripts[base_url]

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page gets the same markup corrections as every other page. Every language's build
        writes the one ``404.html`` at the site's root: it stays in the site's main language."""
        if not template_name.endswith(".html"):
            return output
        output = page_head.post_page(output, self._build.lang).serialise()
        self._script_hashes.update(csp.script_hashes(output))  # from templates alone: the site's own inline scripts
        if template_name == "404.html":
            if self._build.lang == _languages(config)[1]:
                self._main_404 = output
            elif self._main_404:
                return self._main_404
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write this language's search index into ``search/<language>/``, then the offline list and worker."""
        self._join_drawing()   # every page is written: the QR codes drawn ahead are all used
        site = Path(config.site_dir)
        inventory = self._inventories.setdefault(self._build.lang, offline.Inventory())
        presenting, self._build.presenting = self._build.presenting, None
        for url, references in presenting.result() if presenting is not None else ():
            inventory.add(url, references)
        searched, self._build.searched = self._build.searched, None
        index = searched.written() if searched is not None else {}
        for name, (modified, size, measured) in index.items():  # the offline list need not read them back
            self._measured[(searched.folder / name, modified, size)] = measured
        inventory.own.update(f"search/{self._build.lang}/{name}" for name in index)
        inventory.own.add(_manifest_path(config, self._build.lang))
        inventory.shared.update({MATERIAL_INDEX, self._asset(SEARCH_WORKER), self._asset(SEARCH_TEXT),
                                 offline.NOT_FOUND})
        urls = {url: "" for inv in self._inventories.values() for url in inv.shared}
        urls.update({url: lang for lang, inv in self._inventories.items() for url in inv.own})
        listed = offline.entries(site, urls, self._measured)
        (site / offline.MANIFEST).write_text(offline.manifest(self._version, listed), encoding="utf-8")
        template = Path(config.theme.custom_dir or "overrides") / offline.SERVICE_WORKER
        worker = offline.service_worker(template.read_text("utf-8"), self._version, self._offline_search_bytes())
        (site / offline.SERVICE_WORKER).write_text(worker, encoding="utf-8")
        if self.config.editor is not None and self._build.lang == _languages(config)[1]:
            self._write_editor(config, site)
        (site / csp.NGINX_VARS).write_text(
            csp.nginx_vars(self._script_hashes, self._version, csp.site_path(config.site_url),
                           online.admin_policy(self.config.editor)), encoding="utf-8")
        gc.unfreeze()   # (see _freeze_for_fork)

    def _write_editor(self, config: MkDocsConfig, site: Path) -> None:
        """The editor at ``admin/`` (the board enabled it): from the project's ``editor/`` folder, beside
        mkdocs.yml; no page, list or index of the site refers to it."""
        project = Path(config.config_file_path).parent
        editor_dir = project / "editor"
        if not (editor_dir / "vendor" / "decap-cms.js").is_file():
            raise PluginError(f"plugins.hoidap.editor: bật trình soạn thảo nhưng không thấy {editor_dir}/vendor/"
                              "decap-cms.js; lấy lại thư mục editor/ của bộ công cụ (git checkout -- editor).")
        try:
            site_config = siteconfig.read(Path(config.config_file_path))
        except siteconfig.ConfigError as error:
            raise PluginError(str(error)) from None
        stylesheets = Path(config.theme.custom_dir or project / "overrides") / "assets" / "stylesheets"
        online.write(site, site_config, self.config.editor, editor_dir, stylesheets)

    def _write_presentations(self, config: MkDocsConfig, site: Path) -> list[tuple[str, set[str]]]:
        """Write each booklet's presentation page (hoidap.site.presentation); each one's address and the files
        it loads, for reading offline."""
        env = self._build.env
        if env is None:
            return []
        template = env.get_template(presentation.TEMPLATE)
        written_pages = []
        for src_uri, slides in self._build.slides.items():
            booklet, booklet_url = self._build.booklets[src_uri], self._build.urls[src_uri]
            address = qr.address(config.site_url, booklet_url)
            code = qr.qr_svg(address, text(self._build.lang, "present_qr"), printing.qr_cache(config)) \
                if address else None
            view = presentation.view(booklet, booklet_url, slides, self._build.lang, card(booklet, self._build.lang),
                                     code, self._build.assets, config.site_name, address,
                                     config.theme.get("favicon") or "assets/images/favicon.png")
            written = page_dom.PageDom(template.render(p=view))
            foreign = csp.unknown(written, set())
            if foreign:
                raise PluginError(f"{presentation.TEMPLATE}: mẫu trang trình chiếu có mã JavaScript nội tuyến "
                                  f"«{foreign[0]}»; hãy chuyển vào assets/javascripts/present.js.")
            url = presentation.url(booklet_url)
            target = site / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(written.serialise(), encoding="utf-8")
            written_pages.append((url, written.references(url)))
        return written_pages

    def _join_drawing(self) -> None:
        if self._drawing is not None:
            self._drawing.join()
            self._drawing = None

    def _worker_query(self) -> str:
        """The search worker's settings (in its address's fragment, so every language loads one file): language,
        shards, records per file, the index's and text.js's digests."""
        text_digest = self._asset(SEARCH_TEXT).rsplit("/", 1)[1].split(".")[1]   # text.<digest>.js
        return urlencode({"l": self._build.lang, "s": self._build.shards, "c": search_index.DOCS_PER_CHUNK,
                          "v": self._build.index_key, "t": text_digest})

    def _asset(self, path: str) -> str:
        """The written (content-addressed) path of one of our scripts or stylesheets, from its source path."""
        try:
            return self._build.assets[path]
        except KeyError:
            raise PluginError(f"{path}: không có trong danh sách tệp của giao diện (hoidap.site.assets.ASSETS).") from None

    def _searched(self, files: Files) -> list[search_index.Page]:
        """Every indexed page, with its converted Markdown (before cards and answer boxes): what its search
        records are made from (hoidap.site.search_records)."""
        pages = []
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.src_uri in self._build.unindexed:
                continue
            title = self._build.plain.get(file.src_uri, (str(page.title or ""), {}))[0]  # as written, not escaped
            pages.append((file.src_uri, page.url, title, page.content or ""))  # the quiz's source block is left out
        return pages

    def _search_worker(self, rendered: str) -> str:
        """Point Material's search at our worker, which fetches this language's index only when searching."""
        return page_dom.search_worker_config(rendered, f"{self._asset(SEARCH_WORKER)}#{self._worker_query()}")

    def _reader_context(self, config: MkDocsConfig, page: Page | None, booklet: Booklet | None = None) -> dict:
        """What the reader's toolbar needs: its words, the page's address, whether it is the home page, the
        languages the offline download offers (the page's own first); and the words of Material's back-to-top
        button (partials/top.html)."""
        home = "index.html" if self._build.lang == _languages(config)[1] else f"{self._build.lang}/index.html"
        feed = _lang_path(config, self._build.lang, feeds.FEED) if config.site_url else None
        names = _language_names(config)
        offered = sorted(names, key=lambda lang: lang != self._build.lang)
        words = reader(self._build.lang)
        count = len(booklet.questions) if booklet else 0
        # placed before the first paint (no layout shift): "Đọc tiếp" around the number the head script fills in,
        # and the progress as it reads with nothing remembered yet
        resume_before, _, resume_after = words["resume"].partition("{number}")
        return {"texts": words, "key": page.url if page else "",
                "present": presentation.FOLDER if booklet else None,
                "resume": (resume_before, resume_after),
                "progress": text(self._build.lang, "progress", done=0, total=count),
                "top": text(self._build.lang, "top"), "home": page is not None and page.file.dest_uri == home,
                "languages": [{"lang": lang, "name": names[lang]} for lang in offered],
                "manifest": _manifest_path(config, self._build.lang),
                "questions": count, "feed": feed, "theme_color": self._theme_color(),
                "feed_link": bool(feed) and page is not None and page.meta.get("browse") == "updates"}

    def _document_of(self, page: Page) -> Document | None:
        source = (self._sources or {}).get(page.file.src_uri)
        return source.document if source is not None else None

    def _quiz_of(self, page: Page) -> Quiz | None:
        document = self._document_of(page)
        return document.quiz if document is not None else None

    def _render_quiz(self, page: Page, quiz: Quiz) -> bool:
        """Put the quiz template in place of the quiz's converted Markdown; True when the page has one."""
        content = page.content or ""
        view = quiz_page.prepare(content, quiz, page.url, self._build.lang)
        if view is None or self._build.env is None:
            return False
        heading, heading_id = quiz_page.heading(content)
        rendered = self._build.env.get_template("partials/quiz.html").render(
            quiz=view, heading=heading, heading_id=heading_id)
        page.content = quiz_page.replace_section(content, rendered)
        return True

    def _alternates(self, config: MkDocsConfig, page: Page) -> list[dict] | None:
        """The language switcher of ``page`` (Material's ``extra.alternate``, as static-i18n set it for this page),
        each language marked ``missing`` when the docs tree has no version of the page in it: static-i18n would
        link that language's home instead (partials/alternate.html names it with a note and links nowhere)."""
        # static-i18n sets the page's links as an attribute of config.extra, which templates read before the key
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if not alternates or self._tree is None:
            return None
        have = self._tree.translations(page.file.src_uri)
        return [dict(item, missing=item.get("lang") not in have) for item in alternates]

    @event_priority(-100)  # after static-i18n (50) pointed the language switcher at this page's translations
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        self._build.nav = nav
        booklet = self._build.booklets.get(page.file.src_uri)
        context["hd_reader"] = self._reader_context(config, page, booklet)
        context["hd_alternates"] = self._alternates(config, page)
        quiz = self._quiz_of(page)
        title, meta = self._build.plain.get(page.file.src_uri, (str(page.title or ""), page.meta))
        page_head.page_context(context, page, config, booklet, self._build.lang, title, meta.get("description"),
                               self._previews.get(self._build.lang))
        if booklet:
            page.update_date = booklet.meta.updated.isoformat()   # the sitemap's lastmod
            tag_url = self._build.browse_urls.get("tag")
            tag_page = get_relative_url(tag_url, page.url) if tag_url is not None else None
            context["booklet_card"] = card(booklet, self._build.lang, tag_page, self._build.catalog.tag_name)
            context["hoidap_print"] = printing.page_address(page, config, self._build.lang)
        context["hd_quiz"] = quiz is not None and self._render_quiz(page, quiz)  # quiz.js is loaded by these pages only
        listed = self._build.listings.get(page.file.src_uri)
        if listed and self._build.env is not None and page.content:
            page.content = browse.fill(page.content, self._listing(listed, page, meta.get("browse") == "updates"))
        self._plans.page_context(context, page, self._build.env, self._build.booklets, self._build.urls,
                                 self._build.assets, self._build.now)
        statistics.page_context(context, page, self._build.env, self._build.catalog, self._plans.plans,
                                self._build.now)
        return context

    def _listing(self, listed: list[Group], page: Page, share: bool) -> Callable[[str], str | None]:
        """What fills a browse page's placeholders: a group's booklets, or the by-topic page's index."""
        env, lang = self._build.env, self._build.lang
        assert env is not None
        entries = env.get_template("partials/booklet-list.html")
        label = text(lang, "share") if share else None  # the updates page: for announcing a booklet

        def render(word: str) -> str | None:
            if word == browse.TOPICS:
                return env.get_template("partials/topic-index.html").render(
                    topics=browse.topics(listed, lang), label=text(lang, "topic_index"))
            if word.isdigit() and int(word) < len(listed):
                return entries.render(items=browse.items(listed[int(word)], page.url, lang), share=label)
            return None
        return render
