"""The SQLite engine of the store: a file path or a sqlite URL, WAL journal, foreign keys on; or a
read-only engine on an existing file (`mode=ro`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, make_url

from newsprism.store.base import StoreError

DEFAULT_DB = "newsprism.db"
MMAP_SIZE = 16 * 1024**3


def use_wal(connection: Connection) -> None:
    """Put the store in WAL mode (stored in the file: once is enough), after `check_store` found
    it empty or a newsprism store: a pragma run on every connect would change another program's
    database before it could be refused. WAL: readers never block the writer."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def _pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    # NORMAL sync is durable at each commit in WAL mode.
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    _read_pragmas(connection, _record)
    cursor.close()


def _read_pragmas(connection: sqlite3.Connection, _record: Any) -> None:
    # A reader sets nothing that is stored in the file (the journal mode is: a store is WAL already).
    cursor = connection.cursor()
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


def _check_readable(path: Path) -> None:
    # A reader of a WAL store (byte 18 of the header is 2) makes its -shm file when it is missing.
    try:
        with path.open("rb") as file:
            wal = file.read(20)[18:19] == b"\x02"
    except OSError as error:
        raise StoreError(f"cannot read the store {path}: {error.strerror}") from error
    shm = path.with_name(path.name + "-shm")
    if wal and not shm.exists() and not os.access(path.parent, os.W_OK):
        raise StoreError(
            f"cannot open the store {path}: its folder {path.parent} is read-only; SQLite writes the "
            f"store's {shm.name} file there even to read it: make it writable, or copy the store to "
            "a writable folder"
        )


def _read_only_engine(location: str) -> tuple[Engine, str]:
    """An engine that opens an existing file read-only (SQLite's `mode=ro`): nothing a reader does
    can create the file or add to it, and a mistyped path is an error instead of a new store."""
    path = Path(make_url(location).database or "") if "://" in location else Path(location)
    if str(path) in ("", ".", ":memory:"):
        raise StoreError(f"cannot read the store {location}: give the path of an existing store file")
    if path.is_dir():
        raise StoreError(f"cannot read the store {path}: it is a directory, not a store file")
    if not path.is_file():
        raise StoreError(
            f"cannot read the store {path}: no such file; give the path of an existing store "
            f"(`newsprism analyze FILES --db {path}` makes one)"
        )
    _check_readable(path)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine(f"sqlite:///{path}", creator=connect, pool_size=16, max_overflow=16)
    event.listen(engine, "connect", _read_pragmas)
    return engine, str(path)


def sqlite_engine(location: str, *, read_only: bool = False) -> tuple[Engine, str]:
    """An engine on a SQLite file path or `sqlite:` URL, and the name to show for it; with
    `read_only`, on an existing file only, which it never writes."""
    if read_only:
        return _read_only_engine(location)
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
