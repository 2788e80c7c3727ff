"""Search on SQLite: FTS5 matches, filtered through `search_facets`, counted up to a cap, and
ranked by bm25 within a window, so a word found in 60,000 articles costs milliseconds.

- Filters (outlet, category, dates) read `search_facets`, a narrow row per indexed article under
  the FTS rowid; matches are never joined to their articles (whose rows hold the whole text).
- Counting stops at `COUNT_CAP`: past it the page says «10,000+» (`Page.capped`).
- bm25 is computed for at most `RANK_WINDOW` matches: the most recently indexed ones that pass the
  filters, bounded by a rowid that FTS5 applies while matching; older matches follow, newest
  first, so every page comes from one order. The rank is computed after the filters (`rank + 0`
  keeps SQLite from asking FTS5 to sort every match by rank before the join).
- A date range is also matched against the month and year terms of the index's `dates` column
  (migration 7: `m202603`, `y2026`, `mx` for a date of another form), so FTS5 intersects doclists
  instead of handing every match of a common word to the date test. The terms only narrow the
  candidates (every article the exact test accepts has one of them); the exact test still decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, literal_column, select

from newsprism.store import schema
from newsprism.store.base import Filters, Page, SearchSort
from newsprism.store.filters import FTS, Columns, conditions, outlet_names
from newsprism.store.search import match_expression

M, D = schema.search_facets, schema.search_docs
RANK_WINDOW = 2000
COUNT_CAP = 10_000
# Date terms are matched only for a range of at most this share of the store's months (a wider
# one passes most matches anyway: the intersection then costs more than it saves) and of at most
# this many terms.
MAX_DATE_SHARE = 0.5
MAX_DATE_TERMS = 48
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
Month = tuple[int, int]


def _month(value: str | None) -> Month | None:
    """The month a string starts with (YYYY-MM), if it does."""
    if value is None or not _MONTH.fullmatch(value[:7]):
        return None
    return int(value[:4]), int(value[5:7])


def _last_month(until: str) -> Month | None:
    """The last month whose articles may pass `until`. An article with a day-dated `published`
    (the only ones with month terms) that is before the day after `until` is in `until`'s month or
    earlier; when `until` is not a day, `published[:10] <= until` bounds it by `until[:7]`."""
    try:
        day = date.fromisoformat(until)
    except ValueError:
        return _month(until)
    return day.year, day.month


def _stored_months(connection: Connection) -> tuple[Month | None, Month | None]:
    """Months no day-dated article is before or after (through the index on articles.published):
    every such `published` is at least '0000-01-01' and starts with a digit, so is below ':'.
    (An article saved between this read and the match may be left out of this one page, as if the
    search had come a moment earlier.)"""
    A = schema.articles
    first = connection.execute(select(func.min(A.c.published)).where(A.c.published >= "0000-01-01"))
    last = connection.execute(select(func.max(A.c.published)).where(A.c.published < ":"))
    return _month(first.scalar_one()), _month(last.scalar_one())


def _span(start: Month, end: Month) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def month_terms(start: Month, end: Month) -> list[str]:
    """Index terms covering the months from `start` to `end`: a year term for a whole year."""
    terms = []
    for year in range(start[0], end[0] + 1):
        first = start[1] if year == start[0] else 1
        last = end[1] if year == end[0] else 12
        if (first, last) == (1, 12):
            terms.append(f"y{year:04d}")
        else:
            terms += [f"m{year:04d}{month:02d}" for month in range(first, last + 1)]
    return terms


def date_match(connection: Connection, filters: Filters) -> str | None:
    """An FTS5 clause on the `dates` column that every article passing the date filters matches
    (and most others do not), or None when it would not narrow the matches."""
    if filters.since is None and filters.until is None:
        return None
    first, last = _stored_months(connection)
    if first is None or last is None:
        return None
    start = first if filters.since is None else _month(filters.since)
    end = last if filters.until is None else _last_month(filters.until)
    if start is None or end is None:
        return None
    start, end = max(start, first), min(end, last)
    if start == first and end == last:
        return None  # every month the store has: no narrowing
    if start <= end and _span(start, end) > MAX_DATE_SHARE * _span(first, last):
        return None
    terms = month_terms(start, end) if start <= end else []
    if len(terms) > MAX_DATE_TERMS:
        return None
    return "{dates} : (" + " OR ".join([*terms, "mx"]) + ")"


# What the filters test on a match: the narrow `search_facets` row (M) under the FTS rowid.
_IN_MATCHES = Columns(
    outlet=lambda outlets: M.c.outlet.in_(list(outlets)),
    articles=lambda ids: FTS.c.rowid.in_(select(D.c.id).where(D.c.article_id.in_(ids))),
    first=M.c.published,
    last=M.c.published,
    category=M.c.category,
)


def _conditions(filters: Filters) -> tuple[list[ColumnElement[bool]], bool]:
    """Conditions on the FTS rowid and `search_facets` (M), and whether M must be joined."""
    facets = bool(outlet_names(filters)) or any(
        value is not None for value in (filters.category, filters.since, filters.until)
    )
    return conditions(filters, _IN_MATCHES, "sqlite"), facets


def page_ids(
    connection: Connection,
    words: Sequence[Sequence[str]],
    filters: Filters,
    sort: SearchSort,
    limit: int,
    offset: int,
    *,
    date_terms: bool = True,
) -> Page[int] | None:
    """The search_docs ids of one page of matches, with the (capped) total; None when the words
    give no query. `date_terms=False` tests dates on every match (the result is the same)."""
    words_expression = match_expression(words)
    if not words_expression:
        return None
    expression = "{lemmas} : (" + words_expression + ")"
    if date_terms and (dates := date_match(connection, filters)) is not None:
        expression += " AND " + dates
    conditions, facets = _conditions(filters)
    conditions.append(literal_column("article_search").op("MATCH")(expression))
    source: Any = FTS.join(M, M.c.id == FTS.c.rowid) if facets or sort == "newest" else FTS
    matches: Select[Any] = select(FTS.c.rowid).select_from(source).where(*conditions)
    newest_first = matches.order_by(FTS.c.rowid.desc())
    boundary: int | None = None
    if facets:
        # One pass over the filtered matches gives both the capped count and the window's bound.
        found = connection.execute(newest_first.limit(COUNT_CAP + 1)).scalars().all()
        total = len(found)
        # The window starts at the window-th newest candidate, or at the oldest one when there are
        # fewer: the rank query then scans only the rowids the candidates span.
        boundary = found[min(total, RANK_WINDOW) - 1] if found else None
    else:
        counted = select(func.count()).select_from(matches.limit(COUNT_CAP + 1).subquery())
        total = int(connection.execute(counted).scalar_one())
        if total > RANK_WINDOW:
            boundary = connection.execute(newest_first.offset(RANK_WINDOW - 1).limit(1)).scalar_one()
    if sort == "newest":
        query = matches.order_by(M.c.published.desc(), FTS.c.rowid).limit(limit).offset(offset)
        ids = list(connection.execute(query).scalars())
    else:
        ids = _ranked(connection, source, conditions, boundary, limit, offset)
    return Page(ids, min(total, COUNT_CAP), limit, offset, capped=total > COUNT_CAP)


def _ranked(
    connection: Connection,
    source: Any,
    conditions: list[ColumnElement[bool]],
    boundary: int | None,
    limit: int,
    offset: int,
) -> list[int]:
    """Best match first among the newest `RANK_WINDOW` matches (from `boundary` on), then the older
    ones newest first: one order for every page."""
    ids: list[int] = []
    if boundary is None or offset < RANK_WINDOW:
        rank: ColumnElement[Any] = (literal_column("article_search.rank") + 0).label("rank_")
        window = [] if boundary is None else [FTS.c.rowid >= boundary]
        query = (
            select(FTS.c.rowid, rank)
            .select_from(source)
            .where(*conditions, *window)
            .order_by(literal_column("rank_"), FTS.c.rowid)
        )
        end = offset + limit if boundary is None else min(offset + limit, RANK_WINDOW)
        ids = [row[0] for row in connection.execute(query.limit(end - offset).offset(offset))]
    if boundary is not None and offset + limit > RANK_WINDOW:
        older = (
            select(FTS.c.rowid)
            .select_from(source)
            .where(*conditions, FTS.c.rowid < boundary)
            .order_by(FTS.c.rowid.desc())
        )
        skip = max(0, offset - RANK_WINDOW)
        ids += connection.execute(older.limit(limit - len(ids)).offset(skip)).scalars().all()
    return ids
