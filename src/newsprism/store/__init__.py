"""Storage behind one interface, `Store`; `open_store` picks the backend from the location:
a file path or `sqlite:` URL (SQLite, the default) or a `postgresql://` URL (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

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
    Store,
    StoreError,
    StoreVersionError,
    encode,
)
from newsprism.store.postgres import is_postgres, postgres_engine
from newsprism.store.sql import SqlStore
from newsprism.store.sqlite import DEFAULT_DB, sqlite_engine

__all__ = [
    "DEFAULT_DB",
    "ArticleMention",
    "Encoded",
    "EntityCount",
    "Facets",
    "Filters",
    "Mention",
    "MentionStat",
    "Page",
    "Saved",
    "SearchHit",
    "SqlStore",
    "Store",
    "StoreError",
    "StoreVersionError",
    "encode",
    "is_postgres",
    "open_store",
    "postgres_engine",
    "sqlite_engine",
]


def open_store(location: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path or a database URL.

    A database that is neither empty nor a newsprism store is refused, unchanged (`StoreError`).
    With `read_only`, only an existing store at the latest schema opens, and nothing is written to
    it: the reading commands and the web app without ingest open it so."""
    location = str(location)
    if is_postgres(location):
        return SqlStore(*postgres_engine(location, read_only=read_only), read_only=read_only)
    if "://" not in location or location.startswith("sqlite"):
        return SqlStore(*sqlite_engine(location, read_only=read_only), read_only=read_only)
    scheme = location.partition("://")[0]
    raise StoreError(
        f"unsupported store {scheme}://...: give a SQLite file path, a sqlite:/// URL "
        "or a postgresql://user:password@host/dbname URL"
    )
