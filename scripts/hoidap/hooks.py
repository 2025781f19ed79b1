"""MkDocs hooks: booklets parsed once per build, stable anchors, cards and generated listings.

Loaded by path from ``mkdocs.yml``. Runs once per site language (mkdocs-static-i18n
builds each language in turn), after the i18n plugin has chosen that language's files.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap import browse, csp, feeds, offline, page_head, printing, quiz_page, search_index
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
    records: list[Record] = field(default_factory=list)
    unindexed: set[str] = field(default_factory=set)   # pages our search leaves out
    shards: int = 1
    pdf_keys: dict = field(default_factory=dict)       # cache keys of the linked files, read once per build


_build = _Build()
_sources: dict[str, Source] | None = None
_version = ""  # fingerprint of the sources and our templates: cache-busts search files, scripts, offline copies
_main_404 = ""  # the 404 page in the site's main language
_inventories: dict[str, offline.Inventory] = {}  # per language, across the languages of one build
_script_hashes: set[str] = set()  # CSP hashes of the inline scripts written, across the languages of one build

_pending: tuple | None = None  # the checks running beside the build: (process, pipe)
_questions = QuestionTree()  # labels and wraps a booklet's questions while its page converts
_extensions = (_questions, BlockQueue())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Material's inline scope script names the site's path: one text (one CSP hash) on every page.
    Every page converts with our Markdown extensions: the questions' tree (it acts on booklets only)
    and linear block parsing."""
    if config.site_url and "scope" not in config.extra:
        config.extra["scope"] = csp.site_path(config.site_url)
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
        raise PluginError("Bộ kiểm tra tài liệu dừng bất thường; chạy 'python scripts/check.py' để xem.") from None
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
                      "(tệp:dòng: mã lỗi: cách sửa). Kiểm tra riêng: python scripts/check.py")


@event_priority(-200)  # after mkdocs-static-i18n (-100) picked this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build, _sources, _version
    lang = _language(config)
    if _sources is None or lang == _languages(config)[1]:  # first language of this build: read and check all
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
    if config.site_url:   # a feed's addresses must be absolute
        feed, home = _lang_path(config, lang, feeds.FEED), _lang_path(config, lang, "")
        files.append(File.generated(config, feed, content=feeds.atom(_build.catalog, config.site_url, feed, home,
                                                                     config.site_name)))
    if lang == _languages(config)[1]:
        files.append(File.generated(config, feeds.ROBOTS, content=feeds.robots(config.site_url)))
    return files


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
    _build.env = env
    env.filters["hoidap_search_worker"] = _search_worker
    env.globals["hoidap_version"] = _version
    env.globals["hd_reader"] = _reader_context(config, None)  # pages without a page context: 404.html
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Finish the written page (head markup, PDF links) and note what it loads, for the offline list."""
    output = page_head.post_page(output, _build.lang)
    output = printing.publish_pdfs(output, page, config, _build.env, _build.lang, _languages(config)[1],
                                   _build.pdf_keys)
    _inventories.setdefault(_build.lang, offline.Inventory()).add_page(page.url, output)
    _script_hashes.update(csp.script_hashes(output))
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page gets the same markup corrections as every other page. Every language's build
    writes the one ``404.html`` at the site's root: it stays in the site's main language."""
    global _main_404
    if not template_name.endswith(".html"):
        return output
    output = page_head.post_page(output, _build.lang)
    if template_name == "404.html":
        if _build.lang == _languages(config)[1]:
            _main_404 = output
        elif _main_404:
            return _main_404
    _script_hashes.update(csp.script_hashes(output))
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's search index into ``search/<language>/``, then the offline list and worker."""
    site = Path(config.site_dir)
    folder = site / "search" / _build.lang
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    index = search_index.build(_build.records, _build.shards)
    for name, data in index.items():
        (folder / name).write_text(data, encoding="utf-8")
    inventory = _inventories.setdefault(_build.lang, offline.Inventory())
    worker = _worker_query()
    inventory.own.update({f"{SEARCH_WORKER}?{worker}", f"{SEARCH_WORKER.rsplit('/', 1)[0]}/text.js?{worker}",
                          *(f"search/{_build.lang}/{name}?v={_version}" for name in index)})
    inventory.own.add(_manifest_path(config, _build.lang))
    inventory.shared.add(MATERIAL_INDEX)  # Material's page script still fetches its (stub) index
    urls = {url: "" for inv in _inventories.values() for url in inv.shared}
    urls.update({url: lang for lang, inv in _inventories.items() for url in inv.own})
    (site / offline.MANIFEST).write_text(offline.manifest(_version, offline.entries(site, urls)), encoding="utf-8")
    template = Path(config.theme.custom_dir or "overrides") / offline.SERVICE_WORKER
    (site / offline.SERVICE_WORKER).write_text(offline.service_worker(template.read_text("utf-8"), _version),
                                               encoding="utf-8")
    (site / csp.NGINX_VARS).write_text(csp.nginx_vars(_script_hashes, _version, csp.site_path(config.site_url)),
                                       encoding="utf-8")


def _worker_query() -> str:
    return urlencode({"l": _build.lang, "s": _build.shards, "c": search_index.DOCS_PER_CHUNK, "v": _version})


def _search_worker(rendered: str) -> str:
    """Point Material's search at our worker, which fetches this language's index only when searching."""
    def replace(match: re.Match) -> str:
        app = json.loads(match.group(2))
        prefix = app["search"].split("assets/javascripts/")[0]
        app["search"] = f"{prefix}{SEARCH_WORKER}?{_worker_query()}"
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
    booklet = _build.booklets.get(page.file.src_uri)
    context["hd_reader"] = _reader_context(config, page, booklet)
    quiz = _quiz_of(page)
    searched = quiz_page.without_quiz(page.content or "") if quiz is not None else page.content or ""
    page_head.page_context(context, page, config, booklet, _build.lang)
    if booklet:
        page.update_date = booklet.meta.updated.isoformat()   # the sitemap's lastmod
        tag_url = _build.browse_urls.get("tag")
        tag_page = get_relative_url(tag_url, page.url) if tag_url is not None else None
        context["booklet_card"] = card(booklet, _build.lang, tag_page)
        context["hoidap_print"] = printing.page_address(page, config, _build.lang)
        _build.records += booklet_records(booklet, page.url, searched, text(_build.lang, "term"))
    elif page.file.src_uri not in _build.unindexed:
        _build.records += page_records(page.title or "", page.url, searched)
    context["hd_quiz"] = quiz is not None and _render_quiz(page, quiz)  # quiz.js is loaded by these pages only
    listed = _build.listings.get(page.file.src_uri)
    if listed and _build.env is not None and page.content:
        template = _build.env.get_template("partials/booklet-list.html")
        share = text(_build.lang, "share") if page.meta.get("browse") == "updates" else None  # for announcing
        page.content = browse.fill(page.content, lambda index: template.render(
            items=browse.items(listed[index], page.url, _build.lang), share=share))
    return context
