"""Which entity a loaded word judges: by the syntax of its sentence, not by the nearest name.

In «Гонсалес позвонил диктатору Маркесу» the loaded word judges Маркес, not Гонсалес, who stands
nearer; in «провал переговоров» it judges the talks, which are no entity, so it judges nobody.
`JudgeTargets` sets each `Evaluative.target_start`/`target_stop` to what the word judges (-1 when
nothing): a mention of an entity, or, where the sentence names none, a personal pronoun («она
мудро промолчала») or an unnamed actor noun (a person in the singular, «легендарного вратаря», or
a group, «бездарная команда»), which `compare.framing` attributes to no entity. It sets `in_quote`
when the word stands inside a quotation (then it is the speaker's view, not the outlet's): one the
quotes step found, or any text of three words or more in quotation marks (`quoted_spans`). The
rules, first that applies:

    naming        the word is in the title before a name or in a mention («с продажным мэром
                  Ивановым», «скандальная партия «Рассвет»»)
    agreement     an adjective or participle judges the noun it agrees with in case, number and
                  gender: a mention («скандального клуба «Вымпел»»), the name a person noun
                  titles in its own case («легендарного тренера Петрова», «физика и изобретателя
                  Петрова»; not «тренера «Вымпела»»), what a predicate noun is said of («она
                  талантливый музыкант»), else the actor noun itself («легендарного вратаря»;
                  not after a superlative, «величайший вратарь в истории» is generic); any other
                  noun is no actor, so in «лживое заявление министра» the word judges nobody
    apposition    a person noun judges the name right after it in the same case («мошенника
                  Петрова») or after a dash, the name (or pronoun) before a dash («Петров —
                  мошенник», «он — художник, гений»), as a predicate in the instrumental the
                  object of a rating verb («назвали Петрова лучшим игроком») or else the subject
                  of its clause («Петров оказался мошенником», «она была певицей, гением»), but
                  not after a preposition («со многими талантливыми ребятами»)
    holder        a noun judges the entity in the genitive or instrumental right after it,
                  through a chain of genitives («агрессия Ольстании», «провал политики
                  Иванова»), after «со стороны», right after «в»/«у» («паника в штабе X»), the
                  owner in «у Петрова есть талант», or whoever «обладает» it
    subject       a verb, an adverb or a short adjective judges the subject of its clause: the
                  nearest nominative mention, pronoun or actor noun before it, else after it
                  («Иванов позорно бежал»); an adjective standing alone in the instrumental is a
                  predicate («Петров оказался лучшим»), and «такой …, как X» judges X

A word none of them resolves judges nothing.
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
_PERSONAL = frozenset({"я", "ты", "он", "она", "оно", "мы", "вы", "они"})
# Verbs that name or rate their object by a predicate in the instrumental: «назвал Y лучшим».
_RATING_VERBS = frozenset(
    {
        "назвать", "называть", "считать", "счесть", "признать", "признавать", "объявить", "объявлять",
        "именовать", "величать", "нарекать", "наречь", "сделать", "делать",
    }
)  # fmt: skip

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


def _superlative(token: Token, word: str) -> bool:
    """A superlative adjective, tagged so or by its suffix -ейш-/-айш- («величайшем», «сильнейший»)."""
    lower = word.lower()
    return token.feat("Degree") == "Sup" or (
        ("ейш" in lower or "айш" in lower) and "ейш" not in token.lemma and "айш" not in token.lemma
    )


def _pronoun(token: Token) -> bool:
    """A personal pronoun («он», «мы»), which stands for an actor."""
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


def _titled(sentence: _Sentence, position: int) -> Span | None:
    """The name an actor noun titles: the mention right after it, or after a coordinated title
    («физика и изобретателя Петрова»)."""
    tokens = sentence.tokens
    case = tokens[position].feat("Case")
    after = position + 1
    for _ in range(3):
        if after >= len(tokens):
            return None
        mention = sentence.mention(after)
        if mention is not None:
            # in another case it is whom the person belongs to, not a name: «тренер клуба»
            return mention if tokens[after].feat("Case") in (case, None) else None
        if sentence.word(after) not in (",", "и") or after + 1 >= len(tokens):
            return None
        if tokens[after + 1].pos != "NOUN" or tokens[after + 1].feat("Animacy") != "Anim":
            return None
        after += 2
    return None


def _possessor(sentence: _Sentence, index: int) -> Span | None:
    """Who has what the noun at `index` names, by «у X (есть) …» before it in its clause («у
    Петрова есть талант»)."""
    for position in range(index - 1, 0, -1):
        if sentence.word(position) in _CLAUSE_BREAKS:
            return None
        if sentence.word(position - 1).lower() == "у":
            found = _referent(sentence, position)
            if found is not None:
                return found
    return None


def _rated_object(sentence: _Sentence, index: int) -> tuple[bool, Span | None]:
    """For a predicate in the instrumental after a rating verb («назвали Петрова лучшим
    игроком», «считают команду сильнейшей»): whether there is an object in the accusative between
    them, and what it refers to (None for a thing: «назвал решение безответственным» judges the
    decision, not whoever named it; the subject for «себя»)."""
    tokens = sentence.tokens
    position = index - 1
    found: Span | None = None
    seen = False
    while position >= 0:
        token = tokens[position]
        if sentence.word(position) in _CLAUSE_BREAKS:
            return False, None
        if token.pos == "VERB" and token.lemma in _RATING_VERBS:
            return seen, found
        if token.feat("Case") == "Acc" and token.pos in ("NOUN", "PROPN", "PRON") and not seen:
            # «назвал себя лучшим»: the reflexive object is the subject
            reflexive = token.lemma == "себя"
            seen, found = True, _subject(sentence, position) if reflexive else _referent(sentence, position)
        elif token.pos == "VERB":
            return False, None
        position -= 1
    return False, None


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
            if _actor_noun(token):
                return _titled(sentence, position) or (token.start, token.stop)
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
    head = _list_head(sentence, index)
    before = head - 1
    while before >= 0 and tokens[before].pos in ("ADJ", "ADV", "DET"):
        before -= 1
    if dash(before) and before >= 1:
        found = _referent(sentence, before - 1)
        if found is not None:
            return found
    if noun.feat("Case") == "Ins":
        return _predicate_of(sentence, head)
    if noun.feat("Case") == "Nom":
        while before >= 0 and (
            tokens[before].pos in ("AUX", "PART", "ADV") or sentence.word(before).lower() in ("это", ",")
        ):
            before -= 1
        if before >= 0 and tokens[before].feat("Case") == "Nom":
            return _referent(sentence, before)
    return None


def _governed(sentence: _Sentence, index: int) -> bool:
    """Whether the phrase of the word at `index` follows a preposition («со многими ребятами»)."""
    position = index - 1
    while position >= 0 and sentence.tokens[position].pos in ("ADJ", "DET", "NUM", "ADV"):
        position -= 1
    return position >= 0 and sentence.tokens[position].pos == "ADP"


def _predicate_of(sentence: _Sentence, index: int) -> Span | None:
    """What a predicate in the instrumental at `index` is said of: the object of a rating verb
    («назвали Петрова лучшим»), else the subject of its clause («Петров стал лучшим»); nothing
    after a preposition, where it is no predicate («с лучшими игроками»)."""
    if _governed(sentence, index):
        return None
    rated, found = _rated_object(sentence, index)
    return found if rated else _subject(sentence, index)


def _compared(sentence: _Sentence, index: int) -> Span | None:
    """The mention a «такой …, как X» likens the word at `index` to («не такой наглый, как
    Петров»)."""
    tokens = sentence.tokens
    if index + 3 >= len(tokens):
        return None
    if sentence.word(index + 1) != "," or sentence.word(index + 2).lower() != "как":
        return None
    if not any(t.lemma in ("такой", "так") for t in tokens[max(0, index - 3) : index]):
        return None
    return sentence.mention(index + 3)


def _trait_owner(sentence: _Sentence, index: int) -> Span | None:
    """Who has the trait a noun at `index` names after «обладать» («Петров обладает талантом»,
    «футболист, обладающий талантом»)."""
    tokens = sentence.tokens
    position = index - 1
    while position >= 0 and tokens[position].pos in ("ADJ", "DET", "ADV"):
        position -= 1
    if position < 0 or tokens[position].lemma != "обладать":
        return None
    verb = tokens[position]
    if "VerbForm=Part" not in verb.feats:
        return _subject(sentence, position)
    noun = _agreeing_noun(sentence, position)
    if noun < 0:
        return None
    found = _referent(sentence, noun)
    if tokens[noun].feat("Animacy") == "Anim":
        return _titled(sentence, noun) or _apposition(sentence, noun) or found
    return found


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
            # an adjective standing alone as a predicate: «Петров оказался лучшим»
            found = _compared(sentence, last)
            if found is None and head.feat("Case") == "Ins":
                found = _predicate_of(sentence, first)
            return (found, "subject") if found is not None else (None, "")
        mention = sentence.mention(noun)
        if mention is not None:
            return mention, "agreement"
        # A person noun may stand before the name it titles («легендарного тренера Петрова») or be
        # a predicate («он прекрасный семьянин»); else it is the unnamed person judged
        # («легендарного силача»), as a group noun is («бездарная команда»). Any other noun is
        # what the word judges («лживое заявление»): nobody.
        if tokens[noun].feat("Animacy") == "Anim":
            found = _titled(sentence, noun) or _apposition(sentence, noun)
            if found is not None:
                return found, "agreement"
        # A superlative makes the noun generic: «величайший игрок в истории» is whoever that is.
        if _actor_noun(tokens[noun]) and not _superlative(head, sentence.word(last)):
            return (tokens[noun].start, tokens[noun].stop), "agreement"
        return None, ""
    if head.pos == "NOUN":
        if head.feat("Animacy") == "Anim":
            found = _apposition(sentence, last)
            if found is not None:
                return found, "apposition"
        found = _holder(sentence, last) or _possessor(sentence, first) or _trait_owner(sentence, first)
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


_QUOTE_MARKS = {"«": "»", "“": "”", "„": "“", '"': '"'}
MIN_QUOTED_WORDS = 3


def quoted_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans between quotation marks that hold at least MIN_QUOTED_WORDS words (a shorter one is
    a name or scare quotes: «Рассвет», «исключительность»); an opening mark that no closing mark
    follows in its paragraph quotes to the paragraph's end (a quote that runs on)."""
    found = []
    for start, stop in paragraphs:
        position = start
        while position < stop:
            char = text[position]
            closing = _QUOTE_MARKS.get(char)
            if closing is None:
                position += 1
                continue
            end = text.find(closing, position + 1, stop)
            inner_stop = stop if end < 0 else end
            if len(text[position + 1 : inner_stop].split()) >= MIN_QUOTED_WORDS:
                found.append((position + 1, inner_stop))
            position = inner_stop + 1
    return found


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
        # the quotations found with their speakers, and any longer text in quotation marks
        paragraphs = [(p.start, p.stop) for p in doc.paragraphs] or [(0, len(doc.text))]
        quotes = sorted([(q.start, q.stop) for q in doc.quotes] + quoted_spans(doc.text, paragraphs))
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
