"""ALL-CAPS text from Word (a title, a summary) in sentence case, the way booklets write it.

Vietnamese words go to lower case; what is not a Vietnamese word stays as written: abbreviations (NQ, TW, KHCN,
UBND), numbers and codes (57-NQ/TW, 22/12/2024), Roman numerals (khóa XIII). Then the names of the Party's and
the State's bodies, the Party itself, the country, Hồ Chí Minh and the provinces get their capitals back
("Bộ Chính trị", "Ban Chấp hành Trung ương", "Đảng", "Tỉnh ủy", "Hòa Bình"…), and the first letter is a capital.
"""

from __future__ import annotations

import re

from hoidap.vietnamese.syllable import is_syllable
from hoidap.vietnamese.vntext import fold, nfc

# Names written with capitals, as they are written; matched without regard to case or diacritics.
NAMES = (
    "Đảng Cộng sản Việt Nam", "Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư", "Ban Thường vụ",
    "Ban Tuyên giáo và Dân vận", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Ban Kinh tế", "Ban Nội chính",
    "Ủy ban Kiểm tra", "Ban Chấp hành", "Hội nghị Trung ương", "Trung ương", "Đại hội", "Nghị quyết Đại hội",
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Nhà nước",
    "Quốc hội", "Chính phủ", "Hội đồng nhân dân", "Ủy ban nhân dân", "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc",
    "Tổ quốc", "Việt Nam", "Chủ tịch Hồ Chí Minh", "Hồ Chí Minh", "Thủ đô", "Quân đội nhân dân", "Công an nhân dân",
    "Nghị quyết số", "Nghị quyết Hội nghị", "Chỉ thị số", "Kết luận số", "Quy định số",
    # the provinces and cities, before and after 2025
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
# Provinces whose names are also words (hòa bình: peace; bình định: to pacify): a name only after these words.
PLACES_AFTER = {"Hòa Bình": ("tinh", "thanh pho", "tinh uy", "dang bo tinh"), "Bình Định": ("tinh", "tinh uy")}
# "Đảng" is the Party; "đảng viên" (a member), "đảng phí" (dues), "đảng tịch" (membership) are common nouns.
_COMMON_AFTER_DANG = {"vien", "phi", "tich"}
# Words after which a Roman numeral is one ("khóa XIII", "lần thứ VI", "phần II"), even when it spells a word.
_NUMBERED = {"khoa", "thu", "phan", "chuong", "muc", "dai hoi"}
_ROMAN = re.compile(r"[IVXLC]+")
_WORD = re.compile(r"[^\W\d_]+")
_CHUNK = re.compile(r"\S+")
_DOCUMENT = re.compile(r"(?<!\w)(?:nghị quyết|chỉ thị|kết luận|quy định)(?= \d)")  # "Nghị quyết 57-NQ/TW"


def is_all_caps(text: str) -> bool:
    """``text`` has at least two words of letters and no lower-case letter."""
    letters = [char for char in text if char.isalpha()]
    return len(_WORD.findall(text)) >= 2 and bool(letters) and not any(char.islower() for char in letters)


def sentence_case(text: str, *, first_lower: bool = False) -> str:
    """``text`` in sentence case when it is all capitals (see the module), else unchanged; ``first_lower`` leaves
    the first word in lower case (a summary: "về …")."""
    text = nfc(text)
    if not is_all_caps(text):
        return text
    words: list[str] = []
    previous: list[str] = []  # the words before, folded
    for chunk in _CHUNK.finditer(text):
        word = chunk.group()
        if not any(char.isdigit() for char in word) and "/" not in word:
            word = _WORD.sub(lambda m, p=tuple(previous): _lower(m.group(), p), word)
        words.append(word)
        previous = (previous + _WORD.findall(fold(chunk.group())))[-2:]
    spaced = _respace(text, words)
    result = _DOCUMENT.sub(lambda m: m.group()[0].upper() + m.group()[1:], _names(spaced))
    first = next((i for i, char in enumerate(result) if char.isalpha()), None)
    if first is not None and not first_lower:  # lower case already, unless a name or an abbreviation
        result = result[:first] + result[first].upper() + result[first + 1:]
    return result


def _lower(word: str, previous: tuple[str, ...]) -> str:
    """A word of an ALL-CAPS text: lower case when it is a Vietnamese syllable, else as written."""
    numbered = previous[-1:] and (previous[-1] in _NUMBERED or " ".join(previous) in _NUMBERED)
    if _ROMAN.fullmatch(word) and (not is_syllable(word) or numbered):
        return word
    return word.lower() if is_syllable(word) else word


def _respace(text: str, words: list[str]) -> str:
    """``text`` with its chunks replaced by ``words``, the spaces between them kept."""
    pieces, last = [], 0
    for chunk, word in zip(_CHUNK.finditer(text), words, strict=True):
        pieces += [text[last:chunk.start()], word]
        last = chunk.end()
    return "".join(pieces) + text[last:]


def _names(text: str) -> str:
    """``text`` with every name of :data:`NAMES` given its capitals (longest first), and "Đảng"."""
    words = list(_WORD.finditer(text))
    folded = [fold(m.group()) for m in words]
    capital = [False] * len(words)
    for name in sorted((*NAMES, *PLACES_AFTER), key=lambda n: -len(_WORD.findall(n))):
        pattern = [fold(w) for w in _WORD.findall(name)]
        shape = [w[0].isupper() for w in _WORD.findall(name)]
        size = len(pattern)
        for start in range(len(words) - size + 1):
            before = " ".join(folded[max(0, start - 2):start])
            after = PLACES_AFTER.get(name)
            if after and not any(before == words_ or before.endswith(" " + words_) for words_ in after):
                continue
            if folded[start:start + size] == pattern:
                for offset in range(size):
                    capital[start + offset] = capital[start + offset] or shape[offset]
    for index, word in enumerate(folded):
        if word == "dang" and words[index].group().lower() == "đảng":
            following = folded[index + 1] if index + 1 < len(words) else ""
            capital[index] = following not in _COMMON_AFTER_DANG
    chars = list(text)
    for match, up in zip(words, capital, strict=True):
        if up and match.group().islower():
            chars[match.start()] = chars[match.start()].upper()
    return "".join(chars)
