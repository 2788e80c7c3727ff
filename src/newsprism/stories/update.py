"""Stories from the store: reprints, events and storylines over every stored article view.

Clustering is recomputed over all views in the order the articles were added; because the
clusterer's partition does not depend on that order (a test shows incremental and full runs agree),
this gives the same events as adding each new article incrementally.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsprism.model import Story
from newsprism.store import Store
from newsprism.stories.clustering import EventClusterer, Scorer
from newsprism.stories.duplicates import DuplicateGroup, DuplicateIndex, by_member
from newsprism.stories.outlets import with_publications
from newsprism.stories.storylines import Event, Storyline, build_stories
from newsprism.stories.view import StoryDoc


@dataclass(slots=True, frozen=True)
class StoriesReport:
    articles: int
    events: int
    storylines: int
    reprints: int
    compared: int = 0  # stories whose comparison was computed and stored
    compare_seconds: float = 0.0


@dataclass(slots=True, frozen=True)
class ComparedReport:
    compared: int
    dropped: int
    seconds: float


COMPARE_BATCH = 50  # comparisons written per transaction


def default_scorer() -> tuple[Scorer, float]:
    """The pair scorer used to group articles into events, and its threshold: the trained
    same-event model without embeddings (cross-validated F1 0.85 on the labelled pairs, against
    0.81 for `simple_score`; see docs/benchmarks.md), signatures cached per article."""
    from newsprism.stories.same_event import CachedScorer

    scorer = CachedScorer()
    return scorer, scorer.threshold


def compute_stories(views: Sequence[StoryDoc], score: Scorer, threshold: float) -> tuple[list[Story], int]:
    """Events and storylines of these article views, and how many articles are reprints."""
    duplicates = DuplicateIndex()
    clusterer = EventClusterer(score, threshold)
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


def update_stories(
    store: Store, score: Scorer | None = None, threshold: float | None = None
) -> StoriesReport:
    """Recompute every event and storyline from the stored views and replace them in the store."""
    if score is None or threshold is None:
        score, threshold = default_scorer()
    views = [StoryDoc.from_dict(data) for _, data in store.views()]
    stories, reprints = compute_stories(views, score, threshold)
    stories = with_publications(stories, store.publications([view.id for view in views]))
    store.replace_stories(stories)
    compared = precompute_comparisons(store, stories)
    return StoriesReport(
        articles=len(views),
        events=sum(s.kind == "event" for s in stories),
        storylines=sum(s.kind == "storyline" for s in stories),
        reprints=reprints,
        compared=compared.compared,
        compare_seconds=compared.seconds,
    )


def precompute_comparisons(
    store: Store, stories: Sequence[Story], *, drop_others: bool = True
) -> ComparedReport:
    """Compute and store the comparison of each of these stories whose stored one is missing or
    was made for another version of the story (its articles, events or parent changed), so pages
    read it instead of computing it; with `drop_others`, delete the comparisons of stories that
    are no longer among these."""
    from newsprism.compare.stored import live_data, signature

    stored = store.comparison_signatures()
    current = {story.id for story in stories}
    gone = [story_id for story_id in stored if story_id not in current] if drop_others else []
    todo = [(story, signature(story)) for story in stories]
    todo = [(story, sign) for story, sign in todo if stored.get(story.id) != sign]
    started = time.perf_counter()
    done = 0
    drop = gone
    for index in range(0, max(len(todo), 1), COMPARE_BATCH):
        batch = []
        for story, sign in todo[index : index + COMPARE_BATCH]:
            data = live_data(store, story)
            if data is not None:
                batch.append((story.id, sign, data))
        if batch or drop:
            store.save_comparisons(batch, drop)  # each batch is one transaction
        done += len(batch)
        drop = []
    return ComparedReport(done, len(gone), time.perf_counter() - started)


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
        key_entities=list(line.actors),
        event_ids=list(line.events),
    )
