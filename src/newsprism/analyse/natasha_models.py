"""The one module that talks to natasha, slovnet and razdel.

Models are loaded once per process (`load()` is cached) and ship inside the natasha wheel: nothing
is downloaded. Everything else in newsprism sees plain tuples and our own dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

import razdel

# natasha imports yargy, which patches pymorphy2 for Python 3.11 (inspect.getargspec is gone).
from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser
from natasha.morph.lemma import lemmatize as natasha_lemmatize
from natasha.norm import normalize as natasha_normalize
from natasha.shape import recover_shape as natasha_recover_shape

# slovnet pads every batch to its longest item; 32 sentences keeps padding low and numpy busy.
BATCH_SIZE = 32


class Morph(NamedTuple):
    pos: str
    feats: dict[str, str]


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


@dataclass(slots=True, frozen=True)
class Models:
    emb: Any
    morph: Any
    ner: Any
    vocab: Any


@cache
def load() -> Models:
    """Load the navec embedding and the slovnet morphology and NER models (about 1.5 s, once)."""
    emb = NewsEmbedding()
    morph = NewsMorphTagger(emb)
    ner = NewsNERTagger(emb)
    morph.batch_size = ner.batch_size = BATCH_SIZE
    morph.infer.encoder.batch_size = ner.infer.encoder.batch_size = BATCH_SIZE
    return Models(emb=emb, morph=morph, ner=ner, vocab=MorphVocab())


def sentences(text: str) -> Iterator[tuple[int, int]]:
    for sent in razdel.sentenize(text):
        yield sent.start, sent.stop


def tokens(text: str, offset: int = 0) -> Iterator[tuple[int, int, str]]:
    for token in razdel.tokenize(text):
        yield token.start + offset, token.stop + offset, token.text


def _by_length(items: Sequence[Sized]) -> list[int]:
    # slovnet pads each batch to its longest item: batching items of similar length wastes least.
    return sorted(range(len(items)), key=lambda index: len(items[index]))


def tag_morph(sentences_words: Iterable[Sequence[str]]) -> list[list[Morph]]:
    """Part of speech and UD features for each word of each sentence, batched across sentences."""
    items = list(sentences_words)
    order = _by_length(items)
    result: list[list[Morph]] = [[] for _ in items]
    for index, markup in zip(order, load().morph.map([items[i] for i in order]), strict=True):
        result[index] = [Morph(token.pos, token.feats) for token in markup.tokens]
    return result


def tag_ner(texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
    """Entity spans `(start, stop, type)` for each text, with types PER, LOC and ORG."""
    items = list(texts)
    # slovnet's CRF fails on a text without tokens: leave blank texts out and give them no spans.
    order = [index for index in _by_length(items) if items[index].strip()]
    result: list[list[tuple[int, int, str]]] = [[] for _ in items]
    for index, markup in zip(order, load().ner.map([items[i] for i in order]), strict=True):
        result[index] = [(span.start, span.stop, span.type) for span in markup.spans]
    return result


class Parse(NamedTuple):
    """One dictionary reading of a word (pymorphy2 through natasha)."""

    normal: str
    pos: str
    feats: dict[str, str]
    grammemes: frozenset[str]  # OpenCorpora tags: Name, Surn, Patr, Geox, Orgn, Abbr, ...
    known: bool  # from the dictionary, not guessed from the ending
    nominative: str  # the same reading inflected to the nominative, "" when it cannot be


@lru_cache(maxsize=50_000)
def parse_word(word: str) -> tuple[Parse, ...]:
    """All readings of a (lower-case) word, most likely first."""
    readings = []
    for form in load().vocab(word):
        inflected = form.inflect({"Nom"})
        readings.append(
            Parse(
                normal=str(form.normal),
                pos=str(form.pos),
                feats=dict(form.feats),
                grammemes=frozenset(str(g) for g in form.tag.grammemes),
                known=bool(form.is_known),
                nominative=str(inflected.word) if inflected else "",
            )
        )
    return tuple(readings)


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
def _lemma(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    lemma = natasha_lemmatize(load().vocab, word, pos, dict(feats))
    return str(lemma) if lemma else word.lower().replace("ё", "е")


def lemmatize(word: str, pos: str, feats: dict[str, str]) -> str:
    """The dictionary form of a word, lower case with ё as е (pymorphy2 through natasha)."""
    return _lemma(word, pos, tuple(sorted(feats.items())))


def normalize(tokens: Sequence[NormToken]) -> str:
    """A name in the nominative, each word inflected by its own features (natasha's normaliser)."""
    return str(natasha_normalize(load().vocab, tokens))
