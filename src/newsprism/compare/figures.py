"""Figures across outlets: which count the same thing, when, and whether they disagree.

Two figures are comparable when they have the same unit and count the same kind of thing: the
same lemma, the same head of a compound («страна-союзник» counts countries) or words that name
one class («страна» and «государство»). Each figure refers to a time (`figure_times`): the date of
its clause or sentence, else the date in the sentence before it in the same paragraph («…6−7
января 2026 года… В коалицию войдут около 50 стран-союзников»), else the article's own date. Two
comparable figures with different values are a conflict only when their times overlap; figures
about different times (a coalition of about 30 countries in March 2025 and of about 50 in
January 2026) are a change, not a contradiction, and are reported as such. Only figures about the
same subject are compared: their sentences name a common entity or share content words besides
the counted noun, so «двух стран» in a sentence on trade is not set against «около 40 стран» at a
summit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsprism.compare.figure_times import TimedFigure, overlap, part_of
from newsprism.model import Figure

# Words that count one class of things; the first word of each set names the class.
_CLASSES: tuple[tuple[str, ...], ...] = (
    ("страна", "государство", "держава", "участник"),
    ("человек", "люди", "житель", "гражданин", "участник", "пострадавший"),
    ("погибший", "жертва", "убитый", "погибнуть"),
    ("военный", "военнослужащий", "солдат", "боец"),
    ("рубль", "руб"),
    ("доллар", "долл"),
    ("гол", "мяч"),
    ("стадион", "арена"),
)
_CLASS_OF: dict[str, str] = {}
for _members in _CLASSES:
    for _word in _members:
        _CLASS_OF.setdefault(_word, _members[0])

# The currency codes of `analyse.figures.units` (not imported: readers of a stored comparison load
# no language tools); a test keeps the two in step.
CURRENCY_CODES = frozenset(
    {"RUB", "USD", "EUR", "GBP", "JPY", "UAH", "KZT", "CNY", "CHF", "TRY", "INR", "BYN", "CAD", "AUD", "HKD",
     "SGD", "NZD"}
)  # fmt: skip

Status = Literal["agree", "compatible", "different_times", "conflict"]


def counted_class(lemma: str) -> str:
    """The class of things a counted noun names: «страна-союзник» -> «страна», «государство» -> «страна»."""
    head = lemma.split("-")[0] if lemma else ""
    return _CLASS_OF.get(head, head)


# Durations are compared in seconds: «1 час 40 минут» (100 minutes) against «2 часа».
_SECONDS = {
    "секунда": 1.0, "минута": 60.0, "час": 3600.0, "сутки": 86400.0, "день": 86400.0,
    "неделя": 604800.0, "месяц": 2629800.0, "год": 31557600.0,
}  # fmt: skip


def _family(figure: Figure) -> tuple[str, float]:
    """The unit a figure is compared in, and the factor to it: durations in seconds."""
    seconds = _SECONDS.get(figure.unit)
    return ("duration", seconds) if seconds is not None else (figure.unit, 1.0)


def comparable(a: Figure, b: Figure, unit_only: bool = False) -> bool:
    """Whether two figures measure the same kind of thing: the same unit (durations in any unit)
    and counted nouns of one class. With `unit_only`, two figures that count no noun compare by
    their unit alone («3,5%» and «3,7%», «1 час 40 минут» and «2 часа»): only where their
    sentences are already known to tell one fact."""
    if _family(a)[0] != _family(b)[0]:
        return False
    if a.counted and b.counted:
        return counted_class(a.counted) == counted_class(b.counted)
    return unit_only and not a.counted and not b.counted and bool(a.unit)


def named_once(a: Figure, b: Figure) -> bool:
    """Whether two sums of one currency differ only in that one names what the sum is: «58 млн
    евро отступных» and «заплатить 52 млн евро» (for clauses already known to tell one thing)."""
    return a.unit == b.unit and a.unit in CURRENCY_CODES and bool(a.counted) != bool(b.counted)


def bounds(figure: Figure) -> tuple[float, float]:
    """The values a figure allows: «около 50» 45–55 (what rounds to it at its last written
    digit, and at least 5% either side: «примерно 15» 14.25–15.75), «более 30» above 30, «от 25
    до 40» 25–40 (durations in seconds)."""
    scale = _family(figure)[1]
    value = figure.value * scale
    if figure.approx == "about":
        spread = max(0.05 * abs(value), 0.5 * _last_digit(figure.value) * scale)
        return value - spread, value + spread
    if figure.approx in ("more", "at_least"):
        return value, math.inf
    if figure.approx in ("less", "up_to"):
        return 0.0, value
    if figure.approx == "range" and figure.high is not None:
        return value, figure.high * scale
    return value, value


def _last_digit(value: float) -> float:
    """The place of a value's last non-zero digit: 10 for 50, 1000 for 48 000, 0.1 for 2.5."""
    place = 10.0 ** math.floor(math.log10(abs(value))) if value else 1.0
    while place > 1e-6 and abs(round(value / place) * place - value) > 1e-9 * max(1.0, abs(value)):
        place /= 10
    return place


def agree(a: Figure, b: Figure) -> bool:
    """Whether two figures can both be true: the values they allow overlap («около 50» and «52»,
    «более 30» and «около 40», «от 25 до 40» and «40»)."""
    (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
    return a_low <= b_high and b_low <= a_high


def same_value(a: Figure, b: Figure) -> bool:
    """Whether both texts give the same value: equal, or one a rounding of the other («около 20
    млн» and «20,3 млн», «$3 млрд» and «$2,8 млрд»); «более 30» and «около 40» can both be true
    but do not say the same, and «47,9 млрд» and «49,7 млрд» are written to the same precision,
    so neither rounds the other."""
    point = ("exact", "about")
    if a.approx not in point or b.approx not in point:
        return a.approx == b.approx and a.value == b.value and a.high == b.high
    low, high = sorted((a.value * _family(a)[1], b.value * _family(b)[1]))
    if low == high:
        return True
    if "about" in (a.approx, b.approx) and high - low <= 0.05 * high:
        return True
    return _rounded(low, high) and high - low <= 0.1 * high


def _mantissa(value: float, scale: float) -> tuple[float, int]:
    """A value as written before its scale word («2,8 млрд» -> 2.8), with its decimals."""
    mantissa = value / scale
    decimals = next((d for d in range(7) if abs(round(mantissa, d) - mantissa) < 1e-9), 7)
    return mantissa, decimals


def _rounded(low: float, high: float) -> bool:
    """Whether one of two close values is the other rounded to fewer decimals, read in the
    thousands, millions or billions that the larger is written in: «20 млн» rounds «20,3 млн»,
    «1,5» rounds «1,46», «3 млрд» rounds «2,8 млрд»; «10%» does not round «11%»."""
    scale = 1000.0 ** max(0, min(4, int(math.log10(high) // 3))) if high >= 1 else 1.0
    (a, a_decimals), (b, b_decimals) = _mantissa(low, scale), _mantissa(high, scale)
    if a_decimals == b_decimals:
        return False
    (fine, _), (coarse, digits) = sorted(((a, a_decimals), (b, b_decimals)), key=lambda x: -x[1])
    return bool(abs(math.floor(fine * 10**digits + 0.5) / 10**digits - coarse) < 1e-9)


@dataclass(slots=True, frozen=True)
class FigureComparison:
    """Two comparable figures from different outlets and what their difference means."""

    a: TimedFigure
    b: TimedFigure
    status: Status
    note: str


def compare_figures(
    figures: Sequence[TimedFigure],
    outlet_of: dict[str, str],
    same_subject: Callable[[TimedFigure, TimedFigure], bool],
    same_fact: Callable[[TimedFigure, TimedFigure], bool] | None = None,
    clause_overlap: Callable[[TimedFigure, TimedFigure], int] | None = None,
    same_measure: Callable[[TimedFigure, TimedFigure], bool] | None = None,
) -> list[FigureComparison]:
    """Each pair of comparable figures from different outlets about the same subject, conflicts
    first, one row per difference: the same two values from the same two outlets (a figure
    repeated in a text, or by several articles of one outlet) make one row.

    Figures whose sentences tell one fact (`same_fact`) are about one subject and may compare by
    unit alone, as may two whose clauses say they measure one thing (`same_measure`: «убыток»
    and «убытки») or that their own sentences date to one day (`_same_own_date`); others must
    count one class of things and pass `same_subject`. Status: "agree" when both texts give the
    same value, "compatible" when the values can both be true without being the same («более 30»
    and «около 40»), "different_times" when they refer to times that do not overlap, or to two
    periods their sentences name of which one lies within the other (a month's and a year's,
    `part_of`), else "conflict".

    A conflict misleads when it is wrong, so it needs more (`conflict_grounds`): the clauses of
    the two figures share a content word (`clause_overlap`, the words of a figure's own clause),
    and the values differ at most twofold; and neither figure is one the other article gives
    as well or allows («за 11 дней против 15 дней у группы сравнения» against «за 11 дней»: the
    11 agree, and the 15 counts another group; «погибли до 300 000» against «погибли 300 тысяч …
    (500 тысяч человек)»: the 500 000 counts the town); and neither article gives the counted
    thing three or more values (`_listed`: a list of matches or seasons, no one quantity). A
    pair that would be a conflict without that is left out ("not compared")."""
    listed = _listed(figures)
    rows: list[tuple[TimedFigure, TimedFigure, Status, str]] = []
    confirmed: set[tuple[str, int, str]] = set()  # (article, figure start, other article)
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if outlet_of[a.article_id] == outlet_of[b.article_id]:
                continue
            one_fact = same_fact is not None and same_fact(a, b)
            # Two figures of no counted noun compare by unit within a fact, or when their clauses
            # share two content words («акции компании упали на 10%», «акции упали на 11%»).
            by_unit = (
                one_fact
                or (clause_overlap is not None and clause_overlap(a, b) >= UNIT_ONLY_WORDS)
                or (same_measure is not None and same_measure(a, b))
                or _same_own_date(a, b)
            )
            if not comparable(a.figure, b.figure, unit_only=by_unit) and not (
                by_unit and named_once(a.figure, b.figure)
            ):
                continue
            if not one_fact and not same_subject(a, b):
                continue
            status, note = _status(a, b)
            if status == "conflict" and (_list_key(a) in listed or _list_key(b) in listed):
                continue
            if (
                status == "conflict"
                and clause_overlap is not None
                and not conflict_grounds(a.figure, b.figure, clause_overlap(a, b))
            ):
                continue
            if status in ("agree", "compatible"):
                confirmed.add((a.article_id, a.figure.start, b.article_id))
                confirmed.add((b.article_id, b.figure.start, a.article_id))
            rows.append((a, b, status, note))
    out = []
    seen: set[tuple[object, ...]] = set()
    for a, b, status, note in rows:
        if (
            status == "conflict"
            and clause_overlap is not None
            and (
                (a.article_id, a.figure.start, b.article_id) in confirmed
                or (b.article_id, b.figure.start, a.article_id) in confirmed
            )
        ):
            continue  # the other text gives this very figure: its other figure counts something else
        key = (
            status,
            _family(a.figure)[0],
            counted_class(a.figure.counted),
            frozenset((outlet_of[x.article_id], x.figure.value, x.figure.approx) for x in (a, b)),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(FigureComparison(a, b, status, note))
    order = {"conflict": 0, "different_times": 1, "compatible": 2, "agree": 3}
    return sorted(out, key=lambda c: (order[c.status], c.a.article_id, c.a.figure.start))


def _same_own_date(a: TimedFigure, b: TimedFigure) -> bool:
    """Whether both figures are dated by their own sentences, to the same day: «к 26 мая выявят
    97% заболевших» and «к 26 мая процесс завершится на 95%»."""
    return a.time_source == b.time_source == "sentence" and a.time == b.time and len(a.time) == 10


LIST_VALUES = 3  # values of one counted noun in one article that make it a list of several things


def _list_key(figure: TimedFigure) -> tuple[str, str, str]:
    return figure.article_id, figure.figure.unit, figure.figure.counted


def _listed(figures: Sequence[TimedFigure]) -> set[tuple[str, str, str]]:
    """The (article, unit, counted noun) of which an article gives `LIST_VALUES` or more values: a
    list of several matches, seasons or places («Петров (12), …, Петров (70), …, Петров (64)» over
    a cup run), no one quantity another outlet's figure could contradict."""
    values: dict[tuple[str, str, str], set[float]] = {}
    for figure in figures:
        if figure.figure.counted:
            values.setdefault(_list_key(figure), set()).add(figure.figure.value)
    return {key for key, found in values.items() if len(found) >= LIST_VALUES}


UNIT_ONLY_WORDS = 3  # content words two clauses share for figures of no noun to compare outside a fact
MAX_CONFLICT_RATIO = 2.0  # two reports of one quantity that differ more count different things


def gap_ratio(a: Figure, b: Figure) -> float:
    """How many times the values two figures allow lie apart: 1.0 when they overlap, 1.5 for
    «20» against «30», 1.1 for «более 10» against «9»."""
    (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
    low, high = (a_high, b_low) if a_high < b_low else (b_high, a_low) if b_high < a_low else (1.0, 1.0)
    return high / low if low > 0 else math.inf


def conflict_grounds(a: Figure, b: Figure, shared_words: int) -> bool:
    """Whether two disagreeing figures may be called a conflict: their clauses share a content
    word and the values are close enough to be two reports of one quantity («погибли 12
    человек» against «погибли 15 человек»), not two quantities («МВФ выделит 200 млн долларов»
    against «всего страна получит 3 млрд долларов»: fifteen times as much)."""
    return shared_words >= 1 and gap_ratio(a, b) <= MAX_CONFLICT_RATIO


def _status(a: TimedFigure, b: TimedFigure) -> tuple[Status, str]:
    if same_value(a.figure, b.figure):
        return "agree", "the same figure"
    if agree(a.figure, b.figure):
        return "compatible", "different wording, no contradiction: both can be true"
    # A time read in the figure's own sentence tells; one borrowed from the sentence before, set
    # against an article's date, is two guesses («в марте банки заняли…» then a list of sums).
    sources = {a.time_source, b.time_source}
    dated = "sentence" in sources or sources == {"previous sentence"}
    if a.time and b.time and dated and not overlap(a.time, b.time):
        return "different_times", f"different times ({a.time} and {b.time}): a change, not a contradiction"
    if sources == {"sentence"} and a.time != b.time and part_of(a.time, b.time):
        return "different_times", f"different times ({a.time} and {b.time}): a change, not a contradiction"
    return "conflict", "different figures for the same time" if a.time and b.time else "different figures"
