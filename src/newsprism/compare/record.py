"""The stored comparison read back: typed records of the JSON that `export.comparison_dict` writes.

A story's comparison is computed once, when its story changes (`run.stories`), and stored as JSON
(schema in docs/comparison.md). The terminal, the HTML report and the web app all render
`ComparisonRecord.from_dict(data)`; none of them computes a comparison, and this module imports
nothing but the data model, so reading one never loads a language model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsprism.errors import SchemaError as SchemaError
from newsprism.model import Story
from newsprism.tone import Tone

SCHEMA_VERSION = 6  # 3: articles and facts list every outlet that published them; 4: statements left out;
# 5: the outlets' tone toward each entity (`newsprism.tone`: own mentions, quoted ones apart);
# 6: a date difference's spans are the two dates, not their sentences


@dataclass(slots=True, frozen=True)
class SpanRecord:
    """Characters [start, stop) of one article's text; `text` is exactly those characters."""

    article: str
    start: int
    stop: int
    text: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpanRecord:
        return cls(str(data["article"]), int(data["start"]), int(data["stop"]), str(data["text"]))


def _spans(items: Any) -> list[SpanRecord]:
    return [SpanRecord.from_dict(item) for item in items]


@dataclass(slots=True, frozen=True)
class ArticleRecord:
    id: str
    outlet: str
    outlets: list[str]  # every outlet that published the text, `outlet` first
    title: str
    url: str | None
    when: str  # its publication day, or the day its text proves it was not written before
    published: str | None
    event: str | None
    text: str
    statements_compared: int
    statements_left_out: int
    written_before: str = ""  # undated: the day its text proves it was not written after ("" if none)


@dataclass(slots=True, frozen=True)
class FactRecord:
    id: int
    coverage: str  # "all", "some" or "one"
    outlets: list[str]
    statements: list[tuple[SpanRecord, float]]  # each with its alignment score

    @property
    def article_ids(self) -> set[str]:
        return {span.article for span, _ in self.statements}


@dataclass(slots=True, frozen=True)
class FigureRecord:
    outlet: str
    span: SpanRecord
    value: float
    high: float | None
    approx: str
    unit: str
    counted: str
    time: str
    time_source: str
    time_span: SpanRecord | None


@dataclass(slots=True, frozen=True)
class FigurePairRecord:
    status: str  # "agree", "compatible", "different_times" or "conflict"
    note: str
    a: FigureRecord
    b: FigureRecord


@dataclass(slots=True, frozen=True)
class DateRecord:
    fact: int
    a: SpanRecord
    a_value: str
    b: SpanRecord
    b_value: str


@dataclass(slots=True, frozen=True)
class NamingRecord:
    naming: str
    count: int
    spans: list[SpanRecord]


@dataclass(slots=True, frozen=True)
class OutletFramingRecord:
    outlet: str
    mentions: int
    sentiment: float
    labels: dict[str, int]
    tone: Tone  # its own mentions' labels and, apart, those inside quotations
    namings: list[NamingRecord]  # most used first
    loaded: list[tuple[SpanRecord, int]]  # each loaded word with its polarity
    quoted_about: list[tuple[str, SpanRecord]]  # speaker, quote


@dataclass(slots=True, frozen=True)
class EntityRecord:
    name: str
    type: str
    spread: float
    outlets: list[OutletFramingRecord]  # by outlet name

    def of(self, outlet: str) -> OutletFramingRecord | None:
        return next((view for view in self.outlets if view.outlet == outlet), None)


@dataclass(slots=True, frozen=True)
class VoiceRecord:
    outlet: str
    speaker: str
    kind: str  # "person", "organisation" or "other"
    source: bool
    direct: int
    indirect: int
    characters: int
    quotes: list[SpanRecord]
    speaker_spans: list[SpanRecord]


@dataclass(slots=True, frozen=True)
class HeadlineRecord:
    article: str
    headline: SpanRecord
    supported: bool
    score: float
    best_match: SpanRecord | None
    missing_entities: list[str]


@dataclass(slots=True, frozen=True)
class OutletLineRecord:
    outlet: str
    adds: list[SpanRecord]
    unique_facts: int
    leaves_out: list[int]  # fact ids


@dataclass(slots=True, frozen=True)
class SummaryRecord:
    common: list[SpanRecord]
    outlets: list[OutletLineRecord]


@dataclass(slots=True, frozen=True)
class ComparisonRecord:
    """One story's comparison as stored: what every reader renders."""

    story: Story
    outlets: list[str]
    articles_total: int
    articles: list[ArticleRecord]
    facts: list[FactRecord]
    figures: list[FigurePairRecord]
    dates: list[DateRecord]
    entities: list[EntityRecord]
    voices: list[VoiceRecord]
    headlines: list[HeadlineRecord]
    summary: SummaryRecord
    by_id: dict[str, ArticleRecord] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {article.id: article for article in self.articles})

    def outlet_of(self, article_id: str) -> str:
        return self.by_id[article_id].outlet

    @property
    def shared_facts(self) -> int:
        """Facts told by more than one outlet."""
        return sum(1 for fact in self.facts if fact.coverage != "one")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComparisonRecord:
        """The record of `comparison_dict`'s data (as stored: JSON types); `SchemaError` when it
        is of another schema version."""
        if not isinstance(data, Mapping) or data.get("schema") != SCHEMA_VERSION:
            found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
            raise SchemaError(f"a comparison of schema {SCHEMA_VERSION} was expected, not {found!r}")
        return cls(
            story=Story.from_dict(dict(data["story"])),
            outlets=list(data["outlets"]),
            articles_total=int(data["articles_total"]),
            articles=[_article(a) for a in data["articles"]],
            facts=[
                FactRecord(
                    int(f["id"]),
                    f["coverage"],
                    list(f["outlets"]),
                    [(SpanRecord.from_dict(s), float(s["score"])) for s in f["statements"]],
                )
                for f in data["facts"]
            ],
            figures=[
                FigurePairRecord(f["status"], f["note"], _figure(f["a"]), _figure(f["b"]))
                for f in data["figures"]
            ],
            dates=[
                DateRecord(
                    int(d["fact"]),
                    SpanRecord.from_dict(d["a"]),
                    str(d["a"]["value"]),
                    SpanRecord.from_dict(d["b"]),
                    str(d["b"]["value"]),
                )
                for d in data["dates"]
            ],
            entities=[_entity(e) for e in data["entities"]],
            voices=[_voice(v) for v in data["voices"]],
            headlines=[_headline(h) for h in data["headlines"]],
            summary=SummaryRecord(
                _spans(data["summary"]["common"]),
                [
                    OutletLineRecord(
                        o["outlet"],
                        _spans(o["adds"]),
                        int(o["unique_facts"]),
                        [int(i) for i in o["leaves_out"]],
                    )
                    for o in data["summary"]["outlets"]
                ],
            ),
        )


def _article(a: Mapping[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=a["id"],
        outlet=a["outlet"],
        outlets=list(a["outlets"]),
        title=a["title"],
        url=a["url"],
        when=a["when"],
        published=a["published"],
        event=a["event"],
        text=a["text"],
        statements_compared=int(a["statements_compared"]),
        statements_left_out=int(a["statements_left_out"]),
        written_before=str(a.get("written_before") or ""),  # records stored before the field: none
    )


def _figure(f: Mapping[str, Any]) -> FigureRecord:
    return FigureRecord(
        outlet=f["outlet"],
        span=SpanRecord.from_dict(f["span"]),
        value=float(f["value"]),
        high=None if f["high"] is None else float(f["high"]),
        approx=f["approx"],
        unit=f["unit"],
        counted=f["counted"],
        time=f["time"],
        time_source=f["time_source"],
        time_span=SpanRecord.from_dict(f["time_span"]) if f["time_span"] else None,
    )


def _entity(e: Mapping[str, Any]) -> EntityRecord:
    outlets = [
        OutletFramingRecord(
            outlet=o["outlet"],
            mentions=int(o["mentions"]),
            sentiment=float(o["sentiment"]),
            labels={str(k): int(v) for k, v in o["labels"].items()},
            tone=Tone.from_dict(o["tone"]),
            namings=[NamingRecord(n["naming"], int(n["count"]), _spans(n["spans"])) for n in o["namings"]],
            loaded=[(SpanRecord.from_dict(w), int(w["polarity"])) for w in o["loaded"]],
            quoted_about=[(q["speaker"], SpanRecord.from_dict(q["quote"])) for q in o["quoted_about"]],
        )
        for o in e["outlets"]
    ]
    return EntityRecord(e["name"], e["type"], float(e["spread"]), outlets)


def _voice(v: Mapping[str, Any]) -> VoiceRecord:
    return VoiceRecord(
        outlet=v["outlet"],
        speaker=v["speaker"],
        kind=v["kind"],
        source=bool(v["source"]),
        direct=int(v["direct"]),
        indirect=int(v["indirect"]),
        characters=int(v["characters"]),
        quotes=_spans(v["quotes"]),
        speaker_spans=_spans(v["speaker_spans"]),
    )


def _headline(h: Mapping[str, Any]) -> HeadlineRecord:
    return HeadlineRecord(
        article=h["article"],
        headline=SpanRecord.from_dict(h["headline"]),
        supported=bool(h["supported"]),
        score=float(h["score"]),
        best_match=SpanRecord.from_dict(h["best_match"]) if h["best_match"] else None,
        missing_entities=list(h["missing_entities"]),
    )
