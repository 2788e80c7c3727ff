"""What two outlets' figures rest on when compared (compare/figure_grounds.py): what a sum or share
measures, and the moment of a trading session. Invented sentences throughout."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsprism.analyse import Pipeline
from newsprism.compare.comparison import compare_story
from newsprism.compare.figure_times import timed_figures
from newsprism.model import Article, Doc, Story
from support import figure_rows


def _conflicts(rows: list[dict[str, Any]]) -> list[set[float]]:
    return [{row["a"]["value"], row["b"]["value"]} for row in rows if row["status"] == "conflict"]


def test_sums_of_one_measure_are_compared(pipeline: Pipeline) -> None:
    # Two sums of no counted noun whose clauses share only «убыток» and «компания».
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Компания «Северный ветер» получила рекордный убыток в 3,2 млрд рублей.",
            "Курьер": "Как говорится в отчёте, убытки компании составили 3,6 млрд рублей.",
        },
    )
    assert _conflicts(rows) == [{3.2e9, 3.6e9}], rows


def test_shares_of_one_stock_are_compared(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Акции «Вектора» упали на 6% после заявления основателя.",
            "Курьер": "Бумаги «Вектора» на бирже упали на 8%.",
        },
    )
    assert _conflicts(rows) == [{6.0, 8.0}], rows


def test_sums_of_different_measures_do_not_conflict(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Выручка сети «Полка» в прошлом квартале составила 2 млрд рублей, сообщила компания.",
            "Курьер": "Убыток сети «Полка» в прошлом квартале составил 2,4 млрд рублей, сообщила компания.",
        },
    )
    assert _conflicts(rows) == [], rows


def test_a_move_at_the_close_is_not_set_against_one_of_no_moment(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "После заявления основателя акции «Вектора» на бирже упали на 6%.",
            "Курьер": "К закрытию торгов акции «Вектора» на бирже упали на 7%.",
            "Листок": "К закрытию торгов акции «Вектора» на бирже упали на 9%.",
        },
    )
    assert _conflicts(rows) == [{7.0, 9.0}], rows


def test_a_sum_that_names_what_it_pays_is_compared_with_one_that_does_not(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Ранее сообщалось, что «Северянину» придётся заплатить 40 млн евро за Игоря Лаврова.",
            "Курьер": "Сообщалось, что «Северянин» готов заплатить за Игоря Лаврова 45 млн евро отступных",
        },
    )
    assert _conflicts(rows) == [{40e6, 45e6}], rows


def test_counts_of_two_named_people_do_not_conflict(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В нынешнем сезоне Игорь Лавров провёл за «Северянин» 28 матчей.",
            "Курьер": "В нынешнем сезоне Олег Сомов провёл за «Ладогу» 19 матчей.",
        },
    )
    assert _conflicts(rows) == [], rows


def test_amounts_in_two_named_places_do_not_conflict(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Из-за потепления в Антарктиде ежегодно тает около 120 гигатонн льда.",
            "Курьер": "Из-за потепления в Гренландии ежегодно тает около 200 гигатонн льда.",
        },
    )
    assert _conflicts(rows) == [], rows


def test_a_players_minutes_over_several_matches_are_no_one_figure(pipeline: Pipeline) -> None:
    one_match = "Голы: Лавров (12), Сомов (70)."
    cup_run = (
        "Первый матч. Голы: Лавров (12), Сомов (64).\n\nВторой матч. Голы: Сомов (33), Лавров (80).\n\n"
        "Финал. Голы: Сомов (58), Лавров (12)."
    )
    rows = figure_rows(pipeline, {"Вестник": one_match, "Курьер": cup_run})
    assert {70.0, 64.0} not in _conflicts(rows), rows
    # The same report in two outlets, one minute apart, is a conflict.
    rows = figure_rows(pipeline, {"Вестник": one_match, "Курьер": "Голы: Лавров (12), Сомов (71)."})
    assert _conflicts(rows) == [{70.0, 71.0}], rows


def test_the_comparisons_currency_codes_are_the_figure_steps() -> None:
    from newsprism.analyse.figures.units import CURRENCIES, NATIONAL_CURRENCIES, SYMBOLS
    from newsprism.compare.figures import CURRENCY_CODES

    found = {*CURRENCIES.values(), *SYMBOLS.values(), *NATIONAL_CURRENCIES.values()}
    assert found == CURRENCY_CODES


def test_a_count_in_one_league_is_not_set_against_a_count_in_all(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В этом сезоне Олег Сомов провёл за «Ладогу» 30 матчей и сделал 12 передач.",
            "Курьер": "В сезоне премьер-лиги Олег Сомов сыграл 24 матча, забив 5 мячей и сделав 9 передач.",
            "Листок": "В этом сезоне Олег Сомов провёл за «Ладогу» 33 матча и сделал 12 передач.",
        },
    )
    assert _conflicts(rows) == [{30.0, 33.0}], rows


def test_a_figure_is_dated_by_the_date_of_its_own_clause(pipeline: Pipeline) -> None:
    # 8 August stands nearer to 95% than 26 May, but across a comma.
    article = Article(
        title="Прогноз",
        body="Эпидемия завершится к 8 августа, при этом на 95% этот долгий процесс закончится к 26 мая.",
        outlet="Вестник",
        published=datetime(2020, 5, 3, tzinfo=UTC),
    )
    doc = next(iter(pipeline.pipe([Doc.from_article(article)])))
    [share] = [t for t in timed_figures(doc, "2020-05-03") if t.figure.value == 95.0]
    assert (share.time, share.time_source) == ("2020-05-26", "sentence")


def test_shares_dated_to_one_day_by_their_sentences_are_compared(pipeline: Pipeline) -> None:
    # The clauses share no word but the date; each share is dated by its own sentence.
    texts = {
        "Вестник": "По данным института, на 95% эпидемия закончится к 26 мая.",
        "Курьер": "Как считают учёные, к 26 мая в стране выявят 97% заболевших.",
    }
    day = datetime(2020, 5, 3, tzinfo=UTC)
    articles = [Article(title=f"Новости: {o}", body=b, outlet=o, published=day) for o, b in texts.items()]
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    story = Story("s", "event", "тест", [a.id for a in articles])
    comparison = compare_story(story, list(zip(articles, docs, strict=True)))
    conflicts = [{c.a.figure.value, c.b.figure.value} for c in comparison.figures if c.status == "conflict"]
    assert conflicts == [{95.0, 97.0}], comparison.figures


def test_a_months_figure_and_a_years_are_different_periods(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В феврале 2020 года банк «Вектор» прогнозировал средний курс доллара в 64,5 рубля.",
            "Курьер": "По прогнозу банка «Вектор», в 2020 году средний курс доллара составит 70,7 рубля.",
        },
    )
    assert _conflicts(rows) == [], rows
    assert any(row["status"] == "different_times" for row in rows), rows


def test_a_figure_the_other_text_allows_is_not_set_against_its_other_figures(pipeline: Pipeline) -> None:
    # «до 20 000» allows the other's «20 тысяч»: its 35 000 counts something else (the town).
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Хронисты пишут, что от холеры в Заречье погибли до 20 000 человек.",
            "Курьер": "От холеры погибли 20 тысяч жителей, большая часть Заречья (35 тысяч человек).",
        },
    )
    assert _conflicts(rows) == [], rows
