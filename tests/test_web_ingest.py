"""POST /api/articles: off by default, a bearer token when on, the CLI's readers and errors."""

from __future__ import annotations

import http.client
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsprism.analyse import Pipeline
from newsprism.cli import EXIT_FAILURE, app
from newsprism.store import Store
from newsprism.web import Settings, create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GOOD = {
    "title": "Мэр Заречинска открыл новый мост",
    "text": "Мэр Заречинска Игорь Лапин во вторник открыл движение по новому мосту через реку Зарю.",
    "outlet": "Заречинский курьер",
    "published": "2026-05-12T10:00:00+03:00",
}
TEXT_FILE = """Губернатор посетил трубный завод

Источник: Вестник Державы

Губернатор Павел Шумилов посетил трубный завод в Заречинске и встретился с рабочими.
"""


@pytest.fixture
def ingesting(store: Store, pipeline: Pipeline) -> Iterator[TestClient]:
    application = create_app(Settings(db=store.url, allow_ingest=True, token=TOKEN), store=store)
    application.state.web.pipeline = pipeline  # the session's models, not a second load
    with TestClient(application) as client:
        yield client


def test_web_ingest_is_off_by_default(store: Store) -> None:
    with TestClient(create_app(Settings(db=store.url), store=store)) as client:
        response = client.post("/api/articles", json=GOOD, headers=AUTH)
    assert response.status_code == 404 and "--allow-ingest" in response.json()["detail"]
    assert store.count() == 0


def test_web_ingest_needs_the_token(ingesting: TestClient, store: Store) -> None:
    assert ingesting.post("/api/articles", json=GOOD).status_code == 401
    wrong = ingesting.post("/api/articles", json=GOOD, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert ingesting.post("/api/articles", json=GOOD, headers={"Authorization": TOKEN}).status_code == 401
    assert store.count() == 0


def test_web_ingest_without_a_token_refuses_to_start(store: Store) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(Settings(db=store.url, allow_ingest=True), store=store)
    result = CliRunner().invoke(
        app, ["serve", "--db", store.url, "--allow-ingest"], env={"NEWSPRISM_TOKEN": ""}
    )
    assert result.exit_code == EXIT_FAILURE and "needs a token" in result.output


def test_web_ingest_json_reports_bad_items_and_stores_the_rest(ingesting: TestClient, store: Store) -> None:
    second = {**GOOD, "title": "Мост открыли досрочно", "outlet": "Агентство Меридиан"}
    body = json.dumps([GOOD, {"title": "no text"}, second], ensure_ascii=False)
    response = ingesting.post(
        "/api/articles", content=body.encode(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["new"] == 2 and result["analysed"] == 2
    assert [e["line"] for e in result["errors"]] == [1]  # the second item of the array, on line 1
    assert "text" in result["errors"][0]["reason"]
    assert store.count() == 2
    # Saved through the normal analyse path: searchable by any form, and grouped into stories.
    found = ingesting.get("/api/search", params={"q": "мостом"}).json()
    assert found["total"] == 2
    assert ingesting.get("/api/stories").json()["total"] >= 1
    again = ingesting.post("/api/articles", json=GOOD, headers=AUTH).json()
    assert again["new"] == 0 and again["articles"][0]["new"] is False


def test_web_ingest_file_upload_uses_the_readers(ingesting: TestClient, store: Store) -> None:
    files = [
        ("file", ("../../etc/zavod.txt", TEXT_FILE.encode("cp1251"), "text/plain")),
        ("file", ("broken.jsonl", b'{"title": "x", "text": "y"}\n{oops\n', "application/json")),
        ("file", ("binary.bin", bytes(range(256)) * 4, "application/octet-stream")),
    ]
    result = ingesting.post("/api/articles", files=files, headers=AUTH).json()
    assert result["new"] == 2
    errors = {(e["file"], e["line"]) for e in result["errors"]}
    assert ("broken.jsonl", 2) in errors and ("binary.bin", None) in errors
    stored = {a.title: a for a in store.articles()}
    zavod = stored["Губернатор посетил трубный завод"]
    assert zavod.outlet == "Вестник Державы"  # decoded from cp1251 and read as the CLI reads text
    assert zavod.origin is not None and zavod.origin.file == "zavod.txt"  # a label, never a path


def test_web_ingest_rejects_other_content(ingesting: TestClient) -> None:
    response = ingesting.post(
        "/api/articles", content=b"hello", headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 415


def test_cli_serve_help() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--groups", "--allow-ingest", "--token"):
        assert option in result.output


def test_cli_serve_reports_a_bad_groups_file(tmp_path: Path) -> None:
    groups = tmp_path / "groups.toml"
    groups.write_text('[[group]]\nname = "x"\noutlets = "not a list"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--groups", str(groups)])
    assert result.exit_code == EXIT_FAILURE and "outlets" in result.output


def _chunked_post(base: str, content_type: str, parts: Iterator[bytes]) -> int:
    """POST /api/articles with Transfer-Encoding: chunked (no Content-Length); the answer's status.
    The server may answer and close before the whole body is sent."""
    host, _, port = base.removeprefix("http://").partition(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.putrequest("POST", "/api/articles")
    connection.putheader("Authorization", f"Bearer {TOKEN}")
    connection.putheader("Content-Type", content_type)
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    try:
        for part in parts:
            connection.send(b"%x\r\n%s\r\n" % (len(part), part))
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused mid-body: the answer is already on its way
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.slow
def test_web_ingest_chunked_upload_over_the_limit_is_413(tmp_path: Path, serve: Callable[..., str]) -> None:
    db = tmp_path / "store.db"
    limit = 100_000
    base = serve(db, "--allow-ingest", "--token", TOKEN, "--max-upload", str(limit))
    line = (TEXT_FILE.replace("\n\n", " ") * 2).encode()
    boundary = "newsprism-boundary"

    def multipart() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        yield TEXT_FILE.encode()
        for _ in range(10 * limit // len(line)):
            yield line
        yield f"\r\n--{boundary}--\r\n".encode()

    def json_lines() -> Iterator[bytes]:
        record = (json.dumps(GOOD, ensure_ascii=False) + "\n").encode()
        for _ in range(10 * limit // len(record)):
            yield record

    assert _chunked_post(base, f"multipart/form-data; boundary={boundary}", multipart()) == 413
    assert _chunked_post(base, "application/x-ndjson", json_lines()) == 413
    small = _chunked_post(base, "application/json", iter([json.dumps(GOOD, ensure_ascii=False).encode()]))
    assert small == 200  # under the limit, chunked is fine
    with closing(sqlite3.connect(db)) as connection:
        titles = [row[0] for row in connection.execute("SELECT title FROM articles")]
    assert titles == [GOOD["title"]]
