"""The shipped same-event model end to end, as `newsprism pairs` runs it, on labelled pairs.

    .venv/bin/python bench/eval_pairs.py [--data PATH ...]

Each labelled JSONL file ({"a": {...}, "b": {...}, "same": bool}) goes through `judge_pairs`
(analysis, signatures, model) and is scored: F1 of the "same" class, precision and recall at the
shipped threshold, with the character n-gram TF-IDF baseline at its best threshold beside it, and
the wall time per pair. On ../shared/data/story-pairs/ru-dev.jsonl this is in-sample (the model was
fitted there); the honest, cross-validated numbers come from `train/same_event.py` and are kept in
src/newsprism/stories/models/same_event.json. The English pairs were never used for training.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsprism.analyse import default_pipeline
from newsprism.stories.same_event import judge_pairs, load_metadata

PAIRS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "story-pairs"


def f1_parts(truth: list[bool], guess: list[bool]) -> tuple[float, float, float]:
    hits = sum(t and g for t, g in zip(truth, guess, strict=True))
    precision = hits / max(sum(guess), 1)
    recall = hits / max(sum(truth), 1)
    return (2 * precision * recall / (precision + recall) if hits else 0.0), precision, recall


def baseline_best_f1(records: list[dict[str, Any]], truth: list[bool]) -> float:
    texts = [f"{r[side]['title']}\n{r[side]['text']}" for r in records for side in ("a", "b")]
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    scores = np.asarray(matrix[0::2].multiply(matrix[1::2]).sum(axis=1)).ravel()
    return max(f1_parts(truth, [bool(s >= t) for s in scores])[0] for t in np.unique(scores))


def evaluate(path: Path) -> dict[str, Any]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    truth = [bool(r["same"]) for r in records]
    pipeline = default_pipeline()
    started = time.perf_counter()
    verdicts = judge_pairs(records, pipeline=pipeline)
    seconds = time.perf_counter() - started
    f1, precision, recall = f1_parts(truth, [v["same"] for v in verdicts])
    return {
        "data": path.name,
        "pairs": len(records),
        "same": sum(truth),
        "f1": round(f1, 3),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "baseline_best_threshold_f1": round(baseline_best_f1(records, truth), 3),
        "ms_per_pair": round(seconds / len(records) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, nargs="*", default=[PAIRS / "ru-dev.jsonl", PAIRS / "en-dev.jsonl"]
    )
    args = parser.parse_args()
    missing = [str(path) for path in args.data if not path.is_file()]
    if missing:
        raise SystemExit(
            f"not found: {', '.join(missing)}: the labelled pairs live in ../shared/data/story-pairs"
        )
    print_cross_validation()
    for path in args.data:
        print(json.dumps(evaluate(path), ensure_ascii=False))


def print_cross_validation() -> None:
    """The shipped model's honest scores, as `train/same_event.py` recorded them."""
    metadata = load_metadata()
    validation = metadata["cross_validation"]
    print(f"cross-validated F1 of the 'same' class ({validation['protocol']}):")
    for name, entry in validation["scores"].items():
        print(f"  {entry['f1']['mean']:.3f} ± {entry['f1']['sd']:.3f}  {name}")
    print(f"English pairs (not used in training): {json.dumps(metadata['english_pairs'])}")


if __name__ == "__main__":
    main()
