"""Sentiment toward each entity mention: -1, 0 or 1, as the mention's sentence treats it.

The model is a multinomial logistic regression over features of the mention's sentence, the
mention itself masked: hashed sparse features (the sentence's lemmas; the words in a window on each
side, by side and distance; bigrams across the mask; negated words, «не поддержал»; the mention's
shape, case and place; its role: the word before it with its case, the verb it looks the subject
or object of; the sentence's lemmas paired with that role (subject, object, genitive after a
noun, else its case), so that «убийца» before «полицейского», its victim, weighs apart from
«убийца» before a subject) and averaged
navec word vectors (of the words left and right of the mention, of the sentence, of the mention).
`train/entity_sentiment.py` trains it on RuSentNE-2023 through `contexts_of` and `featurise`,
so training and inference compute features the same way.

It ships as `analyse/models/entity_sentiment.npz`, plain numpy arrays loaded with
`allow_pickle=False`; `analyse/models/entity_sentiment.json` records its data, cross-validated score
and settings.

    score_mention(text, start, stop) -> (label, score)   one mention
    score_mentions(mentions)                             many, preprocessed in one batch
    score_records(records)                               `newsprism sentiment`: {"label", "score"} each
    EntitySentiment                                      the pipeline step: Entity.sentiment, .score

The modules: `config` (labels, constants, `FeatureConfig`), `contexts` (a mention in its sentence),
`mention_keys` (the mention's own features), `features` (`featurise`, `design`, `pieces`), `model`
(`SentimentModel`, `load_model`), `step` (`EntitySentiment` and the scoring functions). The names
are imported when first used, like the steps of `newsprism.analyse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsprism.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsprism.analyse.sentiment.config import LABELS, FeatureConfig
    from newsprism.analyse.sentiment.contexts import (
        Context,
        DocContexts,
        SentenceTarget,
        Unit,
        check_offsets,
        contexts_of,
        offsets_problem,
        sentence_units,
    )
    from newsprism.analyse.sentiment.features import design, featurise, pieces, word_vector
    from newsprism.analyse.sentiment.model import (
        METADATA_PATH,
        MODEL_PATH,
        SentimentModel,
        embedding_id,
        load_model,
    )
    from newsprism.analyse.sentiment.step import (
        EntitySentiment,
        score_mention,
        score_mentions,
        score_records,
    )

_HOME = {
    "LABELS": "config",
    "FeatureConfig": "config",
    "Context": "contexts",
    "DocContexts": "contexts",
    "SentenceTarget": "contexts",
    "Unit": "contexts",
    "check_offsets": "contexts",
    "contexts_of": "contexts",
    "offsets_problem": "contexts",
    "sentence_units": "contexts",
    "design": "features",
    "featurise": "features",
    "pieces": "features",
    "word_vector": "features",
    "METADATA_PATH": "model",
    "MODEL_PATH": "model",
    "SentimentModel": "model",
    "embedding_id": "model",
    "load_model": "model",
    "EntitySentiment": "step",
    "score_mention": "step",
    "score_mentions": "step",
    "score_records": "step",
}
__all__ = [
    "LABELS",
    "METADATA_PATH",
    "MODEL_PATH",
    "Context",
    "DocContexts",
    "EntitySentiment",
    "FeatureConfig",
    "SentenceTarget",
    "SentimentModel",
    "Unit",
    "check_offsets",
    "contexts_of",
    "design",
    "embedding_id",
    "featurise",
    "load_model",
    "offsets_problem",
    "pieces",
    "score_mention",
    "score_mentions",
    "score_records",
    "sentence_units",
    "word_vector",
]


__getattr__ = lazy_attributes(__name__, _HOME)
