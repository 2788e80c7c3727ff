"""Train the shared-fact pair model (`compare/fact_pairs.py`) on our labelled sentence pairs.

    .venv/bin/python train/fact_pairs.py [--cache DIR] [--no-save]

Data: the events and article pairs of bench/data/comparison/ (guideline docs/comparison-labels.md),
whose texts are read from ../shared/data/news-stream/. Every labelled article pair lists every
same-fact sentence pair, so each other pair of its statements is a negative. The features are
those the comparison computes (`features`), with every statement's e5 vector (no budget).

Honesty: the events are split in two halves by a hash of their id (as `bench/eval_comparison.py`
does). The model of one half is fitted on the other half's events only, and its facts are scored
exactly as the evaluation scores them (pairs of statements put in one fact, within the labelled
article pairs). The threshold and the linkage are chosen on these cross-half results (pooled over
both halves: two numbers over 40 events; the report says so), then the shipped model is fitted
on all events. Written to `src/newsprism/compare/models/fact_pairs.json` (plain JSON).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from comparison_labels import digest  # noqa: E402
from eval_comparison import Corpus, half_of, offsets, read, statement_of  # noqa: E402
from newsprism.compare.alignment import group, similarity_matrix  # noqa: E402
from newsprism.compare.comparison import compared_statements  # noqa: E402
from newsprism.compare.fact_pairs import MEANING, MODEL_PATH, WORDS, article_numbers, combine, features  # noqa: E402
from newsprism.compare.meaning import meaning_vectors  # noqa: E402
from newsprism.compare.statements import Statement  # noqa: E402
from newsprism.model import PARAGRAPH_SEP, Article  # noqa: E402

THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
LINKS = (0.2, 0.3, 0.4, 0.5)
C = 1.0


@dataclass
class Event:
    name: str
    half: str
    statements: list[Statement]
    values: dict[str, np.ndarray]
    pairs: list[tuple[str, str]]  # labelled article pairs (ids, sorted)
    gold: dict[
        tuple[str, str], set[tuple[int, int]]
    ]  # article pair -> first-pass same-fact pairs (flat indexes)
    right: dict[tuple[str, str], set[tuple[int, int]]]  # gold and the pairs the second pass accepted
    judged: set[tuple[int, int]]  # every labelled pair, right or wrong
    spans: dict[int, dict[str, Any]]  # flat index -> the label span of the statement


def load_events(corpus: Corpus) -> list[Event]:
    facts = [dict(f, first=True) for f in read("facts-*.jsonl")]
    facts += [dict(f, first=False) for f in read("adjudicated.jsonl")]
    pairs = read("fact_pairs-*.jsonl")
    out = []
    for row in read("events-*.jsonl"):
        name = row["event"]
        items = corpus.analysed(row["urls"])
        by_url = {a.url: a for a, _ in items}
        chosen, _ = compared_statements(items)
        flat = [s for a, _ in items for s in chosen[a.id]]
        where = {(s.article_id, s.index): k for k, s in enumerate(flat)}
        vectors, _ = meaning_vectors(flat, budget=10**9)
        values = features(flat, similarity_matrix(flat), vectors)

        gold: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
        accepted: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
        for fact in facts:
            if fact["event"] != name or fact["label"] != "same_fact":
                continue
            a, b = by_url[fact["a"]["url"]], by_url[fact["b"]["url"]]
            left = statement_of(chosen[a.id], offsets(a, fact["a"]))
            right = statement_of(chosen[b.id], offsets(b, fact["b"]))
            if left is None or right is None:
                continue
            i, j = where[(a.id, left)], where[(b.id, right)]
            key = (min(a.id, b.id), max(a.id, b.id))
            accepted[key].add((min(i, j), max(i, j)))
            if fact["first"]:
                gold[key].add((min(i, j), max(i, j)))
        labelled = sorted(
            {tuple(sorted((by_url[p["a"]].id, by_url[p["b"]].id))) for p in pairs if p["event"] == name}
        )
        judged: set[tuple[int, int]] = set()
        for fact in facts:
            if fact["event"] == name:
                a, b = by_url[fact["a"]["url"]], by_url[fact["b"]["url"]]
                left = statement_of(chosen[a.id], offsets(a, fact["a"]))
                right = statement_of(chosen[b.id], offsets(b, fact["b"]))
                if left is not None and right is not None:
                    i, j = where[(a.id, left)], where[(b.id, right)]
                    judged.add((min(i, j), max(i, j)))
        articles = {a.id: a for a, _ in items}
        spans = {k: _span(articles[s.article_id], s) for k, s in enumerate(flat)}
        out.append(Event(name, half_of(name), flat, values, labelled, gold, accepted, judged, spans))  # type: ignore[arg-type]
    return out


def _span(article: Article, statement: Statement) -> dict[str, Any]:
    base = len(article.title) + len(PARAGRAPH_SEP)
    field, start = (
        ("title", statement.start)
        if statement.start < len(article.title)
        else ("text", statement.start - base)
    )
    return {
        "url": article.url,
        "field": field,
        "start": start,
        "stop": start + statement.stop - statement.start,
        "sha1": digest(statement.text),
    }


def dump_unjudged(events: list[Event], threshold: float, link: float, path: Path) -> None:
    """The pairs the cross-half models join that no pass has judged yet, for the next pass."""
    lines = []
    for half in ("dev", "confirm"):
        weights = fit([e for e in events if e.half != half], MEANING)
        for event in (e for e in events if e.half == half):
            facts = group(event.statements, probability(event, weights, MEANING), threshold, link)
            index = {(s.article_id, s.index): k for k, s in enumerate(event.statements)}
            for fact in facts:
                members = sorted(index[(s.article_id, s.index)] for s in fact.statements)
                for x, i in enumerate(members):
                    for j in members[x + 1 :]:
                        ends = tuple(sorted((event.statements[i].article_id, event.statements[j].article_id)))
                        if ends in event.pairs and (i, j) not in event.judged:
                            row = {
                                "event": event.name,
                                "a": event.spans[i],
                                "b": event.spans[j],
                                "a_text": event.statements[i].text,
                                "b_text": event.statements[j].text,
                            }
                            lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} unjudged joined pairs written to {path}")


def rows(events: list[Event], order: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for event in events:
        article = [s.article_id for s in event.statements]
        for a, b in event.pairs:
            left = [k for k, x in enumerate(article) if x == a]
            right = [k for k, x in enumerate(article) if x == b]
            for i in left:
                for j in right:
                    xs.append([event.values[f][i, j] for f in order])
                    ys.append((min(i, j), max(i, j)) in event.right[(a, b)])
    return np.array(xs), np.array(ys)


def fit(events: list[Event], order: tuple[str, ...]) -> tuple[np.ndarray, float]:
    x, y = rows(events, order)
    model = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    return model.coef_[0].astype(np.float64), float(model.intercept_[0])


def probability(event: Event, weights: tuple[np.ndarray, float], order: tuple[str, ...]) -> np.ndarray:
    p = combine(event.values, order, weights)
    article = article_numbers(event.statements)
    p[article[:, None] == article[None, :]] = 0.0
    return np.asarray(p)


def score(event: Event, p: np.ndarray, threshold: float, link: float) -> tuple[int, int, int, int]:
    """(joined pairs, right ones, first-pass pairs, those recalled) within the labelled article
    pairs, as `bench/eval_comparison.py` counts them."""
    facts = group(event.statements, p, threshold, link)
    index = {(s.article_id, s.index): k for k, s in enumerate(event.statements)}
    joined = {
        (
            min(index[(s.article_id, s.index)], index[(t.article_id, t.index)]),
            max(index[(s.article_id, s.index)], index[(t.article_id, t.index)]),
        )
        for fact in facts
        for s in fact.statements
        for t in fact.statements
        if s.article_id < t.article_id
    }
    predicted = hit = total = recalled = 0
    for a, b in event.pairs:
        mine = {
            (i, j)
            for i, j in joined
            if {event.statements[i].article_id, event.statements[j].article_id} == {a, b}
        }
        good = mine & event.right[(a, b)]
        predicted += len(mine)
        hit += len(good)
        total += len(event.gold[(a, b)])
        recalled += sum(
            (i, j) in good or (any(i in g for g in good) and any(j in g for g in good))
            for i, j in event.gold[(a, b)]
        )
    return predicted, hit, total, recalled


def cross_half(
    events: list[Event], order: tuple[str, ...]
) -> dict[tuple[float, float], dict[str, tuple[int, int, int, int]]]:
    results: dict[tuple[float, float], dict[str, tuple[int, int, int, int]]] = defaultdict(dict)
    for half in ("dev", "confirm"):
        weights = fit([e for e in events if e.half != half], order)
        tested = [e for e in events if e.half == half]
        probabilities = [probability(e, weights, order) for e in tested]
        for threshold in THRESHOLDS:
            for link in LINKS:
                sums = np.zeros(4, dtype=int)
                for event, p in zip(tested, probabilities, strict=True):
                    sums += score(event, p, threshold, link)
                results[(threshold, link)][half] = (int(sums[0]), int(sums[1]), int(sums[2]), int(sums[3]))
    return results


def summary(result: dict[str, tuple[int, int, int, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for half in ("dev", "confirm", "all"):
        parts = [result[h] for h in ("dev", "confirm")] if half == "all" else [result[half]]
        predicted, hit, total, recalled = (sum(p[n] for p in parts) for n in range(4))
        out[half] = {
            "precision": round(hit / max(predicted, 1), 3),
            "recall": round(recalled / max(total, 1), 3),
        }
    return out


def choose(results: dict[tuple[float, float], dict[str, tuple[int, int, int, int]]]) -> tuple[float, float]:
    """The most recall with pooled precision ≥ 0.9; failing that, the best F0.5: a fact wrongly
    told as shared misleads the analyst more than one left unpaired."""

    def pooled(key: tuple[float, float]) -> tuple[float, float]:
        s = summary(results[key])["all"]
        return s["precision"], s["recall"]

    precise = [k for k in results if pooled(k)[0] >= 0.9]
    if precise:
        return max(precise, key=lambda k: (pooled(k)[1], k[0]))
    return max(
        results,
        key=lambda k: 1.25 * pooled(k)[0] * pooled(k)[1] / max(0.25 * pooled(k)[0] + pooled(k)[1], 1e-9),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="folder for the analysed articles")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--dump", type=Path, help="write the joined pairs no pass has judged (for the next pass)"
    )
    args = parser.parse_args()
    events = load_events(Corpus(args.cache))
    report: dict[str, Any] = {}
    for name, order in (("meaning", MEANING), ("words", WORDS)):
        results = cross_half(events, order)
        threshold, link = choose(results)
        report[name] = {
            "threshold": threshold,
            "link": link,
            "cross_half": summary(results[(threshold, link)]),
        }
        print(name, report[name])
        for key in sorted(results):
            print(f"  t={key[0]:.2f} link={key[1]:.1f}", summary(results[key]))
    if args.dump:
        dump_unjudged(events, report["meaning"]["threshold"], report["meaning"]["link"], args.dump)
    models = {}
    for name, order in (("meaning", MEANING), ("words", WORDS)):
        coefficients, intercept = fit(events, order)
        models[name] = {
            "coefficients": dict(zip(order, map(float, coefficients), strict=True)),
            "intercept": intercept,
        }
    data = {
        "about": "P(two statements are one fact); train/fact_pairs.py on bench/data/comparison (our labels) "
        "over ../shared/data/news-stream texts",
        "events": len(events),
        "pairs": int(sum(len(g) for e in events for g in e.gold.values())),
        "C": C,
        "threshold": report["meaning"]["threshold"],
        "link": report["meaning"]["link"],
        "models": models,
        "scores": report,
    }
    if not args.no_save:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", MODEL_PATH)


if __name__ == "__main__":
    main()
