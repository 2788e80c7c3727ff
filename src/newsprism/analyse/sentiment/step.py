"""The pipeline step (`EntitySentiment`: Entity.sentiment, .score) and the scoring of mentions in
raw texts: `score_mention`, `score_mentions`, and `score_records` for `newsprism sentiment`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from newsprism.analyse import model_identity
from newsprism.analyse.pipeline import Step
from newsprism.analyse.sentiment.contexts import (
    Context,
    DocContexts,
    SentenceTarget,
    contexts_of,
    offsets_problem,
)
from newsprism.analyse.sentiment.model import MODEL_PATH, SentimentModel, load_model
from newsprism.model import Doc


class EntitySentiment(Step):
    """Sets `sentiment` (-1, 0, 1) and `score` (the model's probability of it) on every entity; the
    mentions of a whole batch of docs are scored in one matrix product."""

    name = "sentiment"
    requires = ("lemmas", "entities")
    assigns = ("sentiment",)

    def __init__(self, model: SentimentModel | None = None) -> None:
        self.model = model

    def models(self) -> tuple[str, ...]:
        """The shipped model's file, or a digest of the weights of a model given to the step; and
        the word vectors and lemmas its features read."""
        own = model_identity.model_file(MODEL_PATH) if self.model is None else self.model.identity()
        return (own, *model_identity.packages(model_identity.MORPHOLOGY))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        model = self.model or load_model()
        contexts: list[Context] = []
        for doc in docs:
            index = DocContexts(doc)
            contexts.extend(index.context(e.start, e.stop, e.type) for e in doc.entities)
        entities = [entity for doc in docs for entity in doc.entities]
        for entity, (label, score) in zip(entities, model.predict(contexts), strict=True):
            # rounded: a batch's matrix product differs from one doc's in the last float digits
            entity.sentiment, entity.score = label, round(score, 4)
        return (self._done(doc) for doc in docs)


def score_mentions(
    mentions: Sequence[SentenceTarget], model: SentimentModel | None = None
) -> list[tuple[int, float]]:
    """The sentiment (-1, 0, 1) toward each mention and the model's probability of it."""
    model = model or load_model()
    return model.predict(contexts_of(mentions))


def score_mention(text: str, start: int, stop: int, entity_type: str = "") -> tuple[int, float]:
    """The sentiment (-1, 0, 1) toward text[start:stop] and the model's probability of it.

    Raises ValueError when the offsets are not a non-empty span of the text."""
    return score_mentions([SentenceTarget(text, start, stop, entity_type)])[0]


def score_records(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`newsprism sentiment`: for records {"text": str, "start": int, "stop": int} (types checked by
    the caller) one {"label": -1|0|1, "score": float} each, in order; a record whose offsets are not
    a span of its text gets {"label": null, "score": null, "error": reason} instead."""
    mentions = [SentenceTarget(r["text"], r["start"], r["stop"]) for r in records]
    problems = [offsets_problem(m.text, m.start, m.stop) for m in mentions]
    scored = iter(score_mentions([m for m, problem in zip(mentions, problems, strict=True) if not problem]))
    return [
        {"label": None, "score": None, "error": problem} if problem else _answer(*next(scored))
        for problem in problems
    ]


def _answer(label: int, score: float) -> dict[str, Any]:
    return {"label": label, "score": round(score, 4)}
