"""Part of speech, grammatical features and lemmas of every token."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsprism.analyse import natasha_models
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Token


def format_feats(feats: dict[str, str]) -> str:
    return "|".join(f"{key}={feats[key]}" for key in sorted(feats))


def parse_feats(feats: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in feats.split("|") if "=" in pair)


class TagMorph(Step):
    """slovnet's news morphology tagger, batched over the sentences of all docs in a batch."""

    name = "morph"
    requires = ("sentences", "tokens")
    assigns = ("morph",)

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

    def process(self, doc: Doc) -> Doc:
        for token in doc.tokens:
            word = doc.span_text(token)
            if token.pos in ("PUNCT", "NUM", "SYM", "X") or not word[:1].isalpha():
                token.lemma = word.lower()
            else:
                token.lemma = natasha_models.lemmatize(word, token.pos, parse_feats(token.feats))
        return doc
