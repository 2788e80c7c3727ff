"""How likely two statements of different articles are one fact: a logistic model over features.

The features of a pair (i of article A, j of article B):

    lex        the word similarity of `alignment.similarity_matrix` (lemma TF-IDF cosine,
               shared canonical entities, a comparable figure)
    lex_gap    how far the pair falls short of the best word match of i in B and of j in A
               (0 when each is the other's best): a fact is told once per article, so the
               best counterpart matters more than the absolute score
    e5, e5_gap the same two for the cosine of the statements' e5 vectors (`meaning.py`)
    title      how many of the two are headlines; lead: whether one is among the first three
    modality   one says a thing may or will happen («может пройти», «планирует», «намерен»),
               the other does not; negation: one is negated, the other not
    figure_clash both give figures of one kind (`figures.comparable`) and no two of them can both
               be true (`figures.agree`): «сыграл 9 матчей» against «провёл 15 матчей» is
               another count, though the word similarity gives the pair its figure bonus

`train/fact_pairs.py` fits two models on our labelled sentence pairs (docs/comparison-labels.md)
and writes `models/fact_pairs.json`: one with the e5 features, and one on words alone for
statements beyond the encoder's budget. Inference is a few numpy operations over the (n, n)
matrices of a story's statements.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsprism.compare.figures import agree, comparable
from newsprism.compare.statements import Statement

__all__ = [
    "MEANING",
    "MODEL_PATH",
    "WORDS",
    "FactModel",
    "article_numbers",
    "combine",
    "features",
    "load_model",
    "model_version",
    "probabilities",
]

MODEL_PATH = Path(__file__).resolve().parent / "models" / "fact_pairs.json"
WORDS = ("lex", "lex_gap", "title", "lead", "modality", "negation", "figure_clash")
MEANING = ("lex", "lex_gap", "e5", "e5_gap", "title", "lead", "modality", "negation", "figure_clash")
E5_CENTRE, E5_SCALE = 0.85, 10.0  # e5 cosines of sentences sit in 0.75-1.0

Matrix = npt.NDArray[np.float64]

_MODAL = re.compile(
    r"\b(мо(?:жет|гут|жно|гли?)|возможн\w*|вероятн\w*|планир\w*|намер\w*|собира\w*|готов\w*|"
    r"рассчитыва\w*|хоч\w*|хотя?т|надеж\w*|надее\w*|не исключ\w*|допуска\w*|предлож\w*|"
    r"будет|будут|пройд[её]т|состоится|may|might|could|will|plans?|expects?)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(не|нет|ни|never|not|no|denied|опроверг\w*)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FactModel:
    meaning: tuple[npt.NDArray[np.float64], float]  # coefficients in MEANING's order, intercept
    words: tuple[npt.NDArray[np.float64], float]
    threshold: float  # a pair of statements is one fact from this probability
    link: float  # two groups join when the mean probability of their pairs reaches this


@cache
@cache
def model_version(path: Path = MODEL_PATH) -> str:
    """A digest of the shipped model file: a stored comparison made with another one is stale (read
    once per process: every story's signature asks for it)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@cache
def load_model(path: Path = MODEL_PATH) -> FactModel:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))

    def part(name: str, order: Sequence[str]) -> tuple[npt.NDArray[np.float64], float]:
        weights = data["models"][name]
        return np.array([weights["coefficients"][f] for f in order], dtype=np.float64), float(
            weights["intercept"]
        )

    return FactModel(
        part("meaning", MEANING), part("words", WORDS), float(data["threshold"]), float(data["link"])
    )


def _gap(scores: Matrix, article: npt.NDArray[np.int64]) -> Matrix:
    """2·s(i,j) − best of i among j's article − best of j among i's article (≤ 0)."""
    articles = np.unique(article)
    best_in = np.zeros((len(scores), len(articles)))  # best_in[i, b]: i's best score in article b
    for column, value in enumerate(articles):
        members = article == value
        best_in[:, column] = scores[:, members].max(axis=1) if members.any() else 0.0
    position = np.searchsorted(articles, article)
    best_of_i_in_b = best_in[:, position]  # [i, j] -> best of i in j's article
    return np.asarray(2 * scores - best_of_i_in_b - best_of_i_in_b.T)


def features(
    statements: Sequence[Statement],
    lex: Matrix,
    vectors: npt.NDArray[np.float32] | None = None,
) -> dict[str, Matrix]:
    """Every feature as an (n, n) matrix (pairs within one article are meaningless, not masked)."""
    article = article_numbers(statements)
    other = article[:, None] != article[None, :]
    lex = np.where(other, lex, 0.0)
    title = np.array([s.is_title for s in statements], dtype=np.float64)
    lead = np.array([s.index <= 2 for s in statements], dtype=np.float64)
    modal = np.array([bool(_MODAL.search(s.text)) for s in statements], dtype=np.float64)
    negated = np.array([bool(_NEGATION.search(s.text)) for s in statements], dtype=np.float64)
    out = {
        "lex": lex,
        "lex_gap": _gap(lex, article),
        "title": title[:, None] + title[None, :],
        "lead": np.maximum(lead[:, None], lead[None, :]),
        "modality": np.abs(modal[:, None] - modal[None, :]),
        "negation": np.abs(negated[:, None] - negated[None, :]),
        "figure_clash": _figure_clash(statements, article),
    }
    if vectors is not None:
        cosine = (vectors @ vectors.T).astype(np.float64)
        cosine = np.where(other, cosine, 0.0)
        out["e5"] = (cosine - E5_CENTRE) * E5_SCALE
        out["e5_gap"] = _gap(cosine, article) * E5_SCALE
    return out


def _figure_clash(statements: Sequence[Statement], article: npt.NDArray[np.int64]) -> Matrix:
    """1 where two statements of different articles give comparable figures none of which agree."""
    clash = np.zeros((len(statements), len(statements)))
    numbered = [k for k, s in enumerate(statements) if s.figures]
    for position, i in enumerate(numbered):
        for j in numbered[position + 1 :]:
            if article[i] == article[j]:
                continue
            kinds = [
                (f, g)
                for f in statements[i].figures
                for g in statements[j].figures
                if comparable(f, g, unit_only=True)
            ]
            if kinds and not any(agree(f, g) for f, g in kinds):
                clash[i, j] = clash[j, i] = 1.0
    return clash


def article_numbers(statements: Sequence[Statement]) -> npt.NDArray[np.int64]:
    """Each statement's article as a number (0, 1, ... in order of first appearance)."""
    ids = {a: n for n, a in enumerate(dict.fromkeys(s.article_id for s in statements))}
    return np.array([ids[s.article_id] for s in statements], dtype=np.int64)


def combine(
    values: dict[str, Matrix], order: Sequence[str], weights: tuple[npt.NDArray[np.float64], float]
) -> Matrix:
    """The logistic model: P = σ(b + Σ w·feature) over the features named in `order`."""
    z = np.full_like(values["lex"], weights[1])
    for name, coefficient in zip(order, weights[0], strict=True):
        z += coefficient * values[name]
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def probabilities(
    statements: Sequence[Statement],
    lex: Matrix,
    vectors: npt.NDArray[np.float32],
    has: npt.NDArray[np.bool_],
    model: FactModel | None = None,
) -> Matrix:
    """P(one fact) of every pair; pairs where both statements have a vector use the model with
    meaning, the others the words-only model; 0 within one article."""
    model = model or load_model()
    values = features(statements, lex, vectors if has.any() else None)
    probability = combine(values, WORDS, model.words)
    if has.any():
        both = has[:, None] & has[None, :]
        probability = np.where(both, combine(values, MEANING, model.meaning), probability)
    article = article_numbers(statements)
    probability[article[:, None] == article[None, :]] = 0.0
    return probability
