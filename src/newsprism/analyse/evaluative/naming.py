"""How a text names an entity: the title or descriptor right before a name, and what it implies.

«с российским диктатором Владимиром Путиным», «Президент России Владимир Путин», «Британская газета
The Telegraph»: the words before the name that stand in apposition to it are part of how the
outlet names the entity. `title_before` finds them: a run of nouns and adjectives ending at the
name, whose head agrees with the name in case and is a person noun (animate) for people or an
organisation word («газета», «агентство») for organisations; the genitive words between the head
and the name come along («президентом России», «премьер-министра Италии»).

`LoadedNames` uses them: a mention named with a loaded word («российского диктатора», «с
российским диктатором Владимиром Путиным») takes that word's polarity as its sentiment, whatever
the sentence model said, since the outlet's judgement is in the naming itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyse.entities.rules import ORG_DESCRIPTORS
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Entity, Evaluative, Token

_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_MAX_TITLE_TOKENS = 6


@dataclass(slots=True, frozen=True)
class Naming:
    """An entity mention with the title before it: `start` is the title's start (the mention's
    own start when it has none), `title_start`/`title_stop` the title alone (-1 when none)."""

    start: int
    stop: int
    title_start: int = -1
    title_stop: int = -1


def _first_token(tokens: Sequence[Token], start: int) -> int | None:
    for index, token in enumerate(tokens):
        if token.start >= start:
            return index if token.start == start else None
    return None


def _is_head(token: Token, name: Token, entity_type: str) -> bool:
    if token.pos != "NOUN":
        return False
    name_case = name.feat("Case")
    if name_case and token.feat("Case") != name_case:
        return False
    if entity_type == "PER":
        return token.feat("Animacy") == "Anim"
    return token.lemma in ORG_DESCRIPTORS


def title_before(tokens: Sequence[Token], entity: Entity, text: str) -> tuple[int, int] | None:
    """The title standing in apposition right before `entity` («российским диктатором» before
    «Владимиром Путиным»), as offsets, or None. `tokens` are the entity's sentence's tokens."""
    if entity.kind != "name" or entity.type == "LOC":
        return None
    first = _first_token(tokens, entity.start)
    if first is None or first == 0:
        return None
    name = tokens[first]
    window: list[int] = []
    index = first - 1
    while index >= 0 and len(window) < _MAX_TITLE_TOKENS:
        token = tokens[index]
        gap = text[token.stop : tokens[index + 1].start]
        if token.pos not in _PHRASE_POS or gap.strip():
            break
        window.append(index)
        index -= 1
    heads = [i for i in window if _is_head(tokens[i], name, entity.type)]
    if not heads:
        return None
    head = max(heads, key=lambda i: first - i)  # the farthest head: «президента» in «президента Франции»
    begin = head
    while (
        begin - 1 in window
        and tokens[begin - 1].pos == "ADJ"
        and tokens[begin - 1].feat("Case") == tokens[head].feat("Case")
    ):
        begin -= 1
    return tokens[begin].start, tokens[first - 1].stop


def namings(doc: Doc) -> dict[int, Naming]:
    """Each entity's naming, by the entity's index in `doc.entities`."""
    out: dict[int, Naming] = {}
    order = sorted(range(len(doc.entities)), key=lambda i: doc.entities[i].start)
    position = 0
    sentences = doc.sentences
    for index in order:
        entity = doc.entities[index]
        while position < len(sentences) and sentences[position].stop <= entity.start:
            position += 1
        title = None
        if position < len(sentences):
            sentence = sentences[position]
            title = title_before(doc.sentence_tokens(sentence), entity, doc.text)
        if title is None:
            out[index] = Naming(entity.start, entity.stop)
        else:
            out[index] = Naming(title[0], entity.stop, title[0], title[1])
    return out


def loaded_words(naming: Naming, evaluative: Sequence[Evaluative]) -> list[Evaluative]:
    """The loaded words inside a naming (title and mention)."""
    return [word for word in evaluative if word.start >= naming.start and word.stop <= naming.stop]


class LoadedNames(Step):
    """A mention named with a loaded word takes its polarity: «российским диктатором Владимиром
    Путиным» is -1 toward Putin, with score 1.0 (a rule, not the model's probability)."""

    name = "loaded_names"
    requires = ("sentiment", "evaluative")
    assigns = ("naming_sentiment",)

    def process(self, doc: Doc) -> Doc:
        if not doc.evaluative:
            return doc
        for index, naming in namings(doc).items():
            words = loaded_words(naming, doc.evaluative)
            if not words:
                continue
            total = sum(word.polarity for word in words)
            if total:
                entity = doc.entities[index]
                entity.sentiment, entity.score = (1 if total > 0 else -1), 1.0
        return doc
