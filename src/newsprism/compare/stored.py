"""Comparisons of stories in a store: what the CLI, the report and the web app call."""

from __future__ import annotations

from newsprism.compare.comparison import Comparison, compare_story
from newsprism.model import Article, Doc, Story
from newsprism.store.base import Store


def compare_stored(store: Store, story: Story | str) -> Comparison | None:
    """The comparison of a stored story (by id or as loaded), None when there is no such story.
    Articles without a stored analysis are left out."""
    found = store.story(story) if isinstance(story, str) else story
    if found is None:
        return None
    items: list[tuple[Article, Doc]] = []
    for article_id in found.article_ids:
        article, doc = store.article(article_id), store.doc(article_id)
        if article is not None and doc is not None:
            items.append((article, doc))
    events = {e: event for e in found.event_ids if (event := store.story(e)) is not None}
    if found.kind == "event" and found.parent:
        events = {found.id: found}
    return compare_story(found, items, events)
