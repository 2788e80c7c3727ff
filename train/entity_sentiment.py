"""Train the entity sentiment model of `newsprism.analyse.sentiment` on RuSentNE-2023.

    .venv/bin/python train/entity_sentiment.py               # evaluate, train on all data, save (~10 min)
    .venv/bin/python train/entity_sentiment.py --variants    # the table of variants too (~35 min)
    .venv/bin/python train/entity_sentiment.py --variants --no-save   # the table alone, on stdout

Data: ../shared/data/RuSentNE-2023/train_data.csv beside the repo (tab-separated, with a header;
offsets are character offsets into the sentence). Each sentence is segmented, tagged and lemmatised
by the same steps and turned into features by the same functions as at run time.

Metric: the task's, macro F1 over the positive and negative classes (`f1_score(labels=[-1, 1],
average="macro")`). Evaluation is nested cross-validation: 5 outer folds stratified by label and
grouped by sentence (a sentence has up to a dozen mentions; in train and test at once it would
leak), near-duplicate sentences in one group (`sentence_groups`: equal once lower-cased and
stripped of punctuation, or sharing half their word bigrams; 3,716 sentences make 3,705 groups),
seed 0; in each outer training part, 3 inner folds choose C from GRID (with balanced class
weights; other weightings are variants), and the chosen setting is refit on the whole part and
scored on the outer fold. Reported: mean and standard deviation over the 5 outer folds, for the
shipped features and, on the same folds, for the features of the model before them (`PREVIOUS`). In the
`--variants` table the row `selected` runs the whole choice, variant included, on inner folds only:
an unbiased figure for the procedure, whereas the best row's own figure is slightly optimistic (it
was picked by looking at the table). Times are for 2 cores.

The final model is refit on all data with the setting a grouped 5-fold CV on all data prefers,
saved as src/newsprism/analyse/models/entity_sentiment.npz (numpy arrays, no pickle) with
entity_sentiment.json beside it (data, metric, scores, settings, versions). The optional lexicon
variant reads ../shared/data/lexicons (CC BY-NC-SA) for evaluation only: it never reaches the model.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # two processes beat two BLAS threads here
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import csv
import json
import platform
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC
from sklearn.utils.parallel import Parallel, delayed

from newsprism.analyse.sentiment import (
    LABELS,
    METADATA_PATH,
    MODEL_PATH,
    Context,
    FeatureConfig,
    SentenceTarget,
    SentimentModel,
    contexts_of,
    design,
    embedding_id,
)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DATA = SHARED_DATA / "RuSentNE-2023" / "train_data.csv"
LEXICONS = SHARED_DATA / "lexicons"
HEADER = ["sentence", "entity", "entity_tag", "entity_pos_start_rel", "entity_pos_end_rel", "label"]
# RuSentNE's tags as the NER step's types; professions and nationalities have none.
TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC"}
METRIC = "macro F1 over the positive and negative classes: f1_score(labels=[-1, 1], average='macro')"
PREVIOUS = FeatureConfig()  # the model shipped before the role features: the baseline
SHIPPED = FeatureConfig(role=True, case_bag=True)
MIN_DF = 2  # a hashed column seen in fewer training rows gets no weight
OUTER, INNER, SEED = 5, 3, 0


@dataclass(frozen=True, slots=True)
class Setting:
    """A point of the hyperparameter grid: the estimator, its C and the class weights."""

    C: float
    weights: str = "balanced"  # n / (3 n_class); "sqrt": its square root; "none"
    estimator: str = "logreg"  # or "svm": LinearSVC, one-vs-rest, evaluation only


GRID = tuple(Setting(c) for c in (0.1, 0.3, 1.0))


@dataclass(slots=True)
class Data:
    rows: int
    sentences: int
    y: np.ndarray[Any, np.dtype[np.int64]]
    groups: np.ndarray[Any, np.dtype[np.int64]]
    contexts: list[Context]


def read_data(path: Path) -> tuple[list[SentenceTarget], list[int]]:
    """The mentions and labels of the CSV; SystemExit naming the file and line of any bad row."""
    if not path.is_file():
        raise SystemExit(
            f"{path} not found: the RuSentNE-2023 training data lives in ../shared/data beside the repo"
        )
    mentions, labels = [], []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file, delimiter="\t")
        if next(reader, None) != HEADER:
            raise SystemExit(f"{path}:1: expected the header {' '.join(HEADER)}")
        for record in reader:
            where = f"{path}:{reader.line_num}"
            if len(record) != len(HEADER):
                raise SystemExit(f"{where}: expected {len(HEADER)} tab-separated fields, found {len(record)}")
            sentence, entity, tag, start, stop, label = record
            if not (start.isdigit() and stop.isdigit() and label in ("-1", "0", "1")):
                raise SystemExit(f"{where}: offsets must be integers and the label -1, 0 or 1")
            if sentence[int(start) : int(stop)] != entity:
                raise SystemExit(f"{where}: the offsets {start}:{stop} do not mark the entity {entity!r}")
            mentions.append(SentenceTarget(sentence, int(start), int(stop), TYPES.get(tag, "")))
            labels.append(int(label))
    return mentions, labels


NEAR_DUPLICATE = 0.5  # Jaccard similarity of two sentences' word bigrams that puts them in one group


def normalised(text: str) -> str:
    """The sentence's words, lower-cased, ё as е: what two copies of a sentence share."""
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def sentence_groups(texts: Sequence[str], threshold: float = NEAR_DUPLICATE) -> list[int]:
    """A group for each text such that no two near-duplicates fall in different groups: texts
    equal once normalised, or whose sets of word bigrams have a Jaccard similarity of
    `threshold` or more, are joined (transitively, by union-find)."""
    distinct = list(dict.fromkeys(texts))
    keys = [normalised(text) for text in distinct]
    parent = list(range(len(distinct)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    vocabulary: dict[tuple[str, str], int] = {}
    rows, cols = [], []
    for row, key in enumerate(keys):
        words = key.split()
        for shingle in set(pairwise(words)) or {(word, word) for word in words}:
            rows.append(row)
            cols.append(vocabulary.setdefault(shingle, len(vocabulary)))
    shingles = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(keys), len(vocabulary)))
    shared = sparse.coo_matrix(shingles @ shingles.T)
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    for a, b, common in zip(shared.row, shared.col, shared.data, strict=True):
        if a < b and (keys[a] == keys[b] or common / (sizes[a] + sizes[b] - common) >= threshold):
            parent[root(int(a))] = root(int(b))
    group_of = {text: root(index) for index, text in enumerate(distinct)}
    return [group_of[text] for text in texts]


def load_data(path: Path) -> Data:
    mentions, labels = read_data(path)
    started = time.perf_counter()
    contexts = contexts_of(mentions)
    print(f"{len(mentions)} mentions preprocessed in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    groups = sentence_groups([mention.text for mention in mentions])
    sentences = len({mention.text for mention in mentions})
    print(f"{sentences} sentences in {len(set(groups))} groups of near-duplicates", file=sys.stderr)
    return Data(len(mentions), sentences, np.array(labels), np.array(groups), contexts)


def class_weights(y: np.ndarray[Any, Any], kind: str) -> dict[int, float] | None:
    if kind == "none":
        return None
    counts = Counter(y.tolist())
    balanced = {label: len(y) / (len(counts) * count) for label, count in counts.items()}
    return balanced if kind == "balanced" else {label: w**0.5 for label, w in balanced.items()}


def fit(X: sparse.csr_matrix, y: np.ndarray[Any, Any], setting: Setting) -> tuple[np.ndarray[Any, Any], ...]:
    """Coefficients (3, width) and intercepts, fitted on the columns seen in MIN_DF rows or more."""
    columns = np.flatnonzero(np.asarray((X != 0).sum(axis=0)).ravel() >= MIN_DF)
    weights = class_weights(y, setting.weights)
    estimator: LogisticRegression | LinearSVC
    if setting.estimator == "svm":
        estimator = LinearSVC(C=setting.C, class_weight=weights, max_iter=5000)
    else:
        estimator = LogisticRegression(C=setting.C, class_weight=weights, solver="newton-cg", max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X[:, columns], y)
    assert tuple(estimator.classes_) == LABELS
    coef = np.zeros((len(LABELS), X.shape[1]), dtype=np.float32)
    coef[:, columns] = estimator.coef_
    return coef, estimator.intercept_.astype(np.float32)


def predict(
    X: sparse.csr_matrix, coef: np.ndarray[Any, Any], intercept: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    return np.asarray(np.array(LABELS)[np.asarray(X @ coef.T + intercept).argmax(axis=1)])


def score(y_true: np.ndarray[Any, Any], y_pred: np.ndarray[Any, Any]) -> float:
    return float(f1_score(y_true, y_pred, labels=[-1, 1], average="macro", zero_division=0))


def fit_predict(
    X: sparse.csr_matrix,
    y: np.ndarray[Any, Any],
    train: np.ndarray[Any, Any],
    test: np.ndarray[Any, Any],
    s: Setting,
) -> np.ndarray[Any, Any]:
    return predict(X[test], *fit(X[train], y[train], s))


def splits(y: np.ndarray[Any, Any], groups: np.ndarray[Any, Any], n: int, seed: int) -> list[tuple[Any, Any]]:
    splitter = StratifiedGroupKFold(n_splits=n, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def grid_scores(
    X: sparse.csr_matrix,
    y: np.ndarray[Any, Any],
    groups: np.ndarray[Any, Any],
    grid: Sequence[Setting],
    n: int,
) -> dict[Setting, float]:
    """Each setting's score on the pooled predictions of an n-fold grouped CV of (X, y)."""
    folds = splits(y, groups, n, SEED + 1)
    tasks = [(s, test, delayed(fit_predict)(X, y, train, test, s)) for s in grid for train, test in folds]
    predictions = Parallel(n_jobs=2)(task for *_, task in tasks)
    pooled = {s: np.zeros(len(y), dtype=int) for s in grid}
    for (s, test, _), predicted in zip(tasks, predictions, strict=True):
        pooled[s][test] = predicted
    return {s: score(y, pooled[s]) for s in grid}


@dataclass(slots=True)
class Evaluation:
    """Nested CV of one variant: per outer fold, the inner score of each setting and the outer result."""

    inner: list[dict[Setting, float]] = field(default_factory=list)
    chosen: list[Setting] = field(default_factory=list)
    outer: list[float] = field(default_factory=list)
    predicted: np.ndarray[Any, Any] | None = None

    def summary(self, y: np.ndarray[Any, Any]) -> dict[str, Any]:
        assert self.predicted is not None
        per_class = f1_score(y, self.predicted, labels=[-1, 1], average=None, zero_division=0)
        return {
            "f1_pos_neg": round(float(np.mean(self.outer)), 4),
            "std": round(float(np.std(self.outer)), 4),
            "folds": [round(value, 4) for value in self.outer],
            "f1_negative": round(float(per_class[0]), 4),
            "f1_positive": round(float(per_class[1]), 4),
            "chosen": [asdict(s) for s in self.chosen],
            "confusion": confusion_matrix(y, self.predicted, labels=list(LABELS)).tolist(),
        }


def nested_cv(X: sparse.csr_matrix, data: Data, grid: Sequence[Setting]) -> Evaluation:
    evaluation = Evaluation(predicted=np.zeros(data.rows, dtype=int))
    for train, test in splits(data.y, data.groups, OUTER, SEED):
        inner = grid_scores(X[train], data.y[train], data.groups[train], grid, INNER)
        best = max(grid, key=lambda s: inner[s])
        predicted = fit_predict(X, data.y, train, test, best)
        evaluation.inner.append(inner)
        evaluation.chosen.append(best)
        evaluation.outer.append(score(data.y[test], predicted))
        assert evaluation.predicted is not None
        evaluation.predicted[test] = predicted
    return evaluation


def read_lexicon() -> dict[str, int]:
    """Lemma -> polarity from RuSentiLex, then KartaSlovSent for lemmas it lacks (single words)."""
    polarity: dict[str, int] = {}
    sentilex = LEXICONS / "rusentilex_2017.txt"
    if not sentilex.is_file():
        raise SystemExit(f"{sentilex} not found: the lexicon variant reads ../shared/data/lexicons")
    for line in sentilex.read_text(encoding="utf-8").splitlines():
        fields = [part.strip() for part in line.split(",")]
        if len(fields) >= 4 and " " not in fields[2] and fields[3] in ("positive", "negative"):
            polarity.setdefault(fields[2].replace("ё", "е"), 1 if fields[3] == "positive" else -1)
    with (LEXICONS / "kartaslovsent.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            if " " not in row["term"] and row["tag"] in ("PSTV", "NGTV") and abs(float(row["value"])) >= 0.35:
                polarity.setdefault(row["term"].lower().replace("ё", "е"), 1 if row["tag"] == "PSTV" else -1)
    return polarity


def lexicon_matrix(contexts: Sequence[Context], polarity: dict[str, int]) -> sparse.csr_matrix:
    """Per mention: lexicon hits in the sentence (by polarity, negation flipping it) and near the mention."""
    rows = np.zeros((len(contexts), 4), dtype=np.float32)
    for row, context in enumerate(contexts):
        for unit in context.units:
            value = polarity.get(unit.key, 0) * (-1 if unit.negated else 1)
            if not value or (context.start < unit.stop and unit.start < context.stop):
                continue
            near = unit.stop > context.start - 40 and unit.start < context.stop + 40
            rows[row, (0 if value > 0 else 1) + (2 if near else 0)] += 1
    return sparse.csr_matrix(np.log1p(rows))


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    config: FeatureConfig
    grid: tuple[Setting, ...] = GRID
    extra: Callable[[Sequence[Context]], sparse.csr_matrix] | None = None


def variants() -> list[Variant]:
    words = replace(
        SHIPPED,
        chars=(0, 0),
        mention=False,
        entity_type=False,
        predicate=False,
        role=False,
        case_bag=False,
        vectors=(),
    )
    nothing = replace(words, window=0, bag=False, bigrams=False, negation=False)
    polarity: dict[str, int] = {}

    def lexicon(contexts: Sequence[Context]) -> sparse.csr_matrix:
        if not polarity:
            polarity.update(read_lexicon())
        return lexicon_matrix(contexts, polarity)

    return [
        Variant("lemma bag of the sentence", replace(nothing, bag=True)),
        Variant("window ±4 lemmas + bigrams", replace(nothing, window=4, bigrams=True)),
        Variant("bag + window + bigrams + negation", words),
        Variant("  + char 3-5-grams of the window", replace(words, chars=(3, 5), chars_scope="window")),
        Variant("  + char 3-5-grams of the sentence", replace(words, chars=(3, 5))),
        Variant("bag, window, ... + mention shape, case, place", replace(PREVIOUS, vectors=())),
        Variant(
            "  + vectors left, right, sentence", replace(PREVIOUS, vectors=("left", "right", "sentence"))
        ),
        Variant("  + vector of the mention (previous model)", PREVIOUS),
        Variant("  + the mention's role", replace(PREVIOUS, role=True)),
        Variant("  + lemmas by the mention's role", replace(PREVIOUS, case_bag=True)),
        Variant("  + both (shipped)", SHIPPED),
        Variant("shipped + char 3-5-grams of the sentence", replace(SHIPPED, chars=(3, 5))),
        Variant("shipped + entity type (CLI has none)", replace(SHIPPED, entity_type=True)),
        Variant("shipped + nearest verb with case", replace(SHIPPED, predicate=True)),
        Variant("vectors only", replace(nothing, vectors=SHIPPED.vectors)),
        Variant(
            "shipped, square-root class weights", SHIPPED, tuple(replace(s, weights="sqrt") for s in GRID)
        ),
        Variant("shipped, no class weights", SHIPPED, tuple(replace(s, weights="none") for s in GRID)),
        Variant("shipped, LinearSVC", SHIPPED, tuple(Setting(c, estimator="svm") for c in (0.01, 0.03, 0.1))),
        Variant("shipped + lexicons (eval only)", SHIPPED, extra=lexicon),
    ]


def matrix(variant: Variant, data: Data) -> sparse.csr_matrix:
    X = design(data.contexts, variant.config)
    return sparse.hstack([X, variant.extra(data.contexts)], format="csr") if variant.extra else X


def evaluate_variants(data: Data) -> tuple[dict[str, Any], Evaluation]:
    """The table of variants, and the evaluation of the shipped one."""
    table: list[dict[str, Any]] = []
    evaluations: list[Evaluation] = []
    for variant in variants():
        started = time.perf_counter()
        evaluation = nested_cv(matrix(variant, data), data, variant.grid)
        evaluations.append(evaluation)
        table.append({"variant": variant.name, **evaluation.summary(data.y)})
        row = table[-1]
        took = time.perf_counter() - started
        print(
            f"{variant.name:40} {row['f1_pos_neg']:.4f} ± {row['std']:.4f}  ({took:.0f} s)", file=sys.stderr
        )
    # The whole choice on inner folds: per outer fold, the variant and setting with the best inner score.
    deployable = [i for i, variant in enumerate(variants()) if variant.extra is None]
    picked = [
        max(deployable, key=lambda i: max(evaluations[i].inner[fold].values())) for fold in range(OUTER)
    ]
    outer = [evaluations[i].outer[fold] for fold, i in enumerate(picked)]
    table.append(
        {
            "variant": "selected: variant and setting chosen on inner folds",
            "f1_pos_neg": round(float(np.mean(outer)), 4),
            "std": round(float(np.std(outer)), 4),
            "folds": [round(value, 4) for value in outer],
            "picked": [variants()[i].name.strip() for i in picked],
        }
    )
    shipped = next(
        i for i, v in enumerate(variants()) if (v.config, v.grid, v.extra) == (SHIPPED, GRID, None)
    )
    return {"evaluated": datetime.now(UTC).isoformat(timespec="seconds"), "table": table}, evaluations[
        shipped
    ]


def train(data: Data) -> tuple[SentimentModel, Setting, dict[Setting, float]]:
    X = design(data.contexts, SHIPPED)
    scores = grid_scores(X, data.y, data.groups, GRID, OUTER)
    best = max(GRID, key=lambda s: scores[s])
    coef, intercept = fit(X, data.y, best)
    return SentimentModel(SHIPPED, coef, intercept, embedding_id()), best, scores


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="RuSentNE-2023 train_data.csv")
    parser.add_argument("--variants", action="store_true", help="evaluate every variant first")
    parser.add_argument("--no-save", action="store_true", help="evaluate only; leave the model as it is")
    args = parser.parse_args()

    data = load_data(args.data)
    started = time.perf_counter()
    if args.variants:
        table, evaluation = evaluate_variants(data)
        json.dump(table, sys.stdout, ensure_ascii=False, indent=1)
    else:
        table, evaluation = None, nested_cv(design(data.contexts, SHIPPED), data, GRID)
    mean, std, took = np.mean(evaluation.outer), np.std(evaluation.outer), time.perf_counter() - started
    print(f"nested CV of the shipped config: {mean:.4f} ± {std:.4f} ({took:.0f} s)", file=sys.stderr)
    # The same folds for the features shipped before the role features, for the comparison.
    baseline = nested_cv(design(data.contexts, PREVIOUS), data, GRID)
    mean, std = np.mean(baseline.outer), np.std(baseline.outer)
    print(f"nested CV of the previous config, same folds: {mean:.4f} ± {std:.4f}", file=sys.stderr)
    if args.no_save:
        return
    model, setting, scores = train(data)
    model.save(MODEL_PATH)
    reloaded = SentimentModel.load(MODEL_PATH)
    expected = predict(design(data.contexts, SHIPPED), model.coef, model.intercept)
    if [label for label, _ in reloaded.predict(data.contexts)] != expected.tolist():
        raise SystemExit(f"{MODEL_PATH}: the saved model does not reproduce the trained model's predictions")

    previous = json.loads(METADATA_PATH.read_text(encoding="utf-8")) if METADATA_PATH.is_file() else {}
    metadata = {
        "model": MODEL_PATH.name,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "task": "sentiment toward an entity mention in its sentence: -1, 0, 1",
        "data": {
            "path": "../shared/data/RuSentNE-2023/train_data.csv",
            "source": "github.com/dialogue-evaluation/RuSentNE-evaluation @ 4d08c88 (MIT)",
            "rows": data.rows,
            "sentences": data.sentences,
            "labels": {str(k): v for k, v in sorted(Counter(data.y.tolist()).items())},
        },
        "metric": METRIC,
        "cv": {
            "scheme": f"nested: {OUTER} outer folds (StratifiedGroupKFold by sentence, near-duplicates "
            f"in one group: word-bigram Jaccard >= {NEAR_DUPLICATE}; seed {SEED}); "
            f"{INNER} inner folds choose the setting from the grid",
            **evaluation.summary(data.y),
            "previous_features_same_folds": {
                "features": asdict(PREVIOUS),
                **{k: v for k, v in baseline.summary(data.y).items() if k != "chosen"},
            },
        },
        "estimator": {
            "type": "LogisticRegression (multinomial, newton-cg)",
            **asdict(setting),
            "min_df": MIN_DF,
            "grid": [asdict(s) for s in GRID],
            "grid_scores_5fold_all_data": {f"C={s.C},{s.weights}": round(v, 4) for s, v in scores.items()},
        },
        "features": asdict(SHIPPED),
        "embedding": model.embedding,
        "lexicons": "not used: the shipped model holds no lexicon-derived data",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "sklearn": sklearn.__version__,
        },
        "retrain": "python train/entity_sentiment.py [--variants]",
        "variants": table if table is not None else previous.get("variants"),
    }
    METADATA_PATH.write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = MODEL_PATH.stat().st_size / 1e6
    chosen = f"C={setting.C}, weights {setting.weights}"
    print(f"saved {MODEL_PATH} ({size:.1f} MB, {chosen}) and {METADATA_PATH.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
