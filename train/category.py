"""Train the category model on ../shared/data/categories/ru-dev.jsonl and measure it honestly.

    .venv/bin/python train/category.py [--data PATH] [--repeats N] [--no-save]

Every candidate is scored by repeated stratified 5-fold cross-validation over the same splits:
the majority class, the keyword lists alone, TF-IDF + logistic regression, and the same with the
keyword prior added to its logits. The hyperparameters (C, class weights, keyword weight) are then
chosen by an inner cross-validation inside each outer training fold (nested CV), which is the
estimate to quote for the shipped model; the plain grid scores are optimistic by the selection.
The same nested selection without the keyword prior shows what the prior adds.
The keyword lists in `newsprism.analyse.category` were written before any of this ran.

The final model is refitted on all examples with the hyperparameters the full-data grid picks,
checked against the runtime's numpy inference, and written to src/newsprism/analyse/models/
as category.npz (arrays only) and category.json (data, scores, versions).
"""

from __future__ import annotations

import os

# One BLAS thread: the problems are tiny, and more threads only fight over the cores.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from newsprism.analyse.category import (
    CATEGORIES,
    METADATA_PATH,
    MODEL_PATH,
    CategoryModel,
    doc_terms,
    keyword_prior,
    keywords_digest,
    load_model,
    save_model,
)
from newsprism.analyse.morph import Lemmatize, TagMorph
from newsprism.analyse.pipeline import Pipeline
from newsprism.analyse.segment import Segment
from newsprism.model import Article, Doc

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "categories" / "ru-dev.jsonl"

C_GRID = (1.0, 10.0, 100.0)
CLASS_WEIGHTS: tuple[str | None, ...] = (None, "balanced")
KEYWORD_WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0)
MIN_DF = 1
SEED = 0
NESTED = "nested: tfidf+logreg+keyword prior (shipped procedure)"
NESTED_PLAIN = "nested: tfidf+logreg without keyword prior"

Matrix = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Params:
    c: float
    class_weight: str | None
    keyword_weight: float


def load_examples(path: Path) -> tuple[list[list[str]], list[str]]:
    """Lemmatised features and labels of the labelled articles."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = Pipeline([Segment(), TagMorph(), Lemmatize()])
    docs = pipeline.pipe(Doc.from_article(Article(title=r["title"], body=r["text"])) for r in records)
    return [doc_terms(doc) for doc in docs], [r["category"] for r in records]


def _identity(terms: list[str]) -> list[str]:
    return terms


def fit_logits(
    train: Sequence[list[str]], labels: Sequence[str], test: Sequence[list[str]], c: float, weight: str | None
) -> tuple[Matrix, list[str], TfidfVectorizer, LogisticRegression]:
    """Fit TF-IDF and logistic regression on `train`; logits for `test` in `CATEGORIES` order."""
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF)
    model = LogisticRegression(C=c, class_weight=weight, solver="newton-cg", max_iter=1000)
    model.fit(vectorizer.fit_transform(train), labels)
    raw = model.decision_function(vectorizer.transform(test))
    logits = np.full((len(test), len(CATEGORIES)), -1e9)  # a class unseen in training never wins
    for column, name in enumerate(model.classes_):
        logits[:, CATEGORIES.index(name)] = raw[:, column]
    return logits, list(model.classes_), vectorizer, model


def predict(logits: Matrix, prior: Matrix, keyword_weight: float) -> list[str]:
    return [CATEGORIES[i] for i in (logits + keyword_weight * prior).argmax(axis=1)]


def keyword_only(prior: Matrix, fallback: str) -> list[str]:
    return [CATEGORIES[int(row.argmax())] if row.any() else fallback for row in prior]


def scores(truth: Sequence[str], guess: Sequence[str]) -> tuple[float, float]:
    return (
        float(accuracy_score(truth, guess)),
        float(f1_score(truth, guess, labels=sorted(set(truth)), average="macro", zero_division=0)),
    )


def grid_predictions(
    terms: Sequence[list[str]], labels: Sequence[str], prior: Matrix, train: Any, test: Any
) -> dict[Params, list[str]]:
    """Predictions for `test` of every grid point, fitted on `train`."""
    found: dict[Params, list[str]] = {}
    for c, weight in itertools.product(C_GRID, CLASS_WEIGHTS):
        logits, *_ = fit_logits(
            [terms[i] for i in train], [labels[i] for i in train], [terms[i] for i in test], c, weight
        )
        for keyword_weight in KEYWORD_WEIGHTS:
            found[Params(c, weight, keyword_weight)] = predict(logits, prior[test], keyword_weight)
    return found


def grid_totals(
    terms: Sequence[list[str]], labels: Sequence[str], prior: Matrix, repeats: int
) -> dict[Params, tuple[float, float]]:
    """Mean macro F1 and accuracy of every grid point in stratified CV over these examples."""
    folds = min(5, min(Counter(labels).values()))
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=SEED)
    totals: dict[Params, list[float]] = {}
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        truth = [labels[i] for i in test]
        for params, guess in grid_predictions(terms, labels, prior, train, test).items():
            accuracy, macro = scores(truth, guess)
            total = totals.setdefault(params, [0.0, 0.0])
            total[0] += macro
            total[1] += accuracy
    runs = folds * repeats
    return {params: (macro / runs, accuracy / runs) for params, (macro, accuracy) in totals.items()}


def best(totals: dict[Params, tuple[float, float]], keywords: bool = True) -> Params:
    """The grid point with the best macro F1, then accuracy (with keyword_weight 0 unless `keywords`)."""
    allowed = [params for params in totals if keywords or params.keyword_weight == 0]
    return max(allowed, key=lambda params: (round(totals[params][0], 9), totals[params][1]))


def mean_sd(values: Sequence[float]) -> dict[str, float]:
    return {"mean": round(float(np.mean(values)), 4), "sd": round(float(np.std(values)), 4)}


def evaluate(
    terms: Sequence[list[str]], labels: Sequence[str], prior: Matrix, repeats: int, inner_repeats: int
) -> dict[str, Any]:
    """Scores of every candidate on the same repeated stratified folds, and the nested estimate."""
    splitter = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=SEED)
    results: dict[str, dict[str, list[float]]] = {}
    confusion = np.zeros((len(CATEGORIES), len(CATEGORIES)))
    chosen: Counter[str] = Counter()

    def record(name: str, truth: list[str], guess: list[str]) -> None:
        accuracy, macro = scores(truth, guess)
        entry = results.setdefault(name, {"accuracy": [], "macro_f1": []})
        entry["accuracy"].append(accuracy)
        entry["macro_f1"].append(macro)

    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(labels)), labels)):
        truth = [labels[i] for i in test]
        train_labels = [labels[i] for i in train]
        majority = Counter(train_labels).most_common(1)[0][0]
        record("majority class", truth, [majority] * len(test))
        record("keywords only", truth, keyword_only(prior[test], majority))
        grid = grid_predictions(terms, labels, prior, train, test)
        for params, guess in grid.items():
            record(
                f"tfidf+logreg C={params.c:g} cw={params.class_weight} kw={params.keyword_weight:g}",
                truth,
                guess,
            )
        totals = grid_totals([terms[i] for i in train], train_labels, prior[train], inner_repeats)
        inner = best(totals)
        chosen[f"C={inner.c:g} cw={inner.class_weight} kw={inner.keyword_weight:g}"] += 1
        record(NESTED_PLAIN, truth, grid[best(totals, keywords=False)])
        guess = grid[inner]
        record(NESTED, truth, guess)
        confusion += confusion_matrix(truth, guess, labels=list(CATEGORIES))
        print(f"fold {fold + 1}/{5 * repeats}: inner choice {inner}", file=sys.stderr)
    return {
        "scores": {
            name: {metric: mean_sd(values) for metric, values in entry.items()}
            for name, entry in results.items()
        },
        "nested_choices": dict(chosen.most_common()),
        "nested_confusion": {
            "labels": list(CATEGORIES),
            "rows_true_columns_predicted_mean_per_repeat": (confusion / repeats).round(2).tolist(),
        },
    }


def fit_final(terms: Sequence[list[str]], labels: Sequence[str], params: Params) -> CategoryModel:
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=MIN_DF)
    model = LogisticRegression(
        C=params.c, class_weight=params.class_weight, solver="newton-cg", max_iter=1000
    )
    model.fit(vectorizer.fit_transform(terms), labels)
    return CategoryModel(
        classes=tuple(str(name) for name in model.classes_),
        vocabulary={str(word): int(index) for word, index in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        coef=np.asarray(model.coef_, dtype=np.float64),
        intercept=np.asarray(model.intercept_, dtype=np.float64),
        keyword_weight=params.keyword_weight,
    )


def check_runtime(terms: Sequence[list[str]], labels: Sequence[str], params: Params) -> float:
    """Largest difference between scikit-learn's probabilities and the saved model's numpy ones."""
    logits, classes, *_ = fit_logits(terms, labels, terms, params.c, params.class_weight)
    combined = logits + params.keyword_weight * np.array([keyword_prior(t) for t in terms])
    columns = [CATEGORIES.index(name) for name in classes]
    expected = np.exp(combined[:, columns] - combined[:, columns].max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    load_model.cache_clear()
    actual = np.array([load_model().probabilities(t) for t in terms])
    return float(np.abs(expected - actual).max())


def print_table(evaluation: dict[str, Any]) -> None:
    rows = sorted(evaluation["scores"].items(), key=lambda item: -item[1]["macro_f1"]["mean"])
    print(f"{'candidate':<62} {'accuracy':>15} {'macro F1':>15}")
    for name, entry in rows:
        accuracy, macro = entry["accuracy"], entry["macro_f1"]
        accuracy_text = f"{accuracy['mean']:.3f} ± {accuracy['sd']:.3f}"
        print(f"{name:<62} {accuracy_text:>15}   {macro['mean']:.3f} ± {macro['sd']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeats", type=int, default=10, help="repeats of the outer 5-fold CV")
    parser.add_argument("--inner-repeats", type=int, default=2, help="repeats of the inner CV (nested)")
    parser.add_argument("--no-save", action="store_true", help="evaluate only; leave the shipped model alone")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(
            f"{args.data} not found: the labelled categories live in ../shared/data beside the repo"
        )

    started = time.perf_counter()
    terms, labels = load_examples(args.data)
    prior = np.array([keyword_prior(t) for t in terms])
    evaluation = evaluate(terms, labels, prior, args.repeats, args.inner_repeats)
    params = best(grid_totals(terms, labels, prior, args.repeats))
    print_table(evaluation)
    print(f"final hyperparameters (grid over all {len(labels)}): {params}")
    if args.no_save:
        return

    model = fit_final(terms, labels, params)
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, MODEL_PATH)
    difference = check_runtime(terms, labels, params)
    if difference > 1e-4:
        raise SystemExit(
            f"runtime inference differs from scikit-learn by {difference:.2g}: not saving metadata"
        )
    data_path = os.path.relpath(args.data.resolve(), ROOT)
    metadata = {
        "model": MODEL_PATH.name,
        "format": "numpy .npz of plain arrays (load with allow_pickle=False); see CategoryModel",
        "trained": datetime.now(UTC).date().isoformat(),
        "data": {
            "path": data_path,
            "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "n": len(labels),
            "labels": dict(Counter(labels).most_common()),
            "licence": "Apache-2.0 (IlyaGusev/tgcontest)",
        },
        "features": "lemmas of NOUN, PROPN, VERB, ADJ, ADV tokens, title x2; sublinear TF-IDF, l2",
        "keywords_digest": keywords_digest(),
        "hyperparameters": {
            "C": params.c,
            "class_weight": params.class_weight,
            "keyword_weight": params.keyword_weight,
            "min_df": MIN_DF,
        },
        "vocabulary_size": len(model.vocabulary),
        "cross_validation": {
            "protocol": f"repeated stratified 5-fold, {args.repeats} repeats, seed {SEED}; nested selection "
            f"with inner stratified CV ({args.inner_repeats} repeats) over C {list(C_GRID)}, class_weight "
            f"{list(CLASS_WEIGHTS)}, keyword_weight {list(KEYWORD_WEIGHTS)}",
            **evaluation,
        },
        "runtime_max_probability_difference": difference,
        "versions": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    METADATA_PATH.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1024:.0f} KiB) and {METADATA_PATH}")


if __name__ == "__main__":
    main()
