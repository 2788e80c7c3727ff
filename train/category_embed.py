"""Embeddings of labelled articles for `train/category.py`, made exactly as the pipeline makes them.

An article becomes a `Doc` through `Doc.from_article`, runs `Segment` then `EmbedArticles` (the
pipeline's own span: title + opening, 64 model tokens) and its packed float16 vector is unpacked:
the same numbers `Categorise` reads from `doc.embedding` at inference. The encoder costs about
0.5 ms per token per core, so 6,000 stream articles take minutes; the vectors are cached under
/tmp (keyed by the texts and the embedding settings), and a changed text or setting misses.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.analyse.embedding import EmbedArticles, EmbeddingSettings, unpack
from newsprism.analyse.pipeline import Pipeline, stable_repr
from newsprism.analyse.segment import Segment
from newsprism.model import Article, Doc

CACHE = Path(os.environ.get("NEWSPRISM_CATEGORY_CACHE", "/tmp/newsprism-category-cache"))

Matrix = np.ndarray[Any, np.dtype[np.float32]]


def read_records(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of a file (title, text, category, language where given)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _key(records: Sequence[dict[str, Any]], settings: EmbeddingSettings) -> str:
    digest = hashlib.sha256(stable_repr(settings).encode())
    digest.update(f"v{EmbedArticles.version}".encode())
    for record in records:
        digest.update(f"{record['title']}\0{record['text']}\0{record.get('language', 'ru')}\1".encode())
    return digest.hexdigest()[:20]


def embed_records(records: Sequence[dict[str, Any]], batch: int = 64) -> Matrix:
    """(n, 384) float32 unit vectors of the articles, as `doc.embedding` holds them (cached)."""
    settings = EmbeddingSettings()
    path = CACHE / f"e5-{_key(records, settings)}.npy"
    if path.is_file():
        cached: Matrix = np.load(path, allow_pickle=False)
        return cached
    pipeline = Pipeline([Segment(), EmbedArticles(settings)], batch_size=batch)
    docs = (
        Doc.from_article(Article(title=r["title"], body=r["text"], language=r.get("language", "ru")))
        for r in records
    )
    vectors: list[Matrix] = []
    for index, doc in enumerate(pipeline.pipe(docs)):
        vectors.append(unpack(doc.embedding))
        if (index + 1) % 500 == 0:
            print(f"embedded {index + 1}/{len(records)}", file=sys.stderr, flush=True)
    matrix = np.stack(vectors).astype(np.float32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, matrix, allow_pickle=False)
    return matrix
