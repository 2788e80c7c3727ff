"""The one interface through which the rest of newsprism reads and writes its data.

StoreError
 └── StoreVersionError   the store was written by a newer newsprism
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

from newsprism.errors import StoreError as StoreError
from newsprism.errors import StoreVersionError as StoreVersionError
from newsprism.model import Article, Doc, Entity, EntityType, MentionKind, Publication, Story
from newsprism.store.following import SourceRound, SourceSpec, SourceStatus
from newsprism.store.search import index_row
from newsprism.tone import Tone, direct_quotes


@dataclass(slots=True, frozen=True)
class Saved:
    """What a `Store.save` call did: ids of articles (texts) that were new and of those analysed,
    and how many new publications were of a text stored before or earlier in the batch (a second
    outlet's reprint of the same text)."""

    new: tuple[str, ...]
    analysed: tuple[str, ...]
    reprints: int = 0


@dataclass(slots=True, frozen=True)
class Mention:
    """One stored entity mention: the model's `Entity` as the `entities` table holds it (its
    fields and types, the model's probability `score` left out), with the article it is in and
    whether it stands in a quotation. `Mention.of` and `entity()` convert to and from the model."""

    article_id: str
    start: int
    stop: int
    type: EntityType
    normal: str
    canonical: str
    kind: MentionKind
    link_rule: str
    sentiment: int
    quoted: int = 0  # 1 when the mention stands inside a quotation (the speaker's view)

    @classmethod
    def of(cls, article_id: str, entity: Entity, quoted: bool = False) -> Mention:
        """The row of a mention; an unlinked mention's canonical name is its own normal form."""
        return cls(
            article_id=article_id,
            start=entity.start,
            stop=entity.stop,
            type=entity.type,
            normal=entity.normal,
            canonical=entity.canonical or entity.normal,
            kind=entity.kind,
            link_rule=entity.link_rule,
            sentiment=entity.sentiment,
            quoted=int(quoted),
        )

    def entity(self) -> Entity:
        """The mention as the model's `Entity` (its `score` is not stored: 0.0)."""
        return Entity(
            self.start, self.stop, self.type, self.normal, self.canonical, self.kind,
            sentiment=self.sentiment, link_rule=self.link_rule,
        )  # fmt: skip


T = TypeVar("T")


@dataclass(slots=True, frozen=True)
class Page(Generic[T]):
    """One page of a longer list: its items, how many there are in all, and where the page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int
    capped: bool = False  # there are more than `total` (counting stopped there: search)


@dataclass(slots=True, frozen=True)
class Filters:
    """What lists of stories and search results can be narrowed by. Dates are ISO days, inclusive;
    `entity` is a canonical name in any case; `without_outlet` keeps stories that outlet missed;
    `outlets`: any of these outlets (what `--outlet` resolves to), with `outlet` if given;
    `entities`: any of these canonical names, with `entity` if given; `words`: per word its
    alternatives (lemmas), every word in one text."""

    outlet: str | None = None
    category: str | None = None
    entity: str | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    without_outlet: str | None = None
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    words: tuple[tuple[str, ...], ...] = ()


StorySort = Literal["biggest", "newest"]
SearchSort = Literal["relevance", "newest"]


@dataclass(slots=True, frozen=True)
class SearchHit:
    """An article that matches a search, its category, and the character spans of the words that
    matched (into `article.text`), in text order."""

    article: Article
    category: str
    matches: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class ArticleMention:
    """A stored mention with the article it is in."""

    mention: Mention
    title: str
    outlet: str | None
    published: str | None


@dataclass(slots=True, frozen=True)
class MentionStat:
    """Mentions of one entity by one outlet in one month under one naming, by sentiment label:
    the outlet's own, and apart those inside quotations."""

    outlet: str
    month: str
    normal: str
    kind: str
    negative: int
    neutral: int
    positive: int
    quoted_negative: int = 0
    quoted_neutral: int = 0
    quoted_positive: int = 0

    @property
    def mentions(self) -> int:
        """All its mentions, own and quoted (how often it is named so)."""
        return self.tone.mentions + self.tone.quoted

    @property
    def tone(self) -> Tone:
        return Tone(
            self.negative,
            self.neutral,
            self.positive,
            self.quoted_negative,
            self.quoted_neutral,
            self.quoted_positive,
        )


@dataclass(slots=True, frozen=True)
class EntityCount:
    """How often a canonical entity is mentioned (in all, or by one outlet) and in how many articles."""

    name: str
    type: str
    mentions: int
    articles: int


@dataclass(slots=True, frozen=True)
class Facets:
    """What the stored articles can be filtered by, with the number of articles of each."""

    outlets: list[tuple[str, int]]
    categories: list[tuple[str, int]]
    first: str
    last: str


@dataclass(slots=True, frozen=True)
class Encoded:
    """An analysis in the form the store writes it (`encode(doc)`). Made where the `Doc` was made,
    so that a writer fed by many workers (the Dask runner) only inserts rows."""

    article_id: str
    category: str
    doc: str  # JSON of Doc.to_dict(with_text=False)
    mentions: tuple[Mention, ...]
    search: tuple[tuple[str, str], ...]  # the full-text index row: article_id, lemmas, spans


def encode(doc: Doc) -> Encoded:
    """The analysis as stored: the doc as JSON without its text, and a row per entity mention."""
    quotes = direct_quotes(doc)
    mentions = tuple(
        Mention.of(
            doc.article_id,
            entity,
            any(start <= entity.start and entity.stop <= stop for start, stop in quotes),
        )
        for entity in doc.entities
    )
    text = json.dumps(doc.to_dict(with_text=False), ensure_ascii=False)
    search = tuple(index_row(doc.article_id, doc.tokens).items())
    return Encoded(doc.article_id, doc.category, text, mentions, search)


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
        """Add the articles that are not stored yet, the publications (outlet, URL) of each that
        are not stored yet, and replace the analyses given (a `Doc`, or one already `encode`d) and
        the story views given (by article id), all in one transaction. An article row and its
        story view carry its representative publication (`Publication.order`). Saving the same
        batch twice changes nothing."""
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

    def publications(self, ids: Sequence[str]) -> dict[str, list[Publication]]:
        """Every publication of these articles (each list representative first)."""
        ...

    def articles(
        self, *, outlet: str | Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        """Stored articles, oldest addition first; with `outlet`, the publications of that outlet
        (or of any of these outlets)."""
        ...

    def count(self) -> int: ...

    def doc(self, article_id: str) -> Doc | None:
        """The stored analysis of an article, with its text."""
        ...

    def mentions(self, *, type: str | None = None, canonical: str | None = None) -> Iterator[Mention]:
        """Stored entity mentions, optionally of one type or one canonical name (any case)."""
        ...

    def generation(self) -> int:
        """A number that grows with every write: what a cache of derived pages is keyed by."""
        ...

    def find_stories(
        self, filters: Filters, *, sort: StorySort = "biggest", limit: int = 20, offset: int = 0
    ) -> Page[Story]:
        """Stories that pass the filters (a story passes when one of its articles does), biggest
        or newest first."""
        ...

    def search(
        self,
        words: Sequence[Sequence[str]],
        filters: Filters,
        *,
        sort: SearchSort = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> Page[SearchHit]:
        """Analysed articles whose lemmas hold, for every query word, one of its alternatives
        (lemmas the word may be a form of); parameterised, never raw query syntax."""
        ...

    def stories_of(self, article_id: str) -> list[Story]:
        """The events and storylines an article belongs to."""
        ...

    def facets(self, outlet: str | None = None) -> Facets:
        """Outlets and date range of all articles; categories of all, or of one outlet's articles."""
        ...

    def entity_mentions(self, name: str, *, limit: int = 50, offset: int = 0) -> Page[ArticleMention]:
        """Mentions of a canonical entity (any case), newest articles first."""
        ...

    def entity_stats(self, name: str) -> list[MentionStat]:
        """Mentions of a canonical entity counted by outlet, month and naming."""
        ...

    def top_entities(
        self, *, outlet: str | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityCount]:
        """The canonical entities mentioned in the most articles (of one outlet, or of all)."""
        ...

    def entity_sentiment(self, names: Sequence[str]) -> list[tuple[str, MentionStat]]:
        """For each of these canonical names (as given), its mentions by outlet and sentiment label
        (month and naming left empty)."""
        ...

    def comparison(self, story_id: str, signature: str) -> dict[str, Any] | None:
        """The stored comparison of a story, if one was saved under this signature (else None:
        the story changed since, or none was saved)."""
        ...

    def comparison_signatures(self) -> dict[str, str]:
        """The signature of every stored comparison, by story id."""
        ...

    def save_comparisons(
        self, comparisons: Sequence[tuple[str, str, dict[str, Any]]], drop: Sequence[str] = ()
    ) -> None:
        """Store comparisons (story id, signature, comparison) and delete those of the stories in
        `drop`, in one transaction. Saving an article's analysis deletes the comparisons of its
        stories."""
        ...

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, Article]:
        """The stored articles among these ids, in one query."""
        ...

    def add_sources(self, specs: Sequence[SourceSpec]) -> None:
        """Follow these sources (for one already followed: add its new feeds, set its groups)."""
        ...

    def remove_source(self, name: str) -> bool:
        """Stop following a source; its articles stay. False when no source has this name."""
        ...

    def sources(self) -> list[SourceStatus]:
        """Every followed source with its feeds and its last round, by name."""
        ...

    def seen_urls(self, source: str, urls: Sequence[str]) -> set[str]:
        """Which of these canonical entry URLs the source's feeds listed in an earlier round."""
        ...

    def record_round(self, outcome: SourceRound) -> None:
        """Write a source's round (seen URLs, feed validators, status) in one transaction; called
        only once the round's articles are stored."""
        ...

    def close(self) -> None: ...
