"""Save what the editor sends onto the file as written: only the front-matter values that changed are rewritten,
in place, so every other line (comments, quoting, order, spacing) stays byte for byte; the body is the editor's.

The editor (Decap CMS) sends the whole file re-serialised by its own YAML writer. Instead of writing that, or
re-emitting the YAML through a round-trip library (which still re-wraps long lines and re-spaces flow lists),
the original front matter is composed with PyYAML, which gives each value's exact span in the text; each changed
value's span is replaced by the new value written in the same quoting style, and a new key is added as one line
under its mapping. No key is ever removed: a field the form does not know stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from hoidap.authoring.front_writer import front_matter_text
from hoidap.model.frontmatter import _CLOSE, _OPEN, split
from hoidap.model.schema import FIELDS

# Keys whose value is a date (YYYY-MM-DD), written as a YAML date; "*" is any list index.
DATE_KEYS = (*(field.key for field in FIELDS if field.kind == "date"), "plan.sessions.*.date")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WIDE = 10**9  # never wrap a line


def merge(original: str, submitted: str, path: str) -> str:
    """The text to save: ``original`` (the file as it is; "" for a new file) with the front-matter values and
    the body of ``submitted`` (what the editor sends). Raises :class:`hoidap.model.findings.BookletError` when
    ``submitted``'s front matter does not parse."""
    front, body_lines = split(submitted.lstrip("\ufeff"), path)
    data = typed(front.data)
    body = "\n".join(body_lines)
    if not original:
        return front_matter_text(data) + "\n" + body.strip("\n") + "\n"
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    text = original[len(bom):]
    newline = "\r\n" if "\r\n" in text else "\n"
    head, source, close, old_body = _parts(text)
    if head is None:  # no front matter yet
        return bom + front_matter_text(data).replace("\n", newline) + newline + _body(text, body, newline)
    return bom + head + patch(source, data, newline) + close + _body(old_body, body, newline)


def typed(data: Any, key: str = "") -> Any:
    """``data`` with the values of :data:`DATE_KEYS` given as ``YYYY-MM-DD`` text turned into dates."""
    if isinstance(data, dict):
        return {name: typed(value, f"{key}.{name}" if key else str(name)) for name, value in data.items()}
    if isinstance(data, list):
        return [typed(value, f"{key}.*") for value in data]
    if isinstance(data, dt.datetime):
        return data.date() if _is_date_key(key) else data
    if isinstance(data, str) and _is_date_key(key) and _DAY.fullmatch(data.strip()):
        try:
            return dt.date.fromisoformat(data.strip())
        except ValueError:
            return data  # an impossible date stays text: the checker says what is wrong
    return data


def patch(source: str, data: dict[str, Any], newline: str = "\n") -> str:
    """The YAML ``source`` (a front matter's lines) with the values of ``data`` that differ from it rewritten."""
    node = yaml.compose(source, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return front_matter_text(data).removeprefix("---\n").removesuffix("---\n").replace("\n", newline)
    old = yaml.load(source, Loader=_DateLoader) or {}
    edits: list[tuple[int, int, str]] = []
    _patch(node, old, data, source, edits, newline)
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


class _DateLoader(yaml.SafeLoader):
    """The values as the booklet reader sees them (dates as dates; an impossible date as text)."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_DateLoader.add_constructor("tag:yaml.org,2002:timestamp", _DateLoader.construct_yaml_timestamp)


def same(old: Any, new: Any) -> bool:
    """Whether two values mean the same to the reader (a date and its ``YYYY-MM-DD`` text; nothing and "")."""
    return _canonical(old) == _canonical(new)


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else value


def _patch(node: yaml.Node, old: Any, new: Any, source: str, edits: list, newline: str) -> None:
    if same(old, new):
        return
    if isinstance(node, yaml.MappingNode) and not node.flow_style and isinstance(old, dict) \
            and isinstance(new, dict):
        pairs = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
        added = []
        for name, value in new.items():
            if name in pairs:
                _patch(pairs[name], old.get(name), value, source, edits, newline)
            elif value not in (None, "", [], {}):
                added.append(_entry(str(name), value, node.start_mark.column, newline))
        if added:
            at = _end(node)
            edits.append((at, at, "".join(newline + line for line in added)))
        return
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and isinstance(old, list) \
            and isinstance(new, list) and len(old) == len(new):
        for item, before, after in zip(node.value, old, new, strict=True):
            _patch(item, before, after, source, edits, newline)
        return
    value = _keep_missing(old, new)
    text = _render(value, node, newline)
    start = node.start_mark.index
    if isinstance(node, yaml.ScalarNode) and node.start_mark.index == node.end_mark.index:  # "key:" with no value
        text = " " + text
    edits.append((start, _end(node), text))


def _keep_missing(old: Any, new: Any) -> Any:
    """``new`` with the keys of ``old`` it lacks put back (recursively, item by item in lists)."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = {key: _keep_missing(old.get(key), value) for key, value in new.items()}
        merged.update({key: value for key, value in old.items() if key not in merged})
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return [_keep_missing(old[index] if index < len(old) else None, value) for index, value in enumerate(new)]
    return new


def _end(node: yaml.Node) -> int:
    """Where ``node``'s own text ends: a block collection's last value, not the comments or lines after it."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index


def _render(value: Any, node: yaml.Node, newline: str) -> str:
    """``value`` written where ``node`` was: a scalar in the node's quoting style, a list of scalars as a flow
    list, anything else as an indented block (or a flow collection where the node sat on its key's line)."""
    if not isinstance(value, (dict, list)):
        return scalar(value, node.style if isinstance(node, yaml.ScalarNode) else None)
    if isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value):
        return "[" + ", ".join(scalar(item, None) for item in value) + "]"
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        lines = _dump(value).split("\n")
        return (newline + " " * node.start_mark.column).join(lines)
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=True,
                          width=_WIDE).strip()


def _entry(name: str, value: Any, column: int, newline: str) -> str:
    """A new ``name: value`` line (and its block lines) at ``column``."""
    indent = " " * column
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)):
        lines = _dump(value).split("\n")
        return f"{indent}{name}:" + "".join(f"{newline}{indent}  {line}" for line in lines)
    rendered = "[" + ", ".join(scalar(v, None) for v in value) + "]" if isinstance(value, list) \
        else scalar(value, '"' if isinstance(value, str) else None)
    return f"{indent}{name}: {rendered}"


def scalar(value: Any, style: str | None) -> str:
    """One value as YAML on one line: dates and numbers plain, text double-quoted when ``style`` is ``"``
    (or was a block scalar), single-quoted when ``'``, else plain when that reads back the same."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None:
        return '""'
    if isinstance(value, str):
        if style in ('"', "|", ">"):
            return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=_WIDE).strip()
        if style == "'":
            return yaml.safe_dump(value, default_style="'", allow_unicode=True, width=_WIDE).strip()
    return yaml.safe_dump(value, allow_unicode=True, width=_WIDE).removesuffix("\n...\n").strip()


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=_WIDE).rstrip("\n")


def _parts(text: str) -> tuple[str | None, str, str, str]:
    """``text`` as (opening line, front-matter source, closing line, body), each with its line ends; the first
    is None when the text has no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or not _OPEN.fullmatch(lines[0].rstrip("\r\n")):
        return None, "", "", text
    for index in range(1, len(lines)):
        if _CLOSE.fullmatch(lines[index].rstrip("\r\n")):
            return lines[0], "".join(lines[1:index]), lines[index], "".join(lines[index + 1:])
    return None, "", "", text


def _body(old: str, new: str, newline: str) -> str:
    """The body to write: ``old`` as it is when the editor's ``new`` says the same; else ``new`` between
    ``old``'s opening blank lines and its last line end, with the file's line ends."""
    if old.strip() == new.strip():
        return old
    lead = old[:len(old) - len(old.lstrip("\r\n"))] if old.strip() else newline
    text = new.strip("\r\n").replace("\r\n", "\n").replace("\n", newline)
    return lead + text + newline


def _is_date_key(key: str) -> bool:
    parts = key.split(".")
    return any(len(pattern.split(".")) == len(parts) and all(
        p in ("*", q) for p, q in zip(pattern.split("."), parts, strict=True)) for pattern in DATE_KEYS)
