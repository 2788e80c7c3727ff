import io

from rich.console import Console
from rich.progress import Task, TaskID

from newsprism.present.progress import ArticlesColumn, RateColumn, run_progress


def test_present_progress_rate_column_shows_files_per_second() -> None:
    task = Task(TaskID(0), "analysing", 10, 10, _get_time=lambda: 0.0, finished_speed=2.5)
    assert RateColumn("files").render(task).plain == "2.5 files/s"
    measuring = Task(TaskID(1), "analysing", 10, 0, _get_time=lambda: 0.0)
    assert RateColumn("files").render(measuring).plain == ""  # no speed measured yet


def test_present_progress_bar_shows_done_of_total_and_time_left() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    progress = run_progress(console, shown=True)
    task = progress.add_task("analysing", total=10, articles=0)
    progress.advance(task, 4)
    console.print(progress.make_tasks_table(progress.tasks))
    shown = stream.getvalue()
    assert "analysing" in shown and "4/10" in shown and "left" in shown
    assert "article" not in shown  # none read yet: the column stays empty
    progress.update(task, articles=1250)
    console.print(progress.make_tasks_table(progress.tasks))
    assert "1250 articles" in stream.getvalue()


def test_present_progress_articles_column_counts_articles_read() -> None:
    def task(count: int) -> Task:
        return Task(TaskID(0), "analysing", 1, 0, _get_time=lambda: 0.0, fields={"articles": count})

    assert [ArticlesColumn().render(task(n)).plain for n in (0, 1, 2, 5000)] == [
        "",
        "1 article",
        "2 articles",
        "5000 articles",
    ]


def test_present_progress_disabled_bar_prints_nothing() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    with run_progress(console, shown=False) as progress:
        progress.advance(progress.add_task("analysing", total=10), 4)
    assert stream.getvalue() == ""
