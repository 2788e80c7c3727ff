"""The Dask runner against the local one, on a LocalCluster of two worker processes (slow: each
worker loads the models)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.analyse import Pipeline
from newsprism.cli import app
from newsprism.ingest import IngestError, Source, list_sources
from newsprism.model import Article, Origin
from newsprism.run import RunReport, read_all, run
from newsprism.run.stories import update_stories
from newsprism.store import Saved, Store, open_store

distributed = pytest.importorskip("distributed")

from newsprism.run import dask as dask_runner  # noqa: E402  (after the skip when Dask is absent)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BATCH = 3  # several batches on the 10 demo articles, spread over both workers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with dask_runner.connect(workers=2) as connected:
        yield connected


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a run leaves in the store except the times it was written."""
    ids = [article.id for article in store.articles()]
    docs = {i: doc.to_dict() for i in ids if (doc := store.doc(i)) is not None}
    return {
        "articles": sorted((a.to_dict() for a in store.articles()), key=lambda a: a["id"]),
        "docs": docs,
        "views": sorted(store.views()),
        "mentions": list(store.mentions()),
        "stories": [story.to_dict() for story in store.stories()],
    }


def local_run(path: Path, pipeline: Pipeline) -> tuple[RunReport, dict[str, Any]]:
    store = open_store(path)
    report = RunReport()
    sources, _ = list_sources(["examples"])
    run(read_all(sources, report=report), store, pipeline, report=report, batch_size=BATCH)
    update_stories(store)
    found = snapshot(store)
    store.close()
    return report, found


def test_run_dask_same_store_as_local_run(
    tmp_path: Path, pipeline: Pipeline, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # relative paths, as typed: origins must read the same
    local_report, local = local_run(tmp_path / "local.db", pipeline)
    store = open_store(tmp_path / "dask.db")
    sources, _ = list_sources(["examples"])
    report = dask_runner.run_on_cluster(client, sources, store, analyse=True, batch_size=BATCH)
    update_stories(store)
    found = snapshot(store)
    store.close()
    assert len(client.nthreads()) == 2
    assert report == local_report
    assert report.analysed == len(report.ids) == 10
    assert found["docs"].keys() == local["docs"].keys()
    for article_id, doc in found["docs"].items():
        assert doc == local["docs"][article_id], article_id
    assert found == local
    assert found["stories"], "the demo corpus has stories to compare"


def test_run_dask_second_run_analyses_nothing(tmp_path: Path, client: Any) -> None:
    store = open_store(tmp_path / "dask.db")
    sources, _ = list_sources([EXAMPLES])
    first = dask_runner.run_on_cluster(client, sources, store, analyse=True, batch_size=BATCH)
    # A lambda travels by value; a function of this test module would need tests/ on the workers.
    pipeline_id = lambda: id(dask_runner.worker_pipeline())  # noqa: E731
    loaded = client.run(pipeline_id)
    again = dask_runner.run_on_cluster(client, sources, store, analyse=True, batch_size=BATCH)
    store.close()
    assert (first.new, first.analysed) == (10, 10)
    assert (again.new, again.analysed) == (0, 0)
    assert client.run(pipeline_id) == loaded  # each worker kept the models it loaded once


def test_run_dask_cli_on_a_scheduler_address(store_location: str, client: Any) -> None:
    # Both stores: SQLite, and PostgreSQL when NEWSPRISM_TEST_POSTGRES names a server.
    address = client.scheduler.address
    result = CliRunner().invoke(
        app, ["analyze", str(EXAMPLES), "--db", store_location, "--dask", address, "--no-report", "--json"]
    )
    assert result.exit_code == 0, result.output
    store = open_store(store_location)
    assert store.count() == 10 and store.stories()
    store.close()


def test_run_dask_and_workers_together_are_refused_before_a_store_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default store, newsprism.db, would be made here
    for command in ("analyze", "ingest"):
        args = [command, str(EXAMPLES), "--dask", "tcp://127.0.0.1:1", "--workers", "2"]
        both = CliRunner().invoke(app, args)
        assert both.exit_code == 2 and "not both" in both.output
    assert list(tmp_path.iterdir()) == []


def test_run_dask_cli_unreachable_scheduler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_runner, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--dask", "tcp://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output


def test_run_dask_cli_ingest_on_local_workers(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    assert store.count() == 10
    assert store.analysed([a.id for a in store.articles()], "") == set()  # ingest analyses nothing
    store.close()


def test_run_dask_read_file_takes_relative_paths_from_the_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker starts in its own directory: relative paths are the client's, reported as given.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text('{"title": "Т", "text": "Текст."}\n{oops\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "in")
    items = dask_runner.read_file(Source("in/a.jsonl"), 10**6, str(tmp_path))
    article, error = items
    assert isinstance(article, Article) and article.origin == Origin("in/a.jsonl", 1)
    assert isinstance(error, IngestError) and (error.file, error.line) == ("in/a.jsonl", 2)


def test_run_dask_killed_worker_loses_nothing(tmp_path: Path, client: Any) -> None:
    # Kept last in this module: it kills one of the shared cluster's workers (its nanny starts
    # another). One article per batch, so the dead worker holds several unfinished or unsaved ones.
    store = open_store(tmp_path / "killed.db")
    sources, _ = list_sources([EXAMPLES])
    killed: dict[str, Any] = {}

    def kill_busiest_worker(saved: Saved) -> None:
        if killed:
            return
        held = {
            worker: len(client.processing().get(worker, ())) + len(keys)
            for worker, keys in client.has_what().items()
        }
        victim = max(held, key=lambda worker: held[worker])
        pids = client.run(os.getpid)
        os.kill(pids[victim], signal.SIGKILL)
        killed.update(worker=victim, tasks=held[victim], pid=pids[victim])

    report = dask_runner.run_on_cluster(
        client, sources, store, analyse=True, batch_size=1, on_batch=kill_busiest_worker
    )
    ids = [article.id for article in store.articles()]
    analysed = store.analysed(ids, report_version(client))
    store.close()
    assert killed["tasks"] > 0, "the killed worker held work to redo"
    assert killed["pid"] not in client.run(os.getpid).values()
    assert sorted(ids) == sorted(report.ids) and len(ids) == 10
    assert analysed == set(ids)
    assert report.analysed == 10  # each article analysed and saved exactly once
    assert report.new == 10


def report_version(client: Any) -> str:
    return dask_runner.cluster_version(client)
