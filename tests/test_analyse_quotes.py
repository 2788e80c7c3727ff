from pathlib import Path

import pytest

from newsprism.analyse import Pipeline
from newsprism.analyse.quotes import ExtractQuotes, QuoteSettings, pair_marks
from newsprism.model import Doc, Quote

STEP = ExtractQuotes()

Row = tuple[str, str, str, str]  # kind, quoted text, speaker span, verb


def analyse(pipeline: Pipeline, text: str, step: ExtractQuotes = STEP) -> Doc:
    return step(pipeline(Doc(text=text)))


def rows(doc: Doc) -> list[Row]:
    return [(q.kind, doc.span_text(q), speaker_span(doc, q), q.verb) for q in doc.quotes]


def speaker_span(doc: Doc, quote: Quote) -> str:
    return doc.text[quote.speaker_start : quote.speaker_stop] if quote.speaker_start >= 0 else ""


def test_quotes_pair_marks_of_mixed_and_nested_styles() -> None:
    text = 'Он сказал: «Проект „Мост“ и "Парк" готовы». Затем: “Да”, "нет" и «ещё'
    spans = [text[a + 1 : b] for a, b in pair_marks(text, 0, len(text))]
    assert spans == ['Проект „Мост“ и "Парк" готовы', "Да", "нет"]


def test_quotes_pair_marks_nested_straight_quotes() -> None:
    text = '"Он назвал "Северный путь" ошибкой", - сказал он.'
    assert [text[a + 1 : b] for a, b in pair_marks(text, 0, len(text))] == [
        'Он назвал "Северный путь" ошибкой'
    ]


def test_quotes_guillemets_with_em_dash_after(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Мы готовы к переговорам», — сказал министр Иван Петров.")
    assert rows(doc) == [("direct", "Мы готовы к переговорам", "министр Иван Петров", "сказать")]
    assert doc.quotes[0].rule == "dash_after"
    assert doc.quotes[0].speaker == "Иван Петров"
    assert "quotes" in doc.steps


def test_quotes_straight_quotes_with_hyphen(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, '"Решение будет принято завтра", - заявил Петров.')
    assert rows(doc) == [("direct", "Решение будет принято завтра", "Петров", "заявить")]


def test_quotes_typographic_quotes_with_en_dash(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "“Мы продолжим работу”, – отметила Анна Смирнова.")
    assert rows(doc) == [("direct", "Мы продолжим работу", "Анна Смирнова", "отметить")]


def test_quotes_nested_name_stays_inside_the_quote(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Проект „Северный мост“ будет завершён в срок», — подчеркнул губернатор.")
    assert rows(doc) == [
        ("direct", "Проект „Северный мост“ будет завершён в срок", "губернатор", "подчеркнуть")
    ]


def test_quotes_speaker_before_the_verb_after_a_dash(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Мы готовы к переговорам», — Петров сказал журналистам.")
    assert rows(doc) == [("direct", "Мы готовы к переговорам", "Петров", "сказать")]


def test_quotes_colon_introduced(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, 'Министр заявил: "Мы не отступим".')
    assert rows(doc) == [("direct", "Мы не отступим", "Министр", "заявить")]
    assert doc.quotes[0].rule == "colon"


def test_quotes_headline_name_colon(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Петров: «Мы не отступим»")
    assert rows(doc) == [("direct", "Мы не отступим", "Петров", "")]
    assert doc.quotes[0].rule == "name_colon"


def test_quotes_according_to_before_a_quote(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "По словам Петрова, «мост откроют летом».")
    assert rows(doc) == [("direct", "мост откроют летом", "Петрова", "по словам")]


def test_quotes_pieces_around_the_attribution(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "Мэр Иван Петров осмотрел стройку. «Первая часть моста готова, — сказал он, — вторая будет к зиме».",
    )
    assert rows(doc) == [
        ("direct", "Первая часть моста готова", "он", "сказать"),
        ("direct", "вторая будет к зиме", "он", "сказать"),
    ]
    assert doc.quotes[0].group == doc.quotes[1].group
    assert {q.rule for q in doc.quotes} == {"interrupted+pronoun"}
    assert {q.speaker for q in doc.quotes} == {"Иван Петров"}


def test_quotes_pieces_reopened_after_the_attribution(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Мы начали стройку», — сказал мэр, — «и закончим её летом».")
    assert rows(doc) == [
        ("direct", "Мы начали стройку", "мэр", "сказать"),
        ("direct", "и закончим её летом", "мэр", "сказать"),
    ]
    assert doc.quotes[0].group == doc.quotes[1].group


def test_quotes_pieces_of_one_sentence_share_the_attribution(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "«Ремонт будет закончен к маю», а город обещает «новые скамейки» и, «если позволит погода, "
        "фонтан в парке», — сообщили в пресс-службе мэрии.",
    )
    assert [text for _, text, _, _ in rows(doc)] == [
        "Ремонт будет закончен к маю",
        "новые скамейки",
        "если позволит погода, фонтан в парке",
    ]
    assert {speaker_span(doc, q) for q in doc.quotes} == {"пресс-службе мэрии"}
    assert len({q.group for q in doc.quotes}) == 1


def test_quotes_a_quote_right_after_an_attribution_continues_it(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Мы готовы начать», — сказал мэр. «Работы начнутся в понедельник».")
    assert rows(doc) == [
        ("direct", "Мы готовы начать", "мэр", "сказать"),
        ("direct", "Работы начнутся в понедельник", "мэр", "сказать"),
    ]
    assert [q.rule for q in doc.quotes] == ["dash_after", "continues"]
    assert doc.quotes[0].group == doc.quotes[1].group


def test_quotes_speaker_in_a_press_service(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "«Работы идут по графику», — сообщили в пресс-службе мэрии.")
    assert rows(doc) == [("direct", "Работы идут по графику", "пресс-службе мэрии", "сообщить")]


def test_quotes_indirect_verb_that(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Министр финансов Иван Петров заявил, что бюджет будет принят в срок.")
    assert rows(doc) == [
        ("indirect", "бюджет будет принят в срок", "Министр финансов Иван Петров", "заявить")
    ]
    assert doc.quotes[0].speaker == "Иван Петров"
    assert doc.quotes[0].rule == "verb_that"


def test_quotes_a_second_attribution_ends_the_first_clause(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Министр сказал, что мост откроют летом, и добавил, что дорогу построят к осени.")
    assert [(kind, text, verb) for kind, text, _, verb in rows(doc)] == [
        ("indirect", "мост откроют летом", "сказать"),
        ("indirect", "дорогу построят к осени", "добавить"),
    ]
    assert speaker_span(doc, doc.quotes[0]) == "Министр"


def test_quotes_indirect_according_to(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "По словам Петрова, переговоры продолжатся в четверг.")
    assert rows(doc) == [("indirect", "переговоры продолжатся в четверг", "Петрова", "по словам")]


def test_quotes_according_to_in_the_middle_gives_two_pieces(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Переговоры, по словам министра, продолжатся в четверг.")
    assert rows(doc) == [
        ("indirect", "Переговоры", "министра", "по словам"),
        ("indirect", "продолжатся в четверг", "министра", "по словам"),
    ]
    assert doc.quotes[0].group == doc.quotes[1].group


def test_quotes_indirect_with_a_cited_source(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline, "Газета «Вести» со ссылкой на источники в правительстве сообщает, что налог отменят."
    )
    assert rows(doc) == [
        ("indirect", "налог отменят", "Газета «Вести»", "сообщать"),
        ("indirect", "налог отменят", "источники в правительстве", "со ссылкой на"),
    ]
    assert [q.rule for q in doc.quotes] == ["verb_that", "cited_source"]
    assert doc.quotes[0].group == doc.quotes[1].group


def test_quotes_indirect_clause_then_reporting_verb(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Завод возобновит работу в марте, сообщает агентство ТАСС.")
    assert rows(doc) == [("indirect", "Завод возобновит работу в марте", "агентство ТАСС", "сообщать")]
    assert doc.quotes[0].rule == "verb_after"


def test_quotes_indirect_as_reported_by(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Как сообщает агентство ТАСС, завод возобновит работу в марте.")
    assert rows(doc) == [("indirect", "завод возобновит работу в марте", "агентство ТАСС", "сообщать")]
    assert doc.quotes[0].rule == "as_verb"


def test_quotes_about_this_points_to_the_previous_sentence(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Мост откроют в мае. Об этом сообщил мэр города Иван Петров.")
    assert rows(doc) == [("indirect", "Мост откроют в мае", "мэр города Иван Петров", "сообщить")]
    assert doc.quotes[0].rule == "about_this"


def test_quotes_pronoun_speaker_resolves_to_the_latest_person(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Иван Петров встретился с Анной Смирновой. Он заявил, что мост откроют летом.")
    assert rows(doc) == [("indirect", "мост откроют летом", "Он", "заявить")]
    assert doc.quotes[0].speaker == "Иван Петров"  # the subject, not the later «Анной Смирновой»
    assert doc.quotes[0].rule == "verb_that+pronoun"


def test_quotes_speaker_resolves_to_the_entity_canonical_name(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="«Мы готовы к переговорам», — сказал Петров."))
    (entity,) = [e for e in doc.entities if doc.span_text(e) == "Петров"]
    entity.canonical = "Иван Сергеевич Петров"
    assert STEP(doc).quotes[0].speaker == "Иван Сергеевич Петров"
    entity.canonical = ""
    assert STEP(doc).quotes[0].speaker == entity.normal == "Петров"


def test_quotes_a_name_in_quotes_is_not_a_quote(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        'Участники «Северного альянса» встретились в Париже. Встреча "Северного альянса" прошла во вторник. '
        "«Северный альянс» — это объединение десяти стран.",
    )
    assert doc.quotes == []


def test_quotes_a_quoted_name_before_an_attribution_is_reported_speech(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Мэр назвал новый парк «Северный сад», — сообщает ТАСС.")
    assert rows(doc) == [("indirect", "Мэр назвал новый парк «Северный сад»", "ТАСС", "сообщать")]


def test_quotes_an_unattributed_quote_is_not_a_quote(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "Переговоры продлятся неделю. «Мы готовы к диалогу и ждём ответа». Решение ожидается завтра.",
    )
    assert doc.quotes == []


def test_quotes_syntax_finds_a_subject_the_cheap_rules_miss(pipeline: Pipeline) -> None:
    text = "Президент Борис Иванов во время визита в Казань предельно четко заявил, что войска уйдут."
    doc = analyse(pipeline, text)
    assert rows(doc) == [("indirect", "войска уйдут", "Президент Борис Иванов", "заявить")]
    assert doc.quotes[0].rule == "verb_that+syntax"
    cheap = analyse(pipeline, text, ExtractQuotes(QuoteSettings(syntax=False)))
    assert rows(cheap) == [("indirect", "войска уйдут", "", "заявить")]


def test_quotes_pipe_equals_call(pipeline: Pipeline) -> None:
    texts = ["«Мы готовы начать», — сказал мэр.", "", "Министр заявил, что мост откроют летом."]
    one_by_one = [analyse(pipeline, text) for text in texts]
    batched = list(STEP.pipe(pipeline.pipe(Doc(text=text) for text in texts)))
    assert batched == one_by_one
    assert Pipeline([*pipeline.steps, STEP]).steps[-1] is STEP


def words(text: str) -> str:
    return " ".join(text.split())  # the seeds have no-break spaces


def test_quotes_seed_direct_quotes(pipeline: Pipeline, seeds_dir: Path) -> None:
    groups: dict[str, tuple[Doc, list[Quote]]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = analyse(pipeline, path.read_text(encoding="utf-8"))
        for group in sorted({q.group for q in doc.quotes if q.kind == "direct"}):
            pieces = [q for q in doc.quotes if q.group == group]
            groups[" ".join(words(doc.span_text(pieces[0])).split()[:3])] = (doc, pieces)
    # all three direct quotes, and nothing else quoted is taken for speech
    assert set(groups) == {"Все должно быть", "Я инициировал этот", "Безусловно, состоится дискуссия"}

    doc, (quote,) = groups["Все должно быть"]
    assert words(doc.span_text(quote)) == "Все должно быть организовано в краткосрочной перспективе"
    assert (speaker_span(doc, quote), quote.verb) == ("французский лидер", "сказать")
    # «французский лидер» resolves once in-article linking makes it a descriptor entity of Macron.
    assert quote.speaker in {"", "Эммануэль Макрон"}

    doc, (quote,) = groups["Я инициировал этот"]
    assert words(doc.span_text(quote)).endswith(
        "несет ответственность за поддержание стратегической стабильности"
    )
    assert (speaker_span(doc, quote), quote.verb) == ("Макрон", "заявить")
    (macron,) = [e for e in doc.entities if e.start == quote.speaker_start]
    assert quote.speaker == (macron.canonical or macron.normal) != ""

    doc, pieces = groups["Безусловно, состоится дискуссия"]
    assert [words(doc.span_text(piece)) for piece in pieces] == [
        "Безусловно, состоится дискуссия о том, как серьезно поддержать боеспособность Украины",
        "возрождение украинской армии",
        "когда придет время, силы успокоения как часть режима прекращения огня",
    ]
    assert {(speaker_span(doc, piece), piece.verb) for piece in pieces} == {
        ("пресс-службе французского президента", "заявить")
    }


@pytest.mark.parametrize("name", ["Коалиция желающих", "коалиции желающих", "Коалиция решительных"])
def test_quotes_seed_names_in_quotes_are_not_quoted(pipeline: Pipeline, seeds_dir: Path, name: str) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = analyse(pipeline, path.read_text(encoding="utf-8"))
        assert all(doc.span_text(q) != name for q in doc.quotes), path.name


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Эксперт Ольга Ветрова выступила на конференции в Казани. Министр Пётр Соколов её поддержал. "
            "«Рынок восстановится к осени», — считает эксперт.",
            "Ольга Ветрова",  # introduced with that noun, though another person was named since
        ),
        ("Иван Петров приехал в Тверь. «Мы построим новый мост», — пообещал политик.", "Иван Петров"),
        (
            "Председатель банка Анна Белова повысила ставку. «Мы закрываем цех», — заявил генеральный "
            "директор «Нордсталь» Пётр Орлов.",
            "Пётр Орлов",  # the name after the role noun, not the last person before it
        ),
        ("Учёные из Новосибирска провели опыт. «Вирус стал слабее», — говорят учёные.", ""),  # nobody named
    ],
)
def test_quotes_a_role_noun_speaks_for_the_person_it_stands_for(
    pipeline: Pipeline, text: str, speaker: str
) -> None:
    quote = pipeline(Doc(text=text)).quotes[0]
    assert quote.speaker == speaker
    assert quote.rule.endswith("+role") == bool(speaker)


def test_quotes_a_pronoun_skips_initials_that_sign_a_text(pipeline: Pipeline) -> None:
    text = (
        "Анна Белова выступила в Казани. «Мы справимся», — сказала она.\nС.П.\n"
        "Мария Котова приехала. «Всё будет хорошо», — сказала она."
    )
    assert [q.speaker for q in pipeline(Doc(text=text)).quotes] == ["Анна Белова", "Мария Котова"]
