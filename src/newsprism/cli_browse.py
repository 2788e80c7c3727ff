"""The commands that browse the store: `articles`, `entities`, `stories` and `story`. They only
read it (opened read-only, never created or changed). Registered on the main app by `newsprism.cli`.

Exit codes as everywhere: 0 found (an empty list is no error); 2 nothing could be done (bad usage,
a store that cannot be opened, an unknown story id).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from newsprism.model import Article
from newsprism.present.safe_text import error as error_line
from newsprism.present.stories import print_story, stories_table
from newsprism.present.summary import entity_summary
from newsprism.present.terminal import articles_table, entities_table
from newsprism.store import DEFAULT_DB, Store, StoreError, open_store

EXIT_FAILURE = 2

out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="The store: a SQLite file, or a postgresql://user:password@host/dbname URL.",
        show_default=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON lines instead of readable text.")]


class KindChoice(StrEnum):
    """`stories --kind`: the values of `Story.kind`."""

    event = "event"
    storyline = "storyline"


class TypeChoice(StrEnum):
    """`entities --type`: the entity types."""

    PER = "PER"
    LOC = "LOC"
    ORG = "ORG"


def _open_read(db: str) -> Store:
    """The store, read-only; one that cannot be opened ends the command with exit 2."""
    try:
        return open_store(db, read_only=True)
    except StoreError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error


def _write_json(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def stored_articles(store: Store, ids: list[str]) -> Iterator[Article]:
    """The stored articles of `ids`, in order; ids no longer stored are skipped."""
    for article_id in ids:
        article = store.article(article_id)
        if article is not None:
            yield article


def articles(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many articles.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, oldest first.

    Example: [bold]newsprism articles --outlet "Комсомольская правда" --limit 20[/]
    """
    store = _open_read(db)
    try:
        found = list(store.articles(outlet=outlet, limit=limit, offset=offset))
        if as_json:
            for article in found:
                _write_json(article.to_dict())
        else:
            out.print(articles_table(found))
            err.print(f"{len(found)} of {store.count()} articles", highlight=False)
    finally:
        store.close()


def stories(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[KindChoice | None, typer.Option("--kind", help="Only events or only storylines.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 30,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List events and storylines, biggest and newest first.

    Example: [bold]newsprism stories --kind storyline[/]
    """
    store = _open_read(db)
    try:
        found = store.stories(kind=kind.value if kind else None, limit=limit, offset=offset)
    finally:
        store.close()
    if as_json:
        for story in found:
            _write_json(story.to_dict())
    else:
        out.print(stories_table(found))


def story(
    story_id: Annotated[str, typer.Argument(help="The id of an event or a storyline (see `stories`).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Show one event or storyline and its comparison across outlets: the common ground, what each
    outlet adds, figures that differ, how each names and judges the key actors, who is quoted.

    With --json: one JSON object, the comparison (schema in docs/comparison.md).

    Example: [bold]newsprism story 2e6f6ef5185466f0[/]
    """
    from newsprism.compare.record import ComparisonRecord
    from newsprism.compare.stored import comparison_data
    from newsprism.present.comparison import print_comparison

    store = _open_read(db)
    try:
        found = store.story(story_id)
        if found is None:
            err.print(error_line(f"no story {story_id!r} in {db}; `newsprism stories` lists them"))
            raise typer.Exit(EXIT_FAILURE)
        articles = {a.id: a for a in stored_articles(store, found.article_ids)}
        events = {e: s for e in found.event_ids if (s := store.story(e)) is not None}
        data = comparison_data(store, found)  # the stored comparison, computed only when stale
    finally:
        store.close()
    assert data is not None
    if as_json:
        _write_json(data)
        return
    print_story(out, found, articles, events)
    print_comparison(out, ComparisonRecord.from_dict(data))


def entities(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[
        TypeChoice | None,
        typer.Option("--type", case_sensitive=False, help="Only people, places or organisations."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Only this canonical name (any case), with all evidence.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many entities.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """List canonical entities across stored articles, with their aliases and the evidence.

    Example: [bold]newsprism entities --type PER --limit 10[/]
    """
    from newsprism.stories.entities import canonical_entities

    store = _open_read(db)
    try:
        found = canonical_entities(store.mentions(type=kind.value if kind else None))
    finally:
        store.close()
    if name is not None:
        found = [e for e in found if e.name.lower() == name.lower()]
    found = found[:limit]
    if as_json:
        for entity in found:
            _write_json(entity_summary(entity))
        return
    out.print(entities_table(found))


def register(app: typer.Typer) -> None:
    """Add the browsing commands to `app`, in the order `--help` lists them."""
    for command in (articles, stories, story, entities):
        app.command()(command)
