"""A name left in an oblique case, where the article also writes it in the nominative.

The name step puts each mention in the nominative on its own, and an unknown foreign name the
tagger reads as a nominative stays as written: «Сантане» in «вместе с Сантане» cannot be told from
an indeclinable name by itself, nor «Ледесмы» in «игроки Ледесмы» from a plural. The article often
settles it: «Карлос Сантана» elsewhere in it is the nominative of which «Сантане», «Сантану»,
«Сантаны» and «Сантаной» are the cases of a name in «-а» (and «Гарсии», «Гарсию» of «Гарсия»,
«Ислочи» of «Ислочь»). Only a form the article's text writes so is taken as the nominative: the
last word of another mention of a person, for a person's surname; another one-word mention of a
place or an organisation, for a one-word place or organisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyse.rule_runner import Trace
from newsprism.model import Doc, Entity

# The case endings of nouns in «-а», «-я» and «-ь» (first and third declension), with their
# nominative ending.
_OBLIQUE: tuple[tuple[str, str], ...] = (
    ("ой", "а"), ("ою", "а"), ("ей", "я"), ("е", "а"), ("у", "а"), ("ы", "а"), ("и", "а"),
    ("е", "я"), ("ю", "я"), ("и", "я"), ("и", "ь"), ("ью", "ь"),
)  # fmt: skip
_MIN_STEM = 3  # letters before the ending: «Сантан-е», not «Ли-е»
_VOWELS_AND_SOFT_SIGN = frozenset("аеёиоуыэюяь")


def _last_word(entity: Entity) -> str:
    words = entity.normal.split()
    return words[-1] if words else ""


def _as_written(doc: Doc, entity: Entity) -> bool:
    """Whether the mention's text ends with its normal form's last word."""
    return doc.span_text(entity).split()[-1:] == [_last_word(entity)]


def nominative_in_article(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    people = [e for e in entities if e.type == "PER" and e.normal]
    others = [e for e in entities if e.type != "PER" and len(e.normal.split()) == 1]
    for group in (people, others):
        written = {_last_word(e) for e in group if _as_written(doc, e)}
        for entity in group:
            _take_nominative(entity, written, trace)


def _take_nominative(entity: Entity, written: set[str], trace: Trace) -> None:
    words = entity.normal.split()
    last = words[-1]
    for ending, nominative in _OBLIQUE:
        stem = last[: -len(ending)]
        if ending == "е" and stem[-1:].lower() in _VOWELS_AND_SOFT_SIGN:
            continue  # «Открытие», «Взморье»: a neuter nominative, not a case of «Открытия»
        if last.endswith(ending) and len(stem) >= _MIN_STEM and stem + nominative in written:
            entity.normal = " ".join([*words[:-1], stem + nominative])
            if entity.canonical.split()[-1:] == [last]:
                entity.canonical = " ".join([*entity.canonical.split()[:-1], stem + nominative])
            trace.append(("nominative_in_article", entity.start, entity.stop))
            return
