"""--fix and the Word importer over the whole Vietnamese syllable inventory, in plain loops (no sampling).

Every initial × rhyme × tone that syllable.py allows, in both tone styles, lower case, capitalised and in capitals,
is written in a legacy encoding (TCVN3, VNI, UTF-8 read as Windows-1252) inside a sentence, and must come back
exactly; the same sentences in Unicode must come back untouched. The syllable sits between words of the sentence
("Nghị quyết ... của Đảng."), as in any prose; the edges of a run, where a word can read as Vietnamese either way,
are tested separately: there a word is only ever decoded or left as written, never read a third way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import docx
import pytest
from hoidap.authoring.docx_reader import read_docx
from hoidap.checking.fixes import fix_document
from hoidap.vietnamese.frequent_words import FREQUENT
from hoidap.vietnamese.legacy import convert_legacy, unicode_to_tcvn3, unicode_to_vni
from hoidap.vietnamese.legacy_fonts import decode_bytes, decode_run
from hoidap.vietnamese.syllable import SYLLABLES, add_tone, is_syllable
from hoidap.vietnamese.tones import word_style

UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
PER_LINE = 25  # sentences per paragraph: each syllable still sits between words of its own sentence


def to_mojibake(text: str) -> str:
    """``text`` saved as UTF-8 and read as Windows-1252 (undefined bytes as their C1 control, as Windows does)."""
    return "".join(chr(b) if b in UNDEFINED else bytes([b]).decode("cp1252") for b in text.encode("utf-8"))


def lower_toned(text: str) -> str:
    """TCVN3 has no code for capital toned letters: .VnTime users wrote them in lower case."""
    keep = set("ĂÂĐÊÔƠƯ")
    return "".join(c.lower() if c.isupper() and not c.isascii() and c not in keep else c for c in text)


@cache
def inventory() -> tuple[str, ...]:
    """Every toned syllable, lower case: initial × rhyme (syllable.SYLLABLES) × tone × tone style."""
    words = {word for toneless in SYLLABLES for tone in range(6) for style in ("old", "new")
             if (word := add_tone(toneless, tone, style)) and is_syllable(word)}
    return tuple(sorted(words))


def groups() -> dict[str, list[str]]:
    """The inventory split so that no text mixes the two tone styles (--fix would unify them)."""
    words = inventory()
    return {"new": [w for w in words if word_style(w) != "old"], "old": [w for w in words if word_style(w) == "old"]}


FORMS: dict[str, Callable[[str], str]] = {"lower": str.lower, "title": str.capitalize, "upper": str.upper}


def sentence(word: str, form: str) -> str:
    text = f"Nghị quyết {FORMS[form](word)} của Đảng."
    return text.upper() if form == "upper" else text


def document(words: list[str], form: str) -> str:
    sentences = [sentence(word, form) for word in words]
    lines = [" ".join(sentences[i:i + PER_LINE]) for i in range(0, len(sentences), PER_LINE)]
    return "\n\n".join(lines) + "\n"


# What each legacy encoding can write: TCVN3 writes capital toned letters in lower case outside capitals lines.
REPRESENTABLE = {"tcvn3": lambda text, form: text if form == "upper" else lower_toned(text),
                 "vni": lambda text, form: text, "cp1252": lambda text, form: text}
ENCODE = {"tcvn3": unicode_to_tcvn3, "vni": unicode_to_vni, "cp1252": to_mojibake}


def differences(expected: str, got: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(expected.split(". "), got.split(". "), strict=False) if a != b][:5]


def test_the_inventory_is_complete():
    words = inventory()
    assert len(SYLLABLES) == 3657  # toneless initial + rhyme combinations
    assert len(words) == 17100  # with every allowed tone, in either tone style
    assert all(is_syllable(word) for word in words)
    for word in ("nghiêng", "quyết", "khuỷu", "hoà", "hòa", "thuở", "giếng", "ươm", "oẳn", "gìn"):
        assert word in words


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("encoding", ENCODE)
def test_fix_decodes_every_syllable(encoding, form):
    for style, words in groups().items():
        text = REPRESENTABLE[encoding](document(words, form), form)
        result = fix_document(ENCODE[encoding](text), "x.md", None)
        assert result.text == text, (style, differences(text, result.text))
        assert not result.refused
        assert {change.code for change in result.changes} == {"legacy-encoding"}


@pytest.mark.parametrize("form", FORMS)
def test_fix_leaves_every_syllable_in_unicode_alone(form):
    for words in groups().values():
        text = document(words, form) + "\n".join(" ".join(map(FORMS[form], words[i:i + 12]))
                                                 for i in range(0, len(words), 12)) + "\n"
        result = fix_document(text, "x.md", None)
        assert result.text == text, differences(text, result.text)
        assert not result.changes and not result.refused


@pytest.mark.parametrize("encoding", ENCODE)
def test_a_correct_word_beside_a_legacy_run_is_never_converted(encoding):
    """«tØnh Hòa Bình»: every syllable, written in Unicode, just before and just after a legacy run."""
    for words in groups().values():
        lines = []
        for word in words:
            run = ENCODE[encoding](REPRESENTABLE[encoding]("Nghị quyết của Đảng", "lower"))
            lines.append(f"Viết đúng {word} {run} {word} là đúng.")
        text = "\n\n".join(lines)
        fixed = convert_legacy(text)
        expected = "\n\n".join(f"Viết đúng {word} Nghị quyết của Đảng {word} là đúng." for word in words)
        assert fixed == REPRESENTABLE[encoding](expected, "lower"), differences(expected, fixed)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_at_the_edge_of_a_paragraph_a_word_is_decoded_or_left_as_written(encoding):
    """First and last word of a legacy paragraph: decoded, or, only when it reads as a frequent word and its
    decoding is not one (TCVN3 'không' for 'khụng'), left as written; never read a third way."""
    left = set()
    for words in groups().values():
        for form in ("lower", "upper"):
            lines = [REPRESENTABLE[encoding](FORMS[form](f"{w} nghị quyết của đảng {w}"), form) for w in words]
            fixed = convert_legacy("\n\n".join(ENCODE[encoding](line) for line in lines)).split("\n\n")
            for word, line, got in zip(words, lines, fixed, strict=True):
                if got == line:
                    continue
                encoded = ENCODE[encoding](REPRESENTABLE[encoding](FORMS[form](word), form))
                assert encoded.lower() in FREQUENT and word not in FREQUENT, (line, got)
                left.add(word)
    assert len(left) < 200, sorted(left)


# The importer: runs in a legacy font are decoded whole; text without a font is found as --fix finds it.


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_importer_decodes_every_syllable_in_a_legacy_font_run(encoding):
    for words in groups().values():
        for form in FORMS:
            text = REPRESENTABLE[encoding](document(words, form), form)
            capitals = encoding == "tcvn3" and form == "upper"
            for line in text.strip("\n").split("\n\n"):
                assert decode_run(ENCODE[encoding](line), encoding, capitals) == line


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1252", "unicode"])
def test_importer_reads_every_syllable_from_word_without_a_font(tmp_path, encoding):
    encode = ENCODE.get(encoding, lambda text: text)
    for style, words in groups().items():
        expected = []
        word_file = docx.Document()
        for form in FORMS:
            text = document(words, form) if encoding == "unicode" else \
                REPRESENTABLE[encoding](document(words, form), form)
            for line in text.strip("\n").split("\n\n"):
                word_file.add_paragraph(encode(line))
                expected.append(line)
        path = tmp_path / f"{style}.docx"
        word_file.save(str(path))
        got = [block.text for block in read_docx(path).blocks]
        assert got == expected, [(a, b) for a, b in zip(expected, got, strict=True) if a != b][:5]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1252", "unicode"])
def test_importer_reads_every_syllable_from_a_text_file(encoding):
    for words in groups().values():
        for form in FORMS:
            text = document(words, form)
            if encoding == "unicode":
                raw = text.encode("utf-8")
            elif encoding == "cp1252":
                raw = to_mojibake(text).encode("utf-8")  # a mis-read file saved again as UTF-8
            else:
                text = REPRESENTABLE[encoding](text, form)
                raw = ENCODE[encoding](text).encode("latin-1")
            decoded = decode_bytes(raw)
            assert decoded.text == text, differences(text, decoded.text)
            assert decoded.encoding == ("utf-8" if encoding in ("unicode", "cp1252") else encoding)
