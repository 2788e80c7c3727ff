"""Shared facts: sentences of different outlets are one fact by meaning, not by shared words, and
modality (happened / may happen) keeps them apart; a fact never chains across unlike sentences."""

from __future__ import annotations

import numpy as np

from newsprism.analyse import Pipeline
from newsprism.compare.alignment import align, group
from newsprism.compare.fact_pairs import MEANING, WORDS, features, load_model
from newsprism.compare.meaning import meaning_vectors
from newsprism.compare.statements import Statement, statements_of
from newsprism.model import Article, Doc, Figure


def _statements(pipeline: Pipeline, *articles: Article) -> list[Statement]:
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    return [s for a, d in zip(articles, docs, strict=True) for s in statements_of(a, d)]


def _together(statements: list[Statement], first: str, second: str) -> bool:
    for fact in align(statements):
        texts = " | ".join(s.text for s in fact.statements)
        if first in texts and second in texts:
            return True
    return False


def test_facts_paraphrase_is_one_fact_and_a_possible_event_is_not(pipeline: Pipeline) -> None:
    a = Article(
        title="Мэрия Заречинска закрыла паромную переправу",
        body="Власти Заречинска во вторник закрыли паромную переправу через реку из-за паводка. "
        "Жителей левого берега попросили пользоваться объездным мостом. "
        "Губернатор области провёл совещание с главами районов.",
        outlet="Первое издание",
    )
    b = Article(
        title="Паромное сообщение в Заречинске остановлено",
        body="Во вторник городская администрация Заречинска прекратила работу парома из-за высокой воды. "
        "Переправа может возобновиться в ближайшие недели, если уровень воды спадёт. "
        "Для поездок на левый берег предлагают использовать мост на окраине.",
        outlet="Второе издание",
    )
    statements = _statements(pipeline, a, b)
    assert _together(statements, "закрыли паромную переправу", "прекратила работу парома")
    assert not _together(statements, "Губернатор области", "Переправа может возобновиться")
    assert not _together(statements, "закрыли паромную переправу", "Переправа может возобновиться")


def test_facts_meaning_vectors_respect_the_budget(pipeline: Pipeline) -> None:
    article = Article(
        title="Завод в Заречинске увеличил выпуск",
        body=" ".join(f"В цехе номер {n} выпуск вырос на {n} процентов за квартал." for n in range(1, 30)),
    )
    statements = _statements(pipeline, article)
    vectors, has = meaning_vectors(statements, budget=60)
    assert 0 < has.sum() < len(statements)
    assert has[0]  # the headline comes first
    assert np.allclose(np.linalg.norm(vectors[has], axis=1), 1.0, atol=1e-4)
    assert not vectors[~has].any()


def test_facts_group_uses_average_linkage() -> None:
    statements = [
        Statement(article_id=name, index=0, start=0, stop=1, text=name, is_title=True) for name in "abc"
    ]
    probability = np.array([[0, 0.9, 0.05], [0.9, 0, 0.8], [0.05, 0.8, 0]])
    facts = group(statements, probability, threshold=0.6, link=0.5)
    sizes = sorted(len(f.statements) for f in facts)
    assert sizes == [1, 2]  # c joins b only if its mean with {a, b} (0.425) reached the link
    assert len(group(statements, probability, threshold=0.6, link=0.4)) == 1


def test_facts_model_ships_both_variants() -> None:
    model = load_model()
    assert len(model.meaning[0]) == len(MEANING) and len(model.words[0]) == len(WORDS)
    assert 0.0 < model.threshold < 1.0 and 0.0 < model.link < 1.0
    # meaning outweighs words in the model that has both
    assert model.meaning[0][MEANING.index("e5")] > 0


def test_facts_figure_clash_marks_comparable_figures_that_disagree() -> None:
    def said(article: str, text: str, *figures: Figure) -> Statement:
        return Statement(article, 1, 0, len(text), text, False, figures=list(figures))

    statements = [
        said("a", "Паром сделал 12 рейсов", Figure(0, 2, 12.0, counted="рейс")),
        said("b", "Паром совершил 30 рейсов", Figure(0, 2, 30.0, counted="рейс")),
        said("c", "Паром сделал около 12 рейсов", Figure(0, 2, 12.0, "about", counted="рейс")),
        said("d", "Билет подорожал на 30 рублей", Figure(0, 2, 30.0, unit="RUB")),
    ]
    clash = features(statements, np.zeros((4, 4)))["figure_clash"]
    assert clash[0, 1] == clash[1, 0] == 1.0  # another count of the same thing
    assert clash[0, 2] == 0.0  # the same count, one of them rounded
    assert clash[1, 3] == 0.0  # not comparable: a count of trips and a price
    assert model_weight("figure_clash") < 0  # a clash speaks against one fact


def model_weight(name: str) -> float:
    return float(load_model().meaning[0][MEANING.index(name)])


def test_facts_common_ground_takes_the_neutral_wording(pipeline: Pipeline) -> None:
    from newsprism.compare import compare_story
    from newsprism.model import Story

    a = Article(
        title="Переговоры в Париже",
        body="Российский диктатор Владимир Путин 12 марта провёл в Париже переговоры с президентом Франции "
        "Эммануэлем Макроном о поставках зерна. Встреча продлилась три часа.",
        outlet="Первое издание",
    )
    b = Article(
        title="Путин и Макрон встретились в Париже",
        body="Владимир Путин провёл в Париже переговоры с Эммануэлем Макроном о поставках зерна. "
        "Стороны договорились продолжить консультации.",
        outlet="Второе издание",
    )
    docs = list(pipeline.pipe(Doc.from_article(x) for x in (a, b)))
    assert any(a.text[w.start : w.stop].lower().startswith("диктатор") for w in docs[0].evaluative)
    comparison = compare_story(Story("s", "event", "s", [a.id, b.id]), list(zip((a, b), docs, strict=True)))
    common = " ".join(s.text for s in comparison.summary.common)
    assert "переговоры" in common
    assert "диктатор" not in common


def test_headline_worded_otherwise_is_supported_by_meaning(pipeline: Pipeline) -> None:
    from newsprism.compare.summary import check_headline

    honest = Article(
        title="Переговоры Путина и Токаева длились час сорок",
        body="Переговоры президентов России и Казахстана продолжались 1 час 40 минут. "
        "Стороны обсудили поставки газа.",
    )
    unrelated = Article(
        title="Министр транспорта Олег Жуков подал в отставку",
        body="В Приморске открыли новый пешеходный мост через реку Светлую. "
        "Длина моста составляет 240 метров.",
    )
    checks = {}
    for article in (honest, unrelated):
        doc = next(iter(pipeline.pipe([Doc.from_article(article)])))
        check = check_headline(statements_of(article, doc))
        assert check is not None
        checks[article.title] = check
        assert check_headline(statements_of(article, doc), meaning=False).supported is False  # type: ignore[union-attr]
    assert checks[honest.title].supported
    assert not checks[unrelated.title].supported


def test_meaning_vectors_read_the_same_statements_whatever_the_cache_holds() -> None:
    texts = [
        f"Правительство Заречья утвердило план номер {n} развития порта и паромной линии." for n in range(8)
    ]
    statements = [
        Statement(article_id=f"a{n % 2}", index=n // 2, start=0, stop=len(t), text=t, is_title=n < 2)
        for n, t in enumerate(texts)
    ]
    _, cold = meaning_vectors(statements, budget=60)
    assert 0 < cold.sum() < len(statements)  # the budget leaves some out
    meaning_vectors(statements, budget=10**6)  # every vector is now remembered
    _, warm = meaning_vectors(statements, budget=60)
    assert warm.tolist() == cold.tolist()
