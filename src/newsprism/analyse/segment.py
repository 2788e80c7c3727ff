"""Paragraphs, sentences and tokens (razdel), with sub-headings told apart from body text."""

from __future__ import annotations

import re
from itertools import pairwise

from newsprism.analyse import model_identity, razdel_tokens
from newsprism.analyse.glued_words import split_points
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Paragraph, ParagraphKind, Sentence, Token

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SENTENCE_END = tuple('.!?…:;»"”')
HEADING_MAX_CHARS = 120
# A "sentence" longer than this (a run-on line, a table dump) is cut into pieces of this many
# tokens: news sentences stay far below it, and every later step's cost per sentence is bounded.
MAX_SENTENCE_TOKENS = 250


def split_paragraphs(text: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    """Spans of the blank-line-separated paragraphs of text[start:stop], whitespace trimmed."""
    stop = len(text) if stop is None else stop
    spans = []
    position = start
    for match in _BLANK_LINES.finditer(text, start, stop):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, stop))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def looks_like_heading(text: str) -> bool:
    """A short single line with no sentence-final punctuation: «Коалиция желающих: что надо знать»."""
    text = text.strip()
    return (
        0 < len(text) <= HEADING_MAX_CHARS
        and "\n" not in text
        and not text.endswith(_SENTENCE_END)
        and len(text.split()) >= 2
    )


def _unglued(start: int, stop: int, word: str) -> list[tuple[int, int]]:
    """The token's span, or its pieces where a space was lost inside it (`glued_words`)."""
    cuts = split_points(word)
    if not cuts:
        return [(start, stop)]
    bounds = [start, *(start + cut for cut in cuts), stop]
    return list(pairwise(bounds))


class Segment(Step):
    """Splits paragraphs into sentences and sentences into tokens; marks body sub-headings.

    A `Doc` made from an `Article` arrives with its title, lead and body as paragraphs; the body
    (or a bare text) is split on blank lines. Sentences never cross a paragraph, so a title without
    a full stop stays apart from the text after it.
    """

    name = "segment"
    version = 2  # words glued where a space was lost are split (`glued_words`)
    languages = None  # razdel's rules split Ukrainian and English well enough
    assigns = ("paragraphs", "sentences", "tokens")

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.SEGMENTER) + model_identity.packages(
            model_identity.MORPHOLOGY
        )

    def process(self, doc: Doc) -> Doc:
        parts = doc.paragraphs or [Paragraph(0, len(doc.text), "body")]
        doc.paragraphs = []
        for part in parts:
            if part.kind != "body":
                doc.paragraphs.append(part)
                continue
            for a, b in split_paragraphs(doc.text, part.start, part.stop):
                kind: ParagraphKind = "heading" if looks_like_heading(doc.text[a:b]) else "body"
                doc.paragraphs.append(Paragraph(a, b, kind))
        doc.sentences, doc.tokens = [], []
        for paragraph in doc.paragraphs:
            text = doc.span_text(paragraph)
            for start, stop in razdel_tokens.sentences(text):
                a, b = paragraph.start + start, paragraph.start + stop
                tokens = [
                    Token(s, e)
                    for found, ended, word in razdel_tokens.tokens(doc.text[a:b], a)
                    for s, e in _unglued(found, ended, word)
                ]
                if len(tokens) <= MAX_SENTENCE_TOKENS:
                    doc.sentences.append(Sentence(a, b))
                else:
                    for first in range(0, len(tokens), MAX_SENTENCE_TOKENS):
                        piece = tokens[first : first + MAX_SENTENCE_TOKENS]
                        doc.sentences.append(Sentence(piece[0].start, piece[-1].stop))
                doc.tokens.extend(tokens)
        return doc
