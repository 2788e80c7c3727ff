"""Geometry of the inline SVG charts of the report and of the web app; the templates draw them.

The coverage timeline puts each article at its date in its outlet's row, with the storyline's
events as bars under the rows. The sentiment chart has one bar per key entity and outlet,
diverging from 0 (negative to the left, positive to the right). Both are on the report and on the
web story page. The entity page's chart (`sentiment_over_time`) draws each outlet's mean
sentiment toward one entity month by month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsprism.compare.statements import UNKNOWN_OUTLET
from newsprism.present.view_words import month_label, outlet_label, tone_label
from newsprism.tone import MIN_MENTIONS

WIDTH = 720
LABEL = 190  # room on the left for outlet and entity names
LEFT, RIGHT = LABEL + 10, WIDTH - 30  # the plotted area
ROW = 30
BAR = 12
MAX_LABEL = 28


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    outlet: int
    label: str
    target: str  # the id of the article's column


@dataclass(slots=True)
class Band:
    x: float
    y: float
    width: float
    label: str
    target: str


@dataclass(slots=True)
class Tick:
    x: float
    label: str


@dataclass(slots=True)
class Timeline:
    height: int
    rows: list[tuple[float, str, int]] = field(default_factory=list)  # y, outlet, outlet index
    dots: list[Dot] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: int = 0


def parse_day(value: str) -> date | None:
    """The first day of an ISO date at any precision («2025-03» -> 2025-03-01; intervals by their start)."""
    head = value.split("/")[0][:10]
    parts = head.split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(numbers[0], numbers[1], numbers[2])
    except (ValueError, IndexError):
        return None


def short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(slots=True, frozen=True)
class Placed:
    """An article for the timeline: its outlet's index, date, title and column id."""

    outlet: int
    when: str
    title: str
    target: str


@dataclass(slots=True, frozen=True)
class Period:
    first: str
    last: str
    title: str
    target: str


def _scale(days: Sequence[date]) -> tuple[date, float]:
    low, high = min(days), max(days)
    span = max((high - low).days, 1)
    return low, (RIGHT - LEFT) / span


def _ticks(low: date, per_day: float, high: date) -> list[Tick]:
    months = []
    year, month = low.year, low.month
    while date(year, month, 1) <= high:
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, len(months) // 6)
    return [Tick(LEFT + max(0, (m - low).days) * per_day, month_label(m)) for m in months[::step]]


def timeline(outlets: Sequence[str], articles: Sequence[Placed], events: Sequence[Period]) -> Timeline:
    """Articles by date and outlet, and the events (when more than one) as bars below."""
    days = [d for a in articles if (d := parse_day(a.when))]
    days += [d for e in events for d in (parse_day(e.first), parse_day(e.last)) if d]
    shown_events = list(events) if len(events) > 1 else []
    chart = Timeline(height=ROW * (len(outlets) + len(shown_events)) + 40)
    chart.rows = [(ROW * i + ROW / 2, short(outlet_label(name)), i) for i, name in enumerate(outlets)]
    if not days:
        chart.undated = len(articles)
        return chart
    low, per_day = _scale(days)
    chart.ticks = _ticks(low, per_day, max(days))
    for article in articles:
        day = parse_day(article.when)
        if day is None:
            chart.undated += 1
            continue
        x = LEFT + (day - low).days * per_day
        chart.dots.append(
            Dot(x, ROW * article.outlet + ROW / 2, article.outlet, article.title, article.target)
        )
    for i, event in enumerate(shown_events):
        first, last = parse_day(event.first), parse_day(event.last) or parse_day(event.first)
        if first is None or last is None:
            continue
        x = LEFT + (first - low).days * per_day
        y = ROW * (len(outlets) + i) + 8
        width = max(6.0, (last - first).days * per_day)
        chart.bands.append(Band(x, y, width, short(event.title, MAX_LABEL - 7), event.target))
    return chart


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    width: float
    outlet: int
    value: float
    label: str


@dataclass(slots=True)
class SentimentChart:
    height: int
    zero: float
    half: float  # the length of a bar of ±1
    rows: list[tuple[float, str]] = field(default_factory=list)  # y of the row's label, entity name
    bars: list[Bar] = field(default_factory=list)
    min_mentions: int = MIN_MENTIONS  # fewer own mentions draw no bar (`newsprism.tone`)


def sentiment_chart(
    outlets: Sequence[str], entities: Sequence[tuple[str, Sequence[float | None]]]
) -> SentimentChart:
    """Bars per key entity (rows) and outlet (one bar each, in outlet order); None means the outlet
    does not mention it. Values are in [-1, 1]."""
    half = (RIGHT - LEFT) / 2
    zero = LEFT + half
    group = BAR * len(outlets) + 10
    chart = SentimentChart(height=group * len(entities) + 24, zero=zero, half=half)
    for row, (name, values) in enumerate(entities):
        top = row * group + 4
        chart.rows.append((top + group / 2, short(name)))
        for index, value in enumerate(values):
            if value is None:
                continue
            width = abs(value) * half
            x = zero if value >= 0 else zero - width
            label = f"{outlet_label(outlets[index])}: {value:+.2f}"
            chart.bars.append(Bar(x, top + index * BAR, max(width, 1.0), index, value, label))
    return chart


LINE_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
LINE_WIDTH, LINE_HEIGHT, LINE_LEFT, LINE_TOP, LINE_BOTTOM, LINE_RIGHT = 640, 220, 44, 14, 34, 12


def _month(value: str) -> date:
    """The first day of a month written «2025-11»."""
    year, month = value.split("-")[:2]
    return date(int(year), int(month), 1)


def sentiment_over_time(profile: dict[str, Any]) -> dict[str, Any] | None:
    """The entity page's chart: lines of sentiment (−1…1) per outlet over `profile["months"]`
    (an entity profile, `web.views.entity_profile`); None without dated mentions."""
    months: list[str] = profile["months"]
    if not months:
        return None
    inner_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    inner_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = inner_w / max(1, len(months) - 1)
    x_of = {m: LINE_LEFT + (i * step if len(months) > 1 else inner_w / 2) for i, m in enumerate(months)}

    def y(value: float) -> float:
        return round(LINE_TOP + (1 - value) / 2 * inner_h, 1)

    series = []
    for index, outlet in enumerate(profile["outlets"][: len(LINE_PALETTE)]):
        dots = [
            {
                "x": round(x_of[p["month"]], 1),
                "y": y(p["sentiment"]),
                "r": min(7.0, 2.5 + p["mentions"] ** 0.5),
                "label": f"{outlet_label(outlet['outlet'] or UNKNOWN_OUTLET)}, "
                f"{month_label(_month(p['month']))}: {tone_label(p['sentiment'], p['mentions'])}",
            }
            for p in outlet["months"]
            if p["mentions"]  # a month of quoted mentions only: no tone of the outlet's own
        ]
        if dots:
            series.append(
                {
                    "outlet": outlet_label(outlet["outlet"] or UNKNOWN_OUTLET),
                    "color": LINE_PALETTE[index],
                    "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
                    "dots": dots,
                }
            )
    every = max(1, len(months) // 8)
    return {
        "width": LINE_WIDTH,
        "height": LINE_HEIGHT,
        "left": LINE_LEFT,
        "right": LINE_WIDTH - LINE_RIGHT,
        "grid": [{"y": y(v), "label": f"{v:+g}"} for v in (1, 0.5, 0, -0.5, -1)],
        "ticks": [
            {"x": round(x_of[m], 1), "label": month_label(_month(m))}
            for i, m in enumerate(months)
            if i % every == 0
        ],
        "label_y": LINE_HEIGHT - 10,
        "series": series,
    }
