"""Varied real articles for benchmarks, read from ../shared/data (never copied into the repo)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

# Sentences per pseudo-article: about 200 words, the length of the real articles above.
SENTENCES_PER_ARTICLE = 11
SENTENCES_PER_PARAGRAPH = 3


def _check(data: Path) -> None:
    if not data.is_dir():
        raise SystemExit(f"{data} not found: benchmarks read the labelled data in ../shared/data")


def shared_articles(data: Path = SHARED_DATA) -> list[Article]:
    """Distinct Russian articles: story pairs (both sides), categories, factRuEval texts."""
    _check(data)
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


def pseudo_article(sentences: Sequence[str]) -> Article:
    """The first sentence as the title, the rest in paragraphs of a few sentences."""
    body = sentences[1:]
    paragraphs = [
        " ".join(body[i : i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(body), SENTENCES_PER_PARAGRAPH)
    ]
    return Article(title=sentences[0], body="\n\n".join(paragraphs))


def _chunks(sentences: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(sentences) - SENTENCES_PER_ARTICLE + 1, SENTENCES_PER_ARTICLE):
        yield sentences[i : i + SENTENCES_PER_ARTICLE]


def sentence_articles(data: Path = SHARED_DATA) -> list[Article]:
    """Pseudo-articles of 11 news sentences each: RuOpinionNE-2024's sentences in their order
    (consecutive sentences of real articles) and RuSentNE-2023's distinct sentences (shuffled)."""
    _check(data)
    opinion = [
        json.loads(line)["text"].strip()
        for line in (data / "RuOpinionNE-2024" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    with (data / "RuSentNE-2023" / "train_data.csv").open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
        sentiment = list(dict.fromkeys(row["sentence"].strip() for row in rows))
    articles: list[Article] = []
    for sentences in (opinion, sentiment):
        articles.extend(pseudo_article(chunk) for chunk in _chunks([s for s in sentences if s]))
    return articles


def speed_articles(data: Path = SHARED_DATA) -> list[Article]:
    """The benchmark corpus of analysis speed: the real articles, then the pseudo-articles."""
    found = {article.id: article for article in shared_articles(data)}
    for article in sentence_articles(data):
        found.setdefault(article.id, article)
    return list(found.values())
