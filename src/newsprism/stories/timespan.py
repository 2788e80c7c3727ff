"""When an article can be from, as story code reads its dates.

An article is dated when it has a publication date, or when the dates it mentions prove it was
written after a given day («во вторник, 24 марта» of a text that names 2026): a text is rarely
much younger than the latest day it reports, so that day stands in for its date. When the proof
is only a month («в конце ноября 2025 года») the article may date from any day of that month;
when it is a year or coarser («в 2024 году») it says nothing of how much later the text was
written, only that it was not earlier. `time_span` gives the first and last day accordingly.
"""

from __future__ import annotations

import calendar
from datetime import date

from newsprism.stories.view import StoryDoc

__all__ = ["OPEN", "UNDATED", "day_of", "overlap", "time_span"]

UNDATED = -1
OPEN = 1 << 30  # the end of an open span: later than any day
_MONTH_PRECISIONS = frozenset({"week", "month"})


def day_of(when: str) -> int:
    """The proleptic ordinal of an ISO date («2025-11-01»; «2025-11» and «2025» are their first
    day), or `UNDATED`."""
    parts = when[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return UNDATED


def time_span(view: StoryDoc) -> tuple[int, int]:
    """The first and last day (ordinals) the article can be from, as clustering reads its dates
    (module docstring): (day, day) when dated; the month or week for a proof that fine; open-ended
    from a coarser proof; (`UNDATED`, `OPEN`) without any date."""
    if view.published is not None:
        day = view.published.date().toordinal()
        return day, day
    first = day_of(view.written_after) if view.written_after else UNDATED
    if first == UNDATED:
        return UNDATED, OPEN
    precision = view.written_after_precision or "day"  # views stored before the field: as before
    if precision == "day":
        return first, first
    if precision in _MONTH_PRECISIONS:
        start = date.fromordinal(first)
        length = 7 if precision == "week" else calendar.monthrange(start.year, start.month)[1]
        return first, first + length - 1
    return first, OPEN


def overlap(a: tuple[int, int], b: tuple[int, int], window: int) -> bool:
    return a[0] <= b[1] + window and b[0] <= a[1] + window
