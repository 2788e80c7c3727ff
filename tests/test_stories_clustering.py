from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from newsprism.stories.clustering import (
    SIMPLE_THRESHOLD,
    UNDATED,
    ClusterSettings,
    EventClusterer,
    cluster_all,
    day_of,
    entity_key,
    simple_score,
    time_span,
)
from newsprism.stories.keys import blocking_keys
from newsprism.stories.linkage import average_link
from newsprism.stories.view import StoryDoc

START = date(2025, 3, 1)
SIMPLE = ClusterSettings(threshold=SIMPLE_THRESHOLD, link_floor=0.15)


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


def clustered(items: list[StoryDoc], settings: ClusterSettings = SIMPLE) -> EventClusterer:
    clusterer = EventClusterer(simple_score, settings)
    for item in items:
        clusterer.add(item)
    return clusterer


def test_clustering_same_event_articles_join_and_others_do_not() -> None:
    match = view(
        "d",
        1,
        {"ORG:Спартак": 3, "ORG:Зенит": 3},
        ["спартак", "обыграть", "зенит"],
        ["матч", "гол", "тренер", "болельщик", "стадион", "победа"],
    )
    clusterer = clustered(
        [
            flood("a", 0, ["прорыв", "дамба", "оренбург"], ["ночью"]),
            flood("b", 1, ["паводок", "оренбург", "эвакуация"], ["утро"]),
            flood("c", 2, ["уровень", "вода", "оренбург"], ["рекорд"]),
            match,
        ]
    )
    assert clusterer.partition() == {frozenset("abc"), frozenset("d")}
    assert clusterer.events() == {"a": ["a", "b", "c"], "d": ["d"]}
    assert [member.id for member in clusterer.members("a")] == ["a", "b", "c"]
    assert clusterer.event_of("c") == "a" and clusterer.event_of("d") == "d"


def test_clustering_time_window_keeps_far_apart_articles_apart() -> None:
    counting = Counting()
    clusterer = EventClusterer(counting, ClusterSettings(threshold=SIMPLE_THRESHOLD, window_days=3))
    clusterer.add(flood("a", 0, ["прорыв", "дамба"], []))
    clusterer.add(flood("b", 10, ["прорыв", "дамба"], []))  # the same words ten days later
    assert counting.pairs == 0  # never even scored
    assert clusterer.event_of("b") == "b"
    clusterer.add(flood("c", 3, ["прорыв", "дамба"], []))  # three days: within the window
    assert clusterer.event_of("c") == "a"
    assert clusterer.partition() == {frozenset("ac"), frozenset("b")}


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


def test_clustering_coarse_proofs_of_date_are_candidates_within_their_span_only() -> None:
    # A month proves the text is from that month or later: a day of an earlier month is too early.
    a, b, e = (
        proven("a", "2026-03-24", "day"),
        proven("b", "2026-06-10", "day"),
        proven("e", "2026-01-05", "day"),
    )
    items = [a, b, e, proven("m", "2026-06-01", "month")]
    for order in range(len(items)):
        clusterer = clustered(items[order:] + items[:order])
        assert clusterer.events() == {"e": ["e"], "a": ["a"], "b": ["b", "m"]}


def topic(prefix: str, day: int, size: int, words: list[str], entities: dict[str, int]) -> list[StoryDoc]:
    """`size` articles of one event: each tells it in most of the event's words."""
    rng = random.Random(prefix)
    return [
        view(f"{prefix}{i:02d}", day, entities, rng.sample(words, 3), rng.sample(words, len(words) - 2) * 2)
        for i in range(size)
    ]


def test_clustering_does_not_chain_two_dense_topics_through_bridging_articles() -> None:
    # Two dense events on one day and a few articles that each take half their words from either:
    # single link joins everything through them; average link keeps the two events apart, and a
    # bridging article joins at most one of them.
    flood_words = [f"паводок{i}" for i in range(12)]
    vote_words = [f"выборы{i}" for i in range(12)]
    floods = topic("f", 0, 8, flood_words, {"LOC:Оренбург": 2})
    votes = topic("v", 0, 8, vote_words, {"PER:Иван Кандидатов": 2})
    bridges = [
        view(f"x{i}", 0, {"LOC:Оренбург": 1, "PER:Иван Кандидатов": 1}, flood_words[:2] + vote_words[:2],
             (flood_words[i : i + 6] + vote_words[i : i + 6]) * 2)
        for i in range(3)
    ]  # fmt: skip
    items = floods + votes + bridges
    for item in bridges:
        assert max(simple_score(item, other) for other in floods) >= SIMPLE_THRESHOLD
        assert max(simple_score(item, other) for other in votes) >= SIMPLE_THRESHOLD
    clusterer = clustered(items)
    events = [set(members) for members in clusterer.events().values()]
    flood_ids, vote_ids = {f.id for f in floods}, {v.id for v in votes}
    assert any(flood_ids <= event for event in events)
    assert any(vote_ids <= event for event in events)
    assert not any(event & flood_ids and event & vote_ids for event in events)
    assert max(len(event) for event in events) <= len(floods) + len(bridges)


def test_clustering_linkage_is_average_link_and_never_grows_by_one_link() -> None:
    # a triangle a-b-c of strong pairs, and d linked to a only: d stays out (0.7 / 3 < 0.5)
    edges = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.85, (0, 3): 0.7}
    assert average_link(["a", "b", "c", "d"], edges, 0.5) == [[0, 1, 2], [3]]
    # with a link to a second member, d's mean (0.7 + 0.9 + 0) / 3 = 0.53 reaches 0.5
    edges[(1, 3)] = 0.9
    assert average_link(["a", "b", "c", "d"], edges, 0.5) == [[0, 1, 2, 3]]
    # the best pair merges first: d and a at 0.95 leave b and c apart from them
    assert average_link(["a", "b", "c", "d"], {(0, 3): 0.95, (0, 1): 0.6, (1, 2): 0.9}, 0.5) == [
        [0, 3],
        [1, 2],
    ]
    assert average_link(["b", "a"], {}, 0.5) == [[1], [0]]  # clusters by their smallest key


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
    settings = ClusterSettings(threshold=SIMPLE_THRESHOLD, link_floor=0.3)
    full = cluster_all(views, simple_score, settings)
    events = full.events()
    assert len(events) < len(views) / 2  # articles did join events
    rng = random.Random(3)
    for _ in range(3):
        shuffled = views[:]
        rng.shuffle(shuffled)
        incremental = EventClusterer(simple_score, settings)
        for number, item in enumerate(shuffled):
            incremental.add(item)
            if number % 97 == 0:
                incremental.events()  # asked for events on the way: only touched parts recomputed
        assert incremental.stats.capped == 0
        assert incremental.partition() == full.partition()
        assert incremental.events() == events  # ids too


def test_clustering_finds_the_synthetic_events() -> None:
    views = synthetic(seed=11, events=120, days=30)
    found = cluster_all(views, simple_score, SIMPLE)
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
    clusterer = EventClusterer(counting, SIMPLE)
    for item in views:
        clusterer.add(item)
    all_pairs = len(views) * (len(views) - 1) // 2
    assert counting.pairs == clusterer.stats.scored
    assert counting.pairs < all_pairs / 100
    assert clusterer.stats.candidates < all_pairs / 50


def test_clustering_cap_limits_the_pairs_scored_and_says_so() -> None:
    crowd = [flood(f"f{i:02d}", 0, ["прорыв", "дамба"], [f"деталь{i}"]) for i in range(30)]
    counting = Counting()
    clusterer = EventClusterer(counting, ClusterSettings(max_candidates=5))
    for item in crowd:
        clusterer.add(item)
    assert counting.pairs == sum(min(i, 5) for i in range(30))
    assert clusterer.stats.capped == 30 - 6


def test_clustering_same_article_twice_is_added_once() -> None:
    clusterer = EventClusterer(simple_score, SIMPLE)
    item = flood("a", 0, ["прорыв"], [])
    clusterer.add(item)
    clusterer.add(item)
    assert len(clusterer) == 1 and clusterer.events() == {"a": ["a"]}


def test_clustering_blocking_keys_are_pairs_of_entities_title_and_main_words() -> None:
    item = view(
        "a",
        0,
        {"PER:Эммануэль Макрон": 3, "PER:Владимир Путин": 2, "LOC:Франция": 2},
        ["макрон", "позвонить", "путин"],
        ["разговор"] * 3 + ["звонок"] * 2 + ["год"] * 9,
    )
    keys = blocking_keys(item)
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
