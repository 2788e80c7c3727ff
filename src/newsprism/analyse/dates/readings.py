"""What a date rule reads: a `Reading` of its match, the first and last `Moment` of the mention (the
year may be missing, «27 марта») and, for a relative date, a `Relative` resolved later against the
publication date; `FoundDate` is a reading with its place in the text."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Literal

from newsprism.model import DatePrecision

Moment = tuple[int | None, int | None, int | None]  # year (None when the text gives none), month, day
NO_MOMENT: Moment = (None, None, None)
RelativeUnit = Literal["day", "week", "month", "year", "weekday", "weekday_of_week"]


@dataclass(slots=True, frozen=True)
class Relative:
    """A date relative to publication: the `unit` `shift` units away («вчера»: day, -1; «в прошлом
    году»: year, -1), or a `weekday` (0 is Monday) with the shift of its qualifier, None without
    one. A year shift with moments in the reading («в марте прошлого года») puts them in that year."""

    unit: RelativeUnit
    shift: int | None = 0
    weekday: int = 0


@dataclass(slots=True, frozen=True)
class Reading:
    """What a rule understood: the first and last moments of the mention (`high` is None for a
    single date), possibly without a year; `relative` when it needs the publication date."""

    precision: DatePrecision
    low: Moment = NO_MOMENT
    high: Moment | None = None
    part: str = ""
    relative: Relative | None = None


@dataclass(slots=True, frozen=True)
class FoundDate:
    start: int
    stop: int
    rule: str
    reading: Reading


def valid(moment: Moment) -> bool:
    year, month, day = moment
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        days = calendar.monthrange(2000 if year is None else year, month or 1)[1]
        return 1 <= day <= days
    return True


def crosses_new_year(low: Moment, high: Moment) -> bool:
    return (low[1] or 1, low[2] or 1) > (high[1] or 1, high[2] or 1)


def with_year(low: Moment, high: Moment | None, year: int) -> tuple[Moment, Moment | None]:
    """Year-less moments in `year`; a range that crosses New Year («30 декабря – 7 января 2026
    года») starts in the year before the one it ends in."""
    if high is None:
        return (year, low[1], low[2]), None
    return (year - crosses_new_year(low, high), low[1], low[2]), (year, high[1], high[2])
