"""One canonical entity per real-world entity across articles, with its aliases and the evidence.

Within an article, `analyse/entities/linking.py` has already linked surnames, descriptors and aliases to a
full name (`Entity.canonical`). Across articles, canonical names are merged when they are the same
name in any case, and a one-word person's name («Макрон», from an article that never gives the
first name) joins the only full name in the corpus that ends with it. Every alias keeps where it
was seen and which rule linked it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.store.base import Mention
from newsprism.store.search import pieces, query_words
from newsprism.text import name_key


@dataclass(slots=True)
class Evidence:
    article_id: str
    start: int
    stop: int
    rule: str  # the linking rule, "same_name" for a mention of the name itself, or "surname_across_articles"


@dataclass(slots=True)
class CanonicalEntity:
    name: str
    type: str
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    aliases: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))
    sentiment: Counter[int] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)  # the `name_key`s of the canonical names merged in


def _key(name: str) -> str:
    return name_key(name)


def named_by(entity: CanonicalEntity, query: str) -> bool:
    """`query` names the entity: every word of it, in any form and case («путина», «ПУТИН»), is a
    word of the canonical name or of an alias («Путин» names «Владимир Путин»)."""
    words = query_words(query)
    if not words:
        return False
    known = {piece for name in (entity.name, *entity.aliases) for piece in pieces(name)}
    return all(known.intersection(alternatives) for alternatives in words)


def canonical_entities(mentions: Iterable[Mention]) -> list[CanonicalEntity]:
    """Group mentions into canonical entities, most mentioned first."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        name = mention.canonical or mention.normal
        key: tuple[str, str] = (mention.type, _key(name))
        groups[key].append(mention)
        spellings[key][name] += 1
    merged_into = _surnames_across_articles(groups)
    entities: dict[tuple[str, str], CanonicalEntity] = {}
    for key, items in groups.items():
        target = merged_into.get(key, key)
        spelling = max(spellings[target].items(), key=lambda item: (item[1], item[0][:1].isupper()))[0]
        entity = entities.setdefault(target, CanonicalEntity(spelling, key[0]))
        entity.keys.add(key[1])
        for mention in items:
            entity.mentions += 1
            entity.articles.add(mention.article_id)
            entity.sentiment[mention.sentiment] += 1
            rule = "surname_across_articles" if target != key else (mention.link_rule or "same_name")
            entity.aliases[mention.normal].append(
                Evidence(mention.article_id, mention.start, mention.stop, rule)
            )
    return sorted(entities.values(), key=lambda e: (-len(e.articles), -e.mentions, e.name))


def _surnames_across_articles(
    groups: dict[tuple[str, str], list[Mention]],
) -> dict[tuple[str, str], tuple[str, str]]:
    full_by_surname: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for kind, name in groups:
        words = name.split()
        if kind == "PER" and len(words) > 1:
            full_by_surname[words[-1]].add((kind, name))
    merged = {}
    for kind, name in groups:
        if kind == "PER" and len(name.split()) == 1 and len(full_by_surname.get(name, ())) == 1:
            merged[(kind, name)] = next(iter(full_by_surname[name]))
    return merged
