"""The list of stories fits the terminal: no line wider than it, titles in at most four lines, and no
word of a title or an outlet's name cut in the middle (a cut title ends at a word, with «…»)."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from newsprism.model import Story
from newsprism.present.stories import shorten, stories_view

TITLE = (
    "Президент Нордландии Карл Эрикссон и президент Державы Виктор Громов провели первый за "
    "восемнадцать месяцев телефонный разговор и договорились о возобновлении паромного сообщения"
)
OUTLETS = [
    "Агентство Меридиан",
    "Вестник Державы",
    "Свободный голос",
    "Заречинский курьер",
    "Северная звезда",
]
STORY = Story(
    id="line-2bbf2c74c4adc876", kind="storyline", title=TITLE, article_ids=["a"] * 12,
    event_ids=["e1", "e2"], outlets=OUTLETS, first="2026-01-05", last="2026-01-07", category="society",
)  # fmt: skip
WORD = re.compile(r"\w+…?")


def _render(width: int) -> str:
    console = Console(width=width, record=True, force_terminal=True, file=io.StringIO())
    console.print(stories_view([STORY], console))
    return console.export_text()


@pytest.mark.parametrize("width", [60, 100, 160])
def test_present_stories_fit_the_terminal_without_cutting_words(width: int) -> None:
    shown = _render(width)
    assert max(len(row) for row in shown.splitlines()) <= width
    known = set(WORD.findall(" ".join([TITLE, *OUTLETS]))) | {"line", "2bbf2c74c4adc876", "storyline"}
    cut = [w for w in WORD.findall(shown) if not w.endswith("…") and w.isalpha() and w not in known]
    cut = [
        w
        for w in cut
        if w not in {"id", "kind", "title", "when", "art", "outlets", "category", "more", "society"}
    ]
    assert cut == [], cut
    title_rows = [row for row in shown.splitlines() if set(WORD.findall(row)) & set(WORD.findall(TITLE))]
    assert 1 <= len(title_rows) <= 4
    assert "Агентство Меридиан" in " ".join(shown.split())  # the first outlet whole


def test_present_stories_shorten_cuts_at_a_word() -> None:
    assert shorten("один два три четыре", 12) == "один два…"
    assert shorten("один два", 20) == "один два"
