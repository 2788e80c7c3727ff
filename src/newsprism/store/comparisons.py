"""Stored story comparisons (`story_comparisons`): read one by its signature, list the signatures,
replace some, and drop those of the stories of re-analysed articles. Each function takes an open
connection; `SqlStore` calls them inside its own transactions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from newsprism.store import schema
from newsprism.store.chunks import in_chunks

__all__ = ["comparison", "drop_comparisons_of", "save_comparisons", "signatures"]


def comparison(connection: Connection, story_id: str, signature: str) -> dict[str, Any] | None:
    table = schema.story_comparisons
    query = select(table.c.data).where(table.c.story_id == story_id, table.c.signature == signature)
    data = connection.execute(query).scalar()
    return json.loads(data) if data is not None else None


def signatures(connection: Connection) -> dict[str, str]:
    table = schema.story_comparisons
    rows = connection.execute(select(table.c.story_id, table.c.signature))
    return {row.story_id: row.signature for row in rows}


def save_comparisons(
    connection: Connection,
    comparisons: Sequence[tuple[str, str, dict[str, Any]]],
    drop: Sequence[str],
    now: str,
) -> None:
    table = schema.story_comparisons
    ids = [*drop, *(story_id for story_id, _, _ in comparisons)]
    for chunk in in_chunks(ids):
        connection.execute(delete(table).where(table.c.story_id.in_(chunk)))
    if comparisons:
        connection.execute(
            table.insert(),
            [
                {
                    "story_id": story_id,
                    "signature": signature,
                    "data": json.dumps(data, ensure_ascii=False),
                    "computed_at": now,
                }
                for story_id, signature, data in comparisons
            ],
        )


def drop_comparisons_of(connection: Connection, article_ids: Sequence[str]) -> None:
    """A new analysis of an article makes the comparisons of its stories stale."""
    table, links = schema.story_comparisons, schema.story_articles
    for chunk in in_chunks(article_ids):
        stories = select(links.c.story_id).where(links.c.article_id.in_(chunk))
        connection.execute(delete(table).where(table.c.story_id.in_(stories)))
