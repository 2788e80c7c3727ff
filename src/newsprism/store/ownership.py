"""Whether a database is a newsprism store, before anything is written to it.

A writing command creates its tables only in an empty database; a database with tables of its own
and no newsprism migrations log is another program's, and is refused with nothing changed. A
reading command opens only an existing store at the schema this newsprism knows, and writes
nothing: no migration, no log table, no journal mode (`check_store`).
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from newsprism.store.base import StoreError, StoreVersionError

LOG = "schema_migrations"
LOG_COLUMNS = frozenset({"version", "name", "applied_at"})
SHOWN_TABLES = 5


def _log_versions(connection: Connection, tables: set[str]) -> set[int] | None:
    """The versions in newsprism's migrations log, None when there is no such log (no table of that
    name, or one of another program: Rails' has only a `version` column)."""
    if LOG not in tables:
        return None
    columns = {column["name"] for column in inspect(connection).get_columns(LOG)}
    if not columns >= LOG_COLUMNS:
        return None
    versions = {
        int(version)
        for version in connection.execute(text("SELECT version FROM schema_migrations")).scalars()
    }
    return versions if not versions or 1 in versions else None


def _not_ours(url: str, tables: set[str]) -> StoreError:
    listed = ", ".join(sorted(tables)[:SHOWN_TABLES]) + (", …" if len(tables) > SHOWN_TABLES else "")
    return StoreError(
        f"{url} is not a newsprism store: it holds {len(tables)} table{'s' if len(tables) > 1 else ''} "
        f"of another program ({listed}) "
        "and no newsprism schema; nothing was changed in it: give the path of a newsprism store, "
        "or of a new file to create one"
    )


def check_store(connection: Connection, url: str, *, read_only: bool, latest: int) -> None:
    """Raise `StoreError` unless the database can be opened as asked: for writing, an empty
    database or a newsprism store; for reading, a newsprism store at schema `latest`."""
    tables = set(inspect(connection).get_table_names())
    versions = _log_versions(connection, tables)
    if versions is None and tables:
        raise _not_ours(url, tables)
    if not read_only:
        return
    if not versions:
        raise StoreError(
            f"{url} is an empty database, not a newsprism store; nothing was changed in it: "
            "make a store with `newsprism analyze FILES --db PATH` first"
        )
    if max(versions) > latest:
        raise StoreVersionError(
            f"{url} has schema version {max(versions)}, newer than this newsprism knows ({latest}); "
            "upgrade newsprism to open it"
        )
    if set(range(1, latest + 1)) - versions:
        raise StoreError(
            f"{url} has schema version {max(versions)}, older than this newsprism's ({latest}); a "
            "reading command does not change a store: upgrade it with a writing one, such as "
            "`newsprism ingest FILES --db PATH`, then read it"
        )
