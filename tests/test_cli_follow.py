"""`newsprism sources ...`, `fetch` and `watch` end to end, against a server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsprism.analyse
from conftest import NewsServer, Route
from newsprism.analyse import Pipeline
from newsprism.cli import app
from newsprism.cli_follow import parse_duration
from test_fetch_round import full_feed

runner = CliRunner()
FAST = ["--host-interval", "0", "--timeout", "1"]


def _toml(server: NewsServer) -> str:
    return (
        '[[source]]\nname = "Вестник"\nfeeds = ["' + server.url("/a.xml") + '"]\ngroups = ["regional"]\n\n'
        '[[source]]\nname = "Курьер"\nfeeds = ["' + server.url("/b.xml") + '"]\n'
    )


def test_cli_follow_import_list_remove(tmp_path: Path, news_server: NewsServer) -> None:
    db = str(tmp_path / "news.db")
    sources = tmp_path / "sources.toml"
    sources.write_text(_toml(news_server), encoding="utf-8")
    assert runner.invoke(app, ["sources", "import", str(sources), "--db", db]).exit_code == 0
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="Федеральные">'
        f'<outline text="Курьер" type="rss" xmlUrl="{news_server.url("/b2.xml")}"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["sources", "import", str(opml), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["sources", "list", "--db", db, "--json"])
    records = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert records["Вестник"]["groups"] == ["regional"]
    assert records["Курьер"]["feeds"] == [news_server.url("/b.xml"), news_server.url("/b2.xml")]
    assert records["Курьер"]["groups"] == ["Федеральные"]
    assert records["Вестник"]["last_fetch"] is None
    table = runner.invoke(app, ["sources", "list", "--db", db])
    assert "Вестник" in table.stdout and "never" in table.stdout
    assert runner.invoke(app, ["sources", "remove", "Курьер", "--db", db]).exit_code == 0
    gone = runner.invoke(app, ["sources", "remove", "Курьер", "--db", db])
    assert gone.exit_code == 2 and "no source named" in gone.stderr


def test_cli_follow_bad_input_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    bad = runner.invoke(app, ["sources", "add", "ftp://x.example/feed", "--name", "X", "--db", db])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text('[[source]]\nname = "Без лент"\n', encoding="utf-8")
    result = runner.invoke(app, ["sources", "import", str(broken), "--db", db])
    assert result.exit_code == 2 and "source 1 (Без лент): needs feeds" in result.stderr
    assert runner.invoke(app, ["fetch", "--every", "soon", "--db", db]).exit_code == 2


def test_cli_follow_fetch_analyses_and_reports(
    tmp_path: Path, news_server: NewsServer, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newsprism.analyse, "default_pipeline", lambda: pipeline)
    db = str(tmp_path / "news.db")
    full_feed(news_server, "/a.xml", range(2), etag='"a"')
    news_server.routes["/b.xml"] = Route(status=404)
    url = news_server.url("/a.xml")
    assert runner.invoke(app, ["sources", "add", url, "--name", "Вестник", "--db", db]).exit_code == 0
    assert (
        runner.invoke(
            app, ["sources", "add", news_server.url("/b.xml"), "--name", "[red]Курьер", "--db", db]
        ).exit_code
        == 0
    )
    first = runner.invoke(app, ["fetch", "--db", db, "--json", *FAST])
    assert first.exit_code == 1  # one source failed: named on stderr, the other stored
    record = json.loads(first.stdout)
    assert (record["sources"], record["new"], record["analysed"], record["errors"]) == (2, 2, 2, 1)
    assert "[red]Курьер: " in first.stderr and "HTTP 404" in first.stderr
    assert "fetched 2 sources" in first.stderr and "2 new articles" in first.stderr
    stories = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert stories.exit_code == 0 and stories.stdout.strip()
    # not due again for 15 minutes: a second round fetches nothing
    second = runner.invoke(app, ["fetch", "--db", db, "--json", *FAST])
    assert json.loads(second.stdout)["sources"] == 0 and second.exit_code == 0
    third = runner.invoke(app, ["watch", "--db", db, "--json", "--rounds", "1", *FAST])
    assert third.exit_code == 0 and json.loads(third.stdout)["not_due"] == 2


@pytest.mark.parametrize(("given", "seconds"), [("15m", 900), ("1h30m", 5400), ("45s", 45), ("1d", 86400)])
def test_cli_follow_durations(given: str, seconds: int) -> None:
    assert parse_duration(given).total_seconds() == seconds
