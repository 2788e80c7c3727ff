"""The local runner: read sources, analyse what is new, write each batch in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from newsprism.analyse.pipeline import Pipeline
from newsprism.ingest import DEFAULT_MAX_BYTES, IngestError, Source, read_source
from newsprism.model import Article, Doc
from newsprism.store import Store
from newsprism.stories.view import StoryDoc

BATCH_SIZE = 64


@dataclass(slots=True)
class RunReport:
    """What a run did: the ids it saw in input order (each once), counts and per-input errors."""

    ids: list[str] = field(default_factory=list)
    new: int = 0
    analysed: int = 0
    errors: list[IngestError] = field(default_factory=list)
    files: int = 0

    @property
    def failed_files(self) -> int:
        return len({error.file for error in self.errors})


def read_all(
    sources: Sequence[Source],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    report: RunReport,
    on_file: Callable[[Source], None] | None = None,
) -> Iterator[Article]:
    """Articles of every source in order; errors go to the report, never stop the stream."""
    for source in sources:
        for item in read_source(source, max_bytes=max_bytes):
            if isinstance(item, IngestError):
                report.errors.append(item)
            else:
                yield item
        report.files += 1
        if on_file is not None:
            on_file(source)


def run(
    articles: Iterable[Article],
    store: Store,
    pipeline: Pipeline | None,
    *,
    report: RunReport | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunReport:
    """Store the articles and, with a pipeline, analyse those without a current analysis.

    Each batch of articles and their analyses is saved in one transaction, so an interrupted run
    leaves whole articles only, and running it again does what is left.
    """
    report = report if report is not None else RunReport()
    seen: set[str] = set()
    iterator = iter(articles)
    while batch := list(islice(iterator, batch_size)):
        fresh = [article for article in batch if article.id not in seen]
        seen.update(article.id for article in fresh)
        report.ids.extend(article.id for article in fresh)
        pairs: list[tuple[Article, Doc | None]] = [(article, None) for article in fresh]
        if pipeline is not None:
            done = store.analysed([article.id for article in fresh], pipeline.version)
            todo = [article for article in fresh if article.id not in done]
            docs = {doc.article_id: doc for doc in pipeline.pipe(Doc.from_article(a) for a in todo)}
            pairs = [(article, docs.get(article.id)) for article in fresh]
        views = {a.id: StoryDoc.from_analysis(a, d).to_dict() for a, d in pairs if d is not None}
        saved = store.save(pairs, pipeline.version if pipeline else "", views)
        report.new += len(saved.new)
        report.analysed += len(saved.analysed)
    return report
