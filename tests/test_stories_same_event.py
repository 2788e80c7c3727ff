import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from newsprism.analyse import Pipeline
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc
from newsprism.stories.features import (
    EMBEDDING_FEATURES,
    FEATURE_NAMES,
    features_against,
    pair_features,
    sign,
)
from newsprism.stories.hashed_tfidf import char_buckets
from newsprism.stories.same_event import (
    EMBEDDING_ONLY,
    MODEL_PATH,
    TEXT_ONLY,
    VARIANTS,
    WITH_EMBEDDINGS,
    judge_pairs,
    load_metadata,
    load_model,
)
from newsprism.stories.view import StoryDoc

# Two reports of one event in different words (same people, place and figures) ...
BRIDGE = (
    "Губернатор Сергей Волков открыл новый мост через Волгу в Твери",
    "В субботу губернатор Тверской области Сергей Волков открыл движение по новому мосту через Волгу. "
    "Строительство обошлось в 12 миллиардов рублей и заняло три года. По мосту длиной 900 метров "
    "будут проезжать до 40 тысяч автомобилей в сутки, сообщили в правительстве региона.",
)
BRIDGE_RETOLD = (
    "В Твери запустили движение по мосту через Волгу стоимостью 12 млрд рублей",
    "Новый мост через Волгу в Твери открыт для машин. Ленточку перерезал глава региона Сергей Волков. "
    "Мост длиной 900 метров строили три года, на него потратили 12 миллиардов рублей. В сутки по "
    "нему смогут проехать 40 тысяч автомобилей.",
)
# ... a report of another event told from the same template (other people, place, figures) ...
OTHER_BRIDGE = (
    "Губернатор Андрей Морозов открыл новый мост через Каму в Перми",
    "В пятницу губернатор Пермского края Андрей Морозов открыл движение по новому мосту через Каму. "
    "Строительство обошлось в 8 миллиардов рублей и заняло два года. По мосту длиной 1200 метров "
    "будут проезжать до 30 тысяч автомобилей в сутки, сообщили в правительстве региона.",
)
# ... and a report of an unrelated event.
THEATRE = (
    "В Казани открылся фестиваль уличных театров",
    "На набережной Казанки в Казани начался международный фестиваль уличных театров. Артисты из "
    "семи стран покажут 25 спектаклей, вход на все представления свободный, рассказала директор "
    "фестиваля Анна Крылова.",
)


@pytest.fixture(scope="module")
def views(pipeline: Pipeline) -> dict[str, StoryDoc]:
    articles = {
        "bridge": Article(title=BRIDGE[0], body=BRIDGE[1], outlet="tver.example"),
        "retold": Article(title=BRIDGE_RETOLD[0], body=BRIDGE_RETOLD[1], outlet="news.example"),
        "theatre": Article(title=THEATRE[0], body=THEATRE[1], outlet="kazan.example"),
        "other_bridge": Article(title=OTHER_BRIDGE[0], body=OTHER_BRIDGE[1], outlet="perm.example"),
    }
    docs = pipeline.pipe(Doc.from_article(article) for article in articles.values())
    return {
        name: StoryDoc.from_analysis(article, doc)
        for (name, article), doc in zip(articles.items(), docs, strict=True)
    }


def test_same_event_features_are_bounded_and_symmetric(views: dict[str, StoryDoc]) -> None:
    model = load_model()
    for left, right in (("bridge", "retold"), ("bridge", "theatre"), ("retold", "theatre")):
        a, b = views[left], views[right]
        forward, backward = pair_features(a, b), pair_features(b, a)
        assert forward.shape == (len(FEATURE_NAMES),)
        assert np.all(forward >= 0.0) and np.all(forward <= 1.0 + 1e-6)
        assert np.array_equal(forward, backward)
        assert model.score(a, b) == model.score(b, a)
    # An article compared with itself is as similar as can be on every text feature.
    itself = dict(zip(FEATURE_NAMES, pair_features(views["bridge"], views["bridge"]), strict=True))
    for name in ("text_lemma_cos", "text_char_cos", "lead_char_cos", "title_char_cos"):
        assert itself[name] == pytest.approx(1.0, abs=1e-5)


def test_same_event_retold_story_scores_above_another_event(views: dict[str, StoryDoc]) -> None:
    model = load_model()
    same_pair = model.score(views["bridge"], views["retold"])
    other_pair = model.score(views["bridge"], views["theatre"])
    assert same_pair > other_pair + 0.2
    assert model.same(views["bridge"], views["retold"])
    assert not model.same(views["bridge"], views["theatre"])
    features = dict(zip(FEATURE_NAMES, pair_features(views["bridge"], views["retold"]), strict=True))
    assert features["figure_overlap"] > 0  # 12 billion roubles, 900 metres, 40 thousand cars
    assert features["per_overlap"] > 0  # Сергей Волков
    assert features["title_names_found"] == 1.0


def test_same_event_same_template_with_other_actors_is_another_event(views: dict[str, StoryDoc]) -> None:
    # Words alone cannot tell: the template-mate is closer in characters than the retelling ...
    char = FEATURE_NAMES.index("text_char_cos")
    retold = pair_features(views["bridge"], views["retold"])
    template = pair_features(views["bridge"], views["other_bridge"])
    assert template[char] > retold[char]
    # ... but the person its title names is not in the other article. (The shipped model is
    # strongly regularised, so its probabilities stay near the middle: compare, not 0 or 1.)
    model = load_model()
    assert not model.same(views["bridge"], views["other_bridge"])
    assert model.same(views["bridge"], views["retold"])
    assert (
        model.score(views["bridge"], views["other_bridge"])
        < model.score(views["bridge"], views["retold"]) - 0.1
    )


def test_same_event_model_reads_only_the_features_it_weighs(views: dict[str, StoryDoc]) -> None:
    model = load_model()
    needed = model.needed(WITH_EMBEDDINGS)
    assert needed and set(needed) < set(FEATURE_NAMES)
    a, b = sign(views["bridge"]), sign(views["retold"])
    partial = dict(zip(FEATURE_NAMES, features_against(a, [b], needed)[0], strict=True))
    full = dict(zip(FEATURE_NAMES, pair_features(a, b), strict=True))
    assert all(partial[name] == pytest.approx(full[name]) for name in needed)
    # cosines it gives no weight to are not computed (set features come as one group)
    assert partial["text_lemma_cos"] == partial["lead_char_cos"] == 0.0 < full["text_lemma_cos"]
    every = np.array([[full[name] for name in FEATURE_NAMES]])
    assert model.score(a, b) == pytest.approx(float(model.probabilities(every, WITH_EMBEDDINGS)[0]))


def test_same_event_features_against_many_match_pairwise(views: dict[str, StoryDoc]) -> None:
    query, *candidates = (sign(views[name]) for name in ("bridge", "retold", "theatre", "bridge"))
    batch = features_against(query, candidates)
    assert batch.shape == (3, len(FEATURE_NAMES))
    for row, candidate in zip(batch, candidates, strict=True):
        np.testing.assert_allclose(row, pair_features(query, candidate), atol=1e-6)
    assert features_against(query, []).shape == (0, len(FEATURE_NAMES))


def test_same_event_time_features_follow_publication_dates(views: dict[str, StoryDoc]) -> None:
    undated = dict(zip(FEATURE_NAMES, pair_features(views["bridge"], views["retold"]), strict=True))
    assert undated["time_known"] == 0.0 and undated["time_close"] == 0.0
    first = dataclasses.replace(views["bridge"], published=datetime(2026, 5, 1, tzinfo=UTC))
    later = dataclasses.replace(views["retold"], published=datetime(2026, 5, 4, tzinfo=UTC))
    dated = dict(zip(FEATURE_NAMES, pair_features(first, later), strict=True))
    assert dated["time_known"] == 1.0
    assert dated["time_close"] == pytest.approx(np.exp(-1.0))


def test_same_event_character_hashing_is_stable() -> None:
    # The shipped IDF table is indexed by these buckets: they must not depend on the process.
    buckets, counts = np.unique(char_buckets("Мост, мост!"), return_counts=True)
    # « мост » twice: four 3-grams, three 4-grams, two 5-grams, the padding spaces included
    assert counts.tolist() == [2] * 9
    assert buckets.tolist() == [92520, 106066, 113247, 134980, 162453, 185659, 200899, 225827, 255506]
    assert char_buckets("").size == 0


def test_same_event_shipped_model_loads_without_pickle() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as arrays:
        names = tuple(str(name) for name in arrays["feature_names"])
        assert arrays["weights"].shape == (len(VARIANTS), len(FEATURE_NAMES))
    assert names == FEATURE_NAMES
    model = load_model()
    assert model.feature_names == FEATURE_NAMES
    assert np.all((model.threshold > 0) & (model.threshold < 1))
    embedding_columns = [FEATURE_NAMES.index(name) for name in EMBEDDING_FEATURES]
    assert not model.weights[TEXT_ONLY, embedding_columns].any()
    others = [i for i in range(len(FEATURE_NAMES)) if i not in embedding_columns]
    assert not model.weights[EMBEDDING_ONLY, others].any()  # across languages: the embedding only
    metadata = load_metadata()
    assert metadata["feature_names"] == list(FEATURE_NAMES)
    assert metadata["data"]["n"] > 0 and len(metadata["data"]["sha256"]) == 64


def test_same_event_judge_pairs_answers_each_record(pipeline: Pipeline) -> None:
    bridge = {"title": BRIDGE[0], "text": BRIDGE[1], "url": "https://tver.example/news/1"}
    retold = {"title": BRIDGE_RETOLD[0], "text": BRIDGE_RETOLD[1], "published": "2026-05-02T10:00:00+03:00"}
    theatre = {"title": THEATRE[0], "text": THEATRE[1]}
    records = [{"a": bridge, "b": retold}, {"a": bridge, "b": theatre}, {"a": theatre, "b": bridge}]
    verdicts = judge_pairs(records, pipeline=pipeline)
    assert len(verdicts) == len(records)
    assert all(set(v) == {"same", "score"} and isinstance(v["same"], bool) for v in verdicts)
    assert [v["same"] for v in verdicts] == [True, False, False]
    assert verdicts[1]["score"] == verdicts[2]["score"]
    assert judge_pairs([], pipeline=pipeline) == []


def test_same_event_judge_pairs_names_the_bad_record(pipeline: Pipeline) -> None:
    good = {"title": THEATRE[0], "text": THEATRE[1]}
    with pytest.raises(ValueError, match=r"record 2: b\.text"):
        judge_pairs([{"a": good, "b": good}, {"a": good, "b": {"title": "x"}}], pipeline=pipeline)
    with pytest.raises(ValueError, match=r"record 1: a\.published"):
        judge_pairs([{"a": {**good, "published": "вчера"}, "b": good}], pipeline=pipeline)


def test_same_event_embedding_cosine_separates_retelling_from_template(views: dict[str, StoryDoc]) -> None:
    bridge, retold, theatre = (sign(views[name]) for name in ("bridge", "retold", "theatre"))
    assert bridge.embedding is not None and bridge.embedding.shape == (384,)
    np.testing.assert_allclose(np.linalg.norm(bridge.embedding), 1.0, atol=2e-3)
    column = FEATURE_NAMES.index("article_emb_cos")
    assert pair_features(bridge, retold)[column] > pair_features(bridge, theatre)[column]
    model = load_model()
    assert model.score(bridge, retold) > model.score(bridge, theatre)


def test_same_event_pairs_on_the_seeds_say_different_events(pipeline: Pipeline, seeds_dir: Path) -> None:
    # The two sample articles tell of one storyline months apart (the first call and a later
    # one): `pairs` must judge them as clustering does, dates the texts prove included.
    records = [
        {"title": article.title, "text": "\n\n".join(p for p in (article.lead, article.body) if p)}
        for article in read_paths([seeds_dir])
        if isinstance(article, Article)
    ]
    [verdict] = judge_pairs([{"a": records[0], "b": records[1]}], pipeline=pipeline)
    assert verdict["same"] is False
