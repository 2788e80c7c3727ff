"""Whom a loaded word judges (`analyse.evaluative.judged`): by the syntax of its sentence, on invented
sentences. Each target is a mention's span, or the span of a pronoun or of an unnamed person."""

from __future__ import annotations

import pytest

from newsprism.analyse import Pipeline
from newsprism.analyse.evaluative import quoted_spans
from newsprism.model import Article, Doc


def _targets(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    doc = next(iter(pipeline.pipe([Doc.from_article(Article(title="", body=text))])))
    out: dict[str, tuple[str | None, str]] = {}
    for word in doc.evaluative:
        target = doc.text[word.target_start : word.target_stop] if word.target_start >= 0 else None
        out[doc.text[word.start : word.stop]] = (target, word.target_rule)
    return out


@pytest.mark.parametrize(
    ("text", "word", "target"),
    [
        # an adjective judges the unnamed person it agrees with, not the nearest name
        ("Тренер Олег Вишняков пожал руку легендарному вратарю.", "легендарному", "вратарю"),
        # a predicate noun in a list after a pronoun subject judges the pronoun
        ("Она была художницей, гением своего поколения.", "гением", "Она"),
        # «назвать Y X-ом»: the object is rated, not the one who names
        ("Комментатор Глеб Орлов назвал Сергея Белова великим игроком.", "великим", "Сергея Белова"),
        # an adverb judges the subject of its clause, here a pronoun
        ("Она мудро промолчала.", "мудро", "Она"),
        # after a preposition an instrumental is no predicate, and plural people are no one
        ("Олег Вишняков тренировался со многими талантливыми ребятами.", "талантливыми", None),
        # a superlative makes the person generic
        ("Все спорят о величайшем вратаре в истории.", "величайшем", None),
        # a person noun titles a name in its own case, not one in another («вратарь клуба»)
        ("Скандальный полузащитник «Вымпела» вернулся в Москву.", "Скандальный", "полузащитник"),
        # a rated thing is no actor: the decision is judged, not whoever named it so
        ("Депутат Олег Рябов назвал решение мэра безответственным.", "безответственным", None),
        # «назвать себя …»: the reflexive object is the subject
        ("Певица Анна Лисина назвала себя гениальной.", "гениальной", "Анна Лисина"),
    ],
)
def test_judged_target(pipeline: Pipeline, text: str, word: str, target: str | None) -> None:
    found = _targets(pipeline, text)
    assert word in found, found
    assert found[word][0] == target, found


def test_quoted_spans_longer_text_in_quotation_marks() -> None:
    text = "Клуб «Заря» ответил: «это шикарный подарок болельщикам». «Он просто гениальный тренер"
    paragraphs = [(0, text.index("«Он") - 1), (text.index("«Он"), len(text))]
    spans = [text[a:b] for a, b in quoted_spans(text, paragraphs)]
    # a name in quotes is no quotation; an opening mark with no closing one runs to the paragraph end
    assert spans == ["это шикарный подарок болельщикам", "Он просто гениальный тренер"]


def test_loaded_word_in_quotation_marks_is_in_quote(pipeline: Pipeline) -> None:
    text = "Болельщики ждали матча.\n\n«Олег Рябов — бездарный тренер, и все это знают"
    doc = next(iter(pipeline.pipe([Doc.from_article(Article(title="", body=text))])))
    word = next(w for w in doc.evaluative if doc.text[w.start : w.stop] == "бездарный")
    assert word.in_quote
