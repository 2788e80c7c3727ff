"""Which entity a loaded word judges: by the syntax of its sentence, not by the nearest name.

In «Гонсалес позвонил диктатору Маркесу» the loaded word judges Маркес, not Гонсалес, who stands
nearer; in «провал переговоров» it judges the talks, which are no entity, so it judges nobody.
`JudgeTargets` sets each `Evaluative.target_start`/`target_stop` to a mention of the entity the
word is about (-1 when none) and `in_quote` when the word stands inside a quotation (then it is
the speaker's view, not the outlet's). The rules, first that applies:

    naming        the word is in the title before a name or in a mention («с продажным мэром
                  Ивановым», «скандальная партия «Рассвет»»)
    agreement     an adjective or participle judges the noun it agrees with in case, number and
                  gender: a mention («скандального клуба «Вымпел»»), or the name a person noun
                  titles («легендарного тренера Петрова»); any other noun is no entity, so in
                  «лживое заявление министра» the word judges nobody (the statement)
    apposition    a person noun judges the name right after it in the same case («мошенника
                  Петрова») or after a dash, the name before a dash («Петров — мошенник»), or
                  as a predicate the subject of its clause («Петров оказался мошенником»)
    holder        a noun judges the entity in the genitive or instrumental right after it,
                  through a chain of genitives («агрессия Ольстании», «провал политики
                  Иванова»), after «со стороны», or right after «в»/«у» («паника в штабе X»)
    subject       a verb, an adverb or a short adjective judges the subject of its clause: the
                  nearest nominative mention before it, else after it («Иванов позорно бежал»)

A word none of them resolves judges no entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyse.naming import namings
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Entity, Token, within

__all__ = ["JudgeTargets", "judged_target"]

_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "«", "»", '"'})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_DASHES = frozenset({"—", "–", "-"})


@dataclass(slots=True, frozen=True)
class _Sentence:
    """A sentence's tokens with, for each, the index of the mention covering it (-1 none)."""

    tokens: Sequence[Token]
    mention_of: Sequence[int]
    text: str


_LIKE_CASES = frozenset({"Nom", "Acc"})  # the tagger often confuses them, and they look alike


def _agrees(a: Token, b: Token) -> bool:
    left, right = a.feat("Case"), b.feat("Case")
    if left and right and left != right and not {left, right} <= _LIKE_CASES:
        return False
    left, right = a.feat("Number"), b.feat("Number")
    if left and right and left != right:
        return False
    if a.feat("Number") != "Plur":
        left, right = a.feat("Gender"), b.feat("Gender")
        if left and right and left != right:
            return False
    return True


def _holder(sentence: _Sentence, index: int) -> int:
    """The entity whose act or trait the noun at `index` names: a mention in the genitive or the
    instrumental right after it, through genitive nouns («провал политики Иванова», «агрессия
    Ольстанией»), after «со стороны» («агрессия со стороны Ольстании»), or right after «в» or «у»
    («паника в штабе «Рассвета»»); -1 when there is none."""
    tokens, text = sentence.tokens, sentence.text
    position = index + 1
    words = [text[t.start : t.stop].lower() for t in tokens[position : position + 2]]
    if words[:2] == ["со", "стороны"]:
        position += 2
        return sentence.mention_of[position] if position < len(tokens) else -1
    if words[:1] in (["в"], ["во"], ["у"]) and position + 1 < len(tokens):
        mention = sentence.mention_of[position + 1]
        if mention >= 0:
            return mention
    hops = 0
    while position < len(tokens) and hops < 4:
        token = tokens[position]
        mention = sentence.mention_of[position]
        if mention >= 0 and mention != sentence.mention_of[index]:
            return mention if token.feat("Case") in ("Gen", "Ins", None) else -1
        if token.pos in ("ADJ", "DET"):
            position += 1
            continue
        if token.pos == "NOUN" and token.feat("Case") == "Gen":
            position += 1
            hops += 1
            continue
        return -1
    return -1


def _agreeing_noun(sentence: _Sentence, index: int) -> int:
    """The noun an adjective at `index` agrees with: right after it over adjectives and adverbs,
    else right before it («заявление, лживое от начала»)."""
    tokens = sentence.tokens
    word = tokens[index]
    for position in range(index + 1, min(len(tokens), index + 5)):
        token = tokens[position]
        if token.pos in _NOMINAL and _agrees(word, token):
            return position
        if token.pos not in ("ADJ", "ADV", "DET") and not (
            token.pos == "VERB" and "VerbForm=Part" in token.feats
        ):
            break
    for position in range(index - 1, max(-1, index - 3), -1):
        token = tokens[position]
        if token.pos in _NOMINAL and _agrees(word, token):
            return position
        if token.pos not in ("ADJ", "ADV"):
            break
    return -1


def _subject(sentence: _Sentence, index: int) -> int:
    """The nearest mention in the nominative in the clause of the token at `index`: before it
    first, then after it."""
    tokens, text = sentence.tokens, sentence.text

    def scan(positions: range) -> int:
        for position in positions:
            token = tokens[position]
            if text[token.start : token.stop] in _CLAUSE_BREAKS:
                return -1
            mention = sentence.mention_of[position]
            if mention >= 0 and token.feat("Case") == "Nom":
                return mention
        return -1

    before = scan(range(index - 1, -1, -1))
    return before if before >= 0 else scan(range(index + 1, len(tokens)))


def _apposition(sentence: _Sentence, index: int) -> int:
    """For a person noun: the name right after it in its case («мошенника Петрова») or after a
    dash («талантливые ребята — Петров, Сидоров»), the name before a dash («Петров — мошенник»),
    else, as a predicate («Петров оказался мошенником», «его считают лучшим игроком»), the subject
    of its clause."""
    tokens, text = sentence.tokens, sentence.text
    noun = tokens[index]

    def dash(position: int) -> bool:
        return 0 <= position < len(tokens) and text[tokens[position].start : tokens[position].stop] in _DASHES

    if index + 1 < len(tokens):
        mention = sentence.mention_of[index + 1]
        if mention >= 0 and (tokens[index + 1].feat("Case") in (noun.feat("Case"), None)):
            return mention
    if dash(index + 1) and index + 2 < len(tokens) and sentence.mention_of[index + 2] >= 0:
        return sentence.mention_of[index + 2]
    before = index - 1
    while before >= 0 and tokens[before].pos in ("ADJ", "ADV", "DET"):
        before -= 1
    if dash(before) and before >= 1 and sentence.mention_of[before - 1] >= 0:
        return sentence.mention_of[before - 1]
    if noun.feat("Case") in ("Nom", "Ins"):
        return _subject(sentence, index)
    return -1


def judged_target(sentence: _Sentence, first: int, last: int) -> tuple[int, str]:
    """The mention (index into the doc's entities) that the word on tokens `first`..`last`
    (inclusive) judges, and the rule that found it; (-1, "") when none."""
    tokens = sentence.tokens
    head = tokens[last]
    for position in range(first, last + 1):
        if sentence.mention_of[position] >= 0:
            return sentence.mention_of[position], "naming"
    if head.pos in ("ADJ", "DET") or (head.pos == "VERB" and "VerbForm=Part" in head.feats):
        if "Variant=Short" in head.feats:
            found = _subject(sentence, first)
            return (found, "subject") if found >= 0 else (-1, "")
        noun = _agreeing_noun(sentence, last)
        if noun < 0:
            return -1, ""
        if sentence.mention_of[noun] >= 0:
            return sentence.mention_of[noun], "agreement"
        # A person noun may stand before the name it titles («легендарного тренера Петрова»);
        # any other noun that is no entity is what the word judges («лживое заявление»): nobody.
        found = _apposition(sentence, noun) if tokens[noun].feat("Animacy") == "Anim" else -1
        return (found, "agreement") if found >= 0 else (-1, "")
    if head.pos == "NOUN":
        if head.feat("Animacy") == "Anim":
            found = _apposition(sentence, last)
            if found >= 0:
                return found, "apposition"
        found = _holder(sentence, last)
        return (found, "holder") if found >= 0 else (-1, "")
    if head.pos in ("VERB", "ADV", "AUX"):
        found = _subject(sentence, first)
        return (found, "subject") if found >= 0 else (-1, "")
    return -1, ""


def _mention_indexes(tokens: Sequence[Token], spans: Sequence[tuple[int, int, int]]) -> list[int]:
    out = []
    for token in tokens:
        found = -1
        for index, start, stop in spans:
            if start <= token.start and token.stop <= stop:
                found = index
                break
        out.append(found)
    return out


class JudgeTargets(Step):
    """Each loaded word's target mention and whether it is quoted (module docstring)."""

    name = "judged_targets"
    requires = ("evaluative", "entities", "quotes")
    assigns = ("evaluative_targets",)

    def process(self, doc: Doc) -> Doc:
        if not doc.evaluative:
            return doc
        named = namings(doc)
        # A naming covers the title before the name: «продажным мэром Ивановым» is one mention.
        spans = sorted(((index, n.start, n.stop) for index, n in named.items()), key=lambda s: s[1])
        quotes = sorted((q.start, q.stop) for q in doc.quotes)
        for sentence in doc.sentences:
            words = within(doc.evaluative, sentence.start, sentence.stop)
            if not words:
                continue
            tokens = doc.sentence_tokens(sentence)
            local = [s for s in spans if s[2] > sentence.start and s[1] < sentence.stop]
            view = _Sentence(tokens, _mention_indexes(tokens, local), doc.text)
            for word in words:
                word.in_quote = any(start <= word.start and word.stop <= stop for start, stop in quotes)
                first = next((n for n, t in enumerate(tokens) if t.stop > word.start), None)
                last = next((n for n in range(len(tokens) - 1, -1, -1) if tokens[n].start < word.stop), None)
                if first is None or last is None or last < first:
                    continue
                target, rule = judged_target(view, first, last)
                if target >= 0:
                    entity: Entity = doc.entities[target]
                    word.target_start, word.target_stop, word.target_rule = entity.start, entity.stop, rule
        return doc
