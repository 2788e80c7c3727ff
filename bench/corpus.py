"""Varied real articles for benchmarks, read from ../shared/data (never copied into the repo)."""

from __future__ import annotations

import json
from pathlib import Path

from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_articles(data: Path = SHARED_DATA) -> list[Article]:
    """Distinct Russian articles: story pairs (both sides), categories, factRuEval texts."""
    if not data.is_dir():
        raise SystemExit(f"{data} not found: benchmarks read the labelled data in ../shared/data")
    found: dict[str, Article] = {}

    def add(title: str, text: str) -> None:
        if text.strip():
            article = Article(title=title.strip(), body=text.strip())
            found.setdefault(article.id, article)

    for line in (data / "story-pairs" / "ru-dev.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in ("a", "b"):
            add(pair[side].get("title", ""), pair[side].get("text", ""))
    for line in (data / "categories" / "ru-dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        add(record.get("title", ""), record.get("text", ""))
    for path in sorted((data / "factRuEval-2016" / "devset").glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        title, _, body = text.strip().partition("\n")
        add(title, body)
    return list(found.values())
