"""The features of a batch of mentions (`featurise`, `design`): hashed sparse features of the
mention's sentence, its window, bigrams across the mask, negated words, the mention's own keys
(`mention_keys`), and averaged navec word vectors; `pieces` cuts a batch to a bounded size."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32

from newsprism.analyse import natasha_models
from newsprism.analyse.sentiment.config import BAG_PUNCT, DIM, MASK, FeatureConfig, Vector
from newsprism.analyse.sentiment.contexts import Context
from newsprism.analyse.sentiment.mention_keys import case_of, mention_keys, role_keys, role_of

# Hashed features. Each distinct word's key (and ~key after a negation) is hashed once, and the
# blocks about words (the bag; the window left and right, by distance; the words right next to the
# mention) shift its column by their own offset, so one sparse matrix of a batch's units serves
# them all. A mention's block is a weighted selection of units (a sparse matrix, mentions x units)
# times that matrix, scaled to unit length; selections of the units' word vectors give the dense part.
WINDOW_OFFSETS = (40_503, 81_013, 121_523, 162_037)  # left, right, next left, next right; the bag: 0
Hashed = tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.float64]]]


def hashed(key: str) -> tuple[int, float]:
    """A feature's column (before the modulo of the feature count) and its sign."""
    value = murmurhash3_32(key, seed=0)
    return abs(value), 1.0 if value >= 0 else -1.0


small_key = lru_cache(maxsize=100_000)(hashed)


def _hashed_all(keys: Iterable[str]) -> Hashed:
    found = [hashed(key) for key in keys]
    return np.array([c for c, _ in found], dtype=np.int64), np.array([s for _, s in found], dtype=np.float64)


@lru_cache(maxsize=100_000)
def word_keys(key: str, negated: bool) -> Hashed:
    """The hashed keys of a word: its lemma, and ~lemma after a negation."""
    return _hashed_all((key, "~" + key) if negated else (key,))


@lru_cache(maxsize=100_000)
def word_ngrams(word: str, low: int, high: int) -> Hashed:
    """The hashed character n-grams of a word padded with spaces."""
    padded = f" {word} "
    return _hashed_all(
        "c:" + padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)
    )


NO_NGRAMS: Hashed = (np.zeros(0, dtype=np.int64), np.zeros(0))
ZERO = np.zeros(DIM, dtype=np.float32)


@lru_cache(maxsize=50_000)
def word_vector(word: str) -> Vector:
    """navec's news vector of a lower-cased word, zeros when it has none (`featurise` looks up
    a batch's words at once through `natasha_models.word_vectors`)."""
    vector = natasha_models.load().emb.get(word)
    return ZERO if vector is None else np.asarray(vector, dtype=np.float32)


class _Rows:
    """Triples (row, column, value) of a sparse matrix under construction."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []

    def add(self, row: int, cols: Sequence[int], values: Sequence[float] | None = None) -> None:
        self.rows.extend([row] * len(cols))
        self.cols.extend(cols)
        self.values.extend([1.0] * len(cols) if values is None else values)

    def add_rows(self, rows: Sequence[int], cols: Sequence[int], values: Sequence[float]) -> None:
        self.rows.extend(rows)
        self.cols.extend(cols)
        self.values.extend(values)

    def matrix(self, shape: tuple[int, int], modulo: int = 0, dtype: type = np.float64) -> sparse.csr_matrix:
        cols = np.array(self.cols, dtype=np.int64)
        rows = np.array(self.rows, dtype=np.int64)
        values: np.ndarray[Any, Any] = np.array(self.values, dtype=dtype)
        return sparse.csr_matrix((values, (rows, cols % modulo if modulo else cols)), shape=shape)


class _Sentence(NamedTuple):
    base: int  # the row of its first unit in the batch's matrices
    starts: list[int]
    stops: list[int]
    words: list[int]  # the indexes of its units that are not punctuation
    word_rows: list[int]  # their rows
    bag: list[int]  # the indexes of the units that count in the bag
    bag_rows: list[int]  # their rows


class _Units:
    """The units of the distinct sentences of a batch as rows of shared matrices: their hashed
    keys, their hashed character n-grams, their word vectors."""

    def __init__(self, config: FeatureConfig) -> None:
        self.config = config
        self.sentences: dict[int, _Sentence] = {}  # by the id of its units
        self.count = 0
        self.keys: list[Hashed] = []
        self.chars: list[Hashed] = []
        self.vector_words: list[str] = []  # one per unit, "" for punctuation

    def add(self, context: Context) -> _Sentence:
        """The sentence of the context; added when first seen."""
        units = context.units
        if id(units) in self.sentences:
            return self.sentences[id(units)]
        base = self.count
        words = [index for index, unit in enumerate(units) if not unit.punct]
        bag = [index for index, unit in enumerate(units) if not unit.punct or unit.key in BAG_PUNCT]
        starts, stops = [unit.start for unit in units], [unit.stop for unit in units]
        rows = [base + index for index in words], [base + index for index in bag]
        sentence = _Sentence(base, starts, stops, words, rows[0], bag, rows[1])
        self.sentences[id(units)] = sentence
        negation, (low, high) = self.config.negation, self.config.chars
        self.keys.extend(word_keys(unit.key, negation and unit.negated) for unit in units)
        if high:
            self.chars.extend(
                NO_NGRAMS if unit.punct else word_ngrams(unit.word, low, high) for unit in units
            )
        if self.config.vectors:
            self.vector_words.extend("" if unit.punct else unit.word for unit in units)
        self.count += len(units)
        return sentence

    def matrix(self, rows: Sequence[Hashed]) -> sparse.csr_matrix:
        n = self.config.n_features
        indptr = np.cumsum([0] + [len(cols) for cols, _ in rows])
        cols = np.concatenate([cols for cols, _ in rows]) % n if rows else np.zeros(0, np.int64)
        values = np.concatenate([values for _, values in rows]) if rows else np.zeros(0)
        matrix = sparse.csr_matrix((values, cols, indptr), shape=(self.count, n))
        matrix.sum_duplicates()
        return matrix


def _by_distance(near: Sequence[int]) -> list[float]:
    """Weights of the units nearest the mention first: 1, 1/2, 1/3, ..."""
    return [1.0 / distance for distance in range(1, len(near) + 1)]


def _unit_length(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ matrix)


def _shifted(matrix: sparse.csr_matrix, offset: int, n: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((matrix.data, (matrix.indices + offset) % n, matrix.indptr), shape=matrix.shape)


def _add_small(blocks: Iterable[list[str]], into: _Rows, row: int) -> None:
    """Blocks of features of one mention that no unit holds (bigrams; the mention's shape), each
    scaled to unit length."""
    cols: list[int] = []
    values: list[float] = []
    for keys in blocks:
        found = [small_key(key) for key in dict.fromkeys(keys)]
        scale = 1.0 / math.sqrt(len(found) or 1)
        cols += [col for col, _ in found]
        values += [sign * scale for _, sign in found]
    into.add(row, cols, values)


def featurise(contexts: Sequence[Context], config: FeatureConfig) -> tuple[sparse.csr_matrix, Vector]:
    """The hashed sparse features (mentions x n_features) and the averaged word vectors (mentions x
    300 for each part of the sentence named in `config.vectors`) of a batch of mentions."""
    n, window, high = config.n_features, config.window, config.chars[1]
    units_of = _Units(config)
    sentences = [units_of.add(context) for context in contexts]
    m, count = len(contexts), units_of.count
    bag, near, chars, vectors, small = _Rows(), _Rows(), _Rows(), _Rows(), _Rows()
    for row, (context, sentence) in enumerate(zip(contexts, sentences, strict=True)):
        units, base = context.units, sentence.base
        i = bisect_right(sentence.stops, context.start)  # units[:i] are left of the mention
        j = bisect_left(sentence.starts, context.stop)  # units[j:] are right of it
        left, right = (
            list(range(i - 1, max(i - window, 0) - 1, -1)),
            list(range(j, min(j + window, len(units)))),
        )
        if config.bag:
            a, b = bisect_left(sentence.bag, i), bisect_left(sentence.bag, j)
            bag.add(row, sentence.bag_rows[:a] + sentence.bag_rows[b:])
        if window:
            cols = [base + u for u in left] + [count + base + u for u in right]
            cols += [2 * count + base + u for u in left[:1]] + [3 * count + base + u for u in right[:1]]
            near.add(
                row,
                cols,
                _by_distance(left) + _by_distance(right) + [1.0] * (len(cols) - len(left) - len(right)),
            )
        small_blocks = []
        if config.bigrams:
            sequence = [units[u].key for u in left[::-1]] + [MASK] + [units[u].key for u in right]
            small_blocks.append([f"g:{x}|{y}" for x, y in pairwise(sequence)])
        if high:
            scope = [*range(i), *range(j, len(units))] if config.chars_scope == "sentence" else left + right
            chars.add(row, [base + u for u in scope])
        a, b = bisect_left(sentence.words, i), bisect_left(sentence.words, j)
        words_left, words_right = sentence.word_rows[:a][::-1], sentence.word_rows[b:]
        mention = ["t:" + (context.type or "?")] if config.entity_type else []
        if config.mention and a < b:
            first = "s:first" if a == 0 else "s:after"
            last = "s:last" if b == len(sentence.words) else "s:before"
            mention += mention_keys(units, [units[u] for u in sentence.words[a:b]], (first, last), config)
            if i and units[i - 1].key in ("«", '"', "“"):
                mention.append("s:quoted")
        if (config.role or config.case_bag) and a < b:
            word_units = [units[u] for u in sentence.words]
            case = case_of(word_units[a:b])
            if config.role:
                small_blocks.append(role_keys(word_units[:a], case, word_units[b:]))
            if config.case_bag:  # «убийца» before a genitive mention is its killer, not it
                role = role_of(word_units[:a], case, word_units[b:])
                small_blocks.append(
                    [f"{role}<{unit.key}" for unit in word_units[:a]]
                    + [f"{role}>{unit.key}" for unit in word_units[b:]]
                )
        _add_small([*small_blocks, mention], small, row)
        parts = {
            "left": (words_left[:4], True),
            "right": (words_right[:4], True),
            "sentence": (words_left + words_right, False),
            "mention": (sentence.word_rows[a:b], False),
        }
        rows: list[int] = []
        cols = []
        values: list[float] = []
        for position, name in enumerate(config.vectors):
            chosen, by_distance = parts[name]
            rows += [position * m + row] * len(chosen)
            cols += chosen
            values += _by_distance(chosen) if by_distance else [1.0] * len(chosen)
        vectors.add_rows(rows, cols, values)

    total = small.matrix((m, n), modulo=n)
    keys = units_of.matrix(units_of.keys)
    if config.bag:
        total = total + _unit_length(bag.matrix((m, count)) @ keys)
    if window:
        stacked = sparse.vstack([_shifted(keys, offset, n) for offset in WINDOW_OFFSETS], format="csr")
        total = total + _unit_length(near.matrix((m, 4 * count)) @ stacked)
    if high:
        total = total + _unit_length(chars.matrix((m, count)) @ units_of.matrix(units_of.chars))
    dense = np.zeros((m, 0), dtype=np.float32)
    if config.vectors:
        table = natasha_models.word_vectors(units_of.vector_words)
        parts_matrix = np.asarray(vectors.matrix((len(config.vectors) * m, count), dtype=np.float32) @ table)
        norms = np.linalg.norm(parts_matrix, axis=1, keepdims=True)
        parts_matrix *= config.vector_scale / np.where(norms > 0, norms, 1.0)
        dense = np.hstack(np.split(parts_matrix, len(config.vectors))).astype(np.float32)
    return sparse.csr_matrix(total), dense


def design(contexts: Sequence[Context], config: FeatureConfig) -> sparse.csr_matrix:
    """The feature matrix of the mentions as the model sees it: hashed features, then vectors."""
    hashed_features, vectors = featurise(contexts, config)
    return sparse.hstack([hashed_features, sparse.csr_matrix(vectors)], format="csr")


# What one `featurise` call holds: a unit costs a row of 300 word-vector floats and its sparse
# features, a mention four rows of 300 floats. 20,000 units are about 100 MB at the peak; a long
# article's mentions are scored in pieces of this size (a 3 MB one asked for 20.9 GiB at once).
MAX_PIECE_UNITS = 20_000
MAX_PIECE_MENTIONS = 4_000


def pieces(
    contexts: Sequence[Context], max_units: int = MAX_PIECE_UNITS, max_mentions: int = MAX_PIECE_MENTIONS
) -> Iterator[Sequence[Context]]:
    """The contexts in order, in consecutive pieces of at most `max_mentions` mentions whose
    distinct sentences hold at most `max_units` units (a piece holds at least one mention)."""
    start, units = 0, 0
    seen: set[int] = set()
    for index, context in enumerate(contexts):
        new = id(context.units) not in seen
        size = len(context.units) if new else 0
        if index > start and (units + size > max_units or index - start >= max_mentions):
            yield contexts[start:index]
            start, units, new, size = index, 0, True, len(context.units)
            seen.clear()
        if new:
            seen.add(id(context.units))
            units += size
    if start < len(contexts):
        yield contexts[start:]
