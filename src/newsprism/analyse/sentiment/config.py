"""The sentiment model's labels, its constants, and `FeatureConfig`: which features describe a
mention (saved with the model, so a model is used with its own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

LABELS = (-1, 0, 1)
NEGATIONS = frozenset({"не", "ни", "нет", "без"})
BAG_PUNCT = frozenset({"!", "?"})
MASK = "<E>"
DIM = 300  # navec news vectors

Vector = np.ndarray[Any, np.dtype[np.float32]]


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which features describe a mention. Saved with the model: a model is used with its own."""

    window: int = 4  # words on each side that count by side and distance
    bag: bool = True  # the sentence's lemmas, wherever they stand
    bigrams: bool = True  # word pairs in the window, the mention as <E>
    chars: tuple[int, int] = (0, 0)  # lengths of character n-grams, (3, 5) say; none: no gain over vectors
    chars_scope: str = "sentence"  # n-grams of the sentence's words, or of the "window"'s
    negation: bool = True  # a word after не/ни/нет/без also counts as ~word
    mention: bool = True  # the mention's shape, case and place in the sentence
    predicate: bool = False  # the nearest verb's lemma with the mention's case
    role: bool = False  # the mention's role by its case and neighbours: subject of, object of, after
    case_bag: bool = False  # the sentence's lemmas by side, each paired with the mention's role
    entity_type: bool = False  # PER, LOC, ORG ("?" unknown): off, as `newsprism sentiment` has no types
    vectors: tuple[str, ...] = ("left", "right", "sentence", "mention")  # averaged word vectors
    vector_scale: float = 1.0
    n_features: int = 2**18

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(**{**data, "chars": tuple(data["chars"]), "vectors": tuple(data["vectors"])})

    @property
    def width(self) -> int:
        return self.n_features + DIM * len(self.vectors)
