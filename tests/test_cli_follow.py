"""`newsprism sources ...`, `fetch` and `watch` end to end, against a server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

import newsprism.analyse
from newsprism.analyse import Pipeline
from newsprism.cli import app
from newsprism.cli_follow import parse_duration
from newsprism.fetch import Fetcher, FetchSettings, fetch_round
from newsprism.store import open_store
from newsprism.store.following import SourceSpec, SourceStatus
from support import NEWSPRISM, NewsServer, Route
from test_fetch_round import full_feed, page, rss, story

runner = CliRunner()
FAST = ["--host-interval", "0", "--timeout", "1"]


def _toml(server: NewsServer) -> str:
    return (
        '[[source]]\nname = "Вестник"\nfeeds = ["' + server.url("/a.xml") + '"]\ngroups = ["regional"]\n'
        'sitemaps = ["' + server.url("/news-sitemap.xml") + '"]\n\n'
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
    assert records["Вестник"]["sitemaps"] == [news_server.url("/news-sitemap.xml")]
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


@pytest.mark.slow
def test_cli_follow_kill_9_mid_round_loses_nothing(tmp_path: Path, news_server: NewsServer) -> None:
    """A real `newsprism fetch` killed with SIGKILL while one source waits for a page: the source
    already done stays recorded, and the next round completes the other one."""
    db = str(tmp_path / "news.db")
    full_feed(news_server, "/a.xml", range(2), etag='"a"')
    items = []
    for number in (10, 11):
        title, body = story(number)
        news_server.routes[f"/b/news/{number}"] = Route(
            page(title, body), delay=20.0 if number == 11 else 0.0
        )
        items.append({"title": title, "link": news_server.url(f"/b/news/{number}"), "summary": "Коротко."})
    news_server.routes["/b.xml"] = Route(rss("Курьер", items).encode())
    store = open_store(db)
    store.add_sources([SourceSpec("Вестник", (news_server.url("/a.xml"),))])
    store.add_sources([SourceSpec("Курьер", (news_server.url("/b.xml"),))])
    store.close()
    command = [*NEWSPRISM, "fetch", "--db", db, "--host-interval", "0", "--timeout", "60"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            done = {s.name: s.last_fetch for s in _sources(db)}
            if done.get("Вестник") and news_server.hits("/b/news/11"):
                break
            assert process.poll() is None, "fetch ended before it could be killed"
            time.sleep(0.5)
        else:
            pytest.fail("the round never reached the slow page")
    finally:
        process.kill()  # SIGKILL: no cleanup of any kind
        process.wait()
    assert {s.name: s.last_fetch is not None for s in _sources(db)} == {"Вестник": True, "Курьер": False}
    news_server.routes["/b/news/11"] = Route(page(*story(11)))
    store = open_store(db)
    try:
        with Fetcher(FetchSettings(host_interval=0.0, timeout=5.0)) as fetcher:
            report = fetch_round(store, fetcher, None)  # due sources only: Курьер
        assert (report.sources, report.new, report.errors) == (1, 2, 0)
        assert store.count() == 4
        assert news_server.hits("/a.xml") == 1
    finally:
        store.close()


def _sources(db: str) -> list[SourceStatus]:
    store = open_store(db, read_only=True)
    try:
        return store.sources()
    finally:
        store.close()


@pytest.mark.slow
def test_cli_follow_serve_watch_fetches_in_the_background(
    tmp_path: Path, news_server: NewsServer, serve: Callable[..., str]
) -> None:
    db = tmp_path / "news.db"
    full_feed(news_server, "/a.xml", range(2), etag='"a"')
    store = open_store(db)
    store.add_sources([SourceSpec("Вестник", (news_server.url("/a.xml"),))])
    store.close()
    base = serve(db, "--watch", "1h")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not _sources(str(db))[0].last_fetch:
        time.sleep(0.5)
    [source] = _sources(str(db))
    assert (source.last_new, source.last_errors) == (2, 0)
    outlets = httpx.get(base + "/api/outlets", timeout=10)
    assert outlets.status_code == 200 and "Вестник" in outlets.text


@pytest.mark.parametrize(
    "command",
    [
        ["fetch"],
        ["watch"],
        ["sources", "add"],
        ["sources", "import"],
        ["sources", "list"],
        ["sources", "remove"],
    ],
)
def test_cli_follow_every_command_help_has_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_cli_follow_serve_watch_bad_interval(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--watch", "often"])
    assert result.exit_code == 2 and "--watch" in result.stderr


def test_cli_follow_fetch_no_private_and_max_wait(tmp_path: Path, news_server: NewsServer) -> None:
    db = str(tmp_path / "news.db")
    full_feed(news_server, "/a.xml", range(1))
    url = news_server.url("/a.xml")
    assert runner.invoke(app, ["sources", "add", url, "--name", "Вестник", "--db", db]).exit_code == 0
    refused = runner.invoke(app, ["fetch", "--db", db, "--all", "--no-private", *FAST])
    assert refused.exit_code == 1 and "private addresses are not allowed" in refused.stderr
    assert news_server.log == []  # nothing asked, not even robots.txt
    news_server.routes["/a.xml"] = Route(status=503, headers={"Retry-After": "120"})
    later = runner.invoke(app, ["fetch", "--db", db, "--all", "--max-wait", "5", *FAST])
    assert later.exit_code == 1 and "tried again next round" in later.stderr
    assert news_server.hits("/a.xml") == 1  # not retried within the round
