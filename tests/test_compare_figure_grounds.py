"""What two outlets' figures rest on when compared (compare/figure_grounds.py): what a sum or share
measures, and the moment of a trading session. Invented sentences throughout."""

from __future__ import annotations

from typing import Any

from newsprism.analyse import Pipeline
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
