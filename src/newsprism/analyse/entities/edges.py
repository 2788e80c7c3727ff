"""Rules that move the edges of a person's mention to where the name starts.

    word_before_person   «Награждённого Орловым художника», «Знаменитая Лесная»: a capitalised
                         word the dictionary knows only as something other than a name (a
                         participle, an adjective, an adverb) opening a person's mention, most
                         often a headline's or a quoted title's first word -> the mention starts
                         after it

A word that may be a name or a surname («Толстой», «Вера», «Белый») stays: the dictionary's reading
of a name is enough to keep it.
"""

from __future__ import annotations

from newsprism.analyse import natasha_models
from newsprism.analyse.entities.spans import Context
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Entity
from newsprism.text import fold

__all__ = ["word_before_person"]

# the dictionary's parts of speech (participles are VERB in UD); the tagger calls such a
# capitalised word PROPN, so its tag is not read
_NOT_NAMES = frozenset({"ADJ", "VERB", "ADV"})
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def _never_a_name(word: str) -> bool:
    readings = natasha_models.parse_word(fold(word))
    known = [r for r in readings if r.known]
    return (
        bool(known)
        and len(known) == len(readings)
        and all(r.pos in _NOT_NAMES and not r.grammemes & _NAME_GRAMMEMES for r in known)
    )


def word_before_person(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    for entity in entities:
        span = ctx.token_range(entity) if entity.type == "PER" else None
        if span is None or span[1] == span[0]:
            continue
        first = span[0]
        word, second = ctx.word(first), ctx.word(first + 1)
        if word[:1].isupper() and word[1:].islower() and second[:1].isupper() and _never_a_name(word):
            entity.start = ctx.tokens[first + 1].start
            entity.normal = ""  # normalised again by the caller
            trace.append(("word_before_person", entity.start, entity.stop))
    return entities
