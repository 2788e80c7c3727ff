"""The summary `analyze` prints at the end of a run: articles and outlets, stories found, the
biggest stories told by several outlets, the disagreements their stored comparisons found, errors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.console import Console

from newsprism.model import Article, Doc, Story
from newsprism.present.plural import en
from newsprism.present.safe_text import line
from newsprism.present.stories import stories_view, unnamed_outlets
from newsprism.present.terminal import print_article
from newsprism.run import RunReport
from newsprism.store import Store

TOP_STORIES = 5
FULL_OUTPUT_MAX = 5  # batches of at most this many articles print everything by default
TABLE_STORIES = 10  # the stories table of a bigger batch, without --articles


@dataclass(slots=True, frozen=True)
class Disagreements:
    """Figure pairs in conflict and dates that differ, over the stored comparisons."""

    figures: int = 0
    dates: int = 0


def multi_outlet(story: Story) -> bool:
    return len(set(story.outlets)) > 1


def biggest(stories: Iterable[Story], limit: int = TOP_STORIES) -> list[Story]:
    """The top-level stories (storylines, events in none) told by 2+ outlets, most articles first."""
    found = [s for s in stories if not s.parent and multi_outlet(s)]
    return sorted(found, key=lambda s: (-len(s.article_ids), -len(set(s.outlets)), s.title))[:limit]


def disagreements(store: Store, stories: Iterable[Story]) -> Disagreements:
    """Counted in the comparisons already stored and still valid: nothing is computed here."""
    from newsprism.compare.stored import signature

    figures = dates = 0
    for story in stories:
        if story.parent or not multi_outlet(story):
            continue
        data = store.comparison(story.id, signature(story))
        if data is None:
            continue
        figures += sum(1 for pair in data.get("figures", []) if pair.get("status") == "conflict")
        dates += len(data.get("dates", []))
    return Disagreements(figures, dates)


def outlets_of(store: Store, ids: Sequence[str]) -> set[str]:
    """The named outlets that published these articles, reprints included."""
    found = store.publications(ids).values()
    return {p.outlet for publications in found for p in publications if p.outlet}


def print_run_summary(
    console: Console,
    report: RunReport,
    outlets: set[str],
    stories: Sequence[Story],
    found: Disagreements,
) -> None:
    """The summary, every value from input printed as plain text."""
    console.rule(line("summary"), align="left")
    total = len(report.ids)
    counts = f"{report.new} new, {total - report.new} already stored"
    if report.errors:
        counts += f", {en(len(report.errors), 'input')} failed"
    console.print(line(f"articles: {en(total, 'article')} ({counts}), from {en(len(outlets), 'outlet')}"))
    events = sum(1 for s in stories if s.kind == "event")
    storylines = sum(1 for s in stories if s.kind == "storyline")
    several = sum(1 for s in stories if multi_outlet(s))
    console.print(
        line(f"stories: {en(events, 'event')}, {en(storylines, 'storyline')}; {several} told by 2+ outlets")
    )
    top = biggest(stories)
    if top:
        console.print(line("biggest stories across outlets:"))
        for number, story in enumerate(top, 1):
            console.print(
                line(
                    f"  {number}. ",
                    (story.title, "bold"),
                    f" — {en(len(story.article_ids), 'article')}, {en(len(set(story.outlets)), 'outlet')}",
                    f" ({story.kind} {story.id})",
                )
            )
    console.print(
        line(
            f"disagreements: {en(found.figures, 'figure conflict')}, {en(found.dates, 'date conflict')}"
            " (in the stored comparisons)"
        )
    )
    console.print(line(f"errors: {len(report.errors)}", *([(" (see above)", "")] if report.errors else [])))


def print_comparisons(console: Console, store: Store, stories: Iterable[Story]) -> None:
    """The stored comparison of each top-level story (a storyline, or an event in none) with
    articles from more than one outlet: what `analyze --articles` shows after the stories table."""
    from newsprism.compare.stored import stored_record
    from newsprism.present.comparison import print_comparison

    for story in stories:
        if story.parent or len(story.article_ids) < 2:
            continue
        comparison = stored_record(store, story)
        if comparison is not None and len(comparison.outlets) > 1:
            console.rule(line(f"{story.kind}: {story.title}"), align="left")
            print_comparison(console, comparison)


def print_run_line(console: Console, report: RunReport, *, analyse: bool) -> None:
    """The one line on standard error that ends `analyze` and `ingest`: files, articles, errors."""
    articles = len(report.ids)
    said = (
        f"{en(report.files, 'file')}, {en(articles, 'article')}"
        f" ({report.new} new, {articles - report.new} already stored)"
    )
    if analyse:
        said += f", {report.analysed} analysed"
        if report.other_languages:
            others = ", ".join(
                f"{count} {language}" for language, count in sorted(report.other_languages.items())
            )
            said += (
                f" ({others}: not Russian, so names, dates, figures, quotes and sentiment were skipped;"
                " their events come from the embedding)"
            )
    if report.reprints:
        # the same text from another outlet: one article, one more publication
        texts = "an already stored text" if report.reprints == 1 else "already stored texts"
        said += f", {en(report.reprints, 'new publication')} of {texts}"
    if report.errors:
        failed = en(len(report.errors), "input")
        console.print(line(said, "; ", (f"{failed} failed", "red"), f" in {en(report.failed_files, 'file')}"))
        return
    console.print(line(said))


def print_run(
    console: Console,
    store: Store,
    report: RunReport,
    items: Sequence[tuple[Article, Doc | None]],
    touched: Sequence[Story],
    *,
    full: bool,
) -> None:
    """What `analyze` prints: every article and comparison when `full`, else the top stories;
    then the summary."""
    if full:
        for article, doc in items:
            print_article(console, article, doc)
    shown = list(touched if full else touched[:TABLE_STORIES])
    console.print(stories_view(shown, console, unnamed_outlets(store, shown)))
    if not full and len(touched) > TABLE_STORIES:
        console.print(line(f"the top {TABLE_STORIES} of {len(touched)} stories; --articles for all"))
    if full:
        print_comparisons(console, store, touched)
    found = disagreements(store, touched)
    print_run_summary(console, report, outlets_of(store, report.ids), list(touched), found)
