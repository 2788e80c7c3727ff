from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from newsprism.stories.clustering import (
    SIMPLE_THRESHOLD,
    UNDATED,
    ClusterSettings,
    EventClusterer,
    blocking_keys,
    cluster_all,
    day_of,
    entity_key,
    simple_score,
    time_span,
)
from newsprism.stories.view import StoryDoc

START = date(2025, 3, 1)


def view(
    article_id: str,
    day: int | None,
    entities: dict[str, int],
    title: list[str],
    lemmas: list[str],
    outlet: str = "Лента",
) -> StoryDoc:
    return StoryDoc(
        id=article_id,
        title=" ".join(title),
        text=" ".join(title + lemmas),
        outlet=outlet,
        published=None,
        written_after="" if day is None else (START + timedelta(days=day)).isoformat(),
        category="society",
        title_lemmas=title,
        lemmas=title + lemmas,
        entities=entities,
    )


FLOOD = {"LOC:Оренбург": 4, "ORG:МЧС": 3, "PER:Александр Куренков": 1}
FLOOD_WORDS = [
    "паводок", "дамба", "прорыв", "вода", "уровень", "эвакуация", "житель", "подтопить", "дом", "спасатель",
]  # fmt: skip


def flood(article_id: str, day: int | None, title: list[str], extra: list[str]) -> StoryDoc:
    return view(article_id, day, FLOOD, title, FLOOD_WORDS * 2 + extra)


class Counting:
    """A scorer that counts the pairs it is asked about."""

    def __init__(self) -> None:
        self.pairs = 0

    def __call__(self, a: StoryDoc, b: StoryDoc) -> float:
        self.pairs += 1
        return simple_score(a, b)


def test_clustering_same_event_articles_join_and_others_do_not() -> None:
    clusterer = EventClusterer(simple_score, SIMPLE_THRESHOLD)
    first = clusterer.add(flood("a", 0, ["прорыв", "дамба", "оренбург"], ["ночью"]))
    assert clusterer.add(flood("b", 1, ["паводок", "оренбург", "эвакуация"], ["утро"])) == first
    assert clusterer.add(flood("c", 2, ["уровень", "вода", "оренбург"], ["рекорд"])) == first
    match = view(
        "d",
        1,
        {"ORG:Спартак": 3, "ORG:Зенит": 3},
        ["спартак", "обыграть", "зенит"],
        ["матч", "гол", "тренер", "болельщик", "стадион", "победа"],
    )
    assert clusterer.add(match) == "d"
    assert clusterer.partition() == {frozenset("abc"), frozenset("d")}
    assert clusterer.events() == {"a": ["a", "b", "c"], "d": ["d"]}
    assert [member.id for member in clusterer.members("a")] == ["a", "b", "c"]


def test_clustering_time_window_keeps_far_apart_articles_apart() -> None:
    counting = Counting()
    clusterer = EventClusterer(counting, SIMPLE_THRESHOLD, ClusterSettings(window_days=3))
    clusterer.add(flood("a", 0, ["прорыв", "дамба"], []))
    clusterer.add(flood("b", 10, ["прорыв", "дамба"], []))  # the same words ten days later
    assert counting.pairs == 0  # never even scored
    assert clusterer.event_of("b") == "b"
    clusterer.add(flood("c", 3, ["прорыв", "дамба"], []))  # three days: within the window
    assert clusterer.event_of("c") == "a"
    # an undated article is compared with all, so it could bridge events far apart: it joins the
    # one it scores best with (ties to the earlier article) and never merges two
    assert clusterer.add(flood("u", None, ["прорыв", "дамба"], [])) == "a"
    assert clusterer.partition() == {frozenset("acu"), frozenset("b")}
    assert clusterer.stats.merges == 0


def proven(article_id: str, written_after: str, precision: str) -> StoryDoc:
    """A flood article that has no publication date, only dates proving when it was written."""
    item = flood(article_id, None, ["прорыв", "дамба"], [])
    item.written_after, item.written_after_precision = written_after, precision
    return item


def test_clustering_time_span_reads_the_precision_of_the_proof() -> None:
    day = date(2026, 3, 24).toordinal()
    published = flood("p", None, ["прорыв"], [])
    published.published = datetime(2026, 3, 24, 9, 30, tzinfo=UTC)
    assert time_span(published) == (day, day)
    assert time_span(proven("d", "2026-03-24", "day")) == (day, day)
    assert time_span(proven("o", "2026-03-24", "")) == (day, day)  # stored before the field: a day
    assert time_span(proven("m", "2026-02-01", "month")) == (
        date(2026, 2, 1).toordinal(),
        date(2026, 2, 28).toordinal(),
    )
    assert time_span(proven("y", "2024-01-01", "year"))[0] == date(2024, 1, 1).toordinal()
    assert time_span(proven("y", "2024-01-01", "year"))[1] > date(3000, 1, 1).toordinal()  # open
    assert time_span(flood("u", None, ["прорыв"], []))[0] == UNDATED


def test_clustering_coarse_proofs_of_date_attach_within_their_span_only() -> None:
    # «в 2024 году» proves only that a text is not older than 2024: it may tell of an event of
    # 2026, so it is a candidate of that event; it never bridges two events (like an undated one).
    # A month proves the text is from that month or later: a day of an earlier month is too early.
    a, b, e = (
        proven("a", "2026-03-24", "day"),
        proven("b", "2026-06-10", "day"),
        proven("e", "2026-01-05", "day"),
    )
    for items, expected in (
        ([a, b, e, proven("m", "2026-06-01", "month")], {"a": ["a"], "b": ["b", "m"], "e": ["e"]}),
        ([a, e, proven("y", "2024-01-01", "year")], {"e": ["e"], "a": ["a", "y"]}),
        ([a, e, proven("y", "2026-04-01", "year")], {"e": ["e"], "a": ["a"], "y": ["y"]}),
    ):
        for order in range(len(items)):
            clusterer = EventClusterer(simple_score, SIMPLE_THRESHOLD, ClusterSettings(window_days=3))
            for item in items[order:] + items[:order]:
                clusterer.add(item)
            assert clusterer.events() == expected
            assert clusterer.stats.merges == 0


def test_clustering_undated_articles_attach_but_never_bridge() -> None:
    # two events a week apart that an undated article links to both; and two undated articles
    # that only link to each other make an event of their own
    a = flood("a", 0, ["прорыв", "дамба"], ["ночью"])
    b = flood("b", 7, ["прорыв", "дамба"], ["утро"])
    u = flood("u", None, ["прорыв", "дамба"], ["утро"])
    match = {"ORG:Спартак": 3, "ORG:Зенит": 3}
    words = ["матч", "гол", "тренер", "болельщик", "стадион", "победа"]
    v = view("v", None, match, ["спартак", "обыграть", "зенит"], words)
    w = view("w", None, match, ["зенит", "проиграть", "спартак"], words)
    expected = {"a": ["a"], "b": ["b", "u"], "v": ["v", "w"]}
    for order in ([a, b, u, v, w], [u, w, a, v, b], [w, v, u, b, a]):
        clusterer = EventClusterer(simple_score, SIMPLE_THRESHOLD, ClusterSettings(window_days=3))
        for item in order:
            clusterer.add(item)
        assert clusterer.events() == expected
        assert clusterer.event_of("u") == "b" and clusterer.event_of("w") == "v"
        assert [member.id for member in clusterer.members("b")] == ["b", "u"]


def test_clustering_bridging_article_merges_two_events() -> None:
    # a and b share no words but both share some with c: only c links them
    a = view("a", 1, {"LOC:Оренбург": 2, "ORG:МЧС": 2}, ["дамба", "прорыв"], ["вода"] * 5)
    b = view("b", 0, {"LOC:Орск": 2, "ORG:МЧС": 2}, ["эвакуация", "житель"], ["автобус"] * 5)
    c = view(
        "c",
        2,
        {"LOC:Оренбург": 2, "LOC:Орск": 2, "ORG:МЧС": 2},
        ["дамба", "прорыв", "эвакуация", "житель"],
        ["вода"] * 5 + ["автобус"] * 5,
    )
    clusterer = EventClusterer(simple_score, SIMPLE_THRESHOLD)
    assert clusterer.add(a) == "a"
    assert clusterer.add(b) == "b"
    assert clusterer.add(c) == "b"  # the merged event keeps the id of its earliest article
    assert clusterer.partition() == {frozenset("abc")}
    assert clusterer.stats.merges == 1
    assert clusterer.renamed == {"a": "b"}
    assert clusterer.resolve("a") == "b"
    for order in ([c, a, b], [b, c, a], [a, c, b]):  # the same event whatever the order
        again = EventClusterer(simple_score, SIMPLE_THRESHOLD)
        for item in order:
            again.add(item)
        assert again.events() == {"b": ["b", "a", "c"]}
    assert cluster_all([a, b], simple_score, SIMPLE_THRESHOLD).partition() == {frozenset("a"), frozenset("b")}


def synthetic(seed: int, events: int, days: int, hard: bool = False) -> list[StoryDoc]:
    """Events with two actors (a few popular ones shared by many events), a topic shared with
    other events, words of their own and common ones; each event's articles are samples of its
    words over three days. When `hard`, a topic has a place named by all its events, so events on
    one topic are candidates of one another and some link, and articles of one event share fewer
    words, so that some join only through a third: the order of addition would matter to a rule
    that is not order-independent."""
    rng = random.Random(seed)
    popular = [f"PER:Иван Популярнов{i}" for i in range(5)]
    topics = [[f"тема{topic}слово{i}" for i in range(6)] for topic in range(8)]
    common = [f"слово{i}" for i in range(40)]
    views = []
    for event in range(events):
        actors = [rng.choice(popular), f"ORG:Организация{event}"]
        topic = rng.choice(topics)
        words = [f"событие{event}слово{i}" for i in range(10)]
        day = rng.randrange(days)
        for article in range(rng.randint(1, 6)):
            entities = {actor: rng.randint(1, 3) for actor in actors}
            if hard:
                entities[f"LOC:Город{topics.index(topic)}"] = 2
            title = rng.sample(words, 2) + rng.sample(topic, 1)
            lemmas = (rng.sample(words, 4 if hard else 7) + rng.sample(topic, 4)) * 2 + rng.sample(common, 10)
            when = None if rng.random() < 0.05 else day + rng.randint(0, 2)
            views.append(view(f"e{event:03d}a{article}", when, entities, title, lemmas))
    return views


def test_clustering_incremental_equals_full_recomputation_on_shuffled_set() -> None:
    views = synthetic(seed=7, events=120, days=30, hard=True)
    full = cluster_all(views, simple_score, SIMPLE_THRESHOLD)
    events = full.events()
    assert len(events) < len(views) / 2  # articles did join events
    assert full.stats.merges > 0  # some through a bridging article
    assert full.stats.scored > full.stats.linked  # and some candidates did not link
    rng = random.Random(3)
    for _ in range(3):
        shuffled = views[:]
        rng.shuffle(shuffled)
        incremental = EventClusterer(simple_score, SIMPLE_THRESHOLD)
        for item in shuffled:
            incremental.add(item)
        assert incremental.stats.capped == 0
        assert incremental.partition() == full.partition()
        assert incremental.events() == events  # ids too


def test_clustering_finds_the_synthetic_events() -> None:
    views = synthetic(seed=11, events=120, days=30)
    found = cluster_all(views, simple_score, SIMPLE_THRESHOLD)
    same_found = same_true = both = 0
    for i, a in enumerate(views):
        for b in views[:i]:
            linked = found.event_of(a.id) == found.event_of(b.id)
            same = a.id.split("a")[0] == b.id.split("a")[0]
            same_found += linked
            same_true += same
            both += linked and same
    assert both / same_found > 0.9  # pairwise precision
    assert both / same_true > 0.9  # pairwise recall


def test_clustering_scores_only_candidates() -> None:
    views = synthetic(seed=5, events=400, days=60)
    counting = Counting()
    clusterer = EventClusterer(counting, SIMPLE_THRESHOLD)
    for item in views:
        clusterer.add(item)
    all_pairs = len(views) * (len(views) - 1) // 2
    assert counting.pairs == clusterer.stats.scored
    assert counting.pairs < all_pairs / 100
    assert clusterer.stats.candidates < all_pairs / 50


def test_clustering_cap_limits_the_pairs_scored_and_says_so() -> None:
    crowd = [flood(f"f{i:02d}", 0, ["прорыв", "дамба"], [f"деталь{i}"]) for i in range(30)]
    counting = Counting()
    clusterer = EventClusterer(lambda a, b: counting(a, b) * 0, 0.5, ClusterSettings(max_candidates=5))
    for item in crowd:
        clusterer.add(item)
    assert counting.pairs == sum(min(i, 5) for i in range(30))
    assert clusterer.stats.capped == 30 - 6


def test_clustering_same_article_twice_is_added_once() -> None:
    clusterer = EventClusterer(simple_score, SIMPLE_THRESHOLD)
    item = flood("a", 0, ["прорыв"], [])
    assert clusterer.add(item) == clusterer.add(item) == "a"
    assert len(clusterer) == 1


def test_clustering_blocking_keys_are_pairs_of_entities_title_and_main_words() -> None:
    item = view(
        "a",
        0,
        {"PER:Эммануэль Макрон": 3, "PER:Владимир Путин": 2, "LOC:Франция": 2},
        ["макрон", "позвонить", "путин"],
        ["разговор"] * 3 + ["звонок"] * 2 + ["год"] * 9,
    )
    keys = blocking_keys(item, ClusterSettings())
    assert "e:PER:макрон|PER:путин" in keys
    assert "t:макрон|позвонить" in keys
    assert "l:звонок|разговор" in keys
    assert not any("год" in key for key in keys)  # a generic word is never a key


def test_clustering_entity_key_and_day() -> None:
    assert entity_key("PER:Эммануэль Макрон") == entity_key("PER:Макрон") == "PER:макрон"
    assert entity_key("ORG:Коалиция  желающих") == "ORG:коалиция желающих"
    assert day_of("2025-11-01") == date(2025, 11, 1).toordinal()
    assert day_of("2025-11") == day_of("2025-11-01")
    assert day_of("") == day_of("--03-27") == -1


def test_clustering_simple_score() -> None:
    a = flood("a", 0, ["прорыв"], [])
    b = view("b", 0, {"ORG:Спартак": 2}, ["матч"], ["гол", "тренер"])
    assert abs(simple_score(a, a) - 1.0) < 1e-9
    assert simple_score(a, b) == simple_score(b, a) == 0.0
