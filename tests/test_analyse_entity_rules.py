"""Span and type rules of `entity_rules.py` and `consistency.py`, on invented sentences, following
factRuEval-2016's conventions for where a mention starts and stops."""

import pytest

from newsprism.analyse import Pipeline
from newsprism.analyse.entities.consistency import body_abbreviation, majority_type, organisation_word
from newsprism.analyse.entities.declension import nominative_in_article
from newsprism.analyse.entities.rules import apply_rules
from newsprism.analyse.entities.spans import strip_edges
from newsprism.analyse.entities.step import without_furniture
from newsprism.model import Doc, Entity, EntityType


def names(doc: Doc) -> set[tuple[str, str]]:
    """The mentions that count as names (descriptor mentions are links, not names)."""
    return {(e.type, doc.span_text(e)) for e in doc.entities if e.kind == "name"}


def test_entity_rules_quoted_name_ends_before_its_closing_quote(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Депутаты партии «Северный путь» выступили против закона."))
    assert ("ORG", "партии «Северный путь") in names(doc)
    canonical = {doc.span_text(e): e.canonical for e in doc.entities}
    assert canonical["партии «Северный путь"] == "Северный путь"


def test_entity_rules_adjectives_before_an_organisation_descriptor_join(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Редактор еженедельной газеты «Вечерний курьер» ушёл в отставку."))
    assert ("ORG", "еженедельной газеты «Вечерний курьер") in names(doc)


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        # evaluative and time adjectives stay outside a bare name
        ("Послы древнего Карфагена прибыли в порт.", "Карфагена", "LOC"),
        ("Послы соседней Нордландии покинули зал заседаний.", "Нордландии", "LOC"),
        # adjectives of origin belong to it
        ("Представитель шведского МИДа заявил о протесте.", "шведского МИДа", "ORG"),
    ],
)
def test_entity_rules_adjectives_before_a_bare_name(
    pipeline: Pipeline, text: str, mention: str, kind: EntityType
) -> None:
    assert (kind, mention) in names(pipeline(Doc(text=text)))


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Жители городов Нордландии вышли на митинги.", "Нордландии"),  # places in a place
        ("Ярмарка прошла в городе Верхнелесске в субботу.", "городе Верхнелесске"),  # apposition
        ("Рыбаки вышли на озеро Светлое до рассвета.", "озеро Светлое"),
    ],
)
def test_entity_rules_place_descriptor_joins_only_its_apposition(
    pipeline: Pipeline, text: str, mention: str
) -> None:
    assert ("LOC", mention) in names(pipeline(Doc(text=text)))


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("Контракт получила Acme Inc. из Техаса.", "Acme Inc.", "Acme Inc."),
        ("Письмо подписал (Иван Д.) вчера.", "(Иван Д.)", "Иван Д."),
        ("Позвонил директор (Ларс Хольмберг).", "(Ларс Хольмберг).", "Ларс Хольмберг"),
    ],
)
def test_entity_rules_split_at_brackets_keeps_marks_of_a_name(
    pipeline: Pipeline, text: str, span: str, kept: str
) -> None:
    doc = pipeline(Doc(text=text))
    start = doc.text.index(span)
    found = apply_rules(doc, [Entity(start, start + len(span), "ORG")])
    assert [doc.span_text(e) for e in found] == [kept]


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        ("Переговоры прошли в Кремле в четверг.", "Кремле", "LOC"),
        ("Совещание в Пентагоне длилось час.", "Пентагоне", "LOC"),
        # indefinite-personal «в Кремле заявили»: the people who work there
        ("В Кремле заявили, что ответа не будет.", "Кремле", "ORG"),
    ],
)
def test_entity_rules_building_as_place(pipeline: Pipeline, text: str, mention: str, kind: str) -> None:
    assert (kind, mention) in names(pipeline(Doc(text=text)))


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("Экипаж вернулся на станцию МКС. Американцы привезли оборудование в Хьюстон.", "Американцы"),
        ("Цены выросли на треть. Будничная жизнь Лесогорска изменилась.", "Будничная"),
    ],
)
def test_entities_tagger_reads_the_sentence_before(pipeline: Pipeline, text: str, alone: str) -> None:
    """A capitalised word that starts a sentence is not a name because it is capitalised."""
    doc = pipeline(Doc(text=text))
    assert alone not in {doc.span_text(e) for e in doc.entities}


def test_linking_descriptor_mentions_are_not_names(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(text="Президент Финляндии Карл Эрикссон прилетел в Хельсинки. Позже финский лидер выступил.")
    )
    descriptor = next(e for e in doc.entities if doc.span_text(e) == "финский лидер")
    assert (descriptor.kind, descriptor.canonical) == ("descriptor", "Карл Эрикссон")
    assert ("PER", "финский лидер") not in names(doc)


def test_consistency_place_after_v_stays_a_place() -> None:
    doc = Doc(text="Заречное объявило конкурс. Заречное подписало договор. Праздник прошёл в Заречном.")
    doc.entities = []
    spans: list[tuple[str, EntityType]] = [("Заречное", "ORG"), ("Заречное", "ORG"), ("Заречном", "LOC")]
    for text, kind in spans:
        start = doc.text.index(text, doc.entities[-1].stop if doc.entities else 0)
        doc.entities.append(Entity(start, start + len(text), kind, "Заречное", "Заречное"))
    majority_type(doc, doc.entities, [])
    assert [e.type for e in doc.entities] == ["ORG", "ORG", "LOC"]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Спектакль показали в Театре им. Анны Лариной вчера.", "Театре им. Анны Лариной"),
        ("Выпускники Театра имени Ларина выступили.", "Театра имени Ларина"),
    ],
)
def test_entity_rules_named_after_a_person(pipeline: Pipeline, text: str, mention: str) -> None:
    assert ("ORG", mention) in names(pipeline(Doc(text=text)))


@pytest.mark.parametrize(
    ("text", "mention", "kind"),
    [
        # a website or many bodies before a name is not the name's descriptor
        ("Доклад опубликован на сайте МВФ в пятницу.", "МВФ", "ORG"),
        ("В пятницу клубы Северной лиги проголосовали за продолжение сезона.", "Северной лиги", "ORG"),
        # a site named by its own Latin name is the organisation
        ("Об этом сообщил сайт Nordic Wire.", "сайт Nordic Wire", "ORG"),
    ],
)
def test_entity_rules_descriptor_names_the_organisation_itself(
    pipeline: Pipeline, text: str, mention: str, kind: EntityType
) -> None:
    assert (kind, mention) in names(pipeline(Doc(text=text)))


SPORTS = (
    "Полузащитник Барселоны забил победный гол в матче чемпионата. Главный тренер клуба похвалил "
    "команду, а нападающий сборной пропустит следующий тур. В Барселоне болельщики праздновали."
)


def test_sports_clubs_a_town_named_as_a_team_is_an_organisation(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text=SPORTS))
    found = names(doc)
    assert ("ORG", "Барселоны") in found
    assert ("ORG", "Барселоне") in found  # one name, one type within the text
    # the same words outside a sports text: a town
    assert ("LOC", "Барселоны") in names(pipeline(Doc(text="Туристы из Барселоны прилетели в Москву.")))


def test_sports_clubs_a_country_and_a_known_surname_stay_what_they_are(pipeline: Pipeline) -> None:
    text = (
        "Нападающий России забил гол в матче чемпионата Европы. Главный тренер клуба «Искра» "
        "доволен: в этом сезоне Медведев обыграл Иванова в финале турнира."
    )
    found = names(pipeline(Doc(text=text)))
    assert ("LOC", "России") in found
    assert not {("ORG", "Медведев"), ("ORG", "Иванова")} & found


def _retyped(pipeline: Pipeline, text: str, span: str, tagged: EntityType) -> list[tuple[str, str]]:
    """What the rules make of `span` when the NER tags it `tagged` (as it does at times)."""
    doc = pipeline(Doc(text=text))
    start = doc.text.index(span)
    found = apply_rules(doc, [Entity(start, start + len(span), tagged)])
    return [(e.type, doc.span_text(e)) for e in found]


@pytest.mark.parametrize(
    ("text", "span", "tagged", "kind"),
    [
        (
            "Лекцию прочёл профессор Лесного колледжа им. А.П. Орлова.",
            "Лесного колледжа им. А.П. Орлова",
            "PER",
            "ORG",
        ),
        ("Митинг прошёл на улице имени Петра Орлова.", "улице имени Петра Орлова", "PER", "LOC"),
        ("Об этом рассказал Пётр Орлов.", "Пётр Орлов", "PER", "PER"),  # no «им.»: a person
        # a seat tagged as a place is its body unless something is near it
        ("Лаборатории работают по программе Белого дома.", "Белого дома", "LOC", "ORG"),
        ("Протестующие собрались у Белого дома в субботу.", "Белого дома", "LOC", "LOC"),
        ("Прием прошёл на ступенях Капитолия.", "Капитолия", "LOC", "LOC"),  # a place, whatever the text
    ],
)
def test_entity_rules_what_is_named_after_a_person_or_sits_in_a_seat_is_retyped(
    pipeline: Pipeline, text: str, span: str, tagged: EntityType, kind: EntityType
) -> None:
    assert _retyped(pipeline, text, span, tagged) == [(kind, span)]


def test_entity_rules_a_capitalised_participle_does_not_open_a_person(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Читайте подробнее: “Награждённого Орловым художника выписали из больницы”."))
    assert {(e.type, doc.span_text(e), e.normal) for e in doc.entities} == {("PER", "Орловым", "Орлов")}


def test_entity_rules_a_sentence_final_exclamation_mark_is_no_part_of_a_name(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Подписывайтесь на наш канал в Telegram!"))
    assert ("ORG", "Telegram") in names(doc)
    assert strip_edges("Nordgram!") == "Nordgram"
    assert strip_edges("Nordgram!", "\nДругие новости") == "Nordgram"
    assert strip_edges("Yahoo!", " сообщила о сделке") == "Yahoo!"  # inside a sentence: the name's own mark


def test_consistency_an_abbreviation_after_a_body_and_its_place_is_the_body(pipeline: Pipeline) -> None:
    def typed(text: str, place: str, abbreviation: str) -> str:
        doc = pipeline(Doc(text=text))
        entities = [
            Entity(doc.text.index(place), doc.text.index(place) + len(place), "LOC"),
            Entity(doc.text.index(abbreviation), doc.text.index(abbreviation) + len(abbreviation), "LOC"),
        ]
        body_abbreviation(doc, entities, [])
        return entities[1].type

    assert (
        typed(
            "Решение поддержала футбольная ассоциация Нордландии (NFA), сообщает агентство.",
            "Нордландии",
            "NFA",
        )
        == "ORG"
    )
    assert (
        typed("Иск подан в прокуратуру Заречной республики (ПЗР) вчера.", "Заречной республики", "ПЗР")
        == "ORG"
    )
    # a place's own abbreviation after the place: no body before it
    assert (
        typed("Туристы из Нордландской республики (НР) приехали.", "Нордландской республики", "НР") == "LOC"
    )


def test_consistency_a_person_named_like_an_organisation_is_one(pipeline: Pipeline) -> None:
    def typed(text: str, name: str) -> str:
        doc = pipeline(Doc(text=text))
        entities = [Entity(doc.text.index(name), doc.text.index(name) + len(name), "PER")]
        organisation_word(doc, entities, [])
        return entities[0].type

    assert typed("Клуб готов заплатить 20 млн евро (Nordic Sport Group).", "Nordic Sport Group") == "ORG"
    assert typed("Как сообщали Заречні Новини, совещание перенесли.", "Заречні Новини") == "ORG"
    # a person's name of ordinary words stays a person
    assert typed("Как сообщил Джон Картер, совещание перенесли.", "Джон Картер") == "PER"


def test_sports_clubs_a_one_word_name_never_given_a_first_name_is_a_club(pipeline: Pipeline) -> None:
    text = "Полузащитник забил гол в матче чемпионата против Лорца. Тренер клуба доволен сезоном."
    assert ("ORG", "Лорца") in names(pipeline(Doc(text=text)))
    normal = {
        doc_entity.normal for doc_entity in pipeline(Doc(text=text)).entities if doc_entity.type == "ORG"
    }
    assert "Лорц" in normal  # a person's ending rule, not a noun's fleeting vowel («Лорец»)
    player = (
        "Теннисист Томас Циклер сыграл матч чемпионата. Тренер доволен сезоном: в матче против "
        "Циклера соперник забил гол."
    )
    assert ("PER", "Циклера") in names(pipeline(Doc(text=player)))  # named in full: a player


def test_entity_rules_a_name_never_crosses_a_line_break(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Фото: С.П.\nМария Котова приехала в город."))
    assert ("PER", "Мария Котова") in names(doc)
    assert not any("\n" in span for _, span in names(doc))


def test_sports_clubs_a_players_goal_and_holland_are_no_clubs(pipeline: Pipeline) -> None:
    goal = (
        "Полузащитник забил гол в матче чемпионата. Тренер клуба доволен сезоном, а гол Мбоко "
        "признали лучшим в истории турнира."
    )
    assert ("PER", "Мбоко") in names(pipeline(Doc(text=goal)))  # «гол X»: a player's as often as a team's
    team = "Нападающий Голландии забил гол в матче чемпионата Европы, тренер клуба доволен сезоном."
    assert ("LOC", "Голландии") in names(pipeline(Doc(text=team)))  # a country: its national team


def test_missed_people_a_first_name_and_a_surname_the_ner_missed(pipeline: Pipeline) -> None:
    def found(text: str) -> list[tuple[str, str]]:  # as if the NER had tagged nothing
        doc = pipeline(Doc(text=text))
        return [(e.type, doc.span_text(e)) for e in apply_rules(doc, [])]

    assert found("Советнику Глебу Комарову передали письмо директора.") == [("PER", "Глебу Комарову")]
    assert found("Вчера Олегу Петровичу Комарову вручили премию.") == [("PER", "Олегу Петровичу Комарову")]
    assert found("Советнику Глебу Нордвину передали письмо.") == []  # a guessed surname: no evidence
    assert found("Советнику Глебу Комаровой передали письмо.") == []  # no agreement in gender


def test_linking_an_oblique_surname_takes_the_nominative_the_article_writes(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Хорхе Ледесма приехал в Москву. Вместе с Ледесме выступил оркестр."))
    normals = {doc.span_text(e): e.normal for e in doc.entities if e.type == "PER"}
    assert normals == {"Хорхе Ледесма": "Хорхе Ледесма", "Ледесме": "Ледесма"}, normals


def test_linking_a_one_word_club_in_a_case_takes_the_nominative_the_article_writes() -> None:
    text = "Тренер Ростицы доволен: Ростица выиграла, а Заводи не помогли ни Ростице, ни Заводью."
    doc = Doc(text=text)

    def org(word: str, normal: str) -> Entity:
        start = text.index(word)
        return Entity(start, start + len(word), "ORG", normal, normal)

    entities = [org("Ростицы", "Ростицы"), org("Ростица", "Ростица"), org("Ростице", "Ростице")]
    entities.append(org("Заводи", "Заводи"))  # no nominative written: stays
    nominative_in_article(doc, entities, [])
    assert [e.normal for e in entities] == ["Ростица", "Ростица", "Ростица", "Заводи"]


def test_entities_page_furniture_is_no_name() -> None:
    text = "ЧИТАЙТЕ ТАКЖЕ: новости. Подписывайтесь на канал. Порывай забил. Смолов тоже. Стало ясно."
    doc = Doc(text=text)
    entities = [
        Entity(text.index(word), text.index(word) + len(word), "ORG", word)
        for word in ("ЧИТАЙТЕ", "Подписывайтесь", "Порывай", "Смолов", "Стало")
    ]
    kept = [doc.span_text(e) for e in without_furniture(doc, entities)]
    # an imperative that is not plural or reflexive, and a gerund, may be surnames
    assert kept == ["Порывай", "Смолов"], kept


def test_entities_a_verb_form_the_article_writes_as_a_name_mid_sentence_stays() -> None:
    text = "Стало известно о сделке. Клуб Стало подтвердил её."
    doc = Doc(text=text)
    last = text.rindex("Стало")
    entities = [Entity(0, 5, "ORG", "Стало"), Entity(last, last + 5, "ORG", "Стало")]
    assert len(without_furniture(doc, entities)) == 2
