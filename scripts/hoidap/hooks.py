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

from hoidap import browse, search_index
from hoidap.booklet import Booklet, body_source
from hoidap.card import card, label_questions
from hoidap.catalog import Catalog, Entry, Group
from hoidap.checker import check_sources, load_tree
from hoidap.checks import Settings, Source
from hoidap.docstree import DocsTree
from hoidap.findings import Finding
from hoidap.identity import IdentityError, stylesheet
from hoidap.search_records import Record, booklet_records, page_records
from hoidap.texts import text

log = get_plugin_logger("hoidap")
IDENTITY_CSS = "assets/stylesheets/identity.css"
SEARCH_WORKER = "assets/javascripts/search/worker.js"
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


_build = _Build()
_sources: dict[str, Source] | None = None
_version = ""  # fingerprint of the sources and our scripts: cache-busts search files and scripts

_pending: tuple | None = None  # the checks running beside the build: (process, pipe)


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
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Hand MkDocs the booklet already read, front matter blanked: our parser owns the metadata."""
    return _build.sources.get(page.file.src_uri)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    booklet = _build.booklets.get(page.file.src_uri)
    if booklet:
        page.meta = dict(booklet.front_matter)
    view = page.meta.get("browse")
    wanted = page.meta.get("search")
    if view is not None or (isinstance(wanted, dict) and wanted.get("exclude")):
        _build.unindexed.add(page.file.src_uri)
    page.meta["search"] = {"exclude": True}  # our index, not Material's: see on_page_context
    if booklet or view is None:
        return markdown
    if view not in browse.VIEWS:
        raise PluginError(f"{page.file.src_uri}: 'browse: {view}' không hợp lệ; chọn một trong: "
                          f"{', '.join(browse.VIEWS)}.")
    listed = browse.groups(view, _build.catalog)
    _build.browse_urls[view] = page.url
    _build.listings[page.file.src_uri] = listed
    return markdown.rstrip("\n") + browse.markdown(view, _build.catalog, listed)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _collect_checks()  # every page is converted, none written yet: stop here if the checks found errors
    _build.env = env
    env.filters["hoidap_search_worker"] = _search_worker
    env.globals["hoidap_version"] = _version
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Write this language's search index into ``search/<language>/``."""
    folder = Path(config.site_dir) / "search" / _build.lang
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in search_index.build(_build.records, _build.shards).items():
        (folder / name).write_text(data, encoding="utf-8")


def _search_worker(rendered: str) -> str:
    """Point Material's search at our worker, which fetches this language's index only when searching."""
    def replace(match: re.Match) -> str:
        app = json.loads(match.group(2))
        prefix = app["search"].split("assets/javascripts/")[0]
        query = urlencode({"l": _build.lang, "s": _build.shards, "c": search_index.DOCS_PER_CHUNK, "v": _version})
        app["search"] = f"{prefix}{SEARCH_WORKER}?{query}"
        return match.group(1) + json.dumps(app, ensure_ascii=False).replace("<", "\\u003c") + match.group(3)
    return _CONFIG_SCRIPT.sub(replace, rendered)


def _fingerprint(sources: dict[str, Source], config: MkDocsConfig) -> str:
    scripts = Path(config.theme.custom_dir or ".") / "assets" / "javascripts"
    return search_index.version([*(s.text or "" for _, s in sorted(sources.items())),
                                 *(p.read_text("utf-8") for p in sorted(scripts.rglob("*.js")))])


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    booklet = _build.booklets.get(page.file.src_uri)
    if booklet:
        tag_url = _build.browse_urls.get("tag")
        tag_page = get_relative_url(tag_url, page.url) if tag_url is not None else None
        context["booklet_card"] = card(booklet, _build.lang, tag_page)
        _build.records += booklet_records(booklet, page.url, page.content or "", text(_build.lang, "term"))
        page.content = label_questions(page.content or "", booklet)
    elif page.file.src_uri not in _build.unindexed:
        _build.records += page_records(page.title or "", page.url, page.content or "")
    listed = _build.listings.get(page.file.src_uri)
    if listed and _build.env is not None and page.content:
        template = _build.env.get_template("partials/booklet-list.html")
        page.content = browse.fill(page.content, lambda index: template.render(
            items=browse.items(listed[index], page.url, _build.lang)))
    return context
