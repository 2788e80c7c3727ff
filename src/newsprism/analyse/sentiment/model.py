"""The trained model (`SentimentModel`: a multinomial logistic regression over the features of
`features.featurise`) and the one shipped in the package (`load_model`), as plain numpy arrays in
`analyse/models/entity_sentiment.npz`, loaded with `allow_pickle=False`; `METADATA_PATH` records its
data, cross-validated score and settings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyse import natasha_models
from newsprism.analyse.sentiment.config import LABELS, FeatureConfig, Vector
from newsprism.analyse.sentiment.contexts import Context
from newsprism.analyse.sentiment.features import featurise, pieces

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "entity_sentiment.npz"
METADATA_PATH = MODEL_PATH.with_suffix(".json")


@dataclass(frozen=True, slots=True)
class SentimentModel:
    """A trained model: `coef` is (3, config.width) for the labels -1, 0, 1."""

    config: FeatureConfig
    coef: Vector
    intercept: Vector
    embedding: str  # navec's id of the word vectors it was trained with

    def probabilities(self, contexts: Sequence[Context]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Probabilities of -1, 0 and 1 for each mention: the softmax of the linear scores. The
        mentions are featurised in pieces (`pieces`), so memory does not grow with the batch."""
        if not contexts:
            return np.zeros((0, len(LABELS)))
        return np.vstack([self._probabilities(piece) for piece in pieces(contexts)])

    def _probabilities(self, contexts: Sequence[Context]) -> np.ndarray[Any, np.dtype[np.float64]]:
        hashed_features, vectors = featurise(contexts, self.config)
        n = self.config.n_features
        scores = np.asarray(hashed_features @ self.coef[:, :n].T, dtype=np.float64) + self.intercept
        scores += vectors @ self.coef[:, n:].T
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, contexts: Sequence[Context]) -> list[tuple[int, float]]:
        """The label of each mention with its probability."""
        probabilities = self.probabilities(contexts)
        best = probabilities.argmax(axis=1)
        return [(LABELS[b], float(probabilities[i, b])) for i, b in enumerate(best)]

    def identity(self) -> str:
        """A digest of the weights, the features and the word vectors, for `Pipeline.version`."""
        digest = hashlib.sha256(json.dumps(asdict(self.config), sort_keys=True).encode())
        for array in (self.coef, self.intercept):
            digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(self.embedding.encode())
        return f"sentiment-model@{digest.hexdigest()[:12]}"

    def save(self, path: Path) -> None:
        config = json.dumps(asdict(self.config))
        labels = np.array(LABELS, dtype=np.int8)
        np.savez_compressed(
            path,
            coef=self.coef,
            intercept=self.intercept,
            labels=labels,
            config=np.array(config),
            embedding=np.array(self.embedding),
        )

    @classmethod
    def load(cls, path: Path) -> SentimentModel:
        """A model saved by `save`: numpy arrays only, never pickle."""
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(int(label) for label in data["labels"])
            config = FeatureConfig.from_dict(json.loads(str(data["config"])))
            coef, intercept = data["coef"].astype(np.float32), data["intercept"].astype(np.float32)
            model = cls(config, coef, intercept, str(data["embedding"]))
        if labels != LABELS or model.coef.shape != (len(LABELS), config.width):
            raise ValueError(
                f"{path}: labels {labels} or coefficients {model.coef.shape} do not fit the config"
            )
        return model


@cache
def load_model() -> SentimentModel:
    """The model shipped in the package, loaded once per process."""
    if not MODEL_PATH.is_file():
        raise FileNotFoundError(f"{MODEL_PATH} not found: train it with `python train/entity_sentiment.py`")
    model = SentimentModel.load(MODEL_PATH)
    if model.config.vectors and model.embedding != embedding_id():
        raise ValueError(
            f"{MODEL_PATH} was trained with word vectors {model.embedding!r}, but natasha now ships "
            f"{embedding_id()!r}: retrain it with `python train/entity_sentiment.py`"
        )
    return model


def embedding_id() -> str:
    return str(natasha_models.load().emb.meta.id)
