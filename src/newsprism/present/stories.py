"""Stories in the terminal: the list of events and storylines, and one story with its articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from newsprism.model import Article, Story
from newsprism.present.plural import en
from newsprism.present.safe_text import line, plain, text
from newsprism.store import Store


def span(story: Story) -> str:
    if not story.first:
        return "undated"
    first, last = plain(story.first), plain(story.last)
    return first if first == last else f"{first} – {last}"


WIDE = 120  # narrower terminals get one block per story instead of the table
TITLE_LINES = 4  # a title in the table is cut (at a word, with «…») to fit this many lines
OUTLET_LINES = 3
# The table's columns but the title's and the outlets': id, kind, when, art., category, and the
# borders and padding of seven columns.
_FIXED = 21 + 12 + 23 + 4 + 8 + 7 * 3 + 1


def shorten(value: str, chars: int) -> str:
    """`value` cut at the last space before `chars` characters, with «…»; whole when it fits."""
    value = " ".join(value.split())
    if len(value) <= chars:
        return value
    cut = value.rfind(" ", 0, chars - 1)
    return value[: cut if cut > chars // 2 else chars - 1].rstrip(" ,.;:") + "…"


def outlets_within(outlets: list[str], chars: int) -> str:
    """As many whole outlet names as fit in `chars` characters, then «+N more»."""
    shown: list[str] = []
    for index, outlet in enumerate(outlets):
        rest = len(outlets) - index - 1
        tail = f" +{rest} more" if rest else ""
        if shown and len(", ".join([*shown, outlet])) + len(tail) > chars:
            return ", ".join(shown) + f" +{len(outlets) - index} more"
        shown.append(outlet)
    return ", ".join(shown) or "—"


def unnamed_outlets(store: Store, stories: Iterable[Story]) -> dict[str, int]:
    """How many articles of each story no publication names an outlet of (a file without one):
    the comparison gives each its own column, so the list of outlets says they are there."""
    stories = list(stories)
    ids = list(dict.fromkeys(a for story in stories for a in story.article_ids))
    publications = store.publications(ids)
    unnamed = {a for a in ids if not any(p.outlet for p in publications.get(a, ()))}
    counts = {story.id: sum(a in unnamed for a in story.article_ids) for story in stories}
    return {story_id: count for story_id, count in counts.items() if count}


def outlet_names(story: Story, unnamed: Mapping[str, int]) -> list[str]:
    """The story's outlets, then «N articles with no outlet» where it has such."""
    count = unnamed.get(story.id, 0)
    return [*story.outlets, en(count, "article") + " with no outlet"] if count else list(story.outlets)


def stories_view(
    stories: Iterable[Story], console: Console, unnamed: Mapping[str, int] | None = None
) -> RenderableType:
    """The list of stories as it fits the console: on a terminal narrower than `WIDE` one block per
    story (id, kind, days, articles; the title in at most two lines; the outlets that fit in one),
    else the table with titles and outlets cut to fit it (`stories_table(width=...)`); to a pipe or
    a file the table as before (scripts read its columns). `unnamed` counts each story's articles
    with no outlet (`unnamed_outlets`), listed after its outlets."""
    unnamed = unnamed or {}
    if not console.is_terminal:
        return stories_table(stories, unnamed=unnamed)
    if console.width >= WIDE:
        return stories_table(stories, width=console.width, unnamed=unnamed)
    width = max(console.width - 2, 30)
    blocks: list[Text] = []
    for story in stories:
        kind = f"storyline ×{len(story.event_ids)}" if story.kind == "storyline" else "event"
        block = line((story.id, "dim"), f"  {kind} · {span(story)} · {len(story.article_ids)} art.")
        block.append("\n  " + plain(shorten(story.title, 2 * (width - 2))), style="bold")
        block.append("\n  " + plain(outlets_within(outlet_names(story, unnamed), width - 2)))
        blocks.append(block)
    return Group(*blocks)


def stories_table(
    stories: Iterable[Story], width: int | None = None, unnamed: Mapping[str, int] | None = None
) -> Table:
    """Events and storylines as a table; with the terminal's `width`, the title and outlets columns
    get fixed shares of it and their text is cut to fit `TITLE_LINES` and `OUTLET_LINES` lines."""
    # Minimum widths keep a narrow terminal (or a pipe, 80 columns) wrapping text, not hiding columns.
    table = Table(header_style="bold")
    free = max((width or 0) - _FIXED, 40)
    title_width, outlets_width = free * 3 // 5, free - free * 3 // 5
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    if width is None:
        table.add_column("title", min_width=24, ratio=3)
    else:
        table.add_column("title", width=title_width)
    table.add_column("when", min_width=10)
    table.add_column("art.", justify="right", min_width=3)
    if width is None:
        table.add_column("outlets", min_width=12, ratio=2)
    else:
        table.add_column("outlets", width=outlets_width)
    table.add_column("category", min_width=8)
    for story in stories:
        kind = f"storyline ×{len(story.event_ids)}" if story.kind == "storyline" else "event"
        title = story.title if width is None else shorten(story.title, TITLE_LINES * title_width - 12)
        names = outlet_names(story, unnamed or {})
        outlets = ", ".join(names) or "—"
        if width is not None:
            outlets = outlets_within(names, OUTLET_LINES * outlets_width - 8)
        table.add_row(
            text(story.id),
            kind,
            text(title),
            span(story),
            str(len(story.article_ids)),
            text(outlets),
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
