"""Which databases a command may open: reading commands never create or change one; writing
commands take only an empty database or a newsprism store, and leave any other unchanged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import EXIT_FAILURE, app
from newsprism.store import open_store
from newsprism.store.migrations import LATEST
from support import NEWSPRISM

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WIDE = {"COLUMNS": "1000"}  # one error line, never wrapped inside a path


def other_programs_db(path: Path) -> Path:
    """A SQLite file of another program (rollback journal, one table, one row)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        connection.execute("INSERT INTO notes (body) VALUES ('мои заметки')")
        connection.commit()
    return path


def read_commands(folder: Path) -> list[list[str]]:
    return [
        ["articles"],
        ["stories"],
        ["story", "0123456789abcdef"],
        ["entities"],
        ["report", "0123456789abcdef", "-o", str(folder / "report.html")],
    ]


@pytest.mark.slow
def test_store_read_commands_never_create_or_change_a_database(tmp_path: Path) -> None:
    runner = CliRunner()
    foreign = other_programs_db(tmp_path / "other.db")
    older = tmp_path / "older.db"
    open_store(older).close()
    with closing(sqlite3.connect(older)) as connection:  # the store as the previous schema left it
        connection.execute("DELETE FROM schema_migrations WHERE version = ?", (LATEST,))
        connection.commit()
    before = {path: path.read_bytes() for path in (foreign, older)}
    files = {path.name for path in tmp_path.iterdir()}
    missing = tmp_path / "mistyped.db"
    expected = {foreign: "not a newsprism store", older: "older than", missing: "no such file"}
    for db, reason in expected.items():
        for command in read_commands(tmp_path):
            result = runner.invoke(app, [*command, "--db", str(db)], env=WIDE)
            assert result.exit_code == EXIT_FAILURE, (command, db, result.output)
            assert str(db) in result.output and reason in result.output, result.output
        # the server, a real process: refused before it starts serving
        serve = [*NEWSPRISM, "serve", "--db", str(db), "--port", "0"]
        done = subprocess.run(serve, capture_output=True, text=True, timeout=60, env={**os.environ, **WIDE})
        assert done.returncode == EXIT_FAILURE and reason in done.stderr, done.stderr
    assert {path: path.read_bytes() for path in (foreign, older)} == before
    # No store or report was created; a WAL store's reader makes its shared-memory index and an
    # empty log, as SQLite does for any reader, and writes nothing in them.
    created = {path.name for path in tmp_path.iterdir()} - files
    assert created <= {"older.db-wal", "older.db-shm"} and (tmp_path / "older.db-wal").stat().st_size == 0
    with closing(sqlite3.connect(foreign)) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]
    # and a store they can read, they read without writing it
    db = tmp_path / "store.db"
    open_store(db).close()
    written = db.read_bytes()
    for command in [*read_commands(tmp_path)[:2], read_commands(tmp_path)[3]]:
        result = runner.invoke(app, [*command, "--db", str(db)], env=WIDE)
        assert result.exit_code == 0, result.output
    assert db.read_bytes() == written


def test_store_writing_commands_refuse_another_programs_database(tmp_path: Path) -> None:
    foreign = other_programs_db(tmp_path / "other.db")
    before = foreign.read_bytes()
    for command in (["ingest", str(EXAMPLES)], ["analyze", str(EXAMPLES), "--no-report"]):
        result = CliRunner().invoke(app, [*command, "--db", str(foreign)], env=WIDE)
        assert result.exit_code == EXIT_FAILURE, result.output
        assert f"{foreign} is not a newsprism store" in result.output and "(notes)" in result.output
    assert foreign.read_bytes() == before  # not even its journal mode
    assert [path.name for path in tmp_path.iterdir()] == ["other.db"]
