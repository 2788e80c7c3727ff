"""A synthetic store of many analysed articles, stories and storylines for the web benchmark.

Running the NLP pipeline on 100k articles would take hours, so the analysed demo corpus (and the
samples) serve as templates: each synthetic article is a template with one sentence appended to
its body («Выпуск 123: <word>.»), so every annotation of the template keeps its offsets, and the
added word comes from a Zipf-distributed vocabulary of invented words (rare and common ones for
search). Rows go in through SQL in large transactions; the search index is filled by the store's
own `index_row` and triggers, exactly as `Store.save` fills it.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from newsprism.model import Article, Doc, Story, Token
from newsprism.store import SqlStore, Store, open_store, schema
from newsprism.store.rows import story_row
from newsprism.store.search import index_row
from newsprism.text import name_key

SYLLABLES = ("ка", "ро", "ми", "ле", "ну", "ста", "вер", "гол", "зан", "пра", "ти", "ход", "бор", "сен")
START = datetime(2025, 1, 1, 8, tzinfo=UTC)
OUTLETS = (
    "Вестник Державы",
    "Свободный голос",
    "Агентство Меридиан",
    "Заречинский курьер",
    "Северная правда",
    "Новый день",
    "Деловой обозреватель",
    "Радио Балтика",
    "Голос региона",
    "Независимая линия",
    "Экспресс-новости",
    "Столичный телеграф",
)
BATCH = 2000


@dataclass(slots=True)
class Template:
    article: Article
    doc: Doc
    doc_json: dict[str, Any]
    event: int  # index of the template's event


def vocabulary(size: int, seed: int = 7) -> list[str]:
    """Invented words, most frequent first (draw index i with weight 1/(i+1))."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))] = None
    return list(words)


def templates(source: Store) -> list[Template]:
    """Analysed articles of a small real store, with the story each belongs to (its storyline, else
    its event): the articles of one story are cloned together."""
    events = source.stories(kind="storyline") + source.stories(kind="event")
    event_of: dict[str, int] = {}
    for index, story in enumerate(events):
        for article_id in story.article_ids:
            event_of.setdefault(article_id, index)
    found = []
    for article in source.articles():
        doc = source.doc(article.id)
        if doc is not None:
            found.append(Template(article, doc, doc.to_dict(with_text=False), event_of.get(article.id, -1)))
    return found


def build(path: Path, source: Store, articles: int, seed: int = 1) -> dict[str, Any]:
    """Write a store of `articles` synthetic articles grouped into events and storylines."""
    rng = random.Random(seed)
    words = vocabulary(20_000)
    weights = [1 / (i + 1) for i in range(len(words))]
    groups: dict[int, list[Template]] = {}
    for template in templates(source):
        groups.setdefault(template.event, []).append(template)
    shapes = [g for g in groups.values() if len(g) >= 2] or list(groups.values())
    store = open_store(path)
    assert isinstance(store, SqlStore)
    started = time.perf_counter()
    stories: list[Story] = []
    made = 0
    lines: dict[int, list[Story]] = {}
    with store.engine.begin() as connection:
        rows: dict[str, list[dict[str, Any]]] = {"articles": [], "analyses": [], "entities": [], "search": []}
        number = 0
        while made < articles:
            shape_index = rng.randrange(len(shapes))
            shape = shapes[shape_index]
            day = START + timedelta(days=rng.uniform(0, 540))
            ids: list[str] = []
            outlets = rng.sample(OUTLETS, len(shape))
            for template, outlet in zip(shape, outlets, strict=True):
                number += 1
                word = rng.choices(words, weights)[0]
                published = day + timedelta(hours=rng.uniform(0, 36))
                for table, row in _clone(template, number, word, published, outlet):
                    rows[table].append(row)
                ids.append(rows["articles"][-1]["id"])
                made += 1
            event = Story(
                id=f"ev{number:07d}",
                kind="event",
                title=shape[0].article.title,
                article_ids=ids,
                first=day.date().isoformat(),
                last=(day + timedelta(days=1)).date().isoformat(),
                outlets=sorted(outlets),
                category=shape[0].doc.category,
                key_entities=[],
            )
            line = lines.setdefault(shape_index, [])
            line.append(event)
            stories.append(event)
            if len(line) == 5:
                stories.append(_storyline(line))
                lines[shape_index] = []
            if len(rows["articles"]) >= BATCH:
                _flush(connection, rows)
        _flush(connection, rows)
        stories_rows = [story_row(s) for s in stories]
        for index in range(0, len(stories_rows), BATCH):
            connection.execute(insert(schema.stories), stories_rows[index : index + BATCH])
        links = [{"story_id": s.id, "article_id": a} for s in stories for a in s.article_ids]
        for index in range(0, len(links), BATCH * 5):
            connection.execute(insert(schema.story_articles), links[index : index + BATCH * 5])
    store.close()
    return {
        "articles": made,
        "events": sum(s.kind == "event" for s in stories),
        "storylines": sum(s.kind == "storyline" for s in stories),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _clone(
    template: Template, number: int, word: str, published: datetime, outlet: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    source = template.article
    suffix = f" Выпуск {number}: {word}."
    article = Article(
        title=source.title, lead=source.lead, body=source.body + suffix, outlet=outlet, published=published
    )
    start = len(article.text) - len(word) - 1
    tokens = [*template.doc.tokens, Token(start, start + len(word), "NOUN", lemma=word)]
    data = dict(template.doc_json, article_id=article.id, published=published.isoformat())
    now = published.isoformat()
    yield (
        "articles",
        {
            "id": article.id,
            "title": article.title,
            "lead": article.lead,
            "body": article.body,
            "url": None,
            "outlet": article.outlet,
            "published": published.isoformat(),
            "language": "ru",
            "origin_file": None,
            "origin_line": None,
            "added_at": now,
        },
    )
    yield (
        "analyses",
        {
            "article_id": article.id,
            "pipeline_version": "bench",
            "doc": json.dumps(data, ensure_ascii=False),
            "analysed_at": now,
            "category": template.doc.category,
        },
    )
    for e in template.doc.entities:
        canonical = e.canonical or e.normal
        yield (
            "entities",
            {
                "article_id": article.id,
                "start": e.start,
                "stop": e.stop,
                "type": e.type,
                "normal": e.normal,
                "canonical": canonical,
                "canonical_key": name_key(canonical),
                "kind": e.kind,
                "link_rule": e.link_rule,
                "sentiment": e.sentiment,
            },
        )
    yield "search", index_row(article.id, tokens)


def _flush(connection: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    tables = {
        "articles": schema.articles,
        "analyses": schema.analyses,
        "entities": schema.entities,
        "search": schema.search_docs,
    }
    for name, table in tables.items():
        if rows[name]:
            connection.execute(insert(table), rows[name])
            rows[name] = []


def _storyline(events: list[Story]) -> Story:
    for event in events:
        event.parent = f"line-{events[0].id}"
    return Story(
        id=f"line-{events[0].id}",
        kind="storyline",
        title=events[-1].title,
        article_ids=[a for e in events for a in e.article_ids],
        first=min(e.first for e in events),
        last=max(e.last for e in events),
        outlets=sorted({o for e in events for o in e.outlets}),
        category=events[0].category,
        event_ids=[e.id for e in sorted(events, key=lambda e: e.first)],
    )


def _fill_part(args: tuple[str, list[str]]) -> tuple[int, float, float]:
    from newsprism.run.stories import precompute_comparisons

    path, ids = args
    store = open_store(path)
    cpu = time.process_time()
    stories = [s for s in (store.story(i) for i in ids) if s is not None]
    report = precompute_comparisons(store, stories, drop_others=False)
    store.close()
    return report.compared, report.seconds, time.process_time() - cpu


def fill_comparisons(path: Path, processes: int = 2, limit: int | None = None) -> dict[str, Any]:
    """Precompute the comparison of every story of a store built by `build` (whose stories were
    written directly, not by `update_stories`), events first, in `processes` processes: the work
    `analyze` does for the stories it changes, measured per story."""
    from concurrent.futures import ProcessPoolExecutor

    from newsprism.compare.stored import signature

    store = open_store(path)
    stored = store.comparison_signatures()
    # Events in a random order, then storylines: whatever part is done when the fill is stopped is
    # a uniform sample of the events (the load benchmark can draw from it: `--stored`).
    rng = random.Random(5)
    ids = []
    for kind in ("event", "storyline"):
        found = [s.id for s in store.stories(kind=kind) if stored.get(s.id) != signature(s)]
        rng.shuffle(found)
        ids += found
    store.close()
    ids = ids if limit is None else ids[:limit]
    started = time.perf_counter()
    parts = [(str(path), ids[index::processes]) for index in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        results = list(pool.map(_fill_part, parts))
    compared = sum(r[0] for r in results)
    return {
        "stories": compared,
        "seconds": round(time.perf_counter() - started, 1),
        "ms_per_story": round(1000 * sum(r[1] for r in results) / max(compared, 1), 1),
        "cpu_ms_per_story": round(1000 * sum(r[2] for r in results) / max(compared, 1), 1),
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Precompute the comparisons of a benchmark store.")
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsprism-web-bench.db"))
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="at most this many stories (events first)")
    arguments = parser.parse_args()
    print(fill_comparisons(arguments.db, arguments.processes, arguments.limit), flush=True)
