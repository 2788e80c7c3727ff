"""The one module that talks to natasha and slovnet (razdel's sentences and tokens: `razdel_tokens`).

Models are loaded once per process (`load()` is cached) and ship inside the natasha wheel: nothing
is downloaded; `parse_word` loads only the pymorphy2 dictionary. Everything else sees our types.

The morphology and NER taggers run on slovnet's weights through `cnn_tagger.CNNTagger` rather than
through slovnet's own inference, which spends most of its time outside the matrix products
(records per token, padding, re-tokenising the text); the tags are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np

# natasha imports yargy, which patches pymorphy2 for Python 3.11 (inspect.getargspec is gone).
from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser
from natasha.morph.lemma import best_form as natasha_best_form
from natasha.morph.vocab import PymorphyAnalyzer
from natasha.morph.vocab import ud_feats as natasha_ud_feats
from natasha.morph.vocab import ud_pos as natasha_ud_pos
from natasha.norm import normalize as natasha_normalize
from natasha.shape import recover_shape as natasha_recover_shape
from slovnet.shape import word_shape

from newsprism.analyse.cnn_tagger import CNNTagger, ConvLayer, Floats, Ints, viterbi
from newsprism.text import fold

# slovnet pads every batch to its longest item; 32 sentences keeps padding low and numpy busy
# (the syntax parser only: the taggers below run without padding).
BATCH_SIZE = 32
# Tokens per pass of a tagger: large products keep BLAS efficient, and a pass of the morphology
# tagger holds about 6 KiB of arrays per token.
CHUNK_TOKENS = 4096


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


class _Encoder:
    """Word and shape ids of the taggers' vocabularies, cached per word form."""

    def __init__(self, encoder: Any) -> None:
        self.words: dict[str, int] = encoder.words_vocab.item_ids
        self.word_unk: int = encoder.words_vocab.unk_id
        self.shapes: dict[str, int] = encoder.shapes_vocab.item_ids
        self.shape_unk: int = encoder.shapes_vocab.unk_id
        self.cache: dict[str, tuple[int, int]] = {}

    def ids(self, word: str) -> tuple[int, int]:
        found = self.cache.get(word)
        if found is None:
            if len(self.cache) > 500_000:
                self.cache.clear()
            found = self.cache[word] = (
                self.words.get(word.lower(), self.word_unk),
                self.shapes.get(word_shape(word), self.shape_unk),
            )
        return found

    def encode(self, sentences: Sequence[Sequence[str]]) -> tuple[Ints, Ints, Ints]:
        """Word ids, shape ids and sentence lengths."""
        lengths = np.fromiter(map(len, sentences), dtype=np.intp, count=len(sentences))
        pairs = np.array([self.ids(word) for words in sentences for word in words], dtype=np.intp)
        pairs = pairs.reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1], lengths


def _tagger(model: Any) -> CNNTagger:
    layers = [
        ConvLayer.from_weights(
            layer.conv.weight.array,
            layer.conv.bias.array,
            layer.norm.weight.array,
            layer.norm.bias.array,
            layer.norm.mean.array,
            layer.norm.std.array,
        )
        for layer in model.encoder.layers
    ]
    if any(layer.conv.padding != 1 for layer in model.encoder.layers):
        raise ValueError("slovnet's convolutions are expected to be padded by 1")
    return CNNTagger(
        model.emb.word.indexes.array,
        model.emb.word.codes.array,
        model.emb.shape.weight.array,
        layers,
        model.head.proj.weight.array,
        model.head.proj.bias.array,
    )


def _chunks(items: Sequence[Sequence[str]]) -> Iterator[Sequence[Sequence[str]]]:
    start, tokens = 0, 0
    for index, item in enumerate(items):
        tokens += len(item)
        if tokens >= CHUNK_TOKENS:
            yield items[start : index + 1]
            start, tokens = index + 1, 0
    if start < len(items):
        yield items[start:]


@dataclass(slots=True, frozen=True)
class Models:
    emb: Any
    morph: Any
    ner: Any
    vocab: Any
    encoder: _Encoder  # of both taggers: they share the navec vocabulary and the shapes
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
    for name in ("words_vocab", "shapes_vocab"):
        if getattr(morph.infer.encoder, name).items != getattr(ner.infer.encoder, name).items:
            raise ValueError(f"natasha's morphology and NER taggers differ in {name}")
    morph_tags = []
    for tag in morph.infer.decoder.tags_vocab.items:
        pos, _, feats = tag.partition("|")
        pairs = sorted(pair.split("=", 1) for pair in feats.split("|") if "=" in pair)
        morph_tags.append(Morph(pos, "|".join(f"{key}={value}" for key, value in pairs)))
    return Models(
        emb=emb,
        morph=morph,
        ner=ner,
        vocab=morph_vocab(),
        encoder=_Encoder(morph.infer.encoder),
        morph_tagger=_tagger(morph.infer.model),
        morph_tags=tuple(morph_tags),
        ner_tagger=_tagger(ner.infer.model),
        ner_tags=tuple(ner.infer.decoder.tags_vocab.items),
        ner_transitions=ner.infer.model.head.crf.transitions.array,
    )


def _by_length(items: Sequence[Sized]) -> list[int]:
    # slovnet pads each batch to its longest item: batching items of similar length wastes least.
    return sorted(range(len(items)), key=lambda index: len(items[index]))


def tag_morph(sentences_words: Iterable[Sequence[str]]) -> Iterator[Morph]:
    """Part of speech and UD features of each word of each sentence, in order (one flat stream)."""
    models = load()
    tags = models.morph_tags
    for chunk in _chunks([words for words in sentences_words if words]):
        for tag in models.morph_tagger.best(*models.encoder.encode(chunk)).tolist():
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
        word_ids, shape_ids, lengths = models.encoder.encode(chunk)
        scores = models.ner_tagger.scores(word_ids, shape_ids, lengths)
        path = viterbi(scores, lengths, models.ner_transitions).tolist()
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

    @property
    def singular_nominative(self) -> str:
        """The same reading inflected to the nominative singular, "" when it cannot be."""
        return _nominative(self.word, self.rank, singular=True)


@lru_cache(maxsize=50_000)
def parse_word(word: str) -> tuple[Parse, ...]:
    """All readings of a (lower-case) word, most likely first: natasha's, which are pymorphy2's
    with the tags in UD form."""
    analyzer = _analyzer()
    try:
        parsed = PymorphyAnalyzer.parse(analyzer, word)
    except ValueError:  # pymorphy2 looks up Unicode names, and some characters have none («𗀀»)
        return ()
    readings = []
    for rank, (form, tag, normal, *_) in enumerate(parsed):
        pos, feats, grammemes = _tag(tag)
        known = analyzer.dictionary.word_is_known(word=form, substitutes_compiled=analyzer.char_substitutes)
        readings.append(Parse(str(normal), pos, dict(feats), grammemes, bool(known), word, rank))
    return tuple(readings)


morph_vocab = cache(MorphVocab)  # the pymorphy2 dictionary without the taggers: what search needs


@cache
def _analyzer() -> Any:
    # natasha's analyser (its dictionary and settings) giving pymorphy2's plain tuples: natasha
    # builds a record per reading, which costs more than the parse.
    vocab = morph_vocab()
    analyzer = object.__new__(type(vocab))
    analyzer.__dict__.update(vocab.__dict__)
    analyzer._result_type = None
    return analyzer


@lru_cache(maxsize=10_000)
def _tag(tag: Any) -> tuple[str, tuple[tuple[str, str], ...], frozenset[str]]:
    """A pymorphy2 tag as natasha reads it: UD part of speech and features, and its grammemes."""
    return (
        str(natasha_ud_pos(tag)),
        tuple(dict(natasha_ud_feats(tag)).items()),
        frozenset(map(str, tag.grammemes)),
    )


@lru_cache(maxsize=50_000)
def _nominative(word: str, rank: int, singular: bool = False) -> str:
    # Of the forms with the chosen tag, the one with most letters in place: «высшей» -> «высшая».
    parse = PymorphyAnalyzer.parse(analyzer := _analyzer(), word)[rank]
    inflected = analyzer._inflect(parse, {"nomn", "sing"} if singular else {"nomn"})
    forms = [str(f[0]) for f in analyzer.get_lexeme(parse) if inflected and f[1] == inflected[0][1]]
    return max(forms, key=lambda form: sum(a == b for a, b in zip(form, word, strict=False)), default="")


def word_vectors(words: Sequence[str]) -> Floats:
    """navec's news vectors of lower-cased words (words x 300), zeros for a word it lacks or ""."""
    emb = load().emb
    ids = emb.vocab.word_ids
    found = [(row, ids[word]) for row, word in enumerate(words) if word and word in ids]
    table = np.zeros((len(words), emb.pq.dim), dtype=np.float32)
    if found:
        rows, word_ids = zip(*found, strict=True)
        pq = emb.pq
        table[list(rows)] = pq.codes[pq.qdims, pq.indexes[list(word_ids)]].reshape(len(rows), -1)
    return table


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
    lower = fold(word)
    form = natasha_best_form(
        parse_word(lower), pos, dict(pair.split("=", 1) for pair in feats.split("|") if pair)
    )
    return fold(form.normal) if form else lower


def normalize(tokens: Sequence[NormToken]) -> str:
    """A name in the nominative, each word inflected by its own features (natasha's normaliser)."""
    return str(natasha_normalize(load().vocab, tokens))
