"""Words readers see that come from Python (labels, dates, counts), in each site language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hoidap.model.schema import LEVEL_KEYS

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")



@dataclass(frozen=True)
class Plural:
    """A text whose words follow ``{count}``: English writes "1 booklet" but "2 booklets"."""

    one: str
    other: str

    def pick(self, count: object) -> str:
        return self.one if count == 1 else self.other


TEXTS: dict[str, dict[str, str | Plural]] = {
    "vi": {
        "number": "Số hiệu",
        "name": "Trích yếu",
        "issuer": "Cơ quan ban hành",
        "issued": "Ngày ban hành",
        "term": "Khóa",
        "level": "Cấp",
        "compiled_by": "Biên soạn",
        "updated": "Cập nhật",
        "tags": "Chủ đề",
        "topic_index": "Các chủ đề",
        "card": "Thông tin nghị quyết",
        "questions": "{count} câu hỏi",
        "question_index": "Danh sách {count} câu hỏi",
        "booklets": "{count} tài liệu",
        "newest": "Mới cập nhật",
        "browse": "Tra cứu tài liệu",
        "see_all": "Xem tất cả theo năm",
        "empty": "Chưa có tài liệu nào.",
        "no_year": "Không rõ năm",
        "print_address": "Đọc bản mới nhất tại",
        "print_qr": "Mã QR dẫn tới trang này",
        "pdf_download": "Tải PDF",
        "pdf_paper": "khổ {paper}",
        "pdf_printed": "Ngày in {date}",
        "pdf_page": "Trang {page}/{pages}",
        "text_size": "Cỡ chữ",
        "smaller": "Chữ nhỏ hơn",
        "larger": "Chữ lớn hơn",
        "study": "Chế độ học",
        "study_hint": "Ẩn câu trả lời để tự ôn: chạm vào câu hỏi để xem trả lời.",
        "show_answer": "Xem trả lời",
        "hide_answer": "Ẩn trả lời",
        "remembered": "Đã nhớ",
        "progress": "Đã nhớ {done}/{total} câu",
        "restart": "Học lại từ đầu",
        "share": "Chia sẻ",
        "copied": "Đã chép liên kết tới câu {number}. Dán vào Zalo hoặc tin nhắn để gửi.",
        "copied_booklet": "Đã chép liên kết tài liệu. Dán vào Zalo hoặc tin nhắn để gửi.",
        "copy_failed": "Không chép được. Hãy chép liên kết này:",
        "resume": "Đọc tiếp: Câu {number}",
        "step_label": "Chuyển sang câu hỏi khác",
        "step_previous": "Câu trước",
        "step_next": "Câu sau",
        "listen_all": "Nghe cả tài liệu",
        "listen_one": "Nghe câu này",
        "listen_player": "Nghe đọc",
        "listen_now": "Đang đọc: {label}",
        "listen_paused": "Đã tạm dừng: {label}",
        "listen_pause": "Tạm dừng",
        "listen_resume": "Nghe tiếp",
        "listen_stop": "Dừng đọc",
        "listen_close": "Đóng",
        "listen_no_voice": "Máy này chưa có giọng đọc tiếng Việt nên chưa nghe được.",
        "listen_add_voice": ("Cách thêm giọng đọc trên điện thoại Android: mở Cài đặt, gõ «giọng nói» vào ô tìm kiếm "
                             "rồi chọn «Chuyển văn bản thành giọng nói». Bấm hình bánh răng cạnh «Dịch vụ lời nói "
                             "của Google», chọn «Cài đặt dữ liệu giọng nói», chọn «Tiếng Việt» rồi bấm tải về. "
                             "Tải xong, mở lại trang này."),
        "offline_title": "Đọc khi không có mạng",
        "offline_action": "Tải để đọc khi không có mạng",
        "offline_size": "khoảng {size}",
        "offline_choice": "Ngôn ngữ tải về",
        "offline_languages": "Ngôn ngữ tải về: {names}",
        "offline_language_done": "đã tải",
        "offline_choose": "Chọn ít nhất một ngôn ngữ để tải.",
        "offline_done": "Đã tải xong: đọc và tìm kiếm được khi không có mạng.",
        "offline_progress": "Đang tải {done}/{total}…",
        "offline_failed": "Tải chưa xong vì mất mạng. Bấm lại để tải tiếp phần còn thiếu.",
        "offline_unsupported": ("Trình duyệt này không lưu được trang để đọc khi không có mạng. "
                                "Hãy mở trang bằng Chrome."),
        "offline_preview": "Bản xem trước (make serve) không lưu trang để đọc khi không có mạng; trang đã đăng thì có.",
        "no_translation": "chưa có bản dịch",
        "updated_site": "Tài liệu vừa được cập nhật.",
        "reload": "Tải lại trang",
        "feed": "Tài liệu mới cập nhật",
        "feed_follow": "Nhận tin tài liệu mới (dùng ứng dụng đọc tin)",
        "top": "Lên đầu trang",
        "not_found": "Không tìm thấy trang",
        "not_found_help": "Địa chỉ này không có trong trang hỏi - đáp: có thể tài liệu đã được chuyển chỗ. "
                          "Hãy về trang chủ hoặc dùng ô tìm kiếm ở đầu trang.",
        "home": "Về trang chủ",
        "quiz_mode": "Cách làm bài",
        "quiz_one": "Từng câu một",
        "quiz_all": "Tất cả các câu",
        "quiz_check": "Kiểm tra",
        "quiz_next": "Câu tiếp theo",
        "quiz_finish": "Xem kết quả",
        "quiz_again": "Làm lại",
        "quiz_right": "Đúng.",
        "quiz_wrong": "Chưa đúng.",
        "quiz_answer": "Đáp án đúng",
        "quiz_yours": "Bạn chọn",
        "quiz_explain": "Giải thích",
        "quiz_back": "Đọc lại câu trả lời trong tài liệu",
        "quiz_score": "Bạn trả lời đúng {score}/{total} câu.",
        "quiz_best": "Điểm cao nhất trên máy này: {score}/{total} câu.",
        "quiz_pick": "Hãy chọn một phương án rồi bấm Kiểm tra.",
        "quiz_print_sheet": "In đề thi",
        "quiz_print_key": "In đáp án",
        "quiz_organisers": "Dành cho người tổ chức hội thi",
        "quiz_organisers_hint": "In đề thi để phát cho người dự thi; in đáp án để chấm bài.",
        "quiz_key": "Đáp án",
        "quiz_progress": "Câu {number}/{total}",
        "quiz_several": "(chọn mọi phương án đúng)",
        "quiz_result": "Kết quả",
        "quiz_name": "Họ và tên:",
        "quiz_unit": "Đơn vị:",
        "quiz_question": "Câu",
        "quiz_see": "Xem",
        "quiz_unanswered": "Chưa trả lời.",
        "present": "Trình chiếu",
        "present_title": "Trình chiếu: {title}",
        "present_start": "Bắt đầu",
        "present_previous": "Trước",
        "present_next": "Tiếp",
        "present_answer": "Trả lời",
        "present_progress": "Câu {number}/{total}",
        "present_full": "Toàn màn hình",
        "present_notes": "Gợi ý",
        "present_notes_title": "Gợi ý cho báo cáo viên",
        "present_blank": "Màn hình đang tắt. Bấm B để hiện lại.",
        "present_keys": "Phím: → hoặc cách: tiếp; ←: lùi; Home, End: đầu, cuối; B: tắt màn hình; F: toàn màn hình; "
                        "G: gợi ý.",
        "present_back": "Về tài liệu",
        "present_qr": "Mã QR dẫn tới tài liệu",
        "present_slides": "Các câu hỏi trình chiếu",
        "plan_card": "Thông tin kế hoạch",
        "plan_organiser": "Cơ quan tổ chức",
        "plan_participants": "Thành phần tham gia",
        "plan_resolutions": "Nghị quyết",
        "plan_schedule": "Lịch {count} buổi học tập",
        "plan_sessions": "{count} buổi",
        "plan_form": "Hình thức",
        "plan_place": "Địa điểm",
        "plan_reporters": "Báo cáo viên",
        "plan_bridge": "Điểm cầu",
        "plan_month_only": "{month} (chưa ghi ngày)",
        "plan_month_note": "Kế hoạch chỉ ghi tháng, chưa ghi ngày: lịch ghi buổi này cả tháng.",
        "plan_ics_all": "Tải lịch cả kế hoạch (.ics)",
        "plan_ics_one": "Thêm buổi {number} vào lịch (.ics)",
        "plan_of": "Kế hoạch",
        "upcoming": "Sắp diễn ra",
        "upcoming_more": "Mọi kế hoạch học tập",
        "upcoming_nojs": "Danh sách gồm mọi buổi học tập, cả buổi đã qua: xem ngày của từng buổi.",
        "plans_empty": "Chưa có kế hoạch học tập nào.",
        "stats_by_level": "Theo cấp",
        "stats_by_issuer": "Theo cơ quan ban hành",
        "stats_by_year": "Theo năm ban hành",
        "stats_by_tag": "Theo chủ đề",
        "stats_head_level": "Cấp",
        "stats_head_issuer": "Cơ quan ban hành",
        "stats_head_year": "Năm",
        "stats_head_tag": "Chủ đề",
        "stats_booklets": "Tài liệu",
        "stats_questions": "Câu hỏi",
        "stats_chart_desc": "Biểu đồ thanh: số tài liệu (thanh đặc) và số câu hỏi (thanh viền) theo {what}; "
                            "bảng bên cạnh ghi cùng các số.",
        "stats_both_topics": "Một tài liệu có nhiều chủ đề được tính ở mỗi chủ đề của nó.",
        "stats_plans": "Kế hoạch và buổi học tập",
        "stats_plan": "Kế hoạch",
        "stats_plan_count": "{count} kế hoạch học tập",
        "stats_sessions": "Số buổi",
        "stats_held": "Đã tổ chức",
        "stats_upcoming": "Sắp diễn ra",
        "stats_bridge": "Điểm cầu",
        "stats_total": "Tổng cộng",
        "stats_as_of": "Tính đến ngày {date} (ngày dựng trang).",
        "stats_as_of_reader": "Tính đến hôm nay, theo đồng hồ trên máy của bạn.",
        "stats_no_plans": "Chưa có kế hoạch học tập nào.",
        "stats_coverage": "Số người dự theo đơn vị",
        "stats_unit": "Đơn vị",
        "stats_participants": "Số người dự",
        "stats_share": "Tỷ lệ cán bộ, đảng viên dự",
        "stats_coverage_desc": "Biểu đồ thanh: tỷ lệ cán bộ, đảng viên phải dự đã dự học tập, theo đơn vị; bảng "
                               "bên cạnh ghi cùng các số.",
        "stats_no_attendance": "Chưa kế hoạch nào ghi số người dự (attendance) của các buổi.",
    },
    "en": {
        "number": "Number",
        "name": "Title",
        "issuer": "Issued by",
        "issued": "Issued on",
        "term": "Term",
        "level": "Level",
        "compiled_by": "Compiled by",
        "updated": "Updated",
        "tags": "Topics",
        "topic_index": "All topics",
        "card": "About the resolution",
        "questions": Plural("{count} question", "{count} questions"),
        "question_index": Plural("{count} question", "All {count} questions"),
        "booklets": Plural("{count} booklet", "{count} booklets"),
        "newest": "Recently updated",
        "browse": "Browse booklets",
        "see_all": "See all by year",
        "empty": "No booklets yet.",
        "no_year": "Year unknown",
        "print_address": "Latest version at",
        "print_qr": "QR code linking to this page",
        "pdf_download": "Download PDF",
        "pdf_paper": "{paper} paper",
        "pdf_printed": "Printed on {date}",
        "pdf_page": "Page {page} of {pages}",
        "text_size": "Text size",
        "smaller": "Smaller text",
        "larger": "Larger text",
        "study": "Study mode",
        "study_hint": "Answers are hidden so you can test yourself: tap a question to see its answer.",
        "show_answer": "Show answer",
        "hide_answer": "Hide answer",
        "remembered": "Remembered",
        "progress": "Remembered {done} of {total}",
        "restart": "Start again",
        "share": "Share",
        "copied": "Link to question {number} copied. Paste it into Zalo or a message to send it.",
        "copied_booklet": "Link to the booklet copied. Paste it into Zalo or a message to send it.",
        "copy_failed": "Could not copy. Copy this link:",
        "resume": "Continue: question {number}",
        "step_label": "Move to another question",
        "step_previous": "Previous question",
        "step_next": "Next question",
        "listen_all": "Listen to the booklet",
        "listen_one": "Listen",
        "listen_player": "Read aloud",
        "listen_now": "Reading: {label}",
        "listen_paused": "Paused: {label}",
        "listen_pause": "Pause",
        "listen_resume": "Continue",
        "listen_stop": "Stop",
        "listen_close": "Close",
        "listen_no_voice": "This device has no English voice, so it cannot read aloud.",
        "listen_add_voice": ("To add one on an Android phone: open Settings, type “speech” in the search box and "
                             "choose “Text-to-speech output”. Tap the gear next to “Speech Services by Google”, "
                             "choose “Install voice data”, pick English and download it. When it is done, open "
                             "this page again."),
        "offline_title": "Read without a network",
        "offline_action": "Download to read offline",
        "offline_size": "about {size}",
        "offline_choice": "Languages to download",
        "offline_languages": "Languages to download: {names}",
        "offline_language_done": "downloaded",
        "offline_choose": "Choose at least one language to download.",
        "offline_done": "Downloaded: reading and search work without a network.",
        "offline_progress": "Downloading {done}/{total}…",
        "offline_failed": "The download stopped: the network dropped. Tap again to fetch what is missing.",
        "offline_unsupported": "This browser cannot keep pages for offline reading. Open the site in Chrome.",
        "offline_preview": "The preview (make serve) keeps no pages for offline reading; the published site does.",
        "no_translation": "not translated yet",
        "updated_site": "The booklets were just updated.",
        "reload": "Reload page",
        "feed": "Recently updated booklets",
        "feed_follow": "Get news of new booklets (in a news reader app)",
        "top": "Back to top",
        "not_found": "Page not found",
        "not_found_help": "This address is not on the site: the booklet may have moved. "
                          "Go to the home page or use the search box at the top.",
        "home": "Go to the home page",
        "quiz_mode": "How to play",
        "quiz_one": "One question at a time",
        "quiz_all": "All questions at once",
        "quiz_check": "Check answer",
        "quiz_next": "Next question",
        "quiz_finish": "See your score",
        "quiz_again": "Play again",
        "quiz_right": "Right.",
        "quiz_wrong": "Not quite.",
        "quiz_answer": "Correct answer",
        "quiz_yours": "Your choice",
        "quiz_explain": "Explanation",
        "quiz_back": "Read the answer in the booklet",
        "quiz_score": "You got {score} of {total} right.",
        "quiz_best": "Best score on this device: {score} of {total}.",
        "quiz_pick": "Pick an answer, then press Check answer.",
        "quiz_print_sheet": "Print the contest sheet",
        "quiz_print_key": "Print the answer key",
        "quiz_organisers": "For contest organisers",
        "quiz_organisers_hint": "Print the sheet to hand to contestants; print the key to mark their answers.",
        "quiz_key": "Answer key",
        "quiz_progress": "Question {number} of {total}",
        "quiz_several": "(pick every right answer)",
        "quiz_result": "Your score",
        "quiz_name": "Name:",
        "quiz_unit": "Unit:",
        "quiz_question": "Question",
        "quiz_see": "See",
        "quiz_unanswered": "Not answered.",
        "present": "Present",
        "present_title": "Presenting: {title}",
        "present_start": "Start",
        "present_previous": "Back",
        "present_next": "Next",
        "present_answer": "Answer",
        "present_progress": "Question {number} of {total}",
        "present_full": "Full screen",
        "present_notes": "Notes",
        "present_notes_title": "Notes for the reporter",
        "present_blank": "The screen is blank. Press B to show it again.",
        "present_keys": "Keys: → or space: next; ←: back; Home, End: first, last; B: blank screen; F: full screen; "
                        "G: notes.",
        "present_back": "Back to the booklet",
        "present_qr": "QR code linking to the booklet",
        "present_slides": "Presented questions",
        "plan_card": "About the plan",
        "plan_organiser": "Organised by",
        "plan_participants": "Participants",
        "plan_resolutions": "Resolutions",
        "plan_schedule": Plural("Schedule: {count} session", "Schedule: {count} sessions"),
        "plan_sessions": Plural("{count} session", "{count} sessions"),
        "plan_form": "Form",
        "plan_place": "Place",
        "plan_reporters": "Reporters",
        "plan_bridge": "Bridge points",
        "plan_month_only": "{month} (day not set)",
        "plan_month_note": "The plan gives the month only, no day: the calendar holds this session for the whole month.",
        "plan_ics_all": "Download the whole plan's calendar (.ics)",
        "plan_ics_one": "Add session {number} to your calendar (.ics)",
        "plan_of": "Plan",
        "upcoming": "Coming up",
        "upcoming_more": "Every study plan",
        "upcoming_nojs": "This list holds every study session, past ones too: see each session's date.",
        "plans_empty": "No study plan yet.",
        "stats_by_level": "By level",
        "stats_by_issuer": "By issuing body",
        "stats_by_year": "By year of issue",
        "stats_by_tag": "By topic",
        "stats_head_level": "Level",
        "stats_head_issuer": "Issuing body",
        "stats_head_year": "Year",
        "stats_head_tag": "Topic",
        "stats_booklets": "Booklets",
        "stats_questions": "Questions",
        "stats_chart_desc": "Bar chart: booklets (solid bars) and questions (outlined bars) by {what}; the table "
                            "beside it gives the same numbers.",
        "stats_both_topics": "A booklet with several topics counts under each of them.",
        "stats_plans": "Plans and study sessions",
        "stats_plan": "Plan",
        "stats_plan_count": Plural("{count} study plan", "{count} study plans"),
        "stats_sessions": "Sessions",
        "stats_held": "Held",
        "stats_upcoming": "Coming up",
        "stats_bridge": "Bridge points",
        "stats_total": "Total",
        "stats_as_of": "As of {date} (when the site was built).",
        "stats_as_of_reader": "As of today, by your device's clock.",
        "stats_no_plans": "No study plan yet.",
        "stats_coverage": "Attendance by unit",
        "stats_unit": "Unit",
        "stats_participants": "Participants",
        "stats_share": "Share of cadres and party members reached",
        "stats_coverage_desc": "Bar chart: the share of the cadres and party members expected who attended, by unit; "
                               "the table beside it gives the same numbers.",
        "stats_no_attendance": "No plan records its sessions' attendance yet.",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The reader-facing text ``key`` in ``lang`` (Vietnamese when the language is unknown), in the
    grammatical number of ``count`` when it has one."""
    entry = TEXTS.get(lang, TEXTS["vi"])[key]
    if isinstance(entry, Plural):
        entry = entry.pick(values.get("count"))
    return entry.format(**values)


def words(lang: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The texts ``keys`` in ``lang``, unformatted, for templates and scripts (none of them a :class:`Plural`)."""
    table = TEXTS.get(lang, TEXTS["vi"])
    return {key: str(table[key]) for key in keys}


READER_KEYS = ("text_size", "smaller", "larger", "study", "study_hint", "show_answer", "hide_answer",
               "remembered", "progress", "restart", "share", "copied", "copied_booklet", "copy_failed", "resume",
               "step_label", "step_previous", "step_next", "listen_all", "listen_one", "listen_player", "listen_now",
               "listen_paused", "listen_pause", "listen_resume", "listen_stop", "listen_close", "listen_no_voice",
               "listen_add_voice", "offline_title", "offline_action", "offline_size", "offline_choice",
               "offline_languages", "offline_language_done", "offline_choose", "offline_done", "offline_progress",
               "offline_failed",
               "offline_unsupported", "offline_preview", "updated_site", "reload", "not_found", "not_found_help",
               "home", "feed", "feed_follow", "no_translation", "present")


def reader(lang: str) -> dict[str, str]:
    """The words of the reader's controls (toolbar, study mode, sharing, reading aloud, offline), unformatted."""
    return words(lang, READER_KEYS)


def month(lang: str, year: int, number: int) -> str:
    """A month as readers of ``lang`` name it: ``Tháng 11/2026`` or ``November 2026``."""
    if lang == "en":
        return f"{_MONTHS_EN[number - 1]} {year}"
    return f"Tháng {number}/{year}"


def date(lang: str, value: dt.date) -> str:
    """A date as readers of ``lang`` write it: ``16/6/2022`` or ``16 June 2022``."""
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.day}/{value.month}/{value.year}"


def level(lang: str, key: str) -> str:
    """The name of a level in ``lang``."""
    entry = LEVEL_KEYS[key]
    return entry.en if lang == "en" else entry.vi
