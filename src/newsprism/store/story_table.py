"""The stored stories (`stories`, with their articles in `story_articles` and outlets in
`story_outlets`): replace them all, read them by kind, by id or by article. Each function takes an
open connection; `SqlStore` calls them inside its own transactions."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, select

from newsprism.model import Story
from newsprism.store import schema
from newsprism.store.rows import story_row

__all__ = ["replace_stories", "stories", "stories_of", "story"]

Ordered = Callable[[ColumnElement[Any]], ColumnElement[Any]]


def replace_stories(connection: Connection, stories: Sequence[Story]) -> None:
    """Delete every stored story and store `stories` in their place."""
    connection.execute(delete(schema.story_articles))
    connection.execute(delete(schema.story_outlets))
    connection.execute(delete(schema.stories))
    if not stories:
        return
    connection.execute(schema.stories.insert(), [story_row(story) for story in stories])
    links = [{"story_id": s.id, "article_id": a} for s in stories for a in dict.fromkeys(s.article_ids)]
    if links:
        connection.execute(schema.story_articles.insert(), links)
    outlets = [{"story_id": s.id, "outlet": o} for s in stories for o in dict.fromkeys(s.outlets)]
    if outlets:
        connection.execute(schema.story_outlets.insert(), outlets)


def stories(
    connection: Connection, ordered: Ordered, kind: str | None, limit: int | None, offset: int
) -> list[Story]:
    """The biggest first, then the latest; `ordered` makes text compare byte by byte."""
    table = schema.stories
    query = select(table.c.data).order_by(
        table.c.size.desc(), ordered(table.c.last_date).desc(), ordered(table.c.id)
    )
    if kind is not None:
        query = query.where(table.c.kind == kind)
    rows = connection.execute(query.limit(limit).offset(offset)).all()
    return [Story.from_dict(json.loads(row.data)) for row in rows]


def story(connection: Connection, story_id: str) -> Story | None:
    query = select(schema.stories.c.data).where(schema.stories.c.id == story_id)
    row = connection.execute(query).first()
    return Story.from_dict(json.loads(row.data)) if row else None


def stories_of(connection: Connection, article_id: str) -> list[Story]:
    query = (
        select(schema.stories.c.data)
        .join(schema.story_articles, schema.story_articles.c.story_id == schema.stories.c.id)
        .where(schema.story_articles.c.article_id == article_id)
        .order_by(schema.stories.c.kind, schema.stories.c.id)
    )
    return [Story.from_dict(json.loads(row.data)) for row in connection.execute(query)]
