"""The command line: one command per verb.

Exit codes: 0 everything went through; 1 some inputs failed (each named on stderr, the rest
stored); 2 nothing could be done (bad usage, a store that cannot be opened).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, TaskID

from newsprism import __version__
from newsprism.cli_browse import register as register_browsing
from newsprism.cli_browse import stored_articles
from newsprism.cli_common import (
    EXIT_FAILURE,
    EXIT_INPUT_ERRORS,
    EXIT_OK,
    DbOption,
    JsonOption,
    err,
    out,
    write_json,
)
from newsprism.cli_follow import register as register_following
from newsprism.cli_jsonl import register as register_machine
from newsprism.ingest import DEFAULT_MAX_BYTES, IngestError, Source, list_sources
from newsprism.model import Article, Doc, Story
from newsprism.present.plural import en
from newsprism.present.progress import run_progress
from newsprism.present.report_file import ReportError
from newsprism.present.run_summary import FULL_OUTPUT_MAX, print_run_line
from newsprism.present.safe_text import error as error_line
from newsprism.present.safe_text import line as line_text
from newsprism.present.safe_text import warning
from newsprism.present.stories import stories_view, unnamed_outlets
from newsprism.present.summary import article_record
from newsprism.present.terminal import print_article
from newsprism.run import BATCH_SIZE, RunReport, read_all, run
from newsprism.store import DEFAULT_DB, Store, StoreError, open_store

PROGRESS_MIN_FILES = 4
PROGRESS_MIN_BYTES = 1024 * 1024  # one file this big holds hundreds of articles: show the bar
PROGRESS_EVERY = 16  # articles between updates of the count
DEFAULT_REPORT = Path("newsprism-report.html")
MAX_UPLOAD = 20 * 1024 * 1024

__all__ = ["EXIT_FAILURE", "EXIT_INPUT_ERRORS", "EXIT_OK", "app", "main"]

app = typer.Typer(
    name="newsprism",
    help="See one news story through every outlet that covered it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
PathsArgument = Annotated[
    list[str], typer.Argument(help="Files or folders (read recursively); - for standard input.")
]
OutletOption = Annotated[
    str | None,
    typer.Option(
        "--outlet",
        help="Outlet of the articles that name none (no outlet field, source line or URL); "
        "by default the name of the folder they are in under a given directory.",
    ),
]
MaxSizeOption = Annotated[
    int, typer.Option("--max-file-size", help="Skip, with an error, files larger than this many bytes.")
]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Articles written per transaction (and analysed together).")
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Parse and analyse on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "results are written here. Needs the dask extra; see docs/scaling.md.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Parse and analyse in N local worker processes (a Dask LocalCluster)."
    ),
]


@dataclass(slots=True, frozen=True)
class Cluster:
    """Where to run: a Dask scheduler's address, or a number of local workers, or neither (here)."""

    address: str | None = None
    workers: int | None = None

    @property
    def wanted(self) -> bool:
        return self.address is not None or self.workers is not None


def _version(value: bool) -> None:
    if value:
        out.print(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """See one news story through every outlet that covered it."""


def _open(db: str, *, read_only: bool = False) -> Store:
    """The store for a command; a reading command opens it read-only (never creates or changes it)."""
    try:
        return open_store(db, read_only=read_only)
    except StoreError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error


def _print_error(console: Console, error: IngestError) -> None:
    console.print(error_line(error))


def _ingest(
    paths: list[str],
    store: Store,
    *,
    analyse: bool,
    max_bytes: int,
    batch_size: int,
    cluster: Cluster = Cluster(),
    report: RunReport,
    own_files: list[str],
    outlet: str | None = None,
) -> RunReport:
    """Read, (analyse) and store, here or on a Dask cluster, counting in `report`; errors are
    printed as they come, with a progress bar on big batches. `own_files` are not read."""
    sources, missing = list_sources(paths, exclude=own_files, outlet=outlet)
    for error in missing:
        report.errors.append(error)
        _print_error(err, error)
    pipeline = None
    if analyse and not cluster.wanted:
        from newsprism.analyse import default_pipeline  # loads models: only when needed

        pipeline = default_pipeline()
    show_progress = err.is_terminal and (
        len(sources) >= PROGRESS_MIN_FILES or _input_bytes(sources) >= PROGRESS_MIN_BYTES
    )
    with run_progress(err, shown=show_progress) as progress:
        task = progress.add_task("analysing" if analyse else "ingesting", total=len(sources), articles=0)
        shown = len(report.errors)

        def file_done(_: Source) -> None:
            nonlocal shown
            for error in report.errors[shown:]:
                _print_error(progress.console, error)
            shown = len(report.errors)
            progress.advance(task)

        if cluster.wanted:
            _run_on_cluster(cluster, sources, store, report, analyse, max_bytes, batch_size, file_done)
        else:
            articles = read_all(sources, max_bytes=max_bytes, report=report, on_file=file_done)
            run(_counted(articles, progress, task), store, pipeline, report=report, batch_size=batch_size)
    return report


def _input_bytes(sources: list[Source]) -> int:
    """The size of the files to read (standard input and unreadable files count 0)."""
    total = 0
    for source in sources:
        with contextlib.suppress(OSError):
            total += 0 if source.path == "-" else Path(source.path).stat().st_size
    return total


def _counted(articles: Iterable[Article], progress: Progress, task: TaskID) -> Iterator[Article]:
    """The articles, each counted on the progress bar as it is read."""
    for count, article in enumerate(articles, 1):
        if count % PROGRESS_EVERY == 0:
            progress.update(task, articles=count)
        yield article


def _check_cluster(dask: str | None, workers: int | None) -> None:
    """--dask and --workers together are refused before the store is opened (or created)."""
    if dask is not None and workers is not None:
        err.print(error_line("give --dask ADDRESS or --workers N, not both"))
        raise typer.Exit(EXIT_FAILURE)


def _run_on_cluster(
    cluster: Cluster,
    sources: list[Source],
    store: Store,
    report: RunReport,
    analyse: bool,
    max_bytes: int,
    batch_size: int,
    on_file: Any,
) -> None:
    try:
        from newsprism.run.dask import ClusterError, connect, run_on_cluster
    except ImportError as error:
        err.print(error_line(f"--dask and --workers need Dask ({error}); pip install 'newsprism[dask]'"))
        raise typer.Exit(EXIT_FAILURE) from error
    try:
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
    except ClusterError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error


def _own_files(db: str, report: Path | None) -> list[str]:
    """The files this run writes: a SQLite store and its -wal, -shm and -journal files, the report."""
    path = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") else None if "://" in db else db
    found = [path + suffix for suffix in ("", "-wal", "-shm", "-journal")] if path else []
    return found + ([str(report), f"{report}.partial"] if report is not None else [])


def _exit_code(report: RunReport) -> int:
    if report.errors:
        return EXIT_INPUT_ERRORS
    return EXIT_OK


@app.command()
def analyze(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    report_path: Annotated[
        Path, typer.Option("--report", help="Where to write the self-contained HTML report.")
    ] = DEFAULT_REPORT,
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the HTML report.")] = False,
    max_file_size: MaxSizeOption = DEFAULT_MAX_BYTES,
    batch_size: BatchOption = BATCH_SIZE,
    dask: DaskOption = None,
    workers: WorkersOption = None,
    outlet: OutletOption = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--articles",
            "--verbose",
            "-v",
            help="Print every article's names and every story's comparison; the default for batches "
            "of up to 5 articles (bigger ones print the top stories and a summary).",
        ),
    ] = False,
) -> None:
    """Ingest and analyse articles, print the stories found and a summary, and write an HTML report.

    Example: [bold]newsprism analyze ../shared/seeds examples/ --report report.html[/]
    """
    if not no_report:
        _check_report(report_path)
    _check_cluster(dask, workers)
    store = _open(db)
    report = RunReport()
    written: Path | ReportError | None = None
    try:
        _ingest(
            paths,
            store,
            analyse=True,
            max_bytes=max_file_size,
            batch_size=batch_size,
            cluster=Cluster(dask, workers),
            report=report,
            own_files=_own_files(db, None if no_report else report_path),
            outlet=outlet,
        )
        items = [(article, store.doc(article.id)) for article in stored_articles(store, report.ids)]
        touched: list[Story] = []
        if items:
            from newsprism.run.stories import update_stories

            update_stories(store)
            seen = set(report.ids)
            touched = [s for s in store.stories() if seen.intersection(s.article_ids)]
        if not no_report and items:
            written = _write_run_report(report_path, store, touched, items)
        # Printed only once everything is stored and the report written: output never costs work.
        if as_json:
            for article, doc in items:
                write_json(sys.stdout, article_record(article, doc))
        elif items:
            _print_run(store, report, items, touched, full=verbose or len(items) <= FULL_OUTPUT_MAX)
        if isinstance(written, ReportError):
            err.print(error_line(f"{written}; the articles and their stories are stored"))
        elif written is not None:
            err.print(line_text(f"report: {written}"))
        print_run_line(err, report, analyse=True)
    except StoreError as error:
        _store_failed(error, report, analyse=True)
    finally:
        store.close()
    raise typer.Exit(EXIT_FAILURE if isinstance(written, ReportError) else _exit_code(report))


def _check_report(path: Path) -> None:
    """A report path that cannot be written is refused before any work is done."""
    from newsprism.present.report_file import check_report_path

    try:
        check_report_path(path)
    except ReportError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error


def _write_run_report(
    path: Path, store: Store, touched: list[Story], items: list[tuple[Article, Doc | None]]
) -> Path | ReportError:
    from newsprism.present.report import run_report, write_report

    try:
        return write_report(path, run_report(store, touched, items))
    except ReportError as error:
        return error


def _store_failed(error: StoreError, report: RunReport, *, analyse: bool) -> None:
    """A store that failed mid-run (a full disk, a read-only file): what was saved is kept, whole
    batches only; say so, and stop with exit 2."""
    err.print(error_line(error))
    whole = ", each with its analysis" if analyse else ""
    stored = en(report.new, "new article")
    err.print(line_text(f"stopped: {stored} stored before the error{whole}"))
    raise typer.Exit(EXIT_FAILURE) from error


def _print_run(
    store: Store, report: RunReport, items: list[tuple[Article, Doc | None]], touched: list[Story], full: bool
) -> None:
    """Every article and comparison when `full`, else the top stories; then the summary."""
    from newsprism.present import run_summary as summary

    if full:
        for article, doc in items:
            print_article(out, article, doc)
    shown = touched if full else touched[: summary.TABLE_STORIES]
    out.print(stories_view(shown, out, unnamed_outlets(store, shown)))
    if not full and len(touched) > summary.TABLE_STORIES:
        out.print(line_text(f"the top {summary.TABLE_STORIES} of {len(touched)} stories; --articles for all"))
    if full:
        summary.print_comparisons(out, store, touched)
    found = summary.disagreements(store, touched)
    summary.print_run_summary(out, report, summary.outlets_of(store, report.ids), touched, found)


@app.command()
def ingest(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB,
    max_file_size: MaxSizeOption = DEFAULT_MAX_BYTES,
    batch_size: BatchOption = BATCH_SIZE,
    dask: DaskOption = None,
    workers: WorkersOption = None,
    outlet: OutletOption = None,
) -> None:
    """Store articles without analysing them (analyse later with [bold]analyze[/]).

    Example: [bold]newsprism ingest feeds/ --db news.db[/]
    """
    _check_cluster(dask, workers)
    store = _open(db)
    report = RunReport()
    try:
        _ingest(
            paths,
            store,
            analyse=False,
            max_bytes=max_file_size,
            batch_size=batch_size,
            cluster=Cluster(dask, workers),
            report=report,
            own_files=_own_files(db, None),
            outlet=outlet,
        )
        print_run_line(err, report, analyse=False)
    except StoreError as error:
        _store_failed(error, report, analyse=False)
    finally:
        store.close()
    raise typer.Exit(_exit_code(report))


register_browsing(app)  # articles, stories, story, entities


@app.command()
def report(
    story_id: Annotated[str, typer.Argument(help="The id of an event or a storyline (see `stories`).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the self-contained HTML report.")
    ] = DEFAULT_REPORT,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the HTML comparison of one story: its articles side by side, figures, framing, voices.

    Example: [bold]newsprism report 2e6f6ef5185466f0 -o story.html[/]
    """
    from newsprism.present.report import render_report, story_views, write_report

    _check_report(output)
    store = _open(db, read_only=True)
    try:
        found = store.story(story_id)
        if found is None:
            err.print(error_line(f"no story {story_id!r} in {db}; `newsprism stories` lists them"))
            raise typer.Exit(EXIT_FAILURE)
        views = story_views(store, [found])
        if not views:
            err.print(
                error_line(f"story {story_id!r} has no analysed article in {db}; run `newsprism analyze`")
            )
            raise typer.Exit(EXIT_FAILURE)
        html = render_report(views, title=found.title)
    finally:
        store.close()
    try:
        written = write_report(output, html)
    except ReportError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error
    err.print(line_text(f"report: {written}"))


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps the server on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    groups: Annotated[
        Path | None, typer.Option(help="TOML file of outlet groups (editorial lines, countries).")
    ] = None,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="Accept articles at POST /api/articles (needs a token).")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(envvar="NEWSPRISM_TOKEN", help="Bearer token for ingest [env: NEWSPRISM_TOKEN]."),
    ] = None,
    max_upload: Annotated[int, typer.Option(min=1, help="Largest accepted upload, in bytes.")] = MAX_UPLOAD,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (about one per core).")] = 1,
    watch: Annotated[
        str | None,
        typer.Option(
            "--watch",
            metavar="EVERY",
            help="Also fetch the followed sources (`newsprism sources`) in the background, each every "
            "EVERY (15m, 1h); see docs/sources.md.",
        ),
    ] = None,
) -> None:
    """Open the store in a browser: stories, comparisons, entities, outlets, search, and a JSON API
    under /api (OpenAPI schema at /openapi.json).

    Example: [bold]newsprism serve --db newsprism-demo.db --groups docs/outlet-groups.toml[/]
    """
    from newsprism.web import GroupsError, Settings, load_groups
    from newsprism.web import serve as run_server

    if allow_ingest and not token:
        err.print(error_line("--allow-ingest needs a token: pass --token or set NEWSPRISM_TOKEN"))
        raise typer.Exit(EXIT_FAILURE)
    try:
        loaded = load_groups(groups) if groups is not None else ()
    except GroupsError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error
    # A store that cannot be opened is reported here, before the server starts; without ingest or
    # --watch the server only reads it.
    _open(db, read_only=not allow_ingest and watch is None).close()
    if watch is not None:
        from newsprism.cli_follow import parse_duration, start_background_watch

        try:
            every = parse_duration(watch)
        except typer.BadParameter as error:
            err.print(error_line(f"--watch: {error}"))
            raise typer.Exit(EXIT_FAILURE) from error
        start_background_watch(db, every)
    settings = Settings(db=db, groups=loaded, allow_ingest=allow_ingest, token=token, max_upload=max_upload)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(warning(f"listening on {host}: the store is readable from other machines"))
    run_server(settings, host=host, port=port, workers=workers)


register_machine(app)  # annotate, classify, sentiment, pairs
register_following(app)  # sources, fetch, watch


def main() -> None:
    # The analysis allocates millions of short-lived small objects; collecting the young generation
    # every 700 allocations cost 2-3 ms per article (docs/benchmarks.md), every 10,000 is enough.
    gc.set_threshold(10_000, 10, 10)
    try:
        app()
    except StoreError as error:  # a store that fails after it opened, in any command
        err.print(error_line(error))
        sys.exit(EXIT_FAILURE)
