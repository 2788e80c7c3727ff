"""Named entities: people, places and organisations, with their names in the nominative."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import cast

from newsprism.analyse import model_identity, natasha_models
from newsprism.analyse.entities.names import Word, normalise
from newsprism.analyse.entities.rules import apply_rules
from newsprism.analyse.morph import parse_feats
from newsprism.analyse.pipeline import Step
from newsprism.analyse.rule_runner import Explained, Trace
from newsprism.chars import drop_invisible
from newsprism.model import Doc, Entity, EntityType, Token
from newsprism.text import fold

_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
TYPES: frozenset[str] = frozenset({"PER", "LOC", "ORG"})
CONTEXT_WORDS = 4  # words of the sentence before, tagged with each sentence as its context


class TagEntities(Explained, Step):
    """slovnet's news NER (batched over docs), each mention put in the nominative (`names.py`)."""

    name = "entities"
    version = 16  # 9: missed first name + surname (missed_people.py); 10: coordinated people share a case;
    # 11: a person named with an organisation word is an organisation; 12: no «й» after a consonant;
    # 13: a phrase agrees with its head (participles, gender, coordinated plural heads); 14: participles
    # tagged as adjectives; 15: page furniture («Подписывайтесь», «ЧИТАЙТЕ») is no name; 16: «Ла Лигу»
    requires = ("tokens", "morph", "lemmas")
    assigns = ("entities",)

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.MORPHOLOGY)

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The doc's mentions, which correction rule changed which span recorded in `trace`."""
        return next(self._tag([doc], trace))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        return self._tag(docs, None)

    def _tag(self, docs: Iterable[Doc], trace: Trace | None) -> Iterator[Doc]:
        # Sentence by sentence (as the tagger was trained), all sentences of the batch in one pass,
        # skipping those that cannot hold a name. Each sentence is tagged after the last words of
        # the sentence before it in its paragraph, as context: alone, its first word looks like the start of a
        # headline, and the tagger glues a capitalised adverb to a name («Вчера Петров») or tags
        # it alone. Spans in the context words are dropped.
        docs = list(docs)
        sentences: list[tuple[Doc, list[Token], list[str]]] = []
        for doc in docs:
            before: list[str] = []
            end = 0
            for sentence, tokens in doc.iter_sentence_tokens():
                if "\n" in doc.text[end : sentence.start]:
                    before = []  # a new paragraph, or the text after a headline: no context
                if may_name_something(doc, tokens):
                    sentences.append((doc, tokens, before[-CONTEXT_WORDS:] if CONTEXT_WORDS else []))
                before, end = [doc.span_text(t) for t in tokens], sentence.stop
        tagged = natasha_models.tag_ner(
            [*context, *(doc.span_text(t) for t in tokens)] for doc, tokens, context in sentences
        )
        for doc in docs:
            doc.entities = []
        for (doc, tokens, context), spans in zip(sentences, tagged, strict=True):
            shift = len(context)
            doc.entities.extend(
                Entity(
                    tokens[first - shift].start,
                    tokens[last - shift - 1].stop,
                    cast(EntityType, kind),
                    normalise(kind, words(doc, tokens[first - shift : last - shift])),
                )
                for first, last, kind in spans
                if kind in TYPES and first >= shift
            )
        for doc in docs:
            doc.entities = without_furniture(doc, apply_rules(doc, doc.entities, trace))
            for entity in doc.entities:
                if not entity.normal:
                    entity.normal = self.normal(doc, entity.start, entity.stop, entity.type)
        return (self._done(doc) for doc in docs)

    @staticmethod
    def normal(doc: Doc, start: int, stop: int, kind: str) -> str:
        words = mention_words(doc, start, stop)
        return normalise(kind, words) if words else drop_invisible(doc.text[start:stop])


_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
# Parts of speech that name nothing: a mention made only of such words is no name.
_NO_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "PRON", "DET"})
_ABBREVIATION_LENGTH = 4  # an upper-case word this short may be an abbreviation («СПАЛ», «ОП»)


def without_furniture(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """The mentions less those made only of words that name nothing (`no_name_words`), where they
    start a line or a sentence or are written in capitals, and the article does not write them as a
    name inside a sentence too («Наполи» is also an imperative, «в матче с Наполи» says it is a
    club)."""
    inside = {doc.text[e.start : e.stop] for e in entities if not _starts_a_line(doc, e)}
    return [
        e
        for e in entities
        if not (
            (_starts_a_line(doc, e) or doc.text[e.start : e.stop].isupper())
            and doc.text[e.start : e.stop] not in inside
            and no_name_words(doc, e)
        )
    ]


def _starts_a_line(doc: Doc, entity: Entity) -> bool:
    """Whether a mention starts the text, a line or a sentence, or is glued to the word before it."""
    if entity.start and doc.text[entity.start - 1].isalpha():
        return True  # «сообщить новостьПодписывайтесь»: lines glued by the page's extraction
    before = doc.text[: entity.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?:;"


def no_name_words(doc: Doc, entity: Entity) -> bool:
    """Whether a mention is made only of words the dictionary knows and only as verbs, adverbs,
    prepositions, conjunctions or pronouns: a capitalised line of a page's furniture the tagger
    took for a name («Подписывайтесь на каналы», «ЧИТАЙТЕ ТАКЖЕ»), a sentence's first word
    («Сегодня …», «Стало известно»). An upper-case word of up to four letters may be an
    abbreviation and counts as a name, and a gerund or participle may be a surname (`_may_name`)."""
    texts = re.findall(r"\w+", doc.text[entity.start : entity.stop])
    if not texts:
        return False
    for text in texts:
        if not _CYRILLIC.fullmatch(text) or (text.isupper() and len(text) <= _ABBREVIATION_LENGTH):
            return False
        readings = natasha_models.parse_word(fold(text))
        if not readings or any(_may_name(r) for r in readings):
            return False
    return True


def _may_name(reading: natasha_models.Parse) -> bool:
    """A reading that leaves a word a possible name: a guess, a noun, adjective or name, or a verb
    form that names share: gerunds («Смолов», «Гребнев»), and imperatives but the plural and
    reflexive ones («Наполи», «Порывай»; not «Читайте», «Подпишись»)."""
    form = reading.feats.get("VerbForm")
    return (
        not reading.known
        or reading.pos not in _NO_NAME_POS
        or bool(reading.grammemes & _PROPER_GRAMMEMES)
        or (reading.pos == "VERB" and form in ("Conv", "Part"))
        or (reading.feats.get("Mood") == "Imp" and not reading.word.endswith(("те", "сь", "ся")))
    )


def may_name_something(doc: Doc, tokens: list[Token]) -> bool:
    """Whether a sentence can hold a name: a capital letter or a Latin letter after its first word,
    or a first word that may be a name. About a third of news sentences hold none, and skipping
    them saves a third of the tagger's time."""
    words = [doc.span_text(token) for token in tokens]
    if any(word[:1].isupper() or _LATIN.search(word) for word in words[1:]):
        return True
    first = next((word for word in words if word[:1].isalpha()), "")
    if not first[:1].isupper():
        return False
    if _LATIN.search(first) or (len(first) > 1 and first.isupper()):
        return True
    readings = natasha_models.parse_word(fold(first))
    return not readings or any(not r.known or r.grammemes & _PROPER_GRAMMEMES for r in readings)


def mention_words(doc: Doc, start: int, stop: int) -> list[Word]:
    """The words of the tokens that lie inside [start, stop)."""
    tokens = doc.tokens
    first = bisect_left(tokens, start, key=_start)
    last = first
    while last < len(tokens) and tokens[last].stop <= stop:
        last += 1
    return words(doc, tokens[first:last])


def words(doc: Doc, tokens: list[Token]) -> list[Word]:
    return [Word(doc.text[t.start : t.stop], t.pos, parse_feats(t.feats), t.start, t.stop) for t in tokens]


def _start(token: Token) -> int:
    return token.start


PERSON_GRAMMEMES = frozenset({"Surn", "Name", "Patr"})  # a dictionary reading that is a person's name


def one_word_name(doc: Doc, entity: Entity) -> str:
    """The mention's text when it is one capitalised word («Заречье», not «ЗТЗ» or «Нижний Новгород»)."""
    text = doc.text[entity.start : entity.stop]
    return text if text.isalpha() and text[:1].isupper() and not text.isupper() else ""


def token_at(doc: Doc, start: int) -> int | None:
    """The index of the token that starts at `start`, None when none does (a binary search)."""
    k = bisect_left(doc.tokens, start, key=_start)
    return k if k < len(doc.tokens) and doc.tokens[k].start == start else None
