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

from newsprism.analyse.entity_rules import ORG_DESCRIPTORS
from newsprism.analyse.naming import namings
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Token, within

__all__ = ["GROUP_NOUNS", "JudgeTargets", "judged_target"]

_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "«", "»", '"'})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_DASHES = frozenset({"—", "–", "-"})
_PERSONAL = frozenset({"он", "она", "оно", "они"})

# Nouns that name a group of people acting as one, like an organisation without its name: they can
# be what a word judges even unnamed («бездарная команда», «лживое правительство»).
GROUP_NOUNS = ORG_DESCRIPTORS | frozenset(
    {
        "команда", "сборная", "правительство", "власть", "власти", "страна", "государство",
        "администрация", "министерство", "ведомство", "парламент", "оппозиция", "армия", "руководство",
        "кабмин", "мэрия", "режим", "клика", "хунта", "союз", "федерация", "лига", "штаб",
    }
)  # fmt: skip

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class _Sentence:
    """A sentence's tokens with, for each, the index of the mention covering it (-1 none), and
    each such mention's own span (without its title)."""

    tokens: Sequence[Token]
    mention_of: Sequence[int]
    text: str
    spans: dict[int, Span]

    def mention(self, position: int) -> Span | None:
        index = self.mention_of[position]
        return self.spans[index] if index >= 0 else None

    def word(self, position: int) -> str:
        token = self.tokens[position]
        return self.text[token.start : token.stop]


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


def _actor_noun(token: Token) -> bool:
    """A common noun that can name one actor without a name: a person in the singular («гонщик»;
    the plural is mostly people in general, «многие талантливые ребята») or a group («команда»,
    «правительство»)."""
    if token.pos != "NOUN":
        return False
    return token.lemma in GROUP_NOUNS or (token.feat("Animacy") == "Anim" and token.feat("Number") != "Plur")


def _pronoun(token: Token) -> bool:
    """A third-person personal pronoun («он», «они»), which stands for an actor."""
    return token.pos == "PRON" and token.lemma in _PERSONAL


def _referent(sentence: _Sentence, position: int, pronouns: bool = True) -> Span | None:
    """What the token at `position` refers to, if it can be judged: the mention covering it, else
    a personal pronoun or an unnamed actor noun itself (as its own span)."""
    mention = sentence.mention(position)
    if mention is not None:
        return mention
    token = sentence.tokens[position]
    if (pronouns and _pronoun(token)) or _actor_noun(token):
        return token.start, token.stop
    return None


def _holder(sentence: _Sentence, index: int) -> Span | None:
    """The entity whose act or trait the noun at `index` names: a mention or an actor noun in the
    genitive or the instrumental right after it, through genitive nouns («провал политики
    Иванова», «агрессия Ольстанией», «провал политики правительства»), after «со стороны»
    («агрессия со стороны Ольстании»), or right after «в» or «у» («паника в штабе «Рассвета»»);
    None when there is none."""
    tokens = sentence.tokens
    position = index + 1
    words = [sentence.word(n).lower() for n in range(position, min(len(tokens), position + 2))]
    if words[:2] == ["со", "стороны"]:
        position += 2
        return _referent(sentence, position) if position < len(tokens) else None
    if words[:1] in (["в"], ["во"], ["у"]) and position + 1 < len(tokens):
        mention = sentence.mention(position + 1)
        if mention is not None:
            return mention
    hops = 0
    own = sentence.mention_of[index]
    while position < len(tokens) and hops < 4:
        token = tokens[position]
        mention = sentence.mention(position)
        if mention is not None and sentence.mention_of[position] != own:
            return mention if token.feat("Case") in ("Gen", "Ins", None) else None
        if token.pos in ("ADJ", "DET"):
            position += 1
            continue
        if token.pos == "NOUN" and token.feat("Case") == "Gen":
            if _actor_noun(token) and not (position + 1 < len(tokens) and sentence.mention(position + 1)):
                return token.start, token.stop
            position += 1
            hops += 1
            continue
        return None
    return None


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


def _subject(sentence: _Sentence, index: int, after: bool = True) -> Span | None:
    """The subject of the clause of the token at `index`: the nearest mention, personal pronoun or
    actor noun in the nominative in its clause, before it first, then (with `after`) after it."""
    tokens = sentence.tokens

    def scan(positions: range) -> Span | None:
        for position in positions:
            if sentence.word(position) in _CLAUSE_BREAKS:
                return None
            if tokens[position].feat("Case") == "Nom":
                found = _referent(sentence, position)
                if found is not None:
                    return found
        return None

    before = scan(range(index - 1, -1, -1))
    if before is not None or not after:
        return before
    return scan(range(index + 1, len(tokens)))


def _list_head(sentence: _Sentence, index: int) -> int:
    """The first of a list of nouns in one case ending at `index` («творцом, гением»)."""
    tokens = sentence.tokens
    case = tokens[index].feat("Case")
    position = index
    while position >= 2:
        joiner = sentence.word(position - 1)
        before = position - 2
        while before >= 0 and tokens[before].pos in ("ADJ", "DET"):
            before -= 1
        if joiner not in (",", "и") or before < 0 or tokens[before].pos != "NOUN":
            break
        if tokens[before].feat("Case") != case:
            break
        position = before
    return position


def _apposition(sentence: _Sentence, index: int) -> Span | None:
    """For a person noun: the name right after it in its case («мошенника Петрова») or after a
    dash («талантливые ребята — Петров, Сидоров»), the name before a dash («Петров — мошенник»),
    else, as a predicate, the subject of its clause: in the instrumental («Петров оказался
    мошенником», «его считают лучшим игроком», «он был творцом, гением»), in the nominative only
    right after it («она талантливый музыкант»)."""
    tokens = sentence.tokens
    noun = tokens[index]

    def dash(position: int) -> bool:
        return 0 <= position < len(tokens) and sentence.word(position) in _DASHES

    if index + 1 < len(tokens):
        mention = sentence.mention(index + 1)
        if mention is not None and (tokens[index + 1].feat("Case") in (noun.feat("Case"), None)):
            return mention
    if dash(index + 1) and index + 2 < len(tokens):
        mention = sentence.mention(index + 2)
        if mention is not None:
            return mention
    before = index - 1
    while before >= 0 and tokens[before].pos in ("ADJ", "ADV", "DET"):
        before -= 1
    if dash(before) and before >= 1:
        mention = sentence.mention(before - 1)
        if mention is not None:
            return mention
    if noun.feat("Case") == "Ins":
        return _subject(sentence, _list_head(sentence, index))
    if noun.feat("Case") == "Nom":
        while before >= 0 and (tokens[before].pos in ("AUX", "PART") or sentence.word(before).lower() == "это"):
            before -= 1
        if before >= 0 and tokens[before].feat("Case") == "Nom":
            found = _referent(sentence, before)
            if found is not None and (before + 1 < index):
                return found
            if found is not None and sentence.mention(before) is None:
                return found
    return None


def judged_target(sentence: _Sentence, first: int, last: int) -> tuple[Span | None, str]:
    """What the word on tokens `first`..`last` (inclusive) judges: a mention's span, or the span
    of a personal pronoun or of an unnamed actor noun; and the rule that found it; (None, "")
    when nothing."""
    tokens = sentence.tokens
    head = tokens[last]
    for position in range(first, last + 1):
        mention = sentence.mention(position)
        if mention is not None:
            return mention, "naming"
    if head.pos in ("ADJ", "DET") or (head.pos == "VERB" and "VerbForm=Part" in head.feats):
        if "Variant=Short" in head.feats:
            found = _subject(sentence, first)
            return (found, "subject") if found is not None else (None, "")
        noun = _agreeing_noun(sentence, last)
        if noun < 0:
            return None, ""
        mention = sentence.mention(noun)
        if mention is not None:
            return mention, "agreement"
        # A person noun may stand before the name it titles («легендарного тренера Петрова») or be
        # a predicate («он прекрасный семьянин»); else it is the unnamed person judged
        # («легендарного силача»), as a group noun is («бездарная команда»). Any other noun is
        # what the word judges («лживое заявление»): nobody.
        if tokens[noun].feat("Animacy") == "Anim":
            found = _apposition(sentence, noun)
            if found is not None:
                return found, "agreement"
        # A superlative makes the noun generic: «величайший игрок в истории» is whoever that is.
        if _actor_noun(tokens[noun]) and head.feat("Degree") != "Sup":
            return (tokens[noun].start, tokens[noun].stop), "agreement"
        return None, ""
    if head.pos == "NOUN":
        if head.feat("Animacy") == "Anim":
            found = _apposition(sentence, last)
            if found is not None:
                return found, "apposition"
        found = _holder(sentence, last)
        return (found, "holder") if found is not None else (None, "")
    if head.pos in ("VERB", "ADV", "AUX"):
        found = _subject(sentence, first)
        return (found, "subject") if found is not None else (None, "")
    return None, ""


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
    """Each loaded word's target and whether it is quoted (module docstring)."""

    name = "judged_targets"
    version = 2
    requires = ("evaluative", "entities", "quotes")
    assigns = ("evaluative_targets",)

    def process(self, doc: Doc) -> Doc:
        if not doc.evaluative:
            return doc
        named = namings(doc)
        # A naming covers the title before the name: «продажным мэром Ивановым» is one mention.
        spans = sorted(((index, n.start, n.stop) for index, n in named.items()), key=lambda s: s[1])
        own = {index: (doc.entities[index].start, doc.entities[index].stop) for index in named}
        quotes = sorted((q.start, q.stop) for q in doc.quotes)
        for sentence in doc.sentences:
            words = within(doc.evaluative, sentence.start, sentence.stop)
            if not words:
                continue
            tokens = doc.sentence_tokens(sentence)
            local = [s for s in spans if s[2] > sentence.start and s[1] < sentence.stop]
            view = _Sentence(tokens, _mention_indexes(tokens, local), doc.text, own)
            for word in words:
                word.in_quote = any(start <= word.start and word.stop <= stop for start, stop in quotes)
                first = next((n for n, t in enumerate(tokens) if t.stop > word.start), None)
                last = next((n for n in range(len(tokens) - 1, -1, -1) if tokens[n].start < word.stop), None)
                if first is None or last is None or last < first:
                    continue
                target, rule = judged_target(view, first, last)
                if target is not None:
                    word.target_start, word.target_stop, word.target_rule = target[0], target[1], rule
        return doc
