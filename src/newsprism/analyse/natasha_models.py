"""The one module that talks to natasha, slovnet and razdel.

Models are loaded once per process (`load()` is cached) and ship inside the natasha wheel: nothing
is downloaded. Everything else in newsprism sees plain tuples and our own dataclasses.

The morphology and NER taggers run on slovnet's weights through `CNNTagger` below rather than
through slovnet's own inference, which spends most of its time outside the matrix products
(records per token, padding, re-tokenising the text). The tags are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np
import razdel

# natasha imports yargy, which patches pymorphy2 for Python 3.11 (inspect.getargspec is gone).
from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser
from natasha.morph.lemma import best_form as natasha_best_form
from natasha.norm import normalize as natasha_normalize
from natasha.shape import recover_shape as natasha_recover_shape
from numpy.typing import NDArray
from slovnet.shape import word_shape

# slovnet pads every batch to its longest item; 32 sentences keeps padding low and numpy busy
# (the syntax parser only: the taggers below run without padding).
BATCH_SIZE = 32
# Tokens per pass of a tagger: large products keep BLAS efficient, and a pass of the morphology
# tagger holds about 6 KiB of arrays per token.
CHUNK_TOKENS = 8192


class Morph(NamedTuple):
    """A word's part of speech and its UD features as `Case=Nom|Number=Sing` (keys sorted)."""

    pos: str
    feats: str


class NormToken(NamedTuple):
    """What natasha's normaliser reads from a token."""

    start: int
    stop: int
    text: str
    pos: str
    feats: dict[str, str]


class Dependency(NamedTuple):
    """A word's head (1-based index in its sentence, 0 for the root) and UD relation."""

    head: int
    rel: str


Floats = NDArray[np.float32]
Ints = NDArray[np.intp]


@dataclass(slots=True, frozen=True)
class _Layer:
    kernels: Floats  # in x (3 * out): the conv kernel's three offsets side by side
    size: int
    bias: Floats
    scale: Floats  # batch norm as an affine map
    shift: Floats


class CNNTagger:
    """A slovnet tagger (navec and word-shape embeddings, three convolutions each followed by ReLU
    and batch norm, a linear head) computed in numpy.

    The sentences of a pass are joined into one sequence with a zero row between them, which is
    what each sentence sees at its ends in slovnet's padded batches, so nothing is computed for
    padding; the first convolution is computed once per distinct word and shape in the pass.
    """

    def __init__(self, model: Any, encoder: Any) -> None:
        navec = model.emb.word
        self._indexes = navec.indexes.array
        self._codes = navec.codes.array
        self._dims = np.arange(self._codes.shape[0])
        self._word_ids: dict[str, int] = encoder.words_vocab.item_ids
        self._word_unk: int = encoder.words_vocab.unk_id
        self._shape_ids: dict[str, int] = encoder.shapes_vocab.item_ids
        self._shape_unk: int = encoder.shapes_vocab.unk_id
        self._shape_count = len(encoder.shapes_vocab.items)
        self._ids: dict[str, int] = {}
        self.layers = []
        for layer in model.encoder.layers:
            weight = layer.conv.weight.array  # out x in x kernel
            size, _, width = weight.shape
            if width != 3 or layer.conv.padding != 1:
                raise ValueError("CNNTagger expects convolutions of width 3 padded by 1")
            kernels = np.concatenate([weight[:, :, offset].T for offset in range(width)], axis=1)
            norm = layer.norm
            scale = norm.weight.array / norm.std.array
            shift = norm.bias.array - norm.mean.array * scale
            self.layers.append(
                _Layer(np.ascontiguousarray(kernels), size, layer.conv.bias.array, scale, shift)
            )
        # The first layer's product with each word shape, done once.
        word_dim = self._codes.shape[0] * self._codes.shape[2]
        self._word_kernels = np.ascontiguousarray(self.layers[0].kernels[:word_dim])
        self._shape_products = model.emb.shape.weight.array @ self.layers[0].kernels[word_dim:]
        self.head_weight: Floats = model.head.proj.weight.array
        self.head_bias: Floats = model.head.proj.bias.array

    def _id(self, word: str) -> int:
        """The word's vocabulary id and shape id as one number."""
        found = self._ids.get(word)
        if found is None:
            if len(self._ids) > 500_000:
                self._ids.clear()
            word_id = self._word_ids.get(word.lower(), self._word_unk)
            shape_id = self._shape_ids.get(word_shape(word), self._shape_unk)
            found = self._ids[word] = word_id * self._shape_count + shape_id
        return found

    def scores(self, sentences: Sequence[Sequence[str]]) -> Floats:
        """The head's scores (tokens x tags) for the words of all sentences, in order."""
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        tokens = int(lengths.sum())
        total = tokens + len(sentences) + 1
        positions = np.arange(tokens) + np.repeat(np.arange(1, len(sentences) + 1), lengths)
        separators = np.cumsum(np.concatenate(([0], lengths + 1)))
        ids = np.fromiter((self._id(word) for words in sentences for word in words), np.intp, tokens)
        distinct, inverse = np.unique(ids, return_inverse=True)
        word_ids, shape_ids = np.divmod(distinct, self._shape_count)
        vectors = self._codes[self._dims, self._indexes[word_ids]].reshape(len(distinct), -1)
        products = vectors @ self._word_kernels + self._shape_products[shape_ids]
        rows = np.full(total, len(distinct), dtype=np.intp)  # separators: the zero row
        rows[positions] = inverse
        x = np.take(np.vstack((products, np.zeros((1, products.shape[1]), np.float32))), rows, axis=0)
        for index, layer in enumerate(self.layers):
            if index:
                x = x @ layer.kernels
            x = self._conv_tail(x, layer, separators)
        return np.asarray(x[positions] @ self.head_weight + self.head_bias, dtype=np.float32)

    @staticmethod
    def _conv_tail(products: Floats, layer: _Layer, separators: Ints) -> Floats:
        """Sum the three kernel offsets' products, then bias, ReLU, batch norm; zero separators."""
        size = layer.size
        result = np.empty((products.shape[0], size), dtype=np.float32)
        middle = result[1:-1]
        np.add(products[:-2, :size], products[1:-1, size : 2 * size], out=middle)
        middle += products[2:, 2 * size :]
        middle += layer.bias
        np.maximum(middle, 0, out=middle)
        middle *= layer.scale
        middle += layer.shift
        result[separators] = 0
        return result


def _chunks(items: Sequence[Sequence[str]]) -> Iterator[Sequence[Sequence[str]]]:
    start, tokens = 0, 0
    for index, item in enumerate(items):
        tokens += len(item)
        if tokens >= CHUNK_TOKENS:
            yield items[start : index + 1]
            start, tokens = index + 1, 0
    if start < len(items):
        yield items[start:]


def _viterbi(scores: Floats, lengths: Ints, transitions: Floats) -> Ints:
    """The best tag path of each sentence under slovnet's CRF, for all sentences at once: the
    tokens' tags in order. Sentences run longest first, so the ones still going are a prefix."""
    order = np.argsort(-lengths, kind="stable")
    lengths_sorted = lengths[order]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    count, longest, tags = len(lengths), int(lengths_sorted[0]), scores.shape[1]
    padded = np.zeros((count, longest, tags), dtype=np.float32)
    rank = np.empty(count, dtype=np.intp)
    rank[order] = np.arange(count)
    sentence = np.repeat(np.arange(count), lengths)
    within = np.arange(len(scores)) - np.repeat(starts, lengths)
    padded[rank[sentence], within] = scores
    going = np.searchsorted(-lengths_sorted, -np.arange(longest), side="left")  # length > t
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


@dataclass(slots=True, frozen=True)
class Models:
    emb: Any
    morph: Any
    ner: Any
    vocab: Any
    morph_tagger: CNNTagger
    morph_tags: tuple[Morph, ...]
    ner_tagger: CNNTagger
    ner_tags: tuple[str, ...]
    ner_transitions: Floats


@cache
def load() -> Models:
    """Load the navec embedding and the slovnet morphology and NER models (about 1.5 s, once)."""
    emb = NewsEmbedding()
    morph = NewsMorphTagger(emb)
    ner = NewsNERTagger(emb)
    morph_tags = []
    for tag in morph.infer.decoder.tags_vocab.items:
        pos, _, feats = tag.partition("|")
        pairs = sorted(pair.split("=", 1) for pair in feats.split("|") if "=" in pair)
        morph_tags.append(Morph(pos, "|".join(f"{key}={value}" for key, value in pairs)))
    return Models(
        emb=emb,
        morph=morph,
        ner=ner,
        vocab=MorphVocab(),
        morph_tagger=CNNTagger(morph.infer.model, morph.infer.encoder),
        morph_tags=tuple(morph_tags),
        ner_tagger=CNNTagger(ner.infer.model, ner.infer.encoder),
        ner_tags=tuple(ner.infer.decoder.tags_vocab.items),
        ner_transitions=ner.infer.model.head.crf.transitions.array,
    )


def sentences(text: str) -> Iterator[tuple[int, int]]:
    for sent in razdel.sentenize(text):
        yield sent.start, sent.stop


def tokens(text: str, offset: int = 0) -> Iterator[tuple[int, int, str]]:
    for token in razdel.tokenize(text):
        yield token.start + offset, token.stop + offset, token.text


def _by_length(items: Sequence[Sized]) -> list[int]:
    # slovnet pads each batch to its longest item: batching items of similar length wastes least.
    return sorted(range(len(items)), key=lambda index: len(items[index]))


def tag_morph(sentences_words: Iterable[Sequence[str]]) -> Iterator[Morph]:
    """Part of speech and UD features of each word of each sentence, in order (one flat stream)."""
    models = load()
    tags = models.morph_tags
    for chunk in _chunks([words for words in sentences_words if words]):
        for tag in models.morph_tagger.scores(chunk).argmax(1).tolist():
            yield tags[tag]


def tag_ner(sentences_words: Iterable[Sequence[str]]) -> list[list[tuple[int, int, str]]]:
    """Entity spans `(first, stop, type)` in each sentence, as token indexes (the words from
    `first` up to `stop`), with types PER, LOC and ORG."""
    models = load()
    items = list(sentences_words)
    result: list[list[tuple[int, int, str]]] = [[] for _ in items]
    filled = [index for index, words in enumerate(items) if words]
    done = 0
    for chunk in _chunks([items[index] for index in filled]):
        lengths = np.fromiter(map(len, chunk), dtype=np.intp, count=len(chunk))
        path = _viterbi(models.ner_tagger.scores(chunk), lengths, models.ner_transitions).tolist()
        position = 0
        for length in lengths.tolist():
            tags = [models.ner_tags[tag] for tag in path[position : position + length]]
            result[filled[done]] = bio_spans(tags)
            position += length
            done += 1
    return result


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans of BIO tags as slovnet reads them: an I- tag extends the open span whatever
    its type, one with no span open is dropped, and other tags (padding) are skipped."""
    spans = []
    kind, first, stop = "", 0, 0
    for index, tag in enumerate(tags):
        part, _, tag_kind = tag.partition("-")
        if part == "I":
            stop = index + 1
        elif part in ("O", "B"):
            if kind:
                spans.append((first, stop, kind))
            kind, first, stop = (tag_kind, index, index + 1) if part == "B" else ("", 0, 0)
    if kind:
        spans.append((first, stop, kind))
    return spans


class Parse(NamedTuple):
    """One dictionary reading of a word (pymorphy2 through natasha)."""

    normal: str
    pos: str
    feats: dict[str, str]
    grammemes: frozenset[str]  # OpenCorpora tags: Name, Surn, Patr, Geox, Orgn, Abbr, ...
    known: bool  # from the dictionary, not guessed from the ending
    word: str
    rank: int  # among the word's readings

    @property
    def nominative(self) -> str:
        """The same reading inflected to the nominative, "" when it cannot be."""
        return _nominative(self.word, self.rank)


@lru_cache(maxsize=50_000)
def parse_word(word: str) -> tuple[Parse, ...]:
    """All readings of a (lower-case) word, most likely first."""
    return tuple(
        Parse(
            normal=str(form.normal),
            pos=str(form.pos),
            feats=dict(form.feats),
            grammemes=frozenset(str(g) for g in form.tag.grammemes),
            known=bool(form.is_known),
            word=word,
            rank=rank,
        )
        for rank, form in enumerate(load().vocab(word))
    )


@lru_cache(maxsize=50_000)
def _nominative(word: str, rank: int) -> str:
    # Inflecting builds the word's whole paradigm: done only for the readings a rule asks about.
    inflected = load().vocab(word)[rank].inflect({"Nom"})
    return str(inflected.word) if inflected else ""


def recover_shape(word: str, reference: str) -> str:
    """`word` written with the capitalisation of `reference` («путин», «Путину» -> «Путин»)."""
    return str(natasha_recover_shape(word, reference))


@cache
def _syntax() -> Any:
    parser = NewsSyntaxParser(load().emb)
    parser.batch_size = parser.infer.encoder.batch_size = BATCH_SIZE
    return parser


def parse_syntax(sentences_words: Iterable[Sequence[str]]) -> list[list[Dependency]]:
    """Dependency heads and relations for each word of each sentence. Slow (about as slow as the
    morphology tagger): call it only for the sentences a rule needs."""
    items = list(sentences_words)
    order = [index for index in _by_length(items) if items[index]]
    result: list[list[Dependency]] = [[] for _ in items]
    for index, markup in zip(order, _syntax().map([items[i] for i in order]), strict=True):
        result[index] = [Dependency(int(token.head_id), token.rel) for token in markup.tokens]
    return result


@lru_cache(maxsize=200_000)
def lemmatize(word: str, pos: str, feats: str) -> str:
    """The dictionary form of a word given its tagged part of speech and features
    (`Case=Nom|Number=Sing`), lower case with ё as е: natasha's choice of reading, over the
    readings `parse_word` keeps."""
    lower = word.lower().replace("ё", "е")
    form = natasha_best_form(
        parse_word(lower), pos, dict(pair.split("=", 1) for pair in feats.split("|") if pair)
    )
    return form.normal.lower().replace("ё", "е") if form else lower


def normalize(tokens: Sequence[NormToken]) -> str:
    """A name in the nominative, each word inflected by its own features (natasha's normaliser)."""
    return str(natasha_normalize(load().vocab, tokens))
