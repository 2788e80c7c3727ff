"""Stories in the terminal: the list of events and storylines, and one story with its articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Console
from rich.table import Table

from newsprism.model import Article, Story
from newsprism.present.safe_text import line, plain, text


def span(story: Story) -> str:
    if not story.first:
        return "undated"
    first, last = plain(story.first), plain(story.last)
    return first if first == last else f"{first} – {last}"


def stories_table(stories: Iterable[Story]) -> Table:
    # Minimum widths keep a narrow terminal (or a pipe, 80 columns) wrapping text, not hiding columns.
    table = Table(header_style="bold")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("title", min_width=24, ratio=3)
    table.add_column("when", min_width=10)
    table.add_column("art.", justify="right", min_width=3)
    table.add_column("outlets", min_width=12, ratio=2)
    table.add_column("category", min_width=8)
    for story in stories:
        kind = f"storyline ×{len(story.event_ids)}" if story.kind == "storyline" else "event"
        table.add_row(
            text(story.id),
            kind,
            text(story.title),
            span(story),
            str(len(story.article_ids)),
            text(", ".join(story.outlets) or "—"),
            text(story.category or "—"),
        )
    return table


def print_story(
    console: Console, story: Story, articles: Mapping[str, Article], events: Mapping[str, Story]
) -> None:
    """A story's header, key entities, and its articles (by event for a storyline)."""
    console.print(line((f"{story.kind}: ", "dim"), (story.title, "bold"), (f"  [{story.id}]", "dim")))
    outlets = ", ".join(story.outlets) or "outlets unknown"
    console.print(text(f"  {span(story)} · {len(story.article_ids)} articles · {outlets}"))
    if story.key_entities:
        console.print(text("  key entities: " + ", ".join(k.split(":", 1)[-1] for k in story.key_entities)))
    if story.parent:
        console.print(text(f"  part of storyline {story.parent}", "dim"))
    if story.kind == "storyline":
        for event_id in story.event_ids:
            event = events.get(event_id)
            if event is not None:
                console.print()
                console.print(text(f"  {span(event)}  {event.title}  [{event.id}]", "bold"))
                _articles(console, event, articles, indent="    ")
    else:
        _articles(console, story, articles, indent="  ")


def _articles(console: Console, story: Story, articles: Mapping[str, Article], indent: str) -> None:
    for article_id in story.article_ids:
        article = articles.get(article_id)
        if article is None:
            continue
        shown = line(
            indent,
            (article.outlet or "outlet unknown", "yellow" if article.outlet else "dim"),
            " — ",
            article.title,
        )
        if article_id in story.duplicates:
            shown.append(f"  (reprint of {plain(story.duplicates[article_id])})", style="dim")
        console.print(shown)
