"""Part of speech, grammatical features and lemmas of every token."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsprism.analyse import model_identity, natasha_models
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Token

_NOT_WORDS = frozenset({"PUNCT", "NUM", "SYM", "X"})


def format_feats(feats: dict[str, str]) -> str:
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


def parse_feats(feats: str) -> dict[str, str]:
    return dict(_parse_feats(feats))


@lru_cache(maxsize=4096)
def _parse_feats(feats: str) -> tuple[tuple[str, str], ...]:
    # The tagger knows about 750 feature sets: each is parsed once.
    return tuple(
        (key, value) for key, _, value in (pair.partition("=") for pair in feats.split("|") if "=" in pair)
    )


class TagMorph(Step):
    """slovnet's news morphology tagger, batched over the sentences of all docs in a batch."""

    name = "morph"
    requires = ("sentences", "tokens")
    assigns = ("morph",)

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.MORPHOLOGY)

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        docs = list(docs)
        tokens: list[Token] = []
        words: list[list[str]] = []
        for doc in docs:
            text = doc.text
            for _, sentence_tokens in doc.iter_sentence_tokens():
                tokens.extend(sentence_tokens)
                words.append([text[token.start : token.stop] for token in sentence_tokens])
        for token, tag in zip(tokens, natasha_models.tag_morph(words), strict=True):
            token.pos, token.feats = tag
        return (self._done(doc) for doc in docs)


class Lemmatize(Step):
    """Dictionary forms (pymorphy2 through natasha, chosen by the tagged features)."""

    name = "lemmas"
    requires = ("morph",)
    assigns = ("lemmas",)

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.MORPHOLOGY)

    def process(self, doc: Doc) -> Doc:
        text = doc.text
        for token in doc.tokens:
            word = text[token.start : token.stop]
            if token.pos in _NOT_WORDS or not word[:1].isalpha():
                token.lemma = word.lower()
            else:
                token.lemma = natasha_models.lemmatize(word, token.pos, token.feats)
        return doc
