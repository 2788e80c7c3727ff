"""Quotes and reported speech: who said what, with the speaker resolved to an entity.

`ExtractQuotes` fills `doc.quotes` from the ordered rules of `direct` and `indirect` (the rule that
fired is in `Quote.rule`). Direct quotes cover the quoted words without their marks; pieces of one quote
(«"Первая часть, — сказал он, — вторая часть"») share a `group` and a speaker. Reported speech
covers the reported clause. A quote relayed «со ссылкой на» a source is recorded once for the
reporter and once more, over the same span and in the same group, for the cited source (rule
`cited_source`, verb «со ссылкой на»). A quoted name with no attribution is not a quote.

Speakers: the speech verb's subject by cheap token rules; only a sentence where those find none is
parsed for syntax (batched over the docs of a batch). A speaker resolves to the `canonical` (else
`normal`) of the entity its span overlaps; a pronoun («он», «по его словам») to the most recent
person before it (the rule gets a `+pronoun` suffix; `+syntax` when the parse found the speaker);
a role noun for one person («добавил эксперт») to the person it stands for (`+role`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsprism.analyse import model_identity
from newsprism.analyse.pipeline import Step
from newsprism.analyse.quotes.direct import DIRECT_RULES, Marks, continues, pair_marks
from newsprism.analyse.quotes.indirect import INDIRECT_RULES
from newsprism.analyse.quotes.speakers import parse_subjects, speaker_of
from newsprism.analyse.quotes.words import FoundQuote, QuoteTokens
from newsprism.analyse.rule_runner import Explained, Trace, each, first
from newsprism.model import Doc, Quote


@dataclass(slots=True, frozen=True)
class QuoteSettings:
    """`syntax`: parse the sentences where the cheap rules find no speaker (off: speaker unknown)."""

    syntax: bool = True


class ExtractQuotes(Explained, Step):
    """Direct quotes and reported speech with their speakers and speech verbs."""

    name = "quotes"
    version = 4
    requires = ("lemmas", "entities", "links")
    assigns = ("quotes",)

    def __init__(self, settings: QuoteSettings | None = None) -> None:
        self.settings = settings or QuoteSettings()

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.MORPHOLOGY)  # the syntax parser, the lemmas

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The doc's quotes, each recorded in `trace` under the rules that found it and its speaker
        (`Quote.rule`: "dash_after+subject")."""
        done = next(self.pipe([doc]))
        trace.extend((quote.rule, quote.start, quote.stop) for quote in done.quotes)
        return done

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        batch = [(doc, QuoteTokens(doc)) for doc in docs]
        found = [(doc, words, find_quotes(words)) for doc, words in batch]
        if self.settings.syntax:
            unsure = [(words, item) for _, words, items in found for item in items if item.unsure]
            parse_subjects(unsure)
        for doc, words, items in found:
            doc.quotes = quotes_of(words, items)
        return (self._done(doc) for doc, _ in batch)


def find_quotes(words: QuoteTokens) -> list[FoundQuote]:
    """Direct quotes paragraph by paragraph, then reported speech sentence by sentence."""
    doc, founds = words.doc, list[FoundQuote]()
    for start, stop in [(p.start, p.stop) for p in doc.paragraphs] or [(0, len(doc.text))]:
        marks = Marks(pair_marks(doc.text, start, stop))
        for k in range(len(marks.spans)):
            if marks.found[k] == -1 and (direct := first(DIRECT_RULES, words, marks, k)):
                marks.found[k] = len(founds)
                founds.append(direct[1])
        for k in range(len(marks.spans)):
            if marks.found[k] == -1 and (found := continues(words, marks, k, founds)):
                marks.found[k] = len(founds)
                founds.append(found)
    for found in founds:
        for piece in found.pieces:
            for j in range(words.at(piece[0]), words.at(piece[1])):
                words.blocked[j] = True
    for sentence in sorted(words.cued):
        founds.extend(found for _, found in each(INDIRECT_RULES, words, sentence))
    return founds


def quotes_of(words: QuoteTokens, items: list[FoundQuote]) -> list[Quote]:
    """`Quote`s of what the rules found: one per piece (and per cited source), speakers resolved."""
    quotes: list[Quote] = []
    groups: list[int] = []
    next_group = 0
    for item in items:
        if item.joins >= 0:
            group = groups[item.joins]
        else:
            group, next_group = next_group, next_group + 1
        groups.append(group)
        start, stop, speaker, rule = speaker_of(words, item.speaker, item.head)
        item.pieces = [strip(words.doc.text, *piece) for piece in item.pieces]
        for piece in item.pieces:
            quotes.append(Quote(*piece, item.kind, start, stop, speaker, item.verb, group, item.rule + rule))
        if item.cited:
            first, last = item.cited
            head = next((j for j in range(first, last) if words.pos[j] in ("NOUN", "PROPN", "X")), first)
            start, stop, speaker, _ = speaker_of(words, item.cited, head)
            for piece in item.pieces:
                quotes.append(
                    Quote(*piece, item.kind, start, stop, speaker, "со ссылкой на", group, "cited_source")
                )
    quotes.sort(key=lambda quote: (quote.start, quote.group))
    return quotes


def strip(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop
