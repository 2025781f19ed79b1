"""What the command-line tools need from mkdocs.yml, read without running MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """Safe loader that reads ``!!python/name:…`` and other tags as plain strings instead of running them."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: node.value)


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
    """Read ``mkdocs.yml``: docs folder, i18n languages, and ``extra.tone_style`` (old or new)."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    root = config_file.resolve().parent
    languages, default, fallback, structure = ["vi"], "vi", True, "suffix"
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            options = plugin["i18n"] or {}
            entries = [entry for entry in options.get("languages") or [] if isinstance(entry, dict)]
            languages = [str(entry["locale"]) for entry in entries
                         if entry.get("locale") and entry.get("build", True)] or languages
            default = next((str(entry["locale"]) for entry in entries if entry.get("default")), languages[0])
            fallback = bool(options.get("fallback_to_default", True))
            structure = str(options.get("docs_structure", "suffix"))
    style = (data.get("extra") or {}).get("tone_style")
    return SiteConfig(root, root / str(data.get("docs_dir") or "docs"), tuple(languages), default,
                      style if style in ("old", "new") else None, fallback, structure)
