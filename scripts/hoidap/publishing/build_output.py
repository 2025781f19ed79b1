"""Explain in Vietnamese what a failed build step printed in English: the Python error ending a MkDocs run
(deep nesting, a full disk, a symlink loop, memory) becomes a sentence naming the page or file and the fix."""

from __future__ import annotations

import errno
import re

from hoidap.errors import describe_os_error

# "ERROR    -  Error reading page 'nghi-quyet/x.md': maximum recursion depth exceeded" (mkdocs' own log line)
_PAGE = re.compile(r"^.*Error (?:reading|building) page '(?P<page>[^']+)'.*$", re.MULTILINE)
# The last line of a traceback: "OSError: [Errno 28] No space left on device: '/site.new-x/a.js'"
_OS_ERROR = re.compile(r"^(?:[\w.]+Error|OSError): \[Errno (?P<code>\d+)\] [^:\n]*(?:: '(?P<path>[^'\n]*)')?"
                       r"(?: -> '(?P<target>[^'\n]*)')?\s*$", re.MULTILINE)
_RECURSION = re.compile(r"^RecursionError: .*$", re.MULTILINE)
_MEMORY = re.compile(r"^MemoryError\b.*$", re.MULTILINE)
_OTHER = re.compile(r"^(?:[\w.]+\.)?\w+(?:Error|Exception)(?:: .*)?$", re.MULTILINE)  # any other Python error


def explain(output: str) -> tuple[str, str]:
    """The Vietnamese explanation of a failed step's ``output`` (empty when nothing known is found), and the
    output without the English lines it replaces."""
    page = _PAGE.search(output)
    where = f"trang '{page.group('page')}'" if page else "một trang"
    if found := _RECURSION.search(output):
        return (f"{where} có nội dung lồng nhau quá sâu (danh sách, trích dẫn, chữ đậm, nghiêng hoặc khối "
                "<div markdown> lồng trong nhau quá nhiều tầng): giảm số tầng lồng nhau rồi dựng lại",
                _without(output, found, page))
    if found := _MEMORY.search(output):
        return (f"không đủ bộ nhớ khi dựng {where}: tài liệu quá lớn; chia thành nhiều tệp nhỏ hơn hoặc dựng "
                "trên máy nhiều bộ nhớ hơn", _without(output, found, page))
    if found := _OS_ERROR.search(output):
        code = int(found.group("code"))
        path = found.group("target") if code in (errno.ENOSPC, errno.EDQUOT) and found.group("target") \
            else found.group("path")
        return describe_os_error(OSError(code, "", path)), _without(output, found, page)
    if found := _OTHER.search(output):
        return (f"MkDocs dừng vì một lỗi không mong đợi khi dựng {where} ({found.group(0)[:200]}): chạy "
                "'mkdocs build --strict' để xem chi tiết, rồi báo cho người duy trì bộ công cụ",
                _without(output, found, page))
    return "", output


def _without(output: str, *matches: re.Match | None) -> str:
    """``output`` without the lines of ``matches``."""
    spans = sorted((m.start(), m.end()) for m in matches if m is not None)
    kept, position = [], 0
    for start, end in spans:
        kept.append(output[position:start])
        position = end
    kept.append(output[position:])
    return "\n".join(line for line in "".join(kept).splitlines() if line.strip())
