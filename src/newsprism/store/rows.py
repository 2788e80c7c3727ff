"""Rows of the store's tables and back: an `Article` as a row of `articles`, a `Mention` as a row
of `entities`, a `Story` as a row of `stories`; the readers rebuild articles and mentions from rows.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from newsprism.model import Article, Origin, Story
from newsprism.store.base import Mention
from newsprism.text import name_key

__all__ = ["article_from_row", "article_row", "mention_from_row", "mention_row", "story_row"]


def story_row(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "kind": story.kind,
        "title": story.title,
        "first_date": story.first,
        "last_date": story.last,
        "category": story.category,
        "parent": story.parent,
        "size": len(story.article_ids),
        "data": json.dumps(story.to_dict(), ensure_ascii=False),
    }


def mention_from_row(row: Row[Any]) -> Mention:
    return Mention(**{name: row._mapping[name] for name in Mention.__dataclass_fields__})


def mention_row(mention: Mention) -> dict[str, Any]:
    return {
        "canonical_key": name_key(mention.canonical),
        "article_id": mention.article_id,
        "start": mention.start,
        "stop": mention.stop,
        "type": mention.type,
        "normal": mention.normal,
        "canonical": mention.canonical,
        "kind": mention.kind,
        "link_rule": mention.link_rule,
        "sentiment": mention.sentiment,
        "quoted": mention.quoted,
    }


def article_row(article: Article, now: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "url": article.url,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "origin_file": article.origin.file if article.origin else None,
        "origin_line": article.origin.line if article.origin else None,
        "added_at": now,
    }


def article_from_row(row: Any) -> Article:
    return Article(
        title=row.title,
        lead=row.lead,
        body=row.body,
        url=row.url,
        outlet=row.outlet,
        published=datetime.fromisoformat(row.published) if row.published else None,
        language=row.language,
        origin=Origin(row.origin_file, row.origin_line) if row.origin_file else None,
    )
