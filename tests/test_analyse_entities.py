from pathlib import Path

import pytest

from newsprism.analyse import LinkMentions, Pipeline
from newsprism.analyse.entities.aliases import initials, key, table
from newsprism.analyse.entities.consistency import majority_type
from newsprism.analyse.entities.countries import country_key, country_of_adjective
from newsprism.analyse.entities.names import Word, normalise, strip_case_ending
from newsprism.analyse.entities.rules import apply_rules
from newsprism.model import Doc, Entity, EntityType

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def mentions(doc: Doc, kind: str | None = None) -> list[tuple[str, str, str]]:
    return [(e.type, doc.span_text(e), e.canonical) for e in doc.entities if kind is None or e.type == kind]


@pytest.mark.parametrize(
    ("word", "case", "gender", "nominative"),
    [
        ("Мерца", "Gen", "Masc", "Мерц"),
        ("Стармером", "Ins", "Masc", "Стармер"),
        ("Хольмбергу", "Dat", "Masc", "Хольмберг"),
        ("Андрея", "Gen", "Masc", "Андрей"),
        ("Гарделя", "Gen", "Masc", "Гардель"),  # no «й» after a consonant
        ("Гарделю", "Dat", "Masc", "Гардель"),
        ("Бойичем", "Ins", "Masc", "Бойич"),
        ("Андреем", "Ins", "Masc", "Андрей"),
        ("Гортейем", "Ins", "Masc", "Гортей"),
        ("Мелони", "Acc", "Fem", "Мелони"),
        ("Мелони", "Gen", "Masc", "Мелони"),
        ("Джорджию", "Acc", "Fem", "Джорджия"),
        ("Лундквист", "Nom", "Fem", "Лундквист"),
    ],
)
def test_names_strip_case_ending(word: str, case: str, gender: str, nominative: str) -> None:
    assert strip_case_ending(word, case, gender) == nominative


@pytest.mark.parametrize(
    ("sentence", "mention", "kind", "normal"),
    [
        ("Канцлер встретился с премьером у Фридриха Мерца дома.", "Фридриха Мерца", "PER", "Фридрих Мерц"),
        # a genitive «-у» is no accusative of a man's name in «-а»: the name does not decline
        ("Трансфер Жоау Гералду обошелся клубу дорого.", "Жоау Гералду", "PER", "Жоау Гералду"),
        ("Агенты Артура Гералду прилетели в Мадрид.", "Артура Гералду", "PER", "Артур Гералду"),
        ("Журналисты увидели Джорджию Мелони в Риме.", "Джорджию Мелони", "PER", "Джорджия Мелони"),
        ("Власти ответили Анне Соколовой отказом.", "Анне Соколовой", "PER", "Анна Соколова"),
        ("Макрон поговорил с Владимиром Путиным по телефону.", "Владимиром Путиным", "PER", "Владимир Путин"),
        ("Париж стал штабом коалиции желающих весной.", "коалиции желающих", "ORG", "коалиция желающих"),
        (
            "Представитель Министерства обороны выступил утром.",
            "Министерства обороны",
            "ORG",
            "Министерство обороны",
        ),
        (
            "Депутаты Государственной думы проголосовали.",
            "Государственной думы",
            "ORG",
            "Государственная дума",
        ),
        ("Представитель шведского МИДа заявил о протесте.", "шведского МИДа", "ORG", "шведский МИД"),
        ("Выставка прошла в Нижнем Новгороде летом.", "Нижнем Новгороде", "LOC", "Нижний Новгород"),
        # the head noun the tagger reads as an adjective; its genitive dependent stays
        ("Колонку для Голоса Равнины написал профессор.", "Голоса Равнины", "ORG", "Голос Равнины"),
        (
            "Рабочие Каменского литейного завода вышли.",
            "Каменского литейного завода",
            "ORG",
            "Каменский литейный завод",
        ),
        # unknown places: the dictionary's guess for places, or «-ия» («Нордландий» was wrong)
        ("Экспорт в Нордландию вырос вдвое.", "Нордландию", "LOC", "Нордландия"),
        ("Президент Нордландии выступил.", "Нордландии", "LOC", "Нордландия"),
        ("Поставки в Эльдорию выросли.", "Эльдорию", "LOC", "Эльдория"),
        ("Мэр Верхнелесска провёл совещание.", "Верхнелесска", "LOC", "Верхнелесск"),
    ],
)
def test_names_normalise_mentions(
    pipeline: Pipeline, sentence: str, mention: str, kind: str, normal: str
) -> None:
    doc = pipeline(Doc(text=sentence))
    start = doc.text.index(mention)
    words = [
        Word(doc.span_text(t), t.pos, dict(p.split("=") for p in t.feats.split("|") if p), t.start, t.stop)
        for t in doc.tokens
        if t.start >= start and t.stop <= start + len(mention)
    ]
    assert normalise(kind, words) == normal


def test_entities_rules_complete_organisations(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Об этом сообщила газета «Заречинская правда» со ссылкой на Минобороны Франции. "
            "Позже пост появился в социальной сети Mastodon, а телеканал Nord 24 показал сюжет."
        )
    )
    found = {(kind, text) for kind, text, _ in mentions(doc, "ORG")}
    assert ("ORG", "газета «Заречинская правда") in found  # factRuEval: up to the closing quote
    assert ("ORG", "Минобороны Франции") in found
    assert ("ORG", "социальной сети Mastodon") in found
    assert ("ORG", "телеканал Nord 24") in found
    canonical = {text: name for _, text, name in mentions(doc, "ORG")}
    assert canonical["газета «Заречинская правда"] == "Заречинская правда"
    assert canonical["телеканал Nord 24"] == "Nord 24"
    assert canonical["социальной сети Mastodon"] == "Mastodon"
    # the country inside the ministry stays a mention of its own
    assert ("LOC", "Франции", "Франция") in mentions(doc, "LOC")


def test_entities_rules_trace_names_the_rule(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Лидеры ЕС собрались в Брюсселе."))
    start = doc.text.index("ЕС")
    trace: list[tuple[str, int, int]] = []
    kept = apply_rules(doc, [Entity(start, start + 2, "LOC", "ЕС")], trace)
    assert trace == [("international_orgs", start, start + 2)]
    assert [e.type for e in kept] == ["ORG"]


def test_entities_split_transliteration_in_brackets(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Об этом рассказал директор Ларс Хольмберг (Lars Holmberg) в интервью."))
    people = [text for _, text, _ in mentions(doc, "PER")]
    assert "Ларс Хольмберг" in people
    assert all("(" not in text and ")" not in text for text in people)


def test_linking_surname_and_titles(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Президент Финляндии Карл Эрикссон прилетел в Хельсинки. Эрикссон встретился с министром. "
            "Позже финский лидер заявил, что переговоры прошли успешно. "
            "Глава финского государства покинул город вечером."
        )
    )
    found = mentions(doc, "PER")
    assert ("PER", "Эрикссон", "Карл Эрикссон") in found
    assert ("PER", "финский лидер", "Карл Эрикссон") in found
    assert ("PER", "Глава финского государства", "Карл Эрикссон") in found
    descriptor = next(e for e in doc.entities if doc.span_text(e) == "финский лидер")
    assert descriptor.kind == "descriptor" and descriptor.link_rule == "title_of_country"


def test_linking_does_not_guess_between_two_heads_of_state(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Президент Финляндии Карл Эрикссон позвонил президенту Франции Виктору Громову. "
            "Глава государства поблагодарил собеседника."
        )
    )
    assert sum(e.kind == "descriptor" for e in doc.entities) == 0


def test_linking_apposition_aliases(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(text='Так возник "Северный альянс", или "Союз решительных" (Alliance of the Bold), в 2025 году.')
    )
    aliases = {doc.span_text(e): (e.canonical, e.link_rule) for e in doc.entities}
    assert aliases.get("Союз решительных", ("", ""))[1] == "apposition_alias"
    assert aliases.get("Alliance of the Bold", ("", ""))[1] == "apposition_alias"
    assert aliases["Alliance of the Bold"][0] == aliases["Союз решительных"][0]


def test_countries_keys_and_adjectives() -> None:
    assert country_key("Британия") == country_key("Великобритания") == "великобритания"
    assert country_key("РФ") == "россия"
    assert country_of_adjective("французский", set()) == "франция"
    assert country_of_adjective("нордландский", {"нордландия", "франция"}) == "нордландия"
    assert country_of_adjective("деловой", {"нордландия"}) is None


def test_entities_on_seeds(pipeline: Pipeline, seeds_dir: Path) -> None:
    first, second = (
        pipeline(Doc(text=p.read_text(encoding="utf-8"))) for p in sorted(seeds_dir.glob("*.txt"))
    )
    one, two = mentions(first), mentions(second)
    normals = {e.normal for e in second.entities}
    assert {"Фридрих Мерц", "Джорджия Мелони", "Минобороны Британии"} <= normals
    assert ("ORG", "Комсомольская правда", "Комсомольская правда") in one
    assert ("PER", "французский лидер", "Эммануэль Макрон") in one
    assert ("PER", "Российский лидер", "Владимир Путин") in one
    assert any(text == "главой российского государства" and name == "Владимир Путин" for _, text, name in one)
    assert ("PER", "Макрон", "Эммануэль Макрон") in two
    assert any(kind == "ORG" and text == "коалиции желающих" for kind, text, _ in two)
    coalition = {
        name for _, text, name in two if text in ("Коалиция решительных", "Coalition of the willing")
    }
    assert coalition == {"Коалиция желающих"}
    assert ("ORG", "газета Le Monde", "Le Monde") in two
    assert any(name == "The Telegraph" for kind, _, name in two if kind == "ORG")


def test_linking_head_of_state_is_the_title_holder_just_mentioned(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Президент Финляндии Карл Эрикссон позвонил президенту Франции Виктору Громову. "
            "Позже Громов выступил в парламенте. Глава государства заявил, что доволен разговором."
        )
    )
    descriptor = next(e for e in doc.entities if doc.span_text(e) == "Глава государства")
    assert (descriptor.canonical, descriptor.link_rule) == ("Виктор Громов", "title_of_recent_person")


def test_linking_keeps_descriptors_that_are_part_of_a_name(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Театр Сатиры открыл сезон, сообщила газета Le Monde."))
    canonical = {doc.span_text(e): e.canonical for e in doc.entities}
    assert canonical["Театр Сатиры"] == "Театр Сатиры"
    assert canonical["газета Le Monde"] == "Le Monde"


def test_aliases_initials_with_and_without_function_words() -> None:
    assert "ОБСЕ" in initials("Организация по безопасности и сотрудничеству в Европе")
    assert "ДПНИ" in initials("Движение против нелегальной иммиграции")
    assert initials("Заречинский трубный завод") == {"ЗТЗ"}
    assert initials("«Северный» банк") == {"СБ"}
    assert initials("Минобороны") == set()


def test_aliases_acronym_links_to_a_name_given_in_another_case(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Рабочие Северогорского алюминиевого комбината вышли на митинг. "
            "Руководство САК отказалось от комментариев."
        )
    )
    acronym = next(e for e in doc.entities if doc.span_text(e) == "САК")
    assert (acronym.type, acronym.canonical, acronym.link_rule) == (
        "ORG",
        "Северогорский алюминиевый комбинат",
        "acronym",
    )


def test_aliases_acronym_skips_a_place_nested_at_the_end(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(text="Министерство внутренних дел Тавриды сообщило о задержаниях. В МВД уточнили детали.")
    )
    acronym = next(e for e in doc.entities if doc.span_text(e) == "МВД")
    assert acronym.canonical == "Министерство внутренних дел Тавриды"


def test_aliases_acronym_of_the_article_wins_over_the_table(pipeline: Pipeline) -> None:
    doc = pipeline(
        Doc(
            text="Судоходная компания Балтики объявила тендер. Представитель СК сообщил, что "
            "торги пройдут в мае."
        )
    )
    linked = {doc.span_text(e): e.canonical for e in doc.entities}
    assert linked["СК"] == "Судоходная компания Балтики"  # the table alone says «Следственный комитет»


def test_aliases_acronym_the_ner_missed_becomes_a_mention(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Лесогорский механический завод получил заказ. Выручка ЛМЗ выросла."))
    doc.entities = [e for e in doc.entities if doc.span_text(e) != "ЛМЗ"]  # as if the NER missed it
    for entity in doc.entities:
        entity.canonical = ""
    LinkMentions().process(doc)
    linked = {doc.span_text(e): (e.type, e.canonical) for e in doc.entities if e.link_rule == "acronym"}
    assert linked == {"ЛМЗ": ("ORG", "Лесогорский механический завод")}


def test_aliases_table_joins_names_of_one_organisation(pipeline: Pipeline) -> None:
    docs = list(
        pipeline.pipe(
            [
                Doc(text="Центробанк повысил ставку. Позже ЦБ объяснил решение."),
                Doc(text="Банк России опубликовал прогноз, а Центральный банк сохранил ставку."),
                Doc(text="Экономика РФ растёт, заявили в Министерстве финансов."),
            ]
        )
    )
    banks = {(e.type, e.canonical) for doc in docs[:2] for e in doc.entities}
    assert banks == {("ORG", "Центральный банк")}
    names = {docs[2].span_text(e): (e.type, e.canonical) for e in docs[2].entities}
    assert names["РФ"] == ("LOC", "Россия")
    assert names["Министерстве финансов"] == ("ORG", "Минфин")


def test_aliases_table_file_is_well_formed() -> None:
    found = table()
    assert len(found) > 100
    assert found[key("Центробанк")] == ("ORG", "Центральный банк")
    assert found[key("Соединённые Штаты")] == found[key("соединенные штаты")] == ("LOC", "США")


def _retyped(pipeline: Pipeline, text: str, mention: str, kind: EntityType) -> Doc:
    """The text analysed, then re-linked as if the NER had tagged `mention` as `kind`."""
    doc = pipeline(Doc(text=text))
    entity = next(e for e in doc.entities if doc.span_text(e) == mention)
    entity.type = kind
    doc.entities = [e for e in doc.entities if e.kind == "name"]
    for e in doc.entities:
        e.canonical, e.link_rule = "", ""
    return LinkMentions().process(doc)


def test_consistency_surname_tagged_as_a_place_takes_the_full_name(pipeline: Pipeline) -> None:
    doc = _retyped(
        pipeline,
        "Премьер Виктор Громов выступил в парламенте. Критики говорят о провале политики Громова.",
        "Громова",
        "LOC",
    )
    surname = next(e for e in doc.entities if doc.span_text(e) == "Громова")
    assert (surname.type, surname.canonical) == ("PER", "Виктор Громов")


def test_consistency_dictionary_surname_alone_is_a_person(pipeline: Pipeline) -> None:
    doc = _retyped(pipeline, "Критики говорят о провале политики Громова.", "Громова", "LOC")
    assert [(e.type, e.canonical) for e in doc.entities] == [("PER", "Громов")]


def test_consistency_guessed_town_tagged_as_an_organisation_is_a_place(pipeline: Pipeline) -> None:
    doc = _retyped(pipeline, "Мэр Верхнелесска провёл совещание.", "Верхнелесска", "ORG")
    assert [(e.type, e.canonical) for e in doc.entities] == [("LOC", "Верхнелесск")]


def test_consistency_a_place_tagged_as_a_person_is_a_place(pipeline: Pipeline) -> None:
    doc = _retyped(pipeline, "Соглашения подписаны с Удмуртией и Чувашией.", "Чувашией", "PER")
    place = next(e for e in doc.entities if doc.span_text(e) == "Чувашией")
    assert (place.type, place.normal, place.canonical) == ("LOC", "Чувашия", "Чувашия")


def _named(doc: Doc, spans: list[tuple[str, EntityType, str]]) -> list[Entity]:
    entities: list[Entity] = []
    for text, kind, normal in spans:
        start = doc.text.index(text, entities[-1].stop if entities else 0)
        entities.append(Entity(start, start + len(text), kind, normal, normal))
    return entities


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # two votes to one
        ("Лесогорск ждёт. В Лесогорске тихо. Лесогорск спит.",
         [("Лесогорск", "PER", "Лесогорск"), ("Лесогорске", "LOC", "Лесогорск"),
          ("Лесогорск", "LOC", "Лесогорск")],
         ["LOC", "LOC", "LOC"]),
        # a one-word tie: a place before an organisation before a person
        ("Лесогорск ждёт. В Лесогорске тихо.",
         [("Лесогорск", "PER", "Лесогорск"), ("Лесогорске", "ORG", "Лесогорск")],
         ["ORG", "ORG"]),
        # a tie of full names: a person
        ("Олег Лужин пишет. Олега Лужина читают.",
         [("Олег Лужин", "LOC", "Олег Лужин"), ("Олега Лужина", "PER", "Олег Лужин")],
         ["PER", "PER"]),
    ],
)  # fmt: skip
def test_consistency_majority_type(
    text: str, spans: list[tuple[str, EntityType, str]], expected: list[str]
) -> None:
    doc = Doc(text=text)
    doc.entities = _named(doc, spans)
    majority_type(doc, doc.entities, [])
    assert [e.type for e in doc.entities] == expected


def test_consistency_descriptor_keeps_its_type() -> None:
    doc = Doc(text="Клуб «Лесогорск» выиграл. В Лесогорске праздник. Лесогорск гуляет.")
    doc.entities = _named(
        doc,
        [("Клуб «Лесогорск»", "ORG", "клуб «Лесогорск»"), ("Лесогорске", "LOC", "Лесогорск"),
         ("Лесогорск", "LOC", "Лесогорск")],
    )  # fmt: skip
    doc.entities[0].canonical = "Лесогорск"
    majority_type(doc, doc.entities, [])
    assert [e.type for e in doc.entities] == ["ORG", "LOC", "LOC"]


def test_entities_demo_factory_articles_name_one_bank_one_factory_one_town(pipeline: Pipeline) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("0[4-7]_*factory.txt"))]
    assert len(texts) == 4
    docs = list(pipeline.pipe(Doc(text=text) for text in texts))
    found = [(doc.span_text(e), e.type, e.canonical) for doc in docs for e in doc.entities]
    bank = {(kind, name) for text, kind, name in found if text in ("ЦБ", "Центробанк") or "банк" in text}
    assert bank == {("ORG", "Центральный банк")}
    factory = {(kind, name) for text, kind, name in found if text == "ЗТЗ" or "трубн" in text}
    assert factory == {("ORG", "Заречинский трубный завод")}
    assert sum(text == "ЗТЗ" for text, _, _ in found) >= 1
    town = {kind for _, kind, name in found if name == "Заречинск"}
    assert town == {"LOC"}
