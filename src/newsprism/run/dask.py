"""The Dask runner: the local runner's batches, parsed and analysed on a Dask cluster's workers.

    client (newsprism analyze --dask / --workers)          workers, one thread each
    sources, in order  ──── read_file(source) ──────────▶  parse one file into articles
    batches as `local.batches` cuts them
      (skipping what the store holds analysed) ── analyse_batch(articles) ─▶ the pipeline, loaded
                                                                            once per worker
    save each batch, in input order, in one  ◀──────────  analyses and story views
    transaction through the store

Only the client talks to the store, so the store sees the same writes, in the same order, as in a
local run; stories are clustered on the client afterwards. The workers read the input files
themselves: on a real cluster the paths must be visible to every worker (a shared file system);
standard input is read on the client. A worker that dies loses only its unfinished tasks: the
scheduler runs them again elsewhere, and the client saves each batch once, when its result comes.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin

from newsprism.analyse.pipeline import Pipeline
from newsprism.errors import ClusterError as ClusterError
from newsprism.ingest import DEFAULT_MAX_BYTES, IngestError, Source, read_source
from newsprism.model import Article, Doc
from newsprism.run.local import BATCH_SIZE, Analysed, RunReport, analyse, batches, collect, save_batch
from newsprism.store import Saved, Store, encode

STDIN = "-"
# Tasks kept in flight per worker thread: enough that no worker waits while the client saves.
AHEAD_PER_THREAD = 2
CONNECT_TIMEOUT = "20s"
# Steps load their models on first use: one short text through the pipeline loads them all.
WARM_UP = "Вчера в Москве министр Иван Петров сказал: «Цены выросли на 5%»."


# --- on the workers -------------------------------------------------------------------------

_pipeline: Pipeline | None = None
_pipeline_lock = threading.Lock()


def worker_pipeline() -> Pipeline:
    """This process's pipeline, built and its models loaded (~1.5 s, ~300 MB) on first use only."""
    global _pipeline
    with _pipeline_lock:
        if _pipeline is None:
            from newsprism.analyse import default_pipeline

            pipeline = default_pipeline()
            pipeline(Doc(text=WARM_UP))
            _pipeline = pipeline
        return _pipeline


class PipelinePlugin(WorkerPlugin):
    """Loads the models when a worker starts (and when a dead worker is replaced), so the first
    batch on each worker does not pay for it."""

    name = "newsprism-pipeline"

    def setup(self, worker: Any) -> None:
        worker_pipeline()


def pipeline_version() -> str:
    return worker_pipeline().version


def read_file(source: Source, max_bytes: int, cwd: str = "") -> list[Article | IngestError]:
    """The articles and errors of one file. A relative path is taken from `cwd` (the client's
    working directory: workers start elsewhere) and reported as given, as a local run would."""
    path = str(Path(cwd) / source.path)  # an absolute path stays as it is
    items = read_source(dataclasses.replace(source, path=path), max_bytes=max_bytes)
    if path == source.path:
        return list(items)
    return [_as_given(item, path, source.path) for item in items]


def _as_given(item: Article | IngestError, path: str, given: str) -> Article | IngestError:
    if isinstance(item, IngestError):
        return dataclasses.replace(item, file=given) if item.file == path else item
    if item.origin is not None and item.origin.file == path:
        item.origin = dataclasses.replace(item.origin, file=given)
    return item


def analyse_batch(articles: Sequence[Article]) -> list[Analysed]:
    """The batch's analyses, encoded for the store here: the client, which every result passes
    through, then only inserts rows (a `Doc` costs it ~5 ms to unpickle and encode, this under 1 ms)."""
    pipeline = worker_pipeline()
    with _pipeline_lock:  # a worker with several threads shares one pipeline; steps are not reentrant
        analysed = analyse(pipeline, articles)
    return [(encode(doc), view) for doc, view in analysed]


# --- on the client --------------------------------------------------------------------------


@contextmanager
def connect(address: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new local cluster of `workers` processes
    with one thread each (closed on exit)."""
    if address is not None:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        with client:
            yield client
        return
    # A worker killed at close after a few seconds' grace is no news to the user: errors only.
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never clash with another cluster on this machine
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def cluster_version(client: Client) -> str:
    """Load the pipeline on every worker (now and on workers that join later) and return its
    version, which must be the same everywhere."""
    client.register_plugin(PipelinePlugin())
    versions = client.run(pipeline_version)
    if not versions:
        raise ClusterError("the Dask cluster has no workers; start some with dask-worker (docs/scaling.md)")
    if len(set(versions.values())) > 1:
        found = ", ".join(f"{worker}: {version}" for worker, version in sorted(versions.items()))
        raise ClusterError(
            f"the workers run different analyses ({found}); install the same newsprism on every worker"
        )
    return str(next(iter(versions.values())))


def run_on_cluster(
    client: Client,
    sources: Sequence[Source],
    store: Store,
    *,
    analyse: bool,
    report: RunReport | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = BATCH_SIZE,
    on_file: Callable[[Source], None] | None = None,
    on_batch: Callable[[Saved], None] | None = None,
) -> RunReport:
    """What `local.run(read_all(sources), ...)` does, with parsing and analysis on the workers:
    the same batches, saved in the same order, one transaction each. `on_batch` is called after
    each batch is saved."""
    report = report if report is not None else RunReport()
    version = cluster_version(client) if analyse else None
    ahead = AHEAD_PER_THREAD * max(1, sum(client.nthreads().values()))
    articles = _read(client, sources, max_bytes, report, ahead, on_file)
    pending: deque[tuple[list[Article], Future[list[Any]] | None]] = deque()

    def save_oldest() -> None:
        fresh, future = pending.popleft()
        analysed: list[Analysed] = future.result() if future is not None else []
        saved = save_batch(store, fresh, analysed, version, report)
        if on_batch is not None:
            on_batch(saved)

    for fresh, todo in batches(articles, store, version, report, batch_size):
        future = client.submit(analyse_batch, todo, pure=False) if todo else None
        pending.append((fresh, future))
        if len(pending) > ahead:
            save_oldest()
    while pending:
        save_oldest()
    return report


def _read(
    client: Client,
    sources: Sequence[Source],
    max_bytes: int,
    report: RunReport,
    ahead: int,
    on_file: Callable[[Source], None] | None,
) -> Iterator[Article]:
    """Articles of every source in order, parsed on the workers a few files ahead of the client."""
    queue: deque[tuple[Source, Future[list[Any]] | None]] = deque()
    upcoming = iter(sources)

    def submit_next() -> None:
        source = next(upcoming, None)
        if source is None:
            return
        # Only the client has our standard input.
        if source.path == STDIN:
            future = None
        else:
            future = client.submit(read_file, source, max_bytes, str(Path.cwd()), pure=False)
        queue.append((source, future))

    for _ in range(ahead):
        submit_next()
    while queue:
        source, future = queue.popleft()
        submit_next()
        items = future.result() if future is not None else read_file(source, max_bytes)
        yield from collect(items, source, report, on_file)
