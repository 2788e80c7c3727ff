"""After `analyze`: the store's events, storylines and stored comparisons brought up to date.

`update_stories` reads every stored article view, computes the stories (`stories.build`), adds
the outlets of every publication, replaces the stories in the store, and stores the comparison of
each story that changed (`precompute_comparisons`), so pages read it instead of computing it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.model import Story
from newsprism.store import Store
from newsprism.stories.build import compute_stories
from newsprism.stories.clustering import ClusterSettings, Scorer
from newsprism.stories.outlets import with_publications
from newsprism.stories.view import StoryDoc

__all__ = ["COMPARE_BATCH", "ComparedReport", "StoriesReport", "precompute_comparisons", "update_stories"]


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


def update_stories(
    store: Store, score: Scorer | None = None, settings: ClusterSettings | None = None
) -> StoriesReport:
    """Recompute every event and storyline from the stored views and replace them in the store."""
    views = [StoryDoc.from_dict(data) for _, data in store.views()]
    stories, reprints = compute_stories(views, score, settings)
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
