"""Read queries for browsing a store: filtered and paginated stories, search, entities, facets.

Every function takes an open connection and returns plain values; `SqlStore` exposes them through
the `Store` interface. Values from users are always bound parameters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    func,
    literal_column,
    select,
)

from newsprism.model import Story
from newsprism.store import filters as filters_sql
from newsprism.store import fts, schema
from newsprism.store.base import (
    ArticleMention,
    EntityCount,
    Facets,
    Filters,
    Mention,
    MentionStat,
    Page,
    SearchHit,
    SearchSort,
    StorySort,
)
from newsprism.store.rows import article_from_row
from newsprism.store.search import like_patterns, matched_spans
from newsprism.text import name_key

A, AN, E, S, SA, D = (
    schema.articles,
    schema.analyses,
    schema.entities,
    schema.stories,
    schema.story_articles,
    schema.search_docs,
)
SO, P = schema.story_outlets, schema.publications
UNKNOWN = ""
TOTAL = func.count().over().label("total_")  # the count of all matches, computed with the page


def _day(value: Any) -> ColumnElement[Any]:
    return func.substr(value, 1, 10)


def _named(name: str) -> ColumnElement[bool]:
    return E.c.canonical_key == name_key(name)


def _published_by(outlet: str) -> Select[Any]:
    return filters_sql.published_by([outlet])


# Where each filtered thing keeps what the filters test (the SQL of the filters is in `filters`).
_IN_STORIES = filters_sql.Columns(
    outlet=lambda outlets: S.c.id.in_(select(SO.c.story_id).where(SO.c.outlet.in_(list(outlets)))),
    articles=lambda ids: S.c.id.in_(select(SA.c.story_id).where(SA.c.article_id.in_(ids))),
    first=S.c.first_date,
    last=S.c.last_date,
    category=S.c.category,
)
# search results on backends without FTS5: `search_docs` rows, joined to `articles` for dates and
# to `analyses` for the category
_IN_DOCS = filters_sql.Columns(
    outlet=lambda outlets: D.c.article_id.in_(filters_sql.published_by(outlets)),
    articles=lambda ids: D.c.article_id.in_(ids),
    first=A.c.published,
    last=A.c.published,
    category=AN.c.category,
)


def story_conditions(filters: Filters, dialect: str) -> list[ColumnElement[bool]]:
    found = filters_sql.conditions(filters, _IN_STORIES, dialect)
    if filters.kind is not None:
        found.append(S.c.kind == filters.kind)
    if filters.without_outlet is not None:
        found.append(S.c.id.not_in(select(SO.c.story_id).where(SO.c.outlet == filters.without_outlet)))
    return found


def find_stories(
    connection: Connection, filters: Filters, sort: StorySort, limit: int, offset: int
) -> Page[Story]:
    where = and_(True, *story_conditions(filters, connection.dialect.name))
    order = (
        (S.c.last_date.desc(), S.c.size.desc(), S.c.id)
        if sort == "newest"
        else (S.c.size.desc(), S.c.last_date.desc(), S.c.id)
    )
    # The page's ids first (sorting small rows), then the stories of that page only.
    query = select(S.c.id, TOTAL).where(where).order_by(*order)
    rows = connection.execute(query.limit(limit).offset(offset)).all()
    ids = [row.id for row in rows]
    data = dict(connection.execute(select(S.c.id, S.c.data).where(S.c.id.in_(ids))).all()) if ids else {}
    stories = [Story.from_dict(json.loads(data[i])) for i in ids]
    return Page(stories, _total(connection, rows, select(S.c.id).where(where)), limit, offset)


def _total(connection: Connection, rows: Sequence[Any], query: Select[Any]) -> int:
    """The total a window count gave in the page's rows (one pass), or a count past the end."""
    if rows:
        return int(rows[0].total_)
    return int(connection.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def search(
    connection: Connection,
    words: Sequence[Sequence[str]],
    filters: Filters,
    sort: SearchSort,
    limit: int,
    offset: int,
) -> Page[SearchHit]:
    """Two steps: the page's ids (matching, filtering and sorting on indexed columns only), then
    the articles and lemma spans of that page. On SQLite the first step is `fts.page_ids`."""
    if connection.dialect.name == "sqlite":
        found = fts.page_ids(connection, words, filters, sort, limit, offset)
        if found is None:
            return Page([], 0, limit, offset)
        return Page(_hits(connection, found.items, words), found.total, limit, offset, found.capped)
    base = select(D.c.id).select_from(D)
    conditions = filters_sql.conditions(filters, _IN_DOCS, connection.dialect.name)
    if filters.since is not None or filters.until is not None or sort == "newest":
        base = base.join(A, A.c.id == D.c.article_id)
    if filters.category is not None:
        base = base.join(AN, AN.c.article_id == D.c.article_id)
    relevance: Any
    if connection.dialect.name == "postgresql":
        query_terms = filters_sql.ts_query(words)
        if query_terms is None:
            return Page([], 0, limit, offset)
        vector: ColumnElement[Any] = literal_column("search_docs.tsv")
        relevance = func.ts_rank(vector, query_terms).desc()
    elif not like_patterns(words):
        return Page([], 0, limit, offset)
    else:
        relevance = D.c.id.desc()
    conditions.append(filters_sql.word_match(words, connection.dialect.name))
    order = (A.c.published.desc(), D.c.id) if sort == "newest" else (relevance, D.c.id)
    query = base.add_columns(TOTAL).where(*conditions).order_by(*order)
    rows = connection.execute(query.limit(limit).offset(offset)).all()
    total = _total(connection, rows, base.where(*conditions))
    return Page(_hits(connection, [row.id for row in rows], words), total, limit, offset)


def _hits(connection: Connection, ids: list[int], words: Sequence[Sequence[str]]) -> list[SearchHit]:
    """The articles of these search_docs ids, in this order, with the spans that matched."""
    details = (
        select(
            A,
            D.c.id.label("doc_id"),
            D.c.lemmas,
            D.c.spans,
            func.coalesce(AN.c.category, "").label("category"),
        )
        .select_from(D)
        .join(A, A.c.id == D.c.article_id)
        .outerjoin(AN, AN.c.article_id == A.c.id)
        .where(D.c.id.in_(ids))
    )
    found = {r.doc_id: r for r in connection.execute(details)} if ids else {}
    return [
        SearchHit(article_from_row(r), r.category, matched_spans(r.lemmas, r.spans, words))
        for r in (found[i] for i in ids)
    ]


def facets(connection: Connection, outlet: str | None) -> Facets:
    # An outlet counts every text it published, a copy of another outlet's included.
    articles = func.count(P.c.article_id.distinct())
    outlets = connection.execute(
        select(P.c.outlet, articles).group_by(P.c.outlet).order_by(articles.desc(), P.c.outlet)
    ).all()
    categories_query = select(AN.c.category, func.count()).group_by(AN.c.category)
    if outlet is not None:
        categories_query = categories_query.where(AN.c.article_id.in_(_published_by(outlet)))
    categories = connection.execute(categories_query.order_by(func.count().desc())).all()
    first, last = connection.execute(
        select(func.min(_day(A.c.published)), func.max(_day(A.c.published)))
    ).one()
    return Facets(
        outlets=[(name, int(count)) for name, count in outlets],
        categories=[(name, int(count)) for name, count in categories if name],
        first=first or "",
        last=last or "",
    )


def entity_mentions(connection: Connection, name: str, limit: int, offset: int) -> Page[ArticleMention]:
    where = _named(name)
    query = (
        select(E, A.c.title, A.c.outlet, A.c.published)
        .join(A, A.c.id == E.c.article_id)
        .where(where)
        .order_by(A.c.published.desc(), E.c.article_id, E.c.start)
    )
    rows = connection.execute(query.limit(limit).offset(offset)).all()
    items = [
        ArticleMention(
            Mention(**{name: row._mapping[name] for name in Mention.__dataclass_fields__}),
            row.title,
            row.outlet,
            row.published,
        )
        for row in rows
    ]
    total = connection.execute(select(func.count()).select_from(E).where(where)).scalar_one()
    return Page(items, int(total), limit, offset)


def _labels() -> tuple[Any, ...]:
    """The mentions by label, own ones (outside quotations) first, then the quoted ones."""

    def count(label: int, quoted: int) -> Any:
        return func.sum(case(((E.c.sentiment == label) & (E.c.quoted == quoted), 1), else_=0))

    return count(-1, 0), count(0, 0), count(1, 0), count(-1, 1), count(0, 1), count(1, 1)


def entity_stats(connection: Connection, name: str) -> list[MentionStat]:
    # by publication: an outlet's copy of another's text counts for it too, in its own month
    month = func.substr(P.c.published, 1, 7)
    outlet = P.c.outlet
    query = (
        select(outlet, func.coalesce(month, ""), E.c.normal, E.c.kind, *_labels())
        .join(P, P.c.article_id == E.c.article_id)
        .where(_named(name))
        .group_by(outlet, month, E.c.normal, E.c.kind)
    )
    return [
        MentionStat(o, m, n, k, *(int(c) for c in counts))
        for o, m, n, k, *counts in connection.execute(query)
    ]


def top_entities(connection: Connection, outlet: str | None, limit: int, offset: int) -> Page[EntityCount]:
    articles = func.count(E.c.article_id.distinct()).label("articles")
    query = (
        select(E.c.canonical, E.c.type, func.count().label("mentions"), articles)
        .where(E.c.canonical != "")
        .group_by(E.c.canonical, E.c.type)
    )
    if outlet is not None:
        query = query.where(E.c.article_id.in_(_published_by(outlet)))
    ordered = query.order_by(articles.desc(), literal_column("mentions").desc(), E.c.canonical)
    rows = connection.execute(ordered.limit(limit).offset(offset)).all()
    total = connection.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    items = [EntityCount(name, kind, int(n), int(count)) for name, kind, n, count in rows]
    return Page(items, int(total), limit, offset)


def entity_sentiment(connection: Connection, names: Sequence[str]) -> list[tuple[str, MentionStat]]:
    if not names:
        return []
    by_key = {name_key(name): name for name in names}
    key = E.c.canonical_key
    outlet = P.c.outlet
    query = (
        select(key, outlet, *_labels())
        .join(P, P.c.article_id == E.c.article_id)
        .where(key.in_(list(by_key)))
        .group_by(key, outlet)
    )
    return [
        (by_key[k], MentionStat(o, "", "", "", *(int(c) for c in counts)))
        for k, o, *counts in connection.execute(query)
    ]
