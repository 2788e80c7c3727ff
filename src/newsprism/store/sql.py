"""The `Store` on a SQL database through SQLAlchemy Core: SQLite (WAL) or PostgreSQL (psycopg 3).

The queries are the same on both; what differs is kept here in `_insert` (the upsert dialect) and
`_ordered` (byte order for text, which PostgreSQL would otherwise sort by its locale). Full-text
search, when it comes, differs most (FTS5 against tsvector): a migration with per-backend statements
(`Migration.dialects`) and one query method here that branches on `self.dialect`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, delete, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DatabaseError, OperationalError

from newsprism.model import Article, Doc, Publication, Story
from newsprism.store import browse, following, publications, schema, story_table
from newsprism.store import comparisons as stored_comparisons
from newsprism.store.base import (
    ArticleMention,
    Encoded,
    EntityCount,
    Facets,
    Filters,
    Mention,
    MentionStat,
    Page,
    Saved,
    SearchHit,
    SearchSort,
    StoreError,
    StorySort,
    encode,
)
from newsprism.store.chunks import in_chunks
from newsprism.store.following import SourceRound, SourceSpec, SourceStatus
from newsprism.store.migrations import LATEST, migrate
from newsprism.store.ownership import check_store
from newsprism.store.postgres import check_database
from newsprism.store.problems import store_problem
from newsprism.store.rows import article_from_row, article_row, mention_from_row, mention_row
from newsprism.store.sqlite import use_wal
from newsprism.text import name_key


class SqlStore:
    """Articles, analyses and entities in SQL tables; every `save` is one transaction."""

    def __init__(self, engine: Engine, url: str, *, read_only: bool = False) -> None:
        """Open the store: for writing, create or migrate it (in an empty database or a newsprism
        store only); with `read_only`, only check that it is a store at the latest schema."""
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name
        try:
            with engine.connect() as connection:
                if self.dialect == "postgresql":
                    check_database(connection, url)
                check_store(connection, url, read_only=read_only, latest=LATEST)
                if not read_only:
                    use_wal(connection)
            if not read_only:
                migrate(engine, url)
        except StoreError:
            engine.dispose()
            raise
        except (DatabaseError, OperationalError) as error:
            engine.dispose()
            raise StoreError(f"cannot open {store_problem(url, error.orig or error)}") from error
        except (TypeError, ValueError) as error:  # a schema_migrations table of another program
            engine.dispose()
            raise StoreError(
                f"cannot open the store {url}: it is not a newsprism store (its schema_migrations table "
                "holds something other than version numbers); give a newsprism store, or a new file name"
            ) from error
        event.listen(engine, "handle_error", self._store_error)

    def _store_error(self, context: ExceptionContext) -> None:
        """A failure of the database itself (a full disk, a read-only or damaged file, a lost
        connection) becomes a `StoreError` that names the store and says what to do; errors of a
        statement (a constraint, bad SQL) stay as they are. The transaction is rolled back first."""
        error = context.sqlalchemy_exception
        if context.is_pre_ping:
            return  # a stale pooled connection: the pool replaces it, nothing to tell the user
        if isinstance(error, OperationalError) or type(error) is DatabaseError:
            raise StoreError(store_problem(self.url, context.original_exception)) from error

    def _insert(self, table: Any) -> Any:
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(table).on_conflict_do_nothing()

    def _ordered(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        # SQLite compares text byte by byte; PostgreSQL by the database's locale unless told.
        return column.collate("C") if self.dialect == "postgresql" else column

    def save(
        self,
        batch: Sequence[tuple[Article, Doc | Encoded | None]],
        pipeline_version: str = "",
        views: Mapping[str, dict[str, Any]] | None = None,
    ) -> Saved:
        if not batch:
            return Saved((), ())
        now = datetime.now(UTC).isoformat()
        # One row per text (the first of its articles in the batch, and the first analysis given);
        # every article of the batch is a publication of its text.
        texts: dict[str, Article] = {}
        given: dict[str, Doc | Encoded] = {}
        for article, analysis in batch:
            texts.setdefault(article.id, article)
            if analysis is not None:
                given.setdefault(article.id, analysis)
        ids = list(texts)
        with self.engine.begin() as connection:
            before = self._existing(connection, ids)
            plan = publications.plan(connection, [Publication.of(a) for a, _ in batch], before)
            rows = [
                article_row(plan.representative[i].on(article), now)
                for i, article in texts.items()
                if i not in before
            ]
            if rows:
                connection.execute(self._insert(schema.articles), rows)
            publications.insert_new(connection, self._insert, plan.fresh, now)
            publications.represent(connection, plan.changed, plan.representative)
            docs = [doc if isinstance(doc, Encoded) else encode(doc) for doc in given.values()]
            if docs:
                analysed = [doc.article_id for doc in docs]
                for chunk in in_chunks(analysed):
                    connection.execute(delete(schema.entities).where(schema.entities.c.article_id.in_(chunk)))
                    connection.execute(delete(schema.analyses).where(schema.analyses.c.article_id.in_(chunk)))
                    connection.execute(
                        delete(schema.search_docs).where(schema.search_docs.c.article_id.in_(chunk))
                    )
                connection.execute(
                    schema.analyses.insert(),
                    [
                        {
                            "article_id": doc.article_id,
                            "pipeline_version": pipeline_version,
                            "doc": doc.doc,
                            "analysed_at": now,
                            "category": doc.category,
                        }
                        for doc in docs
                    ],
                )
                entity_rows = [mention_row(mention) for doc in docs for mention in doc.mentions]
                if entity_rows:
                    connection.execute(self._insert(schema.entities), entity_rows)
                connection.execute(schema.search_docs.insert(), [dict(doc.search) for doc in docs])
                stored_comparisons.drop_comparisons_of(connection, analysed)
            if views:
                view_ids = list(views)
                for chunk in in_chunks(view_ids):
                    connection.execute(
                        delete(schema.story_views).where(schema.story_views.c.article_id.in_(chunk))
                    )
                connection.execute(
                    schema.story_views.insert(),
                    [
                        {"article_id": key, "view": json.dumps(value, ensure_ascii=False)}
                        for key, value in views.items()
                    ],
                )
            publications.patch_views(
                connection, [i for i in ids if i in plan.changed or i in (views or {})], plan.representative
            )
            analysed_now = {doc.article_id for doc in docs}
            if self.dialect == "sqlite":
                publications.reindex(connection, [i for i in plan.changed if i not in analysed_now])
            # A new publication of a stored text changes the outlets of its stories' comparisons.
            reprinted = {p.article_id for p in plan.fresh if p.article_id in before}
            stored_comparisons.drop_comparisons_of(connection, list(reprinted))
            _bump(connection)
        return Saved(
            new=tuple(i for i in ids if i not in before),
            analysed=tuple(doc.article_id for doc in docs),
            reprints=plan.reprints,
        )

    def add_sources(self, specs: Sequence[SourceSpec]) -> None:
        with self.engine.begin() as connection:
            following.add_sources(connection, self._insert, specs, datetime.now(UTC).isoformat())
            _bump(connection)  # a source's groups show in the web app's pages

    def remove_source(self, name: str) -> bool:
        with self.engine.begin() as connection:
            _bump(connection)
            return following.remove_source(connection, name)

    def sources(self) -> list[SourceStatus]:
        with self.engine.connect() as connection:
            return following.list_sources(connection)

    def seen_urls(self, source: str, urls: Sequence[str]) -> set[str]:
        with self.engine.connect() as connection:
            return following.seen_urls(connection, source, urls)

    def record_round(self, outcome: SourceRound) -> None:
        with self.engine.begin() as connection:
            following.record_round(connection, self._insert, outcome)

    def publications(self, ids: Sequence[str]) -> dict[str, list[Publication]]:
        with self.engine.connect() as connection:
            return publications.of_articles(connection, ids)

    def _by_addition(self) -> tuple[ColumnElement[Any], ...]:
        return self._ordered(schema.articles.c.added_at), self._ordered(schema.articles.c.id)

    @staticmethod
    def _existing(connection: Any, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in in_chunks(ids):
            query = select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))
            found.update(row[0] for row in connection.execute(query))
        return found

    def existing(self, ids: Sequence[str]) -> set[str]:
        with self.engine.connect() as connection:
            return self._existing(connection, ids)

    def analysed(self, ids: Sequence[str], pipeline_version: str) -> set[str]:
        found: set[str] = set()
        table = schema.analyses
        with self.engine.connect() as connection:
            for chunk in in_chunks(ids):
                query = select(table.c.article_id).where(
                    table.c.article_id.in_(chunk), table.c.pipeline_version == pipeline_version
                )
                found.update(row[0] for row in connection.execute(query))
        return found

    def article(self, article_id: str) -> Article | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(schema.articles).where(schema.articles.c.id == article_id)
            ).first()
        return article_from_row(row) if row else None

    def articles(
        self, *, outlet: str | Sequence[str] | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        query = select(schema.articles).order_by(*self._by_addition())
        if outlet is not None:  # each of the outlet's publications, as the outlet published it
            query = publications.by_outlet(query, outlet)
        query = query.limit(limit).offset(offset)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            article = article_from_row(row)
            yield publications.from_row(row, prefix="p_").on(article) if outlet is not None else article

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(schema.articles)).scalar_one())

    def doc(self, article_id: str) -> Doc | None:
        query = (
            select(schema.analyses.c.doc, schema.articles)
            .join(schema.articles, schema.articles.c.id == schema.analyses.c.article_id)
            .where(schema.analyses.c.article_id == article_id)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return Doc.from_dict(json.loads(row.doc), text=article_from_row(row).text)

    def mentions(self, *, type: str | None = None, canonical: str | None = None) -> Iterator[Mention]:
        table = schema.entities
        query = select(table).order_by(self._ordered(table.c.article_id), table.c.start)
        if type is not None:
            query = query.where(table.c.type == type)
        if canonical is not None:
            query = query.where(table.c.canonical_key == name_key(canonical))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            yield mention_from_row(row)

    def views(self) -> Iterator[tuple[str, dict[str, Any]]]:
        query = (
            select(schema.story_views.c.article_id, schema.story_views.c.view)
            .join(schema.articles, schema.articles.c.id == schema.story_views.c.article_id)
            .order_by(*self._by_addition())
        )
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield row.article_id, json.loads(row.view)

    def replace_stories(self, stories: Sequence[Story]) -> None:
        with self.engine.begin() as connection:
            _bump(connection)
            story_table.replace_stories(connection, stories)

    def stories(self, *, kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[Story]:
        with self.engine.connect() as connection:
            return story_table.stories(connection, self._ordered, kind, limit, offset)

    def story(self, story_id: str) -> Story | None:
        with self.engine.connect() as connection:
            return story_table.story(connection, story_id)

    def generation(self) -> int:
        query = select(schema.store_state.c.value).where(schema.store_state.c.key == "generation")
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def find_stories(
        self, filters: Filters, *, sort: StorySort = "biggest", limit: int = 20, offset: int = 0
    ) -> Page[Story]:
        with self.engine.connect() as connection:
            return browse.find_stories(connection, filters, sort, limit, offset)

    def search(
        self,
        words: Sequence[Sequence[str]],
        filters: Filters,
        *,
        sort: SearchSort = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> Page[SearchHit]:
        with self.engine.connect() as connection:
            return browse.search(connection, words, filters, sort, limit, offset)

    def stories_of(self, article_id: str) -> list[Story]:
        with self.engine.connect() as connection:
            return story_table.stories_of(connection, article_id)

    def facets(self, outlet: str | None = None) -> Facets:
        with self.engine.connect() as connection:
            return browse.facets(connection, outlet)

    def entity_mentions(self, name: str, *, limit: int = 50, offset: int = 0) -> Page[ArticleMention]:
        with self.engine.connect() as connection:
            return browse.entity_mentions(connection, name, limit, offset)

    def entity_stats(self, name: str) -> list[MentionStat]:
        with self.engine.connect() as connection:
            return browse.entity_stats(connection, name)

    def top_entities(
        self, *, outlet: str | None = None, limit: int = 20, offset: int = 0
    ) -> Page[EntityCount]:
        with self.engine.connect() as connection:
            return browse.top_entities(connection, outlet, limit, offset)

    def entity_sentiment(self, names: Sequence[str]) -> list[tuple[str, MentionStat]]:
        with self.engine.connect() as connection:
            return browse.entity_sentiment(connection, names)

    def comparison(self, story_id: str, signature: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            return stored_comparisons.comparison(connection, story_id, signature)

    def comparison_signatures(self) -> dict[str, str]:
        with self.engine.connect() as connection:
            return stored_comparisons.signatures(connection)

    def save_comparisons(
        self, comparisons: Sequence[tuple[str, str, dict[str, Any]]], drop: Sequence[str] = ()
    ) -> None:
        # No generation bump: a stored comparison is what the live one would be, so cached pages
        # stay right.
        with self.engine.begin() as connection:
            stored_comparisons.save_comparisons(connection, comparisons, drop, datetime.now(UTC).isoformat())

    def articles_by_id(self, ids: Sequence[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        with self.engine.connect() as connection:
            for chunk in in_chunks(ids):
                query = select(schema.articles).where(schema.articles.c.id.in_(chunk))
                found.update((row.id, article_from_row(row)) for row in connection.execute(query))
        return found

    def close(self) -> None:
        self.engine.dispose()


def _bump(connection: Connection) -> None:
    """Advance the write generation, in the writing transaction."""
    state = schema.store_state
    connection.execute(update(state).where(state.c.key == "generation").values(value=state.c.value + 1))
