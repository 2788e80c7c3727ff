"""How well `Entity.canonical` groups the mentions of one object within a text (factRuEval-2016 devset).

    .venv/bin/python bench/eval_linking.py [--errors N]

Gold: the devset's `.coref` files group objects (each object one mention, read as in
`eval_entities.py`: its span runs from its leftmost to its rightmost span) into chains, one chain
per real-world entity of a text. Only mentions of type PER, LOC (Location, LocOrg) and ORG count.

A gold mention is *found* when newsprism has an entity with exactly its span (any type). Over the
found mentions of each text, the predicted group of a mention is the set of found mentions with the
same key; the key is `TYPE:canonical` (what stories/ and compare/ compare; case and ё ignored), and
for contrast `TYPE:normal` (each mention's own nominative, no linking) and `canonical` without the
type. Scores are B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over all found
mentions of all texts, and the pairwise F1 over pairs of found mentions in one text. Mentions newsprism
does not find are left out, so these figures measure the linking, not the recognition (see
`eval_entities.py`); the number of found mentions is printed with them.

`--errors N` lists the N most frequent wrong splits (one gold chain, several keys) and wrong joins
(one key, several gold chains). Results are saved in bench/results/eval_linking.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval_entities import DEVSET, OBJECT_TYPES, RESULTS, ROOT, numbered_lines, read_text
from newsprism.model import Entity


@dataclass(slots=True)
class Mention:
    start: int
    stop: int
    chain: str


@dataclass(slots=True)
class Text:
    name: str
    text: str
    mentions: list[Mention]


def read_spans(path: Path, text: str) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for _, line in numbered_lines(path):
        fields = line.split("#", 1)[0].split()
        start, length = int(fields[2]), int(fields[3])
        spans[fields[0]] = (start, start + length)
    return spans


def read_chains(path: Path) -> dict[str, str]:
    """Object id -> chain id. A chain starts with a line of numbers; its attribute lines follow."""
    chain_of: dict[str, str] = {}
    for _, line in numbered_lines(path):
        fields = line.split()
        if len(fields) >= 2 and all(field.isdigit() for field in fields):
            for obj in fields[1:]:
                chain_of[obj] = fields[0]
    return chain_of


def read_text_mentions(path: Path) -> Text:
    text = read_text(path)
    spans = read_spans(path.with_suffix(".spans"), text)
    chain_of = read_chains(path.with_suffix(".coref"))
    mentions: dict[tuple[int, int], Mention] = {}
    for _, line in numbered_lines(path.with_suffix(".objects")):
        fields = line.split("#", 1)[0].split()
        if fields[1] not in OBJECT_TYPES:
            continue
        parts = [spans[span] for span in fields[2:]]
        start, stop = min(s for s, _ in parts), max(e for _, e in parts)
        # an object in no chain is an entity of its own
        mentions.setdefault((start, stop), Mention(start, stop, chain_of.get(fields[0], f"alone{fields[0]}")))
    return Text(path.stem, text, sorted(mentions.values(), key=lambda m: (m.start, m.stop)))


def _key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


KEYS: dict[str, Callable[[Entity], str]] = {
    "type:canonical": lambda e: f"{e.type}:{_key(e.canonical or e.normal)}",
    "type:normal": lambda e: f"{e.type}:{_key(e.normal)}",
    "canonical": lambda e: _key(e.canonical or e.normal),
}


@dataclass(slots=True)
class Scores:
    found: int = 0
    gold: int = 0
    precision: float = 0.0
    recall: float = 0.0
    pairs_tp: int = 0
    pairs_predicted: int = 0
    pairs_gold: int = 0

    def summary(self) -> dict[str, Any]:
        p = self.precision / self.found if self.found else 0.0
        r = self.recall / self.found if self.found else 0.0
        pp = self.pairs_tp / self.pairs_predicted if self.pairs_predicted else 0.0
        pr = self.pairs_tp / self.pairs_gold if self.pairs_gold else 0.0
        return {
            "gold_mentions": self.gold,
            "found_mentions": self.found,
            "b3_precision": round(p, 4),
            "b3_recall": round(r, 4),
            "b3_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pair_precision": round(pp, 4),
            "pair_recall": round(pr, 4),
            "pair_f1": round(2 * pp * pr / (pp + pr), 4) if pp + pr else 0.0,
        }


def score(
    texts: Sequence[Text], entities: Sequence[Sequence[Entity]], key: Callable[[Entity], str]
) -> tuple[Scores, Counter[str], Counter[str]]:
    total = Scores()
    splits: Counter[str] = Counter()
    joins: Counter[str] = Counter()
    for text, found_entities in zip(texts, entities, strict=True):
        by_span = {(e.start, e.stop): e for e in found_entities}
        found = [(m, key(by_span[m.start, m.stop])) for m in text.mentions if (m.start, m.stop) in by_span]
        total.gold += len(text.mentions)
        total.found += len(found)
        for mention, predicted in found:
            same_key = [m for m, k in found if k == predicted]
            same_chain = [m for m, _ in found if m.chain == mention.chain]
            both = sum(m.chain == mention.chain for m in same_key)
            total.precision += both / len(same_key)
            total.recall += both / len(same_chain)
        for i, (a, ka) in enumerate(found):
            for b, kb in found[i + 1 :]:
                total.pairs_tp += ka == kb and a.chain == b.chain
                total.pairs_predicted += ka == kb
                total.pairs_gold += a.chain == b.chain
        chains: dict[str, set[str]] = {}
        keys: dict[str, set[str]] = {}
        for mention, predicted in found:
            chains.setdefault(mention.chain, set()).add(predicted)
            keys.setdefault(predicted, set()).add(mention.chain)
        for names in chains.values():
            if len(names) > 1:
                splits[" | ".join(sorted(names))] += 1
        for predicted, members in keys.items():
            if len(members) > 1:
                texts_of = {
                    " ".join(text.text[m.start : m.stop].split()) for m, _ in found if m.chain in members
                }
                joins[f"{predicted} <- {' | '.join(sorted(texts_of))}"] += 1
    return total, splits, joins


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list the N most frequent errors")
    args = parser.parse_args()

    from newsprism.analyse import default_pipeline
    from newsprism.model import Doc

    paths = sorted(DEVSET.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{DEVSET} holds no .txt files: expected the factRuEval-2016 devset")
    texts = [read_text_mentions(path) for path in paths]
    started = time.perf_counter()
    docs = list(default_pipeline().pipe(Doc(text=t.text) for t in texts))
    seconds = time.perf_counter() - started
    entities = [doc.entities for doc in docs]
    print(f"factRuEval-2016 devset: {len(texts)} texts, analysed in {seconds:.1f} s")
    columns = ("B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1")
    print(f"{'key':<16}{'gold':>6}{'found':>7}" + "".join(f"{column:>8}" for column in columns))
    result: dict[str, Any] = {"devset": str(DEVSET), "texts": len(texts), "keys": {}}
    for name, key in KEYS.items():
        total, splits, joins = score(texts, entities, key)
        s = total.summary()
        result["keys"][name] = s
        print(
            f"{name:<16}{s['gold_mentions']:>6}{s['found_mentions']:>7}{s['b3_precision']:>8.3f}"
            f"{s['b3_recall']:>8.3f}{s['b3_f1']:>8.3f}{s['pair_precision']:>8.3f}{s['pair_recall']:>8.3f}"
            f"{s['pair_f1']:>8.3f}"
        )
        if args.errors and name == "type:canonical":
            result["splits"] = splits.most_common(args.errors)
            result["joins"] = joins.most_common(args.errors)
    if args.errors:
        print("\nwrong splits (one gold chain, several keys):")
        for item, n in result["splits"]:
            print(f"{n:>5}  {item}")
        print("\nwrong joins (one key, several gold chains):")
        for item, n in result["joins"]:
            print(f"{n:>5}  {item}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "eval_linking.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nsaved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
