"""The study plan model (Plan, Session) and its reader: a page whose front matter has ``plan:``.

A plan ("Kế hoạch học tập, quán triệt") names the resolutions it covers, its organiser and participants, and
its sessions: each with a date (a day, or only a month when the plan does not fix the day), start and end
times, a form, a place, reporters and bridge points. Purpose and requirements are Markdown sections of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from hoidap.model.attendance import Attendance, read_attendance
from hoidap.model.findings import Finding
from hoidap.model.frontmatter import FrontMatter
from hoidap.vietnamese.vntext import control_character, nfc

PLAN_KEY = "plan"
# The forms of a session, by the key written in the file (the article's "trực tiếp và trực tuyến").
FORMS: dict[str, str] = {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "ket-hop": "Kết hợp trực tiếp "
                         "và trực tuyến"}
FORMS_EN: dict[str, str] = {"truc-tiep": "In person", "truc-tuyen": "Online", "ket-hop": "In person and online"}
PLAN_KEYS = ("resolutions", "organiser", "participants", "sessions")
SESSION_KEYS = ("title", "date", "start", "end", "form", "place", "reporters", "bridge_points", "attendance")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
# A resolution written as a number (19-NQ/TW): it names a booklet. A Congress resolution has a name, no number.
NUMBERED = re.compile(r"\d{1,4}-[A-ZĐ]{2,3}/[A-ZĐ]{2,4}")
# The years a session may fall in: the Party was founded in 1930; a later year is a typing mistake (2202), and
# the calendar's arithmetic (a session's day + 1, a month's next month) stays inside what a date can hold.
FIRST_YEAR, LAST_YEAR = 1930, 2100


@dataclass(frozen=True)
class Session:
    """One study session. ``day`` is None when only the month is fixed (``month`` is then its first day)."""

    number: int
    title: str
    month: dt.date
    day: dt.date | None
    start: dt.time | None
    end: dt.time | None
    form: str
    place: str | None
    reporters: tuple[str, ...]
    bridge_points: tuple[tuple[str, int | None], ...]  # (name, count): a listed point has no count
    line: int
    attendance: tuple[Attendance, ...] = ()  # optional, for the statistics page (hoidap.model.attendance)

    @property
    def bridge_total(self) -> int:
        return sum(count if count is not None else 1 for _, count in self.bridge_points)


@dataclass(frozen=True)
class Plan:
    """A study plan: validated front matter."""

    path: str
    title: str
    resolutions: tuple[str, ...]
    organiser: str
    participants: str | None
    sessions: tuple[Session, ...]


def is_plan(front: FrontMatter) -> bool:
    """Whether the page is meant as a plan: its front matter has ``plan:``."""
    return PLAN_KEY in front.data


def read_plan(front: FrontMatter, path: str) -> tuple[Plan | None, list[Finding]]:
    """Validate a plan's front matter; the plan (None when any error) and every finding. Never raises."""
    reader = _Reader(front, path)
    plan = reader.plan()
    return (plan if not any(f.severity == "error" for f in reader.findings) else None), reader.findings


class _Reader:
    def __init__(self, front: FrontMatter, path: str) -> None:
        self.front, self.path, self.findings = front, path, []
        self.at = PLAN_KEY  # the key being read, for findings' lines

    def error(self, code: str, key: str, message: str) -> None:
        self.findings.append(Finding(self.path, self.front.line_of(key), code, "error", message))

    def plan(self) -> Plan | None:
        data = self.front.data
        title = self.text(data, "title", "tiêu đề kế hoạch", required=True)
        body = data.get(PLAN_KEY)
        if not isinstance(body, dict):
            self.error("plan-field", PLAN_KEY, "'plan:' phải chứa các trường con thụt lề hai dấu cách bên dưới "
                       "(resolutions, organiser, participants, sessions).")
            return None
        for key in body:
            if str(key) not in PLAN_KEYS:
                self.findings.append(Finding(self.path, self.front.line_of(f"{PLAN_KEY}.{key}"), "plan-field",
                                             "warning", f"trường 'plan.{key}' không thuộc định dạng kế hoạch nên "
                                             f"bị bỏ qua; các trường là: {', '.join(PLAN_KEYS)}."))
        resolutions = self.texts(body, "resolutions", "plan.resolutions", "các nghị quyết kế hoạch học tập")
        if resolutions == ():
            resolutions = None
            self.error("plan-field", "plan.resolutions", "thiếu trường bắt buộc 'plan.resolutions' (các nghị quyết "
                       "được học tập): thêm dòng '  resolutions: [\"…-NQ/…\"]' dưới dòng 'plan:', ghi số hiệu "
                       "từng nghị quyết.")
        organiser = self.text(body, "organiser", "cơ quan tổ chức", required=True, prefix="plan.")
        participants = self.text(body, "participants", "thành phần tham gia", required=False, prefix="plan.")
        sessions = self.sessions(body.get("sessions"))
        if title is None or resolutions is None or organiser is None or sessions is None:
            return None
        return Plan(self.path, title, resolutions, organiser, participants, sessions)

    def text(self, data: dict, key: str, what: str, required: bool, prefix: str = "", at: str = "") -> str | None:
        value = data.get(key)
        where = f"{at}.{key}" if at else prefix + key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error("plan-field", where, f"thiếu trường bắt buộc '{prefix}{key}' ({what}): thêm dòng "
                           f"'{key}: \"…\"' và ghi {what}.")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error("plan-field", where, f"'{prefix}{key}' ({what}) phải là một dòng chữ, viết: "
                       f"{key}: \"…\".")
            return None
        return self.shown(nfc(str(value).strip()), where, f"'{prefix}{key}'")

    def shown(self, text: str, where: str, what: str) -> str | None:
        """``text``, or None and an error when it holds a control character (no page or calendar can show it)."""
        char = control_character(text)
        if char is None:
            return text
        self.error("plan-field", where, f"{what} có ký tự điều khiển U+{ord(char):04X} (thường do viết \"\\x..\" hay "
                   "\"\\u00..\" trong ngoặc kép), không hiển thị được trên trang và trong tệp lịch; xóa ký tự này.")
        return None

    def texts(self, data: dict, key: str, where: str, what: str, at: str = "") -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None or value == "" or value == []:
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()
                                           for v in value):
            items = [self.shown(nfc(str(v).strip()), at or where, f"'{where}'") for v in value]
            return tuple(dict.fromkeys(item for item in items if item is not None)) if None not in items else None
        self.error("plan-field", at or where, f"'{where}' ({what}) phải là danh sách chữ, viết: {key}: [\"…\", \"…\"].")
        return None

    def sessions(self, value: Any) -> tuple[Session, ...] | None:
        if value is None or value == [] or value == "":
            self.error("plan-sessions", "plan.sessions" if "sessions" in self.front.data.get(PLAN_KEY, {}) else
                       PLAN_KEY, "kế hoạch chưa có buổi học tập nào: thêm 'sessions:' dưới 'plan:' và mỗi buổi một "
                       "mục bắt đầu bằng '- title: \"…\"', có date, form.")
            return None
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.error("plan-sessions", "plan.sessions", "'plan.sessions' phải là danh sách các buổi, mỗi buổi một "
                       "mục bắt đầu bằng '- title: \"…\"' rồi các dòng date, start, end, form… thụt lề bằng nhau.")
            return None
        sessions = [self.session(number, item) for number, item in enumerate(value, 1)]
        if any(session is None for session in sessions):
            return None
        return tuple(s for s in sessions if s is not None)

    def session(self, number: int, item: dict) -> Session | None:
        where = f"buổi {number}"
        self.at = f"plan.sessions.{number - 1}"
        line = self.front.line_of(self.at)
        before = len(self.findings)
        for key in item:
            if str(key) not in SESSION_KEYS:
                self.findings.append(Finding(self.path, self.front.line_of(f"{self.at}.{key}"), "plan-field",
                                             "warning", (
                    f"{where}: trường '{key}' không thuộc định dạng buổi học tập nên bị bỏ qua; các trường là: "
                    f"{', '.join(SESSION_KEYS)}.")))
        title = self.text(item, "title", f"tên {where}", required=True, prefix=f"{where}: ", at=self.at)
        month, day = self.date(where, item.get("date"))
        start, end = self.time(where, item, "start"), self.time(where, item, "end")
        if (start is None) != (end is None) and "start" in item and "end" in item:
            pass  # one of them is wrong: said above
        elif (start is None) != (end is None):
            self.error("plan-time", f"{self.at}.end", f"{where}: ghi cả giờ bắt đầu (start) và giờ kết thúc (end), "
                       "hoặc bỏ cả hai.")
        elif start is not None and end is not None and end <= start:
            self.error("plan-time", f"{self.at}.end", f"{where}: giờ kết thúc {end:%H:%M} không sau giờ bắt đầu "
                       f"{start:%H:%M}; sửa 'end:' (giờ kết thúc phải muộn hơn giờ bắt đầu trong cùng ngày; "
                       "buổi kéo qua nửa đêm thì ghi thành hai buổi, buổi sau từ \"00:00\" ngày hôm sau).")
        if start is not None and day is None and month is not None:
            self.error("plan-time", f"{self.at}.date", f"{where}: có giờ nhưng ngày chỉ ghi tháng; ghi đủ ngày "
                       "'date: NĂM-THÁNG-NGÀY' hoặc bỏ giờ.")
        form = item.get("form")
        if not isinstance(form, str) or form not in FORMS:
            choices = ", ".join(f"{key} ({name.lower()})" for key, name in FORMS.items())
            self.error("plan-form", f"{self.at}.form", f"{where}: hình thức '{form}' không có trong danh sách; ghi "
                       f"'form:' là một trong: {choices}." if form is not None else
                       f"{where}: thiếu hình thức; thêm dòng 'form:' là một trong: {choices}.")
        place = self.text(item, "place", f"địa điểm {where}", required=False, prefix=f"{where}: ", at=self.at)
        reporters = self.texts(item, "reporters", f"{where}: reporters", "báo cáo viên", at=f"{self.at}.reporters")
        points = self.bridge_points(where, item.get("bridge_points"))
        attendance = read_attendance(item.get("attendance"), where, lambda code, key, message: self.error(
            code, f"{self.at}.attendance" + (f".{key}" if key else ""), message))
        if len(self.findings) > before and any(f.severity == "error" for f in self.findings[before:]):
            return None
        assert title is not None and month is not None and reporters is not None and points is not None
        assert attendance is not None
        return Session(number, title, month, day, start, end, str(form), place, reporters, points, line, attendance)

    def date(self, where: str, value: Any) -> tuple[dt.date | None, dt.date | None]:
        how = ("ghi 'date: NĂM-THÁNG-NGÀY' bằng số (ví dụ date: 2022-03-25), hoặc chỉ tháng 'date: \"NĂM-THÁNG\"' "
               "khi kế hoạch chưa định ngày")
        if isinstance(value, dt.datetime):
            self.error("plan-time", f"{self.at}.date", f"{where}: ngày '{value}' có cả giờ; ghi ngày ở 'date:' "
                       "(ví dụ date: 2022-03-25) và giờ ở 'start:', 'end:' (ví dụ start: \"07:30\").")
            return None, None
        if isinstance(value, dt.date):
            return self.year(where, value, value.replace(day=1), value)
        if value is None or value == "":
            self.error("plan-time", f"{self.at}.date", f"{where}: thiếu ngày; {how}.")
            return None, None
        if isinstance(value, str) and (match := _MONTH.fullmatch(value.strip())):
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and year >= 1:
                return self.year(where, value.strip(), dt.date(year, month, 1), None)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            self.error("plan-time", f"{self.at}.date", f"{where}: ngày '{value}' chỉ có năm; {how}.")
            return None, None
        if isinstance(value, (list, dict)):
            self.error("plan-time", f"{self.at}.date", f"{where}: 'date' là một ngày, không phải danh sách hay "
                       f"nhiều trường; {how}.")
            return None, None
        self.error("plan-time", f"{self.at}.date", f"{where}: ngày '{value}' không hợp lệ; {how}.")
        return None, None

    def year(self, where: str, written: object, month: dt.date, day: dt.date | None
             ) -> tuple[dt.date | None, dt.date | None]:
        """``(month, day)``, or an error when the year is outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
        if FIRST_YEAR <= month.year <= LAST_YEAR:
            return month, day
        self.error("plan-time", f"{self.at}.date", f"{where}: ngày '{written}' có năm {month.year}, không phải năm "
                   f"của một buổi học tập (từ {FIRST_YEAR} đến {LAST_YEAR}); kiểm tra lại năm.")
        return None, None

    def time(self, where: str, item: dict, key: str) -> dt.time | None:
        value = item.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = f"{value // 60}:{value % 60:02d}"  # YAML 1.1 reads 07:30 as sexagesimal 450 (25:00 as 1500)
        match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return dt.time(int(match.group(1)), int(match.group(2)))
        what = "bắt đầu" if key == "start" else "kết thúc"
        self.error("plan-time", f"{self.at}.{key}", f"{where}: giờ {what} '{value}' không hợp lệ; "
                   f"ghi '{key}: \"GIỜ:PHÚT\"' theo đồng hồ 24 giờ, ví dụ \"07:30\" hay \"14:00\".")
        return None

    def bridge_points(self, where: str, value: Any) -> tuple[tuple[str, int | None], ...] | None:
        if value is None or value == [] or value == {}:
            return ()
        at = f"{self.at}.bridge_points"
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            names = [self.shown(nfc(v.strip()), at, f"{where}: 'bridge_points'") for v in value]
            return None if None in names else tuple((name, None) for name in names)
        if isinstance(value, dict) and value and all(
                isinstance(k, str) and k.strip() and isinstance(n, int) and not isinstance(n, bool) and n > 0
                for k, n in value.items()):
            names = [self.shown(nfc(k.strip()), at, f"{where}: 'bridge_points'") for k in value]
            return None if None in names else tuple(zip(names, value.values(), strict=True))
        self.error("plan-field", at, f"{where}: 'bridge_points' (điểm cầu) ghi thành "
                   "danh sách tên điểm cầu ('- \"Hội trường …\"'), hoặc số điểm cầu theo cấp ('\"Cấp tỉnh\": 1'), "
                   "mỗi số là số nguyên dương.")
        return None
