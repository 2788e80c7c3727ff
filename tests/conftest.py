"""Shared fixtures. Heavy models load once per session; data beside the repo skips when absent.
The helpers that tests import by name are in support.py: no test imports this file."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

import httpx2 as httpx
import pytest
from playwright.sync_api import Playwright, sync_playwright
from sqlalchemy import create_engine, make_url, text

from newsprism.analyse import Pipeline, default_pipeline
from newsprism.store import Store, open_store
from support import CHROMIUM, EXAMPLES, NEWSPRISM, ROOT, NewsServer

SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"{path} not found: the two sample articles live in ../shared/seeds beside the repo")
    return path


@pytest.fixture(scope="session")
def _seeds_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from newsprism.cli import app

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = CliRunner().invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--no-report"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def seeds_db(_seeds_store: Path, tmp_path: Path) -> str:
    """A store of the two analysed samples, the test's own copy (the samples are analysed once)."""
    copy = tmp_path / "seeds.db"
    shutil.copyfile(_seeds_store, copy)
    return str(copy)


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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus (examples/) analysed into a SQLite store by a real `newsprism analyze`.
    Tests that write must copy it first (`copy_store`)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    command = [*NEWSPRISM, "analyze", str(EXAMPLES), "--db", str(path), "--no-report", "--json"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=300)
    return path


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


class _NewsHandler(BaseHTTPRequestHandler):
    server_state: NewsServer

    def do_GET(self) -> None:
        state = self.server_state
        state.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = state.routes.get(self.path) or state.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404)
            return
        if route.delay:
            time.sleep(route.delay)
        if route.handle is not None:
            route.handle(self)
            return
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.etag:
            self.send_header("ETag", route.etag)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client may hang up on a body it refuses
            self.wfile.write(route.body)

    def log_message(self, format: str, *args: object) -> None:  # quiet tests
        pass


@pytest.fixture
def news_server() -> Iterator[NewsServer]:
    """A local news server for the fetch tests and benchmarks, on a free port of 127.0.0.1."""
    state = NewsServer(port=0)

    class Handler(_NewsHandler):
        server_state = state

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# Fixtures that load the NLP models, run `newsprism` in a subprocess or start a browser: a test
# that uses one (directly or through another fixture) is `slow`, and `make check` leaves it out.
HEAVY_FIXTURES = frozenset({"pipeline", "demo_db", "serve", "playwright"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
