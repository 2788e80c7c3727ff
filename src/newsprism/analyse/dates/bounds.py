"""The bounds of when a text was written, from its dates: `written_after`, the earliest day (past and
present dates), and `written_before`, the latest (future dates, plans, deadlines), each with the
indexes of the dates that prove it. The docstring of `step` says what counts as evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from newsprism.analyse.dates.resolve import REFERENCE_SLACK
from newsprism.analyse.dates.rules import weekday_number
from newsprism.analyse.dates.settings import DateSettings
from newsprism.analyse.dates.tense import Tense, dateline
from newsprism.analyse.dates.values import first_day, last_day
from newsprism.model import DateMention, Doc


def written_after(
    doc: Doc, tenses: Sequence[Tense], plans: Sequence[bool], settings: DateSettings
) -> tuple[str, list[int]]:
    """The earliest date the text can have been written (ISO) and the indexes of the dates that
    prove it; ("", []) when none does. See the docstring of `step` for what counts as proof; `plans`
    marks the dates of an infinitive («решили открыть завод 21 сентября») or a start told in the present
    («музей открывается с 14 июня»), which prove nothing. A day named beside «вчера», «сегодня»,
    «завтра» gives the day of writing, in any tense («откроется завтра, 10 июня» → 9 June)."""
    published = doc.published.date() if doc.published else None
    latest_possible = settings.reference + REFERENCE_SLACK if settings.reference and not published else None
    days: dict[int, date] = {}
    for index, (mention, tense) in enumerate(zip(doc.dates, tenses, strict=True)):
        day = first_day(mention.value)
        anchored = _DAY_WORD.search(doc.text, max(0, mention.start - 16), mention.start)
        if (
            day is not None and mention.precision == "day" and anchored
        ):  # «завтра, 18 сентября»: written 17 September
            if not mention.rule.endswith(":year_in_text") or _weekday_agrees(doc, index, day):
                days[index] = day - timedelta(days=_DAY_WORDS[anchored[1].lower()])
            continue
        if day is None or tense == "future" or plans[index]:
            continue
        if mention.rule.endswith(":year_in_text") and not _weekday_agrees(doc, index, day):
            continue
        if (published is not None and day > published) or settings.bound(doc.text, mention):
            continue
        if settings.open_ended(doc.text, mention) or (latest_possible is not None and day > latest_possible):
            continue
        days[index] = day
    if not days:
        return "", []
    latest = max(days.values())
    return latest.isoformat(), [index for index, day in days.items() if day == latest]


_DAY_WORDS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_DAY_WORD = re.compile(rf"(?<!\w)({'|'.join(_DAY_WORDS)}),?\s+\Z", re.IGNORECASE)


def written_before(
    doc: Doc,
    tenses: Sequence[Tense],
    future: Sequence[bool],
    hearsay: Sequence[bool],
    settings: DateSettings,
    after: str,
) -> tuple[str, list[int]]:
    """The latest date the text can have been written (ISO) and the indexes of the dates that prove
    it; ("", []) when none does. Evidence is a date with a year from the text, the publication
    date or the reference that the text speaks of as still to come:

    - in the future tense or after a planning word («турнир пройдёт в октябре» → 31 October, the
      last day it covers; «с 11 по 14 июня» → 11 June, when the event has begun; a quarter → its
      last day), unless it is only a lower limit («не ранее 20 сентября», «после 10 октября»);
    - or as a deadline, in any tense but the past («до 20 июня», «не позднее 5 июля», «к 2031 году»
      → its first day: 1 January 2031; «до конца июня» → 30 June), and in the past too when the
      deadline was set or moved («срок продлили до 20 июня»: a deadline still running).

    A start told in the present («музей открывается с 14 июня») is a future one. Future dates after
    a recall word in their sentence («Ранее сообщалось, что завод откроют в июле») or in a clause
    «что ...» after a verb in the past («В марте мэр заявил, что мост откроют в июне») are hearsay
    from before and prove nothing. Of a list of days («12 и 14 июня») the first counts. Dates before
    the lower bound `after` or the publication date are contradictions (a plan already past when
    the text was written) and are dropped."""
    published = doc.published.date() if doc.published else None
    days: dict[int, date] = {}
    for index, (mention, tense) in enumerate(zip(doc.dates, tenses, strict=True)):
        if not mention.value:
            continue
        start = first_day(mention.value)
        if start is None:
            continue
        if mention.rule.endswith(":year_in_text") and not _weekday_agrees(doc, index, start):
            continue
        if hearsay[index] or dateline(doc.text, mention.start, mention.stop):
            continue
        day: date | None
        if settings.deadline(doc.text, mention):
            if tense == "past" and not _MOVED.search(doc.text, max(0, mention.start - 80), mention.start):
                continue
            day = last_day(mention.value) if mention.part == "end" else start
        elif future[index] and not settings.open_ended(doc.text, mention):
            day = last_day(mention.value, mention.precision)
            if day is not None and mention.precision == "day":
                day = _listed_first(doc.text, mention, day)
        else:
            continue
        if day is None or (after and day.isoformat() < after) or (published is not None and day < published):
            continue
        days[index] = day
    if not days:
        return "", []
    earliest = min(days.values())
    return earliest.isoformat(), [index for index, day in days.items() if day == earliest]


# A deadline told in the past that was set or moved («срок продлили до 20 июня») still runs.
_MOVED = re.compile(r"(?<!\w)(?:продл|перенес|перенос|отлож|сдвин|установ|назнач)", re.IGNORECASE)
_LISTED = re.compile(r"(?<![\d.:/-])(\d{1,2})(?:-?го)?\s*(?:,|и|или)\s*\Z")


def _listed_first(text: str, mention: DateMention, day: date) -> date:
    """The first day of a list the mention ends («12 и 14 июня»: 12 June), else `day`."""
    listed = _LISTED.search(text, max(0, mention.start - 12), mention.start)
    if listed is None or not 0 < int(listed[1]) < day.day:
        return day
    return day.replace(day=int(listed[1]))


def _weekday_agrees(doc: Doc, index: int, day: date) -> bool:
    """Whether a weekday written next to the date confirms the year it was given («во вторник,
    24 марта» with 2026 from elsewhere in the text: 24 March 2026 is a Tuesday). A wrong year
    matches the weekday one time in seven, so the agreement makes the guessed year evidence."""
    mention = doc.dates[index]
    for other in doc.dates[max(index - 1, 0) : index + 2]:
        if other is mention or not other.rule.startswith("weekday") or other.rule.startswith("weekday_of"):
            continue
        gap = (
            doc.text[other.stop : mention.start]
            if other.stop <= mention.start
            else doc.text[mention.stop : other.start]
        )
        if len(gap) > 3 or gap.strip(" ,\u00a0"):
            continue
        word = doc.text[other.start : other.stop].split()[-1]
        if weekday_number(word) == day.weekday():
            return True
    return False
