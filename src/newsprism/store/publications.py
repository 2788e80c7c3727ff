"""Publications: the outlets, URLs and dates under which a stored text appeared.

An article is one text (its id is a hash of the content); two outlets that publish the same text
give one article with two rows in `publications`, keyed by article, outlet and URL, so a second
ingest of the same publication adds nothing. The article row keeps the representative
publication, the first by `Publication.order` (earliest known date, then outlet and URL), so what
it holds does not depend on the order or the batches the publications came in. `save` calls
`write` in its transaction; the queries here take an open connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, select, update

from newsprism.model import Origin, Publication
from newsprism.store import schema
from newsprism.store.chunks import in_chunks

P, A = schema.publications, schema.articles


@dataclass(slots=True, frozen=True)
class Written:
    """What `plan` found: the publications to insert, how many of them are further publications
    of a text (stored before or in this batch), the representative of every text of the batch, and
    the stored texts whose representative changes."""

    fresh: tuple[Publication, ...]
    reprints: int
    representative: dict[str, Publication]
    changed: tuple[str, ...]


def row(publication: Publication, now: str) -> dict[str, Any]:
    origin = publication.origin
    return {
        "article_id": publication.article_id,
        "outlet": publication.outlet or "",
        "url": publication.url or "",
        "published": publication.published.isoformat() if publication.published else None,
        "origin_file": origin.file if origin else None,
        "origin_line": origin.line if origin else None,
        "added_at": now,
    }


def from_row(found: Any, prefix: str = "") -> Publication:
    """The publication in a row of `publications`, or in its columns selected with a prefix."""
    get = found._mapping
    published, origin_file = get[f"{prefix}published"], get[f"{prefix}origin_file"]
    return Publication(
        article_id=get[f"{prefix}article_id"],
        outlet=get[f"{prefix}outlet"] or None,
        url=get[f"{prefix}url"] or None,
        published=datetime.fromisoformat(published) if published else None,
        origin=Origin(origin_file, get[f"{prefix}origin_line"]) if origin_file else None,
    )


def by_outlet(query: Select[Any], outlet: str | Sequence[str]) -> Select[Any]:
    """A query of articles narrowed to one outlet's publications (or any of several outlets'),
    with their columns as `p_*`."""
    outlets = [outlet] if isinstance(outlet, str) else list(outlet)
    return (
        query.add_columns(*(column.label(f"p_{column.name}") for column in P.c))
        .join(P, P.c.article_id == A.c.id)
        .where(P.c.outlet.in_(outlets))
    )


def of_articles(connection: Connection, ids: Sequence[str]) -> dict[str, list[Publication]]:
    """The publications of these articles, each list in `Publication.order`."""
    found: dict[str, list[Publication]] = {}
    for chunk in in_chunks(list(dict.fromkeys(ids))):
        for item in connection.execute(select(P).where(P.c.article_id.in_(chunk))):
            found.setdefault(item.article_id, []).append(from_row(item))
    for items in found.values():
        items.sort(key=lambda p: p.order)
    return found


def plan(connection: Connection, batch: Sequence[Publication], stored: set[str]) -> Written:
    """Which publications of a batch are not stored yet (the first of each key in the batch
    wins) and what the article rows should hold; `stored` are the texts stored before."""
    before = of_articles(connection, [p.article_id for p in batch if p.article_id in stored])
    known = {p.key for items in before.values() for p in items}
    fresh: dict[tuple[str, str, str], Publication] = {}
    for publication in batch:
        if publication.key not in known:
            fresh.setdefault(publication.key, publication)
    every: dict[str, list[Publication]] = {key: list(items) for key, items in before.items()}
    for publication in fresh.values():
        every.setdefault(publication.article_id, []).append(publication)
    representative = {key: min(items, key=lambda p: p.order) for key, items in every.items()}
    changed = tuple(key for key, items in before.items() if items and representative[key] != items[0])
    return Written(
        fresh=tuple(fresh.values()),
        reprints=sum(1 for p in fresh.values() if p.article_id in stored)
        + sum(len(items) - 1 for key, items in every.items() if key not in stored),
        representative=representative,
        changed=changed,
    )


def insert_new(
    connection: Connection, insert: Callable[[Any], Any], batch: Sequence[Publication], now: str
) -> None:
    """Insert these publications, those already stored (same article, outlet and URL) left as they are."""
    if batch:
        connection.execute(insert(P), [row(p, now) for p in batch])


def represent(connection: Connection, changed: Sequence[str], representative: dict[str, Publication]) -> None:
    """Point the article rows of `changed` texts at their new representative publication."""
    for article_id in changed:
        publication = representative[article_id]
        values = row(publication, "")
        connection.execute(
            update(A)
            .where(A.c.id == article_id)
            .values(
                outlet=publication.outlet,
                url=publication.url,
                published=values["published"],
                origin_file=values["origin_file"],
                origin_line=values["origin_line"],
            )
        )


def patch_views(connection: Connection, ids: Sequence[str], representative: dict[str, Publication]) -> None:
    """A story view carries its article's representative outlet and date (`outlet`, `published`),
    so stories see the same view whichever publication the text was analysed under."""
    table = schema.story_views
    for chunk in in_chunks(list(ids)):
        found = connection.execute(select(table).where(table.c.article_id.in_(chunk))).all()
        for item in found:
            view = json.loads(item.view)
            publication = representative.get(item.article_id)
            if publication is None:
                continue
            published = publication.published.isoformat() if publication.published else None
            wanted = {"outlet": publication.outlet, "published": published}
            wanted = {key: value for key, value in wanted.items() if key in view and view[key] != value}
            if not wanted:
                continue
            view.update(wanted)
            connection.execute(
                update(table)
                .where(table.c.article_id == item.article_id)
                .values(view=json.dumps(view, ensure_ascii=False))
            )


def reindex(connection: Connection, ids: Sequence[str]) -> None:
    """SQLite: write the search rows of these articles again, so that the triggers give
    `search_facets` and the index's date terms their new outlet and date."""
    table = schema.search_docs
    for chunk in in_chunks(list(ids)):
        found = connection.execute(
            select(table.c.article_id, table.c.lemmas, table.c.spans).where(table.c.article_id.in_(chunk))
        ).all()
        if found:
            connection.execute(delete(table).where(table.c.article_id.in_(chunk)))
            connection.execute(table.insert(), [dict(item._mapping) for item in found])
