"""The hoidap MkDocs plugin: booklets parsed once per build, stable anchors, cards and generated listings.

Registered as the ``hoidap`` entry point of ``mkdocs.plugins`` and listed under ``plugins:`` in ``mkdocs.yml``
after ``i18n``. Runs once per site language (mkdocs-static-i18n builds each language in turn), after the i18n
plugin has chosen that language's files.
"""

from __future__ import annotations

import html as html_lib
import json
import multiprocessing
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap import (
    assets,
    browse,
    csp,
    docs_safety,
    escaping,
    feeds,
    offline,
    page_head,
    printing,
    quiz_page,
    sanitize,
    search_index,
    svg_files,
)
from hoidap.block_queue import BlockQueue
from hoidap.booklet import Booklet, body_source
from hoidap.card import card
from hoidap.catalog import Catalog, Entry, Group
from hoidap.checker import check_sources, load_tree
from hoidap.checks import Settings, Source
from hoidap.docstree import DocsTree
from hoidap.findings import Finding
from hoidap.identity import IdentityError, stylesheet
from hoidap.question_tree import QuestionTree
from hoidap.quiz import Quiz
from hoidap.search_records import Record, booklet_records, page_records
from hoidap.texts import reader, text

log = get_plugin_logger("hoidap")
IDENTITY_CSS = "assets/stylesheets/identity.css"
SEARCH_WORKER = "assets/javascripts/search/worker.js"
SEARCH_TEXT = "assets/javascripts/search/text.js"
MATERIAL_INDEX = "search/search_index.json"
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


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
    index: dict[str, str] = field(default_factory=dict)   # the search index's files, content-addressed names
    index_key: str = ""                                   # the digest those names carry
    assets: dict[str, str] = field(default_factory=dict)  # our scripts and styles: source path → written path
    pdf_keys: dict = field(default_factory=dict)       # cache keys of the linked files, read once per build
    plain: dict[str, tuple[str, dict]] = field(default_factory=dict)  # per page: its title and front matter as written
    files: Files | None = None
    nav: Navigation | None = None
    template_scripts: dict[str, set[str]] = field(default_factory=dict)  # by base_url: CSP hashes, templates only


_build = _Build()
_sources: dict[str, Source] | None = None
_version = ""  # fingerprint of the sources and our templates: names this build's offline cache
_main_404 = ""  # the 404 page in the site's main language
_inventories: dict[str, offline.Inventory] = {}  # per language, across the languages of one build
_script_hashes: set[str] = set()  # CSP hashes of the templates' inline scripts, across the languages of one build

_pending: tuple | None = None  # the checks running beside the build: (process, pipe)
_questions = QuestionTree()  # labels and wraps a booklet's questions while its page converts
_extensions = (_questions, BlockQueue())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Material's inline scope script names the site's path: one text (one CSP hash) on every page.
    Settings of ours are checked here, before anything is built. Every page converts with our Markdown
    extensions: the questions' tree (it acts on booklets only) and linear block parsing."""
    if config.site_url and "scope" not in config.extra:
        config.extra["scope"] = csp.site_path(config.site_url)
    _offline_search_bytes(config)
    found = docs_safety.problems(Path(config.docs_dir))  # MkDocs would walk a looping link forever
    if found:
        raise PluginError(f"Thư mục tài liệu có {found[0].message()}.")
    config.markdown_extensions += [ext for ext in _extensions if ext not in config.markdown_extensions]
    return config


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


def _start_checks(config: MkDocsConfig) -> dict[str, Source]:
    """Read every page of the docs tree, then run the checks beside the build, in a second process.

    A page that cannot be read as a booklet stops the build at once; the other checks' findings are
    collected in on_env, after Markdown is converted and before any page is written.
    """
    global _pending
    languages, default, fallback = _languages(config)
    docs_dir = Path(config.docs_dir)
    sources = load_tree(docs_dir)
    broken = sorted(f for source in sources.values() for f in source.findings if f.severity == "error")
    if broken:
        _stop(broken)
    tree = DocsTree(docs_dir, languages, default, fallback=fallback)
    settings = Settings(config.extra.get("tone_style"))
    if "fork" not in multiprocessing.get_all_start_methods():
        _report(check_sources(sources, tree, settings).findings)
        return sources
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run_checks, args=(sender, sources, tree, settings), daemon=True)
    process.start()
    sender.close()
    _pending = (process, receiver)
    return sources


def _run_checks(sender, sources: dict[str, Source], tree: DocsTree, settings: Settings) -> None:
    sender.send(check_sources(sources, tree, settings).findings)
    sender.close()


def _collect_checks() -> None:
    global _pending
    if _pending is None:
        return
    process, receiver = _pending
    _pending = None
    try:
        findings = receiver.recv()
    except EOFError:
        raise PluginError("Bộ kiểm tra tài liệu dừng bất thường; chạy 'make check' để xem.") from None
    finally:
        receiver.close()
        process.join()
    _report(findings)


def _report(findings: list[Finding]) -> None:
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


@event_priority(-200)  # after mkdocs-static-i18n (-100) picked this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build, _sources, _version
    lang = _language(config)
    if _sources is None or lang == _languages(config)[1]:  # first language of this build: read and check all
        _refuse_unsafe_svg(files, config)
        _sources = _start_checks(config)
        _version = _fingerprint(_sources, config)
        _inventories.clear()
        _script_hashes.clear()
    _inventories[lang] = offline.Inventory()
    booklets: dict[str, Booklet] = {}
    sources: dict[str, str] = {}
    urls: dict[str, str] = {}
    for file in files.documentation_pages():
        source = _sources.get(file.src_uri)
        if source is None or source.booklet is None or source.text is None:
            continue
        booklets[file.src_uri] = source.booklet
        sources[file.src_uri] = body_source(source.text, source.booklet)
        urls[file.src_uri] = file.url
    _build = _Build(lang, booklets, sources, Catalog((Entry(k, urls[k], b) for k, b in booklets.items()), lang))
    pages = (_sources.get(file.src_uri) for file in files.documentation_pages())
    _build.shards = search_index.shard_count(sum(len(page.text or "") for page in pages if page is not None))
    try:
        css = stylesheet(config.extra.get("colors"))
    except IdentityError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    files.append(File.generated(config, IDENTITY_CSS, content=css))
    page_head.add_files(files, config, css, lang, _languages(config)[1])
    files.append(File.generated(config, _manifest_path(config, lang), content=_web_manifest(config, lang)))
    _build.assets = assets.content_addressed(files)
    if config.site_url:   # a feed's addresses must be absolute
        feed, home = _lang_path(config, lang, feeds.FEED), _lang_path(config, lang, "")
        files.append(File.generated(config, feed, content=feeds.atom(_build.catalog, config.site_url, feed, home,
                                                                     config.site_name)))
    if lang == _languages(config)[1]:
        files.append(File.generated(config, feeds.ROBOTS, content=feeds.robots(config.site_url)))
    return files


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


def _web_manifest(config: MkDocsConfig, lang: str) -> str:
    default = lang == _languages(config)[1]
    logo = config.theme.get("logo") or "assets/logo.svg"
    colour = (config.extra.get("colors") or {}).get("primary", "#a31d1d")
    return offline.web_manifest(config.site_name, config.site_description or "", lang, colour,
                                logo if default else f"../{logo}", "./" if default else "../")


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Hand MkDocs the booklet already read, front matter blanked: our parser owns the metadata."""
    return _build.sources.get(page.file.src_uri)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    booklet = _build.booklets.get(page.file.src_uri)
    _questions.use(booklet)
    _guard_render(page)
    if booklet:
        page.meta = dict(booklet.front_matter)
    if "template" in page.meta:  # Material's other templates (redirect.html…) would run the page's values as code
        raise PluginError(f"{page.file.src_uri}: trường 'template:' trong phần thông tin đầu trang không được dùng "
                          "(mọi trang dùng chung giao diện của bộ công cụ); xóa dòng 'template:'.")
    view = page.meta.get("browse")
    wanted = page.meta.get("search")
    if view is not None or (isinstance(wanted, dict) and wanted.get("exclude")):
        _build.unindexed.add(page.file.src_uri)
    page.meta["search"] = {"exclude": True}  # our index, not Material's: see on_page_context
    quiz = _quiz_of(page)
    if quiz is not None:  # booklets keep their file's line numbers (on_page_read_source); other pages may not
        markdown = quiz_page.markdown_with_markers(markdown, quiz, 1 if booklet else None)
    if booklet or view is None:
        return markdown
    if view not in browse.VIEWS:
        raise PluginError(f"{page.file.src_uri}: 'browse: {view}' không hợp lệ; chọn một trong: "
                          f"{', '.join(browse.VIEWS)}.")
    listed = browse.groups(view, _build.catalog)
    _build.browse_urls[view] = page.url
    _build.listings[page.file.src_uri] = listed
    return markdown.rstrip("\n") + browse.markdown(view, _build.catalog, listed)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Content is data: the page's HTML through the allowlist (hoidap.sanitize) before the kit adds its own
    markup, and its front matter escaped for the theme's templates (hoidap.escaping), plain values kept."""
    plain = dict(page.meta)
    written = plain.get("title")
    # page.title is HTML text when it comes from the page's first heading or the nav (Material prints it as is)
    title = written if isinstance(written, str) else html_lib.unescape(str(page.title or ""))
    _build.plain[page.file.src_uri] = (title, plain)
    meta = escaping.for_templates(plain)
    if not page.is_homepage:  # without it Material's <title> prints page.title | striptags, which unescapes
        meta["title"] = escaping.html_text(title)
    page.meta = meta
    page.title = escaping.html_text(title)
    return _questions.unmark(sanitize.clean(html))  # the kit's own markup: see hoidap.question_tree


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


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _collect_checks()  # every page is converted, none written yet: stop here if the checks found errors
    _build.env, _build.files = env, files
    _build.index_key, _build.index = search_index.named(
        search_index.build(_records(files), _build.shards))   # before any page names it (_worker_query)
    env.filters["hoidap_search_worker"] = _search_worker
    env.filters["hoidap_asset"] = _asset
    env.globals["hd_reader"] = _reader_context(config, None)  # pages without a page context: 404.html
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Finish the written page (head markup, PDF links) and note what it loads, for the offline list."""
    output = page_head.post_page(output, _build.lang)
    output = printing.publish_pdfs(output, page, config, _build.env, _build.lang, _languages(config)[1],
                                   _build.pdf_keys)
    _inventories.setdefault(_build.lang, offline.Inventory()).add_page(page.url, output)
    foreign = csp.unknown(output, _template_scripts(page, config))
    if foreign:  # the sanitizer lets no script through: this comes from a template that differs from the 404 page
        raise PluginError(f"{page.file.src_uri}: trang có đoạn mã JavaScript nội tuyến mà trang 404 (chỉ có giao diện) "
                          f"không có: «{foreign[0]}». Mã nội tuyến chỉ được phép khi do giao diện chung viết ra "
                          "(overrides/main.html, mẫu của Material); hãy chuyển đoạn mã vào một tệp .js.")
    return output


def _template_scripts(page: Page, config: MkDocsConfig) -> set[str]:
    """The CSP hashes of the inline scripts the templates alone write on a page at ``page``'s depth: those of
    the 404 page rendered with its ``base_url`` (Material's scope script names it when site_url is unset)."""
    base_url = get_relative_url(".", page.url)
    if base_url not in _build.template_scripts:
        html = ""
        if _build.env is not None and _build.nav is not None and _build.files is not None:
            context = get_context(_build.nav, _build.files, config, base_url=base_url)
            html = page_head.post_page(_build.env.get_template("404.html").render(context), _build.lang)
        _build.template_scripts[base_url] = csp.script_hashes(html)
        _script_hashes.update(_build.template_scripts[base_url])
    return _build.template_scripts[base_url]


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page gets the same markup corrections as every other page. Every language's build
    writes the one ``404.html`` at the site's root: it stays in the site's main language."""
    global _main_404
    if not template_name.endswith(".html"):
        return output
    output = page_head.post_page(output, _build.lang)
    _script_hashes.update(csp.script_hashes(output))  # a page from templates alone: the site's own inline scripts
    if template_name == "404.html":
        if _build.lang == _languages(config)[1]:
            _main_404 = output
        elif _main_404:
            return _main_404
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's search index into ``search/<language>/``, then the offline list and worker."""
    site = Path(config.site_dir)
    folder = site / "search" / _build.lang
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in _build.index.items():
        (folder / name).write_text(data, encoding="utf-8")
    inventory = _inventories.setdefault(_build.lang, offline.Inventory())
    inventory.own.update({f"{_asset(SEARCH_WORKER)}?{_worker_query()}",
                          *(f"search/{_build.lang}/{name}" for name in _build.index)})
    inventory.own.add(_manifest_path(config, _build.lang))
    inventory.shared.update({MATERIAL_INDEX, _asset(SEARCH_TEXT), offline.NOT_FOUND})
    urls = {url: "" for inv in _inventories.values() for url in inv.shared}
    urls.update({url: lang for lang, inv in _inventories.items() for url in inv.own})
    (site / offline.MANIFEST).write_text(offline.manifest(_version, offline.entries(site, urls)), encoding="utf-8")
    template = Path(config.theme.custom_dir or "overrides") / offline.SERVICE_WORKER
    worker = offline.service_worker(template.read_text("utf-8"), _version, _offline_search_bytes(config))
    (site / offline.SERVICE_WORKER).write_text(worker, encoding="utf-8")
    (site / csp.NGINX_VARS).write_text(csp.nginx_vars(_script_hashes, _version, csp.site_path(config.site_url)),
                                       encoding="utf-8")


def _worker_query() -> str:
    """The search worker's settings: language, shards, records per file, the index's and text.js's digests."""
    text_digest = _asset(SEARCH_TEXT).rsplit("/", 1)[1].split(".")[1]   # text.<digest>.js
    return urlencode({"l": _build.lang, "s": _build.shards, "c": search_index.DOCS_PER_CHUNK,
                      "v": _build.index_key, "t": text_digest})


def _asset(path: str) -> str:
    """The written (content-addressed) path of one of our scripts or stylesheets, from its source path."""
    try:
        return _build.assets[path]
    except KeyError:
        raise PluginError(f"{path}: không có trong danh sách tệp của giao diện (hoidap.assets.ASSETS).") from None


def _offline_search_bytes(config: MkDocsConfig) -> int:
    """``extra.offline_search_kb``: a search index up to this size (compressed) is kept from the first visit."""
    value = config.extra.get("offline_search_kb", offline.SEARCH_KB)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PluginError(f"mkdocs.yml: 'extra.offline_search_kb: {value}' không hợp lệ; ghi một số KB "
                          f"không âm, ví dụ {offline.SEARCH_KB} (0: không tải sẵn phần tìm kiếm).")
    return value * 1000


def _records(files: Files) -> list[Record]:
    """Every indexed page's search records, from the converted Markdown (before cards and answer boxes)."""
    records: list[Record] = []
    for file in files.documentation_pages():
        page = file.page
        if page is None or file.src_uri in _build.unindexed:
            continue
        searched = quiz_page.without_quiz(page.content or "") if _quiz_of(page) is not None else page.content or ""
        booklet = _build.booklets.get(file.src_uri)
        if booklet:
            records += booklet_records(booklet, page.url, searched, text(_build.lang, "term"))
        else:
            title = _build.plain.get(file.src_uri, (str(page.title or ""), {}))[0]  # as written, not escaped
            records += page_records(title, page.url, searched)
    return records


def _search_worker(rendered: str) -> str:
    """Point Material's search at our worker, which fetches this language's index only when searching."""
    def replace(match: re.Match) -> str:
        app = json.loads(match.group(2))
        prefix = app["search"].split("assets/javascripts/")[0]
        app["search"] = f"{prefix}{_asset(SEARCH_WORKER)}?{_worker_query()}"
        return match.group(1) + json.dumps(app, ensure_ascii=False).replace("<", "\\u003c") + match.group(3)
    return _CONFIG_SCRIPT.sub(replace, rendered)


def _reader_context(config: MkDocsConfig, page: Page | None, booklet: Booklet | None = None) -> dict:
    """What the reader's toolbar needs: its words, the page's address, whether it is the home page."""
    home = "index.html" if _build.lang == _languages(config)[1] else f"{_build.lang}/index.html"
    feed = _lang_path(config, _build.lang, feeds.FEED) if config.site_url else None
    return {"texts": reader(_build.lang), "key": page.url if page else "",
            "home": page is not None and page.file.dest_uri == home, "manifest": _manifest_path(config, _build.lang),
            "questions": len(booklet.questions) if booklet else 0, "feed": feed,
            "feed_link": bool(feed) and page is not None and page.meta.get("browse") == "updates"}


def _fingerprint(sources: dict[str, Source], config: MkDocsConfig) -> str:
    """Changes whenever a page, a template, a script, a stylesheet, the site's settings or this package change."""
    overrides = Path(config.theme.custom_dir or "overrides")
    theme = sorted(p for p in overrides.rglob("*") if p.is_file())
    theme += sorted(Path(__file__).parent.glob("*.py"))
    settings = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return search_index.version([*(s.text or "" for _, s in sorted(sources.items())),
                                 *(p.read_bytes().decode("utf-8", "replace") for p in theme),
                                 settings.decode("utf-8", "replace")])


def _quiz_of(page: Page) -> Quiz | None:
    source = (_sources or {}).get(page.file.src_uri)
    return source.document.quiz if source is not None and source.document is not None else None


def _render_quiz(page: Page, quiz: Quiz) -> bool:
    """Put the quiz template in place of the quiz's converted Markdown; True when the page has one."""
    content = page.content or ""
    view = quiz_page.prepare(content, quiz, page.url, _build.lang)
    if view is None or _build.env is None:
        return False
    heading = quiz_page.heading_html(content)
    found = re.search(r'\bid="([^"]+)"', heading)
    rendered = _build.env.get_template("partials/quiz.html").render(
        quiz=view, heading=heading, heading_id=found.group(1) if found else "")
    page.content = quiz_page.replace_section(content, rendered)
    return True


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    _build.nav = nav
    booklet = _build.booklets.get(page.file.src_uri)
    context["hd_reader"] = _reader_context(config, page, booklet)
    quiz = _quiz_of(page)
    title, meta = _build.plain.get(page.file.src_uri, (str(page.title or ""), page.meta))
    page_head.page_context(context, page, config, booklet, _build.lang, title, meta.get("description"))
    if booklet:
        page.update_date = booklet.meta.updated.isoformat()   # the sitemap's lastmod
        tag_url = _build.browse_urls.get("tag")
        tag_page = get_relative_url(tag_url, page.url) if tag_url is not None else None
        context["booklet_card"] = card(booklet, _build.lang, tag_page)
        context["hoidap_print"] = printing.page_address(page, config, _build.lang)
    context["hd_quiz"] = quiz is not None and _render_quiz(page, quiz)  # quiz.js is loaded by these pages only
    listed = _build.listings.get(page.file.src_uri)
    if listed and _build.env is not None and page.content:
        template = _build.env.get_template("partials/booklet-list.html")
        share = text(_build.lang, "share") if meta.get("browse") == "updates" else None  # for announcing
        page.content = browse.fill(page.content, lambda index: template.render(
            items=browse.items(listed[index], page.url, _build.lang), share=share))
    return context


class HoidapPlugin(BasePlugin):
    """The kit's build steps as a MkDocs plugin (each event hands over to the function of the same name)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return on_config(config)

    @event_priority(-200)  # after mkdocs-static-i18n (-100) picked this language's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return on_files(files, config)

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        return on_page_read_source(page, config)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return on_page_content(html, page, config, files)

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        return on_env(env, config, files)

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        return on_page_context(context, page, config, nav)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return on_post_page(output, page, config)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return on_post_template(output, template_name, config)

    def on_post_build(self, config: MkDocsConfig) -> None:
        on_post_build(config)
