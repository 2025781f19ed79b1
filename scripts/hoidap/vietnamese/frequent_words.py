"""Frequent Vietnamese syllables, for telling a correct word from a legacy-font word that reads the same.

Some words read as Vietnamese both as written and decoded from TCVN3 or VNI: ``Không`` is correct Unicode and also
TCVN3 for ``Khụng``. At the edge of a legacy run, such a word is taken as written when it is frequent and its
decoding is not (see :mod:`hoidap.vietnamese.legacy`). The list holds the syllables of everyday and political prose,
lower case.
"""

from __future__ import annotations

FREQUENT: frozenset[str] = frozenset("""
a ai am an anh ao ăn âm ấy
ba bà bài ban bàn bản bạn bao báo bảo bắc bằng bắt bấm bậc bên bị bí biển biết biểu bình bỏ bộ bối bổ bốn bởi
bức bước bữa buổi bút
các cách cái cải cảm cán cạnh cao cáo cáp cát câu cầu cần cấp cấu cây cha chào chăm chân chấp chất châu chế chỉ
chí chị chia chiếc chiến chiều chín chính chỗ chọn chợ chờ chủ chú chung chúng chuyển chuyên chưa chức chương
chữ có cô cố cổ cơ con còn công cộng cụ cũ của cùng cũng cuộc cuối cứ cửa cực cường
da dài dân dần dẫn dấu dẫu dòng dõi dù dung dùng dụng dục duy dựa dựng dự dưới dương
đã đại đang đảng đánh đảm đạo đáp đạt đặc đặt đâu đầu đấu đất đây đấy đề để đến đều đi đích điểm điện điều
định đó đoàn đọc đổi đối đội đồng đơn đúng đưa được đường
em
gắn gắng gặp gần giá giả giải giám gian giao giáo giảm giờ giới giữ giữa giúp gì gia góp gõ gốc gồm gửi
hai hàng hành hạn hạnh hãy hay hẳn hậu hết hệ hiện hiểu hiệu hình họ hoà hòa hoá hóa học hoạch hoạt hỏi hội
hơn hồ hợp huyện hướng hữu hưởng
in ích
kém kế kết khác khai khăn khẩu khi khí khó khoa khoá khóa khỏe khoẻ không khu khuyến khích kiểm kiến kinh kỳ
kỷ kỹ
là lại làm lãnh lần lập lấy lên lệ lịch liên liệu lo lòng lớn lời lợi luận luật lúc luôn lực lượng lưu
mà mã mạnh mặt mấy mẫu minh mình mọi môi mỗi một mới mục muốn mức mười
này nào nay năm nắm năng nâng nên nền nếu ngay ngày ngoài ngồi ngũ người nghị nghĩa nghiệp nghiên nghệ nguồn nguyên
nhau nhân nhận nhanh nhà nhằm nhất nhiều nhiệm nhìn như nhưng những nhỏ nhớ nó nói núi nội nông nơi nữ nữa nước
ông ở
phải phần pháp phát phép phố phong phòng phối phụ phúc phủ phương
qua quả quan quán quân quản quốc quy quý quyền quyết
ra rất rằng riêng rõ rồi rộng
sai sản sao sát sau sáng sách sâu sẽ số sở sớm sông sống sơ sử sức sự sửa
tác tài tại tạo tăng tầm tập tịch tất tế theo thế thêm thể thì thị thiết thiện thống thông thời thuận thuật thúc
thức thực thương thường thứ thư tích tiếp tiêu tiền tiến tiếng tin tình tỉnh tính tìm toàn tốt tổ tổng tôi tôn
tồn tới trả trách trên trình trị trò trong trọng trở trợ trung trước trường truyền trưởng trực tục tuy tuyên tư từ tự
từng tưởng tham than thanh thành thảo
và vai vào vấn vẫn vậy vận về vệ vì ví việc viên viết việt vốn vô vụ vùng vững vừa vực vượt
xã xây xem xét xử xuất xuyên xúc
y ý yêu yếu ủy uỷ
án bán ít hoàn nhóm phân phí phù tâm tên tháng thôn trí tín
""".split())
