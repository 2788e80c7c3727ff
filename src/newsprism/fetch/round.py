"""One fetch round: every due source harvested (several at once), its new articles stored and
analysed through the same runner as `analyze`, then its state recorded; stories updated last.

Order, for kill -9 safety: a source's articles are saved (one transaction per batch), and only
then its seen URLs, validators and status (`Store.record_round`). Killed between the two, the
next round fetches the same entries again and storing them again changes nothing.

A source whose round fails (every feed failed) `BACKOFF_AFTER` times in a row is backed off: its
next round waits twice as long each further time, up to `MAX_BACKOFF`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newsprism.fetch.client import Fetcher
from newsprism.fetch.harvest import Harvest, harvest
from newsprism.run.local import RunReport, run
from newsprism.store import Store
from newsprism.store.following import SourceRound, SourceStatus

if TYPE_CHECKING:
    from newsprism.analyse.pipeline import Pipeline

DEFAULT_EVERY = timedelta(minutes=15)
KEEP_SEEN = timedelta(days=30)  # a seen URL no feed lists any more is forgotten after this
BACKOFF_AFTER = 3
MAX_BACKOFF = timedelta(days=1)


@dataclass(slots=True, frozen=True)
class SourceResult:
    """One source's part of a round."""

    name: str
    new: int
    pages: int
    errors: tuple[str, ...]
    failures: int
    next_due: str

    @property
    def backed_off(self) -> bool:
        return self.failures >= BACKOFF_AFTER


@dataclass(slots=True)
class RoundReport:
    """What a round did: sources fetched (and not yet due), HTTP requests and bodies, new
    articles (texts) and new publications of stored texts, errors by source."""

    started: str
    sources: int = 0
    not_due: int = 0
    requests: int = 0
    bodies: int = 0
    robots: int = 0
    new: int = 0
    reprints: int = 0
    analysed: int = 0
    results: list[SourceResult] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(len(result.errors) for result in self.results)

    @property
    def backed_off(self) -> list[str]:
        return [result.name for result in self.results if result.backed_off]

    def to_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "sources": self.sources,
            "not_due": self.not_due,
            "requests": self.requests,
            "bodies": self.bodies,
            "robots": self.robots,
            "new": self.new,
            "reprints": self.reprints,
            "analysed": self.analysed,
            "errors": self.errors,
            "backed_off": self.backed_off,
            "per_source": [
                {
                    "name": r.name,
                    "new": r.new,
                    "pages": r.pages,
                    "errors": list(r.errors),
                    "failures": r.failures,
                    "next_due": r.next_due,
                }
                for r in self.results
            ],
        }


def due_sources(sources: Sequence[SourceStatus], now: datetime) -> list[SourceStatus]:
    """The sources whose next round is due at `now`."""
    moment = now.isoformat()
    return [source for source in sources if source.next_due <= moment]


def next_due(now: datetime, every: timedelta, failures: int) -> datetime:
    """When a source is due again after a round that leaves it with `failures` in a row."""
    if failures < BACKOFF_AFTER:
        return now + every
    return now + min(every * (1 << (failures - BACKOFF_AFTER + 1)), MAX_BACKOFF)


def fetch_round(
    store: Store,
    fetcher: Fetcher,
    analyser: Callable[[], Pipeline] | None,
    *,
    every: timedelta = DEFAULT_EVERY,
    everything: bool = False,
    now: datetime | None = None,
    keep_seen: timedelta = KEEP_SEEN,
    on_source: Callable[[SourceResult], None] | None = None,
) -> RoundReport:
    """Fetch every due source (every source with `everything`), store and analyse what is new
    (with `analyser`, which makes the pipeline, called once when there is something to analyse;
    without one, store only), record each source's state. One source's failure
    never stops the others; a failing store does (`StoreError`), leaving state unrecorded.
    A source whose feeds were all read in full forgets the seen URLs they no longer list and
    that were last listed more than `keep_seen` before `now`."""
    now = now or datetime.now(UTC)
    report = RoundReport(started=now.isoformat())
    followed = store.sources()
    due = followed if everything else due_sources(followed, now)
    report.not_due = len(followed) - len(due)
    report.sources = len(due)
    loaded: list[Pipeline] = []

    def pipeline() -> Pipeline | None:
        if analyser is not None and not loaded:
            loaded.append(analyser())
        return loaded[0] if loaded else None

    before = (fetcher.counts.requests, fetcher.counts.bodies, fetcher.counts.robots)
    if due:
        workers = max(1, min(fetcher.settings.concurrency, len(due)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            futures: dict[Future[Harvest], SourceStatus] = {
                pool.submit(harvest, source, fetcher, store.seen_urls): source for source in due
            }
            try:
                for future in as_completed(futures):
                    source = futures[future]
                    found = _harvested(future, source)
                    steps = pipeline() if found.articles else None
                    timing = (every, now.isoformat(), (now - keep_seen).isoformat())
                    result = _store_harvest(store, steps, source, found, timing, report)
                    report.results.append(result)
                    if on_source is not None:
                        on_source(result)
            except BaseException:  # Ctrl-C or a failing store: start no other source, keep what is stored
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    report.requests = fetcher.counts.requests - before[0]
    report.bodies = fetcher.counts.bodies - before[1]
    report.robots = fetcher.counts.robots - before[2]
    report.results.sort(key=lambda result: result.name)
    return report


def _harvested(future: Future[Harvest], source: SourceStatus) -> Harvest:
    try:
        return future.result()
    except Exception as error:  # a bug or a library failure on one source must not stop the round
        failed = Harvest(source.name, errors=[f"{source.name}: {type(error).__name__}: {error}"])
        failed.feeds_failed = max(1, len(source.feeds))
        return failed


def _store_harvest(
    store: Store,
    pipeline: Pipeline | None,
    source: SourceStatus,
    found: Harvest,
    timing: tuple[timedelta, str, str],  # every, the round's start, when unlisted seen URLs go
    report: RoundReport,
) -> SourceResult:
    every, started, keep_since = timing
    stored = run(found.articles, store, pipeline, report=RunReport())
    report.new += stored.new
    report.reprints += stored.reprints
    report.analysed += stored.analysed
    finished = datetime.now(UTC)
    failures = source.failures + 1 if found.failed else 0
    due = next_due(finished, every, failures).isoformat()
    errors = tuple(found.errors)
    store.record_round(
        SourceRound(
            name=source.name,
            fetched_at=finished.isoformat(),
            next_due=due,
            new=stored.new + stored.reprints,
            errors=errors,
            failures=failures,
            feeds=tuple(found.feeds),
            seen=tuple(found.seen),
            listed=tuple(found.listed) if found.complete else None,
            listed_at=started,
            drop_children=not found.keep_children,
            keep_since=keep_since,
        )
    )
    return SourceResult(source.name, stored.new + stored.reprints, found.pages, errors, failures, due)
