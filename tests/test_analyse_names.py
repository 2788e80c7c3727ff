"""Normal forms of names (names.py) and the linking rules that fix them per article, on invented names."""

import pytest

from newsprism.analyse import Pipeline
from newsprism.analyse.entities.names import Word, close_quotes, normalise, strip_case_ending
from newsprism.analyse.morph import parse_feats
from newsprism.model import Doc


def normal_of(pipeline: Pipeline, sentence: str, mention: str, kind: str) -> str:
    doc = pipeline(Doc(text=sentence))
    start = doc.text.index(mention)
    words = [
        Word(doc.span_text(t), t.pos, parse_feats(t.feats), t.start, t.stop)
        for t in doc.tokens
        if t.start >= start and t.stop <= start + len(mention)
    ]
    return normalise(kind, words)


@pytest.mark.parametrize(
    ("sentence", "mention", "kind", "normal"),
    [
        # a dictionary reading counts only in the tagged case: «Анте» is no locative of «ант»
        ("Тренер поговорил с Анте Дуричем после матча.", "Анте Дуричем", "PER", "Анте Дурич"),
        # ... nor «Маселеле» a dative of a guessed «Маселела»: it does not decline
        ("Контракт подписан с Клодом Маселеле.", "Клодом Маселеле", "PER", "Клод Маселеле"),
        # the first name tells the gender and the surname follows it
        ("Я поздравил Екатерину Ладогину с победой.", "Екатерину Ладогину", "PER", "Екатерина Ладогина"),
        ("Слово дали журналисту Павлу Калинину.", "Павлу Калинину", "PER", "Павел Калинин"),
        # one case for the words of a name: the surname the tagger reads as a genitive is nominative
        (
            "Кудрявцева Мария Петровна — директор школы.",
            "Кудрявцева Мария Петровна",
            "PER",
            "Кудрявцева Мария Петровна",
        ),
        # a word tagged nominative that no name reading has in the nominative
        ("Выступила дочь президента Дариги Сапаровой.", "Дариги Сапаровой", "PER", "Дарига Сапарова"),
        # a woman's foreign name in «-и» does not decline
        ("Фото Мэри Дженсон появилось в сети.", "Мэри Дженсон", "PER", "Мэри Дженсон"),
        # lower-case particles stay
        ("Мы встретили Марию ван Дейкерс в Гааге.", "Марию ван Дейкерс", "PER", "Мария ван Дейкерс"),
        # an adjective keeps its stem: not the «высочайшая» that shares the superlative's tag
        ("Ректор Высшей школы бизнеса выступил.", "Высшей школы бизнеса", "ORG", "Высшая школа бизнеса"),
        # an unknown organisation word by its tagged gender, not a feminine guess
        ("Об этом сообщили в «Северотехе».", "Северотехе", "ORG", "Северотех"),
        # a participle before the head agrees as an adjective
        ("Флаг Объединенных Провинций подняли.", "Объединенных Провинций", "LOC", "Объединённые Провинции"),
        # a plural head after singular adjectives: one of coordinated names
        ("Пожары в Заречной и Лесной областях потушены.", "Лесной областях", "LOC", "Лесная область"),
        # an adjective takes its head's gender, whatever the tagger says
        ("Звёзды в Млечном Пути не видны.", "Млечном Пути", "LOC", "Млечный Путь"),
    ],
)
def test_names_normalise_invented_mentions(
    pipeline: Pipeline, sentence: str, mention: str, kind: str, normal: str
) -> None:
    assert normal_of(pipeline, sentence, mention, kind) == normal


@pytest.mark.parametrize(
    ("word", "case", "gender", "nominative"),
    [
        ("Марадону", "Acc", "Masc", "Марадона"),  # men's names in «-а» decline as women's
        ("Пиньятой", "Ins", "Masc", "Пиньята"),
        ("Сантакрусы", "Gen", "Masc", "Сантакруса"),
        ("Дариги", "Gen", "Fem", "Дарига"),  # «-и» after a velar: «-а»
        ("Кайли", "Gen", "Fem", "Кайли"),  # after another consonant: the name does not decline
        ("Моуринью", "Acc", "Masc", "Моуринью"),
    ],
)
def test_names_strip_case_ending_more(word: str, case: str, gender: str, nominative: str) -> None:
    assert strip_case_ending(word, case, gender) == nominative


@pytest.mark.parametrize(
    ("name", "closed"),
    [
        ("ХК «Северный ветер", "ХК «Северный ветер»"),
        ('ФК "Заря', 'ФК "Заря"'),
        ("РИА «Новый Вестник»", "РИА «Новый Вестник»"),
        ("Заречинский завод", "Заречинский завод"),
    ],
)
def test_names_close_quotes(name: str, closed: str) -> None:
    assert close_quotes(name) == closed


def test_names_initials_link_to_the_full_name(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Дарига Сапарова приехала в Астану. Депутат Сапаровой Д. Н. выступила с речью."))
    mention = next(e for e in doc.entities if doc.span_text(e).startswith("Сапаровой"))
    assert mention.normal.startswith("Сапарова Д")
    assert (mention.canonical, mention.link_rule) == ("Дарига Сапарова", "surname_with_initials")


def test_names_initials_of_another_first_name_stay_apart(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Дарига Сапарова приехала. Сапаровой К. Н. позвонили."))
    mention = next(e for e in doc.entities if doc.span_text(e).startswith("Сапаровой"))
    assert mention.canonical != "Дарига Сапарова"


def test_names_indeclinable_place_is_one_place(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Дворец Долмабахче построен давно. Встреча прошла в Долмабахче."))
    names = {e.canonical for e in doc.entities if "Долмабахч" in doc.span_text(e)}
    assert names == {"Долмабахче"}


def test_names_person_taken_for_a_place_name_joins_the_place(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Посол прибыл в Нордландию, а президент Нордландии встретил его."))
    found = {(e.type, e.canonical) for e in doc.entities if "Нордланд" in doc.span_text(e)}
    assert found == {("LOC", "Нордландия")}


def test_names_a_guessed_plural_is_no_form_of_a_persons_name(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Гонщик столкнулся с Кими Ярвиненом на пит-лейне."))
    assert [e.normal for e in doc.entities if e.type == "PER"] == ["Кими Ярвинен"]  # not «Кие»


def test_coordination_people_side_by_side_share_a_case(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Совет решил наградить Гусеву и Белову за победу на турнире."))
    normals = {doc.span_text(e): e.normal for e in doc.entities if e.type == "PER"}
    assert normals.get("Белову") == "Белова"  # the case of «Гусеву» (a woman's accusative)


def test_names_a_participle_tagged_as_an_adjective_agrees_with_its_head() -> None:
    words = [
        Word("Объединённых", "ADJ", {"Case": "Loc", "Number": "Plur"}, 0, 12),
        Word("Провинциях", "NOUN", {"Case": "Loc", "Number": "Plur", "Gender": "Fem"}, 13, 23),
    ]
    assert normalise("LOC", words) == "Объединённые Провинции"


def test_names_a_foreign_article_is_no_head() -> None:
    words = [
        Word("Эль", "PROPN", {"Case": "Acc", "Gender": "Masc", "Number": "Sing"}, 0, 3),
        Word("Ривьеру", "PROPN", {"Case": "Acc", "Gender": "Fem", "Number": "Sing"}, 4, 11),
    ]
    assert normalise("ORG", words) == "Эль Ривьера"
