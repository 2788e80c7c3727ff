"""How the cost of same-event clustering and duplicate detection grows with the corpus.

    .venv/bin/python bench/clustering_scale.py [--sizes 1000,10000,100000] [--no-real] [--seed 1]

Synthetic articles are generated as `StoryDoc` views (no NLP): invented people, organisations,
places and words; about one event per five articles, each with a topic, two or three actors
(popular ones, like real news' «Путин», recur across many events), details of its own and a day
of the year; its articles, over several outlets and days, are paraphrases (samples of the event's
words, the topic's and generic ones, plus noise), a tenth of them reprints of another article of
the event with a few words changed. A fifth of the events continue an earlier one (same actors and
topic, weeks later): hard negatives that only the time window keeps apart.

Articles are added one by one in roughly chronological order with `simple_score`. Reported at each
size: milliseconds per added article over the last 1,000 additions and on average, pairs scored
per article, false links (pairs of two events scored above the threshold) per article, current
and peak RSS; bytes per article of the clusterer and the duplicate index
(tracemalloc over a separate 10k run); the duplicate index's cost per article; and quality on the
synthetic truth (pairwise precision, recall, adjusted Rand index), so that speed is not bought by
not clustering. At 10k the events of incremental addition are compared with `cluster_all`.

With ../shared/data present (and without --no-real), the real articles are analysed once and
give: blocking recall on the labelled same-event pairs, the share of all pairs of varied articles
that are candidates, `simple_score` quality on the pairs, and the duplicate index's cost on real
texts. Results: printed, and saved in bench/results/clustering_scale.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import platform
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newsprism.stories.clustering import (
    GENERIC,
    SIMPLE_THRESHOLD,
    ClusterSettings,
    EventClusterer,
    Scorer,
    blocking_keys,
    cluster_all,
    simple_score,
)
from newsprism.stories.duplicates import DuplicateIndex
from newsprism.stories.view import StoryDoc

RESULTS = Path(__file__).resolve().parent / "results"
# Words are made of consonant-vowel syllables, most of them closed by a consonant: 1,463
# syllables, so that invented words share character n-grams about as rarely as real ones do (the
# trained scorer reads character n-grams; with a few dozen syllables every text shares most of them).
_CONSONANTS, _VOWELS = "бвгджзклмнпрстфхцчш", "аеиоуыя"
SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS] + [
    c + v + e for c in _CONSONANTS for v in _VOWELS for e in _CONSONANTS[::2]
]
START = date(2025, 1, 1)


def current_rss_mib() -> float:
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(slots=True)
class Plan:
    """An event to write articles about."""

    topic: int
    actors: list[str]  # "PER:Имя Фамилия" / "ORG:Название"
    places: list[str]
    details: list[str]
    day: int
    category: str


class Generator:
    """Varied synthetic articles with a known event for each."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._seen: set[str] = set()
        self.noise = [self.word(4) for _ in range(20000)]
        self.topics = [[self.word(3) for _ in range(25)] for _ in range(40)]
        first_names = [self.word(2).title() for _ in range(200)]
        self.people = [f"PER:{self.rng.choice(first_names)} {self.word(3).title()}ов" for _ in range(3000)]
        self.orgs = [f"ORG:{self.word(3).title()}" for _ in range(800)]
        self.places = [f"LOC:{self.word(3).title()}" for _ in range(500)]
        self.outlets = [f"Издание {self.word(3).title()}" for _ in range(40)]
        self.generic = sorted(GENERIC)
        self.categories = ["society", "economy", "technology", "sports", "science", "entertainment"]

    def word(self, syllables: int) -> str:
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))
            if word not in self._seen:
                self._seen.add(word)
                return word

    def zipf(self, items: Sequence[str], skew: float = 1.1) -> str:
        # a rank drawn from a power law: the first items are in many events, most in few
        rank = int(len(items) ** self.rng.random() ** skew) - 1
        return items[min(rank, len(items) - 1)]

    def plan(self, earlier: list[Plan]) -> Plan:
        if earlier and self.rng.random() < 0.2:  # a continuation: same actors and topic, later
            before = self.rng.choice(earlier[-500:])
            day = before.day + self.rng.randint(7, 120)
            details = [self.rng.choice(self.noise) for _ in range(12)]
            return Plan(before.topic, before.actors, before.places, details, day, before.category)
        topic = self.rng.randrange(len(self.topics))
        actors = list(
            dict.fromkeys(self.zipf(self.people if self.rng.random() < 0.7 else self.orgs) for _ in range(3))
        )
        places = list(dict.fromkeys(self.zipf(self.places) for _ in range(2)))
        details = [self.rng.choice(self.noise) for _ in range(12)]
        return Plan(topic, actors, places, details, self.rng.randrange(365), self.categories[topic % 6])

    def article(self, number: int, plan: Plan) -> StoryDoc:
        rng = self.rng
        entities: Counter[str] = Counter()
        lemmas: list[str] = []
        for position, actor in enumerate(plan.actors):
            if position == 0 or rng.random() < 0.8:
                mentions = rng.randint(1, 5)
                entities[actor] += mentions
                lemmas += [actor.split()[-1].lower()] * mentions
        for place in plan.places:
            if rng.random() < 0.7:
                entities[place] += rng.randint(1, 2)
                lemmas.append(place[4:].lower())
        for _ in range(rng.randint(0, 3)):  # background names, the popular ones in many articles
            entities[self.zipf(self.places + self.people, 1.5)] += 1
        lemmas += [word for word in plan.details if rng.random() < 0.75 for _ in range(rng.randint(1, 3))]
        lemmas += rng.sample(self.topics[plan.topic], 8)
        lemmas += [self.zipf(self.generic, 0.5) for _ in range(rng.randint(10, 30))]
        lemmas += [self.zipf(self.noise, 0.5) for _ in range(rng.randint(30, 80))]
        rng.shuffle(lemmas)
        title = [plan.actors[0].split()[-1].lower()] if rng.random() < 0.8 else []
        title += rng.sample(plan.details, 2) + rng.sample(self.topics[plan.topic], 2)
        title += [self.zipf(self.generic, 0.7)]
        rng.shuffle(title)
        day = plan.day + rng.randint(0, 2)
        when = "" if rng.random() < 0.03 else (START + timedelta(days=day)).isoformat()
        title_text = " ".join(title).capitalize()
        return StoryDoc(
            id=f"s{number:07d}",
            title=title_text,
            text=title_text + "\n\n" + " ".join(lemmas),
            outlet=rng.choice(self.outlets),
            published=None,
            written_after=when,
            category=plan.category,
            title_lemmas=title,
            lemmas=lemmas,
            entities=dict(entities),
        )

    def reprint(self, number: int, source: StoryDoc) -> StoryDoc:
        words = source.text.split()
        for _ in range(3):  # a few small edits
            words[self.rng.randrange(2, len(words))] = self.rng.choice(self.noise)
        return StoryDoc(
            id=f"s{number:07d}",
            title=source.title,
            text=" ".join(words),
            outlet=self.rng.choice(self.outlets),
            published=None,
            written_after=source.written_after,
            category=source.category,
            title_lemmas=list(source.title_lemmas),
            lemmas=list(source.lemmas),
            entities=dict(source.entities),
        )

    def corpus(self, size: int) -> tuple[list[StoryDoc], dict[str, int]]:
        """`size` articles in arrival order (by day, give or take two), and each one's event."""
        views: list[StoryDoc] = []
        truth: dict[str, int] = {}
        plans: list[Plan] = []
        while len(views) < size:
            plan = self.plan(plans)
            plans.append(plan)
            written: list[StoryDoc] = []
            for _ in range(min(1 + int(self.rng.expovariate(1 / 4)), 15, size - len(views))):
                if written and self.rng.random() < 0.1:
                    view = self.reprint(len(views), self.rng.choice(written))
                else:
                    view = self.article(len(views), plan)
                written.append(view)
                views.append(view)
                truth[view.id] = len(plans) - 1
        arrival = {view.id: self.rng.random() * 2 + (plans[truth[view.id]].day) for view in views}
        views.sort(key=lambda view: arrival[view.id])
        return views, truth


def pair_quality(found: dict[str, str], truth: dict[str, int]) -> dict[str, float]:
    """Pairwise precision and recall and the adjusted Rand index of a clustering against the truth."""

    def pairs(count: int) -> int:
        return count * (count - 1) // 2

    both = Counter((found[article], truth[article]) for article in found)
    found_sizes = Counter(found.values())
    true_sizes = Counter(truth[article] for article in found)
    agree = sum(pairs(count) for count in both.values())
    found_pairs = sum(pairs(count) for count in found_sizes.values())
    true_pairs = sum(pairs(count) for count in true_sizes.values())
    expected = found_pairs * true_pairs / pairs(len(found))
    best = (found_pairs + true_pairs) / 2
    return {
        "pair_precision": round(agree / found_pairs, 4) if found_pairs else 1.0,
        "pair_recall": round(agree / true_pairs, 4) if true_pairs else 1.0,
        "ari": round((agree - expected) / (best - expected), 4) if best != expected else 1.0,
    }


def assignments(clusterer: EventClusterer) -> dict[str, str]:
    return {article: event for event, articles in clusterer.events().items() for article in articles}


def scorer(name: str) -> tuple[Scorer, float]:
    """`simple_score`, or the trained same-event model (text-only, signatures cached)."""
    if name == "simple":
        return simple_score, SIMPLE_THRESHOLD
    from newsprism.stories.same_event import CachedScorer

    cached = CachedScorer()
    return cached, cached.threshold


class CountingScorer:
    """The scorer, counting the pairs of two different true events it scores above the threshold
    (false links); batch scoring passed through when the scorer has it."""

    def __init__(self, score: Scorer, threshold: float, truth: dict[str, int]) -> None:
        self.score, self.threshold, self.truth = score, threshold, truth
        self.false_links = 0
        if hasattr(score, "many"):
            self.many = self._many

    def _count(self, a: StoryDoc, b: StoryDoc, value: float) -> None:
        self.false_links += value >= self.threshold and self.truth[a.id] != self.truth[b.id]

    def __call__(self, a: StoryDoc, b: StoryDoc) -> float:
        value = self.score(a, b)
        self._count(a, b, value)
        return value

    def _many(self, view: StoryDoc, candidates: Sequence[StoryDoc]) -> list[float]:
        values: list[float] = self.score.many(view, candidates)  # type: ignore[attr-defined]
        for candidate, value in zip(candidates, values, strict=True):
            self._count(view, candidate, value)
        return values


def run_scale(
    views: list[StoryDoc], truth: dict[str, int], sizes: list[int], scorer_name: str
) -> list[dict[str, Any]]:
    pair_score, threshold = scorer(scorer_name)
    score = CountingScorer(pair_score, threshold, truth)
    clusterer = EventClusterer(score, threshold)
    duplicates = DuplicateIndex()
    rows: list[dict[str, Any]] = []
    checkpoints = set(sizes)
    started = time.perf_counter()
    last: list[float] = []
    duplicate_seconds = 0.0
    scored_before = 0
    rss_before = current_rss_mib()
    for number, view in enumerate(views[: max(sizes)], start=1):
        tick = time.perf_counter()
        clusterer.add(view)
        tock = time.perf_counter()
        duplicates.add(view)
        duplicate_seconds += time.perf_counter() - tock
        last.append(tock - tick)
        if number in checkpoints:
            window = last[-1000:]
            found = assignments(clusterer)
            rows.append(
                {
                    "articles": number,
                    "ms_per_article_last_1000": round(1000 * sum(window) / len(window), 3),
                    "ms_per_article_mean": round(1000 * sum(last) / len(last), 3),
                    "pairs_scored_per_article_last_1000": round(
                        (clusterer.stats.scored - scored_before) / len(window), 1
                    ),
                    "duplicates_ms_per_article": round(1000 * duplicate_seconds / number, 3),
                    "events": len(set(found.values())),
                    "true_events": len({truth[article] for article in found}),
                    "reprint_groups": len(duplicates.groups()),
                    "capped_additions": clusterer.stats.capped,
                    "merges": clusterer.stats.merges,
                    "false_links_per_article": round(score.false_links / number, 4),
                    "rss_growth_mib": round(current_rss_mib() - rss_before, 1),
                    "peak_rss_mib": round(peak_rss_mib(), 1),
                    "elapsed_s": round(time.perf_counter() - started, 1),
                    **pair_quality(found, truth),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
        if number % 1000 == 0:
            scored_before = clusterer.stats.scored
    return rows


def bytes_per_article(views: list[StoryDoc]) -> dict[str, float]:
    """tracemalloc's count of what the clusterer and the duplicate index allocate, per article."""
    result: dict[str, float] = {}
    for name in ("clusterer", "duplicates"):
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        index: EventClusterer | DuplicateIndex = (
            EventClusterer(simple_score, SIMPLE_THRESHOLD) if name == "clusterer" else DuplicateIndex()
        )
        for view in views:
            index.add(view)
        result[f"{name}_bytes_per_article"] = round(
            (tracemalloc.get_traced_memory()[0] - before) / len(views)
        )
        tracemalloc.stop()
        del index
    return result


def equality_check(views: list[StoryDoc], scorer_name: str) -> dict[str, Any]:
    pair_score, threshold = scorer(scorer_name)
    incremental = EventClusterer(pair_score, threshold)
    for view in reversed(views):  # another order than cluster_all's
        incremental.add(view)
    full = cluster_all(views, pair_score, threshold)
    return {
        "articles": len(views),
        "incremental_equals_full": incremental.partition() == full.partition()
        and incremental.events() == full.events(),
        "capped_additions": incremental.stats.capped,
    }


def real_figures() -> dict[str, Any]:
    """Blocking recall and scorer quality on the labelled pairs; duplicate cost on real texts."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import SHARED_DATA, shared_articles
    from newsprism.analyse import default_pipeline
    from newsprism.model import Article, Doc

    pipeline = default_pipeline()

    def analyse(articles: list[Article]) -> list[StoryDoc]:
        docs = pipeline.pipe(Doc.from_article(article) for article in articles)
        return [StoryDoc.from_analysis(article, doc) for article, doc in zip(articles, docs, strict=True)]

    started = time.perf_counter()
    views = analyse(shared_articles())
    labelled = [json.loads(line) for line in (SHARED_DATA / "story-pairs" / "ru-dev.jsonl").open()]
    sides = analyse([Article(title=p[s]["title"], body=p[s]["text"]) for p in labelled for s in "ab"])
    pairs = [(sides[2 * i], sides[2 * i + 1], bool(p["same"])) for i, p in enumerate(labelled)]
    analysis_s = time.perf_counter() - started

    settings = ClusterSettings()
    keys = {view.id: set(blocking_keys(view, settings)) for view in views + sides}
    positives = [(a, b) for a, b, same in pairs if same]
    candidates = sum(1 for i, a in enumerate(views) for b in views[:i] if keys[a.id] & keys[b.id])
    scores = [(simple_score(a, b), same) for a, b, same in pairs]
    linked = [(a, b) for a, b in positives if simple_score(a, b) >= SIMPLE_THRESHOLD]
    auc_pairs = [(p, n) for p, sp in scores if sp for n, sn in scores if not sn]
    predicted = [same for score, same in scores if score >= SIMPLE_THRESHOLD]

    index = DuplicateIndex()
    tick = time.perf_counter()
    for view in views:
        index.add(view)
    duplicates_ms = 1000 * (time.perf_counter() - tick) / len(views)
    return {
        "articles": len(views),
        "words_per_article": round(sum(len(view.text.split()) for view in views) / len(views)),
        "analysis_s": round(analysis_s, 1),
        "same_event_pairs": len(positives),
        "same_event_pairs_sharing_a_key": sum(1 for a, b in positives if keys[a.id] & keys[b.id]),
        "linkable_pairs": len(linked),
        "linkable_pairs_sharing_a_key": sum(1 for a, b in linked if keys[a.id] & keys[b.id]),
        "share_of_all_pairs_that_are_candidates": round(candidates / math.comb(len(views), 2), 4),
        "simple_score_auc": round(sum((p > n) + 0.5 * (p == n) for p, n in auc_pairs) / len(auc_pairs), 3),
        "simple_score_precision": round(sum(predicted) / len(predicted), 3),
        "simple_score_recall": round(sum(predicted) / len(positives), 3),
        "duplicates_ms_per_real_article": round(duplicates_ms, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-real", action="store_true", help="skip the real articles (no analysis)")
    parser.add_argument(
        "--scorer", choices=("model", "simple"), default="model", help="the trained model or simple_score"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc and equality runs")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    started = time.perf_counter()
    views, truth = Generator(args.seed).corpus(max(sizes))
    generate_s = time.perf_counter() - started
    rows = run_scale(views, truth, sizes, args.scorer)
    memory = None if args.no_memory else bytes_per_article(views[: min(10000, len(views))])
    equality = None if args.no_memory else equality_check(views[: min(10000, len(views))], args.scorer)
    real = None if args.no_real else real_figures()

    header = ("articles", "ms/add last 1k", "ms/add mean", "scored/add", "dup ms", "RSS +MiB", "peak MiB")
    print(" ".join(f"{name:>14}" for name in (*header, "precision", "recall", "ARI")))
    for row in rows:
        columns = (
            "articles", "ms_per_article_last_1000", "ms_per_article_mean",
            "pairs_scored_per_article_last_1000", "duplicates_ms_per_article", "rss_growth_mib",
            "peak_rss_mib", "pair_precision", "pair_recall", "ari",
        )  # fmt: skip
        print(" ".join(f"{row[column]:>14}" for column in columns))
    print(json.dumps({"memory": memory, "equality": equality, "real": real}, indent=2, ensure_ascii=False))
    result = {
        "synthetic": {"seed": args.seed, "generate_s": round(generate_s, 1), "sizes": rows},
        "memory_10k": memory,
        "equality_10k": equality,
        "real": real,
        "settings": {
            "scorer": args.scorer,
            "threshold": scorer(args.scorer)[1],
            **dataclasses.asdict(ClusterSettings()),
        },
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"clustering_scale-{args.scorer}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )


if __name__ == "__main__":
    main()
