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
