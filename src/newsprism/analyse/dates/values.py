"""The ISO 8601 values of date mentions («2026-01-06», «2025-11», «2026-W02», an interval
«2026-01-06/2026-01-07», a year-less «--03-27») and the first and last days they cover."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from newsprism.analyse.dates.readings import Moment
from newsprism.model import DatePrecision


def iso(moment: Moment) -> str:
    year, month, day = moment
    parts = ["-" if year is None else f"{year:04d}"]
    parts += [f"{value:02d}" for value in (month, day) if value is not None]
    return "-".join(parts)


def iso_value(precision: DatePrecision, low: Moment, high: Moment | None) -> str:
    """The ISO 8601 value of a mention: a date at its precision, an ISO week, or an interval."""
    if precision == "week" and low[0] is not None:
        year, week, _ = date(low[0], low[1] or 1, low[2] or 1).isocalendar()
        return f"{year}-W{week:02d}"
    if high is None or high == low:
        return iso(low)
    return f"{iso(low)}/{iso(high)}"


def first_day(value: str) -> date | None:
    """The first day a value covers, None when it has no year («», «--03-27») or is no real day
    («29 февраля» given the year of a nearby mention that is not a leap year)."""
    head = value.partition("/")[0]
    if not head or head.startswith("-"):
        return None
    if "-W" in head:
        year, week = head.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    parts = [int(part) for part in head.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


def last_day(value: str, precision: str = "") -> date | None:
    """The last day a value covers («2025-05» → 31 May, «2025» → 31 December), or for an interval of
    days its first day (an event «с 11 по 14 июня» has begun by 11 June); None without a year."""
    head, _, tail = value.partition("/")
    if precision == "day" or not tail:
        tail = head
    if not tail or tail.startswith("-"):
        return None
    if "-W" in tail:
        start = first_day(tail)
        return None if start is None else start + timedelta(days=6)
    parts = [int(part) for part in tail.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    try:
        return date(parts[0], month, parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1])
    except ValueError:
        return None
