"""Events on a real day of news, against the threads of a strong contest system.

    PYTHONPATH=src .venv/bin/python bench/eval_stream.py [--lang ru en] [--threshold T] [--sweep]

Reads ../shared/data/news-stream/{ru-2020-05-03-dev,en-2020-05-03}.jsonl (2,584 Russian and
3,474 English articles of 3 May 2020 with the threads that IlyaGusev/tgcontest made of them; its
NOTICE: agreement with a strong system, not accuracy). Every article is analysed with the default
pipeline (embedding included) once; the story views are cached under $NEWSPRISM_CACHE (default
~/.cache/newsprism) keyed by the texts and the pipeline's version. Then the views are clustered
exactly as `newsprism analyze` does (`stories.clustering.EventClusterer` with the shipped
scorer and settings), and the events are scored:
pairwise precision, recall and F1 (pairs of articles put in one event), adjusted Rand index,
the largest event against the largest thread, and the clustering's time per article.

`--sweep` also reports the scores at other average-link thresholds: for choosing the threshold on
the Russian stream and confirming it on the English one, never for tuning to either.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsprism.analyse import default_pipeline
from newsprism.ingest.fields import parse_published
from newsprism.model import Article, Doc
from newsprism.stories.view import StoryDoc

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "data" / "news-stream"
FILES = {"ru": STREAM / "ru-2020-05-03-dev.jsonl", "en": STREAM / "en-2020-05-03.jsonl"}
CACHE = Path(os.environ.get("NEWSPRISM_CACHE", Path.home() / ".cache" / "newsprism"))
RESULTS = Path(__file__).resolve().parent / "results"


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def articles_of(rows: Sequence[dict[str, Any]]) -> list[Article]:
    return [
        Article(
            title=row["title"],
            body=row["text"],
            url=row.get("url"),
            outlet=row.get("outlet"),
            published=parse_published(row["published"]) if row.get("published") else None,
            language=row.get("language") or "ru",
        )
        for row in rows
    ]


def views_of(articles: Sequence[Article], label: str) -> tuple[list[StoryDoc], float]:
    """The analysed views (cached) and the analysis's seconds per article (0 when cached)."""
    pipeline = default_pipeline()
    key = hashlib.sha256(
        "\x1e".join([pipeline.version, *(a.text + "\x1f" + (a.url or "") for a in articles)]).encode()
    ).hexdigest()[:16]
    path = CACHE / f"stream-{label}-{key}.jsonl"
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        return [StoryDoc.from_dict(json.loads(line)) for line in lines], 0.0
    started = time.process_time()
    docs = pipeline.pipe(Doc.from_article(article) for article in articles)
    views = [StoryDoc.from_analysis(article, doc) for article, doc in zip(articles, docs, strict=True)]
    seconds = (time.process_time() - started) / max(len(views), 1)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(view.to_dict(), ensure_ascii=False) + "\n" for view in views), encoding="utf-8"
    )
    return views, seconds


def pairwise(predicted: Sequence[str], truth: Sequence[str]) -> dict[str, float]:
    """Pairwise precision, recall, F1 and the adjusted Rand index of two labelings."""
    from sklearn.metrics import adjusted_rand_score

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    guessed, real = pairs(Counter(predicted)), pairs(Counter(truth))
    precision = both / guessed if guessed else 0.0
    recall = both / real if real else 0.0
    f1 = 2 * precision * recall / (precision + recall) if both else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "ari": round(float(adjusted_rand_score(truth, predicted)), 4),
    }


def cluster(views: Sequence[StoryDoc], threshold: float | None) -> tuple[dict[str, str], float]:
    from newsprism.stories.clustering import ClusterSettings, EventClusterer
    from newsprism.stories.same_event import CachedScorer

    scorer = CachedScorer()
    settings = ClusterSettings() if threshold is None else ClusterSettings(threshold=threshold)
    clusterer = EventClusterer(scorer, settings)
    started = time.process_time()
    for view in views:
        clusterer.add(view)
    events = clusterer.events()
    seconds = time.process_time() - started
    return {article: event for event, members in events.items() for article in members}, seconds


def evaluate(language: str, threshold: float | None, sweep: bool) -> dict[str, Any]:
    rows = load(FILES[language])
    articles = articles_of(rows)
    views, analysis_seconds = views_of(articles, language)
    truth = [row["thread"] for row in rows]
    report: dict[str, Any] = {
        "stream": FILES[language].name,
        "articles": len(rows),
        "threads": len(set(truth)),
        "largest_thread": max(Counter(truth).values()),
    }
    if analysis_seconds:
        report["analysis_ms_per_article"] = round(analysis_seconds * 1000, 1)
    thresholds = [threshold] if not sweep else [None, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
    for value in thresholds:
        assigned, seconds = cluster(views, value)
        predicted = [assigned[view.id] for view in views]
        sizes = Counter(predicted)
        entry = pairwise(predicted, truth) | {
            "events": len(sizes),
            "largest_event": max(sizes.values()),
            "clustering_ms_per_article": round(seconds / len(views) * 1000, 2),
        }
        name = "shipped" if value is None else f"threshold {value}"
        report[name] = entry
        print(f"{language} {name}: {json.dumps(entry)}", file=sys.stderr)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lang", nargs="+", default=["ru", "en"], choices=sorted(FILES))
    parser.add_argument(
        "--threshold", type=float, default=None, help="average-link threshold (default: shipped)"
    )
    parser.add_argument("--sweep", action="store_true", help="also score other thresholds")
    args = parser.parse_args()
    missing = [str(FILES[lang]) for lang in args.lang if not FILES[lang].is_file()]
    if missing:
        raise SystemExit(f"not found: {', '.join(missing)} (the stream lives in ../shared/data/news-stream)")
    results = {lang: evaluate(lang, args.threshold, args.sweep) for lang in args.lang}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "eval_stream.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
