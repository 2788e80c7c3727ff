"""How well the comparison's fact alignment tracks real shared content, and what it costs.

    .venv/bin/python bench/eval_alignment_proxy.py [--data PATH]

There is no labelled sentence alignment in ../shared/data, so this scores the alignment by proxy
on the labelled article pairs of ../shared/data/story-pairs/ru-dev.jsonl: two articles that report
the same event should share facts, two that do not should share few. For each pair the script
analyses both articles, compares them as one story and takes the share of sentences that landed
in a fact told by both; it reports the mean share per class, the ROC AUC of that share for
"same event" and the share of different-event pairs with any shared fact (false alignments), plus
the time per comparison. Nothing is fitted here: the weights and threshold are those shipped in
`newsprism.compare.alignment`.
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

from sklearn.metrics import roc_auc_score

from newsprism.analyse import default_pipeline
from newsprism.compare import alignment, compare_story
from newsprism.model import Article, Doc, Story

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "story-pairs" / "ru-dev.jsonl"


def _article(side: dict[str, Any], outlet: str) -> Article:
    return Article(
        title=side.get("title") or "", body=side.get("text") or "", url=side.get("url"), outlet=outlet
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--thresholds", type=float, nargs="*", default=[], help="also score these thresholds")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    pipeline = default_pipeline()
    pairs = [(_article(r["a"], "A"), _article(r["b"], "B"), bool(r["same"])) for r in rows]
    unique = {a.id: a for pair in pairs for a in pair[:2]}
    docs = {doc.article_id: doc for doc in pipeline.pipe(Doc.from_article(a) for a in unique.values())}
    for threshold in [alignment.THRESHOLD, *args.thresholds]:
        alignment.THRESHOLD = threshold
        print(f"-- threshold {threshold}")
        score(pairs, docs)


def score(pairs: list[tuple[Article, Article, bool]], docs: dict[str, Doc]) -> None:
    shares: list[float] = []
    labels: list[bool] = []
    seconds = 0.0
    for a, b, same in pairs:
        if a.id == b.id:
            continue
        started = time.process_time()
        comparison = compare_story(
            Story("pair", "event", a.title, [a.id, b.id]), [(a, docs[a.id]), (b, docs[b.id])]
        )
        seconds += time.process_time() - started
        total = sum(len(s) for s in comparison.statements.values())
        aligned = sum(len(f.statements) for f in comparison.facts if len(f.article_ids) == 2)
        shares.append(aligned / max(total, 1))
        labels.append(same)
    same_shares = [s for s, label in zip(shares, labels, strict=True) if label]
    other_shares = [s for s, label in zip(shares, labels, strict=True) if not label]
    print(f"pairs: {len(shares)} ({len(same_shares)} same event, {len(other_shares)} different)")
    print(
        f"mean share of sentences in a shared fact: same {sum(same_shares) / len(same_shares):.3f}, "
        f"different {sum(other_shares) / len(other_shares):.3f}"
    )
    print(f"ROC AUC of the share for 'same event': {roc_auc_score(labels, shares):.3f}")
    false_alignments = sum(s > 0 for s in other_shares) / len(other_shares)
    print(f"different-event pairs with any shared fact: {false_alignments:.3f}")
    print(f"same-event pairs with no shared fact: {sum(s == 0 for s in same_shares) / len(same_shares):.3f}")
    print(f"CPU time per two-article comparison: {1000 * seconds / len(shares):.1f} ms")


if __name__ == "__main__":
    main()
