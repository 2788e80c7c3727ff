"""Sentiment toward each entity mention: -1, 0 or 1, as the mention's sentence treats it.

The model is a multinomial logistic regression over features of the mention's sentence, the
mention itself masked: hashed sparse features (the sentence's lemmas; the words in a window on each
side, by side and distance; bigrams across the mask; negated words, «не поддержал»; the mention's
shape, case and place; its role: the word before it with its case, the verb it looks the subject
or object of; the sentence's lemmas paired with that role (subject, object, genitive after a
noun, else its case), so that «убийца» before «полицейского», its victim, weighs apart from
«убийца» before a subject) and averaged
navec word vectors (of the words left and right of the mention, of the sentence, of the mention).
`train/entity_sentiment.py` trains it on RuSentNE-2023 through `contexts_of` and `featurise`
below, so training and inference compute features the same way.

It ships as `models/entity_sentiment.npz`, plain numpy arrays loaded with `allow_pickle=False`;
`models/entity_sentiment.json` records its data, cross-validated score and settings.

    score_mention(text, start, stop) -> (label, score)   one mention
    score_mentions(mentions)                             many, preprocessed in one batch
    score_records(records)                               `newsprism sentiment`: {"label", "score"} each
    EntitySentiment                                      the pipeline step: Entity.sentiment, .score
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32

from newsprism.analyse import natasha_models
from newsprism.analyse.morph import Lemmatize, TagMorph, parse_feats
from newsprism.analyse.pipeline import Pipeline, Step
from newsprism.analyse.segment import Segment
from newsprism.model import Doc, Token

MODEL_PATH = Path(__file__).resolve().parent / "models" / "entity_sentiment.npz"
METADATA_PATH = MODEL_PATH.with_suffix(".json")

LABELS = (-1, 0, 1)
NEGATIONS = frozenset({"не", "ни", "нет", "без"})
BAG_PUNCT = frozenset({"!", "?"})
MASK = "<E>"
DIM = 300  # navec news vectors

Vector = np.ndarray[Any, np.dtype[np.float32]]


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which features describe a mention. Saved with the model: a model is used with its own."""

    window: int = 4  # words on each side that count by side and distance
    bag: bool = True  # the sentence's lemmas, wherever they stand
    bigrams: bool = True  # word pairs in the window, the mention as <E>
    chars: tuple[int, int] = (0, 0)  # lengths of character n-grams, (3, 5) say; none: no gain over vectors
    chars_scope: str = "sentence"  # n-grams of the sentence's words, or of the "window"'s
    negation: bool = True  # a word after не/ни/нет/без also counts as ~word
    mention: bool = True  # the mention's shape, case and place in the sentence
    predicate: bool = False  # the nearest verb's lemma with the mention's case
    role: bool = False  # the mention's role by its case and neighbours: subject of, object of, after
    case_bag: bool = False  # the sentence's lemmas by side, each paired with the mention's role
    entity_type: bool = False  # PER, LOC, ORG ("?" unknown): off, as `newsprism sentiment` has no types
    vectors: tuple[str, ...] = ("left", "right", "sentence", "mention")  # averaged word vectors
    vector_scale: float = 1.0
    n_features: int = 2**18

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(**{**data, "chars": tuple(data["chars"]), "vectors": tuple(data["vectors"])})

    @property
    def width(self) -> int:
        return self.n_features + DIM * len(self.vectors)


class Unit(NamedTuple):
    """A token as the features see it: `key` is its lemma (`<num>` for numbers), `word` its lower-cased
    text, `title` whether it starts with a capital, `negated` whether it follows a negation."""

    start: int
    stop: int
    key: str
    word: str
    title: bool
    punct: bool
    negated: bool
    pos: str
    feats: str


def sentence_units(text: str, tokens: Sequence[Token]) -> list[Unit]:
    """The units of one sentence's tokens (which must carry morphology and lemmas)."""
    units: list[Unit] = []
    negated = False
    for token in tokens:
        raw = text[token.start : token.stop]
        word = raw.lower()
        word = word.replace("ё", "е") if "ё" in word else word
        punct = token.pos == "PUNCT" or not word[:1].isalnum()
        key = "<num>" if token.pos == "NUM" or word[:1].isdigit() else (token.lemma or word)
        key = key.replace("ё", "е") if "ё" in key else key
        units.append(
            Unit(
                token.start, token.stop, key, word, raw[:1].isupper(), punct, negated, token.pos, token.feats
            )
        )
        if not punct:
            negated = key in NEGATIONS
    return units


class Context(NamedTuple):
    """A mention at [start, stop) with the units of its sentence."""

    units: Sequence[Unit]
    start: int
    stop: int
    type: str = ""


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


def _mention_keys(
    units: Sequence[Unit], inside: Sequence[Unit], place: tuple[str, str], config: FeatureConfig
) -> list[str]:
    """The mention's shape, case and place; its nearest verb if asked. `inside` are its words."""
    head = next((unit for unit in inside if unit.pos in ("NOUN", "PROPN")), inside[0])
    case = parse_feats(head.feats).get("Case", "")
    keys = ["s:cap" if inside[0].title else "s:low", f"s:n{min(len(inside), 3)}", f"s:case={case}", *place]
    if config.predicate:
        verbs = [
            (inside[0].start - u.stop, "<", u.key)
            for u in units
            if u.stop <= inside[0].start and u.pos == "VERB"
        ]
        verbs += [
            (u.start - inside[-1].stop, ">", u.key)
            for u in units
            if u.start >= inside[-1].stop and u.pos == "VERB"
        ]
        if verbs:
            _, side, verb = min(verbs)
            keys.append(f"p:{verb}|{side}{case}")
    return keys


def _case_of(inside: Sequence[Unit]) -> str:
    """The grammatical case of a mention's words: its first noun's, else its first word's."""
    head = next((unit for unit in inside if unit.pos in ("NOUN", "PROPN")), inside[0])
    return parse_feats(head.feats).get("Case", "")


def _role_keys(left: Sequence[Unit], case: str, right: Sequence[Unit]) -> list[str]:
    """The mention's role in its clause as its case and neighbouring words show it: the word before
    it with its case («убийца» + Gen: the victim; after a preposition, the word before that too:
    «суд над»), the part of speech after it, and the nearest verb of which it looks the subject
    (nominative) or object (accusative, dative).
    `left` are the words before the mention, nearest last; `right` those after."""
    role = _role_of(left, case, right)
    keys = [] if role.startswith("x") else [f"role:{role}"]
    if left:
        before = left[-1]
        keys += [f"h:{before.key}|{case}", f"hp:{before.pos}|{case}"]
        if before.pos == "ADP" and len(left) > 1:
            keys.append(f"hh:{left[-2].key}|{before.key}")
    if right:
        keys.append(f"n:{right[0].pos}|{case}")
    verb_left = next((unit for unit in reversed(left) if unit.pos == "VERB"), None)
    verb_right = next((unit for unit in right if unit.pos == "VERB"), None)
    verb = verb_right or verb_left
    if case == "Nom" and verb is not None:
        keys.append(f"subj:{verb.key}")
    elif case in ("Acc", "Dat") and verb_left is not None:
        keys.append(f"obj:{verb_left.key}|{case}")
    return keys


def _role_of(left: Sequence[Unit], case: str, right: Sequence[Unit]) -> str:
    """The mention's role in short: "subj" (nominative, a verb in the sentence), "obj" (accusative
    or dative after a verb), "genof" (genitive after a noun: «убийца полицейского»), else "x" and
    its case."""
    if case == "Nom" and any(unit.pos == "VERB" for unit in (*left, *right)):
        return "subj"
    if case in ("Acc", "Dat") and any(unit.pos == "VERB" for unit in left):
        return "obj"
    if case == "Gen" and left and left[-1].pos == "NOUN":
        return "genof"
    return "x" + case


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
            mention += _mention_keys(units, [units[u] for u in sentence.words[a:b]], (first, last), config)
            if i and units[i - 1].key in ("«", '"', "“"):
                mention.append("s:quoted")
        if (config.role or config.case_bag) and a < b:
            word_units = [units[u] for u in sentence.words]
            case = _case_of(word_units[a:b])
            if config.role:
                small_blocks.append(_role_keys(word_units[:a], case, word_units[b:]))
            if config.case_bag:  # «убийца» before a genitive mention is its killer, not it
                role = _role_of(word_units[:a], case, word_units[b:])
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


class DocContexts:
    """The units of a doc's sentences, built on demand, looked up by a mention's offsets."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [sentence.start for sentence in doc.sentences]
        self.tokens = [tokens for _, tokens in doc.iter_sentence_tokens()]
        self.units: dict[int, list[Unit]] = {}

    def sentence(self, index: int) -> list[Unit]:
        if index not in self.units:
            self.units[index] = sentence_units(self.doc.text, self.tokens[index])
        return self.units[index]

    def context(self, start: int, stop: int, entity_type: str = "") -> Context:
        """The mention in its sentence (in all the sentences it spans, should it cross a boundary)."""
        first = last = max(bisect_right(self.starts, start) - 1, 0)
        while last + 1 < len(self.starts) and self.doc.sentences[last].stop < stop:
            last += 1
        if first == last and self.starts:
            units = self.sentence(first)
        else:
            units = [unit for index in range(first, last + 1) if self.starts for unit in self.sentence(index)]
        return Context(_around(units, start, stop), start, stop, entity_type)


MAX_CONTEXT_UNITS = 200  # far above a news sentence (RuSentNE's longest is about 120 units)


def _around(units: list[Unit], start: int, stop: int) -> list[Unit]:
    """The units, or for a run-on "sentence" (a table dump, a text with no full stops) the
    MAX_CONTEXT_UNITS around the mention: every mention's features cost time linear in its context,
    so an unbounded one makes a long text's analysis quadratic."""
    if len(units) <= MAX_CONTEXT_UNITS:
        return units
    half = MAX_CONTEXT_UNITS // 2
    first = bisect_right([unit.start for unit in units], start)
    low = max(min(first - half, len(units) - MAX_CONTEXT_UNITS), 0)
    return units[low : low + MAX_CONTEXT_UNITS]


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


@dataclass(frozen=True, slots=True)
class SentimentModel:
    """A trained model: `coef` is (3, config.width) for the labels -1, 0, 1."""

    config: FeatureConfig
    coef: Vector
    intercept: Vector
    embedding: str  # navec's id of the word vectors it was trained with

    def probabilities(self, contexts: Sequence[Context]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Probabilities of -1, 0 and 1 for each mention: the softmax of the linear scores. The
        mentions are featurised in pieces (`pieces`), so memory does not grow with the batch."""
        if not contexts:
            return np.zeros((0, len(LABELS)))
        return np.vstack([self._probabilities(piece) for piece in pieces(contexts)])

    def _probabilities(self, contexts: Sequence[Context]) -> np.ndarray[Any, np.dtype[np.float64]]:
        hashed_features, vectors = featurise(contexts, self.config)
        n = self.config.n_features
        scores = np.asarray(hashed_features @ self.coef[:, :n].T, dtype=np.float64) + self.intercept
        scores += vectors @ self.coef[:, n:].T
        exp = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, contexts: Sequence[Context]) -> list[tuple[int, float]]:
        """The label of each mention with its probability."""
        probabilities = self.probabilities(contexts)
        best = probabilities.argmax(axis=1)
        return [(LABELS[b], float(probabilities[i, b])) for i, b in enumerate(best)]

    def save(self, path: Path) -> None:
        config = json.dumps(asdict(self.config))
        labels = np.array(LABELS, dtype=np.int8)
        np.savez_compressed(
            path,
            coef=self.coef,
            intercept=self.intercept,
            labels=labels,
            config=np.array(config),
            embedding=np.array(self.embedding),
        )

    @classmethod
    def load(cls, path: Path) -> SentimentModel:
        """A model saved by `save`: numpy arrays only, never pickle."""
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(int(label) for label in data["labels"])
            config = FeatureConfig.from_dict(json.loads(str(data["config"])))
            coef, intercept = data["coef"].astype(np.float32), data["intercept"].astype(np.float32)
            model = cls(config, coef, intercept, str(data["embedding"]))
        if labels != LABELS or model.coef.shape != (len(LABELS), config.width):
            raise ValueError(
                f"{path}: labels {labels} or coefficients {model.coef.shape} do not fit the config"
            )
        return model


@cache
def load_model() -> SentimentModel:
    """The model shipped in the package, loaded once per process."""
    if not MODEL_PATH.is_file():
        raise FileNotFoundError(f"{MODEL_PATH} not found: train it with `python train/entity_sentiment.py`")
    model = SentimentModel.load(MODEL_PATH)
    if model.config.vectors and model.embedding != embedding_id():
        raise ValueError(
            f"{MODEL_PATH} was trained with word vectors {model.embedding!r}, but natasha now ships "
            f"{embedding_id()!r}: retrain it with `python train/entity_sentiment.py`"
        )
    return model


def embedding_id() -> str:
    return str(natasha_models.load().emb.meta.id)


class EntitySentiment(Step):
    """Sets `sentiment` (-1, 0, 1) and `score` (the model's probability of it) on every entity; the
    mentions of a whole batch of docs are scored in one matrix product."""

    name = "sentiment"
    requires = ("lemmas", "entities")
    assigns = ("sentiment",)

    def __init__(self, model: SentimentModel | None = None) -> None:
        self.model = model

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        model = self.model or load_model()
        contexts: list[Context] = []
        for doc in docs:
            index = DocContexts(doc)
            contexts.extend(index.context(e.start, e.stop, e.type) for e in doc.entities)
        entities = [entity for doc in docs for entity in doc.entities]
        for entity, (label, score) in zip(entities, model.predict(contexts), strict=True):
            # rounded: a batch's matrix product differs from one doc's in the last float digits
            entity.sentiment, entity.score = label, round(score, 4)
        return (self._done(doc) for doc in docs)


class Mention(NamedTuple):
    """An entity mention to score: its offsets in a text and, when known, its type (PER, LOC, ORG)."""

    text: str
    start: int
    stop: int
    type: str = ""


def offsets_problem(text: str, start: int, stop: int) -> str | None:
    """Why [start, stop) is not a non-empty span of the text, or None when it is."""
    if 0 <= start < stop <= len(text):
        return None
    return (
        f"mention offsets start={start}, stop={stop} are not a span of the text of {len(text)} "
        f"characters: need 0 <= start < stop <= {len(text)}"
    )


def check_offsets(text: str, start: int, stop: int) -> None:
    """Raise ValueError unless [start, stop) is a non-empty span of the text."""
    problem = offsets_problem(text, start, stop)
    if problem:
        raise ValueError(problem)


@cache
def _preprocess() -> Pipeline:
    return Pipeline([Segment(), TagMorph(), Lemmatize()], batch_size=64)


def contexts_of(mentions: Sequence[Mention]) -> list[Context]:
    """Each mention in its sentence; the distinct texts are segmented, tagged and lemmatised in one batch."""
    for mention in mentions:
        check_offsets(mention.text, mention.start, mention.stop)
    texts = list(dict.fromkeys(mention.text for mention in mentions))
    docs = _preprocess().pipe(Doc(text=text) for text in texts)
    indexes = {text: DocContexts(doc) for text, doc in zip(texts, docs, strict=True)}
    return [indexes[m.text].context(m.start, m.stop, m.type) for m in mentions]


def score_mentions(
    mentions: Sequence[Mention], model: SentimentModel | None = None
) -> list[tuple[int, float]]:
    """The sentiment (-1, 0, 1) toward each mention and the model's probability of it."""
    model = model or load_model()
    return model.predict(contexts_of(mentions))


def score_mention(text: str, start: int, stop: int, entity_type: str = "") -> tuple[int, float]:
    """The sentiment (-1, 0, 1) toward text[start:stop] and the model's probability of it.

    Raises ValueError when the offsets are not a non-empty span of the text."""
    return score_mentions([Mention(text, start, stop, entity_type)])[0]


def score_records(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`newsprism sentiment`: for records {"text": str, "start": int, "stop": int} (types checked by
    the caller) one {"label": -1|0|1, "score": float} each, in order; a record whose offsets are not
    a span of its text gets {"label": null, "score": null, "error": reason} instead."""
    mentions = [Mention(r["text"], r["start"], r["stop"]) for r in records]
    problems = [offsets_problem(m.text, m.start, m.stop) for m in mentions]
    scored = iter(score_mentions([m for m, problem in zip(mentions, problems, strict=True) if not problem]))
    return [
        {"label": None, "score": None, "error": problem} if problem else _answer(*next(scored))
        for problem in problems
    ]


def _answer(label: int, score: float) -> dict[str, Any]:
    return {"label": label, "score": round(score, 4)}
