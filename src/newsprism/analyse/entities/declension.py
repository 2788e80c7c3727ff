"""A person's surname left in an oblique case, where the article also writes it in the nominative.

The name step puts each mention in the nominative on its own, and an unknown foreign surname the
tagger reads as a nominative stays as written: «Сантане» in «вместе с Сантане» cannot be told from
an indeclinable name by itself. The article often settles it: «Карлос Сантана» elsewhere in it is
the nominative of which «Сантане», «Сантану», «Сантаны» and «Сантаной» are the cases of a name in
«-а» (and «Хорхе Гарсии», «Гарсию» of «Гарсия»). Only a form written so in the article's text, as
the last word of another mention of a person, is taken as the nominative.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyse.rule_runner import Trace
from newsprism.model import Doc, Entity

# The case endings of names in «-а» and «-я» (first declension), with their nominative ending.
_OBLIQUE: tuple[tuple[str, str], ...] = (
    ("ой", "а"), ("ою", "а"), ("ей", "я"), ("е", "а"), ("у", "а"), ("ы", "а"), ("и", "а"),
    ("е", "я"), ("ю", "я"), ("и", "я"),
)  # fmt: skip
_MIN_STEM = 3  # letters before the ending: «Сантан-е», not «Ли-е»


def nominative_in_article(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    people = [e for e in entities if e.type == "PER"]
    written = set()  # last words of people's mentions that the text writes as their normal form
    for entity in people:
        last = entity.normal.split()[-1] if entity.normal else ""
        if last and doc.span_text(entity).split()[-1:] == [last]:
            written.add(last)
    for entity in people:
        words = entity.normal.split()
        if not words:
            continue
        last = words[-1]
        for ending, nominative in _OBLIQUE:
            stem = last[: -len(ending)]
            if last.endswith(ending) and len(stem) >= _MIN_STEM and stem + nominative in written:
                entity.normal = " ".join([*words[:-1], stem + nominative])
                if entity.canonical.split()[-1:] == [last]:
                    entity.canonical = " ".join([*entity.canonical.split()[:-1], stem + nominative])
                trace.append(("nominative_in_article", entity.start, entity.stop))
                break
