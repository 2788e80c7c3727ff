"""The short forms of a story and an article that lists show, in one shape for every reader: the
web pages and the JSON API build them here, and the API's schema is these classes (FastAPI reads
dataclasses as models), so a field added here appears in both at once.

A `StorySummary` is what a list of stories shows of one: its size in articles and events rather
than the ids, its outlets and key entities («PER:Эммануэль Макрон»), its dates as ISO days. An
`ArticleSummary` is an article without its text: the outlet, the publication time as ISO 8601 (or
None when the article is undated) and the category the analysis gave it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from newsprism.model.article import Article
from newsprism.model.story import Story


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    kind: str
    title: str
    first: str
    last: str
    size: int
    outlets: list[str]
    category: str
    key_entities: list[str]
    parent: str
    events: int

    @classmethod
    def of(cls, story: Story) -> StorySummary:
        return cls(
            id=story.id,
            kind=story.kind,
            title=story.title,
            first=story.first,
            last=story.last,
            size=len(story.article_ids),
            outlets=list(story.outlets),
            category=story.category,
            key_entities=list(story.key_entities),
            parent=story.parent,
            events=len(story.event_ids),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    category: str

    @classmethod
    def of(cls, article: Article, category: str = "") -> ArticleSummary:
        published = article.published.isoformat() if article.published else None
        return cls(article.id, article.title, article.outlet, published, article.url, category)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
