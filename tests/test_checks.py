"""Individual checks on small texts: what each finds, where, and what it leaves alone."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hoidap.checking.checks import (
    Prose,
    Settings,
    check,
    check_numbers,
    check_raw_html,
    check_tones,
    check_unicode,
    load,
)
from hoidap.model.booklet import read_document
from hoidap.model.docstree import DocsTree

FULL = (Path(__file__).parent / "fixtures" / "full.md").read_text(encoding="utf-8")


def prose(text: str) -> Prose:
    return Prose(list(enumerate(text.split("\n"), 1)))


def codes(findings) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in findings]


def test_tone_style_configured_flags_every_other_word_even_alone():
    text = "Giữ vững hoà bình.\nThuỷ lợi."
    assert codes(check_tones("x.md", prose(text), "old")) == [(1, "tone-style"), (2, "tone-style")]
    assert check_tones("x.md", prose(text), "new") == []
    assert check_tones("x.md", prose(text), None) == [], "one style throughout is fine without configuration"


def test_tone_style_mixed_in_nfd_text_is_still_found():
    text = unicodedata.normalize("NFD", "hoà bình\nhòa hợp\nhòa giải")
    assert codes(check_tones("x.md", prose(text), None)) == [(1, "tone-style")]


def test_coda_syllables_are_the_same_in_both_styles():
    assert check_tones("x.md", prose("kế hoạch, hoàn thành, quý báu, thuyết trình, hòa"), None) == []


@pytest.mark.parametrize("line", [
    '<script src="x.js"></script>', "<IFRAME src=x>", '<img src="a.png" onerror="alert(1)">',
    "[bấm](javascript:alert(1))", '<a href="javascript:void(0)">x</a>', "<object data=x>", "<embed src=x>",
])
def test_raw_html_dangers(line):
    found = codes(raw_html(f"Đoạn văn.\n{line}"))
    assert found and all(code == (2, "raw-html") for code in found)


@pytest.mark.parametrize("line", ["<b>đậm</b> và <a href=\"https://a.vn\">liên kết</a>", "Lưu ý: onion = hành",
                                  "<img src=\"logo.svg\" alt=\"x\">", "Viết javascript là một ngôn ngữ."])
def test_harmless_html_and_words(line):
    assert raw_html(line) == []


def raw_html(text: str):
    return check_raw_html("x.md", read_document(text, "x.md"))


@pytest.mark.parametrize(("text", "right"), [
    ("Nghị quyết 18/NQ-TW", "18-NQ/TW"), ("số 21 – NQ/TW", "21-NQ/TW"), ("Chỉ thị 05/CT-TW", "05-CT/TW"),
    ("Nghị quyết 09-NQ/TU của Tỉnh ủy", None), ("18-NQ/TW", None), ("tệp 19-nq-tw.md", None),
])
def test_resolution_numbers(text, right):
    found = check_numbers("x.md", prose(text))
    assert [right in f.message for f in found] == ([True] if right else [])


def test_unicode_findings():
    text = "Dòng đúng.\nNghi\u0323 quyết\nban\u200bhành\nchữ Кirin\nđiều\x07khiển"
    assert codes(check_unicode("x.md", text)) == [(2, "unicode"), (3, "unicode"), (4, "unicode"), (5, "unicode")]
    assert check_unicode("x.md", "Tất cả đều đúng.\n\tthụt lề bằng Tab trong mã\r\n") == []


def test_checks_skip_code(tmp_path):
    text = FULL.replace("Tại chi bộ.", "Tại chi bộ.\n\n```\n18/NQ-TW <script> Tæ quèc quyeets\n```\n\n"
                        "Xem `18/NQ-TW` và `<iframe>`.")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, "x.md"), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    assert findings == []


def test_link_problems_map_to_codes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/khac.md").write_text("# Khác\n\n## Phần I. Đổi mới\n", encoding="utf-8")
    body = ("[1](khac.md) [2](khong-co.md) [3](khac.md#phan-i-doi-moi) [4](khac.md#cau-9) "
            "![5](anh.png) [6](../../ngoai.md) [7](/tuyet-doi.md) [8](https://example.vn)")
    (tmp_path / "a/x.md").write_text(FULL.replace("Tại chi bộ.", body), encoding="utf-8")
    findings, external = check(load(tmp_path, "a/x.md"), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    assert sorted(f.code for f in findings) == ["anchor", "image", "link", "link", "link"]
    assert external == ["https://example.vn"]


# One pass finds everything: a front matter that cannot be read, or has errors, hides nothing of the body. ---------

BODY = """
Nghij quyeets ban\u200bhành.

## Câu 1. Ai ban hành?

Bộ Chính trị, xem [trang khác](khong-co.md).

## Câu 3. Khi nào?

## Trắc nghiệm

Ai ban hành nghị quyết?

- [x] Bộ Chính trị
- [ ] Quốc hội

Giải thích: xem [Câu 1](#cau-1).
"""
BODY_FINDINGS = [(2, "telex"), (2, "telex"), (2, "unicode"), (6, "link"), (8, "empty-answer"), (8, "numbering")]
FRONT = FULL.split("---\n")[1].rstrip("\n").split("\n")  # the 13 lines between the two '---'


@pytest.mark.parametrize(("name", "broken", "line"), [
    ("yaml-tab", lambda front: [*front[:3], "\tnumber: x", *front[4:]], 5),
    ("yaml-quote", lambda front: [f'{front[0]} "còn thừa"', *front[1:]], 2),
    ("missing-updated", lambda front: [f for f in front if not f.startswith("updated:")], 1),
    ("wrong-type", lambda front: [f if not f.startswith("tags:") else "tags: {a: b}" for f in front], 12),
    ("unclosed", None, 1),
])
def test_a_broken_front_matter_hides_no_finding_of_the_body(tmp_path, name, broken, line):
    """YAML that does not parse, a missing or mistyped field: the body is still checked, at the file's line numbers,
    and the quiz's link to question 1 is not reported as a link to a question the booklet lacks."""
    front = broken(FRONT) if broken else FRONT
    text = "---\n" + "\n".join(front) + ("\n---\n" if broken else "\n") + BODY
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, "x.md"), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    shift = len(front) + (2 if broken else 1)
    assert ("front-matter", line) in [(f.code, f.line) for f in findings], [f.format() for f in findings]
    body = sorted((f.line - shift, f.code) for f in findings if f.code != "front-matter" and f.line > shift)
    if broken is None:  # never closed: the front matter's lines are read as the body too, nothing more is found
        body = [(n, code) for n, code in body if n > 0]
    assert body == BODY_FINDINGS, [f.format() for f in findings]
    assert "quiz-link" not in {f.code for f in findings}


def test_a_quiz_link_to_a_missing_question_is_still_found_when_the_front_matter_is_broken(tmp_path):
    text = "---\ntitle: [\n---\n" + BODY.replace("#cau-1", "#cau-7")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, "x.md"), None, Settings())
    assert [f.message for f in findings if f.code == "quiz-link"] == [
        "phần giải thích của câu trắc nghiệm 1 liên kết tới '#cau-7' nhưng tài liệu chỉ có Câu 1 đến Câu 3; "
        "sửa số câu cho đúng câu nêu đáp án."]


# no-front-matter, placeholder, duplicate-booklet ----------------------------------------------------------------

PASTED = "HỎI - ĐÁP NGHỊ QUYẾT\n\nCâu 1. Ai ban hành?\n\nBộ Chính trị.\n"


@pytest.mark.parametrize(("path", "text", "expected"), [
    ("nghi-quyet/tinh/dan.md", PASTED, [(1, "no-front-matter")]),
    ("nghi-quyet/dan.md", "## Câu 1. Ai ban hành?\n\nBộ Chính trị.\n", [(1, "no-front-matter")]),  # not 7 fields
    ("index.md", PASTED, []), ("huong-dan/ghi-chu.md", PASTED, []), ("tra-cuu/theo-nam.md", PASTED, []),
    ("nghi-quyet/tinh/trang.md", "---\ntitle: Các nghị quyết cấp tỉnh\n---\n\nDanh sách.\n", []),
    ("nghi-quyet-cu/x.md", PASTED, []),
])
def test_no_front_matter_only_in_the_booklet_folder(tmp_path, path, text, expected):
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, path), DocsTree(tmp_path, ["vi", "en"], "vi"), Settings())
    assert codes(findings) == expected, [f.format() for f in findings]


def test_placeholders_of_make_new_and_of_the_importer_and_nothing_else(tmp_path):
    from hoidap.authoring.placeholder import EMPTY_ANSWER, TEMPLATE_BODY, UNPLACED_HEADING
    body = (TEMPLATE_BODY + "\n### Câu 2. Có gì?\n\n" + EMPTY_ANSWER + f"\n\n## {UNPLACED_HEADING}\n\nMột đoạn.\n\n"
            "```markdown\n[CHỮ MẪU] trong khối mã\n!!! note \"Chưa có câu trả lời\"\n```\n\n"
            "Câu hỏi này hiện chưa có câu trả lời chính thức; viết câu trả lời ở đây là việc của tổ biên soạn.\n\n"
            '!!! note "Chưa có câu trả lời chính thức"\n\n    Ghi chú thật.\n')
    text = FULL.split("\n\nLời giới thiệu ngắn.")[0] + "\n\n" + body
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    findings, _ = check(load(tmp_path, "x.md"), None, Settings())
    lines = text.split("\n")
    fence = lines.index("```markdown") + 1
    wanted = [n for n, line in enumerate(lines[:fence], 1) if line.startswith(
        ("[CHỮ MẪU]", "### Câu 1. [CHỮ MẪU]", '!!! warning "Chưa', f"## {UNPLACED_HEADING}"))]
    assert len(wanted) == 5
    assert codes(findings) == [(n, "placeholder") for n in wanted], [f.format() for f in findings]


def test_an_earlier_template_without_the_mark_is_caught_too(tmp_path):
    text = FULL.replace("Tại chi bộ.", "Viết câu trả lời ngắn gọn, dễ hiểu, dễ nhớ ở đây.")
    (tmp_path / "x.md").write_text(text, encoding="utf-8")
    assert codes(check(load(tmp_path, "x.md"), None, Settings())[0]) == [(43, "placeholder")]


def _booklet(number: str = "19-NQ/TW", level: str = "trung-uong", issued: str = "2022-06-16") -> str:
    return (FULL.replace('"19-NQ/TW"', f'"{number}"').replace("level: trung-uong", f"level: {level}")
            .replace("issued: 2022-06-16", f"issued: {issued}"))


def test_duplicate_booklets_are_reported_on_the_second_file_naming_the_first(tmp_path):
    from hoidap.checking.checker import check_tree
    docs = tmp_path / "docs"
    files = {"nghi-quyet/trung-uong/b.md": _booklet(), "nghi-quyet/tinh/a.md": _booklet("19/nq-tw"),
             "nghi-quyet/trung-uong/c.md": _booklet(level="tinh"),  # same number, other level
             "nghi-quyet/trung-uong/d.md": _booklet(issued="2008-03-01"),  # numbers start again each term
             "nghi-quyet/trung-uong/b.en.md": _booklet(),  # a translation
             "nghi-quyet/trung-uong/e.md": _booklet("20-NQ/TW")}
    for path, text in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    for workers, paths in ((1, None), (2, [*sorted(files), *(f"nghi-quyet/x{i}.md" for i in range(64))])):
        for index in range(64):  # enough files for check.py's worker processes
            (docs / f"nghi-quyet/x{index}.md").write_text(_booklet(f"{100 + index}-NQ/TW"), encoding="utf-8")
        report = check_tree(docs, ["vi", "en"], "vi", Settings(), paths, workers=workers)
        found = [f for f in report.findings if f.code == "duplicate-booklet"]
        assert [(f.path, f.line, f.severity) for f in found] == [("nghi-quyet/trung-uong/b.md", 4, "warning")]
        assert "'nghi-quyet/tinh/a.md'" in found[0].message and "19-NQ/TW" in found[0].message
        assert [f for f in report.findings if f.code != "duplicate-booklet" and f.code != "resolution-number"] == []


def test_front_matter_hints_never_suggest_a_sample_booklets_values(tmp_path):
    """Every field missing, then every field of the wrong type: no hint holds a number, title, summary, date or
    compiling board of the kit's sample booklets, which an author might copy."""
    import yaml
    samples = []
    for path in (Path(__file__).parent.parent / "docs/nghi-quyet").rglob("*.md"):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        resolution = data["resolution"]
        samples += [data["title"], resolution["number"], resolution["name"], data["compiled_by"],
                    str(resolution["issued"]), str(data["updated"])]
    wrong = "title: [1]\nresolution:\n  number: [1]\n  name: [1]\n  issuer: [1]\n  issued: [1]\nlevel: [1]\n" \
            "compiled_by: [1]\nupdated: [1]\ntags: {a: 1}\n"
    messages = []
    for front in ("resolution: {}\n", wrong):
        (tmp_path / "x.md").write_text(f"---\n{front}---\n\n## Câu 1. Hỏi?\n\nĐáp.\n", encoding="utf-8")
        messages += [f.message for f in check(load(tmp_path, "x.md"), None, Settings())[0] if f.code == "front-matter"]
    assert len(messages) > 15
    assert not [(value, m) for m in messages for value in samples if value in m]
