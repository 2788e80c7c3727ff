"""Normal forms of names on the Russian news stream: exact-match accuracy on a hand-labelled set.

    .venv/bin/python bench/eval_names.py [--half dev|confirm|all] [--errors N]

Gold: bench/data/names.jsonl (guideline: docs/names-labels.md), one name mention a line: the URL
of an article of ../shared/data/news-stream/ru-2020-05-03-dev.jsonl, the field ("title" or "text"),
character offsets into it, the first 12 hex digits of the span's SHA-1 (checked before anything
runs), the type (PER, LOC, ORG), a group (per_russian, per_female, per_foreign, loc, org,
org_phrase, org_quoted, latin), the half (dev or confirm, by article; holdout: articles of neither,
labelled after the rules were written and run once) and the nominative.

Each labelled article is analysed as newsprism ingests it (title and text as an `Article`) by the
entity steps of `default_pipeline()`: segment, morph, lemmas, entities, links (the later steps do
not change `Entity.normal`). For each gold mention the system's name mention that overlaps it most
(an exact span first) is taken, and the mention is

    not_found     no system mention overlaps it
    wrong_type    one does, of another type
    wrong_normal  of the right type, but its `normal` differs (`boundary` when the spans differ)
    correct       of the right type, with the same nominative

Normal forms are compared exactly, but for ё = е and any run of white space (a no-break space
included) = one space. Accuracy is correct / all; `normal_only` also counts a wrong type whose
normal form is right. Results per half, type and group are printed and saved in
bench/results/eval_names.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.analyse import LinkMentions, Pipeline, Segment, TagEntities, TagMorph
from newsprism.analyse.morph import Lemmatize
from newsprism.model import PARAGRAPH_SEP, Article, Doc, Entity

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "data" / "news-stream" / "ru-2020-05-03-dev.jsonl"
GOLD = ROOT / "bench" / "data" / "names.jsonl"
RESULTS = ROOT / "bench" / "results"
OUTCOMES = ("correct", "wrong_normal", "wrong_type", "not_found")


@dataclass(slots=True)
class Gold:
    url: str
    field: str
    start: int
    stop: int
    type: str
    group: str
    half: str
    normal: str


@dataclass(slots=True)
class Outcome:
    gold: Gold
    outcome: str
    boundary: bool = False
    system: Entity | None = None
    span: str = ""


def same(left: str, right: str) -> bool:
    """Equal normal forms: ё = е, white space runs = one space."""

    def key(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("ё", "е").replace("Ё", "Е")).strip()

    return key(left) == key(right)


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_gold(path: Path, articles: dict[str, dict[str, Any]]) -> list[Gold]:
    gold = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = str(articles[row["url"]][row["field"]])[row["start"] : row["stop"]]
        if digest(text) != row["sha1"]:
            raise SystemExit(f"{path}:{number}: the span does not match the text it was labelled on")
        gold.append(Gold(**{name: row[name] for name in Gold.__slots__}))
    return gold


def analyse(rows: list[dict[str, Any]]) -> list[Doc]:
    pipeline = Pipeline([Segment(), TagMorph(), Lemmatize(), TagEntities(), LinkMentions()], batch_size=32)
    docs = [Doc(text=Article(title=row["title"] or "", body=row["text"] or "").text) for row in rows]
    return list(pipeline.pipe(docs))


def offset(row: dict[str, Any], field: str) -> int:
    """Where a field of the stream's row starts in the analysed text (title, blank line, text)."""
    title = row["title"] or ""
    return 0 if field == "title" or not title else len(title) + len(PARAGRAPH_SEP)


def judge(gold: Gold, doc: Doc, shift: int) -> Outcome:
    start, stop = gold.start + shift, gold.stop + shift
    overlapping = [e for e in doc.entities if e.kind == "name" and e.start < stop and start < e.stop]
    if not overlapping:
        return Outcome(gold, "not_found")
    best = max(
        overlapping,
        key=lambda e: ((e.start, e.stop) == (start, stop), min(e.stop, stop) - max(e.start, start)),
    )
    boundary = (best.start, best.stop) != (start, stop)
    span = doc.text[best.start : best.stop]
    if best.type != gold.type:
        return Outcome(gold, "wrong_type", boundary, best, span)
    outcome = "correct" if same(best.normal, gold.normal) else "wrong_normal"
    return Outcome(gold, outcome, boundary, best, span)


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    counts = Counter(o.outcome for o in outcomes)
    total = len(outcomes)
    normal_only = sum(o.system is not None and same(o.system.normal, o.gold.normal) for o in outcomes)
    return {
        "n": total,
        "accuracy": round(counts["correct"] / total, 4) if total else 0.0,
        "normal_only": round(normal_only / total, 4) if total else 0.0,
        **{name: counts[name] for name in OUTCOMES[1:]},
        "boundary": sum(o.boundary and o.outcome == "wrong_normal" for o in outcomes),
    }


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    by_half: dict[str, list[Outcome]] = defaultdict(list)
    for item in outcomes:
        by_half[item.gold.half].append(item)
        by_half["all"].append(item)
    result: dict[str, Any] = {}
    for half in ("dev", "confirm", "holdout", "all"):
        items = by_half.get(half, [])
        if not items:
            continue
        result[half] = {
            "total": summary(items),
            "type": {t: summary([o for o in items if o.gold.type == t]) for t in ("PER", "LOC", "ORG")},
            "group": {
                g: summary([o for o in items if o.gold.group == g])
                for g in sorted({o.gold.group for o in items})
            },
        }
    return result


def print_table(result: dict[str, Any]) -> None:
    print(f"{'half':8} {'slice':12} {'n':>4} {'acc':>6} {'norm':>6} {'wrong':>5} {'bound':>5} type miss")
    for half, parts in result.items():
        rows = [("total", parts["total"]), *parts["type"].items(), *parts["group"].items()]
        for name, s in rows:
            print(
                f"{half:8} {name:12} {s['n']:4} {s['accuracy']:6.3f} {s['normal_only']:6.3f} "
                f"{s['wrong_normal']:5} {s['boundary']:5} {s['wrong_type']:4} {s['not_found']:4}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("dev", "confirm", "holdout", "all"), default="all")
    parser.add_argument("--errors", type=int, default=0, help="list up to N errors (they quote the stream)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = {row["url"]: row for row in rows}
    gold = [g for g in load_gold(GOLD, articles) if args.half in ("all", g.half)]
    urls = sorted({g.url for g in gold})
    began = time.perf_counter()
    docs = dict(zip(urls, analyse([articles[url] for url in urls]), strict=True))
    seconds = time.perf_counter() - began
    outcomes = [judge(g, docs[g.url], offset(articles[g.url], g.field)) for g in gold]
    result = report(outcomes)
    print(f"{len(gold)} gold mentions in {len(urls)} articles, analysed in {seconds:.1f} s")
    print_table(result)
    errors = [o for o in outcomes if o.outcome != "correct"]
    for item in errors[: args.errors]:
        got = f"{item.system.type} {item.system.normal!r} from {item.span!r}" if item.system else "-"
        mark = " (boundary)" if item.boundary else ""
        print(f"{item.gold.half:7} {item.outcome}{mark}: {item.gold.type} {item.gold.normal!r} <- {got}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "eval_names.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
