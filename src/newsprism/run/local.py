"""The local runner: read sources, analyse what is new, write each batch in one transaction."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from newsprism.ingest import DEFAULT_MAX_BYTES, IngestError, Source, read_source
from newsprism.model import Article, Doc, Publication
from newsprism.store import Encoded, Saved, Store
from newsprism.store.outlets import Aliases
from newsprism.stories.view import StoryDoc

if TYPE_CHECKING:  # the analysis imports scikit-learn (seconds): only commands that analyse load it
    from newsprism.analyse.pipeline import Pipeline

BATCH_SIZE = 64


@dataclass(slots=True)
class RunReport:
    """What a run did: the ids it saw in input order (each once), counts and per-input errors.
    `reprints` counts new publications of a text already stored (another outlet's copy)."""

    ids: list[str] = field(default_factory=list)
    new: int = 0
    reprints: int = 0
    analysed: int = 0
    # analysed texts in languages other than Russian, by language: the Russian-only steps skipped them
    other_languages: dict[str, int] = field(default_factory=dict)
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
        yield from collect(read_source(source, max_bytes=max_bytes), source, report, on_file)


def collect(
    items: Iterable[Article | IngestError],
    source: Source,
    report: RunReport,
    on_file: Callable[[Source], None] | None = None,
) -> Iterator[Article]:
    """One source's articles; its errors go to the report, and the file is counted as read."""
    for item in items:
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
    version = pipeline.version if pipeline is not None else None
    for fresh, todo in batches(articles, store, version, report, batch_size):
        analysed = analyse(pipeline, todo) if pipeline is not None else []
        save_batch(store, fresh, analysed, version, report)
    return report


Analysed = tuple[Doc | Encoded, dict[str, Any]]  # an analysis and the story view saved with it


def analyse(pipeline: Pipeline, articles: Sequence[Article]) -> list[tuple[Doc, dict[str, Any]]]:
    """The analyses of these articles, each with its story view."""
    by_id = {article.id: article for article in articles}
    docs = pipeline.pipe(Doc.from_article(article) for article in articles)
    return [(doc, StoryDoc.from_analysis(by_id[doc.article_id], doc).to_dict()) for doc in docs]


def batches(
    articles: Iterable[Article],
    store: Store,
    version: str | None,
    report: RunReport,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[list[Article], list[Article]]]:
    """Batches of publications not seen before in this run (an outlet's article; the same text
    from two outlets is two), each with the texts that need an analysis by this pipeline `version`
    (none when `version` is None): each text once per run, under its first publication. Every
    runner cuts its input the same way, so they store the same batches."""
    seen: set[tuple[str, str, str]] = set()
    texts: set[str] = set()
    iterator = iter(articles)
    named = outlet_names(store)
    while batch := list(islice(iterator, batch_size)):
        fresh = []
        for article in map(named, batch):
            key = Publication.of(article).key
            if key not in seen:
                seen.add(key)
                fresh.append(article)
        new = []
        for article in fresh:
            if article.id not in texts:
                texts.add(article.id)
                new.append(article)
        report.ids.extend(article.id for article in new)
        todo: list[Article] = []
        if version is not None:
            done = store.analysed([article.id for article in new], version)
            todo = [article for article in new if article.id not in done]
        yield fresh, todo


def outlet_names(store: Store) -> Callable[[Article], Article]:
    """The article under the name of the followed source its outlet is known by (a host
    «kommersant.ru», a folder «kommersant» → «Коммерсантъ», `store.outlets.Aliases`); as it is
    when the store follows no source or none matches. The text's id does not change."""
    aliases = Aliases.of_sources(store.sources())
    if not aliases.names:
        return lambda article: article

    def named(article: Article) -> Article:
        name = aliases.name(article.outlet) if article.outlet else None
        return dataclasses.replace(article, outlet=name) if name and name != article.outlet else article

    return named


def save_batch(
    store: Store,
    fresh: Sequence[Article],
    analysed: Iterable[Analysed],
    version: str | None,
    report: RunReport,
) -> Saved:
    """Save a batch and its analyses in one transaction and count them in the report."""
    found: Mapping[str, Analysed] = {doc.article_id: (doc, view) for doc, view in analysed}
    pairs = [(article, found[article.id][0] if article.id in found else None) for article in fresh]
    views = {article_id: view for article_id, (_, view) in found.items()}
    saved = store.save(pairs, version or "", views)
    report.new += len(saved.new)
    report.reprints += saved.reprints
    report.analysed += len(saved.analysed)
    for view in views.values():
        language = str(view.get("language", "ru"))
        if language != "ru":
            report.other_languages[language] = report.other_languages.get(language, 0) + 1
    return saved
