"""Entity recognition quality on the factRuEval-2016 devset: strict span P/R/F1 for PER, LOC and ORG.

    .venv/bin/python bench/eval_entities.py [--system newsprism|natasha] [--no-baseline] [--errors N]

Gold: each object in a `.objects` file of type Person (PER), Location or LocOrg (LOC) or Org (ORG).
Its span runs from the start of its leftmost span to the stop of its rightmost span in `.spans`,
in characters of the `.txt` (the files do not always list an object's spans in text order). Other
object types are ignored and counted in the output (the devset has one Project). A mention listed
twice with the same span and type counts once.

A prediction is correct when (start, stop, type) equals a gold mention exactly; the overall scores
are micro-averaged. The gold is nested («мэрии Заречинска» is an Org holding the LocOrg «Заречинска»),
which a tagger of non-overlapping spans cannot match in full: the `ceiling` column is the best
recall such a tagger could reach for each type on its own. Text between an object's spans is part
of its gold span, text around them is not: the Org of spans `партии` and `Заря` in `партии «Заря»`
is `партии «Заря`, without the closing quote (50 ORG and 4 LOC gold mentions are cut so).

Halves: the texts sorted by their numeric file id (`book_58` before `book_100`), those at even
positions (0, 2, ...) are half A and those at odd positions half B, 61 texts each. A rule is kept only
when it gains on both halves (`bench/ablate_entities.py` measures each rule on each half), so that
a gain found by reading the errors of one half is confirmed on texts it was not written from.
Every run prints the scores of the whole devset and of each half, and natasha's own scores per half
as the baseline (`--no-baseline` skips that run).

Only mentions of `kind == "name"` are scored: descriptor mentions («глава государства») are links
to a person named elsewhere, and factRuEval does not count them as mentions.

`--errors N` lists the N most frequent false positives and false negatives of each type. Each is
marked `type` (a mention with the same span has another type), `boundary` (it overlaps a mention of
its type) or `spurious`/`missed`. Results are printed and saved in
bench/results/eval_entities_<system>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "data" / "factRuEval-2016" / "devset"
RESULTS = Path(__file__).resolve().parent / "results"

TYPES = ("PER", "LOC", "ORG")
OBJECT_TYPES = {"Person": "PER", "Location": "LOC", "LocOrg": "LOC", "Org": "ORG"}

Span = tuple[int, int, str]


@dataclass(slots=True)
class Document:
    name: str
    text: str
    gold: set[Span]


@dataclass(slots=True)
class Devset:
    documents: list[Document]
    ignored: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0


def fail(path: Path, number: int, problem: str) -> SystemExit:
    return SystemExit(f"{path}:{number}: {problem}")


def numbered_lines(path: Path) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split("#", 1)[0].strip():
            yield number, line


def read_text(path: Path) -> str:
    """The text in which every token of the `.tokens` file stands at its offsets.

    The devset's files are plain UTF-8 with `\\n` line ends; should a copy gain a BOM or `\\r\\n`,
    the reading that keeps the offsets right is chosen, and none fitting is an error.
    """
    tokens_path = path.with_suffix(".tokens")
    tokens: list[tuple[int, int, int, str]] = []
    for number, line in numbered_lines(tokens_path):
        fields = line.split(" ", 3)
        if len(fields) != 4:
            raise fail(tokens_path, number, "expected `id start length text`")
        start, length = int(fields[1]), int(fields[2])
        tokens.append((number, start, start + length, fields[3]))
    raw = path.read_bytes().decode("utf-8")
    bare = raw.removeprefix("\ufeff")
    for text in dict.fromkeys([raw, bare, raw.replace("\r\n", "\n"), bare.replace("\r\n", "\n")]):
        if all(text[start:stop] == word for _, start, stop, word in tokens):
            return text
    number, start, stop, word = next(t for t in tokens if bare[t[1] : t[2]] != t[3])
    raise fail(
        tokens_path,
        number,
        f"token {word!r} at {start}:{stop} reads {bare[start:stop]!r} in {path.name}; "
        "the offsets do not fit the text read as UTF-8 (with or without BOM and \\r\\n)",
    )


def read_document(path: Path, devset: Devset) -> Document:
    text = read_text(path)
    spans_path, objects_path = path.with_suffix(".spans"), path.with_suffix(".objects")
    spans: dict[str, tuple[int, int]] = {}
    for number, line in numbered_lines(spans_path):
        fields = line.split("#", 1)[0].split()
        if len(fields) < 6:
            raise fail(spans_path, number, "expected `id type start length token_id n_tokens # ...`")
        start, length = int(fields[2]), int(fields[3])
        if not 0 <= start < start + length <= len(text):
            raise fail(spans_path, number, f"span {start}+{length} lies outside the text of {path.name}")
        spans[fields[0]] = (start, start + length)
    gold: set[Span] = set()
    for number, line in numbered_lines(objects_path):
        fields = line.split("#", 1)[0].split()
        kind = OBJECT_TYPES.get(fields[1])
        if kind is None:
            devset.ignored[fields[1]] += 1
            continue
        missing = [span for span in fields[2:] if span not in spans]
        if missing or len(fields) < 3:
            raise fail(objects_path, number, f"object refers to no span or unknown spans {missing}")
        parts = [spans[span] for span in fields[2:]]
        mention = (min(start for start, _ in parts), max(stop for _, stop in parts), kind)
        devset.duplicates += mention in gold
        gold.add(mention)
    return Document(path.stem, text, gold)


def read_devset(path: Path = DEVSET) -> Devset:
    if not path.is_dir():
        raise SystemExit(
            f"{path} not found: this benchmark reads the factRuEval-2016 devset from ../shared/data "
            "(github.com/dialogue-evaluation/factRuEval-2016, folder devset)"
        )
    devset = Devset([])
    devset.documents = [read_document(txt, devset) for txt in sorted(path.glob("*.txt"))]
    if not devset.documents:
        raise SystemExit(f"{path} holds no .txt files: expected the factRuEval-2016 devset")
    return devset


def newsprism_spans(texts: Sequence[str]) -> list[set[Span]]:
    from newsprism.analyse import Lemmatize, LinkMentions, Pipeline, Segment, TagEntities, TagMorph
    from newsprism.model import Doc

    # The steps up to linking: the later ones (sentiment, quotes, ...) do not change entities.
    pipeline = Pipeline([Segment(), TagMorph(), Lemmatize(), TagEntities(), LinkMentions()], batch_size=64)
    docs = list(pipeline.pipe(Doc(text=text) for text in texts))
    return [{(e.start, e.stop, e.type) for e in doc.entities if e.kind == "name"} for doc in docs]


def natasha_spans(texts: Sequence[str]) -> list[set[Span]]:
    import natasha

    segmenter = natasha.Segmenter()
    ner = natasha.NewsNERTagger(natasha.NewsEmbedding())
    result: list[set[Span]] = []
    for text in texts:
        doc = natasha.Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(ner)
        result.append({(span.start, span.stop, str(span.type)) for span in doc.spans})
    return result


SYSTEMS: dict[str, Callable[[Sequence[str]], list[set[Span]]]] = {
    "newsprism": newsprism_spans,
    "natasha": natasha_spans,
}


def half_of(documents: Sequence[Document]) -> dict[str, str]:
    """Each text's half: "A" for even positions in numeric file id order, "B" for odd ones."""
    ordered = sorted(documents, key=lambda doc: (int(doc.name.rpartition("_")[2] or 0), doc.name))
    return {doc.name: "AB"[position % 2] for position, doc in enumerate(ordered)}


def by_half(documents: Sequence[Document], predicted: Sequence[set[Span]]) -> dict[str, dict[str, Tally]]:
    """Tallies of the whole devset ("all") and of each half ("A", "B")."""
    halves = half_of(documents)
    result = {"all": evaluate(documents, predicted)}
    for half in "AB":
        pairs = [
            (doc, spans) for doc, spans in zip(documents, predicted, strict=True) if halves[doc.name] == half
        ]
        result[half] = evaluate([doc for doc, _ in pairs], [spans for _, spans in pairs])
    return result


def f1_row(tallies: dict[str, Tally]) -> dict[str, float]:
    return {name: tally.scores()["f1"] for name, tally in tallies.items()}


def print_halves(rows: dict[str, dict[str, dict[str, Tally]]]) -> None:
    """One line of F1 per type per system and half."""
    print(f"\n{'system':<12}{'half':<6}" + "".join(f"{kind:>8}" for kind in (*TYPES, "micro")))
    for system, halves in rows.items():
        for half, tallies in halves.items():
            f1 = f1_row(tallies)
            print(f"{system:<12}{half:<6}" + "".join(f"{f1[kind]:>8.3f}" for kind in (*TYPES, "all")))


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def flat_ceiling(spans: Iterable[Span]) -> int:
    """The most spans that do not overlap (earliest stop first is optimal for equal weights)."""
    count, end = 0, -1
    for start, stop, _ in sorted(spans, key=lambda span: span[1]):
        if start >= end:
            count, end = count + 1, stop
    return count


def error_kind(span: Span, others: set[Span], alone: str) -> str:
    start, stop, kind = span
    if any(s == start and e == stop and k != kind for s, e, k in others):
        return "type"
    if any(s < stop and start < e and k == kind for s, e, k in others):
        return "boundary"
    return alone


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ceiling: int = 0
    false_positives: Counter[tuple[str, str]] = field(default_factory=Counter)
    false_negatives: Counter[tuple[str, str]] = field(default_factory=Counter)

    def scores(self) -> dict[str, Any]:
        gold = self.tp + self.fn
        return {
            **prf(self.tp, self.fp, self.fn),
            "gold": gold,
            "predicted": self.tp + self.fp,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "recall_ceiling": round(self.ceiling / gold, 4) if gold else 0.0,
        }

    def errors(self, top: int) -> dict[str, Any]:
        def listed(errors: Counter[tuple[str, str]]) -> list[dict[str, Any]]:
            return [{"text": t, "kind": k, "count": n} for (t, k), n in errors.most_common(top)]

        def kinds(errors: Counter[tuple[str, str]]) -> dict[str, int]:
            found: Counter[str] = Counter()
            for (_, kind), n in errors.items():
                found[kind] += n
            return dict(found.most_common())

        return {
            "false_positive_kinds": kinds(self.false_positives),
            "false_negative_kinds": kinds(self.false_negatives),
            "false_positives": listed(self.false_positives),
            "false_negatives": listed(self.false_negatives),
        }


def evaluate(documents: Sequence[Document], predicted: Sequence[set[Span]]) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in TYPES}
    overall = Tally()
    for doc, spans in zip(documents, predicted, strict=True):
        overall.ceiling += flat_ceiling(doc.gold)
        for kind, tally in tallies.items():
            tally.ceiling += flat_ceiling(span for span in doc.gold if span[2] == kind)
        for span in spans | doc.gold:
            tally = tallies[span[2]]
            text = " ".join(doc.text[span[0] : span[1]].split())
            if span in spans and span in doc.gold:
                tally.tp += 1
            elif span in spans:
                tally.fp += 1
                tally.false_positives[text, error_kind(span, doc.gold, "spurious")] += 1
            else:
                tally.fn += 1
                tally.false_negatives[text, error_kind(span, spans, "missed")] += 1
    overall.tp = sum(tally.tp for tally in tallies.values())
    overall.fp = sum(tally.fp for tally in tallies.values())
    overall.fn = sum(tally.fn for tally in tallies.values())
    return {**tallies, "all": overall}


def report(
    system: str, devset: Devset, tallies: dict[str, Tally], seconds: float, top: int
) -> dict[str, Any]:
    gold = sum(len(doc.gold) for doc in devset.documents)
    texts = len(devset.documents)
    print(f"{system} on factRuEval-2016 devset: {texts} texts, {gold} gold mentions, {seconds:.1f} s")
    print(f"{'type':<12}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}{'ceiling':>9}")
    for name, tally in tallies.items():
        s = tally.scores()
        label = "all (micro)" if name == "all" else name
        print(
            f"{label:<12}{s['gold']:>6}{s['predicted']:>6}{s['tp']:>6}"
            f"{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['recall_ceiling']:>9.3f}"
        )
    ignored = ", ".join(f"{n} {kind}" for kind, n in devset.ignored.most_common()) or "none"
    print(f"ignored objects: {ignored}; duplicate gold mentions merged: {devset.duplicates}")
    errors = {kind: tallies[kind].errors(top) for kind in TYPES}
    if top:
        for kind, found in errors.items():
            for side in ("positive", "negative"):
                kinds = ", ".join(f"{k} {n}" for k, n in found[f"false_{side}_kinds"].items())
                print(f"\n{kind} false {side}s ({kinds})")
                for item in found[f"false_{side}s"]:
                    print(f"{item['count']:>5}  {item['text']}  [{item['kind']}]")
    return {
        "system": system,
        "devset": str(DEVSET),
        "texts": len(devset.documents),
        "match": "strict (start, stop, type)",
        "ignored_objects": dict(devset.ignored),
        "duplicate_gold_merged": devset.duplicates,
        "seconds": round(seconds, 1),
        "scores": {name: tally.scores() for name, tally in tallies.items()},
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--system", choices=sorted(SYSTEMS), default="newsprism")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list the N most frequent errors")
    parser.add_argument("--no-baseline", action="store_true", help="skip natasha's scores per half")
    args = parser.parse_args()

    devset = read_devset()
    texts = [doc.text for doc in devset.documents]
    started = time.perf_counter()
    predicted = SYSTEMS[args.system](texts)
    seconds = time.perf_counter() - started
    halves = by_half(devset.documents, predicted)
    result = report(args.system, devset, halves["all"], seconds, args.errors)
    result["halves"] = {half: f1_row(tallies) for half, tallies in halves.items()}
    rows = {args.system: halves}
    if not args.no_baseline and args.system != "natasha":
        rows["natasha"] = by_half(devset.documents, natasha_spans(texts))
        result["baseline_natasha"] = {half: f1_row(tallies) for half, tallies in rows["natasha"].items()}
    print_halves(rows)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"eval_entities_{args.system}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nsaved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
