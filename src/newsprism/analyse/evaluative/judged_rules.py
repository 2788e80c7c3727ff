"""The rules that find what a loaded word judges (`judged_target`), first that applies: naming,
agreement, apposition, holder, subject (the docstring of `judged` says what each does)."""

from __future__ import annotations

from newsprism.analyse.evaluative.judged_view import (
    SentenceView,
    Span,
    actor_noun,
    agrees,
    referent,
    superlative,
)

_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "«", "»", '"'})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_DASHES = frozenset({"—", "–", "-"})
# Verbs that name or rate their object by a predicate in the instrumental: «назвал Y лучшим».
_RATING_VERBS = frozenset(
    {
        "назвать", "называть", "считать", "счесть", "признать", "признавать", "объявить", "объявлять",
        "именовать", "величать", "нарекать", "наречь", "сделать", "делать",
    }
)  # fmt: skip


def _titled(sentence: SentenceView, position: int) -> Span | None:
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


def _possessor(sentence: SentenceView, index: int) -> Span | None:
    """Who has what the noun at `index` names, by «у X (есть) …» before it in its clause («у
    Петрова есть талант»)."""
    for position in range(index - 1, 0, -1):
        if sentence.word(position) in _CLAUSE_BREAKS:
            return None
        if sentence.word(position - 1).lower() == "у":
            found = referent(sentence, position)
            if found is not None:
                return found
    return None


def _rated_object(sentence: SentenceView, index: int) -> tuple[bool, Span | None]:
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
            seen, found = True, _subject(sentence, position) if reflexive else referent(sentence, position)
        elif token.pos == "VERB":
            return False, None
        position -= 1
    return False, None


def _holder(sentence: SentenceView, index: int) -> Span | None:
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
        return referent(sentence, position) if position < len(tokens) else None
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
            if actor_noun(token):
                return _titled(sentence, position) or (token.start, token.stop)
            position += 1
            hops += 1
            continue
        return None
    return None


def _agreeing_noun(sentence: SentenceView, index: int) -> int:
    """The noun an adjective at `index` agrees with: right after it over adjectives and adverbs,
    else right before it («заявление, лживое от начала»)."""
    tokens = sentence.tokens
    word = tokens[index]
    for position in range(index + 1, min(len(tokens), index + 5)):
        token = tokens[position]
        if token.pos in _NOMINAL and agrees(word, token):
            return position
        if token.pos not in ("ADJ", "ADV", "DET") and not (
            token.pos == "VERB" and "VerbForm=Part" in token.feats
        ):
            break
    for position in range(index - 1, max(-1, index - 3), -1):
        token = tokens[position]
        if token.pos in _NOMINAL and agrees(word, token):
            return position
        if token.pos not in ("ADJ", "ADV"):
            break
    return -1


def _subject(sentence: SentenceView, index: int, after: bool = True) -> Span | None:
    """The subject of the clause of the token at `index`: the nearest mention, personal pronoun or
    actor noun in the nominative in its clause, before it first, then (with `after`) after it."""
    tokens = sentence.tokens

    def scan(positions: range) -> Span | None:
        for position in positions:
            if sentence.word(position) in _CLAUSE_BREAKS:
                return None
            if tokens[position].feat("Case") == "Nom":
                found = referent(sentence, position)
                if found is not None:
                    return found
        return None

    before = scan(range(index - 1, -1, -1))
    if before is not None or not after:
        return before
    return scan(range(index + 1, len(tokens)))


def _list_head(sentence: SentenceView, index: int) -> int:
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


def _apposition(sentence: SentenceView, index: int) -> Span | None:
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
        found = referent(sentence, before - 1)
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
            return referent(sentence, before)
    return None


def _governed(sentence: SentenceView, index: int) -> bool:
    """Whether the phrase of the word at `index` follows a preposition («со многими ребятами»)."""
    position = index - 1
    while position >= 0 and sentence.tokens[position].pos in ("ADJ", "DET", "NUM", "ADV"):
        position -= 1
    return position >= 0 and sentence.tokens[position].pos == "ADP"


def _predicate_of(sentence: SentenceView, index: int) -> Span | None:
    """What a predicate in the instrumental at `index` is said of: the object of a rating verb
    («назвали Петрова лучшим»), else the subject of its clause («Петров стал лучшим»); nothing
    after a preposition, where it is no predicate («с лучшими игроками»)."""
    if _governed(sentence, index):
        return None
    rated, found = _rated_object(sentence, index)
    return found if rated else _subject(sentence, index)


def _compared(sentence: SentenceView, index: int) -> Span | None:
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


def _trait_owner(sentence: SentenceView, index: int) -> Span | None:
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
    found = referent(sentence, noun)
    if tokens[noun].feat("Animacy") == "Anim":
        return _titled(sentence, noun) or _apposition(sentence, noun) or found
    return found


def judged_target(sentence: SentenceView, first: int, last: int) -> tuple[Span | None, str]:
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
        if actor_noun(tokens[noun]) and not superlative(head, sentence.word(last)):
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
