"""What each entity rule adds on each half of the factRuEval-2016 devset: every rule left out in turn.

    PYTHONPATH=src .venv/bin/python bench/ablate_entities.py [--only RULE ...]

The halves are those of `eval_entities.py` (numeric file id order, even and odd positions). For the
tagger's context (the words of the sentence before), each rule of `entity_rules.RULES`, of the
linking step (alias table, acronyms, surnames, apposition aliases) and of `consistency.py`, the
pipeline up to linking runs without it; the gain is the strict F1 with it minus the F1 without it,
per type and micro-averaged, on half A and on half B. Verdicts: `confirmed` (micro gain above zero
on both halves), `no loss` (above zero on one, zero on the other, no type losing on either),
`not confirmed` (a loss on a half), `does not fire` (no change at all). The NER's own output is
computed once and reused. Results are printed and saved in bench/results/ablate_entities.json.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from eval_entities import RESULTS, ROOT, TYPES, by_half, f1_row, newsprism_spans, read_devset
from newsprism.analyse import natasha_models
from newsprism.analyse.entities import consistency, linking
from newsprism.analyse.entities import rules as entity_rules
from newsprism.analyse.entities import step as entities

Ablation = Callable[[], AbstractContextManager[None]]


def _entity_rule(name: str) -> Ablation:
    @contextmanager
    def without() -> Iterator[None]:
        kept = entity_rules.RULES
        entity_rules.RULES = tuple(rule for rule in kept if rule.__name__ != name)
        try:
            yield
        finally:
            entity_rules.RULES = kept

    return without


def _consistency_rule(name: str) -> Ablation:
    @contextmanager
    def without() -> Iterator[None]:
        before, after = consistency.BEFORE_LINKING, consistency.AFTER_LINKING
        consistency.BEFORE_LINKING = tuple(rule for rule in before if rule.__name__ != name)
        consistency.AFTER_LINKING = tuple(rule for rule in after if rule.__name__ != name)
        try:
            yield
        finally:
            consistency.BEFORE_LINKING, consistency.AFTER_LINKING = before, after

    return without


def _linking_function(name: str, stand_in: Callable[..., Any]) -> Ablation:
    @contextmanager
    def without() -> Iterator[None]:
        kept = getattr(linking, name)
        setattr(linking, name, stand_in)
        try:
            yield
        finally:
            setattr(linking, name, kept)

    return without


@contextmanager
def _no_tagger_context() -> Iterator[None]:
    kept = entities.CONTEXT_WORDS
    entities.CONTEXT_WORDS = 0
    try:
        yield
    finally:
        entities.CONTEXT_WORDS = kept


def ablations() -> dict[str, Ablation]:
    found: dict[str, Ablation] = {"tagger_context": _no_tagger_context}
    found |= {rule.__name__: _entity_rule(rule.__name__) for rule in entity_rules.RULES}
    found["alias_table"] = _linking_function("alias_table", lambda entities: None)
    found["link_acronyms"] = _linking_function("link_acronyms", lambda ctx, entities: entities)
    found["link_surnames"] = _linking_function("link_surnames", lambda ctx, entities: None)
    found["add_aliases"] = _linking_function("add_aliases", lambda ctx, doc: None)
    for rule in (*consistency.BEFORE_LINKING, *consistency.AFTER_LINKING):
        found[rule.__name__] = _consistency_rule(rule.__name__)
    return found


@contextmanager
def remembered_ner() -> Iterator[None]:
    """The NER's spans computed once per sentence: only the rules change between runs."""
    tag = natasha_models.tag_ner
    memo: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}

    def cached(sentences_words: Iterable[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
        items = [tuple(words) for words in sentences_words]
        missing = [words for words in dict.fromkeys(items) if words not in memo]
        memo.update(zip(missing, tag(missing), strict=True))
        return [list(memo[words]) for words in items]

    natasha_models.tag_ner = cached
    try:
        yield
    finally:
        natasha_models.tag_ner = tag


def gains(full: dict[str, dict[str, float]], without: dict[str, dict[str, float]]) -> dict[str, Any]:
    return {
        half: {kind: round(full[half][kind] - without[half][kind], 4) for kind in (*TYPES, "all")}
        for half in "AB"
    }


def verdict(gain: dict[str, Any]) -> str:
    a, b = gain["A"]["all"], gain["B"]["all"]
    if all(gain[h][k] == 0 for h in "AB" for k in (*TYPES, "all")):
        return "does not fire"
    if a > 0 and b > 0:
        return "confirmed"
    if min(a, b) >= 0 and all(gain[h][k] >= 0 for h in "AB" for k in TYPES):
        return "no loss"
    return "not confirmed"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=None, metavar="RULE", help="ablate these rules only")
    args = parser.parse_args(argv)
    devset = read_devset()
    texts = [doc.text for doc in devset.documents]
    table = ablations()
    names = [name for name in table if args.only is None or name in args.only]
    result: dict[str, Any] = {}
    with remembered_ner():
        full = {half: f1_row(t) for half, t in by_half(devset.documents, newsprism_spans(texts)).items()}
        result["full"] = full
        print(f"{'rule':<26}{'half':<5}" + "".join(f"{k:>8}" for k in (*TYPES, "micro")) + "  verdict")
        for name in names:
            with table[name]():
                without = by_half(devset.documents, newsprism_spans(texts))
            gain = gains(full, {half: f1_row(t) for half, t in without.items()})
            result[name] = {**gain, "verdict": verdict(gain)}
            for half in "AB":
                cells = "".join(f"{gain[half][k]:>+8.3f}" for k in (*TYPES, "all"))
                print(f"{name:<26}{half:<5}{cells}  {verdict(gain) if half == 'B' else ''}")
    for half in "AB":
        print(f"full {half}: " + ", ".join(f"{k} {full[half][k]:.3f}" for k in (*TYPES, "all")))
    RESULTS.mkdir(exist_ok=True)
    path: Path = RESULTS / "ablate_entities.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"saved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
