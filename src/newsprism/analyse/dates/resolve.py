"""Turning what the rules read into calendar dates: a relative date («вчера», «во вторник», «в марте
прошлого года») resolved against the publication date, a year-less date («27 марта») given the year
written beside it, the publication's, the reference day's or the nearest one in the text; `resolve`
makes the `DateMention`."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from newsprism.analyse.dates.readings import FoundDate, Moment, Reading, Relative, with_year
from newsprism.analyse.dates.settings import DateSettings
from newsprism.analyse.dates.tense import Tense
from newsprism.analyse.dates.values import iso_value
from newsprism.model import DateMention


def _first_day(moment: Moment) -> date:
    year, month, day = moment
    assert year is not None
    return date(year, month or 1, day or 1)


def _last_day(moment: Moment) -> date:
    year, month, day = moment
    assert year is not None
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + shift
    return index // 12, index % 12 + 1


def monday(day: date, week_shift: int = 0) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(weeks=week_shift)


def as_moment(day: date) -> Moment:
    return (day.year, day.month, day.day)


def nearest_weekday(published: date, weekday: int, shift: int | None, tense: Tense) -> date:
    """The day `weekday` meant by a mention on the publication date. Without a qualifier, the
    most recent such day (on or before publication), or the next one when the sentence is in the
    future tense; «прошлый» is strictly before, «следующий», «ближайший» strictly after, «этот»
    within the publication week."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if shift is None:
        return published + timedelta(days=ahead) if tense == "future" else published - timedelta(days=back)
    if shift < 0:
        return published - timedelta(days=(back or 7) + 7 * (-shift - 1))
    if shift > 0:
        return published + timedelta(days=ahead or 7)
    return monday(published) + timedelta(days=weekday)


def resolve_relative(
    reading: Reading, relative: Relative, published: date, tense: Tense
) -> tuple[Moment, Moment | None]:
    """The moments a relative reading means when the text was published on `published`."""
    shift = relative.shift or 0
    if relative.unit == "weekday":
        return as_moment(nearest_weekday(published, relative.weekday, relative.shift, tense)), None
    if relative.unit == "weekday_of_week":
        return as_moment(monday(published, shift) + timedelta(days=relative.weekday)), None
    if relative.unit == "day":
        return as_moment(published + timedelta(days=shift)), None
    if relative.unit == "week":
        return as_moment(monday(published, shift)), None
    if relative.unit == "month":
        year, month = add_months(published.year, published.month, shift)
        return (year, month, None), None
    if reading.low[1] is not None:  # «в марте прошлого года»
        return with_year(reading.low, reading.high, published.year + shift)
    return (published.year + shift, None, None), None


def _nearest_year(found: FoundDate, explicit: Sequence[tuple[int, int, int]]) -> int | None:
    """The written year nearest to the mention (the earlier one on a tie)."""
    best = min(explicit, key=lambda item: abs(item[0] - found.start), default=None)
    return None if best is None else best[2]


def _year_beside(text: str, found: FoundDate, explicit: Sequence[tuple[int, int, int]]) -> int | None:
    """The year of a year mention written right beside this one, only spaces between («в 2031 году
    в марте-апреле»): one phrase, so its year."""
    for start, stop, year in explicit:
        gap = text[stop : found.start] if stop <= found.start else text[found.stop : start]
        if len(gap) <= 3 and not gap.strip():
            return year
    return None


PUBLISHED_SLACK = timedelta(days=31)


def _publication_year(low: Moment, high: Moment | None, published: date, tense: Tense) -> int:
    """The publication year, or the one before for a past event that would fall more than
    `PUBLISHED_SLACK` after publication, or the one after for a future event that would be over
    that long before it. Within the slack the nearest date wins: «разрешили возобновить
    тренировки с 4 мая» in a text of 3 May is tomorrow (the verb dates the permission, not the
    day), and «планировалось, что встреча пройдёт 2 мая» in a text of 3 May is yesterday."""
    first, last = with_year(low, high, published.year)
    if tense == "past" and _first_day(first) > published + PUBLISHED_SLACK:
        return published.year - 1
    if tense == "future" and _last_day(last or first) < published - PUBLISHED_SLACK:
        return published.year + 1
    return published.year


REFERENCE_SLACK = timedelta(days=60)


def _reference_year(low: Moment, high: Moment | None, reference: date, tense: Tense) -> int:
    """The reference's year, or the one before for a past event that would fall well after it (by
    more than `REFERENCE_SLACK`: the text may be a little older or newer than the reference), or
    the one after for a future event that would be over well before it."""
    first, last = with_year(low, high, reference.year)
    if tense == "past" and _first_day(first) > reference + REFERENCE_SLACK:
        return reference.year - 1
    if tense == "future" and _last_day(last or first) < reference - REFERENCE_SLACK:
        return reference.year + 1
    return reference.year


def resolve(
    found: FoundDate,
    tense: Tense,
    published: date | None,
    explicit: Sequence[tuple[int, int, int]],
    settings: DateSettings,
    text: str = "",
) -> DateMention:
    reading = found.reading
    mention = DateMention(found.start, found.stop, "", reading.precision, reading.part, rule=found.rule)
    low, high = reading.low, reading.high
    if reading.relative is not None:
        mention.relative = True
        if published is None:
            relative = reading.relative
            if settings.reference is None or relative.unit != "year" or relative.shift:
                return mention
            low, high = resolve_relative(reading, relative, settings.reference, tense)  # «этого года»
            mention.rule = f"{found.rule}:year_reference"
        else:
            low, high = resolve_relative(reading, reading.relative, published, tense)
    elif low[0] is None:
        year, source = _year_beside(text, found, explicit), "year_beside"
        if year is not None:
            pass
        elif published is not None:
            year, source = _publication_year(low, high, published, tense), "year_published"
        elif settings.reference is not None:
            year, source = _reference_year(low, high, settings.reference, tense), "year_reference"
        elif settings.year_from_text:
            year, source = _nearest_year(found, explicit), "year_in_text"
        if year is not None:
            low, high = with_year(low, high, year)
            mention.rule = f"{found.rule}:{source}"
    mention.value = iso_value(reading.precision, low, high)
    return mention
