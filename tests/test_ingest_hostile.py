"""Hostile input through the real `newsprism` command: malformed records, odd files, newsprism's own
files, invisible characters, and report paths that cannot be written. Each error is one line that
names the input, and every good article of the batch is kept."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

NEWSPRISM = [sys.executable, "-m", "newsprism"]
GOOD = {
    "title": "Мэр Заречинска открыл мост",
    "text": "Мэр Заречинска Игорь Лапин открыл мост через реку Зарю.",
}
DEEP = "[" * 100_000 + "]" * 100_000


def _run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    command = [*NEWSPRISM, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)


def _errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def _jsonl(*records: dict[str, str] | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def _count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        count: int = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    return count


def test_ingest_malformed_records_are_one_error_each_and_the_batch_is_kept(tmp_path: Path) -> None:
    """Deep JSON, a lone surrogate escape, a date that overflows, a file name that is not UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    second = {**GOOD, "title": "Мост через Зарю открыт"}
    records = _jsonl(
        GOOD,
        '{"title": "Глубоко", "text": ' + DEEP + "}",
        '{"title": "Плохо \\ud800", "text": "Текст статьи."}',
        {**GOOD, "title": "Дата", "published": "0001-01-01T00:00:00+14:00"},
        second,
    )
    (folder / "batch.jsonl").write_text(records, encoding="utf-8")
    (folder / "array.json").write_text(
        f"[{json.dumps({**GOOD, 'title': 'Из массива'})}, {DEEP}]", encoding="utf-8"
    )
    latin1 = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9"))  # a folder name that is not UTF-8
    latin1.mkdir()
    (latin1 / "a.txt").write_text("Заголовок\n\nТекст.", "utf-8")
    db = tmp_path / "s.db"
    result = _run("ingest", str(folder), "--db", str(db))
    errors = _errors(result)
    assert result.returncode == 1
    assert any("batch.jsonl:2: malformed JSON: nested too deeply" in e for e in errors), errors
    assert any("batch.jsonl:3: field 'title' holds a lone surrogate" in e for e in errors), errors
    assert any("batch.jsonl:4: cannot parse field 'published'" in e for e in errors), errors
    assert any("array.json:1: malformed JSON: nested too deeply" in e for e in errors), errors
    assert any("caf\\xe9: the file name is not valid UTF-8" in e for e in errors), errors
    assert len(errors) == 5, errors
    assert _count(db) == 3  # two good lines and the good array item


@pytest.mark.slow
def test_ingest_jsonl_commands_keep_the_good_lines_around_bad_ones(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        '{"text": "Хорошо."}',
        '{"text": ' + DEEP + "}",
        '{"text": "Плохо \\udc00"}',
        '{"text": "Тоже хорошо."}',
    ]
    source.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "\xff\xfe"}\n')
    result = _run("classify", str(source))
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [a.get("line") for a in answers] == [None, 2, 3, None, 5]
    assert "category" in answers[0] and "category" in answers[3]
    assert len(_errors(result)) == 3


@pytest.mark.slow
def test_ingest_odd_files_are_named_and_a_fifo_never_blocks(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(_jsonl(GOOD), encoding="utf-8")
    os.mkfifo(folder / "pipe")
    (folder / "loop").symlink_to("loop")
    (folder / "gone").symlink_to("missing.txt")
    db = tmp_path / "s.db"
    walked = _run("ingest", str(folder), "--db", str(db), timeout=60)
    given = _run("ingest", str(folder / "pipe"), str(folder / "loop"), str(folder / "gone"), "--db", str(db))
    for result in (walked, given):
        errors = _errors(result)
        assert result.returncode == 1
        assert any("pipe: is a named pipe (FIFO), not a file" in e for e in errors), errors
        assert any("loop: symlink loop" in e for e in errors), errors
        assert any("gone: dangling symlink: it points to missing.txt" in e for e in errors), errors
        assert len(errors) == 3
    assert _count(db) == 1
    annotate = _run("annotate", str(folder / "pipe"), timeout=60)
    assert annotate.returncode == 2 and "named pipe" in annotate.stderr


def test_ingest_foreign_store_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE schema_migrations (version TEXT, name TEXT, applied_at TEXT)")
        connection.execute("INSERT INTO schema_migrations VALUES ('20240101_init', 'init', 'now')")
    result = _run("articles", "--db", str(db))
    assert result.returncode == 2
    assert _errors(result) == [
        f"error: cannot open the store {db}: it is not a newsprism store (its schema_migrations table holds "
        "something other than version numbers); give a newsprism store, or a new file name"
    ]


@pytest.mark.slow
def test_ingest_skips_the_files_newsprism_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`analyze .` twice, the store and the report in the folder: nothing of ours is read."""
    (tmp_path / "a.jsonl").write_text(_jsonl(GOOD), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the subprocesses run in it
    first = _run("analyze", ".", "--db", "news.db", "--report", "out.html")
    (tmp_path / "old-report.html").write_text((tmp_path / "out.html").read_text("utf-8"), "utf-8")
    again = _run("analyze", ".", "--db", "news.db", "--report", "out.html")
    assert first.returncode == again.returncode == 0, _errors(again)
    assert (tmp_path / "news.db-wal").exists() or (tmp_path / "news.db").exists()
    assert "2 files, 1 article (0 new, 1 already stored)" in again.stderr, again.stderr
    named = _run("ingest", "news.db", "--db", "news.db")
    assert named.returncode == 1 and "news.db: is a file newsprism writes" in named.stderr


@pytest.mark.slow
def test_ingest_invisible_characters_are_one_entity_and_clean_fields(tmp_path: Path) -> None:
    hidden = {
        "title": "\ufeffИго\u200bрь Ла\u00adпин\u0000 побывал\u200f на стройке\u202e",
        "text": "Глава города Иго\u200bрь Ла\u00adпин в среду\u2066 побывал\u2069 на стройке школы.",
        "outlet": "Вест\u200bник",
    }
    source = tmp_path / "in.jsonl"
    source.write_text(_jsonl({**GOOD, "outlet": "Курьер"}, hidden), encoding="utf-8")
    db = str(tmp_path / "s.db")
    analysed = _run("analyze", str(source), "--db", db, "--json", "--no-report")
    assert analysed.returncode == 0, analysed.stderr
    records = [json.loads(line) for line in analysed.stdout.splitlines()]
    assert records[1]["title"] == "Игорь Лапин побывал на стройке" and records[1]["outlet"] == "Вестник"
    for record in records:
        text = "\n\n".join(part for part in (record["title"], record["lead"], record["body"]) if part)
        for entity in record["entities"]:
            assert text[entity["start"] : entity["stop"]] == entity["text"]
    people = [
        json.loads(line)
        for line in _run("entities", "--type", "PER", "--db", db, "--json").stdout.splitlines()
    ]
    assert [(p["name"], p["articles"]) for p in people] == [("Игорь Лапин", 2)]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=True)


@pytest.mark.slow
def test_ingest_report_paths_that_cannot_be_written_are_one_error(tmp_path: Path, small_disk: Path) -> None:
    (tmp_path / "a.jsonl").write_text(_jsonl(GOOD), encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert _run("analyze", str(tmp_path / "a.jsonl"), "--db", db, "--no-report").returncode == 0
    story_id = _run("stories", "--db", db).stdout.split("│")[1].strip()
    (small_disk / "filler").write_bytes(b"\0" * (256 * 1024 - 8 * 1024))
    cases = {
        str(tmp_path): "it is a folder; give a file name",
        str(tmp_path / "nope" / "r.html"): "does not exist; create it or give another path",
        str(small_disk / "r.html"): "No space left on device; free some space",
    }
    for output, words in cases.items():
        result = _run("report", story_id, "-o", output, "--db", db)
        assert result.returncode == 2, result.stderr
        errors = _errors(result)
        assert len(errors) == 1 and errors[0].startswith(f"error: cannot write the report {output}: ")
        assert words in errors[0]
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    assert not list(tmp_path.glob("*.partial"))
    full = _run("analyze", str(tmp_path / "a.jsonl"), "--db", db, "--report", str(small_disk / "r.html"))
    assert full.returncode == 2 and "the articles and their stories are stored" in full.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
