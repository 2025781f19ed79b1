"""Text the kit writes for the author to replace: the new-booklet template (``make new``) and the boxes the importer
leaves (``make import``). The writers and the ``placeholder`` check read the same constants here, so what the kit
writes is always caught, and the template's lines carry a mark (:data:`MARK`) that real prose never has."""

from __future__ import annotations

import re

MARK = "[CHỮ MẪU]"
TEMPLATE_BODY = (
    f"{MARK} Viết một hai câu giới thiệu tài liệu ở đây.\n\n"
    "## Phần I. Thông tin chung\n\n"
    f"### Câu 1. {MARK} Viết câu hỏi thứ nhất ở đây?\n\n"
    f"{MARK} Viết câu trả lời ngắn gọn, dễ hiểu, dễ nhớ ở đây.\n"
)
EMPTY_ANSWER_TITLE = "Chưa có câu trả lời"
EMPTY_ANSWER = (f'!!! warning "{EMPTY_ANSWER_TITLE}"\n\n'
                "    Tệp gốc không có câu trả lời cho câu hỏi này. Viết câu trả lời vào đây rồi xóa khung này.")
UNPLACED_HEADING = "Nội dung chưa xếp được"
# The template's sentences as make new wrote them before they carried the mark.
_EARLIER = ("Viết một hai câu giới thiệu tài liệu ở đây.", "Viết câu hỏi thứ nhất ở đây?",
            "Viết câu trả lời ngắn gọn, dễ hiểu, dễ nhớ ở đây.")

_TEMPLATE = re.compile("|".join(re.escape(text) for text in (MARK, *_EARLIER)))
_EMPTY_ANSWER = re.compile(rf'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+[ \t]+"{EMPTY_ANSWER_TITLE}"', re.MULTILINE)
_UNPLACED = re.compile(rf"^#{{1,6}}[ \t]+{UNPLACED_HEADING}[ \t#]*$", re.MULTILINE)


def find_placeholders(text: str) -> list[tuple[int, str]]:
    """(offset, what is left) of every placeholder in ``text`` (prose, code blanked), in order; ``what`` is
    ``template``, ``empty-answer`` or ``unplaced``."""
    found = [(match.start(), "template") for match in _TEMPLATE.finditer(text)]
    found += [(match.start(), "empty-answer") for match in _EMPTY_ANSWER.finditer(text)]
    found += [(match.start(), "unplaced") for match in _UNPLACED.finditer(text)]
    return sorted(found)
