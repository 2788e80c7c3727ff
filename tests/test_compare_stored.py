"""Stored comparisons: computed when stories change, identical to the live comparison, and never
served for a story that changed since (a new article, a new analysis)."""

from __future__ import annotations

import dataclasses

from newsprism.analyse import Pipeline
from newsprism.compare.stored import comparison_data, live_data, signature
from newsprism.model import Article, Doc, Story
from newsprism.run.stories import precompute_comparisons
from newsprism.store import Store

TEXTS = (
    ("Вестник", "Паводок в Заречье", "Вода поднялась на два метра. Эвакуированы 300 жителей Заречья."),
    ("Голос", "В Заречье паводок", "Уровень воды вырос на два метра. Из домов вывезли 300 человек."),
    ("Курьер", "Заречье уходит под воду", "Мэр Иван Соколов сказал, что вода поднялась на два метра."),
)


def _analysed(pipeline: Pipeline) -> list[tuple[Article, Doc]]:
    articles = [Article(title=t, body=b, outlet=o) for o, t, b in TEXTS]
    return list(zip(articles, pipeline.pipe(Doc.from_article(a) for a in articles), strict=True))


def _event(items: list[tuple[Article, Doc]]) -> Story:
    return Story(
        id="ev-flood",
        kind="event",
        title=items[0][0].title,
        article_ids=[a.id for a, _ in items],
        first="2026-05-01",
        last="2026-05-01",
        outlets=[a.outlet or "" for a, _ in items],
        category="",
        key_entities=[],
    )


def test_compare_stored_comparison_is_precomputed_and_invalidated(store: Store, pipeline: Pipeline) -> None:
    items = _analysed(pipeline)
    store.save(items[:2], "v1")
    story = _event(items[:2])
    store.replace_stories([story])
    assert store.comparison(story.id, signature(story)) is None
    assert precompute_comparisons(store, [story]).compared == 1
    stored = store.comparison(story.id, signature(story))
    assert stored is not None and stored == live_data(store, story)
    assert stored["story"]["id"] == story.id and len(stored["outlets"]) == 2
    assert comparison_data(store, story) == stored
    assert precompute_comparisons(store, [story]).compared == 0  # unchanged: nothing to do

    # The story gains an article: the stored comparison no longer applies, readers compute it live.
    store.save(items[2:], "v1")
    bigger = dataclasses.replace(story, article_ids=[a.id for a, _ in items])
    store.replace_stories([bigger])
    assert store.comparison(bigger.id, signature(bigger)) is None
    live = live_data(store, bigger)
    assert live is not None and len(live["outlets"]) == 3
    assert comparison_data(store, bigger) == live
    assert precompute_comparisons(store, [bigger]).compared == 1
    assert store.comparison(bigger.id, signature(bigger)) == live

    # A new analysis of one of its articles drops it in the same transaction.
    store.save([items[0]], "v2")
    assert store.comparison(bigger.id, signature(bigger)) is None
    assert precompute_comparisons(store, [bigger]).compared == 1

    # Stories that are gone lose their comparisons.
    store.replace_stories([])
    report = precompute_comparisons(store, [])
    assert (report.compared, report.dropped) == (0, 1)
    assert store.comparison_signatures() == {}


def test_compare_stored_signature_follows_the_story() -> None:
    story = Story(id="e", kind="event", title="t", article_ids=["a", "b"], first="", last="")
    assert signature(story) == signature(dataclasses.replace(story))
    assert signature(story) != signature(dataclasses.replace(story, article_ids=["a", "b", "c"]))
    assert signature(story) != signature(dataclasses.replace(story, parent="line-e"))
