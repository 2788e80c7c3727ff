"""Throughput of the local runner against the Dask runner with 1 and 2 local workers.

    .venv/bin/python bench/cluster_speed.py [--sizes 100,200,409,818] [--workers 1,2] [--postgres URL]

The real articles of ../shared/data (bench/corpus.py), written as JSONL files of 20 articles (so
parsing is spread over the workers too), are ingested, analysed and saved to a fresh SQLite store
(and, with --postgres, to a fresh schema of that PostgreSQL database), then clustered into stories.
Sizes above the corpus repeat it with a marked title, so every article is new to the store (but
its words are in the analysis caches). Each measurement runs in a new process with a new cluster,
so no cache is warm from an earlier one. Start-up (model load, cluster start) is timed apart from
the run. CPU seconds are given for the client and for the workers, so a busy machine shows as wall
time above CPU time. Results are printed and saved in bench/results/cluster_speed.json.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from corpus import shared_articles
from newsprism.ingest import list_sources
from newsprism.model import Article, Doc
from newsprism.run import RunReport, read_all, run
from newsprism.run.stories import update_stories
from newsprism.store import Store, open_store

RESULTS = Path(__file__).resolve().parent / "results"
FILE_SIZE = 20


def corpus(size: int) -> list[Article]:
    base = shared_articles()
    found: list[Article] = []
    copy = 0
    while len(found) < size:
        for article in base[: size - len(found)]:
            title = article.title if copy == 0 else f"{article.title} (выпуск {copy + 1})"
            found.append(Article(title=title, body=article.body))
        copy += 1
    return found


def write_jsonl(articles: list[Article], folder: Path) -> None:
    for index in range(0, len(articles), FILE_SIZE):
        lines = [
            json.dumps({"title": a.title, "text": a.body}, ensure_ascii=False)
            for a in articles[index : index + FILE_SIZE]
        ]
        (folder / f"{index // FILE_SIZE:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextmanager
def fresh_store(kind: str, folder: Path, postgres: str | None) -> Iterator[Store]:
    if kind == "sqlite":
        store = open_store(folder / f"{uuid.uuid4().hex}.db")
        yield store
        store.close()
        return
    assert postgres is not None
    from sqlalchemy import create_engine, make_url, text

    url = make_url(postgres).set(drivername="postgresql+psycopg")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    store = open_store(
        url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    )
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(
    runner: str, store: Store, go: Callable[[RunReport], None], workers_cpu: Callable[[], float]
) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    report = RunReport()
    before = workers_cpu()
    wall, cpu, _ = timed(lambda: go(report))
    worker_cpu = workers_cpu() - before
    stories_wall, _, _ = timed(lambda: update_stories(store))
    articles = len(report.ids)
    assert report.analysed == articles == store.count(), (report, store.count())
    return {
        "runner": runner,
        "articles": articles,
        "run_wall_s": round(wall, 2),
        "articles_per_s": round(articles / wall, 1),
        "client_cpu_ms_per_article": round(1000 * cpu / articles, 2),
        "worker_cpu_ms_per_article": round(1000 * worker_cpu / articles, 2),
        "stories_wall_s": round(stories_wall, 2),
        "load_avg_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def local_runs(
    sizes: list[int], folders: dict[int, Path], work: Path, stores: list[str], postgres: str | None
) -> Iterator[dict[str, Any]]:
    from newsprism.analyse import default_pipeline
    from newsprism.run.dask import WARM_UP

    def loaded() -> Any:
        pipeline = default_pipeline()
        pipeline(Doc(text=WARM_UP))  # steps load their models on first use
        return pipeline

    load_wall, _, pipeline = timed(loaded)
    for size in sizes:
        for kind in stores:
            sources, _ = list_sources([folders[size]])
            with fresh_store(kind, work, postgres) as store:

                def go(report: RunReport, store: Store = store, sources: Any = sources) -> None:
                    run(read_all(sources, report=report), store, pipeline, report=report)

                result = measure("local", store, go, lambda: 0.0)
                result.update(store=kind, startup_s=round(load_wall, 2), workers=0)
                yield result


def dask_runs(
    workers: int,
    sizes: list[int],
    folders: dict[int, Path],
    work: Path,
    stores: list[str],
    postgres: str | None,
) -> Iterator[dict[str, Any]]:
    from newsprism.run import dask as dask_runner

    started = time.perf_counter()
    with dask_runner.connect(workers=workers) as client:
        dask_runner.cluster_version(client)  # loads the models on every worker
        startup = time.perf_counter() - started

        def workers_cpu() -> float:
            return float(sum(client.run(time.process_time).values()))

        for size in sizes:
            for kind in stores:
                sources, _ = list_sources([folders[size]])
                with fresh_store(kind, work, postgres) as store:

                    def go(report: RunReport, store: Store = store, sources: Any = sources) -> None:
                        dask_runner.run_on_cluster(client, sources, store, analyse=True, report=report)

                    result = measure(f"dask {workers}", store, go, workers_cpu)
                    result.update(store=kind, startup_s=round(startup, 2), workers=workers)
                    yield result


def one(runner: str, size: int, kind: str, postgres: str | None) -> dict[str, Any]:
    """One measurement, in this (new) process."""
    with tempfile.TemporaryDirectory(prefix="newsprism-bench-") as temp:
        work = Path(temp)
        folder = work / "corpus"
        folder.mkdir()
        write_jsonl(corpus(size), folder)
        workers = int(runner.removeprefix("dask"))
        found = local_runs if workers == 0 else partial(dask_runs, workers)
        return next(iter(found([size], {size: folder}, work, [kind], postgres)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,200,409,818", help="corpus sizes, comma-separated")
    parser.add_argument("--workers", default="1,2", help="local Dask worker counts to measure")
    parser.add_argument("--no-local", action="store_true", help="skip the plain local run")
    parser.add_argument("--postgres", help="also measure with this PostgreSQL database (a schema per run)")
    parser.add_argument("--one", nargs=3, metavar=("RUNNER", "SIZE", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        runner, size, kind = args.one
        print(json.dumps(one(runner, int(size), kind, args.postgres), ensure_ascii=False), flush=True)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    stores = ["sqlite"] + (["postgres"] if args.postgres else [])
    runners = ([] if args.no_local else ["dask0"]) + [f"dask{n}" for n in args.workers.split(",") if n]
    results: list[dict[str, Any]] = []
    for runner in runners:
        for size in sizes:
            for kind in stores:
                command = [sys.executable, __file__, "--one", runner, str(size), kind]
                if args.postgres:
                    command += ["--postgres", args.postgres]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                results.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    RESULTS.mkdir(exist_ok=True)
    record = {"cpus": os.cpu_count(), "results": results}
    (RESULTS / "cluster_speed.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
