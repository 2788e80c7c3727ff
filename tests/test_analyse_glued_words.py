"""Words glued where a space was lost (`glued_words`), split by `Segment` before tagging, with
offsets into the original text."""

from __future__ import annotations

import pytest

from newsprism.analyse import Pipeline, Segment
from newsprism.analyse.glued_words import split_points
from newsprism.model import Doc


@pytest.mark.parametrize(
    ("word", "cuts"),
    [
        ("столицыВиктор", [7]),  # a known word, then a first name
        ("заявилаНордландия", []),  # the place is unknown to the dictionary: nothing to go by
        ("сообщилГромов", [7]),  # a lower-case word, then a surname
        ("ЛесПром", []),  # camel case: the part after the capital is no name
        ("ЕвроСтрой", []),  # an indeclinable first part
        ("ПроКредит", []),  # a first part shorter than three letters
        ("Громов", []),
        ("iPhone", []),
    ],
)
def test_glued_words_split_only_before_a_name_or_after_a_lower_case_word(word: str, cuts: list[int]) -> None:
    assert split_points(word) == cuts


def test_glued_words_segment_splits_the_token_at_its_original_offsets() -> None:
    text = "Глава администрации столицыВиктор Громов отказался от комментариев."
    doc = Segment()(Doc(text=text))
    words = [doc.span_text(t) for t in doc.tokens]
    assert words[2:5] == ["столицы", "Виктор", "Громов"]
    assert doc.tokens[3].start == text.index("Виктор")


def test_glued_words_the_name_after_a_lost_space_is_found(pipeline: Pipeline) -> None:
    text = "Об этом сообщили в администрации столицыВиктор Громов отказался от комментариев."
    doc = pipeline(Doc(text=text))
    found = [(e.type, doc.span_text(e), e.normal) for e in doc.entities if e.kind == "name"]
    assert ("PER", "Виктор Громов", "Виктор Громов") in found
    person = next(e for e in doc.entities if doc.span_text(e) == "Виктор Громов")
    assert person.start == text.index("Виктор")
