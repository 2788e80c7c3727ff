"""What story-level code reads of an analysed article: a small, picklable summary of (Article, Doc).

Same-event scoring, near-duplicate detection, clustering and storylines work on these views, so
they never need a whole `Doc` (thousands of tokens) in memory per article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, get_args

from newsprism.model import Article, DatePrecision, Doc

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


@dataclass(slots=True, frozen=True)
class FigureView:
    value: float
    counted: str
    unit: str


_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)  # finest first


def _finest(precisions: Iterable[str]) -> str:
    found = [_PRECISIONS.index(p) for p in precisions if p in _PRECISIONS]
    return _PRECISIONS[min(found)] if found else ""


@dataclass(slots=True)
class StoryDoc:
    """An article as the story code sees it."""

    id: str
    title: str
    text: str  # Article.text: title, lead and body
    outlet: str | None
    published: datetime | None
    written_after: str  # ISO date or ""
    category: str
    title_lemmas: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # content-word lemmas of the whole text, in order
    entities: dict[str, int] = field(default_factory=dict)  # "TYPE:canonical" -> mentions
    figures: list[FigureView] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO values of absolute dates
    # The precision of the mentions that prove `written_after` ("day", "month", "year" ...): a year
    # says far less about when a text was written than a day. "" when unknown (read as "day").
    written_after_precision: str = ""
    language: str = "ru"
    embedding: str = ""  # the packed meaning vector of title and opening ("" when not analysed)

    @property
    def when(self) -> str:
        """The best date for the article: published if known, else the earliest it can be from."""
        return self.published.date().isoformat() if self.published else self.written_after

    @classmethod
    def from_analysis(cls, article: Article, doc: Doc) -> StoryDoc:
        title_stop = len(article.title)
        title_lemmas, lemmas = [], []
        for token in doc.tokens:
            if token.pos in CONTENT_POS and token.lemma:
                lemmas.append(token.lemma)
                if token.stop <= title_stop:
                    title_lemmas.append(token.lemma)
        entities: dict[str, int] = {}
        for entity in doc.entities:
            key = f"{entity.type}:{entity.canonical or entity.normal}"
            entities[key] = entities.get(key, 0) + 1
        return cls(
            id=article.id,
            title=article.title,
            text=article.text,
            outlet=article.outlet,
            published=article.published,
            written_after=doc.written_after,
            category=doc.category,
            title_lemmas=title_lemmas,
            lemmas=lemmas,
            entities=entities,
            figures=[FigureView(f.value, f.counted, f.unit) for f in doc.figures],
            dates=[d.value for d in doc.dates if d.value and not d.relative],
            written_after_precision=_finest(doc.dates[i].precision for i in doc.written_after_evidence),
            language=doc.language,
            embedding=doc.embedding,
        )

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["figures"] = [[f.value, f.counted, f.unit] for f in self.figures]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryDoc:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["published"] = datetime.fromisoformat(data["published"]) if data.get("published") else None
        values["figures"] = [FigureView(*item) for item in data.get("figures", [])]
        return cls(**values)
