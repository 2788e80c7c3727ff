"""How well the article category does: nested CV on the human labels, agreement on the stream.

    .venv/bin/python bench/eval_category.py [--repeats N] [--no-cv]

1. Repeated stratified 5-fold CV over the 80 human-labelled articles
   (../shared/data/categories/ru-dev.jsonl) of the procedure `train/category.py` ships: the
   stream's training part is in every training fold, the test fold's human articles never are,
   and the settings are chosen by an inner CV inside each training fold (nested). Accuracy and
   recall per class (not_news especially), and fixed reference settings for comparison.
2. The shipped model (`models/category.npz`, numpy inference) against the contest system's
   categories on the stream's held-out fifth, which no training saw: agreement, not accuracy
   (../shared/data/news-stream/NOTICE). Russian articles get the full model (embedding + lemma
   TF-IDF + keyword prior, as the pipeline runs it); English ones are reported with the
   embedding part alone, though the pipeline categorises Russian articles only. The TF-IDF part
   alone (the fallback for a doc without an embedding) is the comparison.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))

from category import DATA, STREAM, STREAM_FILES, evaluate, lemma_terms, load_data  # noqa: E402
from category_embed import embed_records, read_records  # noqa: E402
from newsprism.analyse.category import load_model  # noqa: E402


def report_cv(repeats: int) -> None:
    data, _, _ = load_data(DATA, STREAM)
    result = evaluate(data, repeats)
    print(f"\nnested CV, {repeats} x stratified 5-fold over {len(data.y)} human-labelled articles")
    for name, value in result["accuracy"].items():
        print(f"  {name:<52} accuracy {value['mean']:.3f} ± {value['sd']:.3f}")
    print("  recall per class (nested):")
    counts = Counter(data.y.tolist())
    for name, value in sorted(result["nested_recall"].items(), key=lambda item: -item[1]):
        print(f"    {name:<14} {value:.3f}  (n = {counts[name]})")
    print("  inner choices:", result["nested_choices"])


def report_stream() -> None:
    data, stream, held = load_data(DATA, STREAM)
    del data
    model = load_model()
    vectors = np.vstack([embed_records(read_records(STREAM / name)) for name in STREAM_FILES])
    russian = [i for i in held if stream[i].get("language", "ru") == "ru"]
    english = [i for i in held if stream[i].get("language", "ru") == "en"]
    terms = dict(zip(russian, lemma_terms([stream[i] for i in russian]), strict=True))
    print(f"\nshipped model vs the contest system's categories, held-out stream part ({len(held)} articles)")
    for language, rows in (("ru", russian), ("en", english)):
        truth = np.array([stream[i]["category"] for i in rows])
        full = np.array([model.predict(terms.get(i, []), vectors[i])[0] for i in rows])
        print(f"  {language}: {len(rows)} articles, agreement {float((full == truth).mean()):.3f}")
        if language == "ru":
            tfidf = np.array([model.predict(terms[i], None)[0] for i in rows])
            print(f"      no embedding (TF-IDF + keywords): {float((tfidf == truth).mean()):.3f}")
        for name, n in Counter(truth.tolist()).most_common():
            share = float((full[truth == name] == name).mean())
            print(f"      {name:<14} n = {n:<4} agreement {share:.3f}")
        print("      predicted:", dict(Counter(full.tolist()).most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-cv", action="store_true", help="only the held-out stream agreement")
    args = parser.parse_args()
    if not args.no_cv:
        report_cv(args.repeats)
    report_stream()


if __name__ == "__main__":
    main()
