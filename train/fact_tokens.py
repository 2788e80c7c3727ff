"""Experiment: BERTScore-style token alignment features for the shared-fact pair model.

    PYTHONPATH=src .venv/bin/python train/fact_tokens.py --cache /tmp/cmp

For two statements, each content token's e5 state (the last layer, which `meaning.py`'s forward
pass already computes before pooling) is matched to its most similar token of the other
statement: the (idf-weighted) mean of the best cosines is the statement's precision against the
other, the other way its recall, and their harmonic mean F (Zhang et al.'s BERTScore, greedy
matching). Further features: the weakest best match among the name and number tokens of either
statement (a name or figure of one with no close token in the other), and whether both
statements carry dates with none in common. Each set is added to the features of
`compare/fact_pairs.py` and scored with `train/fact_pairs.py`'s cross-half protocol (the model
of one half fitted on the other half's events only; threshold and linkage chosen on the pooled
cross-half results), against the shipped feature set on the same run.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "train"))
sys.path.insert(0, str(ROOT / "bench"))

import fact_pairs  # noqa: E402
from eval_comparison import Corpus  # noqa: E402
from fact_pairs import Event, choose, cross_half, load_events, summary  # noqa: E402
from newsprism.analyse.e5_encoder import E5Encoder, load_encoder  # noqa: E402
from newsprism.compare.fact_pairs import MEANING, _gap, article_numbers  # noqa: E402
from newsprism.compare.meaning import MAX_TOKENS  # noqa: E402

Floats = npt.NDArray[np.float32]


def token_states(
    encoder: E5Encoder, texts: list[str], depth: int | None = None
) -> list[tuple[Floats, npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]]:
    """Per text: unit states of its content tokens, their ids, which are word-like (not
    punctuation) and which belong to a name or number word."""
    pieces = {index: piece for piece, (index, _) in encoder.tokenizer.pieces.items()}
    prefix = len(encoder.tokenizer.content("query:"))
    out = []
    encoded = [encoder.tokens(text, MAX_TOKENS) for text in texts]
    order = sorted(range(len(texts)), key=lambda k: len(encoded[k]))
    states: dict[int, Floats] = {}
    start = 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and (stop - start + 1) * len(encoded[order[stop]]) <= 4096:
            stop += 1
        chosen = order[start:stop]
        hidden, _ = encoder.states([encoded[k] for k in chosen], depth=depth)
        for row, k in enumerate(chosen):
            states[k] = hidden[row, : len(encoded[k])]
        start = stop
    for k in range(len(texts)):
        ids = np.array(encoded[k][1 + prefix : -1], dtype=np.int64)
        hidden = states[k][1 + prefix : len(encoded[k]) - 1]
        text_pieces = [pieces.get(int(i), "") for i in ids]
        wordy = np.array([any(c.isalnum() for c in p) for p in text_pieces], dtype=bool)
        named = np.zeros(len(ids), dtype=bool)
        word_start, first_word, flag = 0, True, False
        for t, piece in enumerate(text_pieces):
            if piece.startswith("\u2581") or t == 0:
                body = piece.lstrip("\u2581")
                flag = bool(body) and (
                    (body[0].isupper() and not first_word) or any(c.isdigit() for c in body)
                )
                first_word = first_word and not any(c.isalnum() for c in body)
                word_start = t
            elif any(c.isdigit() for c in piece):
                flag = True
                named[word_start:t] = True
            named[t] = flag and wordy[t]
        if not wordy.any():
            wordy[:] = True
        if len(ids) == 0:
            hidden = states[k][:1]
            ids = np.array([encoded[k][0]], dtype=np.int64)
            wordy = np.ones(1, dtype=bool)
            named = np.zeros(1, dtype=bool)
        keep = wordy
        unit = hidden[keep] / np.maximum(np.linalg.norm(hidden[keep], axis=1, keepdims=True), 1e-6)
        out.append((unit.astype(np.float32), ids[keep], named[keep], keep))
    return out


def token_features(
    event: Event,
    tokens: list[tuple[Floats, npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]],
) -> dict[str, np.ndarray]:
    n = len(tokens)
    units = np.concatenate([t[0] for t in tokens])
    ids = np.concatenate([t[1] for t in tokens])
    named = np.concatenate([t[2] for t in tokens])
    sizes = np.array([len(t[1]) for t in tokens])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # idf over the story's statements
    df: dict[int, int] = {}
    for t in tokens:
        for i in set(t[1].tolist()):
            df[i] = df.get(i, 0) + 1
    idf = np.array([np.log((n + 1) / (df[int(i)] + 1)) for i in ids])
    idf = np.maximum(idf, 0.05)
    similarity = units @ units.T
    best = np.maximum.reduceat(similarity, starts, axis=1)  # token t's best cosine in statement j
    out: dict[str, np.ndarray] = {}
    for name, weight in (("plain", np.ones(len(ids))), ("idf", idf)):
        total = np.add.reduceat(weight, starts)
        precision = np.add.reduceat(weight[:, None] * best, starts, axis=0) / total[:, None]
        recall = precision.T
        f = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
        out[f"bs_{name}"] = f
        out[f"bs_{name}_lo"] = np.minimum(precision, recall)
    masked = np.where(named[:, None], best, 1.0)
    weakest = np.minimum.reduceat(masked, starts, axis=0)
    out["name_miss"] = np.minimum(weakest, weakest.T)
    # dates: both dated, none in common
    dates = [set(s.dates) for s in event.statements]
    out["date_clash"] = np.array(
        [[float(bool(a) and bool(b) and not (a & b)) for b in dates] for a in dates], dtype=np.float64
    )
    article = article_numbers(event.statements)
    other = article[:, None] != article[None, :]
    for key in list(out):
        value = np.where(other, out[key], 0.0)
        if key.startswith("bs_") or key == "name_miss":
            out[key] = (value - CENTRE) * SCALE * other
            if key in ("bs_plain", "bs_idf"):
                out[f"{key}_gap"] = _gap(value, article) * SCALE
        else:
            out[key] = value
    return out


CENTRE, SCALE = 0.85, 10.0

SETS: dict[str, tuple[str, ...]] = {
    "shipped (MEANING)": MEANING,
    "+ bs plain": (*MEANING, "bs_plain", "bs_plain_gap"),
    "+ bs idf": (*MEANING, "bs_idf", "bs_idf_gap"),
    "+ bs idf + lo": (*MEANING, "bs_idf", "bs_idf_gap", "bs_idf_lo"),
    "+ bs idf + name": (*MEANING, "bs_idf", "bs_idf_gap", "name_miss"),
    "+ bs idf + name + date": (*MEANING, "bs_idf", "bs_idf_gap", "name_miss", "date_clash"),
    "+ name + date (no bs)": (*MEANING, "name_miss", "date_clash"),
    "+ all": (
        *MEANING,
        "bs_plain",
        "bs_plain_gap",
        "bs_idf",
        "bs_idf_gap",
        "bs_idf_lo",
        "name_miss",
        "date_clash",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--depth", type=int, default=None, help="layers read (all by default)")
    args = parser.parse_args()
    fact_pairs.THRESHOLDS = (*fact_pairs.THRESHOLDS, 0.75, 0.8, 0.85)  # type: ignore[assignment]
    events = load_events(Corpus(args.cache))
    encoder = load_encoder()
    encoding = matching = 0.0
    count = 0
    for event in events:
        began = time.perf_counter()
        tokens = token_states(encoder, [s.text for s in event.statements], args.depth)
        middle = time.perf_counter()
        event.values.update(token_features(event, tokens))
        encoding, matching = encoding + middle - began, matching + time.perf_counter() - middle
        count += len(tokens)
    print(f"{count} statements of {len(events)} events: encoder {encoding:.1f} s, matching {matching:.1f} s")
    stats = np.concatenate([e.values["bs_idf"][np.triu_indices(len(e.statements), 1)] for e in events])
    print(f"bs_idf scaled: mean {stats.mean():.2f} sd {stats.std():.2f}")
    for name in args.sets:
        results = cross_half(events, SETS[name])
        key = choose(results)
        print(f"{name}: t={key[0]} link={key[1]}", summary(results[key]))
        for floor in (0.85, 0.87, 0.89):
            precise = [k for k in results if summary(results[k])["all"]["precision"] >= floor]
            if precise:
                k = max(precise, key=lambda k: summary(results[k])["all"]["recall"])
                print(f"    most recall at pooled P>={floor}: t={k[0]} link={k[1]}", summary(results[k]))


if __name__ == "__main__":
    main()
