"""Writing a booklet's front matter, and the prompts for its resolution fields (new.py, import_docx.py)."""

from __future__ import annotations

from typing import Any

import yaml

from hoidap.schema import LEVELS

# What to ask for each resolution field a command still lacks, in the order asked.
PROMPTS: dict[str, str] = {
    "number": "Số hiệu nghị quyết (ví dụ 19-NQ/TW)",
    "name": "Trích yếu (ví dụ: về nông nghiệp, nông dân, nông thôn …)",
    "issuer": "Cơ quan ban hành (ví dụ: Ban Chấp hành Trung ương)",
    "issued": "Ngày ban hành, dạng NĂM-THÁNG-NGÀY (ví dụ 2022-06-16)",
    "level": "Cấp (" + ", ".join(f"{level.key} = {level.vi}" for level in LEVELS) + ")",
}


def front_matter_text(front: dict[str, Any]) -> str:
    """``front`` as the YAML block between two ``---`` lines that opens a booklet."""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
