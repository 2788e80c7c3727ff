"""Names in the nominative: «Фридриха Мерца» -> «Фридрих Мерц», «коалиции желающих» -> «коалиция
желающих», «Министерства обороны» -> «Министерство обороны».

natasha's normaliser inflects every word of a name by the first dictionary reading that fits, which
goes wrong twice: unknown foreign surnames get a Russian noun's fleeting vowel («Мерца» -> «Мерец»),
and in organisation names it inflects dependents that must stay as they are («желающих» ->
«желающие»). Here a person's words use a dictionary reading only when it is known or marks a name,
else the case ending is taken off; organisations and places inflect their head noun and the
adjectives before it, and keep everything after the head («Вестника Державы» -> «Вестник Державы»:
a word the tagger calls an adjective but the dictionary knows only as a noun is the head). A
one-word place the dictionary does not know takes pymorphy2's guess for places («Нордландии» ->
«Нордландия», not the masculine «Нордландий» the tagger's features point to).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyse import natasha_models
from newsprism.analyse.natasha_models import Parse
from newsprism.chars import drop_invisible
from newsprism.text import fold

NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
_PROPER = NAME_GRAMMEMES | {"Geox"}
_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")
_NOUNS = ("NOUN", "PROPN")

# Case endings of foreign names that are not in the dictionary, by gender and case: (ending, replacement).
_MASCULINE_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "Gen": (("я", "й"), ("а", ""), ("ы", "а")),  # «Марадоны»: men's names in -а decline as women's
    "Acc": (("я", "й"), ("а", ""), ("у", "а")),
    "Dat": (("ю", "й"), ("у", "")),
    "Ins": (("ем", "й"), ("ём", ""), ("ом", ""), ("ой", "а")),
    "Loc": (("е", ""),),
}
_FEMININE_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "Gen": (("ии", "ия"), ("и", "а"), ("ы", "а")),  # «-и» only after г, к, х and hushers: «Дариги»
    "Acc": (("ю", "я"), ("у", "а")),
    "Dat": (("ии", "ия"), ("е", "а")),
    "Ins": (("ей", "я"), ("ой", "а")),
    "Loc": (("ии", "ия"), ("е", "а")),
}
_VOWELS = set("аеёиоуыэюя")
_MAY_NOT_DECLINE = re.compile(r"(?:[аяуюеоэ]|[^гкхжшчщи]и)$")
_VELARS_AND_HUSHERS = set("гкхжшчщ")
_HUSHERS_AND_TS = set("жшчщц")  # after which «-ем» is a hard stem's ending: «Бойичем» -> «Бойич»


@dataclass(slots=True, frozen=True)
class Word:
    """A word of a mention: its text, tagged part of speech and features, and offsets."""

    text: str
    pos: str
    feats: dict[str, str]
    start: int
    stop: int


def _agreement(reading: Parse, pos: str, feats: dict[str, str]) -> int:
    participle = reading.pos == "VERB" and reading.feats.get("VerbForm") == "Part"  # «соединённых»
    same_pos = (
        reading.pos == pos or (reading.pos == "NOUN" and pos == "PROPN") or (participle and pos == "ADJ")
    )
    score = 2 if same_pos else 0
    score += sum(
        reading.feats.get(key) == feats.get(key) for key in ("Case", "Number", "Gender") if key in feats
    )
    return score


def best_reading(word: str, pos: str, feats: dict[str, str], *, prefer_names: bool = False) -> Parse | None:
    """The dictionary reading that agrees best with the tagger; among equals, a known word and, for
    people, a reading marked as a name."""
    readings = natasha_models.parse_word(fold(word))
    if not readings:
        return None

    def rank(item: tuple[int, Parse]) -> tuple[int, bool, bool, bool, int]:
        index, reading = item
        named = prefer_names and bool(reading.grammemes & NAME_GRAMMEMES)
        declines = "Fixd" not in reading.grammemes  # «Анне»: Анна in the dative before indeclinable Anne
        return (_agreement(reading, pos, feats), named, declines, reading.known, -index)

    return max(enumerate(readings), key=rank)[1]


def strip_case_ending(word: str, case: str, gender: str) -> str:
    """A foreign name's nominative by its case ending («Мерца» -> «Мерц», «Джорджии» -> «Джорджия»).

    Names ending in a vowel that is not a case ending (Мелони, Абэ, Кайли) do not decline and stay."""
    endings = (_FEMININE_ENDINGS if gender == "Fem" else _MASCULINE_ENDINGS).get(case, ())
    lower = word.lower()
    for ending, replacement in endings:
        stem = lower[: -len(ending)]
        if lower.endswith(ending) and len(stem) >= 2:
            if gender != "Fem" and replacement == "" and stem[-1] in _VOWELS:
                continue  # «Мелони», «Абэ»: no consonant stem, the word does not decline
            if ending == "и" and stem[-1] not in _VELARS_AND_HUSHERS:
                continue  # «Кайли», «Мэри»: a woman's name in «-и» does not decline
            if replacement == "й" and stem[-1] not in _VOWELS:
                # No «й» after a consonant: «Гарделя» -> «Гардель», «Бойичем» -> «Бойич»,
                # «Гортейем» -> «Гортей».
                replacement = "" if stem[-1] in _HUSHERS_AND_TS or stem[-1] in "йь" else "ь"
            return natasha_models.recover_shape(stem + replacement, word)
    return word


def person_word(word: Word, gender: str, *, certain: bool = False) -> str:
    """One word of a person's name in the nominative. A dictionary reading counts only in the
    tagged case («Анте» in «с Анте Ребичем» is no locative of «ант») and, when the first name
    makes the gender `certain`, only in that gender («Зарубину» in «Павлу Зарубину» is no
    accusative of «зарубина»); else a known word of the other gender counts too (the tagger takes
    «Селивановой» for a man), a guess does not. A lower-case word («ван», «им.») stays."""
    if not _CYRILLIC_WORD.match(word.text) or word.text.islower() or len(word.text) < 2:
        return word.text
    if word.feats.get("Case") in (None, "Nom"):
        return oblique_nominative(word.text) or word.text
    if "-" in word.text:  # «Лундквист-Орловой»: each part declines on its own
        parts = word.text.split("-")
        return "-".join(person_word(Word(part, word.pos, word.feats, 0, 0), gender) for part in parts)
    readings = [
        r
        for r in natasha_models.parse_word(fold(word.text))
        if (r.known or r.grammemes & NAME_GRAMMEMES)
        and same_case(r, word.feats.get("Case", ""))
        and r.feats.get("Number") != "Plur"  # «Кими» is no instrumental plural of a guessed «кие»
        and (r.feats.get("Gender", gender) == gender or (r.known and not certain))
    ]
    if readings:
        reading = max(
            readings,
            key=lambda r: (
                r.feats.get("Gender", gender) == gender,
                _agreement(r, word.pos, word.feats),
                _person_rank(r),
            ),
        )
        if reading.nominative:
            return natasha_models.recover_shape(reading.nominative, word.text)
    return strip_case_ending(word.text, word.feats.get("Case", ""), gender)


def oblique_nominative(word: str) -> str:
    """The nominative of a name word tagged as a nominative that cannot be one: no reading of it
    the dictionary knows or guesses as a name is a singular nominative («Назарбаевой», «Дариги»,
    «Нордландии»), and it is known or ends in no vowel that foreign names keep. The nominative
    most of its singular readings share; "" when the word may be a nominative."""
    lower = fold(word)
    readings = [r for r in natasha_models.parse_word(lower) if r.known or r.grammemes & _PROPER]
    if not readings or any(
        r.feats.get("Case") == "Nom" and r.feats.get("Number") != "Plur" for r in readings
    ):
        return ""
    if _MAY_NOT_DECLINE.search(lower) and not any(r.known for r in readings):
        return ""  # an unknown «Роналду», «Керкхове» does not decline; «Марадона» may be a nominative
    named = [
        r
        for r in readings
        if r.feats.get("Number") == "Sing" and r.grammemes & _PROPER and "Fixd" not in r.grammemes
    ]
    votes = Counter(r.nominative for r in named if r.nominative)
    return natasha_models.recover_shape(votes.most_common(1)[0][0], word) if votes else ""


def same_case(reading: Parse, case: str) -> bool:
    """The reading is in `case`; a man's accusative is his genitive's form («Тайсона»), a
    woman's is not («Фигу» in the genitive is no accusative of «фига»), nor is that of a man's
    name in «-а», «-я» («Гералду» tagged as a genitive is no accusative of «Гералда»; where the
    tagger calls the accusative «Гералду» a genitive, `declension.py` takes it back to «Гералда»
    when the article writes that nominative)."""
    if reading.feats.get("Case") == case:
        return True
    pair = (reading.feats.get("Case"), case)
    return (
        pair in (("Acc", "Gen"), ("Gen", "Acc"))
        and reading.feats.get("Gender") == "Masc"
        and not (pair == ("Acc", "Gen") and reading.nominative.endswith(("а", "я")))
    )


def _person_rank(reading: Parse) -> tuple[bool, bool, bool, int]:
    return (
        bool(reading.grammemes & NAME_GRAMMEMES),
        "Fixd" not in reading.grammemes,
        reading.known,
        -reading.rank,
    )


def person_gender(words: Sequence[Word]) -> tuple[str, Word | None]:
    """A person's gender: that of a first name or patronymic before the last word in the tagged
    case, as the dictionary knows it («Галина», «Павлу» for Павел) or else guesses it («Жорди»);
    else that of the last word read as a surname in its case («Сапаровой» in the dative is a
    woman's); else the tagger's, female on a tie. With the word that tells it, if one does."""
    for word in words[:-1]:  # not the surname: «Жорди Альбы» is no woman for Альба
        if not _CYRILLIC_WORD.match(word.text):
            continue
        named = [
            r
            for r in natasha_models.parse_word(fold(word.text))
            if r.grammemes & {"Name", "Patr"} and same_case(r, word.feats.get("Case", "Nom"))
        ]
        genders = {r.feats.get("Gender") for r in ([r for r in named if r.known] or named)}
        if len(genders) == 1 and genders <= {"Masc", "Fem"}:
            return str(genders.pop()), word
    last = words[-1] if words else None
    if last is not None and _CYRILLIC_WORD.match(last.text):
        genders = {
            r.feats.get("Gender")
            for r in natasha_models.parse_word(fold(last.text))
            if "Surn" in r.grammemes and same_case(r, last.feats.get("Case", "Nom"))
        }
        if len(genders) == 1 and genders <= {"Masc", "Fem"}:
            return str(genders.pop()), last
    tagged = [w.feats.get("Gender", "") for w in words if w.feats.get("Gender")]
    return ("Fem" if tagged and tagged.count("Fem") * 2 >= len(tagged) else "Masc"), None


def one_case(words: Sequence[Word], first_name: Word | None) -> list[Word]:
    """The words of a name share its case: where the tagger gives them different cases, that of
    the first name that tells the gender («Евгению Медведеву»), else the case most of them have
    («Морошкина Галина Федоровна»: the surname read as a genitive is nominative)."""
    cases = Counter(w.feats["Case"] for w in words if "Case" in w.feats and len(w.text) > 1)  # not initials
    if len(cases) < 2:
        return list(words)
    (case, count), (_, second) = cases.most_common(2)
    if first_name is not None and "Case" in first_name.feats:
        case = first_name.feats["Case"]
    elif count == second:
        return list(words)
    return [
        Word(w.text, w.pos, {**w.feats, "Case": case}, w.start, w.stop) if "Case" in w.feats else w
        for w in words
    ]


def head_index(words: Sequence[Word]) -> int:
    """The head of a noun phrase: its first noun (adjectives before it agree with it). A word the
    tagger calls an adjective that the dictionary knows only as a noun is a noun: the tagger reads
    «Вестника» in «Вестника Державы» as an adjective agreeing with «Державы»."""
    for index, word in enumerate(words):
        if _foreign_article(word, words[index + 1 :]):
            continue
        if word.pos in _NOUNS or (word.pos == "ADJ" and _only_noun(word.text)):
            return index
    return len(words) - 1


# Articles of Spanish, Italian, French and Arabic names, which do not decline: «в Ла Лиге» is «Ла
# Лига», «против Эль Гуны» «Эль Гуна».
_ARTICLES = frozenset({"ла", "ле", "лос", "лас", "эль", "аль", "иль"})


def _foreign_article(word: Word, rest: Sequence[Word]) -> bool:
    """Whether a word is a foreign article before another word of the name."""
    return bool(rest) and word.text.lower() in _ARTICLES


_PLACE_ENDING = re.compile(r"(?<=[а-яё]{3})(?:ии|ию|ией)$")
_ADJECTIVE_ENDING = re.compile(r"(?:[ыио]й|[ая]я|[оеиы]е|[ое]го|[оеу]му|[ыи]ми?|[ое]м|[ую]ю|[ыи]х)$")


def _only_noun(word: str) -> bool:
    """Whether the dictionary knows `word` only as a noun and it does not end like an adjective
    («Каменском» is a town's name and an adjective's ending: an adjective before «заводе»)."""
    if _ADJECTIVE_ENDING.search(word.lower()):
        return False
    readings = natasha_models.parse_word(fold(word))
    known = [r for r in readings if r.known]
    return bool(known) and all(r.pos in _NOUNS for r in known)


def place_word(word: Word) -> str | None:
    """An unknown one-word place name in the nominative by the dictionary's guesses for places
    («Нордландию», «Нордландии» -> «Нордландия»), None when the dictionary knows the word or has no
    guess. The tagger's case and gender of unknown words are often wrong («Нордландии» read as a
    masculine nominative), so the guess that agrees in case wins, and else the one nominative that
    all guesses share."""
    if not _CYRILLIC_WORD.match(word.text) or word.text.isupper():
        return None
    readings = natasha_models.parse_word(fold(word.text))
    if any(r.known for r in readings):
        return None
    places = [r for r in readings if "Geox" in r.grammemes]
    agreeing = [r for r in places if r.feats.get("Case") == word.feats.get("Case")]
    nominatives = {r.nominative for r in (agreeing or places)} - {""}
    if len(nominatives) == 1:
        return natasha_models.recover_shape(nominatives.pop(), word.text)
    ending = _PLACE_ENDING.search(word.text.lower())
    if not places and ending:  # no guess: «-ии», «-ию» are far more often a place in «-ия» (Россия)
        return natasha_models.recover_shape(word.text.lower()[: ending.start()] + "ия", word.text)
    return None


_INFLECTED_ABBREVIATION = re.compile(r"^([А-ЯЁ]{2,})[а-яё]{1,3}$")


def phrase_word(word: Word) -> str:
    """A head noun or an agreeing adjective in the nominative, other words unchanged."""
    if not _CYRILLIC_WORD.match(word.text) or word.feats.get("Case") in (None, "Nom") or word.text.isupper():
        return word.text
    abbreviation = _INFLECTED_ABBREVIATION.match(word.text)
    if abbreviation:  # «МИДа», «ВТБа» -> «МИД», «ВТБ»
        return abbreviation.group(1)
    pos = "NOUN" if word.pos == "ADJ" and _only_noun(word.text) else word.pos
    if word.feats.get("Number") == _COORDINATED:  # a plural head of singular names: its singular
        plural = best_reading(word.text, pos, {**word.feats, "Number": "Plur"})
        if plural and plural.singular_nominative:
            return natasha_models.recover_shape(plural.singular_nominative, word.text)
    reading = best_reading(word.text, pos, word.feats)
    if reading and reading.nominative and _agreement(reading, pos, word.feats) >= 3:
        gender = word.feats.get("Gender", "")
        if not reading.known and gender in ("Masc", "Fem") and reading.feats.get("Gender") != gender:
            # a guess of another gender («Ростехе» as a feminine «ростёха»): the tagged gender's ending
            return strip_case_ending(word.text, word.feats.get("Case", ""), gender)
        return natasha_models.recover_shape(reading.nominative, word.text)
    return word.text


def _join(words: Sequence[Word], texts: Sequence[str]) -> str:
    parts = []
    for index, (word, text) in enumerate(zip(words, texts, strict=True)):
        if index:
            parts.append(" " * (word.start - words[index - 1].stop))
        parts.append(text)
    return "".join(parts)


def normalise(kind: str, words: Sequence[Word]) -> str:
    """A mention of type PER, LOC or ORG in the nominative, without invisible characters (a
    zero-width space or a soft hyphen inside «Пу\u200bтин» is still «Путин»)."""
    return close_quotes(drop_invisible(_normalise(kind, words)))


_CLOSING = {"«": "»", "„": "“", "“": "”"}


def close_quotes(name: str) -> str:
    """A name cut before its closing quote gets it back: «ХК «Витязь» -> «ХК «Витязь»»."""
    for opening, closing in _CLOSING.items():
        if name.count(opening) > name.count(closing):
            name += closing
    if name.count('"') % 2:
        name += '"'
    return name


def _normalise(kind: str, words: Sequence[Word]) -> str:
    if not words:
        return ""
    if kind == "PER":
        gender, first_name = person_gender(words)
        words = one_case(words, first_name)
        return _join(words, [person_word(w, gender, certain=first_name is not None) for w in words])
    if kind == "LOC" and len(words) == 1:
        place = place_word(words[0])
        if place is not None:
            return place
    head = head_index(words)
    words = agreeing_with_head(words, head)
    texts = [phrase_word(w) if i <= head and _agrees(w) else w.text for i, w in enumerate(words)]
    return _join(words, texts)


# The number `agreeing_with_head` gives a plural head that `phrase_word` puts in the singular.
_COORDINATED = "Sing (coordinated)"


def _agrees(word: Word) -> bool:
    """Whether a word before a phrase's head declines with it: a noun, adjective or participle, not
    a foreign article («Ла» in «Ла Лиги»)."""
    return (word.pos in ("ADJ", "NOUN", "PROPN") or _participle(word)) and word.text.lower() not in _ARTICLES


def _participle(word: Word) -> bool:
    """«Соединённых» in «Соединённых Штатах»: a participle before the head agrees as an adjective."""
    return word.pos == "VERB" and word.feats.get("VerbForm") == "Part"


def agreeing_with_head(words: Sequence[Word], head: int) -> list[Word]:
    """The words of a phrase with the agreement its head says: an adjective or participle before a
    singular head is singular, of its gender («Звёздном Пути», which the tagger may read as
    neuter, makes «Звёздный Путь»; «Объединённым Княжеством» no plural «Объединённые»), unless
    the head is an abbreviation, whose gender the tagger guesses («Первого МГУ»); and a plural head
    after singular adjectives only is one of coordinated names («в Северной и Южной провинциях»:
    «Северная провинция»)."""
    if not words or head >= len(words) or words[head].pos not in _NOUNS:
        return list(words)
    noun = words[head]
    adjectives = [w for w in words[:head] if w.pos == "ADJ"]
    out = list(words)
    if noun.feats.get("Number") == "Sing" and noun.feats.get("Gender") and not noun.text.isupper():
        agreement = {"Gender": noun.feats["Gender"], "Number": "Sing"}
        for index, word in enumerate(words[:head]):
            if word.pos == "ADJ" or _participle(word):
                out[index] = Word(word.text, word.pos, {**word.feats, **agreement}, word.start, word.stop)
    elif (
        noun.feats.get("Number") == "Plur"
        and adjectives
        and all(w.feats.get("Number") == "Sing" for w in adjectives)
    ):
        out[head] = Word(noun.text, noun.pos, {**noun.feats, "Number": _COORDINATED}, noun.start, noun.stop)
    return out
