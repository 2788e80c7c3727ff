"""The article's meaning as one vector: multilingual-e5-small over its title and opening.

`EmbedArticles` is the analysis step; it reads the doc's text (title, lead, body) and sets
`Doc.embedding`, 384 numbers packed as float16 in base64 (`pack` / `unpack`), so a stored
analysis carries it and re-clustering never re-embeds. The span is the title and the opening of
the text, cut to `EmbeddingSettings.max_tokens` model tokens: the opening is where a news text
says what happened, and the cost is about 0.45 ms per token (docs/benchmarks.md has the
measurements that chose the span). The model reads every language it was trained on, so the
step runs for Russian, Ukrainian and English articles alike; that is what lets an English report
join the Russian ones of its event.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from newsprism.analyse import model_identity
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc

__all__ = ["EmbedArticles", "EmbeddingSettings", "embedding_span", "pack", "unpack"]

DIMENSIONS = 384


@dataclass(frozen=True, slots=True)
class EmbeddingSettings:
    max_tokens: int = 64  # content tokens of the span read by the model (title first)
    chars: int = 600  # characters of the text given to the tokenizer (more than max_tokens need)


def embedding_span(doc: Doc, settings: EmbeddingSettings) -> str:
    """The title and the opening of the text, one line each, cut to `settings.chars`."""
    parts: list[str] = []
    for paragraph in doc.paragraphs:
        parts.append(" ".join(doc.text[paragraph.start : paragraph.stop].split()))
        if sum(len(part) for part in parts) >= settings.chars:
            break
    if not parts:
        parts = [" ".join(doc.text[: settings.chars * 2].split())]
    return "\n".join(parts)[: settings.chars]


def pack(vector: npt.NDArray[np.float32]) -> str:
    """A unit vector as base64 of little-endian float16 (1 KB of text for 384 numbers)."""
    return base64.b64encode(np.asarray(vector, dtype="<f2").tobytes()).decode("ascii")


def unpack(packed: str) -> npt.NDArray[np.float32]:
    """The float32 vector of `pack`; an empty array for "" (an article without an embedding)."""
    if not packed:
        return np.zeros(0, dtype=np.float32)
    return np.frombuffer(base64.b64decode(packed), dtype="<f2").astype(np.float32)


class EmbedArticles(Step):
    """Sets `doc.embedding` for every doc of a batch in one pass of the encoder."""

    name = "embedding"
    version = 1
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ("embedding",)
    languages: ClassVar[frozenset[str] | None] = None  # every language

    def __init__(self, settings: EmbeddingSettings | None = None) -> None:
        self.settings = settings or EmbeddingSettings()

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.ENCODER)

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        from newsprism.analyse.e5_encoder import load_encoder

        batch = list(docs)
        if not batch:
            return
        encoder = load_encoder()
        spans = [embedding_span(doc, self.settings) for doc in batch]
        vectors = encoder.embed(spans, max_tokens=self.settings.max_tokens)
        for doc, vector in zip(batch, vectors, strict=True):
            doc.embedding = pack(vector)
            yield self._done(doc)
