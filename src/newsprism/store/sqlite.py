"""The SQLite engine of the store: a file path or a sqlite URL, WAL journal, foreign keys on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from newsprism.store.base import StoreError

DEFAULT_DB = "newsprism.db"
MMAP_SIZE = 16 * 1024**3


def _pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    # WAL: readers never block the writer; NORMAL sync is durable at each commit in WAL mode.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Reads through a memory map instead of a read() into a private 2 MB page cache per connection:
    # searches and the web app's pages touch the same hot pages (search index, facets) from every
    # connection, and the map shares the OS page cache. Address space only, not memory.
    cursor.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
    cursor.close()


def _check_writable(path: Path) -> None:
    # SQLite would only say "unable to open database file": a WAL store is written even to be read
    # (its -wal and -shm files beside it), so a read-only file or folder is named here.
    for where in (path, path.parent):
        if where.exists() and not os.access(where, os.W_OK):
            what = "folder" if where.is_dir() else "file"
            raise StoreError(
                f"cannot open the store {path}: its {what} {where} is read-only; SQLite writes the store "
                f"and its {path.name}-wal and {path.name}-shm files there: make it writable, or copy the "
                "store to a writable folder"
            )


def sqlite_engine(location: str) -> tuple[Engine, str]:
    """An engine on a SQLite file path or `sqlite:` URL, and the name to show for it."""
    if "://" in location:
        engine = create_engine(location)
        name = location
    else:
        path = Path(location)
        if path.is_dir():
            raise StoreError(
                f"cannot open the store {path}: it is a directory; give a file path such as {DEFAULT_DB}"
            )
        if not path.parent.exists():
            raise StoreError(f"cannot open the store {path}: folder {path.parent} does not exist")
        _check_writable(path)
        # One connection per thread that reads at once (the web app runs up to 16 request threads).
        engine = create_engine(f"sqlite:///{path}", pool_size=16, max_overflow=16)
        name = str(path)
    event.listen(engine, "connect", _pragmas)
    return engine, name
