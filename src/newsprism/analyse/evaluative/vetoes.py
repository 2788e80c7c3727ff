"""Context rules that declare a matched phrase neutral where it stands (`VETOES`, in order):
«так называют» is not «так называемый», «Герой России» is a name, «главный герой фильма» a
character."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsprism.analyse.evaluative.evaluative_words import words
from newsprism.analyse.evaluative.phrases import Entry
from newsprism.model import Token


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase matched at tokens [first, last) of a doc, before the context rules see it."""

    tokens: Sequence[Token]
    lemmas: Sequence[str]
    first: int
    last: int
    entry: Entry
    text: str
    sentence_initial: frozenset[int]


def verb_not_participle(candidate: Candidate) -> bool:
    """«так называют» is not «так называемый»: a participle entry needs a participle."""
    return candidate.entry.alternate and any(
        token.pos == "VERB" and token.feat("VerbForm") in ("Fin", "Inf", "Conv")
        for token in candidate.tokens[candidate.first : candidate.last]
    )


def part_of_name(candidate: Candidate) -> bool:
    """«Герой России», «Великая Отечественная война», ЗРК «Триумф»: capitalised words inside names."""
    first = candidate.first
    word = candidate.text[candidate.tokens[first].start : candidate.tokens[first].stop]
    if not word[:1].isupper():
        return False
    if candidate.tokens[first].pos == "PROPN":  # «Амур» the river, «Рада» the parliament
        return True
    opening = first > 0 and candidate.text[candidate.tokens[first - 1].start] in OPENING
    if first not in candidate.sentence_initial and not opening:
        return True
    following = candidate.tokens[candidate.last] if candidate.last < len(candidate.tokens) else None
    return (
        candidate.tokens[first].pos == "ADJ"
        and following is not None
        and candidate.text[following.start : following.start + 1].isupper()
    )


# After these a capital letter starts a quotation or a heading, not a name: «Позор власти!»
OPENING = frozenset("«\"„“'(-–—:")

STORY_NOUNS = words(
    "фильм сериал роман книга мультфильм игра рассказ сказка пьеса спектакль шоу программа передача "
    "публикация материал статья сюжет видео ролик клип песня картина повесть комикс фотография "
    "репортаж интервью эпизод серия опера балет мюзикл расследование выпуск проект вечер"
)


def hero_of_a_story(candidate: Candidate) -> bool:
    """«главный герой фильма», «спектакль, героями которого»: a character, not praise."""
    if candidate.entry.lemmas[0] not in ("герой", "героиня"):
        return False
    first, lemmas = candidate.first, candidate.lemmas
    after = lemmas[candidate.last] if candidate.last < len(lemmas) else ""
    before = lemmas[max(0, first - 3) : first]
    return after in STORY_NOUNS or any(lemma in STORY_NOUNS or lemma in CHARACTER for lemma in before)


CHARACTER = frozenset({"главный", "второстепенный", "центральный", "положительный", "отрицательный"})


VETOES: tuple[Callable[[Candidate], bool], ...] = (verb_not_participle, part_of_name, hero_of_a_story)
