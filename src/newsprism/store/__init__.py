"""Storage behind one interface, `Store`; `open_store` picks the backend from the location."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event

from newsprism.store.base import (
    ArticleMention,
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
)
from newsprism.store.sql import SqlStore

__all__ = [
    "ArticleMention",
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
    "open_store",
]

DEFAULT_DB = "newsprism.db"


def _sqlite_pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    # WAL: readers never block the writer; NORMAL sync is durable at each commit in WAL mode.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_store(location: str | Path = DEFAULT_DB) -> Store:
    """Open (creating and migrating if needed) the store at a SQLite path or a database URL."""
    location = str(location)
    if "://" in location:
        if location.startswith("sqlite"):
            engine = create_engine(location)
            event.listen(engine, "connect", _sqlite_pragmas)
            return SqlStore(engine, location)
        raise StoreError(f"unsupported store {location!r}: give a SQLite file path (PostgreSQL comes later)")
    path = Path(location)
    if path.is_dir():
        raise StoreError(
            f"cannot open the store {path}: it is a directory; give a file path such as {DEFAULT_DB}"
        )
    if not path.parent.exists():
        raise StoreError(f"cannot open the store {path}: folder {path.parent} does not exist")
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    return SqlStore(engine, str(path))
