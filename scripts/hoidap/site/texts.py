"""Words readers see that come from Python (labels, dates, counts), in each site language."""

from __future__ import annotations

import datetime as dt

from hoidap.model.schema import LEVEL_KEYS

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")

TEXTS: dict[str, dict[str, str]] = {
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
        "feed_follow": "Theo dõi tài liệu mới bằng nguồn tin (Atom/RSS)",
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
        "quiz_explain": "Giải thích",
        "quiz_back": "Đọc lại câu trả lời trong tài liệu",
        "quiz_score": "Bạn trả lời đúng {score}/{total} câu.",
        "quiz_best": "Điểm cao nhất trên máy này: {score}/{total} câu.",
        "quiz_pick": "Hãy chọn một phương án rồi bấm Kiểm tra.",
        "quiz_print_sheet": "In đề thi",
        "quiz_print_key": "In đáp án",
        "quiz_key": "Đáp án",
        "quiz_progress": "Câu {number}/{total}",
        "quiz_several": "(chọn mọi phương án đúng)",
        "quiz_result": "Kết quả",
        "quiz_name": "Họ và tên:",
        "quiz_unit": "Đơn vị:",
        "quiz_question": "Câu",
        "quiz_see": "Xem",
        "quiz_unanswered": "Chưa trả lời.",
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
        "card": "About the resolution",
        "questions": "{count} questions",
        "question_index": "All {count} questions",
        "booklets": "{count} booklets",
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
        "feed_follow": "Follow new booklets with a news feed (Atom/RSS)",
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
        "quiz_explain": "Explanation",
        "quiz_back": "Read the answer in the booklet",
        "quiz_score": "You got {score} of {total} right.",
        "quiz_best": "Best score on this device: {score} of {total}.",
        "quiz_pick": "Pick an answer, then press Check answer.",
        "quiz_print_sheet": "Print the contest sheet",
        "quiz_print_key": "Print the answer key",
        "quiz_key": "Answer key",
        "quiz_progress": "Question {number} of {total}",
        "quiz_several": "(pick every right answer)",
        "quiz_result": "Your score",
        "quiz_name": "Name:",
        "quiz_unit": "Unit:",
        "quiz_question": "Question",
        "quiz_see": "See",
        "quiz_unanswered": "Not answered.",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The reader-facing text ``key`` in ``lang`` (Vietnamese when the language is unknown)."""
    table = TEXTS.get(lang, TEXTS["vi"])
    return table[key].format(**values)


READER_KEYS = ("text_size", "smaller", "larger", "study", "study_hint", "show_answer", "hide_answer",
               "remembered", "progress", "restart", "share", "copied", "copied_booklet", "copy_failed", "offline_title",
               "offline_action", "offline_size", "offline_choice", "offline_languages", "offline_language_done", "offline_choose", "offline_done", "offline_progress", "offline_failed",
               "offline_unsupported", "offline_preview", "updated_site", "reload", "not_found", "not_found_help",
               "home", "feed", "feed_follow", "no_translation")


def reader(lang: str) -> dict[str, str]:
    """The words of the reader's controls (toolbar, study mode, sharing, offline), unformatted."""
    table = TEXTS.get(lang, TEXTS["vi"])
    return {key: table[key] for key in READER_KEYS}


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
