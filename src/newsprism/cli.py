"""The command line: one command per verb.

Exit codes: 0 everything went through; 1 some inputs failed (each named on stderr, the rest
stored); 2 nothing could be done (bad usage, a store that cannot be opened).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsprism import __version__
from newsprism.cli_browse import register as register_browsing
from newsprism.cli_common import (
    EXIT_FAILURE,
    EXIT_INPUT_ERRORS,
    EXIT_OK,
    DbOption,
    JsonOption,
    err,
    open_or_exit,
    out,
    write_json,
)
from newsprism.cli_follow import register as register_following
from newsprism.cli_jsonl import register as register_machine
from newsprism.cli_run_options import (
    BatchOption,
    DaskOption,
    MaxSizeOption,
    OutletOption,
    PathsArgument,
    WorkersOption,
)
from newsprism.errors import ClusterError
from newsprism.ingest import DEFAULT_MAX_BYTES, Source
from newsprism.model import Article, Doc, Story
from newsprism.present.plural import en
from newsprism.present.progress import run_progress
from newsprism.present.report_file import ReportError
from newsprism.present.run_summary import FULL_OUTPUT_MAX, print_run, print_run_line
from newsprism.present.safe_text import error as error_line
from newsprism.present.safe_text import line as line_text
from newsprism.present.safe_text import warning
from newsprism.present.summary import article_record
from newsprism.run import BATCH_SIZE, RunReport
from newsprism.run.paths import Cluster, PathRun, own_files, touched_stories
from newsprism.store import DEFAULT_DB, Store, StoreError

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


def _ingest(
    paths: list[str],
    store: Store,
    *,
    analyse: bool,
    max_bytes: int,
    batch_size: int,
    cluster: Cluster,
    report: RunReport,
    own_files: list[str],
    outlet: str | None = None,
) -> RunReport:
    """The use case (`run.paths`) with the errors printed as they come and a progress bar on big
    batches. `own_files` are not read."""
    work = PathRun(paths, exclude=own_files, outlet=outlet)
    for error in work.missing:
        err.print(error_line(error))
    show_progress = err.is_terminal and (
        len(work.sources) >= PROGRESS_MIN_FILES or work.input_bytes() >= PROGRESS_MIN_BYTES
    )
    with run_progress(err, shown=show_progress) as progress:
        task = progress.add_task("analysing" if analyse else "ingesting", total=len(work.sources), articles=0)
        shown = len(report.errors) + len(work.missing)

        def file_done(_: Source) -> None:
            nonlocal shown
            for error in report.errors[shown:]:
                progress.console.print(error_line(error))
            shown = len(report.errors)
            progress.advance(task)

        try:
            work.run(
                store,
                report,
                analyse=analyse,
                max_bytes=max_bytes,
                batch_size=batch_size,
                cluster=cluster,
                on_file=file_done,
                on_articles=lambda count: progress.update(task, articles=count),
                every=PROGRESS_EVERY,
            )
        except ClusterError as error:
            err.print(error_line(error))
            raise typer.Exit(EXIT_FAILURE) from error
    return report


def _check_cluster(dask: str | None, workers: int | None) -> None:
    """--dask and --workers together are refused before the store is opened (or created)."""
    if dask is not None and workers is not None:
        err.print(error_line("give --dask ADDRESS or --workers N, not both"))
        raise typer.Exit(EXIT_FAILURE)


def _exit_code(report: RunReport) -> int:
    return EXIT_INPUT_ERRORS if report.errors else EXIT_OK


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
    store = open_or_exit(db)
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
            own_files=own_files(db, None if no_report else report_path),
            outlet=outlet,
        )
        items, touched = touched_stories(store, report)
        if not no_report and items:
            written = _write_run_report(report_path, store, touched, items)
        # Printed only once everything is stored and the report written: output never costs work.
        if as_json:
            for article, doc in items:
                write_json(sys.stdout, article_record(article, doc))
        elif items:
            print_run(out, store, report, items, touched, full=verbose or len(items) <= FULL_OUTPUT_MAX)
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
    store = open_or_exit(db)
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
            own_files=own_files(db, None),
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
    store = open_or_exit(db, read_only=True)
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
    open_or_exit(db, read_only=not allow_ingest and watch is None).close()
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
