"""A stacked entity sentiment model, evaluated on the folds of `train/entity_sentiment.py`.
An experiment (issue 16, item 4): it was not shipped, see docs/benchmarks.md.

    PYTHONPATH=src .venv/bin/python train/entity_sentiment_stack.py [--cache /tmp/stack.npz]

Level one is the shipped linear model, with the shipped procedure: in each of the 5 outer training
parts (same seed and grouping as `entity_sentiment.py`), 3 inner folds choose C; its out-of-fold
class scores on the training part come from those inner folds (or from 5 inner folds of the chosen
C), so nothing of an outer test fold reaches them; its scores on the outer test fold come from the
refit on the whole part (or from the mean of the inner folds' models). A second level-one model,
`SENTENCE_TONE`, sees the sentence's lemmas and vector alone. Level two reads those scores and the
dense features of `role_features` (the mention's role, case, quotation, place, and the loaded
words near it and whom they judge), so that a role can switch a sentence's tone off for one
mention: HistGradientBoostingClassifier (depth 2-3, balanced class weights) or a logistic
regression with role x score interactions, each with its setting chosen by 3 grouped folds inside
the outer training part. Prints mean ± sd and per fold of each row, against the linear model
alone on the same folds. Level one takes ~2.5 min on one core (cached in `--cache`, numpy arrays,
when given), level two ~6 min.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entity_sentiment import (
    DATA,
    GRID,
    INNER,
    OUTER,
    SEED,
    SHIPPED,
    Data,
    fit,
    load_data,
    read_data,
    score,
    splits,
)
from newsprism.analyse.evaluative.judged import quoted_spans
from newsprism.analyse.evaluative.judged_rules import judged_target
from newsprism.analyse.evaluative.judged_view import SentenceView, mention_indexes
from newsprism.analyse.evaluative.phrases import RULES, normal
from newsprism.analyse.sentiment import LABELS, Context, FeatureConfig, SentenceTarget, Unit, design
from newsprism.analyse.sentiment.mention_keys import case_of, role_of
from newsprism.model import Token

Array = np.ndarray[Any, Any]

# Level two's dense features of a mention (`role_features`): its role and case (`role_of`), whether
# it stands in a quotation, how many mentions its sentence holds, where it stands, and per polarity
# the loaded words of newsprism's own list (`evaluative.RULES` on the units' lemmas, no vetoes):
# how many, how near the nearest, and whom `judged_target` says each judges (this mention, another
# one, nobody named). In an invented «Полиция задержала убийцу Ивана Петрова» Петров is a genitive
# after a noun, and «убийца» judges him.
ROLES = ("subj", "obj", "genof")
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
POLARITY = {-1: "neg", 1: "pos"}
NAMES = (
    *(f"role:{role}" for role in (*ROLES, "other")),
    *(f"case:{case}" for case in (*CASES, "none")),
    "after_adp",
    "in_quote",
    "name_quoted",
    "mentions",
    "position",
    "words",
    *(
        f"{side}:{name}"
        for side in POLARITY.values()
        for name in ("count", "nearness", "judges_this", "judges_other", "judges_none")
    ),
)
Span = tuple[int, int]
# A loaded word: its first and last unit, its polarity, and what it judges (None: nothing named)
Loaded = tuple[int, int, int, Span | None]


def loaded_words(units: Sequence[Unit], text: str, spans: Sequence[Span]) -> list[Loaded]:
    """The loaded words of a sentence's units, longest phrase first, left to right, each with
    what it judges among the mentions `spans` (or an unnamed actor, or nothing)."""
    lemmas = [normal(unit.key) for unit in units]
    found: list[Loaded] = []
    position = 0
    tokens: list[Token] | None = None
    view: SentenceView | None = None
    while position < len(units):
        entry = RULES.match(lemmas, position)
        if entry is None:
            position += 1
            continue
        last = position + len(entry.lemmas) - 1
        if view is None or tokens is None:
            tokens = [Token(u.start, u.stop, u.pos, u.feats, u.key) for u in units]
            indexed = list(enumerate(sorted(spans)))
            mention_of = mention_indexes(tokens, [(index, a, b) for index, (a, b) in indexed])
            view = SentenceView(tokens, mention_of, text, dict(indexed))
        target, _ = judged_target(view, position, last)
        found.append((position, last, entry.polarity, target))
        position = last + 1
    return found


def role_row(context: Context, text: str, spans: Sequence[Span], loaded: Sequence[Loaded]) -> list[float]:
    """The features of NAMES for one mention; `spans` are its sentence's mentions (itself too),
    `loaded` the sentence's loaded words (`loaded_words`)."""
    units = context.units
    words = [index for index, unit in enumerate(units) if not unit.punct]
    inside = [u for u in words if units[u].stop > context.start and units[u].start < context.stop]
    row = [0.0] * len(NAMES)
    if not inside:
        return row
    first, last = inside[0], inside[-1]
    left = [units[u] for u in words if u < first]
    right = [units[u] for u in words if u > last]
    case = case_of([units[u] for u in inside])
    role = role_of(left, case, right)
    row[ROLES.index(role) if role in ROLES else len(ROLES)] = 1.0
    row[4 + (CASES.index(case) if case in CASES else len(CASES))] = 1.0
    at = 4 + len(CASES) + 1
    row[at] = float(bool(left) and left[-1].pos == "ADP")
    sentence = (units[0].start, units[-1].stop)
    quotes = quoted_spans(text, [sentence])
    row[at + 1] = float(any(a <= context.start and context.stop <= b for a, b in quotes))
    row[at + 2] = float(first > 0 and units[first - 1].key in ("«", '"', "“"))
    row[at + 3] = math.log1p(len(spans))
    row[at + 4] = len(left) / max(len(words) - 1, 1)
    row[at + 5] = math.log1p(len(words))
    at += 6
    own = (context.start, context.stop)
    for polarity in POLARITY:
        nearest = math.inf
        for start, stop, sign, target in loaded:
            if sign != polarity:
                continue
            row[at] += 1.0
            distance = max(first - stop, start - last, 0)
            nearest = min(nearest, distance)
            if target is None:
                row[at + 4] += 1.0
            elif target[0] < own[1] and own[0] < target[1]:
                row[at + 2] += 1.0
            elif target in spans:
                row[at + 3] += 1.0
            else:
                row[at + 4] += 1.0
        row[at] = math.log1p(row[at])
        row[at + 1] = 0.0 if math.isinf(nearest) else 1.0 / (1.0 + nearest)
        at += 5
    return row


def role_features(
    contexts: Sequence[Context], texts: Sequence[str], spans: Sequence[Sequence[Span]]
) -> Array:
    """NAMES for each mention: `texts[i]` is the text its offsets point into, `spans[i]` the
    mentions of its sentence (itself among them). Loaded words are found once per sentence."""
    cache: dict[tuple[int, tuple[Span, ...]], list[Loaded]] = {}
    rows = []
    for context, text, own in zip(contexts, texts, spans, strict=True):
        key = (id(context.units), tuple(sorted(own)))
        if key not in cache:
            cache[key] = loaded_words(context.units, text, key[1])
        rows.append(role_row(context, text, own, cache[key]))
    return np.array(rows, dtype=np.float64).reshape(len(contexts), len(NAMES))


@dataclass(slots=True)
class LevelOne:
    """Per outer fold: out-of-fold scores on the training part, the refit's scores on the test
    fold, and the mean of the inner folds' models' scores on it (on the OOF scores' scale)."""

    oof: list[Array]
    test: list[Array]
    test_inner: list[Array]
    oof5: list[Array]  # out-of-fold scores of the chosen setting over 5 inner folds, nearer the refit


def level_one(X: sparse.csr_matrix, data: Data) -> LevelOne:
    result = LevelOne([], [], [], [])
    for fold, (train, test) in enumerate(splits(data.y, data.groups, OUTER, SEED)):
        started = time.perf_counter()
        Xt, yt = X[train], data.y[train]
        pooled = {s: np.zeros((len(train), len(LABELS))) for s in GRID}
        on_test = {s: np.zeros((len(test), len(LABELS))) for s in GRID}
        for inner_train, inner_test in splits(yt, data.groups[train], INNER, SEED + 1):
            for s in GRID:
                coef, intercept = fit(Xt[inner_train], yt[inner_train], s)
                pooled[s][inner_test] = np.asarray(Xt[inner_test] @ coef.T) + intercept
                on_test[s] += (np.asarray(X[test] @ coef.T) + intercept) / INNER
        labels = np.array(LABELS)
        best = max(GRID, key=lambda s: score(yt, labels[pooled[s].argmax(axis=1)]))
        coef, intercept = fit(Xt, yt, best)
        result.oof.append(pooled[best])
        result.test.append(np.asarray(X[test] @ coef.T) + intercept)
        result.test_inner.append(on_test[best])
        result.oof5.append(np.zeros((len(train), len(LABELS))))
        for inner_train, inner_test in splits(yt, data.groups[train], 5, SEED + 3):
            coef, intercept = fit(Xt[inner_train], yt[inner_train], best)
            result.oof5[-1][inner_test] = np.asarray(Xt[inner_test] @ coef.T) + intercept
        took = time.perf_counter() - started
        print(f"level one, fold {fold}: C={best.C} ({took:.0f} s)", file=sys.stderr)
    return result


PARTS = ("oof", "test", "test_inner", "oof5")


def cached_level_one(name: str, config: FeatureConfig, data: Data, cache: Path | None) -> LevelOne:
    """Level one for the features `config`, read from or written to `cache` (suffixed by `name`)."""
    path = cache.with_name(f"{cache.stem}-{name}.npz") if cache else None
    if path and path.is_file():
        with np.load(path, allow_pickle=False) as saved:
            return LevelOne(*([saved[f"{part}{k}"] for k in range(OUTER)] for part in PARTS))
    first = level_one(design(data.contexts, config), data)
    if path:
        arrays = {f"{part}{k}": getattr(first, part)[k] for part in PARTS for k in range(OUTER)}
        np.savez(path, **arrays)
    return first


def softmax(scores: Array) -> Array:
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def stacked_inputs(scores: Sequence[Array], dense: Array, interactions: bool) -> Array:
    """Level two's inputs: each level-one model's log-probabilities, the dense features, and for
    the logistic regression each role's, case's and judged word's column times the first model's
    negative and positive log-probabilities."""
    logps = [np.log(np.clip(softmax(part), 1e-6, 1.0)) for part in scores]
    parts = [*logps, dense]
    if interactions:
        gates = dense[:, [i for i, name in enumerate(NAMES) if name.startswith(("role:", "case:"))]]
        judged = dense[:, [i for i, name in enumerate(NAMES) if "judges" in name]]
        for gate in np.hstack([gates, np.minimum(judged, 1.0)]).T:
            parts.append(gate[:, None] * logps[0][:, [0, 2]])
    return np.hstack(parts)


@dataclass(frozen=True, slots=True)
class Second:
    kind: str  # "hgb" or "logreg"
    depth: int = 3
    iterations: int = 100
    C: float = 1.0

    def estimator(self) -> HistGradientBoostingClassifier | LogisticRegression:
        if self.kind == "hgb":
            return HistGradientBoostingClassifier(
                max_depth=self.depth,
                max_iter=self.iterations,
                learning_rate=0.05,
                l2_regularization=1.0,
                min_samples_leaf=40,
                class_weight="balanced",
                early_stopping=False,
                random_state=0,
            )
        return LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)


HGB_GRID = tuple(Second("hgb", depth, n) for depth in (2, 3) for n in (100, 200))
LOGREG_GRID = tuple(Second("logreg", C=c) for c in (0.0003, 0.001, 0.003, 0.01, 0.03))


def fit_predict(second: Second, inputs: Array, y: Array, train: Array, test: Array) -> Array:
    mean, sd = inputs[train].mean(axis=0), inputs[train].std(axis=0) + 1e-9
    scaled = (inputs - mean) / sd if second.kind == "logreg" else inputs
    model = second.estimator().fit(scaled[train], y[train])
    return np.asarray(model.predict(scaled[test]))


def evaluate(
    grid: Sequence[Second], firsts: Sequence[LevelOne], dense: Array, data: Data, mode: str
) -> tuple[list[float], list[Second]]:
    """Outer-fold scores of level two, its setting chosen by grouped 3-fold CV on the OOF scores.
    `mode`: "refit" trains on the 3 inner folds' OOF scores and tests on the refit's, "inner"
    tests on the inner models' mean instead, "refit5" trains on 5 inner folds' OOF scores."""
    outer, chosen = [], []
    interactions = grid[0].kind == "logreg"
    for fold, (train, test) in enumerate(splits(data.y, data.groups, OUTER, SEED)):
        tests = [(first.test_inner if mode == "inner" else first.test)[fold] for first in firsts]
        oofs = [(first.oof5 if mode == "refit5" else first.oof)[fold] for first in firsts]
        inputs = np.vstack(
            [
                stacked_inputs(oofs, dense[train], interactions),
                stacked_inputs(tests, dense[test], interactions),
            ]
        )
        y = np.concatenate([data.y[train], data.y[test]])
        part = np.arange(len(train))
        inner_scores: dict[Second, float] = defaultdict(float)
        for a, b in splits(data.y[train], data.groups[train], INNER, SEED + 2):
            for second in grid:
                predicted = fit_predict(second, inputs, y, part[a], part[b])
                inner_scores[second] += score(y[part[b]], predicted) / INNER
        best = max(grid, key=lambda s: inner_scores[s])
        held = np.arange(len(train), len(y))
        outer.append(score(y[held], fit_predict(best, inputs, y, part, held)))
        chosen.append(best)
    return outer, chosen


def report(name: str, folds: Sequence[float], baseline: Sequence[float] | None = None) -> None:
    per_fold = " / ".join(f"{value:.3f}" for value in folds)
    line = f"{name:42} {np.mean(folds):.4f} ± {np.std(folds):.4f}   {per_fold}"
    if baseline is not None:
        gains = np.array(folds) - np.array(baseline)
        line += f"   gain {gains.mean():+.4f}, {int((gains > 0).sum())} of {len(gains)} folds up"
    print(line)


# Extra level-one models for the stack: the sentence's tone alone (its lemmas and vectors, nothing
# of the mention), so that level two can weigh the mention's role against it.
SENTENCE_TONE = replace(
    SHIPPED,
    window=0,
    bigrams=False,
    mention=False,
    role=False,
    case_bag=False,
    vectors=("sentence",),
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, help="npz of the level-one scores (read, or written)")
    args = parser.parse_args()
    data = load_data(args.data)
    mentions, _ = read_data(args.data)
    dense = mention_features(data, mentions)
    shipped = cached_level_one("shipped", SHIPPED, data, args.cache)
    tone = cached_level_one("tone", SENTENCE_TONE, data, args.cache)
    labels = np.array(LABELS)
    folds = list(splits(data.y, data.groups, OUTER, SEED))
    baseline = [
        score(data.y[test], labels[shipped.test[k].argmax(axis=1)]) for k, (_, test) in enumerate(folds)
    ]
    report("linear model (shipped procedure)", baseline)
    inner_mean = [
        score(data.y[t], labels[shipped.test_inner[k].argmax(axis=1)]) for k, (_, t) in enumerate(folds)
    ]
    report("linear, mean of the 3 inner models", inner_mean, baseline)
    none = np.zeros((data.rows, 0))
    rows = [
        ("hgb: scores + dense", HGB_GRID, [shipped], dense, "refit"),
        ("hgb: scores + dense, inner-mean test", HGB_GRID, [shipped], dense, "inner"),
        ("hgb: scores + dense, 5-fold OOF", HGB_GRID, [shipped], dense, "refit5"),
        ("hgb: scores alone, 5-fold OOF", HGB_GRID, [shipped], none, "refit5"),
        ("hgb: scores + tone + dense, inner-mean test", HGB_GRID, [shipped, tone], dense, "inner"),
        ("hgb: scores + tone + dense, 5-fold OOF", HGB_GRID, [shipped, tone], dense, "refit5"),
        ("logreg x role: scores + dense", LOGREG_GRID, [shipped], dense, "refit"),
        ("logreg x role: scores + dense, 5-fold OOF", LOGREG_GRID, [shipped], dense, "refit5"),
        ("logreg x role: + tone", LOGREG_GRID, [shipped, tone], dense, "refit"),
        ("logreg x role: + tone, 5-fold OOF", LOGREG_GRID, [shipped, tone], dense, "refit5"),
    ]
    for name, grid, firsts, features, mode in rows:
        started = time.perf_counter()
        scores, chosen = evaluate(grid, firsts, features, data, mode)
        report(name, scores, baseline)
        settings = [(s.depth, s.iterations) if s.kind == "hgb" else s.C for s in chosen]
        print(f"  chosen: {settings} ({time.perf_counter() - started:.0f} s)", flush=True)


def mention_features(data: Data, mentions: Sequence[SentenceTarget]) -> Array:
    """`role_features` of the data's mentions, each sentence's labelled mentions as its mentions."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for mention in mentions:
        spans[mention.text].append((mention.start, mention.stop))
    texts = [mention.text for mention in mentions]
    return role_features(data.contexts, texts, [spans[text] for text in texts])


if __name__ == "__main__":
    main()
