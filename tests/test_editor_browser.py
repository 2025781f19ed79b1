"""The local web editor end to end in Chromium, on a copy of the project: a booklet made through the form passes
the checker and is on the built home page; the form refuses a missing field and an incomplete date in Vietnamese,
the server refuses a booklet the checker rejects; saving one field of a sample changes that line only."""

from __future__ import annotations

import difflib
import re
import threading
from pathlib import Path

import lxml.html
import pytest
from hoidap.checking.checker import check_tree
from hoidap.checking.checks import Settings
from hoidap.editing.server import Editor, EditorServer
from hoidap.model import siteconfig
from hoidap.publishing import workspace
from PIL import Image
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
QUESTIONS = ("Nghị quyết giới thiệu chuyển đổi số của tỉnh.\n\n"
             "## Câu 1. Nghị quyết ban hành ngày nào?\n\nNgày 15/3/2023.\n\n"
             "## Câu 2. Cơ quan nào ban hành nghị quyết?\n\nBan Chấp hành Đảng bộ tỉnh.\n\n"
             "## Câu 3. Chi bộ học tập nghị quyết thế nào?\n\nTheo kế hoạch của cấp ủy.")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """The editor's server on a copy of the project: (project folder, /admin/ address)."""
    project = workspace.copy_project(ROOT, tmp_path_factory.mktemp("editor") / "project")
    server = EditorServer(Editor(siteconfig.read(project / "mkdocs.yml"), ROOT / "editor"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project, server.url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, editor):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def open_entry(page, url: str, route: str) -> None:
    page.goto(f"{url}#/collections/{route}")
    expect(page.get_by_label("Tiêu đề tài liệu")).to_be_visible()


def fill_booklet(page, number: str, body: str) -> None:
    page.get_by_label("Tiêu đề tài liệu").fill(f"Hỏi - đáp Nghị quyết số {number} về chuyển đổi số")
    page.get_by_label("Số hiệu").fill(number)
    page.get_by_label("Trích yếu").fill("về chuyển đổi số tỉnh đến năm 2030")
    page.get_by_label("Cơ quan ban hành").fill("Ban Chấp hành Đảng bộ tỉnh")
    page.get_by_label("Ngày ban hành").fill("2023-03-15")
    page.get_by_label("Đơn vị biên soạn").fill("Ban Tuyên giáo Tỉnh ủy")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type(body)


def save(page) -> None:
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Lưu ngay", exact=True).click()


def test_a_booklet_made_in_the_form_passes_the_checker_and_is_on_the_home_page(page, editor, tmp_path):
    project, url = editor
    picture = tmp_path / "Ảnh Hội nghị.PNG"
    Image.new("RGB", (8, 8), "#a01010").save(picture, "PNG")
    page.goto(url)
    page.get_by_role("button", name="Ảnh và tệp").click()
    page.set_input_files("input[type=file]", str(picture))
    expect(page.get_by_text("anh-hoi-nghi.png")).to_be_visible()  # the name made safe
    assert (project / "docs/assets/anh/anh-hoi-nghi.png").read_bytes() == picture.read_bytes()
    page.keyboard.press("Escape")
    expect(page.get_by_text("anh-hoi-nghi.png")).to_be_hidden()
    open_entry(page, url, "nghi-quyet-tinh/new")
    missing = page.evaluate("""() => {
        const flat = (o, p) => Object.entries(o).flatMap(([k, v]) =>
            v && typeof v === "object" ? flat(v, p + k + ".") : [p + k])
        const vi = new Set(flat(CMS.getLocale("vi"), ""))
        return flat(CMS.getLocale("en"), "").filter(key => !vi.has(key))
    }""")
    assert missing == []  # every string of the interface has its Vietnamese
    fill_booklet(page, "05-NQ/TU", QUESTIONS + "\n\n![Hội nghị học tập](../../assets/anh/anh-hoi-nghi.png)")
    preview = page.frame_locator("iframe").first
    expect(preview.get_by_text("Kiểm tra: không có lỗi nào.")).to_be_visible()
    save(page)
    expect(page.get_by_text("Đã lưu tài liệu")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/entries/05-nq-tu$"))

    written = project / "docs/nghi-quyet/tinh/05-nq-tu.md"
    text = written.read_text("utf-8")
    assert "## Câu 3. Chi bộ học tập nghị quyết thế nào?\n\nTheo kế hoạch của cấp ủy.\n" in text
    assert "  issued: 2023-03-15\n" in text and "level: tinh\n" in text
    site = siteconfig.read(project / "mkdocs.yml")
    report = check_tree(site.docs_dir, list(site.languages), site.default_language, Settings())
    assert report.errors == []
    build = workspace.mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    home = lxml.html.parse(str(tmp_path / "site/index.html")).getroot()
    assert "05-NQ/TU" in home.text_content()
    assert (tmp_path / "site/nghi-quyet/tinh/05-nq-tu/index.html").is_file()
    booklet = lxml.html.parse(str(tmp_path / "site/nghi-quyet/tinh/05-nq-tu/index.html")).getroot()
    assert booklet.xpath("//img[@alt='Hội nghị học tập']")
    assert not (tmp_path / "site/admin").exists()  # readers' site: nothing of the editor
    origin = url.removesuffix("/admin/")
    assert [u for u in page.requested if not u.startswith((origin, "blob:", "data:"))] == []


def test_the_form_and_the_checker_refuse_a_broken_booklet_in_vietnamese(page, editor):
    project, url = editor
    folder = project / "docs/nghi-quyet/huyen"
    open_entry(page, url, "nghi-quyet-huyen/new")
    page.get_by_label("Tiêu đề tài liệu").fill("Hỏi - đáp Nghị quyết số 07-NQ/HU")
    date = page.get_by_label("Ngày ban hành")
    date.click()
    page.keyboard.type("1503")  # day and month, no year: not a date
    save(page)
    expect(page.get_by_text("Còn trường bắt buộc chưa điền hoặc điền chưa đúng").first).to_be_visible()
    for label in ("Số hiệu", "Trích yếu", "Ngày ban hành", "Đơn vị biên soạn"):
        expect(page.get_by_text(f"Chưa điền {label}: trường này bắt buộc.")).to_be_visible()
    assert not folder.exists()

    page.get_by_label("Tiêu đề tài liệu").fill("")
    fill_booklet(page, "07-NQ/HU", QUESTIONS.replace("## Câu 3.", "## Câu 4."))
    preview = page.frame_locator("iframe").first
    expect(preview.get_by_text("sau câu 2 là Câu 4: thiếu Câu 3")).to_be_visible()
    save(page)
    expect(page.get_by_text(re.compile(r"^Chưa lưu: nghi-quyet/huyen/07-nq-hu\.md còn 1 lỗi nên chưa được ghi"
                                       r".*thiếu Câu 3", re.S))).to_be_visible()
    assert not (folder / "07-nq-hu.md").exists()


def test_saving_a_sample_changes_only_the_edited_lines(page, editor):
    project, url = editor
    path = project / "docs/nghi-quyet/trung-uong/19-nq-tw.md"
    before = path.read_text("utf-8")
    item = "4. Tổ chức thực hiện."
    page.clock.install()  # time flows as usual; run_for below moves it on at once
    open_entry(page, url, "nghi-quyet-trung-uong/entries/19-nq-tw")
    expect(page.get_by_label("Số hiệu")).to_have_value("19-NQ/TW")
    page.get_by_label("Mô tả ngắn").fill("Tài liệu mẫu, mô tả sửa trong trình soạn thảo.")
    line = page.locator("[contenteditable=true]").last.get_by_text(item, exact=True)
    # The caret to the line's end by a click there, as an author does. The editor (slate-react) reads the page's
    # caret on a 100 ms throttle, and a caret moved again at once (a click, then End) was read late: CI once typed
    # where the click had landed, once the first key at the end and the rest there. One click at the end leaves no
    # older caret to fall back on; the page's clock is then run past the throttle rather than waited on.
    box = line.bounding_box()
    line.click(position={"x": box["width"] - 1, "y": box["height"] / 2})
    page.clock.run_for(250)
    page.keyboard.type(" (phần cuối)")
    save(page)
    expect(page.get_by_text("Đã lưu tài liệu")).to_be_visible()
    after = path.read_text("utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [next("-" + line for line in before.splitlines() if line.startswith("description:")),
                       '+description: "Tài liệu mẫu, mô tả sửa trong trình soạn thảo."',
                       "-" + item, "+" + item.removesuffix(".") + ". (phần cuối)"]
