"""Shared fixtures. Heavy models load once per session; data beside the repo skips when absent."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import httpx2 as httpx
import pytest
from playwright.sync_api import Playwright, sync_playwright
from sqlalchemy import create_engine, make_url, text

from newsprism.analyse import Pipeline, default_pipeline
from newsprism.ingest import IngestError, read_paths
from newsprism.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"{path} not found: the two sample articles live in ../shared/seeds beside the repo")
    return path


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver for the whole session (a second sync driver cannot start inside the
    first one's event loop), for Debian's Chromium; never `playwright install`."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as driver:
        yield driver


# A PostgreSQL database the tests may write to, e.g.
# postgresql://newsprism:newsprism@127.0.0.1:5432/newsprism_test (.ci/run sets it); each test
# gets its own schema in it, dropped afterwards.
POSTGRES_ENV = "NEWSPRISM_TEST_POSTGRES"


def _postgres_schema(base: str) -> Iterator[str]:
    url = make_url(base.replace("postgres://", "postgresql://", 1)).set(drivername="postgresql+psycopg")
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where an empty store can be opened: a SQLite file, and (when NEWSPRISM_TEST_POSTGRES names a
    database) a fresh schema in PostgreSQL, so each store test runs on both backends."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    yield from _postgres_schema(base)


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    opened = open_store(store_location)
    yield opened
    opened.close()


NEWSPRISM = [sys.executable, "-m", "newsprism"]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus (examples/) analysed into a SQLite store by a real `newsprism analyze`.
    Tests that write must copy it first (`copy_store`)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    command = [*NEWSPRISM, "analyze", str(EXAMPLES), "--db", str(path), "--no-report", "--json"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=300)
    return path


def variants(count: int, path: Path) -> Path:
    """`count` new articles as JSON lines, made from the demo corpus: each example with a numbered
    title and one sentence added, so every one is a new article about the same event."""
    examples = [a for a in read_paths([EXAMPLES]) if not isinstance(a, IngestError)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = examples[n % len(examples)]
            record = {
                "title": f"{article.title} (дополнено, {n})",
                "text": f"{article.lead}\n\n{article.body}\n\nДополнение {n}: подробности уточняются.",
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
            }
            out.write(json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False))
            out.write("\n")
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed SQLite store (its -wal is checkpointed when the last writer closes)."""
    shutil.copyfile(source, target)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[..., str]]:
    """Start a real `newsprism serve` subprocess on a store; returns its base URL once it answers.
    Every server started is stopped at the end of the test module."""
    started: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    def start(db: Path, *options: str) -> str:
        port = free_port()
        command = [*NEWSPRISM, "serve", "--db", str(db), "--port", str(port), *options]
        log = tempfile.TemporaryFile()  # noqa: SIM115  (closed at teardown; a full pipe would block the server)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        started.append((process, log))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"newsprism serve exited: {log.read().decode()}")
            try:
                httpx.get(base + "/api/groups", timeout=5)
                return base
            except httpx.HTTPError:
                time.sleep(0.1)
        pytest.fail("newsprism serve did not answer in 60 s")

    yield start
    for process, log in started:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
