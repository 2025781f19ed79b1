"""Every check code in one place: its severity, what it finds, and whether --fix can repair it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hoidap.model.findings import Severity


@dataclass(frozen=True)
class Code:
    """A check code; ``scope`` is what it looks at: a booklet (``make check``), the booklets of the docs tree
    together, or the site's mkdocs.yml (``make build``, ``make publish``)."""

    name: str
    severity: Severity
    finds: str
    fixable: bool = False
    scope: Literal["booklet", "docs", "site"] = "booklet"


CODES: dict[str, Code] = {code.name: code for code in (
    Code("front-matter", "error", "thông tin đầu tệp (YAML) sai cú pháp, thiếu trường bắt buộc, sai kiểu, "
         "ngày không hợp lệ, cấp không có trong danh sách"),
    Code("numbering", "error", "câu hỏi không được đánh số 1..N theo thứ tự: trùng, thiếu, sai thứ tự; "
         "cách viết 'Câu 1:' hay 'Câu hỏi 1.' (cảnh báo, sửa tự động được)", fixable=True),
    Code("empty-answer", "error", "câu hỏi chưa có câu trả lời"),
    Code("question-form", "warning", "tiêu đề câu hỏi không kết thúc bằng dấu '?'"),
    Code("link", "error", "liên kết tới trang hoặc tệp không tồn tại, hoặc ra ngoài thư mục docs"),
    Code("anchor", "error", "liên kết tới một mục (#...) không có trong trang"),
    Code("image", "error", "ảnh không tồn tại"),
    Code("unicode", "error", "tệp không phải UTF-8; chữ chưa chuẩn hóa NFC; ký tự vô hình, ký tự điều khiển "
         "hoặc ký tự trông giống chữ Latinh", fixable=True),
    Code("legacy-encoding", "error", "chữ gõ bằng phông cũ TCVN3 (.VnTime) hoặc VNI bị dán sang Unicode",
         fixable=True),
    Code("telex", "warning", "còn sót phím gõ Telex/VNI chưa thành chữ có dấu ('quyeets', 'ddinhj')"),
    Code("tone-style", "warning", "một tệp dùng lẫn hai kiểu bỏ dấu (hoà/hòa, uỷ/ủy) hoặc khác kiểu "
         "đã cấu hình cho trang", fixable=True),
    Code("resolution-number", "warning", "số hiệu nghị quyết viết không chuẩn ('18/NQ-TW', '21 – NQ/TW')",
         fixable=True),
    Code("raw-html", "error", "mã HTML mà trang bỏ đi khi dựng: thẻ script, style, iframe, form, svg…, thuộc tính "
         "on...= và style=, địa chỉ javascript:, ảnh từ máy chủ khác, lớp và id dành riêng cho giao diện"),
    Code("nesting", "error", "nội dung lồng nhau quá sâu (trang không dựng được): danh sách, trích dẫn, khung "
         "ghi chú, thẻ HTML lồng quá 20 tầng; chữ đậm, chữ nghiêng, ngoặc vuông lồng quá 20 tầng"),
    Code("external-link", "error", "liên kết ra ngoài không mở được (chỉ kiểm tra khi có --external)"),
    Code("quiz-options", "error", "câu trắc nghiệm không có lời câu hỏi hoặc có ít hơn hai phương án"),
    Code("quiz-correct", "error", "câu trắc nghiệm không có phương án đúng (chưa đánh dấu '- [x]')"),
    Code("quiz-duplicate", "error", "câu trắc nghiệm có hai phương án giống nhau"),
    Code("quiz-link", "error", "phần giải thích liên kết tới '#cau-N' mà tài liệu không có câu N"),
    Code("quiz-explanation", "warning", "câu trắc nghiệm thiếu dòng 'Giải thích:' có liên kết tới câu hỏi "
         "trong tài liệu"),
    Code("no-front-matter", "error", "tệp Markdown trong thư mục tài liệu docs/nghi-quyet/ không có phần thông tin "
         "đầu tệp (thường là chữ dán từ Word): trang không có trong danh mục nào"),
    Code("placeholder", "error", "còn chữ mẫu do make new viết ([CHỮ MẪU]) hoặc khung 'Chưa có câu trả lời', mục "
         "'Nội dung chưa xếp được' do lệnh nhập đặt vào"),
    Code("reporter-notes-place", "error", "khung 'Gợi ý cho báo cáo viên' nằm ngoài phần trả lời của một câu hỏi "
         "(lời giới thiệu, đầu một phần, phần trắc nghiệm, trang không phải tài liệu hỏi - đáp): không trang nào hiện"),
    Code("reporter-notes-empty", "warning", "khung 'Gợi ý cho báo cáo viên' không có nội dung (thiếu dòng thụt vào "
         "bốn dấu cách dưới dòng '!!!')"),
    Code("plan-field", "error", "kế hoạch học tập (trang có 'plan:') thiếu trường bắt buộc (title, resolutions, "
         "organiser, tên buổi) hoặc ghi sai kiểu, điểm cầu ghi sai; trường lạ (cảnh báo)"),
    Code("plan-time", "error", "buổi học tập thiếu ngày hoặc ghi ngày, giờ không hợp lệ; giờ kết thúc không sau giờ "
         "bắt đầu; chỉ có một trong hai giờ"),
    Code("plan-form", "error", "hình thức buổi học tập không phải truc-tiep, truc-tuyen hoặc ket-hop"),
    Code("plan-sessions", "error", "kế hoạch học tập chưa có buổi nào, hoặc 'sessions' không phải danh sách các buổi"),
    Code("plan-attendance", "error", "số người dự một buổi học tập ('attendance:') ghi sai: thiếu tên đơn vị, số "
         "người dự không phải số nguyên dương, số phải dự nhỏ hơn số người dự, một đơn vị ghi hai lần"),
    Code("plan-resolution", "warning", "kế hoạch học tập ghi số hiệu nghị quyết mà trang chưa có tài liệu hỏi - đáp "
         "nào (trang hiện số hiệu, không có liên kết)"),
    Code("duplicate-booklet", "warning", "hai tài liệu cho cùng một nghị quyết: cùng số hiệu, cấp, năm ban hành và "
         "ngôn ngữ (báo ở tệp thứ hai)", scope="docs"),
    Code("sample-site-url", "warning", "site_url trong mkdocs.yml vẫn là địa chỉ mẫu https://hoidap.example.org/ "
         "của bộ công cụ (báo khi chạy make build, make publish)", scope="site"),
)}
