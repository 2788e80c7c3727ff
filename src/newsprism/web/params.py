"""Query parameters shared by pages and the API: filters and pagination, validated by FastAPI."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from newsprism.store import Filters

DAY = r"^(\d{4}-\d{2}-\d{2})?$"
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
MAX_QUERY = 500  # characters of a search, on the page and in the API alike

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=300)]
SearchQuery = Annotated[str, Query(max_length=MAX_QUERY, description="Words; each matches any of its forms.")]
Day = Annotated[str | None, Query(pattern=DAY, description="An ISO day, YYYY-MM-DD (inclusive).")]
Kind = Annotated[Literal["event", "storyline", ""] | None, Query(description="Only events or storylines.")]
StorySortParam = Annotated[Literal["biggest", "newest"], Query(description="Biggest or newest first.")]
SearchSortParam = Annotated[Literal["relevance", "newest"], Query(description="Best match or newest first.")]


def filters(
    outlet: Text = None,
    category: Text = None,
    entity: Text = None,
    since: Day = None,
    until: Day = None,
    kind: Kind = None,
) -> Filters:
    """Filters from query parameters; empty values (as an HTML form sends them) mean no filter."""
    return Filters(
        outlet=outlet or None,
        category=category or None,
        entity=entity or None,
        since=since or None,
        until=until or None,
        kind=kind or None,
    )
