"""Followed sources in the store: each outlet's feeds and news sitemaps with their HTTP
validators (ETag, Last-Modified), the entry URLs already seen, and how the last round went for
each source.

The state a round leaves is written by `record_round` in one transaction, after the round's
articles are stored: a process killed before it leaves the validators and seen URLs as they
were, so the next round fetches and stores the same entries again (storing is idempotent).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update

from newsprism.store import schema
from newsprism.store.chunks import in_chunks

# SQLite allows 32766 bound parameters per statement; stay far below for any backend.

Insert = Callable[[Any], Any]  # the backend's insert-or-ignore for a table


@dataclass(slots=True, frozen=True)
class SourceSpec:
    """An outlet to follow: its name (the outlet its articles are stored under), feed URLs,
    groups (as `--groups` names them) and news sitemap URLs."""

    name: str
    feeds: tuple[str, ...]
    groups: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class FeedState:
    """A feed's URL, the validators its last full response carried ('' when none), and its
    kind: `feed` (RSS or Atom) or `sitemap` (a news sitemap)."""

    url: str
    etag: str = ""
    last_modified: str = ""
    kind: str = "feed"


@dataclass(slots=True, frozen=True)
class SourceStatus:
    """A followed source as stored: its feeds and how its last round went. Times are ISO UTC."""

    name: str
    groups: tuple[str, ...]
    feeds: tuple[FeedState, ...]
    last_fetch: str | None
    last_new: int
    last_errors: int
    last_error: str
    failures: int  # rounds in a row that ended with errors
    next_due: str
    children: tuple[FeedState, ...] = ()  # the news sitemaps its sitemap indexes listed (kind `child`)


@dataclass(slots=True, frozen=True)
class SourceRound:
    """What one round did for one source: the state to write once its articles are stored.
    `feeds` are the validators to keep (only of feeds read in full); `seen` (URL, article id)."""

    name: str
    fetched_at: str
    next_due: str
    new: int
    errors: tuple[str, ...]
    failures: int
    feeds: tuple[FeedState, ...] = ()
    seen: tuple[tuple[str, str], ...] = ()
    # When the source's feeds were all read in full: every URL they list now (marked as seen at
    # `listed_at`, the round's start), and the time before which a seen URL is forgotten.
    listed: tuple[str, ...] | None = None
    listed_at: str = ""
    keep_since: str = ""
    # Every sitemap index was read in full: the children not in `feeds` are no longer listed.
    drop_children: bool = False


def add_sources(connection: Connection, insert: Insert, specs: Sequence[SourceSpec], now: str) -> None:
    """Add sources, or for one already followed, its new feeds and its groups as given now."""
    for spec in specs:
        groups = json.dumps(list(spec.groups), ensure_ascii=False)
        found = connection.execute(
            select(schema.sources.c.name).where(schema.sources.c.name == spec.name)
        ).first()
        if found is None:
            row = {"name": spec.name, "groups": groups, "added_at": now, "next_due": now}
            connection.execute(schema.sources.insert(), [row])
        elif spec.groups:
            connection.execute(
                update(schema.sources).where(schema.sources.c.name == spec.name).values(groups=groups)
            )
        rows = [{"source": spec.name, "url": url, "kind": "feed"} for url in spec.feeds]
        rows += [{"source": spec.name, "url": url, "kind": "sitemap"} for url in spec.sitemaps]
        if rows:
            connection.execute(insert(schema.source_feeds), rows)


def remove_source(connection: Connection, name: str) -> bool:
    """Stop following a source (its stored articles stay); False when there was none."""
    connection.execute(delete(schema.source_feeds).where(schema.source_feeds.c.source == name))
    removed = connection.execute(delete(schema.sources).where(schema.sources.c.name == name))
    return bool(removed.rowcount)


def list_sources(connection: Connection) -> list[SourceStatus]:
    """Every followed source, by name."""
    feeds: dict[str, list[FeedState]] = {}
    query = select(schema.source_feeds).order_by(schema.source_feeds.c.source, schema.source_feeds.c.url)
    for row in connection.execute(query).mappings():
        feeds.setdefault(row["source"], []).append(
            FeedState(row["url"], row["etag"], row["last_modified"], row["kind"])
        )
    rows = connection.execute(select(schema.sources).order_by(schema.sources.c.name)).mappings()
    return [
        SourceStatus(
            name=row["name"],
            groups=tuple(json.loads(row["groups"])),
            feeds=tuple(f for f in feeds.get(row["name"], ()) if f.kind != "child"),
            children=tuple(f for f in feeds.get(row["name"], ()) if f.kind == "child"),
            last_fetch=row["last_fetch"],
            last_new=row["last_new"],
            last_errors=row["last_errors"],
            last_error=row["last_error"],
            failures=row["failures"],
            next_due=row["next_due"],
        )
        for row in rows
    ]


def seen_urls(connection: Connection, source: str, urls: Sequence[str]) -> set[str]:
    """Which of these (canonical) entry URLs this source's feeds listed in an earlier round."""
    found: set[str] = set()
    table = schema.seen_urls
    for chunk in in_chunks(urls):
        query = select(table.c.url).where(table.c.source == source, table.c.url.in_(chunk))
        found.update(connection.execute(query).scalars())
    return found


def record_round(connection: Connection, insert: Insert, outcome: SourceRound) -> None:
    """Write a source's round: its seen URLs, its feeds' validators and its status."""
    if outcome.seen:
        rows = [
            {"source": outcome.name, "url": url, "article_id": article_id, "seen_at": outcome.fetched_at}
            for url, article_id in outcome.seen
        ]
        connection.execute(insert(schema.seen_urls), rows)
    if outcome.listed is not None and outcome.keep_since:
        listed_at = outcome.listed_at or outcome.fetched_at
        _prune_seen(connection, outcome.name, outcome.listed, listed_at, outcome.keep_since)
    feeds = schema.source_feeds
    children = [feed for feed in outcome.feeds if feed.kind == "child"]
    if children:
        connection.execute(
            insert(feeds), [{"source": outcome.name, "url": f.url, "kind": "child"} for f in children]
        )
    if outcome.drop_children:
        kept = {feed.url for feed in children}
        query = select(feeds.c.url).where(feeds.c.source == outcome.name, feeds.c.kind == "child")
        gone = [url for url in connection.execute(query).scalars() if url not in kept]
        for chunk in in_chunks(gone):
            connection.execute(delete(feeds).where(feeds.c.source == outcome.name, feeds.c.url.in_(chunk)))
    for feed in outcome.feeds:
        connection.execute(
            update(feeds)
            .where(feeds.c.source == outcome.name, feeds.c.url == feed.url)
            .values(etag=feed.etag, last_modified=feed.last_modified)
        )
    connection.execute(
        update(schema.sources)
        .where(schema.sources.c.name == outcome.name)
        .values(
            last_fetch=outcome.fetched_at,
            last_new=outcome.new,
            last_errors=len(outcome.errors),
            last_error=outcome.errors[0] if outcome.errors else "",
            failures=outcome.failures,
            next_due=outcome.next_due,
        )
    )


def _prune_seen(
    connection: Connection, source: str, listed: Sequence[str], now: str, keep_since: str
) -> None:
    """Mark the URLs the feeds still list as seen `now`, then forget the source's URLs seen last
    before `keep_since`: a URL still listed is never forgotten (nor downloaded again)."""
    table = schema.seen_urls
    urls = sorted(listed)
    for chunk in in_chunks(urls):
        connection.execute(
            update(table).where(table.c.source == source, table.c.url.in_(chunk)).values(seen_at=now)
        )
    connection.execute(delete(table).where(table.c.source == source, table.c.seen_at < keep_since))
