"""Dates: absolute, partial, ranges, fuzzy parts and relative dates, normalised to ISO 8601.

`find_dates` runs the named rules of `date_rules` over the sentences, each rule only where its
triggers are (a digit, a month name ...: a few substring searches of the whole text, much cheaper
than running every pattern everywhere); `ExtractDates` resolves what they read into `DateMention`s:

- `value` is ISO 8601 at the mention's precision: «2026-01-06», «2025-11», «2025»; an interval
  «2026-01-06/2026-01-07»; a season as its months «2024-03/2024-05» (winter of a year is the one
  ending in it: «2023-12/2024-02»); a decade or century as its years «1990/1999», «1901/2000»; a
  week as its ISO week «2026-W02». A fuzzy part («в конце ноября») keeps the value of the whole
  («2025-11») and says which part in `part`: start, middle, end, first_half, second_half.
- A relative date («вчера», «во вторник», «на прошлой неделе», «в марте прошлого года») is resolved
  against the publication date, `relative=True`; without a publication date its value is "".
  A weekday with no qualifier is the most recent such day on or before publication, or the next
  one on or after it when the nearest verb of its sentence is in the future tense.
- A date without a year («27 марта», «в середине марта») takes the publication year (the year
  before when the sentence is in the past tense and the date would fall after publication, the year
  after when it is in the future tense and would be over by then); without a publication date, the
  nearest year written in the article; failing that it stays year-less: «--03-27», «--03»
  (ISO 8601:2000). The rule name records where a year came from: «day_month:year_published»,
  «day_month:year_in_text».

`written_after` is the latest first day of the mentions that prove the text was written after them;
those mentions' indexes are `written_after_evidence`. A mention is evidence when its value is a date
with a year from the text or the publication date (a year guessed from elsewhere in the text proves
nothing, unless a weekday written beside the date agrees with it: «во вторник, 24 марта» in a text
that names 2026), the nearest verb of its sentence is not in the future tense and no planning word
(«планируется», «намерен», «ожидается») is nearer, no «к», «до» or «на» precedes or (for an absolute
date) opens it («к 2030 году», «бюджет на 2026 год», «до конца 2025 года» are deadlines and plans),
and it is not after the publication date. The first day is taken, not the last: «в марте 2025 года»
proves 1 March, and a fuzzy part is too vague to narrow that. Plain mentions count: an article that
names a date is rarely older than it. Besides, a date is no lower-bound evidence when an infinitive
is nearer to it than any finite verb («решили открыть музей 21 сентября»: a plan), when it is a start told
in the present («музей открывается с 14 июня»), or a lower limit («не ранее 2030 года»); a dateline's
date («ТВЕРЬ, 12 марта.») is the present; a day beside «завтра», «вчера», «сегодня» («откроется
завтра, 10 июня») dates the writing itself.

`written_before` is the earliest day the text speaks of as still to come (`_written_before`: the
future tense, planning words, deadlines), `written_before_evidence` its mentions; both bounds are
bounds, never a date to show as the article's. `DateSettings.reference` gives an undated text's
year-less dates the year of a day it is known to be near (the collection it came in).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from newsprism.analyse.dates.rules import (
    RULES,
    TRIGGERS,
    Found,
    Moment,
    Reading,
    Relative,
    Rule,
    weekday_number,
    with_year,
)
from newsprism.analyse.pipeline import Step
from newsprism.model import DateMention, DatePrecision, Doc, Token

__all__ = ["DateSettings", "ExtractDates", "find_dates", "first_day", "iso_value"]

FUTURE_CUES = frozenset(
    {
        "планировать", "планироваться", "запланировать", "намерен", "намереваться", "собираться",
        "ожидаться", "предполагаться", "предстоять", "прогнозировать", "обещать", "пообещать",
        "должен", "должный", "рассчитывать", "готовиться", "ожидать", "надеяться", "предполагаемый",
    }
)  # fmt: skip

Tense = Literal["past", "present", "future", ""]
_TENSES: dict[str, Tense] = {"Past": "past", "Pres": "present", "Fut": "future"}


@dataclass(frozen=True, slots=True)
class DateSettings:
    """`future_cues` are lemmas that make a sentence's dates plans; `bound_words` before or opening
    a date make it a deadline or a plan («к 2030 году», «на 2026 год», «до конца года»), which
    proves nothing about the lower bound; `deadline_words` before a date make it a deadline that
    bounds the text from above («до», «к», «не позднее»); `open_words` before a future date leave
    it open-ended, no upper bound («не ранее 20 сентября», «после 10 октября»); `recall_words` earlier in a
    sentence make its future dates hearsay from before («Ранее сообщалось, что ...»), no upper
    bound; `year_from_text` lets a year-less date take the nearest written year; `reference` is a
    day the caller knows an undated text to be near (the date of the collection it came in):
    year-less dates take their year from it as they would from a publication date, and the
    dates so resolved count as evidence (it is no bound itself)."""

    future_cues: frozenset[str] = FUTURE_CUES
    bound_words: tuple[str, ...] = ("к", "до", "на")
    deadline_words: tuple[str, ...] = ("к", "до", "не позднее", "не позже")
    open_words: tuple[str, ...] = ("не ранее", "не раньше", "после")
    recall_words: tuple[str, ...] = ("ранее",)  # not «прежде»: «прежде чем начать ...» is no recall
    year_from_text: bool = True
    reference: date | None = None
    _before: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _opening: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _deadline: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _open: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _recall: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(word.replace(" ", r"\s+") for word in words) or "(?!)"

        words = alternatives(self.bound_words)
        listed = r"(?:\d{1,2}(?:-?го)?\s*(?:,|и|или)\s*)?"  # «на 12 и 19 июня»
        object.__setattr__(self, "_before", re.compile(rf"(?<!\w)(?:{words})\s+{listed}\Z", re.IGNORECASE))
        object.__setattr__(self, "_opening", re.compile(rf"(?:{words})\s", re.IGNORECASE))
        deadline = alternatives(self.deadline_words)
        object.__setattr__(self, "_deadline", re.compile(rf"(?<!\w)(?:{deadline})\s+\Z", re.IGNORECASE))
        opened = alternatives(self.open_words)
        object.__setattr__(self, "_open", re.compile(rf"(?<!\w)(?:{opened})\s+\Z", re.IGNORECASE))
        recall = alternatives(self.recall_words)
        object.__setattr__(self, "_recall", re.compile(rf"(?<!\w)(?<!не\s)(?:{recall})(?!\w)", re.IGNORECASE))

    def bound(self, text: str, mention: DateMention) -> bool:
        """Whether the mention is a deadline or a plan: a bound word precedes it or, unless it is a
        relative date («на прошлой неделе»), opens it."""
        if self._before.search(text, max(0, mention.start - 16), mention.start):
            return True
        return not mention.relative and self._opening.match(text, mention.start, mention.stop) is not None

    def deadline(self, text: str, mention: DateMention) -> bool:
        """Whether a deadline word precedes or opens the mention («до 12 мая», «не позднее 15 мая»)."""
        window = text[max(0, mention.start - 12) : mention.start]
        if self._deadline.search(window):
            return True
        return re.match(r"(?:до|к)\s", text[mention.start : mention.stop], re.IGNORECASE) is not None

    def open_ended(self, text: str, mention: DateMention) -> bool:
        """Whether the mention is a lower limit only («не ранее 20 сентября», «после 10 октября»)."""
        return self._open.search(text[max(0, mention.start - 12) : mention.start]) is not None

    def recalled(self, text: str, sentence_start: int, mention: DateMention) -> bool:
        """Whether a recall word comes before the mention in its sentence («Ранее сообщалось, что»)."""
        return self._recall.search(text, sentence_start, mention.start) is not None


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


def _first_day(moment: Moment) -> date:
    year, month, day = moment
    assert year is not None
    return date(year, month or 1, day or 1)


def _last_day(moment: Moment) -> date:
    year, month, day = moment
    assert year is not None
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


_DIGITS = re.compile(r"\d+(?:(\.)\d|([-–−]))?")


def _lower(text: str) -> str:
    """Lower case with offsets kept (a few characters lengthen when lowered: keep those)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def triggers(lowered: str, spans: Sequence[tuple[int, int]]) -> list[set[str]]:
    """The triggers present in each span of a lower-case text: the keys of `TRIGGERS`, "digit", "digit." (a
    digit, a dot and a digit) and "digit-" (a digit and a dash). Found by a few searches of the
    whole text rather than per span."""
    starts = [start for start, _ in spans]
    present: list[set[str]] = [set() for _ in spans]

    def mark(position: int, name: str) -> None:
        index = bisect_right(starts, position) - 1
        if index >= 0 and position < spans[index][1]:
            present[index].add(name)

    for name, words in TRIGGERS.items():
        for word in words:
            position = lowered.find(word)
            while position >= 0:
                mark(position, name)
                position = lowered.find(word, position + len(word))
    for match in _DIGITS.finditer(lowered):
        mark(match.start(), "digit")
        if match[1] or match[2]:
            mark(match.start(), "digit." if match[1] else "digit-")
    return present


_BEFORE_NUMBER = frozenset("0123456789.,:/-–−")


def _glued(before: str, first: str) -> bool:
    """Whether a match starting with `first` continues what precedes it: a word starts after a
    non-letter, a number not after a digit, a dot, a colon («1.5», «12:30») or a dash. (A letter
    before a number is allowed: scraped text glues «сборная QMJHL8 ноября».)"""
    if first.isdigit():
        return before in _BEFORE_NUMBER
    return before.isalnum() or before == "_"


def find_dates(
    text: str, spans: Sequence[tuple[int, int]] | None = None, rules: Sequence[Rule] = RULES
) -> list[Found]:
    """Every date the rules read in `text`, in text order; earlier rules win overlaps. With `spans`
    (sentences, in order) only those parts are read, and no date crosses their borders."""
    spans = [(0, len(text))] if spans is None else spans
    lowered = _lower(text)
    found: list[Found] = []
    for (span_start, span_stop), present in zip(spans, triggers(lowered, spans), strict=True):
        if not present:
            continue
        here: list[Found] = []
        for rule in rules:
            if not rule.needs <= present:
                continue
            for match in rule.pattern.finditer(lowered, span_start, span_stop):
                start, stop = match.span()
                if start > 0 and _glued(lowered[start - 1], lowered[start]):
                    continue
                if rule.keeps is not None and (kept := rule.keeps.search(lowered, max(0, start - 4), start)):
                    start = max(kept.start(), span_start)
                if any(start < other.stop and other.start < stop for other in here):
                    continue
                reading = rule.build(match)
                if reading is not None:
                    here.append(Found(start, stop, rule.name, reading))
        found.extend(sorted(here, key=lambda item: item.start))
    return found


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


_DATELINE_BEFORE = re.compile(r"[ \t]*[А-ЯЁA-Z][А-ЯЁA-Z.\- ]*(?:\([^)\n]*\))?,[ \t]*")
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\d{4}[ \t]*(?:г\.|года)?)?[ \t]*[.—–/]")


def dateline(text: str, start: int, stop: int) -> bool:
    """Whether the mention is the date of a dateline: a line opening with a place or an agency
    in capitals, a comma, the date and a dot or a dash («ТВЕРЬ, 12 марта. ...», «АГЕНТСТВО, 1 мая —»)."""
    line = text.rfind("\n", 0, start) + 1
    if start - line > 60 or not _DATELINE_BEFORE.fullmatch(text, line, start):
        return False
    return _DATELINE_AFTER.match(text, stop) is not None


_STARTING = re.compile(r"(?<!\w)[сС]\s+\Z")


def _starting(text: str, start: int) -> bool:
    """Whether «с» opens the date at `start` («с 14 июня»)."""
    return _STARTING.search(text, max(0, start - 3), start) is not None


_CLAUSE = 10_000
_DASH = re.compile(r"\s[—–-]\s")
_PUNCTUATION = re.compile(r"[,;:.!?()«»\"—–]")


class _Sentences:
    """Tense around a span, from the verbs of its sentence (needs morphology and lemmas)."""

    def __init__(self, doc: Doc, cues: frozenset[str]) -> None:
        self.doc = doc
        self.cues = cues
        self.sentence_starts = [sentence.start for sentence in doc.sentences]
        self.token_starts = [token.start for token in doc.tokens]

    def sentence_start(self, start: int) -> int:
        index = bisect_right(self.sentence_starts, start) - 1
        return self.doc.sentences[index].start if index >= 0 else 0

    def tense(self, start: int, stop: int) -> Tense:
        return self.reading(start, stop)[0]

    def reported(self, sentence_start: int, start: int) -> bool:
        """Whether the span is in a clause «, что ...» after a finite verb in the past that has a
        date of its own («12 марта мэр заявил, что мост откроют ...»): what was future on the day
        it was said, which may be long before the text."""
        text = self.doc.text
        clause = max(text.rfind(f", что{space}", sentence_start, start) for space in (" ", "\u00a0"))
        if clause < 0 or not any(sentence_start <= other.start < clause for other in self.doc.dates):
            return False
        first = bisect_left(self.token_starts, sentence_start)
        last = bisect_left(self.token_starts, clause)
        return any(
            token.pos in ("VERB", "AUX") and token.feat("Tense") == "Past" and token.feat("VerbForm") == "Fin"
            for token in self.doc.tokens[first:last]
        )

    def reading(self, start: int, stop: int) -> tuple[Tense, bool, bool]:
        """The tense of the verb nearest to the span in its sentence, and whether an infinitive is
        nearer still («совет согласился открыть завод 21 сентября»: the date is the infinitive's, a
        plan, not a report), or the verb is a plan that was due («мост должен был открыться 3
        марта»: what was planned, not what happened). A planning word counts as future, and so
        does «будет» (which the tagger calls present); a planning word before the span wins when
        no finite verb stands between them («планируется расширить цех в сентябре»). Full
        participles are attributes, not the clause's verb, and are passed over, and so is an
        attribution after a dash («..., 5 мая — сообщает агентство»). A dateline's date is the
        present («ТВЕРЬ, 12 марта. Завод откроют ...»). The third value says whether the verb and
        the span are in one stretch of words, no punctuation between («открывается с 14 июня» but
        not «сообщает, что с 14 июня»)."""
        if dateline(self.doc.text, start, stop):
            return "present", False, False
        index = bisect_right(self.sentence_starts, start) - 1
        if index < 0:
            return "", False, False
        sentence = self.doc.sentences[index]
        first = bisect_left(self.token_starts, sentence.start)
        last = bisect_left(self.token_starts, sentence.stop)
        best: Tense = ""
        best_distance = infinitive_distance = len(self.doc.text) + 2 * _CLAUSE
        planned = False  # a planning word before the span, no finite verb after it yet
        text = self.doc.text
        previous: Token | None = None
        due = best_plan = False  # «должен был открыться»: a plan in the past; its verb is part of it
        for token in self.doc.tokens[first:last]:
            cue_before, previous = previous is not None and previous.lemma in self.cues, token
            tense: Tense = ""
            distance = start - token.stop if token.stop <= start else token.start - stop
            if token.start >= stop and _DASH.search(text, stop, token.start):
                break
            if _PUNCTUATION.search(text, min(token.stop, stop), max(token.start, start)):
                distance += _CLAUSE  # a verb beyond a comma is another clause's: prefer this one's
            if token.lemma in self.cues:
                tense = "future"
                planned = planned or token.stop <= start
            elif token.pos in ("VERB", "AUX"):
                form = token.feat("VerbForm")
                if due:  # the verb of «должен был ...», part of the plan
                    due = False
                    continue
                if form == "Inf":
                    if 0 <= distance < infinitive_distance:
                        infinitive_distance = distance
                    continue
                if form == "Part" and token.feat("Variant") != "Short":
                    continue
                if cue_before and token.lemma == "быть" and token.feat("Tense") == "Past":
                    due, planned = True, False
                    tense = "past"
                    if 0 <= distance < best_distance:  # a plan that was due: no event, no proof
                        best, best_distance, best_plan = tense, distance, True
                    continue
                if token.lemma == "быть" and self.doc.text.startswith("буд", token.start):
                    tense = "future"
                else:
                    tense = _TENSES.get(token.feat("Tense") or "", "")
                if tense and token.stop <= start and form != "Part":
                    planned = False
            if not tense:
                continue
            if 0 <= distance < best_distance:
                best, best_distance, best_plan = tense, distance, False
        if planned:
            return "future", False, False
        return best, best_plan or infinitive_distance < best_distance, best_distance < _CLAUSE


def _nearest_year(found: Found, explicit: Sequence[tuple[int, int, int]]) -> int | None:
    """The written year nearest to the mention (the earlier one on a tie)."""
    best = min(explicit, key=lambda item: abs(item[0] - found.start), default=None)
    return None if best is None else best[2]


def _year_beside(text: str, found: Found, explicit: Sequence[tuple[int, int, int]]) -> int | None:
    """The year of a year mention written right beside this one, only spaces between («в 2031 году
    в марте-апреле»): one phrase, so its year."""
    for start, stop, year in explicit:
        gap = text[stop : found.start] if stop <= found.start else text[found.stop : start]
        if len(gap) <= 3 and not gap.strip():
            return year
    return None


def _publication_year(low: Moment, high: Moment | None, published: date, tense: Tense) -> int:
    """The publication year, or the one before for a past event that would fall after
    publication, or the one after for a future event that would be over by then."""
    first, last = with_year(low, high, published.year)
    if tense == "past" and _first_day(first) > published:
        return published.year - 1
    if tense == "future" and _last_day(last or first) < published:
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


def _resolve(
    found: Found,
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


def _written_after(
    doc: Doc, tenses: Sequence[Tense], plans: Sequence[bool], settings: DateSettings
) -> tuple[str, list[int]]:
    """The earliest date the text can have been written (ISO) and the indexes of the dates that
    prove it; ("", []) when none does. See the module docstring for what counts as proof; `plans`
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


def _written_before(
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


class ExtractDates(Step):
    """Finds and normalises the dates of a text (see the module docstring), and infers the
    earliest date the article can have been written."""

    name = "dates"
    version = 2  # 2: written_before, datelines, the reference day
    requires = ("sentences", "tokens", "lemmas")
    assigns = ("dates", "written_after", "written_before")

    def __init__(self, settings: DateSettings | None = None) -> None:
        self.settings = settings or DateSettings()

    def process(self, doc: Doc) -> Doc:
        found = find_dates(doc.text, [(sentence.start, sentence.stop) for sentence in doc.sentences])
        sentences = _Sentences(doc, self.settings.future_cues)
        readings = [sentences.reading(item.start, item.stop) for item in found]
        tenses = [tense for tense, _, _ in readings]
        scheduled = [  # «открывается с 14 июня»: a start still to come, told in the present
            tense == "present" and adjacent and _starting(doc.text, item.start)
            for item, (tense, _, adjacent) in zip(found, readings, strict=True)
        ]
        published = doc.published.date() if doc.published else None
        years = [
            (item.start, item.stop, year)
            for item in found
            if item.reading.relative is None and (year := item.reading.low[0]) is not None
        ]
        doc.dates = [
            _resolve(item, tense, published, years, self.settings, doc.text)
            for item, tense in zip(found, tenses, strict=True)
        ]
        plans = [plan or late for (_, plan, _), late in zip(readings, scheduled, strict=True)]
        doc.written_after, doc.written_after_evidence = _written_after(doc, tenses, plans, self.settings)
        hearsay = []
        for mention in doc.dates:
            start = sentences.sentence_start(mention.start)
            hearsay.append(
                self.settings.recalled(doc.text, start, mention) or sentences.reported(start, mention.start)
            )
        future = [tense == "future" or late for tense, late in zip(tenses, scheduled, strict=True)]
        doc.written_before, doc.written_before_evidence = _written_before(
            doc, tenses, future, hearsay, self.settings, doc.written_after
        )
        return doc
