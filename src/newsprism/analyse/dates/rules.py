"""Date rules: an ordered list of small named regular expressions, most specific first.

    iso_date          2026-01-06
    numeric_date      06.01.2026
    day_range_months  с 30 декабря по 7 января 2026 года; 30 декабря – 7 января
    day_range         6−7 января 2026 года; с 6 по 7 января
    day_month_year    6 января 2026 года
    part_month        в конце ноября 2025 года; в середине марта
    month_range       в январе–феврале 2025 года; с марта по май
    day_month         27 марта; 27 марта прошлого года
    month_year        в марте 2025 года; в марте прошлого года
    month             в марте
    part_year         в начале 2025 года; в первой половине 2025 года
    season_year       весной 2024 года; летом прошлого года
    year_range        в 2024–2025 годах; с 2014 по 2022 год
    year              в 2025 году; 2025 г.
    decade            в 1990-х; 90-е годы
    century           в XX веке
    part_relative     в начале года; в конце прошлого месяца
    weekday_of_week   на следующей неделе в четверг
    weekday           во вторник; в прошлую пятницу
    week_relative     на прошлой неделе
    month_relative    в прошлом месяце
    year_relative     в прошлом году
    day_relative      вчера, сегодня, завтра, позавчера, послезавтра

`find.find_dates` runs them in order; a match that overlaps a match of an earlier rule is dropped,
so «6−7 января 2026 года» is one range, never also a day and a year. A rule reads its match into a
`Reading`: the first and last `Moment` of the mention (the year may be missing, «27 марта») and, for
a relative date, a `Relative` that the step resolves against the publication date. Each rule runs
only on sentences holding its triggers (a digit, a month name ...), which keeps the step fast. A
bare number is never a year: it needs «год»/«г.» after it or a month name before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from newsprism.analyse.dates.readings import Moment, Reading, Relative, crosses_new_year, valid, with_year
from newsprism.model import DatePrecision

Build = Callable[[re.Match[str]], Reading | None]


@dataclass(slots=True, frozen=True)
class DateRule:
    """A named pattern, run only on sentences that contain all the triggers it `needs`."""

    name: str
    needs: frozenset[str]
    pattern: re.Pattern[str]  # over lower-case text
    build: Build
    keeps: re.Pattern[str] | None = None  # words before a match that belong to it («в», «с»)

    def __call__(self, lowered: str, start: int, stop: int) -> Iterator[tuple[int, int, Reading]]:
        """The rule's readings in `lowered[start:stop]` with their spans (a match glued to the text
        before it is none; `keeps` widens a span to the words before it, within the bounds)."""
        for match in self.pattern.finditer(lowered, start, stop):
            first, last = match.span()
            if first > 0 and _glued(lowered[first - 1], lowered[first]):
                continue
            if self.keeps is not None and (kept := self.keeps.search(lowered, max(0, first - 4), first)):
                first = max(kept.start(), start)
            reading = self.build(match)
            if reading is not None:
                yield first, last, reading


_BEFORE_NUMBER = frozenset("0123456789.,:/-–−")


def _glued(before: str, first: str) -> bool:
    """Whether a match starting with `first` continues what precedes it: a word starts after a
    non-letter, a number not after a digit, a dot, a colon («1.5», «12:30») or a dash. (A letter
    before a number is allowed: scraped text glues «сборная QMJHL8 ноября».)"""
    if first.isdigit():
        return before in _BEFORE_NUMBER
    return before.isalnum() or before == "_"


# Pieces of patterns. Group names must be unique within a pattern, so pieces that carry a group
# are functions of its name.
_DASH = r"\s*[-–—−‒]\s*"
_TO = rf"(?:{_DASH}|\s+(?:по|до)\s+)"
_MONTHS_GEN = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_MONTHS_PREP = "январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
_MONTHS_ANY = (
    r"январ[ьяею]|феврал[ьяею]|март[аеу]?|апрел[ьяею]|ма[йяею]|июн[ьяею]|июл[ьяею]|август[аеу]?"
    r"|сентябр[ьяею]|октябр[ьяею]|ноябр[ьяею]|декабр[ьяею]"
)
_YEAR_NUM = r"(?:1[0-9]|20|21)\d\d"
_YEAR_WORD = r"(?:\s*(?:год(?:а|у|ом|ах|ов|ы)?(?!\w)|гг?\.))"
_PREP_PART = r"(?:в|во|к|до|с|со|на|от)"
_PART = (
    r"(?P<part>начал[оаеу]|середин[аеуы]|кон(?:ец|ц[аеу])"
    r"|перв(?:ой|ая|ую)\s+половин[аеуы]|втор(?:ой|ая|ую)\s+половин[аеуы])"
)
_SEASON = r"(?P<s>весн(?:ой|а|ы|у|е)|лет(?:ом|о|а)|осен(?:ью|ь|и)|зим(?:ой|а|ы|у|е))"
_WEEKDAYS = "понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье"

# Stems of «прошлый», «этот», «следующий» ... with the shift each means; longer stems first.
QUALIFIERS: tuple[tuple[str, int], ...] = (
    ("позапрошл", -2), ("прошл", -1), ("минувш", -1), ("эт", 0), ("текущ", 0), ("нынешн", 0),
    ("следующ", 1), ("будущ", 1), ("наступающ", 1), ("ближайш", 1),
)  # fmt: skip


def _day(name: str) -> str:
    return rf"(?P<{name}>\d\d?)(?!\d|[.,:]\d)"


def _month(name: str, forms: str = _MONTHS_GEN) -> str:
    return rf"(?P<{name}>{forms})(?!\w)"


def _year(name: str) -> str:
    return rf"(?P<{name}>{_YEAR_NUM})(?!\d)(?:-?(?:го|м|й)(?!\w))?"


def _qual(name: str) -> str:
    stems = "|".join(stem for stem, _ in QUALIFIERS)
    return rf"(?P<{name}>{stems})[а-яё]{{0,3}}(?!\w)"


def _year_or_qual(year: str, qual: str) -> str:
    """«2025 года» or «прошлого года» after a month, season or day."""
    return rf"(?:\s+{_year(year)}{_YEAR_WORD}?|\s+{_qual(qual)}\s+года(?!\w))"


def _weekday(name: str) -> str:
    return rf"(?P<{name}>{_WEEKDAYS})(?!\w)"


# Reading helpers.


def month_number(word: str) -> int:
    word = word.lower()
    return 5 if word.startswith("ма") and not word.startswith("мар") else _MONTHS[word[:3]]


_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip


def qualifier_shift(word: str) -> int:
    word = word.lower()
    return next(shift for stem, shift in QUALIFIERS if word.startswith(stem))


def _dated(
    precision: DatePrecision, low: Moment, high: Moment | None, match: re.Match[str], year: str, qual: str
) -> Reading | None:
    """A reading whose year is written («2025 года»), relative («прошлого года») or missing."""
    if not valid(low) or (high is not None and not valid(high)):
        return None
    part = _part(match)
    groups = match.groupdict()
    if groups.get(year):
        low, high = with_year(low, high, int(groups[year]))
        return Reading(precision, low, high, part)
    if groups.get(qual):
        return Reading(precision, low, high, part, Relative("year", qualifier_shift(groups[qual])))
    return Reading(precision, low, high, part)


def _part(match: re.Match[str]) -> str:
    word = (match.groupdict().get("part") or "").lower()
    if not word:
        return ""
    for stem, part in (("нач", "start"), ("сер", "middle"), ("кон", "end"), ("пер", "first_half")):
        if word.startswith(stem):
            return part
    return "second_half"


# Builders, one per rule.


def _read_exact(match: re.Match[str]) -> Reading | None:
    moment: Moment = (int(match["y"]), int(match["m"]), int(match["d"]))
    return Reading("day", moment) if valid(moment) else None


def _read_day_range_months(match: re.Match[str]) -> Reading | None:
    low: Moment = (None, month_number(match["m1"]), int(match["d1"]))
    high: Moment = (None, month_number(match["m2"]), int(match["d2"]))
    if not match["y1"]:
        return _dated("day", low, high, match, "y2", "q2")
    first = int(match["y1"])  # «с 30 декабря 2025 года по 7 января [2026 года]»
    last = int(match["y2"]) if match["y2"] else first + crosses_new_year(low, high)
    low, high = (first, low[1], low[2]), (last, high[1], high[2])
    return Reading("day", low, high) if valid(low) and valid(high) and low < high else None


def _read_day_range(match: re.Match[str]) -> Reading | None:
    month = month_number(match["m"])
    first, last = int(match["d1"]), int(match["d2"])
    if first >= last:
        return None
    return _dated("day", (None, month, first), (None, month, last), match, "y", "q")


def _read_day_month(match: re.Match[str]) -> Reading | None:
    return _dated("day", (None, month_number(match["m"]), int(match["d"])), None, match, "y", "q")


def _read_month(match: re.Match[str]) -> Reading | None:
    return _dated("month", (None, month_number(match["m"]), None), None, match, "y", "q")


def _read_month_range(match: re.Match[str]) -> Reading | None:
    low: Moment = (None, month_number(match["m1"]), None)
    high: Moment = (None, month_number(match["m2"]), None)
    return None if low == high else _dated("month", low, high, match, "y", "q")


def _read_part_year(match: re.Match[str]) -> Reading | None:
    return Reading("year", (int(match["y"]), None, None), part=_part(match))


_SEASON_MONTHS = {"вес": (3, 5), "лет": (6, 8), "осе": (9, 11), "зим": (12, 2)}


def _read_season(match: re.Match[str]) -> Reading | None:
    first, last = _SEASON_MONTHS[match["s"].lower()[:3]]
    # Winter of a year is the one that ends in it: «зимой 2024 года» runs from December 2023.
    return _dated("season", (None, first, None), (None, last, None), match, "y", "q")


def _read_year_range(match: re.Match[str]) -> Reading | None:
    first, last = int(match["y1"]), int(match["y2"])
    return Reading("year", (first, None, None), (last, None, None)) if first < last else None


def _read_year(match: re.Match[str]) -> Reading | None:
    return Reading("year", (int(match["y"]), None, None))


def _read_decade(match: re.Match[str]) -> Reading | None:
    digits = match["y"]
    if len(digits) == 2:
        if not (match["w"] or _IN_BEFORE.search(match.string, max(0, match.start() - 4), match.start())):
            return None  # «30-х» alone may count anything; «в 30-х», «30-х годов» are decades
        digits = ("20" if digits in ("00", "10") else "19") + digits
    first = int(digits)
    return Reading("decade", (first, None, None), (first + 9, None, None))


_IN_BEFORE = re.compile(r"(?<!\w)во?\s+\Z")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _read_century(match: re.Match[str]) -> Reading | None:
    letters = match["c"].upper().replace("Х", "X")  # Cyrillic Х is common in Russian texts
    values = [_ROMAN[letter] for letter in letters]
    number = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if not 1 <= number <= 22:
        return None
    return Reading("century", (100 * number - 99, None, None), (100 * number, None, None))


def _relative_period(unit: Literal["week", "month", "year"], match: re.Match[str]) -> Reading:
    shift = qualifier_shift(match["q"]) if match["q"] else 0
    return Reading(unit, part=_part(match), relative=Relative(unit, shift))


_UNITS: dict[str, Literal["week", "month", "year"]] = {"год": "year", "мес": "month", "нед": "week"}


def _read_part_relative(match: re.Match[str]) -> Reading | None:
    return _relative_period(_UNITS[match["unit"].lower()[:3]], match)


def weekday_number(word: str) -> int:
    return ("пон", "вто", "сре", "чет", "пят", "суб", "вос").index(word.lower()[:3])


def _read_weekday(match: re.Match[str]) -> Reading | None:
    shift = qualifier_shift(match["q"]) if match["q"] else None
    return Reading("day", relative=Relative("weekday", shift, weekday_number(match["w"])))


def _read_weekday_of_week(match: re.Match[str]) -> Reading | None:
    shift = qualifier_shift(match["q1"] or match["q2"])
    weekday = weekday_number(match["w1"] or match["w2"])
    return Reading("day", relative=Relative("weekday_of_week", shift, weekday))


_DAY_SHIFTS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}


def _read_day_relative(match: re.Match[str]) -> Reading | None:
    return Reading("day", relative=Relative("day", _DAY_SHIFTS[match["w"].lower()]))


def _rule(name: str, needs: str, pattern: str, build: Build, keeps: str = "") -> DateRule:
    before = re.compile(rf"(?<!\w)(?:{keeps})\s+\Z") if keeps else None
    return DateRule(name, frozenset(needs.split()), re.compile(pattern), build, before)


# Patterns start with what they consume, not with a look-behind or an optional word, so that the
# regex engine can skip quickly to where they may match: `find.find_dates` checks the character
# before a match itself and takes in the optional words before it that a rule `keeps`.
_ISO_DATE = rf"(?P<y>{_YEAR_NUM})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"
_NUMERIC_DATE = rf"(?P<d>\d\d?)\.(?P<m>[01]?\d)\.(?P<y>{_YEAR_NUM})(?!\d|\.\d)(?:\s*г\.)?"
_DAY_RANGE_MONTHS = (
    rf"{_day('d1')}\s+{_month('m1')}(?:\s+{_year('y1')}{_YEAR_WORD}?)?"
    rf"{_TO}{_day('d2')}\s+{_month('m2')}{_year_or_qual('y2', 'q2')}?"
)
_DAY_RANGE = rf"{_day('d1')}{_TO}{_day('d2')}\s+{_month('m')}{_year_or_qual('y', 'q')}?"
_DAY_MONTH_YEAR = rf"{_day('d')}\s+{_month('m')}\s+{_year('y')}{_YEAR_WORD}?"
_PART_MONTH = rf"{_PREP_PART}\s+{_PART}\s+{_month('m')}{_year_or_qual('y', 'q')}?"
_MONTH_RANGE = rf"{_month('m1', _MONTHS_ANY)}{_TO}{_month('m2', _MONTHS_ANY)}{_year_or_qual('y', 'q')}?"
_DAY_MONTH = rf"{_day('d')}\s+{_month('m')}(?:\s+{_qual('q')}\s+года(?!\w))?"
_MONTH_YEAR = rf"{_month('m', _MONTHS_ANY)}{_year_or_qual('y', 'q')}"
_MONTH = rf"во?\s+{_month('m', _MONTHS_PREP)}"
_PART_YEAR = rf"{_PREP_PART}\s+{_PART}\s+{_year('y')}{_YEAR_WORD}?"
_SEASON_YEAR = rf"{_SEASON}{_year_or_qual('y', 'q')}"
_YEAR_RANGE = rf"{_year('y1')}{_YEAR_WORD}?{_TO}{_year('y2')}{_YEAR_WORD}"
_YEAR = rf"{_year('y')}{_YEAR_WORD}"
_DECADE = r"(?P<y>\d0|1\d\d0|20\d0)[-–−](?:х|е|ых|ые)(?!\w)(?!\s+числ)(?P<w>\s+(?:год(?:ы|ов|ах|ами)|гг\.))?"
_CENTURY = r"(?P<c>[ivxх]{1,5})\s+век(?:а|е|у|ом|ов)?(?!\w)"  # Cyrillic х often stands for X
_PART_RELATIVE = rf"{_PREP_PART}\s+{_PART}\s+(?:{_qual('q')}\s+)?(?P<unit>года|месяца|недели)(?!\w)"
_WEEKDAY_OF_WEEK = (
    rf"на\s+{_qual('q1')}\s+неделе,?\s+во?\s+{_weekday('w1')}"
    rf"|во?\s+{_weekday('w2')},?\s+на\s+{_qual('q2')}\s+неделе(?!\w)"
)
_WEEKDAY = rf"во?\s+(?:{_qual('q')}\s+)?{_weekday('w')}"
_WEEK_RELATIVE = rf"на\s+{_qual('q')}\s+неделе(?!\w)"
_MONTH_RELATIVE = rf"в\s+{_qual('q')}\s+месяце(?!\w)"
_YEAR_RELATIVE = rf"во?\s+{_qual('q')}\s+году(?!\w)"
_DAY_RELATIVE = r"(?P<w>позавчера|вчера|сегодня|завтра|послезавтра)(?!\w)"
_IN, _FROM, _IN_OR_FROM = "во?", "с", "во?|с"

RULES: tuple[DateRule, ...] = (
    _rule("iso_date", "digit-", _ISO_DATE, _read_exact),
    _rule("numeric_date", "digit.", _NUMERIC_DATE, _read_exact),
    _rule("day_range_months", "digit month", _DAY_RANGE_MONTHS, _read_day_range_months, _FROM),
    _rule("day_range", "digit month", _DAY_RANGE, _read_day_range, _FROM),
    _rule("day_month_year", "digit month", _DAY_MONTH_YEAR, _read_day_month),
    _rule("part_month", "part month", _PART_MONTH, _read_month),
    _rule("month_range", "month", _MONTH_RANGE, _read_month_range, _IN_OR_FROM),
    _rule("day_month", "digit month", _DAY_MONTH, _read_day_month),
    _rule("month_year", "month", _MONTH_YEAR, _read_month, _IN),
    _rule("month", "month", _MONTH, _read_month),
    _rule("part_year", "part digit", _PART_YEAR, _read_part_year),
    _rule("season_year", "season", _SEASON_YEAR, _read_season),
    _rule("year_range", "digit year", _YEAR_RANGE, _read_year_range, _IN_OR_FROM),
    _rule("year", "digit year", _YEAR, _read_year, _IN),
    _rule("decade", "digit-", _DECADE, _read_decade, _IN),
    _rule("century", "century", _CENTURY, _read_century, _IN),
    _rule("part_relative", "part", _PART_RELATIVE, _read_part_relative),
    _rule("weekday_of_week", "week weekday", _WEEKDAY_OF_WEEK, _read_weekday_of_week),
    _rule("weekday", "weekday", _WEEKDAY, _read_weekday),
    _rule("week_relative", "week", _WEEK_RELATIVE, lambda match: _relative_period("week", match)),
    _rule("month_relative", "month_word", _MONTH_RELATIVE, lambda match: _relative_period("month", match)),
    _rule("year_relative", "year", _YEAR_RELATIVE, lambda match: _relative_period("year", match)),
    _rule("day_relative", "day_word", _DAY_RELATIVE, _read_day_relative),
)

# What a sentence must contain for a rule to be worth running: a few substring tests are much
# cheaper than a regular expression over text that cannot match it.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "month": (
        "январ", "феврал", "март", "апрел", "мая", "мае", "май", "маю", "июн", "июл", "август",
        "сентябр", "октябр", "ноябр", "декабр",
    ),
    "year": ("год", "г."),
    "part": ("начал", "середин", "конц", "конец", "половин"),
    "season": ("весн", "лет", "осен", "зим"),
    "week": ("недел",),
    "month_word": ("месяц",),
    "weekday": ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресен"),
    "day_word": ("вчера", "сегодня", "завтра"),
    "century": ("век",),
}  # fmt: skip
