"""Which statements of different articles say the same thing: facts shared, partial and unique.

Two statements are compared by their words and by their meaning. The word similarity
(`similarity_matrix`) is a weighted sum of the cosine of their lemma TF-IDF vectors (IDF from the
story's own sentences, so words every article repeats weigh little), the overlap of the canonical
entities they name («Путин» and «глава российского государства» are one) and whether they give a
comparable figure. The pair model (`fact_pairs.py`) turns it, the e5 cosine of the two sentences
(`meaning.py`) and what sets facts apart (modality, negation, being each other's best match) into
the probability that they are one fact. Pairs are grouped best first into facts that hold at most
one statement per article, with average linkage, so a fact never chains across unlike sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.compare.fact_pairs import FactModel, load_model, probabilities
from newsprism.compare.figures import comparable
from newsprism.compare.meaning import BUDGET, meaning_vectors
from newsprism.compare.statements import Statement

WEIGHTS = {"lemmas": 0.65, "entities": 0.25, "figures": 0.10}  # of the word similarity


@dataclass(slots=True)
class Fact:
    """Statements of different articles that say the same thing, with the similarity that joined
    each statement to the fact."""

    id: int
    statements: list[Statement] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)

    @property
    def article_ids(self) -> set[str]:
        return {s.article_id for s in self.statements}


def _identity(items: list[str]) -> list[str]:
    return items


def _entity_overlap(statements: Sequence[Statement]) -> np.ndarray:
    """The Jaccard overlap of the canonical entities of every pair of statements (0 when either
    names none), from one sparse product instead of a loop over the pairs."""
    n = len(statements)
    columns: dict[str, int] = {}
    rows, cols = [], []
    for row, statement in enumerate(statements):
        for name in statement.entities:
            rows.append(row)
            cols.append(columns.setdefault(name, len(columns)))
    if not columns:
        return np.zeros((n, n))
    names = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
    shared = np.asarray((names @ names.T).todense())
    sizes = np.diag(shared)
    union = sizes[:, None] + sizes[None, :] - shared
    overlap: np.ndarray = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return overlap


def similarity_matrix(statements: Sequence[Statement]) -> np.ndarray:
    """Content similarity of every pair of statements, in [0, 1]; 0 within one article."""
    n = len(statements)
    if n == 0:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    documents = [s.lemmas or ["\x00"] for s in statements]
    matrix = vectorizer.fit_transform(documents)
    cosine = np.asarray((matrix @ matrix.T).todense())
    scores = WEIGHTS["lemmas"] * cosine
    extra = WEIGHTS["entities"] * _entity_overlap(statements)
    with_figures = [i for i, s in enumerate(statements) if s.figures]
    for number, i in enumerate(with_figures):
        for j in with_figures[number + 1 :]:
            if statements[i].article_id != statements[j].article_id and any(
                comparable(f, g, unit_only=True) for f in statements[i].figures for g in statements[j].figures
            ):
                extra[i, j] += WEIGHTS["figures"]
                extra[j, i] += WEIGHTS["figures"]
    scores += extra
    articles = {
        article_id: number
        for number, article_id in enumerate(dict.fromkeys(s.article_id for s in statements))
    }
    article = np.array([articles[s.article_id] for s in statements])
    scores[article[:, None] == article[None, :]] = 0.0
    return np.clip(scores, 0.0, 1.0)


def fact_probabilities(
    statements: Sequence[Statement], budget: int = BUDGET, model: FactModel | None = None
) -> np.ndarray:
    """P(one fact) of every pair of statements (`fact_pairs.probabilities`), the statements within
    the encoder's `budget` read by meaning as well as by words."""
    lex = similarity_matrix(statements)
    if budget > 0 and len({s.article_id for s in statements}) > 1:  # pairs only across articles
        vectors, has = meaning_vectors(statements, budget)
    else:
        vectors, has = np.zeros((len(statements), 1), dtype=np.float32), np.zeros(len(statements), dtype=bool)
    return probabilities(statements, lex, vectors, has, model)


def group(
    statements: Sequence[Statement], probability: np.ndarray, threshold: float, link: float
) -> list[Fact]:
    """Every statement in exactly one fact. Pairs are joined best first from `threshold`; a fact
    holds at most one statement per article, and two facts merge only when the mean probability
    of all their cross pairs reaches `link` (average linkage), so «A≈B» and «B≈C» do not make
    one fact of A and C when A and C are unlike. Facts are ordered by how many articles tell
    them, then by where they first appear."""
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    group_of = list(range(len(statements)))
    joined: dict[int, float] = {}
    pairs = np.argwhere(np.triu(probability, k=1) >= threshold)
    ranked = sorted(((float(probability[i, j]), int(i), int(j)) for i, j in pairs), reverse=True)
    for score, i, j in ranked:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        articles_a = {statements[k].article_id for k in members[a]}
        if any(statements[k].article_id in articles_a for k in members[b]):
            continue  # one statement per article in a fact
        if (
            len(members[a]) + len(members[b]) > 2
            and probability[np.ix_(members[a], members[b])].mean() < link
        ):
            continue
        for k in members[b]:
            group_of[k] = a
        members[a].extend(members.pop(b))
        joined[i] = max(joined.get(i, 0.0), score)
        joined[j] = max(joined.get(j, 0.0), score)
    facts = []
    for indexes in members.values():
        ordered = sorted(indexes, key=lambda k: (statements[k].article_id, statements[k].start))
        facts.append(
            Fact(0, [statements[k] for k in ordered], [round(joined.get(k, 0.0), 3) for k in ordered])
        )
    facts.sort(
        key=lambda f: (-len(f.article_ids), min(s.index for s in f.statements), f.statements[0].article_id)
    )
    for number, fact in enumerate(facts):
        fact.id = number
    return facts


def align(
    statements: Sequence[Statement], budget: int = BUDGET, model: FactModel | None = None
) -> list[Fact]:
    """The story's statements grouped into facts by the shipped pair model (`fact_pairs.py`)."""
    model = model or load_model()
    probability = fact_probabilities(statements, budget, model)
    return group(statements, probability, model.threshold, model.link)
