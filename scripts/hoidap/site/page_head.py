"""What every page's head carries beyond Material's: our bundled stylesheet, a description, link previews.

Called from plugin.py; the template partials/hd-social.html prints ``hd_social``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from hoidap.site import escaping, preview_image, social, stylesheets
from hoidap.model.booklet import Booklet
from hoidap.site.identity import DEFAULT_COLORS
from hoidap.site.page_dom import PageDom

log = get_plugin_logger("hoidap")
PREVIEW_DIR = "assets/images"


def add_files(files: Files, config: MkDocsConfig, identity_css: str, lang: str, default: str, own: str | None,
              own_key: str, chosen: dict | None, previews: dict[str, social.Preview],
              drawn: dict[str, bytes]) -> None:
    """Add the bundled screen stylesheet and this language's preview image to the site: the board's own
    (``own``, under docs/, set as ``own_key`` in mkdocs.yml) or one drawn in the ``chosen`` colours.
    ``previews`` (per language) and ``drawn`` (images written, by path) are the plugin's, across languages."""
    folder = Path(config.theme.custom_dir or "overrides") / "assets" / "stylesheets"
    files.append(File.generated(config, stylesheets.BUNDLE, content=stylesheets.bundle(identity_css, folder)))
    if own:
        try:
            width, height = preview_image.measure(Path(config.docs_dir) / str(own), own_key)
        except preview_image.PreviewError as exc:
            raise PluginError(f"mkdocs.yml: {exc}") from None
        previews[lang] = social.Preview(str(own).lstrip("/"), width, height, config.site_name)
        return
    colors = dict(DEFAULT_COLORS, **(chosen or {}))
    if preview_image.fonts() is None:
        log.info("Không thấy phông chữ tiếng Việt (cài fonts-noto-core): ảnh xem trước chỉ có màu, không có chữ.")
    data = preview_image.draw(config.site_name, config.site_description or "", colors["primary"], colors["accent"])
    name = "xem-truoc.png" if lang == default else f"xem-truoc.{lang}.png"
    default_preview = previews.get(default)
    if lang != default and default_preview is not None and drawn.get(default_preview.path) == data:
        name = "xem-truoc.png"  # same picture as the default language's: one file
    path = f"{PREVIEW_DIR}/{name}"
    drawn[path] = data
    files.append(File.generated(config, path, content=data))
    previews[lang] = social.Preview(path, preview_image.WIDTH, preview_image.HEIGHT, config.site_name)


def page_context(context: dict, page: Page, config: MkDocsConfig, booklet: Booklet | None, lang: str,
                 title: str, written: object, preview: social.Preview | None) -> None:
    """Give the page a meta description when it has none, and its link-preview tags (``hd_social``) when
    the language has a ``preview`` image.

    ``title`` and ``written`` (the front matter's description) are plain text; the description Material
    prints from ``page.meta`` is escaped here, the preview tags by their template.
    """
    description = social.description(written, booklet, page.content or "",
                                      config.site_description or config.site_name, lang)
    page.meta["description"] = escaping.html_text(description)
    if preview is None:
        return
    image_url = urljoin(config.site_url, preview.path) if config.site_url else get_relative_url(preview.path, page.url)
    title = config.site_name if page.is_homepage else (title or config.site_name)
    context["hd_social"] = social.tags(
        title=str(title), description=description, site_name=config.site_name, lang=lang,
        kind="article" if booklet else "website", url=page.canonical_url if config.site_url else None,
        image_url=image_url, preview=preview)


def post_page(output: str, lang: str) -> PageDom:
    """The written page, parsed once, with Material's markup corrected (see PageDom.fix_markup)."""
    page = PageDom(output)
    page.fix_markup(lang)
    return page
