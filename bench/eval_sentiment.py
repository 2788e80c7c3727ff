"""Entity sentiment on real articles: the step's speed, and the labels it gives.

    .venv/bin/python bench/eval_sentiment.py [--limit N] [--batch-size B] [--sentences N] [--repeat N]
                                             [--model OTHER.npz]   # time another model, say the previous one

Quality is measured where the model is trained: nested cross-validation on RuSentNE-2023 by
`train/entity_sentiment.py`, recorded in src/newsprism/analyse/models/entity_sentiment.json.

Here the varied real articles of ../shared/data (bench/corpus.py) go through the default pipeline,
then the sentiment step alone is timed over the same batches: once with the word-vector cache
empty, then warm (the best of --repeat passes). The command-line path, `score_mentions` on one
sentence at a time (with its segmentation, tagging and lemmatisation), is timed on sentences of
those articles. One process, one BLAS thread, as in bench/analysis_speed.py. Times are CPU time of
this process (`time.process_time`): other work on a shared machine inflates them less than wall time.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time
from collections import Counter
from pathlib import Path

from corpus import shared_articles
from newsprism.analyse import default_pipeline
from newsprism.analyse.pipeline import batched
from newsprism.analyse.sentiment import (
    EntitySentiment,
    SentenceTarget,
    SentimentModel,
    load_model,
    score_mentions,
    word_vector,
)
from newsprism.model import Doc


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many articles (0: all)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--sentences", type=int, default=200, help="sentences for the command-line path")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes; the fastest counts")
    parser.add_argument("--model", type=Path, help="a saved model to time instead of the shipped one")
    args = parser.parse_args()

    articles = shared_articles()[: args.limit or None]
    pipeline = default_pipeline(batch_size=args.batch_size)
    docs = list(pipeline.pipe(Doc.from_article(article) for article in articles))
    mentions = sum(len(doc.entities) for doc in docs)
    words = sum(len(doc.text.split()) for doc in docs)
    print(f"{len(docs)} articles, {words / len(docs):.0f} words and {mentions / len(docs):.1f} mentions each")

    load_model.cache_clear()  # the default pipeline has loaded it already
    started = time.perf_counter()  # reading a file: wall time
    model = SentimentModel.load(args.model) if args.model else load_model()
    step = EntitySentiment(model)
    print(f"model loaded in {(time.perf_counter() - started) * 1000:.0f} ms")
    word_vector.cache_clear()
    timings = []
    for _ in range(1 + args.repeat):
        started = time.process_time()
        for batch in batched(docs, args.batch_size):
            list(step.pipe(batch))
        timings.append(time.process_time() - started)
    for name, seconds in (("cold", timings[0]), ("warm", min(timings[1:]))):
        print(
            f"step, {name} word-vector cache: {seconds * 1000 / len(docs):.2f} ms per article, "
            f"{seconds * 1000 / mentions:.3f} ms per mention"
        )
    labels = Counter(entity.sentiment for doc in docs for entity in doc.entities)
    print("labels:", ", ".join(f"{label:+d}: {labels[label] / mentions:.1%}" for label in (-1, 0, 1)))

    sentences = [s for doc in docs for s in _first_mentions(doc)][: args.sentences]
    score_mentions([SentenceTarget(*sentences[0])], model)
    started = time.process_time()
    for text, start, stop in sentences:
        score_mentions([SentenceTarget(text, start, stop)], model)
    seconds = time.process_time() - started
    print(f"score_mentions, one sentence at a time: {seconds * 1000 / len(sentences):.1f} ms per sentence")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _first_mentions(doc: Doc) -> list[tuple[str, int, int]]:
    """Each sentence with an entity, with the offsets of its first entity in the sentence."""
    found = []
    for sentence in doc.sentences:
        inside = [e for e in doc.entities if sentence.start <= e.start and e.stop <= sentence.stop]
        if inside:
            found.append(
                (doc.span_text(sentence), inside[0].start - sentence.start, inside[0].stop - sentence.start)
            )
    return found


if __name__ == "__main__":
    main()
