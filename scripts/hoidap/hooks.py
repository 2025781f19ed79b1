"""MkDocs hooks: booklets parsed once per build, stable anchors, cards and generated listings.

Loaded by path from ``mkdocs.yml``. Runs once per site language (mkdocs-static-i18n
builds each language in turn), after the i18n plugin has chosen that language's files.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap import browse
from hoidap.booklet import Booklet, body_source
from hoidap.card import card
from hoidap.catalog import Catalog, Entry, Group
from hoidap.checker import check_sources, load_tree
from hoidap.checks import Settings, Source
from hoidap.docstree import DocsTree
from hoidap.findings import Finding
from hoidap.identity import IdentityError, stylesheet
from hoidap.search_records import records

log = get_plugin_logger("hoidap")
IDENTITY_CSS = "assets/stylesheets/identity.css"


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


_build = _Build()
_sources: dict[str, Source] | None = None
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
    global _build, _sources
    lang = _language(config)
    if _sources is None or lang == _languages(config)[1]:  # first language of this build: read and check all
        _sources = _start_checks(config)
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
        page.meta = dict(booklet.front_matter, search={"exclude": True})  # indexed per question below
        return markdown
    view = page.meta.get("browse")
    if view is None:
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
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    booklet = _build.booklets.get(page.file.src_uri)
    if booklet:
        tag_url = _build.browse_urls.get("tag")
        tag_page = get_relative_url(tag_url, page.url) if tag_url is not None else None
        context["booklet_card"] = card(booklet, _build.lang, tag_page)
        search = config.plugins.get("material/search")
        if search is not None and page.content:
            search.search_index.entries.extend(records(booklet, page.url, page.content))
    listed = _build.listings.get(page.file.src_uri)
    if listed and _build.env is not None and page.content:
        template = _build.env.get_template("partials/booklet-list.html")
        page.content = browse.fill(page.content, lambda index: template.render(
            items=browse.items(listed[index], page.url, _build.lang)))
    return context
