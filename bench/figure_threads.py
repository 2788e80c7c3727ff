"""The figure conflicts the comparison finds on stream threads that nobody labelled: a check of
precision beside the labelled set, which holds few conflicts. Threads of 4+ outlets of the Russian
stream that share no article with the labelled events, in the order of a shuffle with seed 7, up to
8 articles each (by URL); each is compared as one story, as `analyze` does, and its conflict rows
are printed with both figures in context, to be read by hand.

    PYTHONPATH=src .venv/bin/python bench/figure_threads.py --cache /tmp/figures-cache [--start 0 --count 120]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_comparison import Corpus, read
from newsprism.compare import compare_story
from newsprism.model import Story


def thread_order(corpus: Corpus) -> list[tuple[str, list[str]]]:
    """The unlabelled threads of 4+ outlets, shuffled with seed 7, with their first 8 URLs."""
    labelled = {url for event in read("events-*.jsonl") for url in event["urls"]}
    threads: dict[str, list[str]] = defaultdict(list)
    for url, row in corpus.rows.items():
        if row.get("thread") is not None:
            threads[str(row["thread"])].append(url)
    keys = sorted(
        key
        for key, urls in threads.items()
        if len({corpus.rows[u]["outlet"] for u in urls}) >= 4 and not labelled & set(urls)
    )
    random.Random(7).shuffle(keys)
    return [(key, sorted(threads[key])[:8]) for key in keys]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="keep the analyses in this folder between runs")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, default=120)
    args = parser.parse_args()
    corpus = Corpus(args.cache)
    rows = 0
    for key, urls in thread_order(corpus)[args.start : args.start + args.count]:
        items = corpus.analysed(urls)
        comparison = compare_story(Story(key, "event", key, [a.id for a, _ in items]), items)
        text = {article.id: article.text for article, _ in items}
        for row in comparison.figures:
            if row.status != "conflict":
                continue
            rows += 1
            outlets = f"{comparison.outlet_of[row.a.article_id]} / {comparison.outlet_of[row.b.article_id]}"
            print(f"{key}: {outlets}")
            for timed in (row.a, row.b):
                figure, body = timed.figure, text[timed.article_id]
                around = body[max(0, figure.start - 90) : figure.stop + 50].replace("\n", " ")
                print(f"    {figure.value:g} {figure.unit} {figure.counted} | {around}")
    print(f"{rows} conflict rows")


if __name__ == "__main__":
    main()
