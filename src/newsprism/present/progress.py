"""The progress bar of a long run, on standard error: done of total, rate and time left."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second, once rich has measured a speed."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} {self.unit}/s", style="progress.data.speed")


class ArticlesColumn(ProgressColumn):
    """Articles read so far (the task's `articles` field): one file of JSON lines can hold
    thousands, so the count of files alone says little."""

    def render(self, task: Task) -> Text:
        count = int(task.fields.get("articles", 0))
        return Text(f"{count} article{'' if count == 1 else 's'}" if count else "", style="progress.download")


def run_progress(console: Console, *, shown: bool, unit: str = "files") -> Progress:
    """A transient bar: what, bar, done/total, rate, articles read, elapsed and time remaining;
    `shown` False gives a disabled one (not a terminal, or a small batch)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(unit),
        ArticlesColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not shown,
    )
