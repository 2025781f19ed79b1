"""A session's recorded attendance (optional ``attendance:`` under a plan's session), read for the statistics page.

Each record names a unit (a bridge point, a Party committee, a commune), how many took part, and, when the report
says it, how many cadres and party members were expected: the share reached is worked out from the two counts,
never written as a percentage, so shares add up correctly across sessions and units::

    attendance:
      - unit: "Đảng bộ huyện Mỹ Tú"
        participants: 350
        expected: 362
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hoidap.vietnamese.vntext import control_character, fold, nfc

CODE = "plan-attendance"
KEYS = ("unit", "participants", "expected")
_HOW = ("ghi 'attendance:' thành danh sách, mỗi đơn vị một mục '- unit: \"…\"' với 'participants:' (số người dự, "
        "số nguyên dương) và, nếu báo cáo có, 'expected:' (số cán bộ, đảng viên phải dự, không nhỏ hơn số người dự)")


@dataclass(frozen=True)
class Attendance:
    """One unit's attendance at one session."""

    unit: str
    participants: int
    expected: int | None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def read_attendance(value: Any, where: str, error: Callable[[str, str, str], None]) -> tuple[Attendance, ...] | None:
    """A session's ``attendance`` value; ``error(code, key, message)`` is told each mistake (``key`` under
    ``attendance``: ``""``, ``"0"``, ``"0.expected"``), then the result is None. Absent: ()."""
    if value is None or value == []:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        error(CODE, "", f"{where}: 'attendance' (số người dự) không đúng dạng; {_HOW}.")
        return None
    records, seen, ok = [], set(), True
    for number, item in enumerate(value, 1):
        unit, participants, expected = item.get("unit"), _count(item.get("participants")), item.get("expected")
        strange = [str(key) for key in item if str(key) not in KEYS]
        if strange:
            error(CODE, f"{number - 1}.{strange[0]}", f"{where}, đơn vị thứ {number}: trường '{strange[0]}' "
                  f"không thuộc 'attendance'; các trường là: {', '.join(KEYS)}.")
            ok = False
            continue
        if not isinstance(unit, str) or not unit.strip():
            error(CODE, f"{number - 1}", f"{where}, đơn vị thứ {number}: thiếu tên đơn vị; {_HOW}.")
            ok = False
            continue
        unit = nfc(unit.strip())
        if (char := control_character(unit)) is not None:
            error(CODE, f"{number - 1}.unit", f"{where}, đơn vị thứ {number}: tên đơn vị có ký tự điều khiển "
                  f"U+{ord(char):04X}, không hiển thị được trên trang; xóa ký tự này.")
            ok = False
            continue
        if participants is None:
            error(CODE, f"{number - 1}.participants", f"{where}, {unit}: 'participants' phải là số người dự, "
                  "một số nguyên dương (ví dụ "
                  "participants: 350).")
            ok = False
        elif expected is not None and (_count(expected) is None or expected < participants):
            error(CODE, f"{number - 1}.expected", f"{where}, {unit}: 'expected' ({expected}) phải là số cán bộ, "
                  "đảng viên phải dự, một số "
                  f"nguyên không nhỏ hơn số người dự ({participants}); bỏ dòng này nếu báo cáo không nêu.")
            ok = False
        key = " ".join(fold(unit).split())
        if key in seen:
            error(CODE, f"{number - 1}.unit", f"{where}: đơn vị '{unit}' được ghi hai lần; gộp số người "
                  "dự của đơn vị vào một mục.")
            ok = False
        seen.add(key)
        if ok:
            records.append(Attendance(unit, participants, expected))  # type: ignore[arg-type]
    return tuple(records) if ok else None
