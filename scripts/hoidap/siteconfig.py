"""What the command-line tools need from mkdocs.yml, read without running MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from hoidap.errors import UserError, read_utf8, yaml_message


class _Loader(yaml.SafeLoader):
    """Safe loader that reads ``!!python/name:…`` and other tags as plain strings instead of running them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: node.value)


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


def read(config_file: Path) -> SiteConfig:
    """Read ``mkdocs.yml``: docs folder, i18n languages, and ``extra.tone_style`` (old or new).

    Raises :class:`ConfigError` (Vietnamese, with the file and the fix) when the file cannot be read.
    """
    try:
        text = read_utf8(config_file, "tệp cấu hình")
    except UserError as error:
        raise ConfigError(str(error)) from None
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as error:
        raise ConfigError(yaml_message(error, config_file)) from None
    except RecursionError:
        raise ConfigError(f"tệp cấu hình '{config_file}' lồng nhau quá sâu: kiểm tra lại tệp.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"tệp cấu hình '{config_file}' phải là các dòng 'tên: giá trị' (ví dụ 'site_name: …'), "
                          "không phải một danh sách hay một câu văn.")
    root = config_file.resolve().parent
    languages, default, fallback, structure = ["vi"], "vi", True, "suffix"
    plugins = data.get("plugins")
    for plugin in plugins if isinstance(plugins, list) else []:
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
    extra = data.get("extra")
    style = extra.get("tone_style") if isinstance(extra, dict) else None
    return SiteConfig(root, root / str(data.get("docs_dir") or "docs"), tuple(languages), default,
                      style if style in ("old", "new") else None, fallback, structure)
