"""Similarity features of two articles, for deciding whether they report the same event.

Everything an article contributes is computed once, into a `Signature` (`sign`); the article's
embedding comes with its analysis (`analyse/embedding.py`). A pair's
features are then a few set and sparse-vector operations on two signatures, and
`features_against` computes one article against many candidates in one vectorised pass.

Features, each in [0, 1] and symmetric in the two articles, with their cost per pair (one core,
dev pairs of about 1,300 characters; `train/same_event.py --timing` and the module's tests):

    text_lemma_cos     cosine of sublinear TF-IDF of content-word lemmas of the whole texts   5 µs
    text_char_cos      cosine of sublinear TF-IDF of character 3-5-grams inside words, whole
                       texts (about 1,700 hashed n-grams per article)                        35 µs
    lead_char_cos      the same over the title and the first `lead_chars` characters         10 µs
    title_char_cos     the same over the titles                                                5 µs
    title_jaccard      Jaccard of the titles' content lemmas                              } 4 µs
    title_in_text      share of each title's lemmas found in the other text (mean both ways) } all
    title_names_found  share of the names in a title (its lemmas that are words of the       } the
                       article's entities) found in the other text, the lower of the two     } set
                       ways; 1 when no title names anyone. Events of one storyline share     } fea-
                       words but not the actor: «ОБСЕ сообщила…» / «ДНР подтвердила…»         } tures
    per_overlap        weighted Jaccard of people (keyed by surname), log-damped mentions    }
    org_overlap        the same for organisations (canonical names)                          }
    loc_overlap        the same for places                                                   }
    figure_overlap     Jaccard of figures (value, unit, counted lemma)                       }
    number_overlap     Jaccard of the numbers written in the texts (two digits or more)      }
    date_overlap       Jaccard of the absolute dates mentioned                               }
    time_close         exp(-days apart / 3) of `StoryDoc.when`, 0 when either is unknown     }
    time_known         1 when both dates are known                                           }
    same_outlet        1 when both come from the same outlet                                 }
    article_emb_cos    cosine of the articles' e5 vectors (title and opening, `Doc.embedding`;   1 µs
                       0 without): the one feature that reads across languages

In all, about 0.1 ms for one pair (`signature_features`) and 60-80 µs per pair when one article
is compared with 50 candidates (`features_against`). `sign` costs about 1 ms per article, hashing
the text's n-grams most of it, and a signature holds about 20 KB.

The TF-IDF vectors are `hashed_tfidf`'s: hashed n-grams and lemmas weighted by a table of
document frequencies over other news texts.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from newsprism.analyse.embedding import unpack
from newsprism.stories.hashed_tfidf import (
    CHAR_BITS,
    EMPTY,
    LEMMA_BITS,
    FloatArray,
    IndexArray,
    Reference,
    Sparse,
    WeightArray,
    char_buckets,
    lemma_buckets,
    load_reference,
    tfidf,
)
from newsprism.stories.view import StoryDoc
from newsprism.text import name_key

EmbeddingArray = npt.NDArray[np.float32]

FEATURE_NAMES = (
    "text_lemma_cos",
    "text_char_cos",
    "lead_char_cos",
    "title_char_cos",
    "title_jaccard",
    "title_in_text",
    "title_names_found",
    "per_overlap",
    "org_overlap",
    "loc_overlap",
    "figure_overlap",
    "number_overlap",
    "date_overlap",
    "time_close",
    "time_known",
    "same_outlet",
    "article_emb_cos",
)
EMBEDDING_FEATURES = ("article_emb_cos",)
_EMBEDDING_COLUMN = FEATURE_NAMES.index("article_emb_cos")
_SET_FEATURES = frozenset(FEATURE_NAMES[4:_EMBEDDING_COLUMN])

EMBEDDING_DIM = 384
# Days over which time proximity decays by e: stories of one event are mostly written within days.
TIME_SCALE_DAYS = 3.0

_NUMBER = re.compile(r"\d[\d.,]*\d")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


def lead_of(view: StoryDoc, chars: int) -> str:
    """The text after the title, cut at the first sentence end past `chars` characters."""
    rest = view.text[len(view.title) :].lstrip()
    if len(rest) <= chars:
        return rest
    end = _SENTENCE_END.search(rest, chars)
    return rest[: end.end()] if end and end.end() < chars * 2 else rest[:chars]


@dataclass(frozen=True, slots=True)
class Signature:
    """What pair features read of one article; computed once per article by `sign`."""

    id: str
    outlet: str
    day: int  # date.toordinal() of `StoryDoc.when`, -1 when unknown
    text_lemmas: Sparse
    text_chars: Sparse
    lead_chars: Sparse
    title_chars: Sparse
    title_lemmas: frozenset[str]
    title_names: frozenset[str]
    lemma_set: frozenset[str]
    entities: dict[str, dict[str, float]]  # type -> key -> log-damped mentions
    figures: frozenset[tuple[float, str, str]]
    numbers: frozenset[str]
    dates: frozenset[str]
    embedding: EmbeddingArray | None = field(default=None, repr=False)  # (384,) e5 of title and opening
    language: str = "ru"


def _entity_key(key: str, surname: bool = True) -> tuple[str, str]:
    kind, _, name = key.partition(":")
    name = name_key(name)
    if kind == "PER" and surname:
        # Across outlets a person is «Путин» or «Владимир Путин»: the surname is what they share.
        name = name.rsplit(" ", 1)[-1]
    return kind, name


def _day(value: str) -> int:
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return -1


def sign(
    view: StoryDoc,
    embedding: EmbeddingArray | None = None,
    reference: Reference | None = None,
    lead_chars: int = 300,
    needed: Collection[str] | None = None,
) -> Signature:
    """The signature of one analysed article. `embedding` defaults to the view's own (None when
    it has none). With `needed`, the TF-IDF vectors of features not in it are left empty (most of
    signing's cost)."""
    reference = reference or load_reference()
    if embedding is None and view.embedding:
        embedding = unpack(view.embedding)
    wanted = set(FEATURE_NAMES if needed is None else needed)

    def vector(feature: str, buckets: Callable[[], IndexArray], idf: FloatArray) -> Sparse:
        return tfidf(buckets(), idf) if feature in wanted else EMPTY

    title_lemmas = [lemma.replace("ё", "е") for lemma in view.title_lemmas]
    lemmas = [lemma.replace("ё", "е") for lemma in view.lemmas]
    entities: dict[str, dict[str, float]] = {}
    for key, mentions in view.entities.items():
        kind, name = _entity_key(key)
        if name:
            group = entities.setdefault(kind, {})
            group[name] = group.get(name, 0.0) + mentions
    for group in entities.values():
        for name, count in group.items():
            group[name] = 1.0 + math.log(count)
    name_words = {word for key in view.entities for word in _entity_key(key, surname=False)[1].split()}
    lead = lead_of(view, lead_chars)
    return Signature(
        id=view.id,
        outlet=(view.outlet or "").lower(),
        day=_day(view.when) if view.when else -1,
        text_lemmas=vector("text_lemma_cos", lambda: lemma_buckets(lemmas), reference.lemma_idf),
        text_chars=vector("text_char_cos", lambda: char_buckets(view.text), reference.char_idf),
        lead_chars=vector("lead_char_cos", lambda: char_buckets(view.title + " " + lead), reference.char_idf),
        title_chars=vector("title_char_cos", lambda: char_buckets(view.title), reference.char_idf),
        title_lemmas=frozenset(title_lemmas),
        title_names=frozenset(lemma for lemma in title_lemmas if lemma in name_words),
        lemma_set=frozenset(lemmas),
        entities=entities,
        figures=frozenset((f.value, f.unit, f.counted) for f in view.figures),
        numbers=frozenset(_NUMBER.findall(view.text)),
        dates=frozenset(view.dates),
        embedding=embedding,
        language=view.language,
    )


def _jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _weighted_jaccard(a: dict[str, float] | None, b: dict[str, float] | None) -> float:
    if not a or not b:
        return 0.0
    shared = sum(min(weight, b[name]) for name, weight in a.items() if name in b)
    if not shared:
        return 0.0
    return shared / (sum(a.values()) + sum(b.values()) - shared)


def _containment(a: Signature, b: Signature) -> float:
    parts = [
        len(x.title_lemmas & y.lemma_set) / len(x.title_lemmas) for x, y in ((a, b), (b, a)) if x.title_lemmas
    ]
    return sum(parts) / 2 if parts else 0.0


def _names_found(a: Signature, b: Signature) -> float:
    parts = [
        len(x.title_names & y.lemma_set) / len(x.title_names) for x, y in ((a, b), (b, a)) if x.title_names
    ]
    return min(parts) if parts else 1.0


def _set_features(a: Signature, b: Signature) -> list[float]:
    """The features that are not sparse-vector or embedding cosines, in `FEATURE_NAMES` order."""
    time_known = a.day >= 0 and b.day >= 0
    return [
        _jaccard(a.title_lemmas, b.title_lemmas),
        _containment(a, b),
        _names_found(a, b),
        _weighted_jaccard(a.entities.get("PER"), b.entities.get("PER")),
        _weighted_jaccard(a.entities.get("ORG"), b.entities.get("ORG")),
        _weighted_jaccard(a.entities.get("LOC"), b.entities.get("LOC")),
        _jaccard(a.figures, b.figures),
        _jaccard(a.numbers, b.numbers),
        _jaccard(a.dates, b.dates),
        math.exp(-abs(a.day - b.day) / TIME_SCALE_DAYS) if time_known else 0.0,
        float(time_known),
        float(bool(a.outlet) and a.outlet == b.outlet),
    ]


_scratch = threading.local()


def _dense(bits: int) -> WeightArray:
    """A zeroed array of 2**bits per thread, reused: scattering the query into it turns each
    candidate's dot product into one gather."""
    buffers: dict[int, WeightArray] = _scratch.__dict__.setdefault("buffers", {})
    if bits not in buffers:
        buffers[bits] = np.zeros(1 << bits, dtype=np.float32)
    return buffers[bits]


def _dots(query: Sparse, others: Sequence[Sparse], bits: int) -> FloatArray:
    """Dot products of one sparse vector with each of many, in one vectorised pass."""
    lengths = np.fromiter((len(other.indices) for other in others), dtype=np.int64, count=len(others))
    if not len(query.indices) or not lengths.any():
        return np.zeros(len(others))
    indices = np.concatenate([other.indices for other in others])
    values = np.concatenate([other.values for other in others])
    dense = _dense(bits)
    positions = query.indices.astype(np.intp)  # numpy scatters through 4-byte indexes slowly
    dense[positions] = query.values
    try:
        products = dense.take(indices) * values
    finally:
        dense[positions] = 0.0
    owners = np.repeat(np.arange(len(others)), lengths)
    return np.minimum(np.bincount(owners, weights=products, minlength=len(others)), 1.0)


def features_against(
    query: Signature, candidates: Sequence[Signature], needed: Collection[str] | None = None
) -> FloatArray:
    """The features of `query` paired with each candidate: an array of (len(candidates),
    len(FEATURE_NAMES)). The cosines of all candidates are computed together, so this costs much
    less per pair than `signature_features` in a loop. With `needed`, only those features are
    computed (the other columns stay 0): a model that reads two features pays for two."""
    out = np.zeros((len(candidates), len(FEATURE_NAMES)))
    if not candidates:
        return out
    wanted = set(FEATURE_NAMES if needed is None else needed)
    for column, name, bits in (
        (0, "text_lemmas", LEMMA_BITS),
        (1, "text_chars", CHAR_BITS),
        (2, "lead_chars", CHAR_BITS),
        (3, "title_chars", CHAR_BITS),
    ):
        if FEATURE_NAMES[column] in wanted:
            out[:, column] = _dots(getattr(query, name), [getattr(c, name) for c in candidates], bits)
    if wanted & _SET_FEATURES:
        out[:, 4:_EMBEDDING_COLUMN] = [_set_features(query, candidate) for candidate in candidates]
    embedded = [i for i, c in enumerate(candidates) if c.embedding is not None]
    if query.embedding is not None and embedded and wanted & set(EMBEDDING_FEATURES):
        others = np.stack([candidates[i].embedding for i in embedded])  # type: ignore[misc]
        out[embedded, _EMBEDDING_COLUMN] = np.clip(others @ query.embedding, 0.0, 1.0)
    return out


def signature_features(a: Signature, b: Signature, needed: Collection[str] | None = None) -> FloatArray:
    """The features of a pair of signatures, in `FEATURE_NAMES` order; exactly symmetric. With
    `needed`, only those are computed (see `features_against`)."""
    first, second = (a, b) if a.id <= b.id else (b, a)
    row: FloatArray = features_against(first, [second], needed)[0]
    return row


def pair_features(a: StoryDoc | Signature, b: StoryDoc | Signature) -> FloatArray:
    """The features of two articles, in `FEATURE_NAMES` order. Views are signed on the fly
    (about 1 ms each, without embeddings); sign each article once when scoring many pairs."""
    left = a if isinstance(a, Signature) else sign(a)
    right = b if isinstance(b, Signature) else sign(b)
    return signature_features(left, right)
