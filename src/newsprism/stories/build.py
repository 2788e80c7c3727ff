"""Events and storylines of a set of analysed articles: pure computation, no store.

`compute_stories` runs the reprint index, the same-event clusterer and the storyline linker over
article views and returns `Story` records; `run/stories.py` reads the views from a store, calls
it, and writes the stories and their comparisons back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from newsprism.model import Story
from newsprism.stories.clustering import ClusterSettings, EventClusterer, Scorer
from newsprism.stories.duplicates import DuplicateGroup, DuplicateIndex, by_member
from newsprism.stories.storylines import Event, Storyline, build_stories
from newsprism.stories.view import StoryDoc

__all__ = ["compute_stories", "default_scorer", "storyline_id"]


def default_scorer() -> Scorer:
    """The pair scorer that groups articles into events: the trained same-event model (the one
    `newsprism pairs` uses), signatures cached per article."""
    from newsprism.stories.same_event import CachedScorer

    return CachedScorer()


def compute_stories(
    views: Sequence[StoryDoc], score: Scorer | None = None, settings: ClusterSettings | None = None
) -> tuple[list[Story], int]:
    """Events and storylines of these article views, and how many articles are reprints."""
    duplicates = DuplicateIndex()
    clusterer = EventClusterer(score or default_scorer(), settings)
    for view in views:
        duplicates.add(view)
        clusterer.add(view)
    groups = by_member(duplicates.groups())
    events = {event_id: clusterer.members(event_id) for event_id in clusterer.events()}
    described, lines = build_stories(events, groups)
    by_id = {event.id: event for event in described}
    stories = [_event_story(event, groups) for event in described]
    stories += [_storyline_story(line, [by_id[e] for e in line.events]) for line in lines]
    reprints = sum(group.reprints for group in duplicates.groups())
    return stories, reprints


def storyline_id(first_event: str) -> str:
    """Storylines are named after their first event, marked so the two ids never collide."""
    return f"line-{first_event}"


def _event_story(event: Event, groups: Mapping[str, DuplicateGroup]) -> Story:
    duplicates = {
        article_id: groups[article_id].original
        for article_id in event.article_ids
        if article_id in groups and groups[article_id].original != article_id
    }
    return Story(
        id=event.id,
        kind="event",
        title=event.title,
        article_ids=list(event.article_ids),
        first=event.start,
        last=event.stop,
        outlets=list(event.outlets),
        category=event.category,
        key_entities=list(event.key_entities),
        parent=storyline_id(event.storyline) if event.storyline else "",
        duplicates=duplicates,
    )


def _storyline_story(line: Storyline, events: list[Event]) -> Story:
    biggest = max(events, key=lambda e: (e.texts, len(e.article_ids), e.stop))
    categories = Counter(e.category for e in events if e.category)
    return Story(
        id=storyline_id(line.id),
        kind="storyline",
        title=biggest.title,
        article_ids=[a for e in events for a in e.article_ids],
        first=line.start,
        last=line.stop,
        outlets=list(dict.fromkeys(o for e in events for o in e.outlets)),
        category=categories.most_common(1)[0][0] if categories else "",
        key_entities=list(line.names),
        event_ids=list(line.events),
    )
