"""One type per name within an article, in order; each is a small named rule.

    dictionary_surname   a one-word place or organisation that the dictionary knows only as a
                         surname or first name («политики Громова» tagged as a place) -> a person
    dictionary_place     a one-word person that the dictionary knows as a place and never as a
                         name or surname («с Заречьем и Чувашией» tagged as a person) -> a place
    guessed_place        a one-word organisation that the dictionary does not know and guesses to be
                         an inflected place («Глава Заречинска») -> a place: the NER takes towns named for
                         their authorities for organisations, which news and factRuEval count as places
    body_abbreviation    an abbreviation in brackets after a body named by its noun and its
                         place («ассоциации Нордландии (НФА)», «прокуратуры Заречья (PZ)») -> an
                         organisation: it abbreviates the body, not the place before the bracket
    organisation_word    a person whose name holds a word that names a kind of organisation, in
                         English or as an outlet names itself («Nordic Sport Group», «Заречные
                         Новини») -> an organisation: people are not called «Sport» or «News»
    club_in_sports_text  in a sports text, a town or a word named where a team stands («полузащитник
                         Заречья») -> an organisation, every mention of it (`sports_clubs.py`)
  after the names are linked:
    majority_type        every mention of one canonical name takes the type most of its mentions
                         have, except mentions whose descriptor says their type («клуб «Заря»»)
                         and places after в/на («в Заречном» stays a place)

Ties go to the type of the longest mention (the NER saw most of the name: «Агентство по охране
недр Нордландии» over its acronym «АОНН»), then, for names of several words, PER, LOC, ORG: a first
name and a surname tagged as a person is rarely anything else. For one-word names, LOC, ORG, PER:
a person is nearly always named in full once, and the surname rule (linking.py) has already
made the bare surnames of such people persons, so a name that is still a person in as many mentions
as it is something else is most often a capitalised place or title word the NER took for a name
(a headline's first word: «Заречинск без завода»). Between a place and an organisation the place
wins: a country or town acting through its authorities («Россия заявила») is the usual conflict,
and it is a place (factRuEval's LocOrg). The NER gives no probabilities to prefer its most confident
mention (its CRF is decoded for the best path only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from newsprism.analyse import natasha_models
from newsprism.analyse.entities.aliases import key, table
from newsprism.analyse.entities.declension import nominative_in_article
from newsprism.analyse.entities.names import normalise
from newsprism.analyse.entities.rules import INTERNATIONAL_ORGS, LOC_DESCRIPTORS, ORG_DESCRIPTORS
from newsprism.analyse.entities.sports_clubs import club_in_sports_text
from newsprism.analyse.entities.step import PERSON_GRAMMEMES, mention_words, one_word_name, token_at
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Doc, Entity, EntityType
from newsprism.text import fold

_TIE_ORDER: dict[str, int] = {"LOC": 2, "ORG": 1, "PER": 0}
_TIE_ORDER_FULL_NAME: dict[str, int] = {"PER": 2, "LOC": 1, "ORG": 0}
_DESCRIPTORS = ORG_DESCRIPTORS | LOC_DESCRIPTORS


def dictionary_surname(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    for entity in entities:
        word = one_word_name(doc, entity) if entity.type != "PER" and entity.kind == "name" else ""
        if not word or key(entity.canonical) in table():
            continue
        readings = [r for r in natasha_models.parse_word(fold(word)) if r.known]
        if readings and all(r.grammemes & PERSON_GRAMMEMES for r in readings):
            _retype(doc, entity, "PER")
            trace.append(("dictionary_surname", entity.start, entity.stop))


def dictionary_place(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    for entity in entities:
        word = one_word_name(doc, entity) if entity.type == "PER" and entity.kind == "name" else ""
        if not word or key(entity.canonical) in table():
            continue
        readings = [r for r in natasha_models.parse_word(fold(word)) if r.known]
        places = {r.nominative for r in readings if "Geox" in r.grammemes} - {""}
        if places and not any(r.grammemes & PERSON_GRAMMEMES for r in readings):
            _retype(doc, entity, "LOC")
            if len(places) == 1:  # the tagger read the word as a person's: its case may be wrong
                entity.normal = entity.canonical = natasha_models.recover_shape(places.pop(), word)
            trace.append(("dictionary_place", entity.start, entity.stop))


def guessed_place(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    for entity in entities:
        word = one_word_name(doc, entity) if entity.type == "ORG" and entity.kind == "name" else ""
        if not word or key(entity.canonical) in table() or word.lower() in INTERNATIONAL_ORGS:
            continue
        lower = fold(word)
        readings = natasha_models.parse_word(lower)
        inflected_place = any("Geox" in r.grammemes and r.nominative not in ("", lower) for r in readings)
        if inflected_place and not any(r.known for r in readings):
            _retype(doc, entity, "LOC")
            trace.append(("guessed_place", entity.start, entity.stop))


# Nouns of a body named by its place: «ассоциация Нордландии», «прокуратура Заречья».
_BODIES = ORG_DESCRIPTORS | frozenset(
    {"прокуратура", "министерство", "ведомство", "комитет", "комиссия", "совет", "управление",
     "федерация", "союз", "правительство", "парламент", "суд", "полиция", "департамент", "агентство"}
)  # fmt: skip
_ABBREVIATION = re.compile(r"[A-ZА-ЯЁ]{2,6}")


def body_abbreviation(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    places = {e.stop: e for e in entities if e.type == "LOC"}
    for entity in entities:
        k = token_at(doc, entity.start)
        text = doc.span_text(entity)
        if entity.type == "ORG" or k is None or k < 3 or not _ABBREVIATION.fullmatch(text):
            continue
        if doc.text[entity.start - 1 : entity.start] != "(" or doc.text[entity.stop : entity.stop + 1] != ")":
            continue
        place = places.get(doc.tokens[k - 1].start) or places.get(doc.tokens[k - 2].stop)
        j = token_at(doc, place.start) if place is not None else None
        while j is not None and j > 0 and doc.tokens[j - 1].pos == "ADJ":
            j -= 1
        if j is not None and j > 0 and doc.tokens[j - 1].lemma in _BODIES:
            _retype(doc, entity, "ORG")
            trace.append(("body_abbreviation", entity.start, entity.stop))


# Words that name a kind of organisation in a name: an outlet, a company, a team.
_ORGANISATION_WORDS = frozenset(
    {"sport", "sports", "news", "media", "group", "bank", "times", "post", "daily", "tv", "radio",
     "press", "journal", "telegraph", "today", "channel", "network", "agency", "capital", "holding",
     "holdings", "inc", "ltd", "llc", "corp", "corporation", "company", "club", "fc", "united",
     "gazzetta", "herald", "tribune", "wire", "magazine", "mail", "studio", "studios", "records",
     "pictures", "motors", "airlines", "airways", "energy", "foundation", "institute",
     "university", "fund", "partners", "systems", "technologies", "labs", "games",
     "entertainment", "новости", "новини", "вести", "вісті", "известия", "ведомости", "газета"}
)  # fmt: skip


def organisation_word(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    for entity in entities:
        if entity.type != "PER" or entity.kind != "name":
            continue
        words = re.findall(r"\w+", doc.span_text(entity).lower())
        if len(words) > 1 and any(w in _ORGANISATION_WORDS for w in words):
            _retype(doc, entity, "ORG")
            trace.append(("organisation_word", entity.start, entity.stop))


def _retype(doc: Doc, entity: Entity, kind: EntityType) -> None:
    """A new type, and the name in the nominative as that type inflects."""
    entity.type = kind
    entity.normal = entity.canonical = normalise(kind, mention_words(doc, entity.start, entity.stop))


def majority_type(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    votes: dict[str, Counter[EntityType]] = {}
    longest: dict[tuple[str, EntityType], int] = {}
    for entity in entities:
        if entity.kind == "name":
            name = key(entity.canonical)
            votes.setdefault(name, Counter())[entity.type] += 1
            words = len(entity.normal.split())
            longest[name, entity.type] = max(longest.get((name, entity.type), 0), words)
    chosen: dict[str, EntityType] = {}
    for name, counter in votes.items():
        if len(counter) > 1:
            order = _TIE_ORDER_FULL_NAME if len(name.split()) > 1 else _TIE_ORDER
            chosen[name] = max(counter, key=lambda kind: (counter[kind], longest[name, kind], order[kind]))
    if not chosen:
        return
    for entity in entities:
        kind = chosen.get(key(entity.canonical)) if entity.kind == "name" else None
        if (
            kind is not None
            and kind != entity.type
            and not _typed_by_descriptor(entity)
            and not (entity.type == "LOC" and kind == "ORG" and _place_of_action(doc, entity))
        ):
            entity.type = kind
            trace.append(("majority_type", entity.start, entity.stop))


# в/на, and maybe an adjective in the locative: «в Заречном», «в соседнем Заречном»
_IN_OR_ON = re.compile(r"(?:^|[^\w-])(?:[вВ]о?|[нН]а)\s+(?:[а-яё-]+(?:ом|ем|ой|ей)\s+)?$")


def _place_of_action(doc: Doc, entity: Entity) -> bool:
    """«в Заречном», «на Лесной»: a place after в/на (and an adjective), which an organisation of
    the same name elsewhere in the article («Заречное объявило») does not make an organisation."""
    return bool(_IN_OR_ON.search(doc.text[max(0, entity.start - 30) : entity.start]))


def _typed_by_descriptor(entity: Entity) -> bool:
    """«клуб «Заря»», «реки Светлой»: the descriptor says the type, whatever other mentions of
    the bare name («Зари», a town) are."""
    if entity.normal == entity.canonical:
        return False
    return any(word.lower() in _DESCRIPTORS for word in entity.normal.split())


ConsistencyRule = Callable[[Doc, Sequence[Entity], Trace], None]
BEFORE_LINKING: tuple[ConsistencyRule, ...] = (
    dictionary_surname,
    dictionary_place,
    guessed_place,
    body_abbreviation,
    organisation_word,
    club_in_sports_text,
    nominative_in_article,
)
AFTER_LINKING: tuple[ConsistencyRule, ...] = (majority_type,)
