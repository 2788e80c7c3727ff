"""The analyze and ingest use cases: paths → sources → (analysis) → store → the stories touched.

    PathRun(paths, own_files=…)          list the files (recursively), each missing one an error
      .run(store, report, analyse=…)    read, analyse and save in batches, here (`local`) or on a
                                        Dask cluster (`dask`); hooks say when a file is done and
                                        how many articles were read, for a progress bar
    touched_stories(store, report)      re-cluster the stories; the articles this run stored and
                                        the stories that hold them

The command line (`newsprism analyze`, `newsprism ingest`) only adds the progress bar, the
printing and the exit codes; the runner code is the same for every caller.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import ClusterError
from newsprism.ingest import IngestError, Source, list_sources
from newsprism.model import Article, Doc, Story
from newsprism.run.local import RunReport, read_all, run
from newsprism.store import Store

__all__ = ["Cluster", "PathRun", "own_files", "stored_articles", "touched_stories"]


@dataclass(slots=True, frozen=True)
class Cluster:
    """Where to run: a Dask scheduler's address, or a number of local workers, or neither (here)."""

    address: str | None = None
    workers: int | None = None

    @property
    def wanted(self) -> bool:
        return self.address is not None or self.workers is not None


def own_files(db: str, report: Path | None) -> list[str]:
    """The files a run writes, never read as input: a SQLite store and its -wal, -shm and -journal
    files, the report."""
    path = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") else None if "://" in db else db
    found = [path + suffix for suffix in ("", "-wal", "-shm", "-journal")] if path else []
    return found + ([str(report), f"{report}.partial"] if report is not None else [])


@dataclass(slots=True)
class PathRun:
    """The files under `paths` (`exclude`d ones skipped), and the paths that are not there."""

    paths: list[str]
    exclude: list[str] = field(default_factory=list)
    outlet: str | None = None
    sources: list[Source] = field(init=False)
    missing: list[IngestError] = field(init=False)

    def __post_init__(self) -> None:
        self.sources, self.missing = list_sources(self.paths, exclude=self.exclude, outlet=self.outlet)

    def input_bytes(self) -> int:
        """The size of the files to read (standard input and unreadable files count 0)."""
        total = 0
        for source in self.sources:
            with contextlib.suppress(OSError):
                total += 0 if source.path == "-" else Path(source.path).stat().st_size
        return total

    def run(
        self,
        store: Store,
        report: RunReport,
        *,
        analyse: bool,
        max_bytes: int,
        batch_size: int,
        cluster: Cluster = Cluster(),
        on_file: Callable[[Source], None] = lambda _: None,
        on_articles: Callable[[int], None] = lambda _: None,
        every: int = 16,
    ) -> RunReport:
        """Read, (analyse) and store every source, counting in `report` (the missing paths first).
        `on_file` is called after each file, `on_articles` with the count every `every` articles
        (local runs). Raises ClusterError (Dask missing, a cluster unreachable)."""
        report.errors.extend(self.missing)
        if cluster.wanted:
            _run_on_cluster(cluster, self.sources, store, report, analyse, max_bytes, batch_size, on_file)
            return report
        pipeline = None
        if analyse:
            from newsprism.analyse import default_pipeline  # loads models: only when needed

            pipeline = default_pipeline()
        articles = read_all(self.sources, max_bytes=max_bytes, report=report, on_file=on_file)
        run(_counted(articles, on_articles, every), store, pipeline, report=report, batch_size=batch_size)
        return report


def _counted(
    articles: Iterable[Article], on_articles: Callable[[int], None], every: int
) -> Iterator[Article]:
    for count, article in enumerate(articles, 1):
        if count % every == 0:
            on_articles(count)
        yield article


def _run_on_cluster(
    cluster: Cluster,
    sources: list[Source],
    store: Store,
    report: RunReport,
    analyse: bool,
    max_bytes: int,
    batch_size: int,
    on_file: Callable[[Source], None],
) -> None:
    try:
        from newsprism.run.dask import connect, run_on_cluster
    except ImportError as error:
        raise ClusterError(
            f"--dask and --workers need Dask ({error}); pip install 'newsprism[dask]'"
        ) from error
    with connect(cluster.address, cluster.workers) as client:
        run_on_cluster(
            client,
            sources,
            store,
            analyse=analyse,
            report=report,
            max_bytes=max_bytes,
            batch_size=batch_size,
            on_file=on_file,
        )


def stored_articles(store: Store, ids: list[str]) -> Iterator[Article]:
    """The stored articles of `ids`, in order; ids no longer stored are skipped."""
    for article_id in ids:
        article = store.article(article_id)
        if article is not None:
            yield article


def touched_stories(store: Store, report: RunReport) -> tuple[list[tuple[Article, Doc | None]], list[Story]]:
    """After a run: the stories re-clustered; the run's stored articles with their analyses, and
    the stories that hold any of them."""
    items = [(article, store.doc(article.id)) for article in stored_articles(store, report.ids)]
    if not items:
        return items, []
    from newsprism.run.stories import update_stories

    update_stories(store)
    seen = set(report.ids)
    return items, [story for story in store.stories() if seen.intersection(story.article_ids)]
