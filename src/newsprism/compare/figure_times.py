"""The time each figure of an article refers to: the date of its own clause, else the nearest of
its sentence, else of the sentence before it in the same paragraph, else the article's own date.
`compare.figures` sets figures of different times apart as a change, not a contradiction.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.model import DateMention, Doc, Figure, Sentence


@dataclass(slots=True, frozen=True)
class TimedFigure:
    """A figure with the time it refers to: an ISO date or interval and where that came from
    ("sentence", "previous sentence", "article"), with the date's offsets (-1 for "article")."""

    article_id: str
    figure: Figure
    time: str
    time_source: str
    time_start: int = -1
    time_stop: int = -1


def _interval(value: str) -> tuple[str, str]:
    """An ISO date or interval at any precision as a pair of comparable strings."""
    low, _, high = value.partition("/")
    high = high or low
    return low, high + "\uffff"  # «2025-03» ends after every day of March 2025


def overlap(a: str, b: str) -> bool:
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    return a_low <= b_high and b_low <= a_high


_CLAUSE_BREAKS = frozenset(",;:()")  # what parts two clauses («к 26 мая выявят 97%, к 5 июня 99%»)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def part_of(a: str, b: str) -> bool:
    """Whether one period lies within the other: «в феврале 2020» within «в 2020 году» (a month's
    figure and a year's count different periods). A day is a moment, no period: «за период,
    завершившийся 31 марта» is not within «в I квартале» but names it."""
    if _DAY.fullmatch(a) or _DAY.fullmatch(b):
        return False
    (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
    return (b_low <= a_low and a_high <= b_high) or (a_low <= b_low and b_high <= a_high)


def _nearest_date(
    dates: Sequence[DateMention], position: int, text: str = "", stop: int | None = None
) -> DateMention | None:
    """The date a figure at `position` (to `stop`) refers to: the nearest one of its own clause,
    where no comma, colon, semicolon or bracket stands between them («на 95% процесс закончится
    к 26 мая, на 99% — к 5 июня»: 26 May for 95%, though 5 June is as near), else the nearest."""
    usable = [d for d in dates if d.value and not d.value.startswith("-")]  # "--05": a month of no known year
    if text and stop is not None:
        own = [
            d
            for d in usable
            if not _CLAUSE_BREAKS.intersection(text[min(d.stop, stop) : max(d.start, position)])
        ]
        usable = own or usable
    return min(usable, key=lambda d: abs(d.start - position)) if usable else None


def timed_figures(doc: Doc, article_date: str) -> list[TimedFigure]:
    """Every figure of a doc with the time it refers to."""
    out = []
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    dates = sorted(doc.dates, key=lambda d: d.start)
    date_starts = [d.start for d in dates]

    def dates_in(sentence: Sentence) -> list[DateMention]:
        # Looked up by offset, not scanned: a long article has thousands of figures and dates.
        return dates[bisect_left(date_starts, sentence.start) : bisect_left(date_starts, sentence.stop)]

    for figure in doc.figures:
        index: int | None = bisect_right(starts, figure.start) - 1
        if index is not None and (index < 0 or figure.start >= sentences[index].stop):
            index = None
        found, source = None, "article"
        if index is not None:
            sentence = sentences[index]
            found = _nearest_date(dates_in(sentence), figure.start, doc.text, figure.stop)
            source = "sentence"
            if found is None and index > 0:
                previous = sentences[index - 1]
                if "\n" not in doc.text[previous.stop : sentence.start]:
                    found = _nearest_date(dates_in(previous), figure.start)
                    source = "previous sentence"
        if found is None:
            out.append(TimedFigure(doc.article_id, figure, article_date, "article"))
        else:
            out.append(TimedFigure(doc.article_id, figure, found.value, source, found.start, found.stop))
    return out
