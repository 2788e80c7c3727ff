"""Do two articles report the same event? A logistic regression over `features.FEATURE_NAMES`.

`train/same_event.py` fits the model on the labelled pairs in
`../shared/data/story-pairs/ru-dev.jsonl` and writes `models/same_event.npz` (plain numpy arrays,
read with `allow_pickle=False`) and `models/same_event.json` (data, cross-validated scores,
versions). The model has two variants over the same features: one for articles with sentence
embeddings and one for articles without (its embedding weights are zero), each with the
threshold on the probability that the nested cross-validation chose. Inference is numpy only.

    model = load_model()
    model.score(a, b)   # probability that the two `StoryDoc`s (or `Signature`s) report one event
    model.same(a, b)    # that probability against the variant's threshold
    CachedScorer()      # a (StoryDoc, StoryDoc) -> float scorer for clustering, signatures cached

`judge_pairs` is what `newsprism pairs` runs: JSON records in, one verdict per record out.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyse import Pipeline, default_pipeline
from newsprism.ingest.fields import outlet_from_url, parse_published
from newsprism.model import Article, Doc
from newsprism.stories.features import (
    EMBEDDING_FEATURES,
    FEATURE_NAMES,
    MODELS,
    FloatArray,
    Signature,
    embed,
    features_against,
    sign,
    signature_features,
)
from newsprism.stories.view import StoryDoc

MODEL_PATH = MODELS / "same_event.npz"
METADATA_PATH = MODELS / "same_event.json"

TEXT_ONLY, WITH_EMBEDDINGS = 0, 1


@dataclass(frozen=True, slots=True)
class SameEventModel:
    """Standardised features times weights plus bias, through the logistic function.

    Row `TEXT_ONLY` of `weights`, `bias` and `threshold` is used when either article lacks an
    embedding, row `WITH_EMBEDDINGS` when both have one."""

    feature_names: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray  # (2, features)
    bias: FloatArray  # (2,)
    threshold: FloatArray  # (2,)

    def probabilities(self, features: FloatArray, embedded: bool) -> FloatArray:
        """Probabilities of `same` for rows of features in `FEATURE_NAMES` order."""
        variant = WITH_EMBEDDINGS if embedded else TEXT_ONLY
        logits = ((features - self.mean) / self.scale) @ self.weights[variant] + self.bias[variant]
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)

    def needed(self, embedded: bool) -> tuple[str, ...]:
        """The features the variant gives weight to: the only ones worth computing."""
        weights = self.weights[WITH_EMBEDDINGS if embedded else TEXT_ONLY]
        return tuple(name for name, weight in zip(self.feature_names, weights, strict=True) if weight)

    def score(self, a: StoryDoc | Signature, b: StoryDoc | Signature) -> float:
        """The probability that `a` and `b` report the same event (symmetric)."""
        left = a if isinstance(a, Signature) else sign(a)
        right = b if isinstance(b, Signature) else sign(b)
        embedded = _embedded(left, right)
        features = signature_features(left, right, self.needed(embedded))[None, :]
        return float(self.probabilities(features, embedded)[0])

    def same(self, a: StoryDoc | Signature, b: StoryDoc | Signature) -> bool:
        left = a if isinstance(a, Signature) else sign(a)
        right = b if isinstance(b, Signature) else sign(b)
        return self.score(left, right) >= self.threshold_for(_embedded(left, right))

    def threshold_for(self, embedded: bool) -> float:
        return float(self.threshold[WITH_EMBEDDINGS if embedded else TEXT_ONLY])

    def score_against(self, query: Signature, candidates: Sequence[Signature]) -> FloatArray:
        """Probabilities of `query` and each candidate reporting one event (for clustering)."""
        features = features_against(query, candidates, {*self.needed(False), *self.needed(True)})
        scores = np.empty(len(candidates))
        embedded = np.array([_embedded(query, c) for c in candidates], dtype=bool)
        for flag, rows in ((False, ~embedded), (True, embedded)):
            if rows.any():
                scores[rows] = self.probabilities(features[rows], flag)
        return scores


class CachedScorer:
    """`SameEventModel.score` on `StoryDoc`s, with the text-only signatures of the most recently
    seen articles kept by article id (least recently used dropped first): the
    `Callable[[StoryDoc, StoryDoc], float]` that `clustering.EventClusterer` takes. Only what the
    text-only variant reads is signed (about 0.5 ms per article; a signature about 10 KB)."""

    def __init__(self, model: SameEventModel | None = None, size: int = 16384) -> None:
        self.model = model or load_model()
        self.size = size
        self._signatures: OrderedDict[str, Signature] = OrderedDict()

    def signature(self, view: StoryDoc) -> Signature:
        found = self._signatures.get(view.id)
        if found is None:
            found = self._signatures[view.id] = sign(view, needed=self.model.needed(embedded=False))
            if len(self._signatures) > self.size:
                self._signatures.popitem(last=False)
        else:
            self._signatures.move_to_end(view.id)
        return found

    def __call__(self, a: StoryDoc, b: StoryDoc) -> float:
        return _rounded(self.model.score(self.signature(a), self.signature(b)))

    def many(self, view: StoryDoc, candidates: Sequence[StoryDoc]) -> list[float]:
        """The scores of `view` paired with each candidate, computed together (what
        `EventClusterer` asks of a batch scorer)."""
        query = self.signature(view)
        scores = self.model.score_against(query, [self.signature(candidate) for candidate in candidates])
        return [_rounded(float(score)) for score in scores]

    @property
    def threshold(self) -> float:
        """The model's F1-best threshold for text-only pairs; single-link clustering may want a
        higher one to keep false links rare."""
        return self.model.threshold_for(embedded=False)


def _rounded(score: float) -> float:
    # A pair's cosines summed in the other order differ in the last bits; rounded, the pairwise
    # and the batch scores agree, so events do not depend on which article came first.
    return round(score, 9)


def _embedded(a: Signature, b: Signature) -> bool:
    return a.embedding is not None and b.embedding is not None


def save_model(model: SameEventModel, path: Path = MODEL_PATH) -> None:
    """Write the model as numpy arrays only (no objects, so no pickle is needed to read it)."""
    np.savez_compressed(
        path,
        feature_names=np.array(model.feature_names, dtype=str),
        mean=model.mean,
        scale=model.scale,
        weights=model.weights,
        bias=model.bias,
        threshold=model.threshold,
    )


@cache
def load_model(path: Path = MODEL_PATH) -> SameEventModel:
    """The shipped model (read once per process). Raises FileNotFoundError with what to run, and
    ValueError when the model was trained on other features than this code computes."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: train it with `python train/same_event.py`")
    with np.load(path, allow_pickle=False) as arrays:
        model = SameEventModel(
            feature_names=tuple(str(name) for name in arrays["feature_names"]),
            mean=arrays["mean"].astype(np.float64),
            scale=arrays["scale"].astype(np.float64),
            weights=arrays["weights"].astype(np.float64),
            bias=arrays["bias"].astype(np.float64),
            threshold=arrays["threshold"].astype(np.float64),
        )
    if model.feature_names != FEATURE_NAMES:
        raise ValueError(
            f"{path} was trained on features {list(model.feature_names)}, but this version computes "
            f"{list(FEATURE_NAMES)}: retrain it with `python train/same_event.py`"
        )
    unused = [FEATURE_NAMES.index(name) for name in EMBEDDING_FEATURES]
    if np.any(model.weights[TEXT_ONLY, unused]):
        raise ValueError(f"{path}: the text-only variant gives weight to embedding features")
    return model


def load_metadata(path: Path = METADATA_PATH) -> dict[str, Any]:
    """What the shipped model was trained on and how it scored in cross-validation."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# Judging records (`newsprism pairs`) ---------------------------------------------------------


def record_article(record: object, where: str) -> Article:
    """An `Article` of one side of a pair record: title, text, and optional url, published,
    outlet (else the URL's host). Raises ValueError naming the record and field at fault."""
    if not isinstance(record, Mapping):
        raise ValueError(f"{where}: expected an object with title and text")
    for name in ("title", "text"):
        if not isinstance(record.get(name), str):
            raise ValueError(f"{where}.{name}: expected a string")
    published = None
    if record.get("published"):
        published = parse_published(str(record["published"]))
        if published is None:
            raise ValueError(
                f"{where}.published: {record['published']!r} is not an ISO 8601 or RFC 2822 date"
            )
    url = record.get("url") or None
    return Article(
        title=record["title"],
        body=record["text"],
        url=url,
        outlet=record.get("outlet") or outlet_from_url(url),
        published=published,
    )


def judge_pairs(
    records: Sequence[Mapping[str, Any]],
    *,
    embeddings: bool = False,
    pipeline: Pipeline | None = None,
    model: SameEventModel | None = None,
) -> list[dict[str, Any]]:
    """For records {"a": {"title", "text", "url"?, "published"?}, "b": {...}}, one
    {"same": bool, "score": float} each, in order. Every distinct article is analysed once, in
    one batch. `embeddings=True` adds the sentence encoder (about 2 s to load, then 20-30 ms per
    article; the cross-validated F1 is no better with it, see `load_metadata()`). Raises
    ValueError naming the first malformed record (1-based) and field."""
    model = model or load_model()
    articles: dict[str, Article] = {}
    pairs: list[tuple[str, str]] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            raise ValueError(f"record {number}: expected an object with keys a and b")
        a, b = (record_article(record.get(side), f"record {number}: {side}") for side in ("a", "b"))
        articles.setdefault(a.id, a)
        articles.setdefault(b.id, b)
        pairs.append((a.id, b.id))
    if not pairs:
        return []
    pipeline = pipeline or default_pipeline()
    ordered = list(articles.values())
    docs = pipeline.pipe(Doc.from_article(article) for article in ordered)
    views = [StoryDoc.from_analysis(article, doc) for article, doc in zip(ordered, docs, strict=True)]
    vectors = embed(views) if embeddings else None
    signatures = {
        view.id: sign(view, None if vectors is None else vectors[index]) for index, view in enumerate(views)
    }
    verdicts = []
    for left, right in pairs:
        a_sig, b_sig = signatures[left], signatures[right]
        score = model.score(a_sig, b_sig)
        verdicts.append(
            {"same": score >= model.threshold_for(_embedded(a_sig, b_sig)), "score": round(score, 4)}
        )
    return verdicts
