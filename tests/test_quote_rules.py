"""The quote rules (`DIRECT_RULES`, `INDIRECT_RULES`) on Docs built by hand: the text's tokens and
morphology from the real taggers, the entities given by the test (`support.hand_doc`), so each test
checks the rules alone, with no NER or linking in between (tests/test_analyse_quotes.py runs the
whole pipeline). The syntax parse is off: the speakers here are found by the token rules."""

from __future__ import annotations

import pytest

from newsprism.analyse.quotes import ExtractQuotes, QuoteSettings
from newsprism.model import Doc
from support import HandEntity, hand_doc

# hand_doc runs slovnet's morphology tagger: a model, so `make check` leaves these out
pytestmark = pytest.mark.slow

STEP = ExtractQuotes(QuoteSettings(syntax=False))

# kind, quoted span, speaker span, the entity the speaker resolved to, rule
Row = tuple[str, str, str, str, str]


def quotes(text: str, entities: list[HandEntity] | None = None) -> list[Row]:
    doc: Doc = STEP(hand_doc(text, entities or []))
    return [
        (
            q.kind,
            doc.span_text(q),
            doc.text[q.speaker_start : q.speaker_stop] if q.speaker_start >= 0 else "",
            q.speaker,
            q.rule,
        )
        for q in doc.quotes
    ]


def test_hand_doc_places_every_occurrence_and_refuses_a_missing_one() -> None:
    doc = hand_doc("Петров приехал. Петров уехал.", [("Петров", "PER", "Иван Петров")])
    assert [(doc.span_text(e), e.canonical) for e in doc.entities] == [
        ("Петров", "Иван Петров"),
        ("Петров", "Иван Петров"),
    ]
    assert doc.tokens[0].lemma == "петров" and doc.tokens[1].pos == "VERB"
    with pytest.raises(ValueError, match="not in the text"):
        hand_doc("Петров приехал.", [("Сидоров", "PER")])
    with pytest.raises(ValueError, match="token bounds"):
        hand_doc("Петров приехал.", [("Петро", "PER")])


def test_quote_rules_direct_dash_after() -> None:
    assert quotes("«Мы готовы к переговорам», — сказал министр Иван Петров.", [("Иван Петров", "PER")]) == [
        ("direct", "Мы готовы к переговорам", "министр Иван Петров", "Иван Петров", "dash_after")
    ]


def test_quote_rules_direct_colon_before() -> None:
    assert quotes("Министр Иван Петров заявил: «Мы не отступим».", [("Иван Петров", "PER")]) == [
        ("direct", "Мы не отступим", "Министр Иван Петров", "Иван Петров", "colon")
    ]


def test_quote_rules_direct_name_colon() -> None:
    assert quotes("Петров: «Мы не отступим»", [("Петров", "PER", "Иван Петров")]) == [
        ("direct", "Мы не отступим", "Петров", "Иван Петров", "name_colon")
    ]


def test_quote_rules_direct_according_to_before() -> None:
    assert quotes("По словам Петрова, «мост откроют летом».", [("Петрова", "PER", "Иван Петров")]) == [
        ("direct", "мост откроют летом", "Петрова", "Иван Петров", "according_quote")
    ]
    assert quotes("Как заявил Иван Петров, «решение уже принято».", [("Иван Петров", "PER")]) == [
        ("direct", "решение уже принято", "Иван Петров", "Иван Петров", "according_quote")
    ]


def test_quote_rules_direct_interrupted_by_the_attribution() -> None:
    text = "Мэр Иван Петров осмотрел стройку. «Первая часть готова, — сказал он, — вторая будет к зиме»."
    assert quotes(text, [("Иван Петров", "PER")]) == [
        ("direct", "Первая часть готова", "он", "Иван Петров", "interrupted+pronoun"),
        ("direct", "вторая будет к зиме", "он", "Иван Петров", "interrupted+pronoun"),
    ]


def test_quote_rules_direct_a_next_quote_continues_the_speaker() -> None:
    assert quotes(
        "«Мы готовы начать», — сказал Олег Сидоров. «Работы начнутся в понедельник».",
        [("Олег Сидоров", "PER")],
    ) == [
        ("direct", "Мы готовы начать", "Олег Сидоров", "Олег Сидоров", "dash_after"),
        ("direct", "Работы начнутся в понедельник", "Олег Сидоров", "Олег Сидоров", "continues"),
    ]


def test_quote_rules_indirect_verb_that() -> None:
    text = "Министр финансов Иван Петров заявил, что бюджет будет принят в срок."
    assert quotes(text, [("Иван Петров", "PER")]) == [
        ("indirect", "бюджет будет принят в срок", "Министр финансов Иван Петров", "Иван Петров", "verb_that")
    ]


def test_quote_rules_indirect_according_to() -> None:
    text = "По словам Анны Смирновой, работы завершат к осени."
    assert quotes(text, [("Анны Смирновой", "PER", "Анна Смирнова")]) == [
        ("indirect", "работы завершат к осени", "Анны Смирновой", "Анна Смирнова", "according")
    ]


def test_quote_rules_indirect_about_this_takes_the_sentence_before() -> None:
    text = "Мост откроют в мае. Об этом сообщил глава города Олег Сидоров."
    assert quotes(text, [("Олег Сидоров", "PER")]) == [
        (
            "indirect",
            "Мост откроют в мае",
            "глава города Олег Сидоров",
            "Олег Сидоров",
            "about_this",
        )
    ]


def test_quote_rules_indirect_about_which_after_a_clause() -> None:
    assert quotes("Мост откроют в мае, о чём сообщил мэр Олег Сидоров.", [("Олег Сидоров", "PER")]) == [
        ("indirect", "Мост откроют в мае", "мэр Олег Сидоров", "Олег Сидоров", "about_this")
    ]


def test_quote_rules_indirect_verb_after_the_clause() -> None:
    assert quotes("Бюджет будет принят в срок, сообщил Иван Петров.", [("Иван Петров", "PER")]) == [
        ("indirect", "Бюджет будет принят в срок", "Иван Петров", "Иван Петров", "verb_after")
    ]


def test_quote_rules_speaker_is_the_person_not_the_country_in_the_phrase() -> None:
    text = "Президент Франции Эммануэль Макрон заявил, что Франция поддержит соглашение."
    entities: list[HandEntity] = [
        ("Франции", "LOC", "Франция"),
        ("Эммануэль Макрон", "PER"),
        ("Франция", "LOC"),
    ]
    assert quotes(text, entities) == [
        (
            "indirect",
            "Франция поддержит соглашение",
            "Президент Франции Эммануэль Макрон",
            "Эммануэль Макрон",
            "verb_that",
        )
    ]


def test_quote_rules_pronoun_speaker_is_the_person_of_its_gender() -> None:
    entities: list[HandEntity] = [("Иван Петров", "PER"), ("Анной Смирновой", "PER", "Анна Смирнова")]
    first = "Иван Петров встретился с Анной Смирновой. "
    assert quotes(first + "По её словам, переговоры прошли успешно.", entities) == [
        ("indirect", "переговоры прошли успешно", "её", "Анна Смирнова", "according+pronoun")
    ]
    assert quotes(first + "По его словам, переговоры прошли успешно.", entities) == [
        ("indirect", "переговоры прошли успешно", "его", "Иван Петров", "according+pronoun")
    ]


def test_quote_rules_speaker_resolves_to_the_given_entity_of_its_mention() -> None:
    text = "Иван Петров встретился с Анной Смирновой. «Мы обо всём договорились», — сказала Смирнова."
    entities: list[HandEntity] = [
        ("Иван Петров", "PER"),
        ("Анной Смирновой", "PER", "Анна Смирнова"),
        ("Смирнова", "PER", "Анна Смирнова"),
    ]
    assert quotes(text, entities) == [
        ("direct", "Мы обо всём договорились", "Смирнова", "Анна Смирнова", "dash_after")
    ]


def test_quote_rules_cited_source_is_recorded_beside_the_reporter() -> None:
    text = "Агентство со ссылкой на Ивана Петрова сообщило, что бюджет примут в срок."
    assert quotes(text, [("Ивана Петрова", "PER", "Иван Петров")]) == [
        ("indirect", "бюджет примут в срок", "Агентство", "", "verb_that"),
        ("indirect", "бюджет примут в срок", "Ивана Петрова", "Иван Петров", "cited_source"),
    ]


def test_quote_rules_a_quoted_name_is_not_a_quote() -> None:
    assert quotes("Фильм «Северный мост» вышел в прокат, а «Южный берег» — нет.") == []
    entities: list[HandEntity] = [("«Северного моста", "ORG", "Северный мост"), ("Олег Сидоров", "PER")]
    text = "Директор «Северного моста» Олег Сидоров заявил, что офис откроют в мае."
    assert quotes(text, entities) == [
        (
            "indirect",
            "офис откроют в мае",
            "Директор «Северного моста» Олег Сидоров",
            "Олег Сидоров",
            "verb_that",
        )
    ]
