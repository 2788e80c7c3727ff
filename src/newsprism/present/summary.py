"""What an article names, counted: the shape the terminal, JSON and HTML outputs share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsprism.model import Article, Doc, Entity
from newsprism.stories.entities import CanonicalEntity

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass(slots=True, frozen=True)
class NamedCount:
    type: str
    normal: str
    count: int


def entity_counts(entities: list[Entity]) -> list[NamedCount]:
    """Distinct entities by type and normal form, most mentioned first, ties in order of appearance."""
    counts = Counter((e.type, e.normal) for e in entities)
    first: dict[tuple[str, str], int] = {}
    for index, e in enumerate(entities):
        first.setdefault((e.type, e.normal), index)
    keys = sorted(counts, key=lambda key: (ENTITY_TYPES.index(key[0]), -counts[key], first[key]))
    return [NamedCount(kind, normal, counts[(kind, normal)]) for kind, normal in keys]


def entity_record(doc: Doc, entity: Entity) -> dict[str, Any]:
    return {
        "type": entity.type,
        "start": entity.start,
        "stop": entity.stop,
        "text": doc.span_text(entity),
        "normal": entity.normal,
    }


def article_record(article: Article, doc: Doc | None) -> dict[str, Any]:
    """An article and its entities as one JSON-ready record (offsets into `Article.text`)."""
    record = article.to_dict()
    record["entities"] = [entity_record(doc, e) for e in doc.entities] if doc else []
    return record


def entity_summary(entity: CanonicalEntity) -> dict[str, Any]:
    """A canonical entity with its aliases and, for each alias, where it was seen and why."""
    return {
        "name": entity.name,
        "type": entity.type,
        "articles": len(entity.articles),
        "mentions": entity.mentions,
        "sentiment": {str(label): count for label, count in sorted(entity.sentiment.items())},
        "aliases": {
            alias: [
                {"article_id": e.article_id, "start": e.start, "stop": e.stop, "rule": e.rule}
                for e in evidence
            ]
            for alias, evidence in entity.aliases.items()
        },
    }
