"""The comparison scored on our hand-labelled set (bench/data/comparison/, guideline in
docs/comparison-labels.md): shared facts, figure conflicts, whom loaded words judge, quote
speakers and the date bounds of undated articles.

    .venv/bin/python bench/eval_comparison.py [--half dev|confirm|all] [--part facts figures ...]

Each event's labelled articles are analysed and compared as one story, exactly as `analyze`
does. Facts: for each labelled article pair every same-fact sentence pair is listed, so a pair of
statements the comparison puts in one fact is right when it is labelled same_fact and wrong
otherwise (precision), and a labelled same_fact pair the comparison leaves apart is missed
(recall). Figures likewise: every conflict of a labelled article pair is listed. Halves: events
and articles are split by a hash of their URL (dev / confirm) so rules can be developed on one
half and confirmed on the other.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from comparison_labels import LABELS, STREAM, load_stream
from newsprism.analyse import default_pipeline
from newsprism.analyse.dates import DateSettings, ExtractDates
from newsprism.compare import compare_story
from newsprism.compare.comparison import Comparison
from newsprism.compare.statements import Statement
from newsprism.model import PARAGRAPH_SEP, Article, Doc, Story

Span = dict[str, Any]
VERBOSE = False


def half_of(key: str) -> str:
    return "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "confirm"


def read(pattern: str) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(LABELS.glob(pattern)):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def article_of(row: dict[str, Any], dated: bool = True) -> Article:
    published = datetime.fromisoformat(row["published"]) if dated and row.get("published") else None
    return Article(
        title=row["title"] or "",
        body=row["text"] or "",
        url=row["url"],
        outlet=row["outlet"],
        published=published,
    )


def offsets(article: Article, span: Span) -> tuple[int, int]:
    """A label's span as offsets into the article's text (title, blank line, body)."""
    base = 0 if span["field"] == "title" else len(article.title) + len(PARAGRAPH_SEP)
    start, stop = base + span["start"], base + span["stop"]
    return start, stop


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class Corpus:
    """The stream's articles, analysed once each (dated and as if undated); with `cache`, the
    analyses are kept in that folder under the pipeline's version, for the next run."""

    def __init__(self, cache: Path | None = None) -> None:
        self.rows = load_stream()
        self.pipeline = default_pipeline()
        self.cache: dict[tuple[str, bool], tuple[Article, Doc]] = {}
        self.file = cache / f"docs-{self.pipeline.version[:12]}.jsonl" if cache else None
        # The figure step reads only tokens and is cheap: it is run again on cached analyses, so
        # a change of figure rules is measured without a fresh analysis.
        figures = next((step for step in self.pipeline.steps if step.name == "figures"), None)
        if self.file is not None and self.file.exists():
            for line in self.file.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                article = article_of(self.rows[row["url"]], row["dated"])
                doc = Doc.from_dict(row["doc"], text=article.text)
                if figures is not None:
                    figures.process(doc)
                self.cache[(row["url"], row["dated"])] = (article, doc)

    def analysed(self, urls: Iterable[str], dated: bool = True) -> list[tuple[Article, Doc]]:
        urls = list(urls)
        wanted = [u for u in dict.fromkeys(urls) if (u, dated) not in self.cache]
        articles = [article_of(self.rows[u], dated) for u in wanted]
        fresh = []
        for article, doc in zip(
            articles, self.pipeline.pipe(Doc.from_article(a) for a in articles), strict=True
        ):
            self.cache[(article.url or "", dated)] = (article, doc)
            fresh.append(
                json.dumps({"url": article.url, "dated": dated, "doc": doc.to_dict(with_text=False)})
            )
        if self.file is not None and fresh:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with self.file.open("a", encoding="utf-8") as out:
                out.write("".join(f"{line}\n" for line in fresh))
        return [self.cache[(u, dated)] for u in urls]


def _ratio(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "n/a (0)"


def score_facts_and_figures(corpus: Corpus, half: str, parts: set[str]) -> None:
    events = {e["event"]: e for e in read("events-*.jsonl") if half in ("all", half_of(e["event"]))}
    pairs = [p for p in read("fact_pairs-*.jsonl") if p["event"] in events]
    facts = [f for f in read("facts-*.jsonl") if f["event"] in events]
    figures = [f for f in read("figures-*.jsonl") if f["event"] in events]
    comparisons: dict[str, tuple[Comparison, dict[str, Article]]] = {}
    seconds = 0.0
    for name, event in events.items():
        items = corpus.analysed(event["urls"])
        started = time.process_time()
        comparison = compare_story(Story(name, "event", name, [a.id for a, _ in items]), items)
        seconds += time.process_time() - started
        comparisons[name] = (comparison, {a.url or "": a for a, _ in items})
    print(
        f"events: {len(events)}, article pairs: {len(pairs)}, comparison CPU {seconds / max(len(events), 1):.2f} s/event"
    )
    if "facts" in parts:
        _score_facts(comparisons, pairs, facts)
    if "figures" in parts:
        _score_figures(comparisons, pairs, figures)


def statement_of(statements: Sequence[Statement], span: tuple[int, int]) -> int | None:
    """The index of the statement (of one article) that overlaps the labelled span most."""
    best, index = 0, None
    for statement in statements:
        shared = overlap((statement.start, statement.stop), span)
        if shared > best:
            best, index = shared, statement.index
    return index


def accepted_pairs(
    comparison: Comparison, by_url: dict[str, Article], rows: list[dict[str, Any]]
) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """Labelled sentence pairs as statement-index pairs per (sorted) article pair."""
    out: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for row in rows:
        a, b = by_url[row["a"]["url"]], by_url[row["b"]["url"]]
        left = statement_of(comparison.statements.get(a.id, []), offsets(a, row["a"]))
        right = statement_of(comparison.statements.get(b.id, []), offsets(b, row["b"]))
        if left is None or right is None:
            continue
        pair = (left, right) if a.id <= b.id else (right, left)
        out[(min(a.id, b.id), max(a.id, b.id))].add(pair)
    return out


def _score_facts(
    comparisons: dict[str, tuple[Comparison, dict[str, Article]]],
    pairs: list[dict[str, Any]],
    facts: list[dict[str, Any]],
) -> None:
    """Precision: joined pairs that are labelled same_fact in either pass. Recall: first-pass pairs
    (one per sentence and article pair) whose two sentences are each joined to a right partner
    (the listed one or one the second pass accepted), since a fact holds one sentence per article."""
    first = [f for f in facts if f.get("pass", 1) == 1]
    second = [f for f in read("adjudicated.jsonl") if f["event"] in {p["event"] for p in pairs}]
    predicted_total = hit = gold_total = recalled = related_total = related_joined = 0
    for name in sorted({p["event"] for p in pairs}):
        comparison, by_url = comparisons[name]
        gold = accepted_pairs(
            comparison, by_url, [f for f in first if f["event"] == name and f["label"] == "same_fact"]
        )
        related = accepted_pairs(
            comparison, by_url, [f for f in first if f["event"] == name and f["label"] != "same_fact"]
        )
        extra = accepted_pairs(
            comparison, by_url, [f for f in second if f["event"] == name and f["label"] == "same_fact"]
        )
        for row in (p for p in pairs if p["event"] == name):
            a, b = sorted((by_url[row["a"]], by_url[row["b"]]), key=lambda x: x.id)
            key = (a.id, b.id)
            right = gold[key] | extra[key]
            joined = set()
            for fact in comparison.facts:
                lefts = [s.index for s in fact.statements if s.article_id == a.id]
                rights = [s.index for s in fact.statements if s.article_id == b.id]
                joined |= {(x, y) for x in lefts for y in rights}
            good = joined & right
            predicted_total += len(joined)
            hit += len(good)
            gold_total += len(gold[key])
            recalled += sum(
                (x, y) in good or (any(g[0] == x for g in good) and any(g[1] == y for g in good))
                for x, y in gold[key]
            )
            related_total += len(related[key])
            related_joined += len(joined & related[key])
    print("facts (sentence pairs told as one fact)")
    print(f"  precision {_ratio(hit, predicted_total)}   recall {_ratio(recalled, gold_total)}")
    print(f"  labelled 'related' pairs joined (false): {_ratio(related_joined, related_total)}")


def _figure_of(comparison: Comparison, article: Article, span: tuple[int, int]) -> int | None:
    """The start of the figure the labelled span covers most, else of the date (labelled figures
    include dates: «к 3 июня» against «к 3 июля»)."""
    doc = next(d for a, d in comparison.articles if a.id == article.id)
    for items in (doc.figures, doc.dates):
        best, found = 0, None
        for item in items:
            shared = overlap((item.start, item.stop), span)
            if shared > best:
                best, found = shared, item.start
        if found is not None:
            return found
    return None


def _around(text: str, start: int, stop: int, width: int = 90) -> str:
    """A figure in its context, the figure in [brackets], on one line."""
    before = text[max(0, start - width) : start].rsplit("\n", 1)[-1]
    after = text[stop : stop + width // 2].split("\n", 1)[0]
    return f"{before}[{text[start:stop]}]{after}".replace("\n", " ")


def _print_figures(
    kind: str, said: str, comparison: Comparison, a: Article, b: Article, pair: tuple[int, int]
) -> None:
    """Both figures of an error in their context (`said`: the other side's label or status)."""
    print(f"  {kind} ({said}) {comparison.outlet_of[a.id]} / {comparison.outlet_of[b.id]}")
    for article, start in zip((a, b), pair, strict=True):
        doc = next(d for x, d in comparison.articles if x.id == article.id)
        figure = next((f for f in doc.figures if f.start == start), None)
        if figure is not None:
            what = f"{figure.value:g} {figure.approx} {figure.unit or '-'} {figure.counted or '-'}"
            print(f"      {what:<34} {_around(doc.text, figure.start, figure.stop)}")
        else:
            date_ = next(d for d in doc.dates if d.start == start)
            print(f"      {'date ' + date_.value:<34} {_around(doc.text, date_.start, date_.stop)}")


def _figure_values(
    comparison: Comparison, a: Article, b: Article
) -> Callable[[tuple[int, int]], tuple[tuple[object, ...], tuple[object, ...]]]:
    """A pair of figure (or date) starts (in `a`, in `b`) as the pair of what the two say."""
    said: dict[str, dict[int, tuple[object, ...]]] = {}
    for article in (a, b):
        doc = next(d for x, d in comparison.articles if x.id == article.id)
        said[article.id] = {d.start: (d.value,) for d in doc.dates}
        said[article.id] |= {f.start: (f.value, f.approx, f.high, f.unit) for f in doc.figures}
    return lambda pair: (said[a.id][pair[0]], said[b.id][pair[1]])


def _score_figures(
    comparisons: dict[str, tuple[Comparison, dict[str, Article]]],
    pairs: list[dict[str, Any]],
    figures: list[dict[str, Any]],
) -> None:
    labelled: dict[tuple[str, str], dict[tuple[int, int], str]] = defaultdict(dict)
    missing = Counter[str]()
    for row in figures:
        comparison, by_url = comparisons[row["event"]]
        a, b = sorted((by_url[row["a"]["url"]], by_url[row["b"]["url"]]), key=lambda x: x.id)
        span_a = row["a"] if by_url[row["a"]["url"]].id == a.id else row["b"]
        span_b = row["b"] if span_a is row["a"] else row["a"]
        left, right = (
            _figure_of(comparison, a, offsets(a, span_a)),
            _figure_of(comparison, b, offsets(b, span_b)),
        )
        if left is None or right is None:
            missing[row["label"]] += 1
            if VERBOSE:
                lost = [
                    (x, offsets(x, s)) for x, s, f in ((a, span_a, left), (b, span_b, right)) if f is None
                ]
                print(
                    f"  FIGURE MISSING ({row['label']}): "
                    + " | ".join(_around(x.text, *s, 50) for x, s in lost)
                )
            continue
        labelled[(a.id, b.id)][(left, right)] = row["label"]
    confusion: Counter[tuple[str, str]] = Counter()
    system_conflicts = right_conflicts = by_values = 0
    for row in pairs:
        comparison, by_url = comparisons[row["event"]]
        a, b = sorted((by_url[row["a"]], by_url[row["b"]]), key=lambda x: x.id)
        gold = labelled[(a.id, b.id)]
        found: dict[tuple[int, int], str] = {}
        for item in comparison.figures:
            ends = {item.a.article_id: item.a.figure.start, item.b.article_id: item.b.figure.start}
            if a.id in ends and b.id in ends:
                found[(ends[a.id], ends[b.id])] = item.status
        for date_ in comparison.dates:  # dates that differ are conflicts of the labelled dates
            ends = {date_.a.article_id: date_.a.start, date_.b.article_id: date_.b.start}
            if a.id in ends and b.id in ends:
                found[(ends[a.id], ends[b.id])] = "conflict"
        # One row per disagreement: the comparison gives the same two values of the same two
        # articles once, so a row matches a labelled conflict of the same values elsewhere in the
        # two texts (a figure repeated in the title and the body) when its own pair is unlabelled.
        values = _figure_values(comparison, a, b)
        gold_values = {values(p) for p, label in gold.items() if label == "conflict"}
        found_values = {values(p) for p, status in found.items() if status == "conflict"}
        for pair, status in found.items():
            if status == "conflict":
                system_conflicts += 1
                right = gold.get(pair) == "conflict" or (pair not in gold and values(pair) in gold_values)
                right_conflicts += right
                by_values += right and gold.get(pair) != "conflict"
                if VERBOSE and not right:
                    _print_figures("FALSE CONFLICT", gold.get(pair, "unlabelled"), comparison, a, b, pair)
        for pair, label in gold.items():
            said = found.get(pair, "not compared")
            if label == "conflict" and said == "not compared" and values(pair) in found_values:
                said = "conflict"
            confusion[(label, said)] += 1
            if VERBOSE and label == "conflict" and said != "conflict":
                _print_figures("MISSED CONFLICT", said, comparison, a, b, pair)
    gold_conflicts = (
        sum(n for (label, _), n in confusion.items() if label == "conflict") + missing["conflict"]
    )
    found_conflicts = confusion[("conflict", "conflict")]
    print("figures")
    print(
        f"  conflict precision {_ratio(right_conflicts, system_conflicts)}   recall {_ratio(found_conflicts, gold_conflicts)}"
    )
    print(f"  (right conflicts matched by their values, not their very spans: {by_values})")
    print(f"  labelled figures the analysis did not find: {dict(missing)}")
    statuses = ["conflict", "different_times", "compatible", "agree", "not compared"]
    print("  gold \\ system    " + " ".join(f"{s[:13]:>13}" for s in statuses))
    for label in ("conflict", "different_time", "same", "different_thing"):
        print(f"  {label:<16} " + " ".join(f"{confusion[(label, s)]:>13}" for s in statuses))


def score_loaded(corpus: Corpus, half: str) -> None:
    rows = [r for r in read("loaded.jsonl") if half in ("all", half_of(r["word"]["url"]))]
    items = {a.url: (a, d) for a, d in corpus.analysed([r["word"]["url"] for r in rows])}
    detected = right = nearest_right = quoted_right = 0
    by_case: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        article, doc = items[row["word"]["url"]]
        span = offsets(article, row["word"])
        word = max(doc.evaluative, key=lambda w: overlap((w.start, w.stop), span), default=None)
        if word is None or overlap((word.start, word.stop), span) == 0:
            continue
        detected += 1
        gold = offsets(article, row["target"]) if row["target"] else None
        system = (word.target_start, word.target_stop) if word.target_start >= 0 else None
        ok = _same_target(doc, gold, system)
        right += ok
        quoted_right += word.in_quote == bool(row.get("in_quote"))
        nearest = _nearest_mention(doc, word.start, word.stop)
        nearest_right += _same_target(doc, gold, nearest)
        if VERBOSE and not ok:
            sentence = next(x for x in doc.sentences if x.start <= word.start < x.stop)
            said = doc.text[system[0] : system[1]] if system else None
            wanted = doc.text[gold[0] : gold[1]] if gold else None
            print(
                f"  LOADED {doc.text[word.start : word.stop]!r} -> {said!r} ({word.target_rule}) want {wanted!r}"
            )
            print(f"      {doc.text[sentence.start : sentence.stop][:220]!r}")
        for case in row.get("case") or ["plain"]:
            by_case[(case, ok)] += 1
    print(f"loaded words: {len(rows)} labelled, detected by the analysis {_ratio(detected, len(rows))}")
    print(
        f"  target accuracy on detected {_ratio(right, detected)}   (the nearest mention: {_ratio(nearest_right, detected)})"
    )
    print(f"  in_quote accuracy on detected {_ratio(quoted_right, detected)}")
    for case in sorted({c for c, _ in by_case}):
        print(
            f"    {case:<26} {_ratio(by_case[(case, True)], by_case[(case, True)] + by_case[(case, False)])}"
        )


def _nearest_mention(doc: Doc, start: int, stop: int) -> tuple[int, int] | None:
    sentence = next((s for s in doc.sentences if s.start <= start < s.stop), None)
    if sentence is None:
        return None
    inside = [e for e in doc.entities if sentence.start <= e.start < sentence.stop]
    if not inside:
        return None
    best = min(
        inside,
        key=lambda e: 0 if e.start <= start < e.stop else min(abs(e.start - stop), abs(start - e.stop)),
    )
    return best.start, best.stop


def _same_target(doc: Doc, gold: tuple[int, int] | None, system: tuple[int, int] | None) -> bool:
    """Both none, or the system's mention overlaps the labelled one or names the same entity."""
    if gold is None or system is None:
        return gold is None and system is None
    if overlap(gold, system) > 0:
        return True
    names = {(e.canonical or e.normal).lower() for e in doc.entities if overlap((e.start, e.stop), gold) > 0}
    chosen = [e for e in doc.entities if (e.start, e.stop) == system]
    return bool(chosen) and (chosen[0].canonical or chosen[0].normal).lower() in names


def score_quotes(corpus: Corpus, half: str) -> None:
    rows = [r for r in read("quotes.jsonl") if half in ("all", half_of(r["quote"]["url"]))]
    items = {a.url: (a, d) for a, d in corpus.analysed([r["quote"]["url"] for r in rows])}
    found = right = 0
    for row in rows:
        article, doc = items[row["quote"]["url"]]
        span = offsets(article, row["quote"])
        quote = max(doc.quotes, key=lambda q: overlap((q.start, q.stop), span), default=None)
        if quote is None or overlap((quote.start, quote.stop), span) < 0.5 * (span[1] - span[0]):
            continue
        found += 1
        gold = offsets(article, row["speaker"]) if row["speaker"] else None
        system = (quote.speaker_start, quote.speaker_stop) if quote.speaker_start >= 0 else None
        ok = _same_target(doc, gold, system) or (
            gold is not None
            and bool(quote.speaker)
            and any(
                (e.canonical or e.normal).lower() == quote.speaker.lower()
                for e in doc.entities
                if overlap((e.start, e.stop), gold) > 0
            )
        )
        right += ok
        if VERBOSE and not ok:
            said = doc.text[system[0] : system[1]] if system else None
            wanted = doc.text[gold[0] : gold[1]] if gold else None
            print(
                f"  QUOTE {doc.text[quote.start : quote.start + 60]!r}: {said!r} ({quote.speaker!r}) want {wanted!r}"
            )
    print(f"quotes: {len(rows)} labelled, found (half the words covered) {_ratio(found, len(rows))}")
    print(f"  speaker right on found {_ratio(right, found)}")


def stream_day() -> date | None:
    """The day the labelled stream was collected, from its file name («ru-2020-05-03-dev.jsonl»)."""
    found = re.search(r"(\d{4})-(\d{2})-(\d{2})", STREAM.name)
    return date(int(found[1]), int(found[2]), int(found[3])) if found else None


def score_dates(corpus: Corpus, half: str) -> None:
    """The bounds of each labelled article analysed as undated: by the text alone (the pipeline as
    `analyze` runs it), and with the stream's day as the dates step's reference, as the guideline
    labels year-less dates («a date without a year takes the year of the stream»)."""
    rows = [r for r in read("date_bounds.jsonl") if half in ("all", half_of(r["url"]))]
    items = {a.url: (a, d) for a, d in corpus.analysed([r["url"] for r in rows], dated=False)}
    reference = ExtractDates(DateSettings(reference=stream_day()))
    referenced = {
        url: reference.process(Doc.from_dict(doc.to_dict(), text=doc.text)) for url, (_, doc) in items.items()
    }
    halves = ["dev", "confirm"] if half == "all" else [half]
    for reading, docs in (
        ("text alone", {url: doc for url, (_, doc) in items.items()}),
        (f"reference {stream_day()}", referenced),
    ):
        for part in halves:
            chosen = [r for r in rows if half_of(r["url"]) == part]
            for bound, attribute in (("not_before", "written_after"), ("not_after", "written_before")):
                labelled = [r for r in chosen if r[bound]]
                exact = wrong_side = given = unlabelled = 0
                for row in chosen:
                    value = getattr(docs[row["url"]], attribute, "")
                    gold = row[bound]
                    if VERBOSE and reading != "text alone" and (value or None) != gold:
                        print(f"  DATE {bound} {row['url'][:70]}: {value or None} want {gold}")
                    if not value:
                        continue
                    given += 1
                    unlabelled += not gold
                    exact += value[:10] == gold
                    if gold and (
                        (bound == "not_before" and value[:10] > gold)
                        or (bound == "not_after" and value[:10] < gold)
                    ):
                        wrong_side += 1
                print(
                    f"date bound {bound} ({reading}, {part}): labelled {len(labelled)} of {len(chosen)}; "
                    f"the analysis gives one for {given}; exact day {_ratio(exact, len(labelled))}; "
                    f"beyond the labelled bound (wrong) {wrong_side}; given where the label has none {unlabelled}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=["dev", "confirm", "all"], default="all")
    parser.add_argument(
        "--part", nargs="*", default=["facts", "figures", "loaded", "quotes", "dates"],
        choices=["facts", "figures", "loaded", "quotes", "dates"],
    )  # fmt: skip
    parser.add_argument("--errors", action="store_true", help="print each error (for development on dev)")
    parser.add_argument("--cache", type=Path, help="keep the analyses in this folder between runs")
    args = parser.parse_args()
    global VERBOSE
    VERBOSE = args.errors
    corpus = Corpus(args.cache)
    parts = set(args.part)
    print(f"half: {args.half}")
    if parts & {"facts", "figures"}:
        score_facts_and_figures(corpus, args.half, parts)
    if "loaded" in parts:
        score_loaded(corpus, args.half)
    if "quotes" in parts:
        score_quotes(corpus, args.half)
    if "dates" in parts:
        score_dates(corpus, args.half)


if __name__ == "__main__":
    main()
