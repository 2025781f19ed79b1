"""The checks: each code in codes.py turned into findings for one file of a docs tree."""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from hoidap.authoring.placeholder import MARK, UNPLACED_HEADING, find_placeholders
from hoidap.authoring.placement import number_key
from hoidap.checking import raw_html
from hoidap.checking.prose_mask import blank_non_prose
from hoidap.model.blocks import Link
from hoidap.model.booklet import Booklet, Document, Question, read_body, read_document, read_text
from hoidap.model.codes import CODES
from hoidap.model.docstree import DocsTree
from hoidap.model.findings import BookletError, Finding
from hoidap.model.frontmatter import lines_of
from hoidap.model.plan import NUMBERED
from hoidap.model.reporter_notes import NOTES_TITLE
from hoidap.model.schema import BOOKLET_FOLDER, LEVEL_KEYS, QUESTION_LABELS
from hoidap.vietnamese import legacy, telex, tones

INVISIBLE = {"\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
             "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE", "\u00ad": "SOFT HYPHEN",
             "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
             "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}
INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LOOKALIKE_WORD = re.compile(r"\w*[\u0370-\u03ff\u0400-\u04ff]\w*")
_LATIN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
# A Party document number written another way (18/NQ-TW, 21 – NQ/TW). Only Party committees number so: state
# documents write 01/NQ-CP on purpose, and 123-NQ-ABCD is some other code. Never inside an address or a file name.
PARTY_ISSUERS = ("TW", "TU", "HU", "QU", "ĐUK", "ĐU", "BCS", "ĐĐ", "CB")
RESOLUTION_NUMBER = re.compile(r"(?<![\w/.=?&#%+-])(\d{1,4})\s*[-–—/]\s*(NQ|CT|KL|QĐ)\s*[-/–—]\s*("
                               + "|".join(PARTY_ISSUERS) + r")(?![\w/-]|\.\w)")
_NUMBER_KIND = re.compile("NQ|CT|KL|QĐ")
_LOOKALIKE = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_LINK_MARKS = ("](", "]:", "<")
_LEGACY_BYTES = {"\u00ad"} | {chr(code) for code in range(0x80, 0xA0)}  # TCVN3 "ư"; C1 bytes of mis-read UTF-8


def canonical_number(match: re.Match) -> str:
    """``18/NQ-TW`` → ``18-NQ/TW``: number, hyphen, kind, slash, issuer, upper case."""
    return f"{match.group(1)}-{match.group(2).upper()}/{match.group(3).upper()}"


@dataclass
class Settings:
    """What the checks read from mkdocs.yml: the site's tone style, if it sets one."""

    tone_style: tones.Style | None = None


@dataclass
class Source:
    """One Markdown file as read for checking: its text and document, or why it could not be read."""

    path: str
    text: str | None
    document: Document | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def booklet(self) -> Booklet | None:
        return self.document.booklet if self.document else None


def load(docs_dir: Path, path: str) -> Source:
    """Read ``docs_dir/path``; a file that cannot be read gives findings, never an exception."""
    try:
        text = read_text(docs_dir / path, path)
    except BookletError as error:
        return Source(path, None, None, list(error.findings))
    except OSError as error:
        return Source(path, None, None, [_finding(path, 1, "unicode", f"không đọc được tệp: {error.strerror}.")])
    return source_of(path, text)


def source_of(path: str, text: str) -> Source:
    """The text of ``path`` (decoded, as the file would hold it) read for checking: a draft not yet written too."""
    try:
        document = read_document(text, path)
    except BookletError as error:  # the body is still read and checked: one pass finds every mistake
        document = read_body(text, path, list(error.findings))
    return Source(path, text, document, list(document.findings))


def check(source: Source, tree: DocsTree | None, settings: Settings) -> tuple[list[Finding], list[str]]:
    """All findings for ``source`` (but external links) and the external URLs it links to."""
    findings = list(source.findings)
    if source.text is None:
        return findings, []
    findings += check_unicode(source.path, source.text)
    document = source.document
    if document is None:
        return findings, []
    too_deep = any(f.code == "nesting" for f in findings)  # Markdown would recurse past Python's limit
    if not too_deep:
        findings += check_raw_html(source.path, document)
    missing = check_front_matter_present(source.path, document)
    if missing:  # said once, not as each field missing
        findings = [f for f in findings if f.code != "front-matter"] + missing
    text = Prose(_text_lines(source.text, document))
    findings += check_placeholders(source.path, text)
    findings += check_legacy(source.path, text)
    findings += check_telex(source.path, text)
    findings += check_tones(source.path, text, settings.tone_style)
    findings += check_numbers(source.path, text)
    if document.is_booklet:
        findings += check_questions(source.path, document.questions)
    findings += check_reporter_notes(source.path, document)
    if document.plan is not None and tree is not None:
        findings += check_plan_resolutions(source.path, document, tree)
    quiz_findings = check_quiz(source.path, document)
    findings += quiz_findings
    external: list[str] = []
    if tree is not None and not too_deep:  # too deep to scan for links
        link_findings, external = check_links(source.path, document, tree)
        reported = {f.line for f in quiz_findings if f.code == "quiz-link"}  # said once, as a quiz error
        findings += [f for f in link_findings if not (f.code == "anchor" and f.line in reported)]
    return findings, external


def _text_lines(text: str, document: Document) -> list[tuple[int, str]]:
    """Front-matter lines and body prose (code, link targets, addresses and markup blanked), with file line
    numbers."""
    head = lines_of(text.lstrip("\ufeff"))[: document.body_line - 1]
    lines = [(index + 1, line) for index, line in enumerate(head)] + document.blocks.prose
    return [(number, blank_non_prose(line)) for number, line in lines]


class Prose:
    """The prose of a file (front matter and body, code blanked) as one string, so each check runs one
    regex pass over the whole file instead of one call per line; ``line_at`` maps an offset to its line."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.numbers = [number for number, _ in lines]
        self.text = "\n".join(line for _, line in lines)
        self.starts = list(accumulate((len(line) + 1 for _, line in lines[:-1]), initial=0))

    def line_at(self, offset: int) -> int:
        return self.numbers[bisect_right(self.starts, offset) - 1] if self.numbers else 1


def check_unicode(path: str, text: str) -> list[Finding]:
    findings = []
    if text.isascii() and not _CONTROL.search(text):
        return findings
    quick = unicodedata.is_normalized("NFC", text) and not INVISIBLE_RE.search(text) \
        and not _LOOKALIKE.search(text) and not _CONTROL.search(text)
    if quick:
        return findings
    for number, line in enumerate(lines_of(text.lstrip("\ufeff")), 1):
        legacy_chars = set() if line.isascii() else _inside_legacy(line)
        if not line.isascii():
            if unicodedata.normalize("NFC", line) != line:
                findings.append(_finding(path, number, "unicode", (
                    "chữ chưa được chuẩn hóa Unicode NFC (dấu tách rời khỏi chữ, thường do dán từ PDF hay "
                    "máy Mac); tìm kiếm và liên kết sẽ không khớp. Chạy 'make fix' để sửa.")))
            for char in sorted(set(INVISIBLE_RE.findall(line)) - legacy_chars):
                findings.append(_finding(path, number, "unicode", (
                    f"có ký tự vô hình U+{ord(char):04X} ({INVISIBLE[char]}); xóa ký tự này "
                    "(hoặc chạy --fix).")))
            for word in _LOOKALIKE_WORD.findall(line):
                if _LATIN.search(word):
                    findings.append(_finding(path, number, "unicode", (
                        f"từ '{word}' lẫn chữ Kirin/Hy Lạp trông giống chữ Latinh; gõ lại từ này "
                        "bằng bàn phím tiếng Việt.")))
        for char in sorted(set(_CONTROL.findall(line)) - legacy_chars):
            findings.append(_finding(path, number, "unicode", (
                f"có ký tự điều khiển U+{ord(char):04X}, không hiển thị được; xóa ký tự này.")))
    return findings


def _inside_legacy(line: str) -> set[str]:
    """Soft hyphens and control characters of ``line`` that all belong to legacy text: a TCVN3 "ư" (U+00AD) or a
    byte of mis-read UTF-8, reported as legacy-encoding, not as invisible characters."""
    odd = set(INVISIBLE_RE.findall(line)) | set(_CONTROL.findall(line))
    if not odd or not (odd & _LEGACY_BYTES):
        return set()
    covered = [False] * len(line)
    for span in legacy.find_legacy(line):
        covered[span.start:span.end] = [True] * (span.end - span.start)
    return {char for char in odd & _LEGACY_BYTES
            if all(covered[i] for i, c in enumerate(line) if c == char)}


def check_raw_html(path: str, document: Document) -> list[Finding]:
    """What the sanitizer removes from the page when the site is built (hoidap.checking.raw_html), line by line.
    Front-matter values need no check: they reach every page escaped, as text."""
    return [_finding(path, line, "raw-html", raw_html.message(removal))
            for line, removal in raw_html.removals(document.blocks)]


def check_front_matter_present(path: str, document: Document) -> list[Finding]:
    """A Markdown file in the booklet folder opens with front matter: without it (a text pasted from Word) the
    page would be built, but listed nowhere."""
    if document.body_line > 1 or not path.startswith(f"{BOOKLET_FOLDER}/"):
        return []
    return [_finding(path, 1, "no-front-matter", (
        f"tệp nằm trong thư mục tài liệu {BOOKLET_FOLDER}/ nhưng không có phần thông tin đầu tệp (các dòng giữa hai "
        "dòng '---' ở đầu tệp: title, resolution, level, compiled_by, updated). Chạy 'make new' để tạo tài liệu "
        "đúng mẫu rồi chép nội dung sang, hoặc chép phần thông tin đầu tệp của một tài liệu mẫu và sửa từng trường; "
        f"trang không phải tài liệu hỏi - đáp thì đặt ngoài thư mục {BOOKLET_FOLDER}/."))]


_PLACEHOLDER_MESSAGES = {
    "template": f"còn chữ mẫu do 'make new' viết (dòng có '{MARK}'): viết nội dung thật thay cho cả dòng này.",
    "empty-answer": ("còn khung 'Chưa có câu trả lời' do lệnh nhập đặt vào: viết câu trả lời thay cho khung này "
                     "(xóa cả dòng '!!!' và dòng chữ thụt lề dưới nó)."),
    "unplaced": (f"còn mục '{UNPLACED_HEADING}' do lệnh nhập đặt vào: chuyển từng nội dung trong mục về đúng câu "
                 "hỏi (hoặc xóa nếu thừa) rồi xóa cả mục này."),
}


def check_placeholders(path: str, prose: Prose) -> list[Finding]:
    """Text the kit wrote for the author to replace (hoidap.authoring.placeholder), one finding a line."""
    lines = {(prose.line_at(offset), what) for offset, what in find_placeholders(prose.text)}
    return [_finding(path, line, "placeholder", _PLACEHOLDER_MESSAGES[what]) for line, what in sorted(lines)]


def check_legacy(path: str, prose: Prose) -> list[Finding]:
    findings = []
    for span in legacy.find_legacy(prose.text):
        if span.encoding == "cp1252":
            what = "là chữ UTF-8 bị mở nhầm bằng bảng mã Windows-1252 (lỗi bảng mã)"
        else:
            what = "là chữ gõ bằng phông cũ " + ("TCVN3 (.VnTime)" if span.encoding == "tcvn3" else "VNI (VNI-Times)")
        if span.certain:
            how = f"đọc đúng là '{span.converted}'. Chạy 'make fix' để chuyển sang Unicode."
        else:
            how = "đã mất một byte nên không đoán chắc được chữ gốc: gõ lại đoạn này bằng bộ gõ Unicode."
        findings.append(_finding(path, prose.line_at(span.start), "legacy-encoding",
                                 f"'{span.original}' {what}, {how}"))
    return findings


def check_telex(path: str, prose: Prose) -> list[Finding]:
    return [_finding(path, prose.line_at(span.start), "telex", (
        f"'{span.word}' có vẻ là phím gõ Telex/VNI chưa thành chữ; có phải là '{span.suggestion}'?"))
        for span in telex.find_telex(prose.text)]


_STYLE_HINTS = {  # a precomposed word in each style; "uý" also matches quý, which is the same in both
    "old": re.compile(r"(?:[òóỏõọÒÓỎÕỌ][aeAE]|[ùúủũụÙÚỦŨỤ][yY])(?!\w)"),
    "new": re.compile(r"(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)"),
}


def check_tones(path: str, prose: Prose, configured: tones.Style | None) -> list[Finding]:
    if unicodedata.is_normalized("NFC", prose.text):  # skip the word-by-word pass when one style can't be wrong
        present = [style for style, hint in _STYLE_HINTS.items() if hint.search(prose.text)]
        mixed = len(present) == 2 if configured is None else any(style != configured for style in present)
        if not mixed:
            return []
    spans = tones.find_tones(prose.text)
    if not spans:
        return []
    counts = Counter(span.style for span in spans)
    target = configured or (counts.most_common(1)[0][0] if len(counts) > 1 else None)
    if target is None:
        return []
    names = {"old": "kiểu cũ (hòa, thủy)", "new": "kiểu mới (hoà, thuỷ)"}
    reason = "trang quy định" if configured else "tệp này chủ yếu dùng"
    return [_finding(path, prose.line_at(span.start), "tone-style", (
        f"'{span.word}' bỏ dấu {names[span.style]}, còn {reason} {names[target]}: viết '{span.other}' "
        "(hoặc chạy --fix)."))
        for span in spans if span.style != target]


def check_numbers(path: str, prose: Prose) -> list[Finding]:
    findings = []
    text, seen = prose.text, set()
    for kind in _NUMBER_KIND.finditer(text):  # look only around "NQ", "CT"…: one regex pass over a window
        start = max(0, kind.start() - 12)
        match = RESOLUTION_NUMBER.search(text, start, kind.end() + 24)
        if match is None or match.span() in seen or match.start() > kind.start():
            continue
        seen.add(match.span())
        right = canonical_number(match)
        if match.group(0) != right:
            findings.append(_finding(path, prose.line_at(match.start()), "resolution-number", (
                f"số hiệu '{match.group(0)}' viết chưa chuẩn; viết '{right}' (số, gạch nối, loại văn bản, "
                "gạch chéo, cơ quan). Chạy --fix để sửa.")))
    return findings


def check_questions(path: str, questions: list[Question]) -> list[Finding]:
    findings = []
    seen: dict[int, int] = {}
    expected = 1
    for question in questions:
        label, line = question.label, question.heading.line
        if not label.canonical:
            right = f"{QUESTION_LABELS['en'] if label.label.lower() == 'question' else QUESTION_LABELS['vi']} "
            findings.append(_finding(path, line, "numbering", (
                f"viết '{right}{label.number}.' (nhãn, số, dấu chấm) thay cho "
                f"'{question.heading.text[: len(question.heading.text) - len(label.text)].strip()}'; "
                "chạy --fix để sửa."), severity="warning"))
        if label.number in seen:
            findings.append(_finding(path, line, "numbering", (
                f"Câu {label.number} bị trùng số với câu ở dòng {seen[label.number]}; đánh số lại 1..N.")))
        elif label.number != expected:
            if label.number > expected:
                missing = f"thiếu Câu {expected}" if label.number == expected + 1 else \
                    f"thiếu từ Câu {expected} đến Câu {label.number - 1}"
                findings.append(_finding(path, line, "numbering", (
                    f"sau câu {expected - 1} là Câu {label.number}: {missing}. Đánh số liên tục 1, 2, 3…")))
            else:
                findings.append(_finding(path, line, "numbering", (
                    f"Câu {label.number} đứng sau Câu {expected - 1}: các câu phải theo thứ tự 1, 2, 3…")))
        seen.setdefault(label.number, line)
        expected = max(expected, label.number + 1)
        if not question.answer.strip():
            findings.append(_finding(path, line, "empty-answer", (
                f"Câu {label.number} chưa có câu trả lời: viết câu trả lời ngay dưới dòng câu hỏi.")))
        if not label.text.rstrip().endswith("?"):
            findings.append(_finding(path, line, "question-form", (
                f"câu hỏi {label.number} nên kết thúc bằng dấu '?'.")))
    return findings


def check_reporter_notes(path: str, document: Document) -> list[Finding]:
    """Reporter notes stand inside a question's answer (the presentation shows them with that question) and hold
    something."""
    findings = []
    placed = {id(notes) for question in document.questions for notes in question.notes}
    for notes in document.notes:
        if id(notes) not in placed:
            findings.append(_finding(path, notes.line, "reporter-notes-place", (
                f"khung '{NOTES_TITLE}' phải nằm trong phần trả lời của một câu hỏi (sau dòng '## Câu N. …?', "
                "trước câu hỏi tiếp theo): ở chỗ này không trang nào hiện nó, cả trang trình chiếu. "
                "Chuyển khung xuống dưới câu trả lời của câu hỏi mà nó gợi ý.")))
        elif not notes.text.strip():
            findings.append(_finding(path, notes.line, "reporter-notes-empty", (
                f"khung '{NOTES_TITLE}' chưa có nội dung: viết các gợi ý ở những dòng ngay dưới, mỗi dòng thụt vào "
                "bốn dấu cách; hoặc xóa khung.")))
    return findings


_BOOKLET_NUMBERS: weakref.WeakKeyDictionary[DocsTree, set[str]] = weakref.WeakKeyDictionary()


def check_plan_resolutions(path: str, document: Document, tree: DocsTree) -> list[Finding]:
    """A plan's resolution written as a number (19-NQ/TW) that no booklet of the docs tree explains."""
    assert document.plan is not None
    numbers = _BOOKLET_NUMBERS.get(tree)
    if numbers is None:  # once per tree, not once per plan: a thousand plans must not read the tree a thousand times
        numbers = _BOOKLET_NUMBERS[tree] = {number_key(d.booklet.meta.resolution.number) for page in tree.pages()
                                            if (d := tree.document(page)) is not None and d.booklet is not None}
    return [_finding(path, document.front.line_of(f"plan.resolutions.{index}"), "plan-resolution", (
        f"chưa có tài liệu hỏi - đáp nào cho Nghị quyết số {number} (trong thư mục {BOOKLET_FOLDER}/, 'number: "
        f"\"{number}\"'): trang kế hoạch ghi số hiệu nhưng không có liên kết. Kiểm tra số hiệu cho đúng văn bản, "
        "hoặc thêm tài liệu cho nghị quyết này (make new)."))
        for index, number in enumerate(document.plan.resolutions)
        if NUMBERED.fullmatch(number) and number_key(number) not in numbers]


def check_quiz(path: str, document: Document) -> list[Finding]:
    """The page's quiz: each question has text, two options or more, one right at least, no option twice,
    and an explanation linking to a question of the booklet that exists."""
    quiz = document.quiz
    if quiz is None:
        return []
    findings = []
    numbers = {q.number for q in document.questions}
    for question in quiz.questions:
        where = f"câu trắc nghiệm {question.number}"
        if not question.text.strip():
            findings.append(_finding(path, question.line, "quiz-options", (
                f"{where} chưa có lời câu hỏi: viết câu hỏi thành một đoạn ngay trên các phương án.")))
        if len(question.options) < 2:
            findings.append(_finding(path, question.line, "quiz-options", (
                f"{where} có {len(question.options)} phương án; cần ít nhất hai, mỗi phương án một dòng "
                "'- [x] …' (đúng) hoặc '- [ ] …' (sai), ngay dưới câu hỏi.")))
        elif not any(option.correct for option in question.options):
            findings.append(_finding(path, question.line, "quiz-correct", (
                f"{where} chưa có phương án đúng: đánh dấu phương án đúng bằng '- [x]' (có thể nhiều phương án).")))
        seen: dict[str, int] = {}
        for option in question.options:
            key = " ".join(option.text.casefold().split())
            if key in seen:
                findings.append(_finding(path, option.line, "quiz-duplicate", (
                    f"phương án '{option.text}' của {where} trùng với phương án ở dòng {seen[key]}; "
                    "xóa một phương án hoặc viết lại cho khác.")))
            seen.setdefault(key, option.line)
        links = question.links
        for link in links:
            if link.same_page and link.number not in numbers:
                have = f"tài liệu chỉ có Câu 1 đến Câu {max(numbers)}" if numbers else "trang này không có câu hỏi nào"
                findings.append(_finding(path, link.line, "quiz-link", (
                    f"phần giải thích của {where} liên kết tới '{link.target}' nhưng {have}; "
                    "sửa số câu cho đúng câu nêu đáp án.")))
        if not question.explanation or not links:
            findings.append(_finding(path, question.explanation_line or question.line, "quiz-explanation", (
                f"{where} nên có dòng 'Giải thích: …' kèm liên kết tới câu nêu đáp án, ví dụ "
                "'Giải thích: xem [Câu 1](#cau-1).', để người chơi đọc lại khi trả lời sai.")))
    return findings


_LINK_CODES = {"missing-page": "link", "missing-file": "link", "outside": "link", "absolute": "link",
               "unrecognized": "link", "missing-image": "image", "missing-anchor": "anchor"}


def check_links(path: str, document: Document, tree: DocsTree) -> tuple[list[Finding], list[str]]:
    findings, external = [], []
    if not any(mark in line for line in document.body for mark in _LINK_MARKS):
        return findings, external
    for link in document.blocks.links:
        problem = tree.check(path, link)
        if problem is None:
            continue
        if problem == "external":
            if link.target.lower().startswith(("http://", "https://")):
                external.append(link.target)
            continue
        findings.append(_finding(path, link.line, _LINK_CODES.get(problem, "link"), _link_message(problem, link)))
    return findings, external


def _link_message(problem: str, link: Link) -> str:
    target = link.target
    return {
        "missing-page": f"liên kết '{target}' trỏ tới trang không có (ở ngôn ngữ của trang này); "
                        "kiểm tra tên tệp và đường dẫn tương đối (../).",
        "missing-file": f"liên kết '{target}' trỏ tới tệp không có; kiểm tra tên tệp.",
        "outside": f"liên kết '{target}' trỏ ra ngoài thư mục docs; chép tệp vào docs/ rồi liên kết tới đó.",
        "absolute": f"liên kết '{target}' bắt đầu bằng '/', sẽ hỏng khi trang đặt ở thư mục con; "
                    "dùng đường dẫn tương đối tới tệp .md.",
        "unrecognized": f"liên kết '{target}' trỏ tới thư mục; hãy trỏ thẳng tới tệp .md.",
        "missing-image": f"ảnh '{target}' không có; kiểm tra tên tệp ảnh và thư mục.",
        "missing-anchor": f"liên kết '{target}' trỏ tới mục không có trong trang; câu hỏi dùng '#cau-N', "
                          "các mục khác dùng tên không dấu (#phan-i-doi-moi).",
    }.get(problem, f"liên kết '{target}' không dùng được ({problem}).")


def _finding(path: str, line: int, code: str, message: str, severity: str | None = None) -> Finding:
    return Finding(path, line, code, severity or CODES[code].severity, message)


BookletKey = tuple[str, str, int, str]


def booklet_key(source: Source, tree: DocsTree) -> tuple[BookletKey, int] | None:
    """What makes two booklets one resolution's (number, level, year of issue: numbers start again with each term,
    see hoidap.authoring.placement) in one language, and the line of the number; None for a page that is not a
    booklet."""
    booklet = source.booklet
    if booklet is None or source.document is None:
        return None
    resolution = booklet.meta.resolution
    key = (number_key(resolution.number), booklet.meta.level, resolution.issued.year, tree.language_of(source.path))
    return key, source.document.front.line_of("resolution.number")


def check_duplicates(booklets: list[tuple[BookletKey, str, int]]) -> list[Finding]:
    """Each booklet of a resolution that an earlier file (in path order) already explains in the same language."""
    first: dict[BookletKey, str] = {}
    findings = []
    for key, path, line in sorted(booklets, key=lambda booklet: booklet[1]):
        if key not in first:
            first[key] = path
            continue
        number, level, year, _ = key
        findings.append(_finding(path, line, "duplicate-booklet", (
            f"'{first[key]}' đã là tài liệu cho Nghị quyết số {number} (cấp {LEVEL_KEYS[level].vi}, ban hành năm "
            f"{year}), cùng ngôn ngữ với tệp này: người đọc sẽ thấy hai tài liệu cho một nghị quyết. Gộp nội dung vào "
            "một tệp rồi xóa tệp kia; bản dịch thì đặt tên theo ngôn ngữ ('….en.md'); nếu là nghị quyết khác cùng "
            "số, sửa lại số hiệu, cấp hay ngày ban hành cho đúng văn bản.")))
    return findings
