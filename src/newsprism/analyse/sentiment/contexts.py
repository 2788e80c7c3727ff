"""A mention in its sentence as the features see it: the sentence's units (`Unit`: a token's lemma,
word, case, whether it follows a negation) and the mention's offsets among them (`Context`).
`DocContexts` finds them in an analysed doc; `contexts_of` for mentions in raw texts
(`SentenceTarget`), which it segments, tags and lemmatises first (training and `newsprism sentiment`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from newsprism.analyse.morph import Lemmatize, TagMorph
from newsprism.analyse.pipeline import Pipeline
from newsprism.analyse.segment import Segment
from newsprism.analyse.sentiment.config import NEGATIONS
from newsprism.model import Doc, Token


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


class SentenceTarget(NamedTuple):
    """A text with the span of the entity whose sentiment is asked (a stand-alone sentence, not a
    `Doc`: training and `newsprism sentiment`) and, when known, its type (PER, LOC, ORG)."""

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


def contexts_of(mentions: Sequence[SentenceTarget]) -> list[Context]:
    """Each mention in its sentence; the distinct texts are segmented, tagged and lemmatised in one batch."""
    for mention in mentions:
        check_offsets(mention.text, mention.start, mention.stop)
    texts = list(dict.fromkeys(mention.text for mention in mentions))
    docs = _preprocess().pipe(Doc(text=text) for text in texts)
    indexes = {text: DocContexts(doc) for text, doc in zip(texts, docs, strict=True)}
    return [indexes[m.text].context(m.start, m.stop, m.type) for m in mentions]
