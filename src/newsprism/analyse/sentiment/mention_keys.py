"""Features of the mention itself, as keys to hash: its shape, case and place in the sentence and
its nearest verb (`mention_keys`), its role in its clause by its case and neighbours (`role_keys`,
`role_of`: «убийца» before a genitive mention is its killer, not it)."""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.analyse.morph import parse_feats
from newsprism.analyse.sentiment.config import FeatureConfig
from newsprism.analyse.sentiment.contexts import Unit


def mention_keys(
    units: Sequence[Unit], inside: Sequence[Unit], place: tuple[str, str], config: FeatureConfig
) -> list[str]:
    """The mention's shape, case and place; its nearest verb if asked. `inside` are its words."""
    head = next((unit for unit in inside if unit.pos in ("NOUN", "PROPN")), inside[0])
    case = parse_feats(head.feats).get("Case", "")
    keys = ["s:cap" if inside[0].title else "s:low", f"s:n{min(len(inside), 3)}", f"s:case={case}", *place]
    if config.predicate:
        verbs = [
            (inside[0].start - u.stop, "<", u.key)
            for u in units
            if u.stop <= inside[0].start and u.pos == "VERB"
        ]
        verbs += [
            (u.start - inside[-1].stop, ">", u.key)
            for u in units
            if u.start >= inside[-1].stop and u.pos == "VERB"
        ]
        if verbs:
            _, side, verb = min(verbs)
            keys.append(f"p:{verb}|{side}{case}")
    return keys


def case_of(inside: Sequence[Unit]) -> str:
    """The grammatical case of a mention's words: its first noun's, else its first word's."""
    head = next((unit for unit in inside if unit.pos in ("NOUN", "PROPN")), inside[0])
    return parse_feats(head.feats).get("Case", "")


def role_keys(left: Sequence[Unit], case: str, right: Sequence[Unit]) -> list[str]:
    """The mention's role in its clause as its case and neighbouring words show it: the word before
    it with its case («убийца» + Gen: the victim; after a preposition, the word before that too:
    «суд над»), the part of speech after it, and the nearest verb of which it looks the subject
    (nominative) or object (accusative, dative).
    `left` are the words before the mention, nearest last; `right` those after."""
    role = role_of(left, case, right)
    keys = [] if role.startswith("x") else [f"role:{role}"]
    if left:
        before = left[-1]
        keys += [f"h:{before.key}|{case}", f"hp:{before.pos}|{case}"]
        if before.pos == "ADP" and len(left) > 1:
            keys.append(f"hh:{left[-2].key}|{before.key}")
    if right:
        keys.append(f"n:{right[0].pos}|{case}")
    verb_left = next((unit for unit in reversed(left) if unit.pos == "VERB"), None)
    verb_right = next((unit for unit in right if unit.pos == "VERB"), None)
    verb = verb_right or verb_left
    if case == "Nom" and verb is not None:
        keys.append(f"subj:{verb.key}")
    elif case in ("Acc", "Dat") and verb_left is not None:
        keys.append(f"obj:{verb_left.key}|{case}")
    return keys


def role_of(left: Sequence[Unit], case: str, right: Sequence[Unit]) -> str:
    """The mention's role in short: "subj" (nominative, a verb in the sentence), "obj" (accusative
    or dative after a verb), "genof" (genitive after a noun: «убийца полицейского»), else "x" and
    its case."""
    if case == "Nom" and any(unit.pos == "VERB" for unit in (*left, *right)):
        return "subj"
    if case in ("Acc", "Dat") and any(unit.pos == "VERB" for unit in left):
        return "obj"
    if case == "Gen" and left and left[-1].pos == "NOUN":
        return "genof"
    return "x" + case
