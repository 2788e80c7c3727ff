"""The commands that follow outlets: `sources add|list|remove|import`, `fetch` (one round, for
cron) and `watch` (rounds until stopped). Registered on the main app by `newsprism.cli`.

Exit codes as everywhere: 0 all went through; 1 some sources or entries failed (each named on
stderr, the rest stored); 2 nothing could be done (bad usage, a store that cannot be opened).
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsprism.cli_common import open_or_exit
from newsprism.cli_fetch_options import (
    ConcurrencyOption,
    EveryOption,
    IntervalOption,
    MaxBytesOption,
    MaxWaitOption,
    PrivateOption,
    TimeoutOption,
    UserAgentOption,
    fetch_settings,
)
from newsprism.present.safe_text import error as error_line
from newsprism.present.safe_text import line as line_text
from newsprism.present.safe_text import warning
from newsprism.store import DEFAULT_DB, Store, open_store

if TYPE_CHECKING:
    from newsprism.fetch import Fetcher, RoundReport

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_FAILURE = 0, 1, 2

out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)

sources_app = typer.Typer(
    name="sources",
    help="The outlets to follow: their feeds, groups, and how their last fetch went.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

DbOption = Annotated[
    str,
    typer.Option("--db", help="The store: a SQLite file, or a postgresql://user:password@host/dbname URL."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON lines instead of readable text.")]
_DURATION = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(value: str) -> timedelta:
    """`15m`, `1h30m`, `45s`, `1d` as a timedelta; `typer.BadParameter` otherwise."""
    compact = value.strip().lower()
    parts = _DURATION.findall(compact)
    if not parts or "".join(number + unit for number, unit in parts) != compact:
        raise typer.BadParameter(f"{value!r}: give a duration such as 15m, 1h, 1h30m or 90s")
    duration = timedelta(**{_UNITS[unit]: 0 for unit in _UNITS})
    for number, unit in parts:
        duration += timedelta(**{_UNITS[unit]: int(number)})
    if duration <= timedelta(0):
        raise typer.BadParameter(f"{value!r}: the interval must be longer than 0")
    return duration


def _write_json(record: Any) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="The URL of the outlet's RSS or Atom feed (or news sitemap).")],
    name: Annotated[str, typer.Option("--name", help="The outlet's name, as its articles are stored.")],
    group: Annotated[
        list[str] | None, typer.Option("--group", help="A group of the outlet (repeat for several).")
    ] = None,
    sitemap: Annotated[
        bool, typer.Option("--sitemap", help="URL is a news sitemap, not an RSS or Atom feed.")
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Follow a feed of an outlet (a second feed of the same --name is added to it).

    Example: [bold]newsprism sources add https://vestnik.example/rss.xml --name Вестник --group regional[/]
    """
    from newsprism.fetch.sources_file import SourcesFileError, check_feed_url
    from newsprism.store.following import SourceSpec

    try:
        check_feed_url(url, "the feed URL")
    except SourcesFileError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error
    if not name.strip():
        err.print(error_line("--name must not be empty"))
        raise typer.Exit(EXIT_FAILURE)
    store = open_or_exit(db)
    try:
        groups = tuple(g.strip() for g in group or () if g.strip())
        feeds, sitemaps = ((), (url,)) if sitemap else ((url,), ())
        store.add_sources([SourceSpec(name.strip(), feeds, groups, sitemaps)])
    finally:
        store.close()
    err.print(line_text("following ", name.strip(), ": ", url))


@sources_app.command("import")
def sources_import(
    file: Annotated[Path, typer.Argument(help="A sources file: .toml, or .opml from a feed reader.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Follow every outlet a TOML or OPML file lists (see docs/sources.md for the format).

    Example: [bold]newsprism sources import docs/sources.example.toml[/]
    """
    from newsprism.fetch.sources_file import SourcesFileError, load_sources

    try:
        specs = load_sources(file)
    except SourcesFileError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error
    store = open_or_exit(db)
    try:
        store.add_sources(specs)
    finally:
        store.close()
    feeds = sum(len(spec.feeds) + len(spec.sitemaps) for spec in specs)
    err.print(line_text(f"following {len(specs)} sources ({feeds} feeds and sitemaps) from ", str(file)))


@sources_app.command("list")
def sources_list(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """The followed outlets: groups, feeds, last fetch, new articles, errors, next due time.

    Example: [bold]newsprism sources list --db news.db[/]
    """
    from newsprism.present.following import source_record, sources_table

    store = open_or_exit(db)
    try:
        found = store.sources()
    finally:
        store.close()
    if as_json:
        for source in found:
            _write_json(source_record(source))
        return
    out.print(sources_table(found))


@sources_app.command("remove")
def sources_remove(
    name: Annotated[str, typer.Argument(help="The source's name (see `sources list`).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Stop following an outlet; its stored articles stay.

    Example: [bold]newsprism sources remove Вестник[/]
    """
    store = open_or_exit(db)
    try:
        removed = store.remove_source(name)
    finally:
        store.close()
    if not removed:
        err.print(error_line(f"no source named {name!r}; `newsprism sources list` shows them"))
        raise typer.Exit(EXIT_FAILURE)
    err.print(line_text("no longer following ", name))


SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources", help="Follow the sources of this .toml or .opml file first (as `sources import`)."
    ),
]


def _import(store: Store, file: Path | None) -> None:
    if file is None:
        return
    from newsprism.fetch.sources_file import SourcesFileError, load_sources

    try:
        store.add_sources(load_sources(file))
    except SourcesFileError as error:
        store.close()
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error


def _one_round(
    store: Store, fetcher: Fetcher, every: timedelta, everything: bool, *, progress_bar: bool = True
) -> RoundReport:
    """A round with a progress bar on a terminal (sources done, requests, new articles, errors);
    stories updated when anything is new."""
    from newsprism.fetch import SourceResult, fetch_round
    from newsprism.fetch.round import due_sources

    def analyser() -> Any:
        from newsprism.analyse import default_pipeline  # loads models: only when there is news

        return default_pipeline()

    followed = store.sources()
    due = len(followed if everything else due_sources(followed, datetime.now(UTC)))
    requests = fetcher.counts.requests
    new = errors = 0
    with Progress(
        TextColumn("fetching"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),  # numbers only: nothing from a feed is shown here
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not progress_bar or not err.is_terminal or due == 0,
    ) as progress:
        task = progress.add_task("", total=due)

        def source_done(result: SourceResult) -> None:
            nonlocal new, errors
            new, errors = new + result.new, errors + len(result.errors)
            sent = fetcher.counts.requests - requests
            progress.update(task, advance=1, description=f"{sent} requests, {new} new, {errors} errors")

        report = fetch_round(
            store, fetcher, analyser, every=every, everything=everything, on_source=source_done
        )
    if report.new or report.reprints:
        from newsprism.run.stories import update_stories

        update_stories(store)
    return report


def _print_round(report: RoundReport, as_json: bool) -> None:
    from newsprism.present.following import round_summary, source_errors

    if as_json:
        _write_json(report.to_dict())
    for problem in source_errors(report):
        err.print(problem)
    for name in report.backed_off:
        err.print(
            warning(line_text(name, ": failing round after round; fetched less often until it answers"))
        )
    err.print(round_summary(report))


@sources_app.callback()
def _sources() -> None:
    """The outlets to follow: their feeds, groups, and how their last fetch went."""


def fetch(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    every: EveryOption = "15m",
    everything: Annotated[bool, typer.Option("--all", help="Fetch every source, due or not.")] = False,
    sources: SourcesOption = None,
    user_agent: UserAgentOption = None,
    timeout: TimeoutOption = 20.0,
    max_bytes: MaxBytesOption = 10 * 1024 * 1024,
    concurrency: ConcurrencyOption = 8,
    host_interval: IntervalOption = 1.0,
    max_wait: MaxWaitOption = 30.0,
    allow_private: PrivateOption = True,
) -> None:
    """Fetch one round (for cron): each due source's feeds, the new entries (their pages when a
    feed carries only summaries), analysed and stored, stories updated.

    Example: [bold]newsprism fetch --db news.db[/]
    """
    from newsprism.fetch import Fetcher

    interval = parse_duration(every)
    store = open_or_exit(db)
    _import(store, sources)
    try:
        limits = (timeout, max_bytes, concurrency, host_interval, max_wait)
        with Fetcher(fetch_settings(user_agent, limits, allow_private)) as fetcher:
            report = _one_round(store, fetcher, interval, everything)
    finally:
        store.close()
    _print_round(report, as_json)
    raise typer.Exit(EXIT_INPUT_ERRORS if report.errors else EXIT_OK)


def watch(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    every: EveryOption = "15m",
    user_agent: UserAgentOption = None,
    timeout: TimeoutOption = 20.0,
    max_bytes: MaxBytesOption = 10 * 1024 * 1024,
    concurrency: ConcurrencyOption = 8,
    host_interval: IntervalOption = 1.0,
    max_wait: MaxWaitOption = 30.0,
    allow_private: PrivateOption = True,
    rounds: Annotated[
        int | None, typer.Option("--rounds", min=1, help="Stop after this many rounds.")
    ] = None,
    sources: SourcesOption = None,
) -> None:
    """Fetch round after round until stopped (Ctrl-C): each source when it is due.

    Example: [bold]newsprism watch --sources feeds.toml --every 15m --db news.db[/]
    """
    from newsprism.fetch import Fetcher

    interval = parse_duration(every)
    store = open_or_exit(db)
    _import(store, sources)
    done = 0
    try:
        limits = (timeout, max_bytes, concurrency, host_interval, max_wait)
        with Fetcher(fetch_settings(user_agent, limits, allow_private)) as fetcher:
            while rounds is None or done < rounds:
                report = _one_round(store, fetcher, interval, everything=False)
                _print_round(report, as_json)
                done += 1
                if rounds is not None and done >= rounds:
                    break
                time.sleep(_until_next(store, interval).total_seconds())
    except KeyboardInterrupt:
        err.print(line_text(f"stopped after {done} rounds; what was fetched is stored"))
    finally:
        store.close()


def _until_next(store: Store, every: timedelta) -> timedelta:
    """How long until a source is due (at most `every`, at least a second)."""
    now = datetime.now(UTC)
    dues = [datetime.fromisoformat(source.next_due) for source in store.sources()]
    wait = min([due - now for due in dues] + [every])
    return max(wait, timedelta(seconds=1))


def start_background_watch(db: str, every: timedelta) -> threading.Event:
    """`watch` in a daemon thread of this process (`serve --watch`), on its own store: rounds
    until the returned event is set or the process ends. A round that fails is reported and the
    next one runs as planned; a process ending mid-round loses nothing (docs/sources.md)."""
    from newsprism.fetch import Fetcher, FetchSettings

    stop = threading.Event()

    def rounds() -> None:
        store = open_store(db)
        try:
            with Fetcher(FetchSettings()) as fetcher:
                while not stop.is_set():
                    try:
                        _print_round(_one_round(store, fetcher, every, False, progress_bar=False), False)
                    except Exception as error:  # a failing store or a bug: say so, try next time
                        err.print(
                            error_line(f"background fetch round failed: {type(error).__name__}: {error}")
                        )
                    stop.wait(_until_next(store, every).total_seconds())
        finally:
            store.close()

    threading.Thread(target=rounds, name="newsprism-watch", daemon=True).start()
    return stop


def register(app: typer.Typer) -> None:
    """Add `sources`, `fetch` and `watch` to the main command."""
    app.add_typer(sources_app)
    app.command()(fetch)
    app.command()(watch)
