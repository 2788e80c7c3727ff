"""Do two articles report the same event? A logistic regression over `features.FEATURE_NAMES`.

`train/same_event.py` fits the model on the labelled pairs in
`../shared/data/story-pairs/ru-dev.jsonl` and writes `models/same_event.npz` (plain numpy arrays,
read with `allow_pickle=False`) and `models/same_event.json` (data, cross-validated scores,
versions). The model has three variants over the same features, each with the threshold on the
probability that the nested cross-validation chose: `WITH_EMBEDDINGS` for two Russian articles
that both carry an e5 embedding (text features and the embedding cosine), `TEXT_ONLY` when
either lacks one (an analysis stored before the embedding step), and `EMBEDDING_ONLY` for any
pair that is not Russian on both sides (an English and a Russian report of one event share no
character n-grams and no lemmas, and English texts get no names or lemmas: only the embedding
cosine means the same there). Inference is numpy only.

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
from newsprism.ingest.fields import guess_language, normalise_language, outlet_from_url, parse_published
from newsprism.model import Article, Doc
from newsprism.stories.clustering import ClusterSettings
from newsprism.stories.features import (
    EMBEDDING_FEATURES,
    FEATURE_NAMES,
    Signature,
    features_against,
    sign,
    signature_features,
)
from newsprism.stories.hashed_tfidf import MODELS, FloatArray
from newsprism.stories.timespan import overlap, time_span
from newsprism.stories.view import StoryDoc

MODEL_PATH = MODELS / "same_event.npz"
METADATA_PATH = MODELS / "same_event.json"

TEXT_ONLY, WITH_EMBEDDINGS, EMBEDDING_ONLY = 0, 1, 2
VARIANTS = (TEXT_ONLY, WITH_EMBEDDINGS, EMBEDDING_ONLY)


@dataclass(frozen=True, slots=True)
class SameEventModel:
    """Standardised features times weights plus bias, through the logistic function.

    Row `v` of `weights`, `bias` and `threshold` is variant `v` (`variant_of` picks it)."""

    feature_names: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray  # (3, features)
    bias: FloatArray  # (3,)
    threshold: FloatArray  # (3,)

    def probabilities(self, features: FloatArray, variant: int) -> FloatArray:
        """Probabilities of `same` for rows of features in `FEATURE_NAMES` order."""
        logits = ((features - self.mean) / self.scale) @ self.weights[variant] + self.bias[variant]
        return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)

    def needed(self, variant: int) -> tuple[str, ...]:
        """The features the variant gives weight to: the only ones worth computing."""
        weights = self.weights[variant]
        return tuple(name for name, weight in zip(self.feature_names, weights, strict=True) if weight)

    @property
    def all_needed(self) -> tuple[str, ...]:
        return tuple(name for name in self.feature_names if any(name in self.needed(v) for v in VARIANTS))

    def score(self, a: StoryDoc | Signature, b: StoryDoc | Signature) -> float:
        """The probability that `a` and `b` report the same event (symmetric)."""
        left = a if isinstance(a, Signature) else sign(a)
        right = b if isinstance(b, Signature) else sign(b)
        variant = variant_of(left, right)
        features = signature_features(left, right, self.needed(variant))[None, :]
        return float(self.probabilities(features, variant)[0])

    def same(self, a: StoryDoc | Signature, b: StoryDoc | Signature) -> bool:
        left = a if isinstance(a, Signature) else sign(a)
        right = b if isinstance(b, Signature) else sign(b)
        return self.score(left, right) >= self.threshold_for(variant_of(left, right))

    def threshold_for(self, variant: int) -> float:
        return float(self.threshold[variant])

    def score_against(self, query: Signature, candidates: Sequence[Signature]) -> FloatArray:
        """Probabilities of `query` and each candidate reporting one event (for clustering)."""
        features = features_against(query, candidates, self.all_needed)
        scores = np.empty(len(candidates))
        variants = np.array([variant_of(query, c) for c in candidates], dtype=np.int64)
        for variant in VARIANTS:
            rows = variants == variant
            if rows.any():
                scores[rows] = self.probabilities(features[rows], variant)
        return scores


class CachedScorer:
    """`SameEventModel.score` on `StoryDoc`s, with the text-only signatures of the most recently
    seen articles kept by article id (least recently used dropped first): the
    `Callable[[StoryDoc, StoryDoc], float]` that `clustering.EventClusterer` takes. Only what the
    variants read is signed (about 0.5 ms per article; a signature about 10 KB)."""

    def __init__(self, model: SameEventModel | None = None, size: int = 16384) -> None:
        self.model = model or load_model()
        self.size = size
        self._signatures: OrderedDict[str, Signature] = OrderedDict()

    def signature(self, view: StoryDoc) -> Signature:
        found = self._signatures.get(view.id)
        if found is None:
            found = self._signatures[view.id] = sign(view, needed=self.model.all_needed)
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
        """The model's F1-best threshold for two embedded Russian articles."""
        return self.model.threshold_for(WITH_EMBEDDINGS)


def _rounded(score: float) -> float:
    # A pair's cosines summed in the other order differ in the last bits; rounded, the pairwise
    # and the batch scores agree, so events do not depend on which article came first.
    return round(score, 9)


def variant_of(a: Signature, b: Signature) -> int:
    """The variant that judges the pair (see the module docstring)."""
    if a.embedding is None or b.embedding is None:
        return TEXT_ONLY
    if a.language == b.language == "ru":
        return WITH_EMBEDDINGS
    return EMBEDDING_ONLY


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
    if model.weights.shape[0] != len(VARIANTS) or np.any(model.weights[TEXT_ONLY, unused]):
        raise ValueError(f"{path}: not a three-variant model whose text-only variant ignores embeddings")
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
    language = record.get("language")
    return Article(
        title=record["title"],
        body=record["text"],
        url=url,
        outlet=record.get("outlet") or outlet_from_url(url),
        published=published,
        language=normalise_language(language)
        if isinstance(language, str) and language
        else guess_language(record["title"] + " " + record["text"]),
    )


def judge_pairs(
    records: Sequence[Mapping[str, Any]],
    *,
    pipeline: Pipeline | None = None,
    model: SameEventModel | None = None,
) -> list[dict[str, Any]]:
    """For records {"a": {"title", "text", "url"?, "published"?}, "b": {...}}, one
    {"same": bool, "score": float} each, in order. Every distinct article is analysed once, in
    one batch, embedding included (the analysis's own). Raises ValueError naming the first
    malformed record (1-based) and field."""
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
    signatures = {view.id: sign(view) for view in views}
    by_id = {view.id: view for view in views}
    verdicts = []
    for left, right in pairs:
        a_sig, b_sig = signatures[left], signatures[right]
        score = model.score(a_sig, b_sig)
        same = score >= model.threshold_for(variant_of(a_sig, b_sig))
        verdicts.append({"same": same and close_in_time(by_id[left], by_id[right]), "score": round(score, 4)})
    return verdicts


def close_in_time(a: StoryDoc, b: StoryDoc, window_days: int | None = None) -> bool:
    """Whether the two articles can be from within `window_days` (the clustering's window) of
    each other, by their publication dates or, without, by the dates their texts prove
    (`timespan.time_span`): clustering never puts articles further apart in one event, and
    `pairs` says so too."""
    window = ClusterSettings().window_days if window_days is None else window_days
    return overlap(time_span(a), time_span(b), window)
