"""Followed sources and fetch rounds in the terminal and as JSON records; every string that came
from a source file or over HTTP goes through `safe_text`."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from newsprism.fetch.round import BACKOFF_AFTER, RoundReport
from newsprism.present.safe_text import line, text
from newsprism.store.following import SourceStatus


def _when(moment: str | None) -> str:
    """An ISO time as `2026-12-02 16:05` UTC (minutes are enough to read a schedule)."""
    if not moment:
        return "never"
    return moment[:16].replace("T", " ")


def sources_table(sources: list[SourceStatus]) -> Table:
    table = Table(header_style="bold")
    table.add_column("source", min_width=12, ratio=2)
    table.add_column("groups", min_width=8, ratio=1)
    table.add_column("feeds", justify="right")
    table.add_column("last fetch (UTC)", no_wrap=True)
    table.add_column("new", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("next due (UTC)", no_wrap=True)
    table.add_column("last error", ratio=3)
    for source in sources:
        due = _when(source.next_due)
        if source.failures >= BACKOFF_AFTER:
            due += f" (backed off: {source.failures} failed rounds)"
        table.add_row(
            text(source.name),
            text(", ".join(source.groups) or "—"),
            str(len(source.feeds)),
            _when(source.last_fetch),
            str(source.last_new),
            str(source.last_errors),
            due,
            text(source.last_error or "—"),
        )
    return table


def source_record(source: SourceStatus) -> dict[str, Any]:
    return {
        "name": source.name,
        "groups": list(source.groups),
        "feeds": [feed.url for feed in source.feeds if feed.kind == "feed"],
        "sitemaps": [feed.url for feed in source.feeds if feed.kind == "sitemap"],
        "last_fetch": source.last_fetch,
        "new": source.last_new,
        "errors": source.last_errors,
        "last_error": source.last_error,
        "failures": source.failures,
        "next_due": source.next_due,
    }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def round_summary(report: RoundReport) -> Text:
    """One line: sources, requests, new articles, errors."""
    sources = _plural(report.sources, "source")
    if report.not_due:
        sources += f" ({report.not_due} not due)"
    requests = f"{_plural(report.requests, 'request')} ({report.bodies} with a body"
    requests += f", {report.robots} robots.txt)" if report.robots else ")"
    new = f"{_plural(report.new, 'new article')}"
    if report.reprints:
        new += f" (and {_plural(report.reprints, 'new publication')} of stored texts)"
    parts: list[object | tuple[object, str]] = [f"fetched {sources}, {requests}, {new}"]
    if report.errors:
        parts += [", ", (_plural(report.errors, "error"), "red")]
    if report.backed_off:
        parts += ["; backed off: ", ", ".join(report.backed_off)]
    return line(*parts)


def source_errors(report: RoundReport) -> list[Text]:
    """One line per error of the round, named by source."""
    return [
        line((f"{result.name}:", "bold"), " ", error) for result in report.results for error in result.errors
    ]
