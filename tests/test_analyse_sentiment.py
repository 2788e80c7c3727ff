"""Entity sentiment: the shipped model, scoring one mention, the pipeline step and the JSONL command."""

from __future__ import annotations

import importlib.util
import io
import json
import pickle
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism.analyse import Pipeline, PipelineError, Segment, default_pipeline
from newsprism.analyse.sentiment import (
    LABELS,
    METADATA_PATH,
    MODEL_PATH,
    EntitySentiment,
    SentimentModel,
    load_model,
    score_mention,
    score_records,
)
from newsprism.model import Doc
from newsprism.present import jsonlines

# the sentiment model and navec's word vectors load here: `make check` leaves these out
pytestmark = pytest.mark.slow

FIELDS: dict[str, type | tuple[type, ...]] = {"text": str, "start": int, "stop": int}


@pytest.fixture
def no_pickle(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sentiment model must load without pickle")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    load_model.cache_clear()
    yield
    load_model.cache_clear()


def test_sentiment_model_loads_without_pickle(no_pickle: None) -> None:
    model = load_model()
    assert model.coef.shape == (len(LABELS), model.config.width)
    assert np.isfinite(model.coef).all() and np.abs(model.coef).max() > 0
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)


def test_sentiment_model_is_small() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000


# Sanity checks, not an evaluation: clear-cut sentences of our own about an invented person,
# which any usable model gets right (the cross-validated score is in the metadata).
CLEAR = [
    ("Суд признал Ивана Петрова виновным в мошенничестве и приговорил его к десяти годам колонии.", -1),
    ("Прокуратура обвинила Ивана Петрова во взяточничестве и хищении бюджетных средств.", -1),
    ("Коллеги тепло поздравили Ивана Петрова с победой и высоко оценили его талант.", 1),
    ("Иван Петров стал победителем чемпионата мира и завоевал золотую медаль.", 1),
    ("Во вторник Иван Петров прилетел в Казань.", 0),
]


def mention(text: str) -> tuple[int, int]:
    name = "Ивана Петрова" if "Ивана Петрова" in text else "Иван Петров"
    start = text.index(name)
    return start, start + len(name)


@pytest.mark.parametrize(("text", "label"), CLEAR)
def test_sentiment_clear_sentences(text: str, label: int) -> None:
    predicted, score = score_mention(text, *mention(text))
    assert predicted == label
    assert 1 / 3 < score <= 1


def test_sentiment_only_the_mentions_sentence_counts() -> None:
    text = CLEAR[4][0]
    alone = score_mention(text, *mention(text))
    followed = score_mention(
        text + " " + CLEAR[0][0].replace("Ивана Петрова", "Сергея Смирнова"), *mention(text)
    )
    assert followed == pytest.approx(alone)


def test_sentiment_long_sentence() -> None:
    # A "sentence" of 300 words without a full stop (a table, a list) once broke the vector weights.
    text = "Иван Петров " + " ".join(["работал"] * 300)
    label, score = score_mention(text, 0, len("Иван Петров"))
    assert label in LABELS and 1 / 3 < score <= 1


@pytest.mark.parametrize(("start", "stop"), [(-1, 3), (5, 5), (8, 3), (30, 200)])
def test_sentiment_offsets_out_of_range_raise(start: int, stop: int) -> None:
    with pytest.raises(ValueError, match=r"mention offsets .* need 0 <= start < stop <= 41"):
        score_mention(CLEAR[4][0], start, stop)


@pytest.fixture(scope="module")
def docs(pipeline: Pipeline) -> list[Doc]:
    texts = [
        "Президент Франции Эммануэль Макрон встретился в Берлине с канцлером Германии Фридрихом Мерцем.",
        " ".join(text for text, _ in CLEAR),
    ]
    return list(pipeline.pipe(Doc(text=text) for text in texts))


def test_sentiment_step_fills_every_entity(docs: list[Doc]) -> None:
    annotated = list(EntitySentiment().pipe(docs))
    entities = [entity for doc in annotated for entity in doc.entities]
    assert len(entities) >= 6
    for entity in entities:
        assert entity.sentiment in LABELS
        assert 1 / 3 < entity.score <= 1  # the probability of the likeliest of three labels
    assert all("sentiment" in doc.steps for doc in annotated)
    petrov = [e for e in annotated[1].entities if e.normal == "Иван Петров"]
    assert [e.sentiment for e in petrov] == [label for _, label in CLEAR]


def test_sentiment_step_batch_equals_one_by_one(docs: list[Doc]) -> None:
    step = EntitySentiment()
    batch = [(e.sentiment, e.score) for doc in step.pipe(docs) for e in doc.entities]
    single = [(e.sentiment, e.score) for doc in docs for e in step(doc).entities]
    assert [label for label, _ in batch] == [label for label, _ in single]
    # float32 products may round differently for another batch shape
    assert [score for _, score in batch] == pytest.approx([score for _, score in single], abs=1e-6)


def test_sentiment_step_fits_the_pipeline() -> None:
    Pipeline([*default_pipeline().steps, EntitySentiment()])
    with pytest.raises(PipelineError, match="requires lemmas, entities"):
        Pipeline([Segment(), EntitySentiment()])


def test_sentiment_records() -> None:
    text = CLEAR[0][0]
    start, stop = mention(text)
    records = [{"text": text, "start": start, "stop": stop}, {"text": text, "start": 0, "stop": 500}] * 2
    answers = score_records(records)
    assert answers[0] == answers[2] == {"label": -1, "score": answers[0]["score"]}
    assert isinstance(answers[0]["score"], float)
    assert answers[1]["label"] is None and "mention offsets start=0, stop=500" in answers[1]["error"]


def test_sentiment_records_through_jsonlines() -> None:
    # The wiring `newsprism sentiment` uses: types checked by jsonlines, offsets by score_records.
    text = CLEAR[2][0]
    start, stop = mention(text)
    lines = [json.dumps({"text": text, "start": start, "stop": stop}), "", '{"text": "Иван", "start": 0}']
    out, errors = io.StringIO(), []
    failed = jsonlines.process(
        io.StringIO("\n".join(lines)), out, FIELDS, score_records, on_error=lambda n, r: errors.append(n)
    )
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert failed == 1 and errors == [3]
    assert answers[0]["label"] == 1 and answers[1]["line"] == 3


def test_sentiment_metadata_names_the_metric_and_matches_the_model() -> None:
    metadata = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    assert "macro F1 over the positive and negative classes" in metadata["metric"]
    assert "labels=[-1, 1]" in metadata["metric"]
    assert 0.3 < metadata["cv"]["f1_pos_neg"] < 0.9
    assert len(metadata["cv"]["folds"]) == 5
    assert metadata["data"]["rows"] == 6637
    model = SentimentModel.load(MODEL_PATH)
    assert metadata["features"] == json.loads(json.dumps(asdict(model.config)))
    assert metadata["embedding"] == model.embedding
    assert "not used" in metadata["lexicons"]


# The model must judge the mention, not its sentence: in invented sentences of a crime, the killer
# is judged, the victim is not, though the sentence's tone is the same for both.
JUDGED = [
    ("Убийца полицейского задержан в Москве.", "полицейского", 0),
    ("Полиция задержала Ивана Петрова, убийцу соседа.", "Ивана Петрова", -1),
]
# Victims the linear model still calls negative with the sentence (as did the model before the
# role features): known misses, kept so that a model that gets them right shows here.
MISSED_VICTIMS = [
    ("Полиция задержала убийцу Ивана Петрова.", "Ивана Петрова"),
    ("Мошенники обманули Ивана Петрова на миллион рублей.", "Ивана Петрова"),
]


def _label_of(text: str, name: str) -> int:
    start = text.index(name)
    return score_mention(text, start, start + len(name))[0]


@pytest.mark.parametrize(("text", "name", "label"), JUDGED)
def test_sentiment_judges_the_entity_not_the_sentence(text: str, name: str, label: int) -> None:
    assert _label_of(text, name) == label


@pytest.mark.xfail(strict=True, reason="a known miss: the victim takes the sentence's tone")
@pytest.mark.parametrize(("text", "name"), MISSED_VICTIMS)
def test_sentiment_victim_is_not_judged(text: str, name: str) -> None:
    assert _label_of(text, name) != -1


def test_train_groups_near_duplicate_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    # CV folds must keep copies of a sentence together: retyped, re-punctuated or lightly edited.
    path = Path(__file__).resolve().parents[1] / "train" / "entity_sentiment.py"
    spec = importlib.util.spec_from_file_location("train_entity_sentiment", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    texts = [
        "Суд арестовал Ивана Петрова по делу о мошенничестве в Казани.",
        "Суд арестовал Ивана Петрова по делу о мошенничестве в Казани.",
        "суд арестовал ивана петрова — по делу о мошенничестве в казани",
        "Суд арестовал Ивана Петрова по делу о мошенничестве в Казани в среду.",
        "Во вторник Иван Петров прилетел в Казань.",
    ]
    groups = module.sentence_groups(texts)
    assert len(set(groups[:4])) == 1
    assert groups[4] != groups[0]
