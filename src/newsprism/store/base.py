"""The one interface through which the rest of newsprism reads and writes its data.

StoreError
 └── StoreVersionError   the store was written by a newer newsprism
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsprism.model import Article, Doc, Story


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says which store and why."""


class StoreVersionError(StoreError):
    """The store's schema is newer than this newsprism knows."""


@dataclass(slots=True, frozen=True)
class Saved:
    """What a `Store.save` call did: ids of articles that were new and of those analysed."""

    new: tuple[str, ...]
    analysed: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Mention:
    """One stored entity mention, as the `entities` table holds it."""

    article_id: str
    start: int
    stop: int
    type: str
    normal: str
    canonical: str
    kind: str
    link_rule: str
    sentiment: int


@dataclass(slots=True, frozen=True)
class Encoded:
    """An analysis in the form the store writes it (`encode(doc)`). Made where the `Doc` was made,
    so that a writer fed by many workers (the Dask runner) only inserts rows."""

    article_id: str
    category: str
    doc: str  # JSON of Doc.to_dict(with_text=False)
    mentions: tuple[Mention, ...]


def encode(doc: Doc) -> Encoded:
    """The analysis as stored: the doc as JSON without its text, and a row per entity mention."""
    mentions = tuple(
        Mention(
            article_id=doc.article_id,
            start=entity.start,
            stop=entity.stop,
            type=entity.type,
            normal=entity.normal,
            canonical=entity.canonical or entity.normal,
            kind=entity.kind,
            link_rule=entity.link_rule,
            sentiment=entity.sentiment,
        )
        for entity in doc.entities
    )
    text = json.dumps(doc.to_dict(with_text=False), ensure_ascii=False)
    return Encoded(doc.article_id, doc.category, text, mentions)


class Store(Protocol):
    """Articles and their analyses. Every write of a batch is one transaction: after a crash the
    store holds each article of the batch with its analysis, or none of them."""

    url: str

    def save(
        self,
        batch: Sequence[tuple[Article, Doc | Encoded | None]],
        pipeline_version: str = "",
        views: Mapping[str, dict[str, Any]] | None = None,
    ) -> Saved:
        """Add the articles that are not stored yet and replace the analyses given (a `Doc`, or one
        already `encode`d) and the story views given (by article id), all in one transaction.
        Saving the same batch twice changes nothing."""
        ...

    def views(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored story view (article id, view as saved), in the order articles were added."""
        ...

    def replace_stories(self, stories: Sequence[Story]) -> None:
        """Replace all events and storylines in one transaction."""
        ...

    def stories(self, *, kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Stories, biggest first, then newest."""
        ...

    def story(self, story_id: str) -> Story | None: ...

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored."""
        ...

    def analysed(self, ids: Sequence[str], pipeline_version: str) -> set[str]:
        """Which of these articles have an analysis made by this pipeline version."""
        ...

    def article(self, article_id: str) -> Article | None: ...

    def articles(
        self, *, outlet: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        """Stored articles, oldest addition first."""
        ...

    def count(self) -> int: ...

    def doc(self, article_id: str) -> Doc | None:
        """The stored analysis of an article, with its text."""
        ...

    def mentions(self, *, type: str | None = None, canonical: str | None = None) -> Iterator[Mention]:
        """Stored entity mentions, optionally of one type or one canonical name (any case)."""
        ...

    def close(self) -> None: ...
