"""The browsing filters as SQL, written once: `conditions` turns `Filters` into conditions on
whatever is filtered (stories, articles, search matches), given where that thing keeps its
outlet, category, dates and articles (`Columns`). Values from users are always bound parameters.

A date range is inclusive and compares ISO strings without a function per row: a thing passes
`since` when its last date is on or after it, and `until` when its first date is before the day
after it (a story spanning the range's start passes; an article has one date for both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
)

from newsprism.store import schema
from newsprism.store.base import Filters
from newsprism.store.search import like_patterns, match_expression
from newsprism.text import name_key

FTS = table("article_search", column("rowid", Integer), column("rank"))
D, E, P = schema.search_docs, schema.entities, schema.publications


@dataclass(slots=True, frozen=True)
class Columns:
    """Where the filtered rows keep what the filters test. `outlet` and `articles` build the test
    for a set of outlet names and for a query of article ids (the row has one of these articles)."""

    outlet: Callable[[Sequence[str]], ColumnElement[bool]]
    articles: Callable[[Select[Any]], ColumnElement[bool]]
    first: ColumnElement[Any]
    last: ColumnElement[Any]
    category: ColumnElement[Any]


def outlet_names(filters: Filters) -> tuple[str, ...]:
    """The outlets a row may be of: `outlet` and the `outlets` it was resolved to."""
    return tuple(dict.fromkeys(([filters.outlet] if filters.outlet is not None else []) + [*filters.outlets]))


def published_by(outlets: Sequence[str]) -> Select[Any]:
    """The articles these outlets published: their own texts and their copies of others'."""
    return select(P.c.article_id).where(P.c.outlet.in_(list(outlets)))


def entity_names(filters: Filters) -> tuple[str, ...]:
    """The canonical names a row's articles may name: `entity` and `entities`."""
    return tuple(
        dict.fromkeys(([filters.entity] if filters.entity is not None else []) + [*filters.entities])
    )


def named(names: Sequence[str]) -> Select[Any]:
    """The articles that name one of these canonical entities (in any case)."""
    return select(E.c.article_id).where(E.c.canonical_key.in_([name_key(name) for name in names]))


def before_day_after(value: ColumnElement[Any], until: str) -> ColumnElement[bool]:
    """`value` is on or before the day `until` (an ISO day), as a plain comparison."""
    try:
        after = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return func.substr(value, 1, 10) <= until
    return value < after


def conditions(filters: Filters, where: Columns, dialect: str) -> list[ColumnElement[bool]]:
    """The conditions of the outlet, category, date, entity and words filters (not `kind` nor
    `without_outlet`, which only stories have)."""
    found: list[ColumnElement[bool]] = []
    if outlets := outlet_names(filters):
        found.append(where.outlet(outlets))
    if filters.category is not None:
        found.append(where.category == filters.category)
    if filters.since is not None:
        found.append(where.last >= filters.since)
    if filters.until is not None:
        found.append(before_day_after(where.first, filters.until))
    if names := entity_names(filters):
        found.append(where.articles(named(names)))
    if filters.words:
        found.append(where.articles(select(D.c.article_id).where(word_match(filters.words, dialect))))
    return found


def ts_query(words: Sequence[Sequence[str]]) -> ColumnElement[Any] | None:
    """PostgreSQL: every word (one of its alternative lemmas) as a tsquery of the Russian
    configuration, built from bound parameters with the tsquery operators, never from query syntax."""
    groups = []
    for alternatives in words:
        terms: list[ColumnElement[Any]] = [
            func.plainto_tsquery("russian", a) for a in alternatives if a.strip()
        ]
        if terms:
            group = terms[0]
            for term in terms[1:]:
                group = group.op("||")(term)
            groups.append(group)
    if not groups:
        return None
    query: ColumnElement[Any] = groups[0]
    for group in groups[1:]:
        query = query.op("&&")(group)
    return query


def word_match(words: Sequence[Sequence[str]], dialect: str) -> ColumnElement[bool]:
    """A condition on `search_docs`: the lemmas hold, for every word, one of its alternatives (the
    FTS5 index on SQLite, the tsvector on PostgreSQL, LIKE elsewhere); false when no word counts."""
    if dialect == "sqlite":
        expression = match_expression(words)
        if not expression:
            return false()
        matching = literal_column("article_search").op("MATCH")("{lemmas} : (" + expression + ")")
        return D.c.id.in_(select(FTS.c.rowid).where(matching))
    if dialect == "postgresql":
        query = ts_query(words)
        if query is None:
            return false()
        return literal_column("search_docs.tsv").op("@@")(query)
    patterns = like_patterns(words)
    if not patterns:
        return false()
    padded = " " + D.c.lemmas + " "
    return and_(*(or_(*(padded.like(p, escape="\\") for p in group)) for group in patterns))
