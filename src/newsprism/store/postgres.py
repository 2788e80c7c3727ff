"""The PostgreSQL engine of the store, through psycopg 3 (the `postgres` extra).

`postgresql://user:password@host:5432/dbname` (or `postgres://`, or SQLAlchemy's explicit
`postgresql+psycopg://`) all open the same store. The database must exist and use the UTF8
encoding; the tables are created by the same recorded migrations as on SQLite.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.exc import ArgumentError

from newsprism.store.base import StoreError

SCHEMES = ("postgresql", "postgres")
DRIVER = "psycopg"


def is_postgres(location: str) -> bool:
    scheme = location.partition("://")[0]
    return scheme.partition("+")[0] in SCHEMES


def postgres_engine(location: str, *, read_only: bool = False) -> tuple[Engine, str]:
    """An engine on a PostgreSQL URL, and the URL to show for it (without the password); with
    `read_only`, every transaction of its sessions is read-only."""
    try:
        url = make_url(location.replace("postgres://", "postgresql://", 1))
    except ArgumentError as error:
        raise StoreError(f"cannot open the store: {error}") from error
    if url.drivername != f"postgresql+{DRIVER}":
        if url.drivername != "postgresql":
            raise StoreError(
                f"cannot open the store {url.render_as_string()}: driver {url.drivername!r} is not "
                f"supported; use postgresql:// (newsprism talks to PostgreSQL through psycopg 3)"
            )
        url = url.set(drivername=f"postgresql+{DRIVER}")
    shown = url.render_as_string(hide_password=True)
    try:
        import psycopg  # noqa: F401  (SQLAlchemy imports it lazily; fail here, with advice)
    except ImportError as error:
        raise StoreError(
            f"cannot open the store {shown}: psycopg is not installed; "
            "install the PostgreSQL extra: pip install 'newsprism[postgres]'"
        ) from error
    # pool_pre_ping: a long analysis can outlive a server-side idle timeout between batches.
    options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
    return create_engine(url, pool_pre_ping=True, connect_args=options), shown


def check_database(connection: Connection, shown: str) -> None:
    """Refuse a database whose encoding cannot hold Russian text."""
    encoding = connection.execute(text("SHOW server_encoding")).scalar_one()
    if encoding.upper() not in ("UTF8", "UTF-8"):
        raise StoreError(
            f"cannot open the store {shown}: the database's encoding is {encoding}, not UTF8; "
            "create it with: CREATE DATABASE name ENCODING 'UTF8' TEMPLATE template0"
        )
