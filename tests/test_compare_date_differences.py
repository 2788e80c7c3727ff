"""Dates that disagree between outlets within one fact (compare/date_differences.py). The facts
are made by hand from the statements of invented articles, so each test is about the dates alone."""

from __future__ import annotations

from datetime import UTC, datetime

from newsprism.analyse import Pipeline
from newsprism.compare.alignment import Fact
from newsprism.compare.date_differences import date_differences
from newsprism.compare.statements import statements_of
from newsprism.model import Article, Doc

PUBLISHED = datetime(2031, 5, 3, 12, tzinfo=UTC)


def _differences(
    pipeline: Pipeline, bodies: dict[str, str], published: dict[str, datetime] | None = None
) -> list[set[str]]:
    """The differing dates (their texts) of a fact made of the first body statement of each
    outlet; each article is published on PUBLISHED unless `published` names its day."""
    articles = [
        Article(title="", body=body, outlet=outlet, published=(published or {}).get(outlet, PUBLISHED))
        for outlet, body in bodies.items()
    ]
    docs = {
        a.id: doc
        for a, doc in zip(articles, pipeline.pipe(Doc.from_article(a) for a in articles), strict=True)
    }
    fact = Fact(0, [statements_of(a, docs[a.id])[0] for a in articles])
    outlet_of = {a.id: a.outlet or "" for a in articles}
    return [{d.a.text, d.b.text} for d in date_differences([fact], docs, outlet_of)]


def test_one_thing_dated_differently_is_a_difference(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "По расчётам института, к 20 мая в Заречье выявят 97% заболевших, "
            "к 3 июня будут выявлены 99% случаев.",
            "Курьер": "Институт считает, что 99% случаев в Заречье будут выявлены к 3 июля.",
        },
    )
    assert found == [{"3 июня", "3 июля"}], found


def test_dates_of_different_things_are_no_difference(pipeline: Pipeline) -> None:
    # One fact (the suspended league), but one date is the stop, the other the end of the pause.
    found = _differences(
        pipeline,
        {
            "Вестник": "Чемпионат Заречья был прерван 17 марта из-за эпидемии.",
            "Курьер": "Из-за эпидемии все соревнования в Заречье приостановлены до 31 мая.",
        },
    )
    assert found == [], found


def test_an_earlier_state_is_not_set_against_the_present(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "Ранее учёные обещали, что эпидемия в Заречье закончится 20 июля.",
            "Курьер": "Учёные считают, что эпидемия в Заречье закончится 8 августа.",
            "Листок": "По мнению учёных, эпидемия в Заречье закончится 12 августа.",
        },
    )
    assert found == [{"8 августа", "12 августа"}], found


def test_a_day_without_a_year_is_one_day_whatever_year_each_article_guessed(pipeline: Pipeline) -> None:
    # The past tense of «перенесли» puts a June day two months ahead in the year before; the
    # other outlet's future tense puts it in this year. Neither wrote the year.
    found = _differences(
        pipeline,
        {
            "Вестник": "Финал кубка Заречья перенесли на 20 июля.",
            "Курьер": "Финал кубка Заречья пройдёт 20 июля.",
            "Листок": "Финал кубка Заречья пройдёт 20 июля 2030 года.",
        },
    )
    assert found == [{"20 июля", "20 июля 2030 года"}], found


def test_a_date_both_give_leaves_the_other_unopposed(pipeline: Pipeline) -> None:
    # Both name 2011; March is told by one outlet only, which is no disagreement.
    found = _differences(
        pipeline,
        {
            "Вестник": "Банки Заречья в марте заняли у регулятора рекордную с 2011 года сумму.",
            "Курьер": "Банки Заречья заняли у регулятора рекордную с 2011 года сумму.",
        },
    )
    assert found == [], found


def test_a_state_on_the_first_of_a_month_agrees_with_the_month_before(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "В марте банки Заречья привлекли у регулятора 3,2 трлн рублей.",
            "Курьер": "На 1 апреля банки Заречья привлекли у регулятора 3,2 трлн рублей.",
            "Листок": "На 1 мая банки Заречья привлекли у регулятора 3,2 трлн рублей.",
        },
    )
    assert found == [{"В марте", "1 мая"}, {"1 апреля", "1 мая"}], found


def test_days_without_a_year_agree_with_their_month(pipeline: Pipeline) -> None:
    # An archive copy dated years later guesses another year for «9 января»; neither wrote one.
    found = _differences(
        pipeline,
        {
            "Вестник": "Рыбаков задержали 9 января у берегов Заречья.",
            "Курьер": "Рыбаков задержали в январе у берегов Заречья.",
        },
        {"Вестник": datetime(2029, 2, 1, tzinfo=UTC)},
    )
    assert found == [], found


def test_dates_of_different_subjects_are_no_difference(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "«Заря» вернётся к тренировкам на клубной базе 11 мая.",
            "Курьер": "По данным СМИ, «Искра» вернётся к тренировкам на клубной базе 6 мая.",
        },
    )
    assert found == [], found


def test_a_date_recalled_after_hotya_is_history(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "Эпидемия в Заречье закончится 12 августа, хотя ранее учёные называли 8 августа.",
            "Курьер": "По расчётам учёных, эпидемия в Заречье закончится 8 августа.",
        },
    )
    assert found == [{"12 августа", "8 августа"}], found


def test_an_earlier_state_before_a_but_leaves_the_date_after_it_current(pipeline: Pipeline) -> None:
    found = _differences(
        pipeline,
        {
            "Вестник": "Ранее учёные прогнозов не давали, но теперь говорят, "
            "что эпидемия в Заречье закончится 12 августа.",
            "Курьер": "По расчётам учёных, эпидемия в Заречье закончится 8 августа.",
        },
    )
    assert found == [{"12 августа", "8 августа"}], found
