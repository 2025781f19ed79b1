"""Writing a booklet's front matter, and the questions for its resolution fields (new.py, import_docx.py)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import yaml

from hoidap.authoring import answers
from hoidap.authoring.asking import Question


def resolution_questions(compiled_by: str | None = None, today: dt.date | None = None) -> list[Question]:
    """What a new booklet needs, in the order asked: number, summary, issuer, date, level (suggested by the
    number's issuer code), khóa (may stay empty) and the compiling board (``compiled_by``: its default, set once
    as the hoidap plugin's ``compiled_by`` in mkdocs.yml)."""
    board = "Đơn vị biên soạn" + ("" if compiled_by else
                                  " (tên đơn vị của bạn; ghi một lần vào compiled_by của plugin hoidap trong "
                                  "mkdocs.yml để khỏi hỏi lại)")
    return [
        Question("number", "Số hiệu nghị quyết (chép như trên văn bản, dạng <số>-NQ/<ký hiệu cơ quan ban hành>)",
                 "--number", "NUMBER", answers.number),
        Question("name", "Trích yếu (chép như trên văn bản, thường bắt đầu bằng 'về …')", "--name", "NAME",
                 answers.text),
        Question("issuer", "Cơ quan ban hành (như Ban Chấp hành Trung ương, Bộ Chính trị, Ban Thường vụ Tỉnh ủy…)",
                 "--issuer", "ISSUER", answers.text),
        Question("issued", "Ngày ban hành (NGÀY/THÁNG/NĂM như trên văn bản)", "--issued", "ISSUED",
                 partial(answers.date, latest=today or dt.date.today())),
        Question("level", f"Cấp ({answers.level_choices()})", "--level", "LEVEL", answers.level,
                 default=lambda given: answers.level_of_number(given["number"]) if given.get("number") else None),
        Question("term", "Khóa (số La Mã như trên văn bản; Enter nếu văn bản không ghi khóa)", "--term", "KHOA",
                 answers.term, required=False),
        Question("compiled_by", board, "--compiled-by", "COMPILED_BY", answers.text, default=compiled_by),
    ]


def front_matter_text(front: dict[str, Any]) -> str:
    """``front`` as the YAML block between two ``---`` lines that opens a booklet."""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
