"""Other names of one organisation or place: a curated table, and acronyms within an article.

    alias_table      «Центробанк», «ЦБ», «Банк России» -> «Центральный банк»; «РФ» -> «Россия»:
                     names listed in `data/aliases.tsv` (our own list of names that Russian news
                     uses often) take the canonical name and type of their line
    acronym          «ЗТЗ» after «Заречинского трубного завода», «МВД» with «Министерства
                     внутренних дел»: an upper-case word whose letters are the initials of the
                     words of an organisation or place the article names (with or without its
                     prepositions and conjunctions: «ОБСЕ», «ДПНИ»; without a place nested at its
                     end: «МВД» for «Министерство внутренних дел Тавриды») takes that name; an
                     acronym the NER missed becomes a mention

The initials are taken from the canonical names, which are in the nominative, so an acronym links
to a name the article gives in any case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from newsprism.analyse.entities.rules import span_order
from newsprism.analyse.entities.spans import Context
from newsprism.chars import drop_invisible
from newsprism.model import Entity, EntityType
from newsprism.text import fold

TABLE = Path(__file__).parents[1] / "data" / "aliases.tsv"
_ACRONYM = re.compile(r"^[А-ЯЁA-Z]{2,6}$")
_FUNCTION_WORDS = frozenset(
    {"и", "в", "во", "на", "по", "для", "с", "со", "о", "об", "при", "от", "до", "за", "из", "к", "у",
     "под", "над", "против", "of", "and", "the", "for", "de"}
)  # fmt: skip
_QUOTES = "«»\"“”„'"


@lru_cache(maxsize=16384)
def key(name: str) -> str:
    """A name as the table compares it: lower case, ё as е, single spaces, no quotes, no invisible
    characters."""
    return " ".join(fold(drop_invisible(name)).strip(_QUOTES).split())


@cache
def table() -> dict[str, tuple[EntityType, str]]:
    """Alias (as `key`) -> type and canonical name, the canonical names included."""
    found: dict[str, tuple[EntityType, str]] = {}
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in ("PER", "LOC", "ORG"):
            raise ValueError(f"{TABLE}:{number}: expected `TYPE<tab>canonical<tab>alias; alias`")
        kind: EntityType = "PER" if fields[0] == "PER" else "LOC" if fields[0] == "LOC" else "ORG"
        for name in [fields[1], *fields[2].split(";")]:
            if name.strip():
                found[key(name)] = (kind, fields[1])
    return found


def alias_table(entities: Sequence[Entity]) -> None:
    """Names listed in the table take its canonical name and type."""
    known = table()
    for entity in entities:
        if entity.kind != "name":
            continue
        listed = known.get(key(entity.canonical))
        if listed is not None:
            if listed[1] != entity.canonical:
                entity.link_rule = entity.link_rule or "alias_table"
            entity.type, entity.canonical = listed


@lru_cache(maxsize=8192)
def initials(name: str) -> frozenset[str]:
    """The acronyms a name may have: the initials of all its words, and of all but its
    prepositions and conjunctions («Организация по безопасности и сотрудничеству в Европе» -> ОБСЕ)."""
    words = [word.strip(_QUOTES) for word in name.split()]
    words = [word for word in words if word[:1].isalpha()]
    if len(words) < 2:
        return frozenset()
    content = [word for word in words if word.lower() not in _FUNCTION_WORDS]
    return frozenset(
        "".join(word[0] for word in chosen).upper() for chosen in (words, content) if len(chosen) >= 2
    )


def link_acronyms(ctx: Context, entities: list[Entity]) -> list[Entity]:
    """Acronyms take the name of the organisation or place whose initials they are; acronyms the
    NER missed are added. Returns the entities, in span order."""
    places = {e.stop: e for e in entities if e.type == "LOC"}
    full: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.type != "PER" and entity.kind == "name" and " " in entity.canonical:
            found = initials(entity.canonical)
            place = places.get(entity.stop)
            if place is not None and place.start > entity.start:
                found |= initials(_without_place(ctx, entity, place))
            for acronym in found:
                full.setdefault(acronym, []).append(entity)
    if not full:
        return entities
    for entity in entities:
        # the mention's own name, not a canonical name the table gave it: the article's own
        # «Судоходная компания Балтики» explains its «СК» better than the table's «Следственный комитет»
        # («завода "ЛТЗ"», whose canonical name is its acronym, is tried by that name too)
        for name in (entity.normal.strip(_QUOTES), entity.canonical.strip(_QUOTES)):
            named = full.get(name)
            if named and entity.kind == "name" and _ACRONYM.match(name):
                _link(entity, named)
                break
    added: list[Entity] = []
    text = ctx.doc.text
    for token in ctx.tokens:
        word = text[token.start : token.stop]
        named = full.get(word)
        if named is None or not _ACRONYM.match(word):
            continue
        if any(e.start < token.stop and token.start < e.stop for e in entities):
            continue
        entity = Entity(token.start, token.stop, named[0].type, normal=word)
        _link(entity, named)
        added.append(entity)
    return sorted(entities + added, key=span_order) if added else entities


def _without_place(ctx: Context, entity: Entity, place: Entity) -> str:
    """The canonical name without the place nested at its end: «МВД» for «Министерство внутренних
    дел Тавриды»."""
    words = entity.canonical.split()
    drop = len(ctx.doc.text[place.start : place.stop].split())
    return " ".join(words[:-drop]) if len(words) > drop else ""


def _link(acronym: Entity, named: list[Entity]) -> None:
    before = [e for e in named if e.start < acronym.start]
    chosen = before[-1] if before else named[0]
    acronym.type, acronym.canonical, acronym.link_rule = chosen.type, chosen.canonical, "acronym"
