"""Reader-facing words from Python: English counts in the right grammatical number, every text complete."""

from __future__ import annotations

import string

import pytest
from hoidap.site import quiz_page, texts
from hoidap.site.texts import Plural, text


@pytest.mark.parametrize(("key", "count", "en", "vi"), [
    ("booklets", 1, "1 booklet", "1 tài liệu"),
    ("booklets", 2, "2 booklets", "2 tài liệu"),
    ("booklets", 0, "0 booklets", "0 tài liệu"),
    ("questions", 1, "1 question", "1 câu hỏi"),
    ("questions", 14, "14 questions", "14 câu hỏi"),
    ("question_index", 1, "1 question", "Danh sách 1 câu hỏi"),
    ("question_index", 9, "All 9 questions", "Danh sách 9 câu hỏi"),
])
def test_counts_take_the_grammatical_number_of_english(key: str, count: int, en: str, vi: str):
    assert text("en", key, count=count) == en
    assert text("vi", key, count=count) == vi


def test_both_languages_have_every_text_and_the_same_placeholders():
    assert set(texts.TEXTS["vi"]) == set(texts.TEXTS["en"])
    for key, english in texts.TEXTS["en"].items():
        vietnamese = texts.TEXTS["vi"][key]
        assert isinstance(vietnamese, str), f"{key}: Vietnamese has no plural forms"
        for form in (english.one, english.other) if isinstance(english, Plural) else (english,):
            assert set(_fields(form)) == set(_fields(vietnamese)), key


def test_words_for_scripts_and_templates_are_plain_text():
    """Scripts and templates get texts unformatted: none of them may depend on a count."""
    for lang in ("vi", "en"):
        for words in (texts.reader(lang), quiz_page.quiz_texts(lang)):
            assert all(isinstance(value, str) and "Plural(" not in value for value in words.values())


def test_labels_say_what_happens():
    assert text("vi", "top") == "Lên đầu trang"
    assert "Atom" not in text("vi", "feed_follow") and "RSS" not in text("vi", "feed_follow")


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
