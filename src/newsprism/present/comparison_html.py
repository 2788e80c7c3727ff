"""What the HTML report shows of one comparison, as plain view data for the template.

`story_view(comparison)` gathers, per story: the header, the extractive summary, one column of
highlighted text per article (ordered by outlet, then time), the figures and dates that differ,
how each outlet names and judges each key entity, who each outlet quotes, the headline checks,
and the geometry of the timeline and sentiment charts. Every text shown comes from the articles
and is escaped by the template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from newsprism.compare import Comparison
from newsprism.compare.figures import FigureComparison, TimedFigure
from newsprism.compare.framing import EntityFraming, OutletFraming
from newsprism.compare.statements import Statement
from newsprism.model import Article, Doc
from newsprism.present.article_html import article_html, figure_label
from newsprism.present.charts import Period, Placed, SentimentChart, Timeline, sentiment_chart, timeline

STATUS_LABEL = {
    "agree": "the same",
    "compatible": "no contradiction",
    "different_times": "different times",
    "conflict": "conflict",
}


@dataclass(slots=True)
class Column:
    id: str  # the element id of the column
    article_id: str
    outlet: str
    outlet_index: int
    title: str
    when: str
    url: str  # empty unless http(s): a `javascript:` link must never reach an href
    event: str  # the anchor of the article's event, when the story is a storyline
    html: Markup
    compared: int = 0  # its statements compared, when some were left out (a very long article)
    left_out: int = 0


@dataclass(slots=True)
class Sentence:
    outlet: str
    outlet_index: int
    text: str
    fact: int | None


@dataclass(slots=True)
class OutletLine:
    outlet: str
    outlet_index: int
    adds: list[Sentence]
    unique_facts: int
    leaves_out: int
    shared: int


@dataclass(slots=True)
class FigureSide:
    outlet: str
    outlet_index: int
    text: str
    value: str
    time: str
    time_source: str


@dataclass(slots=True)
class FigureRow:
    status: str
    status_label: str
    note: str
    a: FigureSide
    b: FigureSide


@dataclass(slots=True)
class FramingCell:
    mentions: int
    sentiment: float
    namings: list[tuple[str, int]]
    loaded: list[tuple[str, int]]  # word, polarity
    quoted_by: list[tuple[str, int]]  # speaker, quotes about the entity


@dataclass(slots=True)
class FramingRow:
    name: str
    type: str
    spread: float
    cells: list[FramingCell | None]  # one per outlet of the story


@dataclass(slots=True)
class VoiceRow:
    speaker: str
    kind: str
    source: bool
    direct: int
    indirect: int
    characters: int
    quotes: list[str]


@dataclass(slots=True)
class HeadlineRow:
    outlet: str
    outlet_index: int
    headline: str
    supported: bool
    score: float
    best: str
    missing: list[str]


@dataclass(slots=True)
class StoryView:
    id: str
    anchor: str
    kind: str
    title: str
    first: str
    last: str
    category: str
    outlets: list[str]
    events: list[tuple[str, str]]  # anchor, title of each event of a storyline
    common: list[Sentence]
    lines: list[OutletLine]
    columns: list[Column]
    figures: list[FigureRow]
    dates: list[tuple[FigureSide, FigureSide]]
    framing: list[FramingRow]
    voices: list[tuple[str, int, list[VoiceRow]]]  # outlet, index, voices
    headlines: list[HeadlineRow]
    timeline: Timeline
    sentiment: SentimentChart
    parent: str = ""
    children: list[str] = field(default_factory=list)
    total: int = 0  # the story's articles, more than the columns when a sample was compared


def anchor(story_id: str) -> str:
    return "story-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in story_id)


def safe_url(url: str | None) -> str:
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def column_id(story_anchor: str, article_id: str) -> str:
    return f"{story_anchor}-{article_id}"


def _fact_of(c: Comparison) -> dict[tuple[str, int], int]:
    return {(s.article_id, s.start): fact.id for fact in c.facts for s in fact.statements}


def _columns(c: Comparison, story_anchor: str, outlets: list[str]) -> list[Column]:
    facts_of_article: dict[str, dict[int, tuple[int, str]]] = {a.id: {} for a, _ in c.articles}
    for fact in c.facts:
        coverage = c.coverage(fact) if len(fact.article_ids) > 1 else "solo"
        for s in fact.statements:
            facts_of_article[s.article_id][s.start] = (fact.id, coverage)
    ordered = sorted(c.articles, key=lambda item: (c.outlet_of[item[0].id], c.when[item[0].id], item[0].id))
    return [
        _column(c, article, doc, story_anchor, outlets, facts_of_article[article.id])
        for article, doc in ordered
    ]


def _column(
    c: Comparison,
    article: Article,
    doc: Doc,
    story_anchor: str,
    outlets: list[str],
    facts: dict[int, tuple[int, str]],
) -> Column:
    outlet = c.outlet_of[article.id]
    event = c.event_of.get(article.id, "")
    return Column(
        id=column_id(story_anchor, article.id),
        article_id=article.id,
        outlet=outlet,
        outlet_index=outlets.index(outlet),
        title=article.title,
        when=when_label(article, c.when[article.id]),
        url=safe_url(article.url),
        event=anchor(event) if event and event != c.story.id else "",
        html=article_html(doc, facts),
        compared=len(c.statements.get(article.id, ())),
        left_out=c.left_out.get(article.id, 0),
    )


def when_label(article: Article, when: str) -> str:
    """The date shown for an article: its publication day, or, without one, the day its text
    proves it was not written before («not before 2025-01-01»: a lower bound, not a date)."""
    if article.published is not None or not when:
        return when
    return f"not before {when}"


def _sentence(
    c: Comparison, s: Statement, outlets: list[str], fact_of: dict[tuple[str, int], int]
) -> Sentence:
    outlet = c.outlet_of[s.article_id]
    return Sentence(outlet, outlets.index(outlet), s.text, fact_of.get((s.article_id, s.start)))


def _summary(c: Comparison, outlets: list[str]) -> tuple[list[Sentence], list[OutletLine]]:
    fact_of = _fact_of(c)
    common = [_sentence(c, s, outlets, fact_of) for s in c.summary.common]
    shared = sum(1 for f in c.facts if c.coverage(f) != "one")
    lines = [
        OutletLine(
            line.outlet,
            outlets.index(line.outlet),
            [_sentence(c, s, outlets, fact_of) for s in line.adds],
            line.unique_facts,
            len(line.leaves_out),
            shared,
        )
        for line in c.summary.outlets
    ]
    return common, lines


def _side(c: Comparison, timed: TimedFigure, outlets: list[str]) -> FigureSide:
    f = timed.figure
    text = next(doc.text for article, doc in c.articles if article.id == timed.article_id)
    outlet = c.outlet_of[timed.article_id]
    value = figure_label(f.value, f.approx, f.high, f.unit, f.counted)
    return FigureSide(
        outlet, outlets.index(outlet), text[f.start : f.stop], value, timed.time, timed.time_source
    )


def _figure_row(c: Comparison, f: FigureComparison, outlets: list[str]) -> FigureRow:
    return FigureRow(f.status, STATUS_LABEL[f.status], f.note, _side(c, f.a, outlets), _side(c, f.b, outlets))


def _dates(c: Comparison, outlets: list[str]) -> list[tuple[FigureSide, FigureSide]]:
    def side(article_id: str, text: str, value: str) -> FigureSide:
        outlet = c.outlet_of[article_id]
        return FigureSide(outlet, outlets.index(outlet), text, value, value, "")

    return [
        (side(d.a.article_id, d.a.text, d.a_value), side(d.b.article_id, d.b.text, d.b_value))
        for d in c.dates
    ]


def _cell(view: OutletFraming | None) -> FramingCell | None:
    if view is None:
        return None
    speakers = Counter(speaker for speaker, _ in view.quoted_about)
    return FramingCell(
        view.mentions,
        view.sentiment,
        view.namings.most_common(),
        [(span.text, polarity) for span, polarity in view.loaded],
        speakers.most_common(),
    )


def _framing_row(framing: EntityFraming, outlets: list[str]) -> FramingRow:
    cells = [_cell(framing.outlets.get(outlet)) for outlet in outlets]
    return FramingRow(framing.name, framing.type, framing.spread, cells)


def _voices(c: Comparison, outlets: list[str]) -> list[tuple[str, int, list[VoiceRow]]]:
    out = []
    for index, outlet in enumerate(outlets):
        rows = [
            VoiceRow(
                v.speaker, v.kind, v.is_source, v.direct, v.indirect, v.characters, [q.text for q in v.quotes]
            )
            for v in c.voices
            if v.outlet == outlet
        ]
        out.append((outlet, index, rows))
    return out


def _headlines(c: Comparison, outlets: list[str]) -> list[HeadlineRow]:
    rows = []
    for h in c.headlines:
        outlet = c.outlet_of[h.article_id]
        best = h.best.text if h.best else ""
        rows.append(
            HeadlineRow(outlet, outlets.index(outlet), h.headline.text, h.supported, h.score, best, h.missing)
        )
    return rows


def _timeline(c: Comparison, story_anchor: str, outlets: list[str], events: Sequence[Period]) -> Timeline:
    placed = [
        Placed(outlets.index(c.outlet_of[a.id]), c.when[a.id], a.title, column_id(story_anchor, a.id))
        for a, _ in c.articles
    ]
    return timeline(outlets, placed, events)


def _sentiment(framing: list[FramingRow], outlets: list[str]) -> SentimentChart:
    rows = [(row.name, [cell.sentiment if cell else None for cell in row.cells]) for row in framing]
    return sentiment_chart(outlets, rows)


def event_periods(events: Sequence[tuple[str, str, str, str]]) -> list[Period]:
    """The storyline's events (id, title, first, last) as timeline bars that link to their sections."""
    return [Period(first, last, title, anchor(event_id)) for event_id, title, first, last in events]


def story_view(c: Comparison, events: Sequence[tuple[str, str, str, str]] = ()) -> StoryView:
    """The view data of one comparison; `events` are the storyline's events (id, title, first, last)."""
    story = c.story
    outlets = c.outlets
    story_anchor = anchor(story.id)
    common, lines = _summary(c, outlets)
    framing = [_framing_row(f, outlets) for f in c.framing]
    return StoryView(
        id=story.id,
        anchor=story_anchor,
        kind=story.kind,
        title=story.title,
        first=story.first,
        last=story.last,
        category=story.category,
        outlets=outlets,
        events=[(anchor(event_id), title) for event_id, title, _, _ in events],
        common=common,
        lines=lines,
        columns=_columns(c, story_anchor, outlets),
        figures=[_figure_row(c, f, outlets) for f in c.figures],
        dates=_dates(c, outlets),
        framing=framing,
        voices=_voices(c, outlets),
        headlines=_headlines(c, outlets),
        timeline=_timeline(c, story_anchor, outlets, event_periods(events)),
        sentiment=_sentiment(framing, outlets),
        parent=anchor(story.parent) if story.parent else "",
        total=c.total,
    )
