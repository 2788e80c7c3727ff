"""One definition of how an outlet treats an actor (`newsprism.tone`), the same on the story page
(the stored comparison), the entity page, the outlet page, the report and the terminal; quoted
mentions apart; never a bare ±1.00 from one mention."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy import create_engine

from newsprism.analyse import Pipeline
from newsprism.compare.record import ComparisonRecord
from newsprism.compare.stored import comparison_data
from newsprism.model import Article, Doc, Story
from newsprism.present.comparison import print_comparison
from newsprism.store import MentionStat, Store, open_store
from newsprism.store.migrations import _quoted_mentions
from newsprism.tone import MIN_MENTIONS, Tone, tone_text
from newsprism.web.views import entity_profile, outlet_profile

TEXTS = (
    (
        "Вестник",
        "Соколов сорвал ремонт моста",
        "Мэр Заречья Иван Соколов сорвал ремонт моста. Горожане возмущены: Иван Соколов снова "
        "провалил работу. Иван Соколов отказался от комментариев.",
    ),
    (
        "Голос",
        "В Заречье открыли мост",
        "Иван Соколов открыл новый мост в Заречье. «Иван Соколов — позор города», — заявил "
        "депутат Пётр Лапин. Иван Соколов поблагодарил строителей.",
    ),
)


def test_tone_is_the_mean_label_of_own_mentions_with_quotes_apart() -> None:
    tone = Tone.of([(1, False), (-1, False), (-1, False), (0, False), (-1, True), (-1, True)])
    assert (tone.mentions, tone.quoted) == (4, 2)
    assert tone.sentiment == -0.25  # (1 − 2) / 4: the quoted −1s are the speaker's, not counted
    assert tone.quoted_sentiment == -1.0
    assert not tone.few and Tone.of([(1, False)]).few and MIN_MENTIONS > 1
    assert Tone.from_dict(tone.to_dict()) == tone
    assert Tone.total([tone, Tone.of([(1, False)])]).sentiment == 0.0


def test_tone_text_always_says_how_many_mentions() -> None:
    assert Tone.of([(1, False)]).text() == "+1.00 (1 mention)"
    assert tone_text(-0.375, 8) == "-0.38 (8 mentions)"
    assert Tone.of([(-1, True)]).text() == "no own mention; in quotes -1.00 (1 mention)"


def _stored_story(store: Store, pipeline: Pipeline) -> Story:
    articles = [Article(title=t, body=b, outlet=o) for o, t, b in TEXTS]
    items = list(zip(articles, pipeline.pipe(Doc.from_article(a) for a in articles), strict=True))
    store.save(items, "v1")
    story = Story(
        id="ev-bridge",
        kind="event",
        title=articles[0].title,
        article_ids=[a.id for a in articles],
        first="2026-05-01",
        last="2026-05-01",
        outlets=[a.outlet or "" for a in articles],
        category="",
        key_entities=[],
    )
    store.replace_stories([story])
    return story


def _summary(tone: dict[str, Any]) -> tuple[int, float, int, float]:
    return tone["mentions"], tone["sentiment"], tone["quoted"]["mentions"], tone["quoted"]["sentiment"]


def test_tone_agrees_on_story_entity_and_outlet_pages(store: Store, pipeline: Pipeline) -> None:
    story = _stored_story(store, pipeline)
    data = comparison_data(store, story)
    assert data is not None
    actor = next(e for e in data["entities"] if e["name"] == "Иван Соколов")
    on_story = {view["outlet"]: _summary(view["tone"]) for view in actor["outlets"]}
    for view in actor["outlets"]:
        assert view["sentiment"] == view["tone"]["sentiment"]

    profile = entity_profile(store, "Иван Соколов", limit=50, offset=0)
    assert profile is not None
    on_entity = {o["outlet"]: _summary(o) for o in profile["outlets"]}
    on_outlet = {}
    for outlet in on_story:
        page = outlet_profile(store, outlet, [], limit=10, offset=0)
        assert page is not None
        row = next(e for e in page["entities"] if e["name"] == "Иван Соколов")
        on_outlet[outlet] = _summary(row["sentiment"])
    assert on_story == on_entity == on_outlet
    # the mention inside the deputy's quote is his view, kept apart from the outlet's own tone
    assert on_story["Голос"][2] == 1 and on_story["Вестник"][2] == 0
    assert on_story["Голос"][0] == 2 and on_story["Вестник"][0] == 4  # its title names him too

    # the same figures, with their mentions, in the terminal and from the stored record
    record = ComparisonRecord.from_dict(data)
    console = Console(record=True, width=200)
    print_comparison(console, record)
    printed = console.export_text()
    for outlet, (mentions, sentiment, _, _) in on_story.items():
        assert tone_text(sentiment, mentions) in printed, outlet
    assert "in quotes" in printed


def test_mention_stats_split_quoted_mentions(store: Store, pipeline: Pipeline) -> None:
    _stored_story(store, pipeline)
    stats: list[MentionStat] = store.entity_stats("Иван Соколов")
    quoted = sum(s.tone.quoted for s in stats)
    own = sum(s.tone.mentions for s in stats)
    assert (own, quoted) == (6, 1)
    assert sum(s.mentions for s in stats) == 7  # naming counts still count every mention


def test_migration_marks_stored_mentions_inside_direct_quotes(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "old.db"
    with closing(open_store(path)) as store:
        _stored_story(store, pipeline)
    with sqlite3.connect(path) as connection:  # as a store before migration 9 left them
        connection.execute("UPDATE entities SET quoted = 0")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        _quoted_mentions(connection)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT normal FROM entities WHERE quoted = 1").fetchall()
    assert rows == [("Иван Соколов",)]
