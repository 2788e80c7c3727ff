"""Clubs named like towns or people in sports news: «полузащитник Заречья», «матч против Искры».

A sports text often names a club without quotes or the word «клуб»: by its town («Заречье»,
«Ливерпуль») or by a word the tagger takes for a surname or a place («Искра», «Ротор»).
`club_in_sports_text` makes such a one-word place or person an organisation when the text is about
sport (at least `MIN_SPORT_WORDS` different lemmas of `SPORT_WORDS`) and one of the name's
mentions stands where only a team stands:

    after a team member or the team's people     полузащитник Заречья, тренер Искры, фанаты Искры
    after a word that wants a team              против Заречья, в составе Искры, в ворота Искры
    after «перейти в», «играть за», «болеть за»  о переходе в Заречье, болел за Искру
    after «контракт с», «матч с»                 расторг контракт с Искрой
    next to a result verb                        Искра обыграла Сталь, помогли разгромить Искру
    heading a line-up                            «Искра: Петров — Иванов, Сидоров, ...»

Then every mention of that name in the text is an organisation (one name, one type). A country
is never retyped: its national team is counted as the place. A person
the dictionary knows as a first name or surname («Медведев обыграл Иванова») is never retyped,
and a person whose name the dictionary does not know at all, if the text names them in full
once («Томас Циклер»), is retyped by the first and the third context only (a tennis player is
also «против Циклера», an unknown surname also «обыграл»); a one-word name never given a first
name is a club in every context («против Нордвика»: a player is named in full at least once);
«играл в Германии» names a country, so only moving takes «в».
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsprism.analyse import natasha_models
from newsprism.analyse.entities.aliases import key
from newsprism.analyse.entities.countries import ADJECTIVES, ALIASES, country_key
from newsprism.analyse.entities.names import normalise
from newsprism.analyse.entities.step import PERSON_GRAMMEMES, mention_words, one_word_name, token_at
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Doc, Entity, Token
from newsprism.text import fold

__all__ = ["MIN_SPORT_WORDS", "SPORT_WORDS", "club_in_sports_text"]

SPORT_WORDS = frozenset(
    {"матч", "гол", "клуб", "чемпионат", "тренер", "футбол", "футболист", "хоккей", "хоккеист", "лига",
     "турнир", "полузащитник", "нападающий", "защитник", "вратарь", "голкипер", "форвард", "сборная",
     "стадион", "трансфер", "плей-офф", "кубок", "ничья", "обыграть", "забить", "сезон", "легионер"}
)  # fmt: skip
MIN_SPORT_WORDS = 3

# The team's people and parts: «полузащитник X», «тренер X», «руководство X», «ворота X».
_MEMBERS = frozenset(
    {"полузащитник", "нападающий", "защитник", "вратарь", "голкипер", "форвард", "игрок", "экс-игрок",
     "тренер", "наставник", "экс-тренер", "капитан", "воспитанник", "болельщик", "фанат", "руководство",
     "легенда", "ворота"}
)  # fmt: skip
# Words after which a name is a team: «против X», «в составе X», «матч X», «титул X», «гол X».
_TEAM_SLOTS = frozenset({"против", "состав", "матч", "соперник", "титул", "гол"})
_PLAYERS_TOO = frozenset({"гол", "титул"})  # «гол Нордвика» is a player's as often as a team's
# Moving to a team, before в: «перейти в X»; playing for it, before за: «играть за X».
_MOVE_TO = frozenset({"перейти", "переход", "переходить", "перебраться", "вернуться"})
_PLAY_FOR = frozenset({"играть", "выступать", "болеть", "сыграть"})
# Dealings with a team, before с: «контракт с X», «матч с X».
_DEALS_WITH = frozenset({"контракт", "матч", "игра", "встреча", "ничья", "соглашение"})
_RESULT_VERBS = frozenset(
    {"обыграть", "победить", "разгромить", "проиграть", "уступить", "одолеть", "переиграть"}
)
_LINE_UP = re.compile(r"\s*:\s*[А-ЯЁ][а-яё-]+\s+[—–-]\s+[А-ЯЁ]")


def _is_sport(doc: Doc) -> bool:
    return len({t.lemma for t in doc.tokens if t.lemma in SPORT_WORDS}) >= MIN_SPORT_WORDS


def _words_before(tokens: Sequence[Token], k: int, count: int) -> list[str]:
    """The lemmas of the `count` words before token k, nearest first, quotes skipped."""
    out: list[str] = []
    j = k - 1
    while j >= 0 and len(out) < count:
        if tokens[j].pos != "PUNCT":
            out.append(tokens[j].lemma)
        elif tokens[j].lemma not in ("«", '"', "„", "“"):
            break
        j -= 1
    return out


def _word_after(tokens: Sequence[Token], k: int) -> str:
    j = k + 1
    while j < len(tokens) and tokens[j].pos == "PUNCT" and tokens[j].lemma in ("»", '"', "“"):
        j += 1
    return tokens[j].lemma if j < len(tokens) and tokens[j].pos != "PUNCT" else ""


def _team_context(doc: Doc, tokens: Sequence[Token], k: int, person: bool, tagged_person: bool) -> bool:
    before = _words_before(tokens, k, 2)
    first = before[0] if before else ""
    second = before[1] if len(before) > 1 else ""
    joins = (first == "в" and second in _MOVE_TO) or (first == "за" and second in _PLAY_FOR)
    if first in _MEMBERS or joins:
        return True
    if person:
        return False
    if tagged_person and first in _PLAYERS_TOO:
        return False
    if first in _TEAM_SLOTS or second == "состав" or (first == "с" and second in _DEALS_WITH):
        return True
    if first in _RESULT_VERBS or _word_after(tokens, k) in _RESULT_VERBS:
        return True
    return bool(_LINE_UP.match(doc.text, tokens[k].stop))


_COUNTRIES = frozenset(ADJECTIVES.values()) | frozenset(ALIASES.values())


def _is_country(entity: Entity) -> bool:
    """A country playing («матч Заречье — Нордландия», «выступать за Россию») is its national team,
    which news and factRuEval alike count as the place."""
    return country_key(entity.canonical or entity.normal) in _COUNTRIES


def _reading(word: str) -> str:
    """ "person" when the dictionary knows the word as a first name or surname, "word" when it
    knows it only as something else («зенит»), "" when it does not know it."""
    readings = [r for r in natasha_models.parse_word(fold(word)) if r.known]
    if any(r.grammemes & PERSON_GRAMMEMES for r in readings):
        return "person"
    return "word" if readings else ""


def _stem(word: str) -> str:
    """A name's letters but the last two, enough to meet «Циклера» and «Циклер»."""
    lower = fold(word)
    return lower[:-2] if len(lower) > 4 else lower


def club_in_sports_text(doc: Doc, entities: Sequence[Entity], trace: Trace) -> None:
    if not _is_sport(doc):
        return
    tokens = doc.tokens
    clubs: set[str] = set()
    candidates: list[Entity] = []
    named_in_full = {
        fold(doc.span_text(e).split()[-1])
        for e in entities
        if e.type == "PER" and len(doc.span_text(e).split()) > 1
    }
    for entity in entities:
        text = one_word_name(doc, entity)
        if entity.kind != "name" or not text or _is_country(entity):
            continue
        reading = _reading(text) if entity.type == "PER" else ""
        if reading == "person":
            continue
        if entity.type != "ORG":
            candidates.append(entity)
        k = token_at(doc, entity.start)
        unknown_person = (
            entity.type == "PER" and not reading and _stem(text) in {_stem(w) for w in named_in_full}
        )
        if k is not None and _team_context(
            doc, tokens, k, unknown_person, entity.type == "PER" and not reading
        ):
            clubs.add(key(entity.canonical))
    for entity in candidates:
        if key(entity.canonical) in clubs:
            unknown_person = entity.type == "PER" and not _reading(one_word_name(doc, entity))
            entity.type = "ORG"
            if (
                not unknown_person
            ):  # an unknown word keeps a person's ending: «Нордвика» is «Нордвик», not «Нордвек»
                entity.normal = entity.canonical = normalise(
                    "ORG", mention_words(doc, entity.start, entity.stop)
                )
            trace.append(("club_in_sports_text", entity.start, entity.stop))
