"""Quotes and reported speech: who said what, with the speaker resolved to an entity.

`ExtractQuotes` fills `doc.quotes` from the ordered rules of `quote_rules` (the rule that fired is
in `Quote.rule`). Direct quotes cover the quoted words without their marks; pieces of one quote
(«"Первая часть, — сказал он, — вторая часть"») share a `group` and a speaker. Reported speech
covers the reported clause. A quote relayed «со ссылкой на» a source is recorded once for the
reporter and once more, over the same span and in the same group, for the cited source (rule
`cited_source`, verb «со ссылкой на»). A quoted name with no attribution is not a quote.

Speakers: the speech verb's subject by cheap token rules; only a sentence where those find none is
parsed for syntax (batched over the docs of a batch). A speaker resolves to the `canonical` (else
`normal`) of the entity its span overlaps; a pronoun («он», «по его словам») to the most recent
person before it (the rule gets a `+pronoun` suffix; `+syntax` when the parse found the speaker).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsprism.analyse import natasha_models
from newsprism.analyse.pipeline import Step
from newsprism.analyse.quote_rules import DIRECT_RULES, INDIRECT_RULES, Found, Marks, Words, continues
from newsprism.model import Doc, Entity, Quote

_MARKS = re.compile(r'[«»"“”„]')
PRONOUN_GENDER = {"он": "Masc", "его": "Masc", "она": "Fem", "ее": "Fem"}
SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")
TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2}  # a speaker is a person before an organisation or a place


@dataclass(slots=True, frozen=True)
class QuoteSettings:
    """`syntax`: parse the sentences where the cheap rules find no speaker (off: speaker unknown)."""

    syntax: bool = True


class ExtractQuotes(Step):
    """Direct quotes and reported speech with their speakers and speech verbs."""

    name = "quotes"
    requires = ("lemmas", "entities", "links")
    assigns = ("quotes",)

    def __init__(self, settings: QuoteSettings | None = None) -> None:
        self.settings = settings or QuoteSettings()

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        batch = [(doc, Words(doc)) for doc in docs]
        found = [(doc, words, find_quotes(words)) for doc, words in batch]
        if self.settings.syntax:
            unsure = [(words, item) for _, words, items in found for item in items if item.unsure]
            parse_subjects(unsure)
        for doc, words, items in found:
            doc.quotes = quotes_of(words, items)
        return (self._done(doc) for doc, _ in batch)


def find_quotes(words: Words) -> list[Found]:
    """Direct quotes paragraph by paragraph, then reported speech sentence by sentence."""
    doc, founds = words.doc, list[Found]()
    for start, stop in [(p.start, p.stop) for p in doc.paragraphs] or [(0, len(doc.text))]:
        marks = Marks(pair_marks(doc.text, start, stop))
        for k in range(len(marks.spans)):
            for rule in DIRECT_RULES:
                if marks.found[k] == -1 and (found := rule(words, marks, k)):
                    marks.found[k] = len(founds)
                    founds.append(found)
        for k in range(len(marks.spans)):
            if marks.found[k] == -1 and (found := continues(words, marks, k, founds)):
                marks.found[k] = len(founds)
                founds.append(found)
    for found in founds:
        for piece in found.pieces:
            for j in range(words.at(piece[0]), words.at(piece[1])):
                words.blocked[j] = True
    for sentence in sorted(words.cued):
        for indirect in INDIRECT_RULES:
            founds.extend(indirect(words, sentence))
    return founds


def pair_marks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Top-level pairs of quote marks in text[start:stop]. «…», „…“ and “…” pair by shape; a straight
    " opens after a space or an opening mark and closes before a space or punctuation, so nested
    quotes of mixed and typographic styles pair up; an unclosed mark is dropped."""
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []

    def close(opener: str, at: int) -> None:
        while stack:
            shape, opened = stack.pop()
            if shape == opener:
                if not stack:
                    spans.append((opened, at))
                return

    for match in _MARKS.finditer(text, start, stop):
        mark, at = match.group(), match.start()
        top = stack[-1][0] if stack else ""
        if mark in "«„":
            stack.append((mark, at))
        elif mark == "»":
            close("«", at)
        elif mark == "”":
            close("“", at)
        elif mark == "“":
            close("„", at) if top == "„" else stack.append((mark, at))
        else:
            before = text[at - 1] if at > start else " "
            after = text[at + 1] if at + 1 < stop else " "
            opens = (before.isspace() or before in '([«„“—–-/"') and not after.isspace()
            closes = not before.isspace() and (after.isspace() or after in '.,;:!?…)»”—–-"')
            if closes and (top == '"' or not opens):
                close('"', at)
            elif opens or top != '"':
                stack.append((mark, at))
            else:
                close('"', at)
    return sorted(spans)


def parse_subjects(unsure: list[tuple[Words, Found]]) -> None:
    """Speakers from the syntax parse: the verb's `nsubj` (or its conjunct head's) and its subtree."""
    sentences: dict[tuple[int, int], list[str]] = {}
    for words, item in unsure:
        lo, hi = words.sentence_range(item.verb_at)
        sentences.setdefault(
            (id(words), lo), [words.doc.text[words.starts[j] : words.stops[j]] for j in range(lo, hi)]
        )
    keys = list(sentences)
    parses = dict(zip(keys, natasha_models.parse_syntax(sentences[key] for key in keys), strict=True))
    for words, item in unsure:
        lo, _ = words.sentence_range(item.verb_at)
        deps = parses[(id(words), lo)]
        verb = item.verb_at - lo + 1
        if not 0 < verb <= len(deps):
            continue
        subjects = [i for i, dep in enumerate(deps, 1) if dep.head == verb and dep.rel in SUBJECT_RELATIONS]
        if not subjects and deps[verb - 1].rel == "conj":
            head = deps[verb - 1].head
            subjects = [
                i for i, dep in enumerate(deps, 1) if dep.head == head and dep.rel in SUBJECT_RELATIONS
            ]
        if not subjects or words.lemma[lo + subjects[0] - 1] in ("который", "кто", "что", "это"):
            continue
        first, last = subtree(deps, subjects[0], words.lower[lo : lo + len(deps)])
        item.speaker, item.head, item.unsure = (lo + first - 1, lo + last), lo + subjects[0] - 1, False
        item.rule += "+syntax"


def subtree(deps: list[natasha_models.Dependency], root: int, lower: list[str]) -> tuple[int, int]:
    """The 1-based span of a word and its dependents, cut at the commas around a clause."""
    inside = {root}
    grown = True
    while grown:
        grown = False
        for index, dep in enumerate(deps, 1):
            if dep.head in inside and index not in inside:
                inside.add(index)
                grown = True
    first = last = root
    while first - 1 in inside and lower[first - 2] != ",":
        first -= 1
    while last + 1 in inside and lower[last] != ",":
        last += 1
    return first, last


def quotes_of(words: Words, items: list[Found]) -> list[Quote]:
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


def speaker_of(words: Words, span: tuple[int, int] | None, head: int) -> tuple[int, int, str, str]:
    """The speaker's character span, the name it resolves to, and a rule suffix."""
    if span is None:
        return -1, -1, "", ""
    start, stop = words.starts[span[0]], words.stops[span[1] - 1]
    if span[1] - span[0] == 1 and words.lemma[head] in PRONOUN_GENDER and words.pos[head] in ("PRON", "DET"):
        person = antecedent(words, start, PRONOUN_GENDER[words.lemma[head]])
        return start, stop, person, "+pronoun" if person else ""
    return start, stop, entity_name(words, span, head), ""


def _overlapping(words: Words, start: int, stop: int) -> list[Entity]:
    """The doc's entities (sorted by start) that overlap [start, stop), in order: found by
    bisection, so a long article's thousands of quotes do not each scan every entity."""
    entities = words.doc.entities
    index = bisect_left(entities, stop, key=_entity_start)
    found = []
    while index > 0 and entities[index - 1].start + words.entity_reach > start:
        index -= 1
        if entities[index].stop > start:
            found.append(entities[index])
    return found[::-1]


def _entity_start(entity: Entity) -> int:
    return entity.start


def entity_name(words: Words, span: tuple[int, int], head: int) -> str:
    """The entity a speaker's span names: the one holding its head, else one in the head's case
    («президент Франции Эммануэль Макрон» -> Macron, not France), people first."""
    start, stop = words.starts[span[0]], words.stops[span[1] - 1]
    overlapping = _overlapping(words, start, stop)
    case = words.feat(head, "Case") if head >= 0 else ""

    def rank(entity: Entity) -> tuple[int, int]:
        holds = entity.start <= words.starts[head] < entity.stop if head >= 0 else False
        first = words.at(entity.start)
        agrees = not case or words.feat(first, "Case") in ("", case)
        return (0 if holds else 1 if agrees else 2, TYPE_ORDER.get(entity.type, len(TYPE_ORDER)))

    ranked = sorted(overlapping, key=rank)
    if not ranked or rank(ranked[0])[0] == 2:
        return ""
    return ranked[0].canonical or ranked[0].normal


def antecedent(words: Words, before: int, gender: str) -> str:
    """The most recent person of the pronoun's gender before an offset, preferring one named in the
    nominative (a subject: «Макрон ответил Путину. По его словам…» -> Макрон)."""
    people = [
        entity
        for entity in words.doc.entities
        if entity.type == "PER"
        and entity.stop <= before
        and words.feat(words.at(entity.stop) - 1, "Gender") in ("", gender)
    ]
    subjects = [entity for entity in people if words.feat(words.at(entity.start), "Case") == "Nom"]
    chosen = (subjects or people)[-1:]
    return chosen[0].canonical or chosen[0].normal if chosen else ""
