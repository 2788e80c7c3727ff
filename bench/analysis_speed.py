"""Analysis speed on one core: articles per second per step and in all, with peak memory.

    .venv/bin/python bench/analysis_speed.py [--limit N] [--batch-size B]

One process, one BLAS thread (more threads do not help natasha's small matrices), over 978 varied
texts from ../shared/data (`corpus.speed_articles`): 409 real articles, then 569 pseudo-articles of
11 news sentences each from RuOpinionNE-2024 (consecutive sentences of real articles) and
RuSentNE-2023 (distinct sentences). Speed is CPU time of this process (the machine is shared), with
wall time beside it; peak memory is the process's maximum resident set. Results are printed and
saved in bench/results/analysis_speed.json.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import gc
import json
import platform
import resource
import time
from collections import defaultdict
from pathlib import Path

from corpus import speed_articles
from newsprism.analyse import default_pipeline
from newsprism.analyse.natasha_models import load
from newsprism.analyse.pipeline import batched
from newsprism.model import Doc

RESULTS = Path(__file__).resolve().parent / "results"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles (0: all)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument(
        "--gc-threshold",
        type=int,
        default=0,
        help="young-generation threshold of Python's garbage collector (0: Python's default, 700)",
    )
    args = parser.parse_args()

    articles = speed_articles()
    if args.limit:
        articles = articles[: args.limit]
    tokens_estimate = sum(len(a.text.split()) for a in articles)

    started = time.perf_counter()
    load()
    default_pipeline()  # loads the trained models and word lists once, before timing
    load_seconds = time.perf_counter() - started
    pipeline = default_pipeline(batch_size=args.batch_size)
    if args.gc_threshold:
        gc.set_threshold(args.gc_threshold, 10, 10)

    # CPU time of this process is what "per core" means, and it stays honest on a busy machine;
    # wall time is reported beside it.
    step_seconds: dict[str, float] = defaultdict(float)
    started, started_cpu = time.perf_counter(), time.process_time()
    for batch in batched((Doc.from_article(a) for a in articles), pipeline.batch_size):
        docs = batch
        for step in pipeline.steps:
            t = time.process_time()
            docs = list(step.pipe(docs))
            step_seconds[step.name] += time.process_time() - t
    wall = time.perf_counter() - started
    total = time.process_time() - started_cpu

    result = {
        "articles": len(articles),
        "words": tokens_estimate,
        "words_per_article": round(tokens_estimate / len(articles)),
        "model_load_s": round(load_seconds, 2),
        "cpu_s": round(total, 2),
        "wall_s": round(wall, 2),
        "articles_per_s_per_core": round(len(articles) / total, 1),
        "ms_per_article": round(1000 * total / len(articles), 2),
        "steps_cpu_s": {name: round(seconds, 2) for name, seconds in step_seconds.items()},
        "steps_ms_per_article": {k: round(1000 * t / len(articles), 2) for k, t in step_seconds.items()},
        "peak_rss_mib": round(peak_rss_mib()),
        "batch_size": pipeline.batch_size,
        "gc_threshold": gc.get_threshold()[0],
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analysis_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
