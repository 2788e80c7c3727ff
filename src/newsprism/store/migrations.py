"""Recorded schema migrations. Each runs once, in a transaction, and is recorded in
`schema_migrations`. Never edit a migration that has shipped: add a new one.

The DDL is plain SQL that SQLite and PostgreSQL both accept, so both backends share it and number
their schemas alike. A change that only one backend can express (SQLite's FTS5 tables against
PostgreSQL's tsvector columns and GIN indexes, for search) goes in `dialects`: statements run after
the shared ones on that backend only, under the same version number.

On PostgreSQL, several processes may open a new store at once (a web app and an analysis): each
migration takes a transaction-scoped advisory lock and checks again that it is still to do. On
SQLite each migration starts with BEGIN IMMEDIATE: Python's sqlite3 module opens a transaction only
before INSERT, UPDATE or DELETE, so a CREATE or ALTER before the first of them would be committed
on its own, and a process killed mid-migration would leave half a schema behind. BEGIN IMMEDIATE
makes every statement of the migration part of one transaction, and takes the write lock at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, text

from newsprism.store.base import StoreVersionError
from newsprism.store.search import (
    SEARCH_DATES,
    SEARCH_FACETS,
    backfill_search,
    create_search_index,
)
from newsprism.text import name_key


@dataclass(slots=True, frozen=True)
class Migration:
    """Plain SQL statements (shared, then the backend's own), then an optional Python step (for
    what needs the stored data, such as a backfill), all in one transaction."""

    version: int
    name: str
    statements: tuple[str, ...]
    dialects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    run: Callable[[Connection], None] | None = None

    def for_dialect(self, dialect: str) -> tuple[str, ...]:
        return self.statements + tuple(self.dialects.get(dialect, ()))


_SEARCH_DOCS = """CREATE TABLE search_docs (
    {id},
    article_id TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
    lemmas TEXT NOT NULL,
    spans TEXT NOT NULL
)"""


def _search_index(connection: Connection) -> None:
    create_search_index(connection)
    backfill_search(connection)
    stories = connection.execute(text("SELECT id, data FROM stories")).all()
    links = [{"s": i, "o": o} for i, data in stories for o in set(json.loads(data).get("outlets", []))]
    if links:
        connection.execute(text("INSERT INTO story_outlets (story_id, outlet) VALUES (:s, :o)"), links)
    # SQLite's lower() folds ASCII only, so «путин» would never find «Путин»: keys are folded here.
    canonicals = connection.execute(text("SELECT DISTINCT canonical FROM entities")).scalars().all()
    if canonicals:
        connection.execute(
            text("UPDATE entities SET canonical_key = :key WHERE canonical = :canonical"),
            [{"key": name_key(c), "canonical": c} for c in canonicals],
        )


def _quoted_mentions(connection: Connection) -> None:
    """Mark the stored mentions that stand inside a direct quotation of their stored analysis
    (`newsprism.tone.direct_quotes`)."""
    rows = connection.execute(text("SELECT article_id, doc FROM analyses")).all()
    for article_id, doc in rows:
        layer = json.loads(doc).get("layers", {}).get("quotes") or {"fields": [], "rows": []}
        fields = layer["fields"]
        if not {"start", "stop", "kind"} <= set(fields):
            continue
        first, last, kind = fields.index("start"), fields.index("stop"), fields.index("kind")
        direct = [row for row in layer["rows"] if row[kind] == "direct"]
        for start, stop in ((int(row[first]), int(row[last])) for row in direct):
            connection.execute(
                text(
                    "UPDATE entities SET quoted = 1 WHERE article_id = :article "
                    "AND start >= :start AND stop <= :stop"
                ),
                {"article": article_id, "start": start, "stop": stop},
            )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, analyses and entities",
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                lead TEXT NOT NULL,
                body TEXT NOT NULL,
                url TEXT,
                outlet TEXT,
                published TEXT,
                language TEXT NOT NULL,
                origin_file TEXT,
                origin_line INTEGER,
                added_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_outlet ON articles (outlet)",
            "CREATE INDEX articles_published ON articles (published)",
            """CREATE TABLE analyses (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                pipeline_version TEXT NOT NULL,
                doc TEXT NOT NULL,
                analysed_at TEXT NOT NULL
            )""",
            """CREATE TABLE entities (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                stop INTEGER NOT NULL,
                type TEXT NOT NULL,
                normal TEXT NOT NULL,
                PRIMARY KEY (article_id, start, stop, type)
            )""",
            "CREATE INDEX entities_normal ON entities (normal)",
        ),
    ),
    Migration(
        2,
        "entity links, mention kinds and sentiment; article categories",
        (
            "ALTER TABLE entities ADD COLUMN canonical TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE entities ADD COLUMN kind TEXT NOT NULL DEFAULT 'name'",
            "ALTER TABLE entities ADD COLUMN link_rule TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE entities ADD COLUMN sentiment INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX entities_canonical ON entities (canonical)",
            "ALTER TABLE analyses ADD COLUMN category TEXT NOT NULL DEFAULT ''",
        ),
    ),
    Migration(
        3,
        "stories: events and storylines, and the article views clustering reads",
        (
            """CREATE TABLE story_views (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                view TEXT NOT NULL
            )""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                first_date TEXT NOT NULL,
                last_date TEXT NOT NULL,
                category TEXT NOT NULL,
                parent TEXT NOT NULL,
                size INTEGER NOT NULL,
                data TEXT NOT NULL
            )""",
            "CREATE INDEX stories_kind_last ON stories (kind, last_date)",
            """CREATE TABLE story_articles (
                story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                PRIMARY KEY (story_id, article_id)
            )""",
            "CREATE INDEX story_articles_article ON story_articles (article_id)",
        ),
    ),
    Migration(
        4,
        "full-text search over lemmas; a write generation; indexes for the web app's filters",
        (
            "CREATE TABLE store_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            """CREATE TABLE story_outlets (
                story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
                outlet TEXT NOT NULL,
                PRIMARY KEY (outlet, story_id)
            )""",
            "INSERT INTO store_state (key, value) VALUES ('generation', 1)",
            "ALTER TABLE entities ADD COLUMN canonical_key TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX entities_canonical_key ON entities (canonical_key)",
            "CREATE INDEX analyses_category ON analyses (category)",
            # Covering indexes: filters and joins never read article bodies or stored docs.
            "CREATE INDEX articles_id_published_outlet ON articles (id, published, outlet)",
            "CREATE INDEX articles_outlet_id ON articles (outlet, id)",
            "CREATE INDEX analyses_article_category ON analyses (article_id, category)",
            "CREATE INDEX stories_size_last ON stories (size, last_date)",
            "CREATE INDEX stories_last ON stories (last_date)",
        ),
        dialects={
            # the FTS5 index (SQLite) refers to search_docs rows by an integer rowid
            "sqlite": (_SEARCH_DOCS.format(id="id INTEGER PRIMARY KEY"),),
            "postgresql": (_SEARCH_DOCS.format(id="id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),),
        },
        run=_search_index,
    ),
    Migration(
        5,
        "full-text search on PostgreSQL: a tsvector of the lemmas in the Russian configuration",
        (),
        dialects={
            "postgresql": (
                "ALTER TABLE search_docs ADD COLUMN tsv tsvector "
                "GENERATED ALWAYS AS (to_tsvector('russian', lemmas)) STORED",
                "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
            ),
        },
    ),
    Migration(
        6,
        "precomputed story comparisons; article facets beside the SQLite search index",
        (
            # No foreign key to stories: `replace_stories` rewrites every story, and a comparison
            # whose story did not change must survive it. Its signature says which story it is of.
            """CREATE TABLE story_comparisons (
                story_id TEXT PRIMARY KEY,
                signature TEXT NOT NULL,
                data TEXT NOT NULL,
                computed_at TEXT NOT NULL
            )""",
        ),
        dialects={"sqlite": SEARCH_FACETS},
    ),
    Migration(
        7,
        "month and year terms in the SQLite search index, for date filters",
        (),
        dialects={"sqlite": SEARCH_DATES},
    ),
    Migration(
        8,
        "publications: every outlet, URL and date a text was published under",
        (
            # The article row keeps the representative publication (`Publication.order`); an
            # unknown outlet or URL is '' here so that the key can hold it.
            """CREATE TABLE publications (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                outlet TEXT NOT NULL,
                url TEXT NOT NULL,
                published TEXT,
                origin_file TEXT,
                origin_line INTEGER,
                added_at TEXT NOT NULL,
                PRIMARY KEY (article_id, outlet, url)
            )""",
            "CREATE INDEX publications_outlet ON publications (outlet, article_id)",
            """INSERT INTO publications
                    (article_id, outlet, url, published, origin_file, origin_line, added_at)
                SELECT id, coalesce(outlet, ''), coalesce(url, ''), published, origin_file, origin_line,
                    added_at
                FROM articles""",
        ),
    ),
    Migration(
        9,
        "entity mentions inside direct quotations, whose sentiment is the speaker's view",
        ("ALTER TABLE entities ADD COLUMN quoted INTEGER NOT NULL DEFAULT 0",),
        run=_quoted_mentions,
    ),
    Migration(
        10,
        "followed sources: their feeds and news sitemaps with validators, the entry URLs seen, each "
        "source's last round",
        (
            """CREATE TABLE sources (
                name TEXT PRIMARY KEY,
                groups TEXT NOT NULL,
                added_at TEXT NOT NULL,
                last_fetch TEXT,
                last_new INTEGER NOT NULL DEFAULT 0,
                last_errors INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                failures INTEGER NOT NULL DEFAULT 0,
                next_due TEXT NOT NULL
            )""",
            """CREATE TABLE source_feeds (
                source TEXT NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
                url TEXT NOT NULL,
                etag TEXT NOT NULL DEFAULT '',
                last_modified TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT 'feed',
                PRIMARY KEY (source, url)
            )""",
            # No foreign key: what a source's feeds listed stays seen if it is removed and added again.
            """CREATE TABLE seen_urls (
                source TEXT NOT NULL,
                url TEXT NOT NULL,
                article_id TEXT NOT NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (source, url)
            )""",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version

_CREATE_LOG = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied_versions(connection: Connection) -> set[int]:
    connection.execute(text(_CREATE_LOG))
    return {row[0] for row in connection.execute(text("SELECT version FROM schema_migrations"))}


# Any constant shared by every newsprism process: the key of the advisory lock on PostgreSQL.
_LOCK_KEY = 0x6E657773  # "news"


def _lock(connection: Connection, *, write: bool = False) -> None:
    """Serialise migrations across processes; for `write`, make SQLite's DDL transactional too."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif connection.dialect.name == "sqlite" and write:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine, url: str) -> list[Migration]:
    """Apply the migrations the store lacks, each in its own transaction; return those applied."""
    with engine.begin() as connection:
        _lock(connection)
        done = applied_versions(connection)
    if done and max(done) > LATEST:
        raise StoreVersionError(
            f"{url} has schema version {max(done)}, newer than this newsprism knows ({LATEST}); "
            "upgrade newsprism to open it"
        )
    applied = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        with engine.begin() as connection:
            _lock(connection, write=True)
            if migration.version in applied_versions(connection):
                continue  # another process applied it meanwhile
            for statement in migration.for_dialect(connection.dialect.name):
                connection.execute(text(statement))
            if migration.run is not None:
                migration.run(connection)
            connection.execute(
                text("INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)"),
                {"v": migration.version, "n": migration.name, "t": datetime.now(UTC).isoformat()},
            )
        applied.append(migration)
    return applied
