"""People the NER does not tag, found by the dictionary.

    first_name_and_surname   «Советнику Глебу Ракитину передали …» with no mention on «Глебу
                             Ракитину» -> a person: two or three capitalised words outside every
                             mention, a first name, an optional patronymic and a surname, that
                             the dictionary knows in one case and one gender

The tagger misses a full name now and then in a long sentence or after a capitalised title that
opens it («Вице-спикеру …»). A first name and a surname that agree in case and gender by the
dictionary's own readings are a person's name whatever the tagger saw; a guessed reading does not
count (an unknown capitalised word after a first name may be a place or a brand), and neither does
a word followed by another capitalised word (the pair may open a longer name: «Лев Толстой Холл»).
"""

from __future__ import annotations

from newsprism.analyse import natasha_models
from newsprism.analyse.entities.spans import Context
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Entity
from newsprism.text import fold

__all__ = ["first_name_and_surname"]


def _forms(word: str, grammeme: str) -> set[tuple[str, str]]:
    """(case, gender) of the dictionary's known readings of a title-case `word` marked `grammeme`."""
    if not (word[:1].isupper() and word[1:].isalpha() and word[1:].islower() and len(word) > 1):
        return set()
    return {
        (r.feats.get("Case", ""), r.feats.get("Gender", ""))
        for r in natasha_models.parse_word(fold(word))
        if r.known and grammeme in r.grammemes and r.feats.get("Number") != "Plur"
    }


def first_name_and_surname(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    covered = bytearray(len(ctx.doc.text) + 1)
    for entity in entities:
        covered[entity.start : entity.stop] = b"\1" * (entity.stop - entity.start)
    found: list[Entity] = []
    index = 0
    while index + 1 < len(ctx.tokens):
        forms = _forms(ctx.word(index), "Name")
        last = index + 1
        if forms and _forms(ctx.word(last), "Patr") & forms and last + 1 < len(ctx.tokens):
            forms &= _forms(ctx.word(last), "Patr")
            last += 1
        forms &= _forms(ctx.word(last), "Surn")
        after = ctx.word(last + 1) if last + 1 < len(ctx.tokens) else ""
        start, stop = ctx.tokens[index].start, ctx.tokens[last].stop
        if not forms or after[:1].isupper() or any(covered[start:stop]) or "\n" in ctx.doc.text[start:stop]:
            index += 1
            continue
        found.append(Entity(start, stop, "PER"))
        trace.append(("first_name_and_surname", start, stop))
        index = last + 1
    return entities + found
