"""slovnet's CNN taggers (morphology, NER) computed in numpy from their weights.

A tagger embeds each word (a navec vector, product-quantised, and a word-shape vector), runs three
convolutions of width 3, each followed by ReLU and batch norm, and scores the tags with a linear
head; the NER decodes the scores with a CRF. slovnet pads a batch of sentences to its longest one
and builds records per token; here the sentences of a pass are joined into one sequence with a zero
row between them (what each sentence sees at its ends in slovnet's padded batches), so nothing is
computed for padding, every product is one large matrix product, and the first convolution is
computed once per distinct word. The scores are slovnet's (the tags are the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float32]
Ints = NDArray[np.intp]

HEAD_BLOCK = 512  # words whose scores are made at once: 512 x 753 floats fit a core's cache


@dataclass(slots=True, frozen=True)
class ConvLayer:
    """A convolution of width 3 padded by 1, then ReLU, then batch norm (as an affine map)."""

    kernels: Floats  # in x (3 * size): the kernel's three offsets side by side
    size: int
    bias: Floats
    scale: Floats
    shift: Floats

    @classmethod
    def from_weights(
        cls, weight: Floats, bias: Floats, norm_weight: Floats, norm_bias: Floats, mean: Floats, std: Floats
    ) -> ConvLayer:
        """From torch's layout: `weight` is out x in x 3."""
        size, _, width = weight.shape
        if width != 3:
            raise ValueError(f"a convolution of width 3 expected, not {width}")
        kernels = np.concatenate([weight[:, :, offset].T for offset in range(width)], axis=1)
        scale = norm_weight / std
        return cls(np.ascontiguousarray(kernels), size, bias, scale, norm_bias - mean * scale)

    def finish(self, products: Floats, separators: Ints) -> Floats:
        """The layer's output from the products of its input with `kernels`: each row sums its
        neighbours' products by offset; separator rows stay zero."""
        size = self.size
        result = np.empty((products.shape[0], size), dtype=np.float32)
        middle = result[1:-1]
        np.add(products[:-2, :size], products[1:-1, size : 2 * size], out=middle)
        middle += products[2:, 2 * size :]
        middle += self.bias
        np.maximum(middle, 0, out=middle)
        middle *= self.scale
        middle += self.shift
        result[separators] = 0
        return result


class CNNTagger:
    """Scores of every tag for every word of a batch of sentences."""

    def __init__(
        self,
        indexes: NDArray[np.uint8],
        codes: Floats,
        shapes: Floats,
        layers: Sequence[ConvLayer],
        head_weight: Floats,
        head_bias: Floats,
    ) -> None:
        self.indexes = indexes  # navec: word id -> a centroid per subvector
        self.codes = codes  # subvectors x centroids x subvector size
        self.layers = list(layers)
        self.head_weight = head_weight
        self.head_bias = head_bias
        self.shape_count = len(shapes)
        word_dim = codes.shape[0] * codes.shape[2]
        self.word_kernels = np.ascontiguousarray(self.layers[0].kernels[:word_dim])
        # The first layer's product with each word shape, done once.
        self.shape_products: Floats = shapes @ self.layers[0].kernels[word_dim:]

    def scores(self, word_ids: Ints, shape_ids: Ints, lengths: Ints) -> Floats:
        """Scores (words x tags) of the words of sentences of `lengths`, given in order."""
        hidden = self.hidden(word_ids, shape_ids, lengths)
        return np.asarray(hidden @ self.head_weight + self.head_bias, dtype=np.float32)

    def best(self, word_ids: Ints, shape_ids: Ints, lengths: Ints) -> Ints:
        """The best-scoring tag of each word. With many tags (the morphology's 753) the scores
        are made a block of words at a time, which stays in the processor's cache."""
        hidden = self.hidden(word_ids, shape_ids, lengths)
        result = np.empty(len(hidden), dtype=np.intp)
        block = np.empty((HEAD_BLOCK, self.head_weight.shape[1]), dtype=np.float32)
        for start in range(0, len(hidden), HEAD_BLOCK):
            rows = hidden[start : start + HEAD_BLOCK]
            scores = block[: len(rows)]
            np.matmul(rows, self.head_weight, out=scores)
            scores += self.head_bias
            result[start : start + len(rows)] = scores.argmax(1)
        return result

    def hidden(self, word_ids: Ints, shape_ids: Ints, lengths: Ints) -> Floats:
        """The last convolution's output (words x its size) for the words, in order."""
        tokens, count = len(word_ids), len(lengths)
        total = tokens + count + 1
        positions = np.arange(tokens) + np.repeat(np.arange(1, count + 1), lengths)
        separators = np.cumsum(np.concatenate(([0], lengths + 1)))
        distinct, inverse = np.unique(word_ids * self.shape_count + shape_ids, return_inverse=True)
        words, shapes = np.divmod(distinct, self.shape_count)
        subvectors = np.arange(self.codes.shape[0])
        vectors = self.codes[subvectors, self.indexes[words]].reshape(len(distinct), -1)
        products = vectors @ self.word_kernels + self.shape_products[shapes]
        products = np.vstack((products, np.zeros((1, products.shape[1]), np.float32)))
        rows = np.full(total, len(distinct), dtype=np.intp)  # separators take the zero row
        rows[positions] = inverse.reshape(-1)
        x = self.layers[0].finish(np.take(products, rows, axis=0), separators)
        for layer in self.layers[1:]:
            x = layer.finish(x @ layer.kernels, separators)
        return np.asarray(x[positions], dtype=np.float32)


def viterbi(scores: Floats, lengths: Ints, transitions: Floats) -> Ints:
    """The best tag of each word under a CRF (`transitions` is previous tag x tag), for all
    sentences at once. Sentences run longest first, so the ones still going are a prefix."""
    order = np.argsort(-lengths, kind="stable")
    lengths_sorted = lengths[order]
    count, longest, tags = len(lengths), int(lengths_sorted[0]), scores.shape[1]
    rank = np.empty(count, dtype=np.intp)
    rank[order] = np.arange(count)
    sentence = np.repeat(np.arange(count), lengths)
    within = np.arange(len(scores)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    padded = np.zeros((count, longest, tags), dtype=np.float32)
    padded[rank[sentence], within] = scores
    going = np.searchsorted(-lengths_sorted, -np.arange(longest), side="left")  # lengths > t
    score = padded[:, 0].copy()
    history = []
    for t in range(1, longest):
        k = int(going[t])
        step = score[:k, :, None] + transitions + padded[:k, t, None, :]
        best = step.argmax(1)
        score[:k] = np.take_along_axis(step, best[:, None, :], 1)[:, 0]
        history.append(best)
    path = np.zeros((count, longest), dtype=np.intp)
    current = score.argmax(1)
    for t in range(longest - 1, 0, -1):
        k = int(going[t])
        path[:k, t] = current[:k]
        current[:k] = history[t - 1][np.arange(k), current[:k]]
    path[:, 0] = current
    return np.asarray(path[rank[sentence], within], dtype=np.intp)
