"""What the command-line tools need from mkdocs.yml, read without running MkDocs."""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hoidap.errors import UserError, read_utf8, yaml_message
from hoidap.vietnamese.vntext import nfc

_SITE_URL = re.compile(r"site_url\s*:")


class _Loader(yaml.SafeLoader):
    """Safe loader that reads ``!!python/name:…`` and other tags as plain strings instead of running them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: node.value)


PROJECT_CONFIG = Path(__file__).resolve().parents[3] / "mkdocs.yml"  # the kit's own site configuration


class ConfigError(UserError):
    """mkdocs.yml cannot be read: missing, not UTF-8, not YAML, or not a mapping (message in Vietnamese)."""


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    docs_dir: Path
    languages: tuple[str, ...]
    default_language: str
    tone_style: str | None
    fallback: bool = True
    docs_structure: str = "suffix"
    site_url: str | None = None    # the site's public address, as written
    site_url_line: int = 1         # its line in mkdocs.yml (1 when absent)
    compiled_by: str | None = None  # the compiling board, the default answer of new and import


def read(config_file: Path) -> SiteConfig:
    """Read ``mkdocs.yml``: docs folder, i18n languages, ``site_url``, and the hoidap plugin's ``tone_style``
    (old or new) and ``compiled_by`` (each also read from ``extra:``, where older sites set them).

    Raises :class:`ConfigError` (Vietnamese, with the file and the fix) when the file cannot be read.
    """
    try:
        text = read_utf8(config_file, "tệp cấu hình")
    except UserError as error:
        raise ConfigError(str(error)) from None
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as error:
        raise ConfigError(yaml_message(error, config_file, text)) from None
    except RecursionError:
        raise ConfigError(f"tệp cấu hình '{config_file}' lồng nhau quá sâu: kiểm tra lại tệp.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"tệp cấu hình '{config_file}' phải là các dòng 'tên: giá trị' (ví dụ 'site_name: …'), "
                          "không phải một danh sách hay một câu văn.")
    root = config_file.resolve().parent
    languages, default, fallback, structure = ["vi"], "vi", True, "suffix"
    plugins = data.get("plugins")
    options: dict = {}  # the hoidap plugin's
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("hoidap"), dict):
            options = plugin["hoidap"]
        if isinstance(plugin, dict) and "i18n" in plugin:
            options = plugin["i18n"] if isinstance(plugin["i18n"], dict) else {}
            listed = options.get("languages")
            entries = [entry for entry in listed if isinstance(entry, dict)] if isinstance(listed, list) else []
            languages = [str(entry["locale"]) for entry in entries
                         if entry.get("locale") and entry.get("build", True)] or languages
            default = next((str(entry["locale"]) for entry in entries if entry.get("default") and entry.get("locale")),
                           languages[0])
            fallback = bool(options.get("fallback_to_default", True))
            structure = str(options.get("docs_structure", "suffix"))
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    style = options["tone_style"] if options.get("tone_style") is not None else extra.get("tone_style")
    compiled_by = options["compiled_by"] if options.get("compiled_by") is not None else extra.get("compiled_by")
    compiled_by = nfc(" ".join(compiled_by.split())) if isinstance(compiled_by, str) else None
    site_url = data.get("site_url")
    site_url = site_url.strip() if isinstance(site_url, str) and site_url.strip() else None
    line = next((number for number, text in enumerate(text.splitlines(), 1) if _SITE_URL.match(text)), 1)
    return SiteConfig(root, root / str(data.get("docs_dir") or "docs"), tuple(languages), default,
                      style if style in ("old", "new") else None, fallback, structure, site_url, line,
                      compiled_by or None)


class _PythonName(str):
    """A ``!!python/name:module.attribute`` value: imported by :func:`markdown_extensions`, as MkDocs does."""


class _ExtensionsLoader(yaml.SafeLoader):
    """Safe loader that keeps ``!!python/name:`` values apart and reads other tags as plain strings."""


_ExtensionsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:",
                                        lambda loader, suffix, node: _PythonName(suffix))
_ExtensionsLoader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))


@functools.cache
def markdown_extensions(config_file: Path = PROJECT_CONFIG) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """The ``markdown_extensions`` of ``mkdocs.yml``: their names in order and each one's options, with
    ``!!python/name:`` values (toc's ``slugify``) imported. Everything that converts Markdown as the site
    does (the checks, the tests) reads them here; nothing else lists them.

    Raises :class:`ConfigError` when the file cannot be read.
    """
    try:
        text = read_utf8(config_file, "tệp cấu hình")
        data = yaml.load(text, Loader=_ExtensionsLoader) or {}
    except UserError as error:
        raise ConfigError(str(error)) from None
    except yaml.YAMLError as error:
        raise ConfigError(yaml_message(error, config_file, text)) from None
    listed = data.get("markdown_extensions") if isinstance(data, dict) else None
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for entry in listed if isinstance(listed, list) else []:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None)
        names.append(str(name))
        options[str(name)] = {key: _imported(value) for key, value in (config or {}).items()}
    return tuple(names), options


def _imported(value: Any) -> Any:
    if not isinstance(value, _PythonName):
        return value
    module, _, attribute = str(value).rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        raise ConfigError(f"mkdocs.yml: không tìm thấy '{value}' (ghi sau '!!python/name:'); kiểm tra lại tên.") \
            from None
