"""Speakers: the noun phrase that speaks for a speech verb, by cheap token rules (`subject`,
`attributed`) or, for a sentence where they find none, by the syntax parse (`parse_subjects`); and
the entity a speaker's span resolves to (`speaker_of`): the `canonical` (else `normal`) of the
entity it overlaps, a pronoun («он», «по его словам») to the most recent person before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from newsprism.analyse import natasha_models
from newsprism.analyse.quotes.lexicon import HEAD_POS, NP_POS, PERSONAL, PRONOUN_GENDER, RELATIVE
from newsprism.analyse.quotes.words import FoundQuote, QuoteTokens, case_ok, cited_segments, quoted_name
from newsprism.model import Entity, QuoteKind

SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")
_WORD = re.compile(r"\w{3}")
TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2}  # a speaker is a person before an organisation or a place


@dataclass(slots=True)
class Speaker:
    span: tuple[int, int] | None = None
    head: int = -1
    unsure: bool = False


def np_at(words: QuoteTokens, index: int, hi: int, case: str = "Nom") -> Speaker:
    """A noun phrase starting at a token, its head in `case`: modifiers, head, then nouns in the
    genitive or the same case («глава МИД России Сергей Лавров», «газета Le Monde»), a quoted name
    («Газета.ru»), a personal pronoun."""
    j = index
    while j < hi and words.pos[j] in ("ADJ", "DET") and words.feat(j, "Case") == case:
        j += 1
    if j >= hi:
        return Speaker()
    if words.pos[j] == "PRON" or (words.pos[j] == "DET" and words.lemma[j] in ("его", "ее")):
        personal = words.lemma[j] in PERSONAL or words.lower[j] in ("его", "ее", "её", "их")
        return Speaker((j, j + 1), j) if j == index and personal else Speaker()
    named = quoted_name(words, j, hi)
    if named > 0:
        head, j = j + 1, named
    elif words.pos[j] in HEAD_POS and case_ok(words, j, (case,)):
        head, j = j, j + 1
    else:
        return Speaker()
    while j < hi:
        if words.pos[j] in NP_POS and case_ok(words, j, ("Gen", case)):
            j += 1
        elif quoted_name(words, j, hi) > 0:
            j = quoted_name(words, j, hi)  # «сообщении «Гражданского патруля»»
        elif (
            words.lower[j] == "."
            and j + 1 < hi
            and words.starts[j] == words.stops[j - 1]
            and (
                words.starts[j + 1] == words.stops[j]
                or (len(words.lower[j - 1]) == 1 and words.pos[j + 1] in HEAD_POS)
            )
        ):
            j += 2  # «zakon.kz», «М.Коваль», «Р. Бизяев»
        else:
            break
    while j > head + 1 and words.pos[j - 1] in ("ADJ", "DET"):
        j -= 1
    return Speaker((index, j), head)


def np_before(words: QuoteTokens, verb: int, lo: int) -> Speaker:
    """The nominative noun phrase that ends just before a verb, skipping adverbs, particles and a
    «со ссылкой на X» phrase; «постпред США при НАТО Мэттью Уитакер»."""
    cited = {stop: start for start, _, stop in cited_segments(words, lo, verb)}
    j = verb - 1
    while j >= lo and (words.pos[j] in ("ADV", "PART") or j + 1 in cited):
        j = cited[j + 1] - 1 if j + 1 in cited else j - 1
    end = k = j + 1
    while k > lo:
        p = k - 1
        if words.pos[p] in NP_POS and case_ok(words, p, ("Nom", "Gen")):
            k -= 1
        elif words.lower[p] in '»"”' and (opener := _opener(words, p, lo)) >= 0:
            k = opener  # «Газета.ru», «Известия»
        elif (
            p >= lo + 2
            and words.pos[p] in ("NOUN", "PROPN")
            and words.pos[p - 1] == "ADP"
            and words.pos[p - 2] in ("NOUN", "PROPN")
            and case_ok(words, p - 2, ("Nom", "Gen"))
            and k < end
        ):
            k -= 2  # a prepositional phrase inside the noun phrase: «постпред США при НАТО»
        elif words.lower[p] == "и" and p > lo and k < end and words.feat(p - 1, "Case") == "Nom":
            k -= 1
        else:
            break
    if k == end and end > lo and words.lemma[end - 1] in PERSONAL and words.feat(end - 1, "Case") == "Nom":
        return Speaker((end - 1, end), end - 1)
    if k == end and end > lo + 1 and words.lemma[end - 1] in RELATIVE and words.lower[end - 2] == ",":
        return np_before(words, end - 2, lo)  # «Макрон, который заявил» -> Макрон
    for start in range(k, end):
        if words.feat(start, "Case") == "Nom" or words.pos[start] == "X" or words.lower[start] in '«"„':
            for head in range(start, end):
                if words.pos[head] in HEAD_POS:
                    return Speaker((start, end), head)
            break
    return Speaker()


def _opener(words: QuoteTokens, close: int, lo: int) -> int:
    for j in range(close - 2, max(lo, close - 8) - 1, -1):
        if words.lower[j] in '«"„“':
            return j
    return -1


def np_after(words: QuoteTokens, index: int, hi: int) -> Speaker:
    """The first nominative noun phrase after a verb, before a comma or another clause; skips
    «журналистам», «в интервью ТАСС» and «со ссылкой на X»."""
    cited = {start: stop for start, _, stop in cited_segments(words, index, hi)}
    j = index
    while j < min(hi, index + 8):
        if j in cited:
            j = cited[j]
            continue
        if words.pos[j] == "ADP":  # «в интервью ТАСС», «на странице в Instagram»: not the subject
            j += 1
            while j < hi and words.pos[j] in NP_POS and words.feat(j, "Case") != "Nom":
                j += 1
            continue
        if (words.pos[j] in ("SCONJ", "CCONJ") or words.is_finite(j)) or (
            words.pos[j] == "PUNCT" and quoted_name(words, j, hi) < 0
        ):
            break
        found = np_at(words, j, hi)
        if found.span:
            return found
        j += 1
    return Speaker()


def in_phrase(words: QuoteTokens, lo: int, hi: int) -> Speaker:
    """«в пресс-службе президента», «на сайте кабмина»: the place an impersonal verb speaks from."""
    for j in range(lo, hi - 1):
        if words.lower[j] in ("в", "во", "на") and words.pos[j] == "ADP":
            found = np_at(words, j + 1, hi, "Loc")
            if found.span:
                return found
    return Speaker()


def subject(words: QuoteTokens, verb: int, lo: int, hi: int) -> Speaker:
    """Who speaks, by the cheap rules: the noun phrase before the verb, after it, or for an
    impersonal verb the place it speaks from; `unsure` when none fits."""
    found = np_before(words, verb, lo)
    if not found.span:
        found = np_after(words, verb + 1, hi)
    if not found.span and words.impersonal(verb):
        found = in_phrase(words, verb + 1, hi)
        if not found.span:
            found = in_phrase(words, lo, verb)
    if not found.span and not words.impersonal(verb):
        found.unsure = True
    return found


def cited_in(words: QuoteTokens, lo: int, hi: int) -> tuple[int, int] | None:
    segments = [segment for segment in cited_segments(words, lo, hi) if not words.blocked[segment[0]]]
    return (segments[0][1], segments[0][2]) if segments else None


def attributed(
    words: QuoteTokens, kind: QuoteKind, rule: str, pieces: list[tuple[int, int]], verb: int, lo: int, hi: int
) -> FoundQuote:
    """A `FoundQuote` for a speech verb at token `verb` whose speaker lies in tokens [lo, hi)."""
    speaker = subject(words, verb, lo, hi)
    words.blocked[verb] = True
    sentence_stop = words.doc.sentences[words.sentence[verb]].stop
    return FoundQuote(
        kind, rule, pieces, words.lemma[verb], verb, speaker.span, speaker.head, speaker.unsure,
        cited=cited_in(words, lo, hi), stop=sentence_stop,
    )  # fmt: skip


def parse_subjects(unsure: list[tuple[QuoteTokens, FoundQuote]]) -> None:
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


def speaker_of(words: QuoteTokens, span: tuple[int, int] | None, head: int) -> tuple[int, int, str, str]:
    """The speaker's character span, the name it resolves to, and a rule suffix."""
    if span is None:
        return -1, -1, "", ""
    start, stop = words.starts[span[0]], words.stops[span[1] - 1]
    if span[1] - span[0] == 1 and words.lemma[head] in PRONOUN_GENDER and words.pos[head] in ("PRON", "DET"):
        person = antecedent(words, start, PRONOUN_GENDER[words.lemma[head]])
        return start, stop, person, "+pronoun" if person else ""
    name = entity_name(words, span, head)
    if not name and _is_role(words, head):
        named = _named_after(words, span[1])
        if named is not None:  # «— заявил директор «Нордстали» Пётр Орлов»: the name ends the phrase
            return start, named.stop, named.canonical or named.normal, "+role"
        person = role_holder(words, start, words.lemma[head])
        return start, stop, person, "+role" if person else ""
    return start, stop, name, ""


def _named_after(words: QuoteTokens, index: int) -> Entity | None:
    """A person named right after token `index`, past a quoted or capitalised organisation name."""
    j = index
    while j < min(index + 6, len(words.lower)) and words.lower[j] not in (",", ".", "!", "?", ";", ":"):
        person = next(
            (e for e in _overlapping(words, words.starts[j], words.stops[j]) if e.type == "PER"), None
        )
        if person is not None and person.start >= words.starts[index]:
            return person
        j += 1
    return None


def _is_role(words: QuoteTokens, head: int) -> bool:
    """A common noun for one person: «эксперт», «министра», «главврач» (not «учёные», not a name)."""
    return (
        head >= 0
        and words.pos[head] == "NOUN"
        and words.feat(head, "Number") == "Sing"
        and words.feat(head, "Animacy") == "Anim"
    )


def role_holder(words: QuoteTokens, before: int, role: str) -> str:
    """The person a role noun speaking for a quote stands for («добавил эксперт», «по словам
    министра»): the last person before it that the article introduces with that noun
    («эксперт Ольга Ветрова»), else the last person named before it, preferring one named in the
    nominative (a role noun takes up the person just quoted or introduced). Either gender: «врач»
    is said of a woman too."""
    people = [
        e
        for e in words.doc.entities
        if e.type == "PER" and e.kind == "name" and e.stop <= before and _WORD.search(words.doc.span_text(e))
    ]
    introduced = [
        e
        for e in people
        if any(words.lemma[k] == role for k in range(max(0, words.at(e.start) - 2), words.at(e.start)))
    ]
    subjects = [e for e in people if words.feat(words.at(e.start), "Case") == "Nom"]
    chosen = (introduced or subjects or people)[-1:]
    return chosen[0].canonical or chosen[0].normal if chosen else ""


def _overlapping(words: QuoteTokens, start: int, stop: int) -> list[Entity]:
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


def entity_name(words: QuoteTokens, span: tuple[int, int], head: int) -> str:
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


def antecedent(words: QuoteTokens, before: int, gender: str) -> str:
    """The most recent person of the pronoun's gender before an offset, preferring one named in the
    nominative (a subject: «Макрон ответил Путину. По его словам…» -> Макрон)."""
    people = [
        entity
        for entity in words.doc.entities
        if entity.type == "PER"
        and entity.stop <= before
        and words.feat(words.at(entity.stop) - 1, "Gender") in ("", gender)
        and _WORD.search(words.doc.span_text(entity))  # initials alone («С.П.») sign a text
    ]
    subjects = [entity for entity in people if words.feat(words.at(entity.start), "Case") == "Nom"]
    chosen = (subjects or people)[-1:]
    return chosen[0].canonical or chosen[0].normal if chosen else ""
