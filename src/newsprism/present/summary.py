"""What an article names, counted: the shape the terminal, JSON and HTML outputs share."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from newsprism.model import Article, Doc, Entity, Quote
from newsprism.stories.entities import CanonicalEntity

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass(slots=True, frozen=True)
class NamedCount:
    type: str
    normal: str
    count: int


def entity_counts(entities: list[Entity]) -> list[NamedCount]:
    """Distinct entities by type and canonical name (so «Макрон» and «французский лидер» count for
    «Эммануэль Макрон»), most mentioned first, ties in order of appearance."""
    keys_in_order = [(e.type, e.canonical or e.normal) for e in entities]
    counts = Counter(keys_in_order)
    first: dict[tuple[str, str], int] = {}
    for index, key in enumerate(keys_in_order):
        first.setdefault(key, index)
    keys = sorted(counts, key=lambda key: (ENTITY_TYPES.index(key[0]), -counts[key], first[key]))
    return [NamedCount(kind, name, counts[(kind, name)]) for kind, name in keys]


# The layers of a Doc as they appear in JSON output, each item with the text it covers.
JSON_LAYERS = ("entities", "dates", "figures", "quotes", "evaluative")


def item_record(doc: Doc, item: Any) -> dict[str, Any]:
    record = dataclasses.asdict(item)
    record["text"] = doc.span_text(item)
    if isinstance(item, Quote):
        speaker = doc.text[item.speaker_start : item.speaker_stop] if item.speaker_start >= 0 else ""
        record["speaker_text"] = speaker
    return record


def entity_record(doc: Doc, entity: Entity) -> dict[str, Any]:
    return item_record(doc, entity)


def analysis_record(doc: Doc) -> dict[str, Any]:
    """Everything the analysis found, offsets into the analysed text (the `annotate` schema)."""
    record: dict[str, Any] = {name: [item_record(doc, x) for x in getattr(doc, name)] for name in JSON_LAYERS}
    record["category"] = doc.category
    record["category_score"] = round(doc.category_score, 4)
    record["written_after"] = doc.written_after
    record["written_after_evidence"] = doc.written_after_evidence
    record["written_before"] = doc.written_before
    record["written_before_evidence"] = doc.written_before_evidence
    return record


def article_record(article: Article, doc: Doc | None) -> dict[str, Any]:
    """An article and its analysis as one JSON-ready record (offsets into `Article.text`)."""
    record = article.to_dict()
    if doc is not None:
        record.update(analysis_record(doc))
    else:
        record.update({name: [] for name in JSON_LAYERS})
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
