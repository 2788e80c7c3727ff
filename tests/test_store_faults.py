"""Faults the store survives, through real `newsprism` subprocesses: kill -9 during the story update
and during a schema migration, a full disk, a read-only store, a damaged file. After each, the store
is unchanged or complete, and the same command run again ends as an uninterrupted run does.

(kill -9 in the middle of the analysis: test_cli.py::test_cli_interrupted_batch_is_whole_and_rerun_completes.)
The file-system tests mount a small tmpfs, which needs root; they skip, saying why, elsewhere.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from newsprism.store.migrations import LATEST, MIGRATIONS
from support import EXAMPLES, NEWSPRISM, copy_store, variants

pytestmark = pytest.mark.slow

# Columns that hold the time of a write, and the write counter: they differ between any two runs.
VOLATILE = {"added_at", "analysed_at", "applied_at", "computed_at"}
UNCOMPARED = {"store_state"}


def analyze(db: Path, *paths: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return [*NEWSPRISM, "analyze", *map(str, paths), "--db", str(db), "--no-report", "--json", *extra]


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=300)


def query(db: Path, sql: str) -> Any:
    """One value, read as another process would; None while the store cannot answer it yet."""
    try:
        with closing(sqlite3.connect(db, timeout=1)) as connection:
            return connection.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return None


def kill_when(process: subprocess.Popen[bytes], reached: Callable[[], bool], timeout: float = 120) -> None:
    """SIGKILL the process as soon as `reached()` holds; fail if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None and not reached():
        time.sleep(0.02)
    assert process.poll() is None, "the command finished before it could be killed"
    assert reached(), "the command never reached the point to kill it at"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def snapshot(db: Path) -> dict[str, Any]:
    """The schema and every row of the store, except the times of writes and the write counter."""
    with closing(sqlite3.connect(db)) as connection:
        schema = sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        rows = {}
        for kind, name, _, _ in schema:
            if kind != "table" or name.startswith(("sqlite_", "article_search")) or name in UNCOMPARED:
                continue  # FTS5's own tables are checked by its integrity check instead
            columns = [
                row[1]
                for row in connection.execute(f'PRAGMA table_info("{name}")')
                if row[1] not in VOLATILE and (name, row[1]) != ("search_docs", "id")
            ]
            found = connection.execute(f'SELECT {", ".join(columns)} FROM "{name}"').fetchall()
            rows[name] = sorted(found, key=repr)
    return {"schema": schema, "rows": rows}


def check_integrity(db: Path) -> None:
    """SQLite's and FTS5's integrity checks pass, and every stored article has its analysis."""
    with closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "article_search" in tables:
            connection.execute("INSERT INTO article_search (article_search) VALUES ('integrity-check')")
        unanalysed = "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM analyses)"
        assert connection.execute(unanalysed).fetchone()[0] == 0


def stories_of(state: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(state["rows"][t] for t in ("stories", "story_articles", "story_outlets"))


def test_store_kill_during_story_update_keeps_old_or_new_stories(demo_db: Path, tmp_path: Path) -> None:
    news = variants(12, tmp_path / "news.jsonl")
    reference = copy_store(demo_db, tmp_path / "reference.db")
    before = snapshot(reference)
    done = run(analyze(reference, news))
    assert done.returncode == 0, done.stderr
    expected = snapshot(reference)
    assert stories_of(expected) != stories_of(before)

    killed = copy_store(demo_db, tmp_path / "killed.db")
    command = analyze(killed, news)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The last batch is stored: from here until it exits the command reads the views, clusters them
    # and replaces the stories in one transaction.
    kill_when(process, lambda: query(killed, "SELECT count(*) FROM analyses") == 22)
    check_integrity(killed)
    after = snapshot(killed)
    assert after["rows"]["articles"] == expected["rows"]["articles"]
    assert after["rows"]["analyses"] == expected["rows"]["analyses"]
    assert stories_of(after) in (stories_of(before), stories_of(expected)), "half-replaced stories"

    again = run(command)
    assert again.returncode == 0, again.stderr
    assert "12 already stored" in again.stderr
    final = snapshot(killed)
    assert [t for t in expected["rows"] if final["rows"][t] != expected["rows"][t]] == []
    assert final == expected


def old_schema_store(demo_db: Path, path: Path, clones: int) -> Path:
    """A store of schema version 3 (before search), made by migrations 1 to 3, holding the rows of
    the analysed demo store and `clones` more analysed articles, so that migration 4 has a
    backfill to do that takes seconds."""
    with closing(sqlite3.connect(path)) as old, closing(sqlite3.connect(demo_db)) as demo:
        old.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
        for migration in MIGRATIONS[:3]:
            for statement in migration.for_dialect("sqlite"):
                old.execute(statement)
            record = (migration.version, migration.name)
            old.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')", record)
        for table in ("articles", "analyses", "entities", "story_views", "stories", "story_articles"):
            columns = ", ".join(row[1] for row in old.execute(f'PRAGMA table_info("{table}")'))
            rows = demo.execute(f'SELECT {columns} FROM "{table}"').fetchall()
            marks = ", ".join("?" * len(rows[0]))
            old.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
        articles = old.execute("SELECT * FROM articles ORDER BY id").fetchall()
        docs = dict(old.execute("SELECT article_id, doc FROM analyses").fetchall())
        for n in range(clones):
            row = list(articles[n % len(articles)])
            source, row[0], row[1] = row[0], f"{0xC0DE000000000000 + n:016x}", f"{row[1]} ({n})"
            old.execute(f"INSERT INTO articles VALUES ({', '.join('?' * len(row))})", row)
            old.execute(
                "INSERT INTO analyses (article_id, pipeline_version, doc, analysed_at) "
                "VALUES (?, 'old', ?, 'then')",
                (row[0], docs[source]),
            )
        old.commit()
        old.execute("PRAGMA journal_mode=WAL")
    return path


def test_store_kill_during_a_migration_leaves_the_old_schema(demo_db: Path, tmp_path: Path) -> None:
    old = old_schema_store(demo_db, tmp_path / "old.db", clones=800)
    reference = copy_store(old, tmp_path / "reference.db")
    before = snapshot(reference)
    done = run(analyze(reference, EXAMPLES))
    assert done.returncode == 0, done.stderr
    expected = snapshot(reference)
    assert query(reference, "SELECT max(version) FROM schema_migrations") == LATEST

    killed = copy_store(old, tmp_path / "killed.db")
    command = analyze(killed, EXAMPLES)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = killed.with_name(killed.name + "-wal")

    def backfilling() -> bool:
        # migration 4 is writing (its pages spill into the WAL) and is not committed yet
        return wal.exists() and wal.stat().st_size > 1 << 20
        # (schema_migrations is checked below: the kill must find version 4 not recorded)

    kill_when(process, backfilling)
    check_integrity(killed)
    assert snapshot(killed) == before, "the killed migration left part of itself behind"

    again = run(command)
    assert again.returncode == 0, again.stderr
    check_integrity(killed)
    assert snapshot(killed) == expected


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs: a disk that can be filled, and remounted read-only."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=True)


def assert_clear_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "error:" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_store_full_disk_stops_cleanly_and_a_rerun_completes(demo_db: Path, tmpfs: Path) -> None:
    filler = tmpfs / "filler"
    filler.write_bytes(b"\0" * 1_350_000)  # leaves room for the schema and a few analysed articles
    db = tmpfs / "store.db"
    command = analyze(db, EXAMPLES, extra=("--batch-size", "2"))
    full = run(command)
    assert_clear_error(full, "database or disk is full", "free some space")
    check_integrity(db)
    stored = query(db, "SELECT count(*) FROM articles")
    assert stored < 10 and stored % 2 == 0, stored  # whole batches only
    assert f"{stored} new articles stored before the error" in full.stderr

    filler.unlink()
    again = run(command)
    assert again.returncode == 0, again.stderr
    assert f"{10 - stored} new, {stored} already stored" in again.stderr
    check_integrity(db)
    assert snapshot(db) == snapshot(demo_db)


def test_store_read_only_is_a_clear_error_and_loses_nothing(
    demo_db: Path, tmpfs: Path, tmp_path: Path
) -> None:
    db = copy_store(demo_db, tmpfs / "store.db")
    before = snapshot(db)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    try:
        news = variants(2, tmp_path / "news.jsonl")
        assert_clear_error(run(analyze(db, news)), "read-only", str(db))
        serve = [*NEWSPRISM, "serve", "--db", str(db), "--port", "0"]
        assert_clear_error(run(serve), "read-only")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    check_integrity(db)
    assert snapshot(db) == before


def test_store_damaged_file_is_a_clear_error_in_the_cli_and_the_server(
    demo_db: Path, tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    assert_clear_error(run(analyze(garbage, EXAMPLES)), "not a database")
    assert_clear_error(run([*NEWSPRISM, "serve", "--db", str(garbage)]), "not a database")

    # A real store with the root page of its articles table overwritten: it opens (the schema and
    # the migrations log are intact), and fails on every read of articles.
    damaged = copy_store(demo_db, tmp_path / "damaged.db")
    with closing(sqlite3.connect(demo_db)) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM articles")]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    with damaged.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)
    assert_clear_error(run([*NEWSPRISM, "articles", "--db", str(damaged)]), "store", "damaged")

    base = serve(damaged)
    paths = ["/", "/api/stories", "/search?q=мост", "/api/search?q=завод", "/outlets", "/api/entities"]
    paths += [f"/api/articles/{i}" for i in ids] + [f"/articles/{i}" for i in ids]
    answers = {path: httpx.get(base + path, timeout=30) for path in paths}
    codes = {path: response.status_code for path, response in answers.items()}
    assert set(codes.values()) <= {200, 503}, codes
    failed = [response for response in answers.values() if response.status_code == 503]
    assert failed, "the damage was never noticed"
    assert "The store cannot be read" in failed[0].text
    assert httpx.get(base + "/style.css").status_code == 200  # and the server still answers
