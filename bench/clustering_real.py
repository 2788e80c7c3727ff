"""Event clustering's cost per added article at 10k and 100k articles of real news.

    PYTHONPATH=src .venv/bin/python bench/clustering_real.py [--total 100000]

The articles are the real day of news in ../shared/data/news-stream (2,584 Russian and 3,474
English, analysed with embeddings by `bench/eval_stream.py`'s cached pipeline run), repeated as
later days: copy k has its ids changed and its dates moved by k x (window + 1) days, so a copy
never meets another in a time window and each day is as dense as the real one. Articles are
added one by one with the shipped scorer; reported at 10k, 30k and 100k: CPU ms per added article
over the last 1,000, candidates and pairs scored per article, the resident memory of the process,
and the time to ask for all events. At 10k the incremental events are compared with `cluster_all`.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import dataclasses
import json
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_stream import FILES, articles_of, load, views_of
from newsprism.stories.clustering import ClusterSettings, EventClusterer, cluster_all
from newsprism.stories.same_event import CachedScorer
from newsprism.stories.view import StoryDoc

RESULTS = Path(__file__).resolve().parent / "results"


def stream(views: Sequence[StoryDoc], total: int, gap_days: int) -> Iterator[StoryDoc]:
    ordered = sorted(views, key=lambda view: (view.published is None, view.published or 0, view.id))
    copy = 0
    while True:
        for view in ordered:
            if total <= 0:
                return
            total -= 1
            shift = timedelta(days=copy * gap_days)
            yield dataclasses.replace(
                view,
                id=f"{view.id}-{copy}",
                published=view.published + shift if view.published else None,
            )
        copy += 1


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--total", type=int, default=100_000)
    args = parser.parse_args()
    views: list[StoryDoc] = []
    for language in ("ru", "en"):
        views += views_of(articles_of(load(FILES[language])), language)[0]
    settings = ClusterSettings()
    marks = sorted({mark for mark in (10_000, 30_000, args.total) if mark <= args.total})
    clusterer = EventClusterer(CachedScorer(), settings)
    report: dict[str, Any] = {"real_articles": len(views), "settings": dataclasses.asdict(settings)}
    started = time.process_time()
    window_start, scored_before, candidates_before = started, 0, 0
    added: list[StoryDoc] = []
    for number, view in enumerate(stream(views, args.total, settings.window_days + 1), start=1):
        clusterer.add(view)
        if number <= 10_000:
            added.append(view)
        if number % 1000 == 0 and number not in marks:
            window_start = time.process_time()
            scored_before, candidates_before = clusterer.stats.scored, clusterer.stats.candidates
        if number in marks:
            now = time.process_time()
            asked = time.process_time()
            events = clusterer.events()
            asked = time.process_time() - asked
            entry = {
                "ms_per_added_article_last_1000": round((now - window_start) / 1000 * 1000, 2),
                "candidates_per_article_last_1000": round(
                    (clusterer.stats.candidates - candidates_before) / 1000, 1
                ),
                "scored_per_article_last_1000": round((clusterer.stats.scored - scored_before) / 1000, 1),
                "events": len(events),
                "events_seconds": round(asked, 2),
                "capped_additions": clusterer.stats.capped,
                "peak_rss_mib": round(rss_mib()),
                "total_cpu_s": round(time.process_time() - started, 1),
            }
            report[str(number)] = entry
            print(number, json.dumps(entry), file=sys.stderr, flush=True)
            window_start = time.process_time()
            scored_before, candidates_before = clusterer.stats.scored, clusterer.stats.candidates
    full = cluster_all(added, CachedScorer(), settings)
    first = EventClusterer(CachedScorer(), settings)
    for view in added:
        first.add(view)
    report["incremental_equals_full_at_10k"] = first.partition() == full.partition()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "clustering_real.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
