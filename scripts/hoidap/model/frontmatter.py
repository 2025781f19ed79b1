"""Split a Markdown file into YAML front matter and body, with line numbers and Vietnamese errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from hoidap.errors import yaml_problem
from hoidap.model.findings import BookletError, Finding

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML loader that leaves an impossible date (2022-13-01) as text for validation."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

_OPEN = re.compile(r"-{3}[ \t]*")
_CLOSE = re.compile(r"(?:-{3}|\.{3})[ \t]*")
MAX_CHARS = 64 * 1024  # a booklet's front matter is about 1 KB
MAX_DEPTH = 20         # a booklet's goes three levels deep (resolution → number)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass
class FrontMatter:
    """The parsed front matter: data, where each key sits, and where the body starts."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    start: int = 1
    body_line: int = 1

    def line_of(self, key: str) -> int:
        """Line of a dotted key, or of its nearest parent, or of the opening ``---``."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.start


@dataclass(frozen=True)
class PageSource:
    """A page's body as MkDocs converts it, and where its lines sit in the file.

    MkDocs reads metadata at the top of the text a page is read from (YAML between ``---`` lines, or
    ``Key: value`` lines) and drops the blank lines that open the rest. The hooks hand it :attr:`handed`:
    the body after one blank line, so it reads no metadata (the front matter is ours, already read) and
    converts :attr:`text`, the body without its opening blank lines. Every place that maps a file line to
    the Markdown MkDocs converts goes through :meth:`index`.
    """

    text: str
    first_line: int  # the file line of text's first line

    @property
    def handed(self) -> str:
        """The text the hooks give MkDocs for the page (``on_page_read_source``)."""
        return "\n" + self.text

    def index(self, line: int) -> int:
        """Where line ``line`` of the file is in ``text.split("\\n")`` (negative: above the text)."""
        return line - self.first_line


def page_source(body: list[str], body_line: int) -> PageSource:
    """The :class:`PageSource` of ``body``, the lines under the front matter (the first is ``body_line``)."""
    skipped = next((index for index, line in enumerate(body) if line), len(body))
    return PageSource("\n".join(body[skipped:]), body_line + skipped)


def split(text: str, path: str) -> tuple[FrontMatter, list[str]]:
    """Return the front matter and the body lines of ``text`` (already decoded, BOM removed).

    Raises :class:`BookletError` when the YAML does not parse or is not a mapping.
    """
    lines = lines_of(text)
    if not lines or not _OPEN.fullmatch(lines[0]):
        return FrontMatter({}), lines
    for end in range(1, len(lines)):
        if _CLOSE.fullmatch(lines[end]):
            break
    else:
        raise BookletError([_error(path, 1, (
            "phần thông tin đầu trang mở bằng dòng '---' nhưng không có dòng '---' đóng lại. "
            "Thêm một dòng chỉ có '---' ngay sau trường cuối cùng (ví dụ sau dòng 'updated:')."
        ))])
    source = "\n".join(lines[1:end])
    if len(source) > MAX_CHARS:
        raise BookletError([_error(path, 1, (
            f"phần thông tin đầu trang dài {len(source) // 1024} KB, quá giới hạn {MAX_CHARS // 1024} KB. "
            "Ở đây chỉ ghi các trường thông tin (title, resolution, level…); nội dung dài đặt xuống dưới dòng "
            "'---' đóng phần này."
        ))])
    data, node = _load(source, path)
    front = FrontMatter(data, _key_lines(node, offset=1), start=1, body_line=end + 2)
    return front, lines[end + 1:]


def skip_front_matter(text: str) -> tuple[FrontMatter, list[str]]:
    """The body of ``text`` whose front matter cannot be read, with an empty front matter: the lines after the
    closing ``---``, or after the opening one when it is never closed."""
    lines = lines_of(text)
    if not lines or not _OPEN.fullmatch(lines[0]):
        return FrontMatter({}), lines
    end = next((index for index in range(1, len(lines)) if _CLOSE.fullmatch(lines[index])), 0)
    return FrontMatter({}, body_line=end + 2), lines[end + 1:]


def lines_of(text: str) -> list[str]:
    """Split text into lines the way Python-Markdown does (only \\n, \\r\\n and \\r end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _load(source: str, path: str) -> tuple[dict[str, Any], Any]:
    loader = _Loader(source)
    try:
        _bounded(source, path)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise BookletError([_error(path, line, (
            f"phần thông tin đầu trang (YAML) viết sai: {_explain(exc, source)}. "
            "Kiểm tra dấu hai chấm sau tên trường, dấu ngoặc kép đóng mở đủ cặp, "
            "và thụt lề bằng dấu cách (không dùng Tab)."
        ))]) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        raise BookletError([_error(path, 1, (
            "phần thông tin đầu trang (YAML) có giá trị không đọc được (số quá dài, cấu trúc lồng quá sâu…). "
            "Viết các trường theo mẫu 'tên: giá trị' như tài liệu mẫu docs/nghi-quyet/trung-uong/19-nq-tw.md."
        ))]) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BookletError([_error(path, 2, (
            "phần thông tin đầu trang phải là các dòng 'tên: giá trị' (ví dụ 'title: \"…\"'), "
            "không phải một danh sách hay một câu văn."
        ))])
    return data, node


def _bounded(source: str, path: str) -> None:
    """Refuse YAML aliases and nesting deeper than :data:`MAX_DEPTH`, reading the parser's events only.

    An alias (``*name``) repeats what an anchor (``&name``) names: ten lines of them stand for a billion
    values once expanded (the "billion laughs"), which the build would then copy and print. A booklet
    never needs one. Syntax errors are left to the loader, which explains them.
    """
    depth = 0
    for event in yaml.parse(source, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise BookletError([_error(path, event.start_mark.line + 2, (
                f"phần thông tin đầu trang dùng bí danh YAML '*{event.anchor}' (lặp lại giá trị đã đặt tên bằng "
                f"'&{event.anchor}'); tài liệu không dùng cách viết này vì nó có thể nhân dữ liệu lên hàng tỉ lần. "
                "Viết thẳng giá trị vào từng trường; giá trị bắt đầu bằng '*' hay '&' thì đặt trong ngoặc kép."
            ))])
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_DEPTH:
                raise BookletError([_error(path, event.start_mark.line + 2, (
                    f"phần thông tin đầu trang lồng nhau quá {MAX_DEPTH} tầng; các trường của tài liệu chỉ "
                    "lồng hai tầng (ví dụ 'resolution:' rồi 'number:' thụt vào). Viết lại theo tài liệu mẫu."
                ))])
        elif isinstance(event, _CLOSES):
            depth -= 1


def _key_lines(node: Any, offset: int, prefix: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(node, yaml.SequenceNode):  # a list's items by index: plan.sessions.0.date
        for index, item in enumerate(node.value):
            lines[f"{prefix}{index}"] = item.start_mark.line + 1 + offset
            lines.update(_key_lines(item, offset, prefix=f"{prefix}{index}."))
        return lines
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        lines[key] = key_node.start_mark.line + 1 + offset
        lines.update(_key_lines(value_node, offset, prefix=f"{key}."))
    return lines


def _explain(exc: yaml.MarkedYAMLError, source: str) -> str:
    return yaml_problem(exc, source)


def _error(path: str, line: int, message: str) -> Finding:
    return Finding(path, line, "front-matter", "error", message)
