"""The commands that browse the store: `articles`, `entities`, `stories` and `story`. They only
read it (opened read-only, never created or changed). Registered on the main app by `newsprism.cli`.

Exit codes as everywhere: 0 found (an empty list is no error); 2 nothing could be done (bad usage,
a store that cannot be opened, an unknown story id).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from newsprism.cli_common import EXIT_FAILURE, DbOption, JsonOption, err, open_or_exit, out
from newsprism.present.safe_text import error as error_line
from newsprism.present.stories import print_story, stories_view, unnamed_outlets
from newsprism.present.summary import entity_summary
from newsprism.present.terminal import articles_table, entities_table
from newsprism.run.paths import stored_articles
from newsprism.store import DEFAULT_DB, Filters, Store

OutletOption = Annotated[
    str | None,
    typer.Option(
        help="Only this outlet's: its name in any case, its host (kommersant.ru) or the site's name "
        "(kommersant), or a followed source's name or feed host."
    ),
]


class KindChoice(StrEnum):
    """`stories --kind`: the values of `Story.kind`."""

    event = "event"
    storyline = "storyline"


class TypeChoice(StrEnum):
    """`entities --type`: the entity types."""

    PER = "PER"
    LOC = "LOC"
    ORG = "ORG"


def _iso_day(value: str | None) -> str | None:
    """A `--since`/`--until` value: an ISO day (2026-03-01)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise typer.BadParameter(f"{value!r}: give a day as YYYY-MM-DD") from error


def _outlets(store: Store, outlet: str | None) -> tuple[str, ...] | None:
    """The stored outlet names `--outlet` means (any case, a host, a site's label, a followed
    source's name or feed host: `store.outlets.Aliases`); None without `--outlet`, () when it
    names no stored outlet."""
    if outlet is None:
        return None
    from newsprism.store.outlets import Aliases

    stored = [name for name, _ in store.facets().outlets]
    return Aliases.of_sources(store.sources()).resolve(outlet, stored)


def _write_json(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def articles(
    db: DbOption = DEFAULT_DB,
    outlet: OutletOption = None,
    limit: Annotated[int, typer.Option(help="At most this many articles.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, oldest first.

    Example: [bold]newsprism articles --outlet "комсомольская правда" --limit 20[/]
    """
    store = open_or_exit(db, read_only=True)
    try:
        outlets = _outlets(store, outlet)
        found = [] if outlets == () else list(store.articles(outlet=outlets, limit=limit, offset=offset))
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
    entity: Annotated[
        str | None,
        typer.Option(help="Only stories naming this entity: any of its names, in any form and case."),
    ] = None,
    outlet: OutletOption = None,
    since: Annotated[
        str | None, typer.Option(callback=_iso_day, help="Only stories that run on or after this day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(callback=_iso_day, help="Only stories that began on or before this day.")
    ] = None,
    words: Annotated[
        str | None,
        typer.Option(help="Only stories with an article holding every one of these words (any form)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 30,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List events and storylines, biggest and newest first; a story passes a filter when one of
    its articles does (dates: the story's span meets the range).

    Example: [bold]newsprism stories --kind storyline --entity путин --since 2026-03-01 --words переговоры[/]
    """
    store = open_or_exit(db, read_only=True)
    try:
        filters = _story_filters(store, kind, entity, outlet, since, until, words)
        if filters is None:
            found = []
        elif filters == Filters(kind=filters.kind):  # no filter but the kind: the plain listing
            found = store.stories(kind=filters.kind, limit=limit, offset=offset)
        else:
            found = store.find_stories(filters, limit=limit, offset=offset).items
        unnamed = {} if as_json else unnamed_outlets(store, found)
    finally:
        store.close()
    if as_json:
        for story in found:
            _write_json(story.to_dict())
    else:
        out.print(stories_view(found, out, unnamed))


def _story_filters(
    store: Store,
    kind: KindChoice | None,
    entity: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    words: str | None,
) -> Filters | None:
    """The filters of `stories`, or None when one of them can match nothing in this store (an
    outlet or an entity it does not know, words with no letter or digit)."""
    from newsprism.store.search import query_words
    from newsprism.stories.entities import canonical_entities, named_by

    outlets = _outlets(store, outlet)
    names: tuple[str, ...] = ()
    if entity is not None:
        found = [e for e in canonical_entities(store.mentions()) if named_by(e, entity)]
        names = tuple(sorted({key for e in found for key in e.keys}))
    alternatives = tuple(tuple(a) for a in query_words(words)) if words is not None else ()
    if outlets == () or (entity is not None and not names) or (words is not None and not alternatives):
        return None
    return Filters(
        kind=kind.value if kind else None,
        outlets=outlets or (),
        entities=names,
        since=since,
        until=until,
        words=alternatives,
    )


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

    store = open_or_exit(db, read_only=True)
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
        str | None,
        typer.Option(
            help="Only entities this names: any of their names, in any form and case, with all evidence."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many entities.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """List canonical entities across stored articles, with their aliases and the evidence.

    Example: [bold]newsprism entities --type PER --name путина[/]
    """
    from newsprism.stories.entities import canonical_entities, named_by

    store = open_or_exit(db, read_only=True)
    try:
        found = canonical_entities(store.mentions(type=kind.value if kind else None))
    finally:
        store.close()
    if name is not None:
        found = [e for e in found if named_by(e, name)]
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
