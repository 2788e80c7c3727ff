"""People named side by side share their case.

    coordinated_people   «наградить Гусеву и Белову»: people joined by «и», «или» or a comma
                         stand in one case, so where the tagger gives them different cases (the
                         first read as a woman's accusative, the second as a man's dative) each
                         takes the first one's case when all their words can be read in it

A surname in «-ову», «-еву», «-ину» is a man's dative and a woman's accusative alike, and the tagger
decides each of two coordinated surnames on its own; the first stands next to the word that governs
them both («наградить», «вручить»), so its case is the better informed. When the first one's words
cannot be in the case of the second («Гусевой и Белову»), nothing changes.
"""

from __future__ import annotations

from newsprism.analyse import natasha_models
from newsprism.analyse.entities.names import NAME_GRAMMEMES, Word, normalise, same_case
from newsprism.analyse.entities.spans import Context
from newsprism.analyse.morph import parse_feats
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Entity
from newsprism.text import fold

__all__ = ["coordinated_people"]

_JOINS = frozenset({"и", "или", ","})


def _words(ctx: Context, entity: Entity) -> list[Word]:
    span = ctx.token_range(entity)
    if span is None:
        return []
    tokens = ctx.tokens[span[0] : span[1] + 1]
    return [Word(ctx.doc.span_text(t), t.pos, parse_feats(t.feats), t.start, t.stop) for t in tokens]


def _may_be(word: Word, case: str) -> bool:
    """Whether a name's word has a singular reading in `case`, known or marked as a name; an
    initial or a lower-case particle fits any case."""
    if len(word.text) < 3 or not word.text[:1].isupper():
        return True
    return any(
        (r.known or r.grammemes & NAME_GRAMMEMES) and r.feats.get("Number") != "Plur" and same_case(r, case)
        for r in natasha_models.parse_word(fold(word.text))
    )


def _joined(ctx: Context, left: Entity, right: Entity) -> bool:
    between = ctx.doc.text[left.stop : right.start]
    return between.strip() in _JOINS and "\n" not in between


def coordinated_people(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    people = sorted((e for e in entities if e.type == "PER" and e.kind == "name"), key=lambda e: e.start)
    groups: list[list[Entity]] = []
    for entity in people:
        if groups and _joined(ctx, groups[-1][-1], entity):
            groups[-1].append(entity)
        else:
            groups.append([entity])
    for group in groups:
        words = [_words(ctx, entity) for entity in group]
        if len(group) < 2 or not all(words):
            continue
        cases = [w[-1].feats.get("Case", "") for w in words]
        case = cases[0]
        if not case or len(set(cases)) < 2 or not all(_may_be(w, case) for w in words[0]):
            continue
        for entity, mention, tagged in zip(group, words, cases, strict=True):
            if tagged == case or not all(_may_be(w, case) for w in mention):
                continue
            recased = [Word(w.text, w.pos, {**w.feats, "Case": case}, w.start, w.stop) for w in mention]
            entity.normal = normalise("PER", recased)
            trace.append(("coordinated_people", entity.start, entity.stop))
    return entities
