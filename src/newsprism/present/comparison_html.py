"""What the HTML report and the web story page show of one comparison, as view data for the template.

`story_view(record, docs)` renders the stored comparison read back (`ComparisonRecord`) with the
stored analyses of its articles (`docs`, for the highlights); it gathers, per story: the header,
the extractive summary, one column of highlighted text per article (ordered by outlet, then
time), the figures and dates that differ, how each outlet names and judges each key entity, who
each outlet quotes, the headline checks, and the geometry of the timeline and sentiment charts.
Every text shown comes from the articles and is escaped by the template.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from newsprism.compare.record import (
    ArticleRecord,
    ComparisonRecord,
    EntityRecord,
    FigurePairRecord,
    FigureRecord,
    OutletFramingRecord,
    SpanRecord,
)
from newsprism.model import Doc
from newsprism.present.article_html import Speakers, article_html, figure_label
from newsprism.present.charts import Period, Placed, SentimentChart, Timeline, sentiment_chart, timeline
from newsprism.present.view_words import note_label, when_label
from newsprism.tone import Tone

STATUS_LABEL = {
    "agree": "the same",
    "compatible": "no contradiction",
    "different_times": "different times",
    "conflict": "conflict",
}
# Figure pairs shown disagreements first; past FIGURES_OPEN rows the agreeing ones are folded
STATUS_ORDER = {"conflict": 0, "different_times": 1, "compatible": 2, "agree": 3}
DISAGREE = ("conflict", "different_times")
FIGURES_OPEN = 12
TYPE_LABEL = {"PER": "person", "ORG": "organisation", "LOC": "place"}


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
    tone: Tone  # `sentiment` is its own mentions' tone; those in quotes are the speakers' view
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

    def folded_figures(self) -> tuple[list[FigureRow], list[FigureRow]] | None:
        """Past `FIGURES_OPEN` pairs of figures: those that disagree (shown) and those that agree
        or do not contradict (folded away); None when all are shown."""
        if len(self.figures) <= FIGURES_OPEN:
            return None
        differ = [row for row in self.figures if row.status in DISAGREE]
        return differ, [row for row in self.figures if row.status not in DISAGREE]


def anchor(story_id: str) -> str:
    return "story-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in story_id)


def safe_url(url: str | None) -> str:
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def column_id(story_anchor: str, article_id: str) -> str:
    return f"{story_anchor}-{article_id}"


def _fact_of(c: ComparisonRecord) -> dict[tuple[str, int], int]:
    return {(s.article, s.start): fact.id for fact in c.facts for s, _ in fact.statements}


def speakers_of(c: ComparisonRecord) -> dict[str, Speakers]:
    """Per article, the speakers of its quotes as the comparison's voices name them."""
    found: dict[str, Speakers] = {}
    for voice in c.voices:
        for article in {span.article for span in (*voice.quotes, *voice.speaker_spans)}:
            found.setdefault(article, Speakers()).add(
                voice.speaker,
                [(q.start, q.stop) for q in voice.quotes if q.article == article],
                [(s.start, s.stop) for s in voice.speaker_spans if s.article == article],
            )
    return found


def _columns(
    c: ComparisonRecord, docs: Mapping[str, Doc], story_anchor: str, outlets: list[str]
) -> list[Column]:
    facts_of_article: dict[str, dict[int, tuple[int, str]]] = {a.id: {} for a in c.articles}
    for fact in c.facts:
        coverage = fact.coverage if len(fact.article_ids) > 1 else "solo"
        for s, _score in fact.statements:
            facts_of_article[s.article][s.start] = (fact.id, coverage)
    speakers = speakers_of(c)
    ordered = sorted(c.articles, key=lambda a: (a.outlet, a.when, a.id))
    return [
        _column(c, a, docs.get(a.id), story_anchor, outlets, facts_of_article[a.id], speakers.get(a.id))
        for a in ordered
    ]


def _column(
    c: ComparisonRecord,
    article: ArticleRecord,
    doc: Doc | None,
    story_anchor: str,
    outlets: list[str],
    facts: dict[int, tuple[int, str]],
    speakers: Speakers | None,
) -> Column:
    event = article.event or ""
    html = article_html(doc, facts, speakers) if doc is not None else Markup(f"<p>{escape(article.text)}</p>")
    return Column(
        id=column_id(story_anchor, article.id),
        article_id=article.id,
        outlet=article.outlet,
        outlet_index=outlets.index(article.outlet),
        title=article.title,
        when=when_label(article.published is not None, article.when, article.written_before),
        url=safe_url(article.url),
        event=anchor(event) if event and event != c.story.id else "",
        html=html,
        compared=article.statements_compared,
        left_out=article.statements_left_out,
    )


def _sentence(
    c: ComparisonRecord, s: SpanRecord, outlets: list[str], fact_of: dict[tuple[str, int], int]
) -> Sentence:
    outlet = c.outlet_of(s.article)
    return Sentence(outlet, outlets.index(outlet), s.text, fact_of.get((s.article, s.start)))


def _summary(c: ComparisonRecord, outlets: list[str]) -> tuple[list[Sentence], list[OutletLine]]:
    fact_of = _fact_of(c)
    common = [_sentence(c, s, outlets, fact_of) for s in c.summary.common]
    lines = [
        OutletLine(
            line.outlet,
            outlets.index(line.outlet),
            [_sentence(c, s, outlets, fact_of) for s in line.adds],
            line.unique_facts,
            len(line.leaves_out),
            c.shared_facts,
        )
        for line in c.summary.outlets
    ]
    return common, lines


def _side(f: FigureRecord, outlets: list[str]) -> FigureSide:
    value = figure_label(f.value, f.approx, f.high, f.unit, f.counted)
    return FigureSide(f.outlet, outlets.index(f.outlet), f.span.text, value, f.time, f.time_source)


def _figure_row(f: FigurePairRecord, outlets: list[str]) -> FigureRow:
    label = STATUS_LABEL.get(f.status, f.status.replace("_", " "))
    note = note_label(f.status, f.a.time, f.b.time)
    return FigureRow(f.status, label, note, _side(f.a, outlets), _side(f.b, outlets))


def _dates(c: ComparisonRecord, outlets: list[str]) -> list[tuple[FigureSide, FigureSide]]:
    def side(span: SpanRecord, value: str) -> FigureSide:
        outlet = c.outlet_of(span.article)
        return FigureSide(outlet, outlets.index(outlet), span.text, value, value, "")

    return [(side(d.a, d.a_value), side(d.b, d.b_value)) for d in c.dates]


def _cell(view: OutletFramingRecord | None) -> FramingCell | None:
    if view is None:
        return None
    speakers = Counter(speaker for speaker, _ in view.quoted_about)
    return FramingCell(
        view.mentions,
        view.sentiment,
        view.tone,
        [(n.naming, n.count) for n in view.namings],
        [(span.text, polarity) for span, polarity in view.loaded],
        speakers.most_common(),
    )


def _framing_row(framing: EntityRecord, outlets: list[str]) -> FramingRow:
    cells = [_cell(framing.of(outlet)) for outlet in outlets]
    return FramingRow(framing.name, TYPE_LABEL.get(framing.type, framing.type), framing.spread, cells)


def _voices(c: ComparisonRecord, outlets: list[str]) -> list[tuple[str, int, list[VoiceRow]]]:
    out = []
    for index, outlet in enumerate(outlets):
        rows = [
            VoiceRow(
                v.speaker, v.kind, v.source, v.direct, v.indirect, v.characters, [q.text for q in v.quotes]
            )
            for v in c.voices
            if v.outlet == outlet
        ]
        out.append((outlet, index, rows))
    return out


def _headlines(c: ComparisonRecord, outlets: list[str]) -> list[HeadlineRow]:
    rows = []
    for h in c.headlines:
        outlet = c.outlet_of(h.article)
        best = h.best_match.text if h.best_match else ""
        rows.append(
            HeadlineRow(
                outlet, outlets.index(outlet), h.headline.text, h.supported, h.score, best, h.missing_entities
            )
        )
    return rows


def _timeline(
    c: ComparisonRecord, story_anchor: str, outlets: list[str], events: Sequence[Period]
) -> Timeline:
    placed = [  # an undated article's bounds are no day to place it on: it counts as undated
        Placed(outlets.index(a.outlet), a.when if a.published else "", a.title, column_id(story_anchor, a.id))
        for a in c.articles
    ]
    return timeline(outlets, placed, events)


def _sentiment(framing: list[FramingRow], outlets: list[str]) -> SentimentChart:
    # no bar from fewer than MIN_MENTIONS own mentions: «+1.00» from one mention says little
    rows = [
        (row.name, [cell.sentiment if cell and not cell.tone.few else None for cell in row.cells])
        for row in framing
    ]
    return sentiment_chart(outlets, rows)


def event_periods(events: Sequence[tuple[str, str, str, str]]) -> list[Period]:
    """The storyline's events (id, title, first, last) as timeline bars that link to their sections."""
    return [Period(first, last, title, anchor(event_id)) for event_id, title, first, last in events]


def story_view(
    c: ComparisonRecord, docs: Mapping[str, Doc], events: Sequence[tuple[str, str, str, str]] = ()
) -> StoryView:
    """The view data of one stored comparison; `docs` are its articles' stored analyses (by id),
    `events` the storyline's events (id, title, first, last)."""
    story = c.story
    outlets = c.outlets
    story_anchor = anchor(story.id)
    common, lines = _summary(c, outlets)
    framing = [_framing_row(f, outlets) for f in c.entities]
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
        columns=_columns(c, docs, story_anchor, outlets),
        figures=sorted(
            (_figure_row(f, outlets) for f in c.figures), key=lambda r: STATUS_ORDER.get(r.status, 9)
        ),
        dates=_dates(c, outlets),
        framing=framing,
        voices=_voices(c, outlets),
        headlines=_headlines(c, outlets),
        timeline=_timeline(c, story_anchor, outlets, event_periods(events)),
        sentiment=_sentiment(framing, outlets),
        parent=anchor(story.parent) if story.parent else "",
        total=c.articles_total,
    )
