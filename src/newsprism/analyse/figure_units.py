"""What a number counts: the units and counted nouns of a figure, in order (the first that fires
names the figure's `rule`); each is a small named function. Exclusions are in `figure_rules`.

    currency_before   $5 млн, €2 млрд
    percent_sign      23%
    points            2 п.п., 2 процентных пункта, 100 б.п., 200 базисных пунктов
    percent_word      23 процента
    currency_word     1,5 млрд рублей, 10 руб., 5 млн долл., 3 трлн ₽
    measure           5 тонн, 7 лет, в 2 раза, 200 кв. м, 15 м/с, -17°
    counted_noun      50 стран-союзников, 14 задержанных рыбаков
    measured_before   магнитудой 7,9, ростом 182, тиражом 5000: a noun in the instrumental before a
                      number names what it measures
    minute_mark       (Петров, 64), Сидоров (88): the minute of a match report's substitution, card
                      or goal, counted for the player it names

A unit may be followed by what it measures, which becomes `counted` (`of_noun`): «23% россиян»,
«3 тысячи тонн нефти». How exactly a figure is meant is read by `figures.approximate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsprism.analyse.numerals import Number, Words
from newsprism.model import Approximation

SYMBOLS = {"$": "USD", "€": "EUR", "₽": "RUB", "£": "GBP", "¥": "JPY", "₴": "UAH", "₸": "KZT"}
CURRENCIES = {
    "рубль": "RUB", "руб": "RUB", "доллар": "USD", "долл": "USD", "дол": "USD", "евро": "EUR",
    "юань": "CNY", "фунт": "GBP", "гривна": "UAH", "гривня": "UAH", "иена": "JPY", "йена": "JPY",
    "тенге": "KZT", "франк": "CHF", "лира": "TRY", "рупия": "INR", "грн": "UAH",
}  # fmt: skip
MEASURES = frozenset(
    {"километр", "км", "метр", "сантиметр", "см", "миллиметр", "мм", "килограмм", "кг", "грамм",
     "тонна", "литр", "баррель", "гектар", "га", "градус", "кубометр", "мегаватт", "гигаватт",
     "киловатт", "мвт", "гвт", "квт", "балл", "миля", "узел", "раз",
     "год", "месяц", "неделя", "день", "сутки", "час", "минута", "секунда"}
)  # fmt: skip
DURATIONS = frozenset({"раз", "год", "месяц", "неделя", "день", "сутки", "час", "минута", "секунда"})
_COMPOUND_UNITS = [
    (re.compile(pattern, re.IGNORECASE), unit)
    for pattern, unit in [
        (r"кв\.\s?(?:км|километр\w*)(?!\w)", "кв. км"), (r"кв\.\s?(?:м|метр\w*)(?!\w)", "кв. м"),
        (r"м/с", "м/с"), (r"км/ч", "км/ч"), (r"°", "градус"),
    ]
]  # fmt: skip

_POINTS = re.compile(r"(?:(процентн)|базисн)\w*\s+пункт\w*|(?:(п)|б)\.\s?п\.?(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class Draft:
    """A figure being built: its number (whose offsets and token range grow) and what it counts."""

    number: Number
    unit: str = ""
    counted: str = ""
    noun_start: int = -1
    noun_stop: int = -1
    approx: Approximation = "exact"
    rule: str = ""


# Units and counted nouns: Callable[[Words, Draft, int], bool], the int being how many modifiers
# («процентных», «задержанных») may stand before a noun.


def _take(words: Words, draft: Draft, last: int) -> None:
    """Extend the figure to end before token `last`."""
    draft.number.last = last
    draft.number.stop = words.tokens[last - 1].stop


def currency_before(words: Words, draft: Draft, modifiers: int) -> bool:
    index = draft.number.first - 1
    code = SYMBOLS.get(words.free(index))
    if code is None:
        return False
    draft.unit = code
    draft.number.first, draft.number.start = index, words.tokens[index].start
    return True


def percent_sign(words: Words, draft: Draft, modifiers: int) -> bool:
    if words.word(draft.number.last) not in {"%", "％"}:
        return False
    draft.unit = "%"
    _take(words, draft, draft.number.last + 1)
    return True


def points(words: Words, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens) or words.word(last)[:1] not in {"п", "б"}:
        return False
    match = _POINTS.match(words.text, words.tokens[last].start)
    if match is None:
        return False
    draft.unit = "п.п." if match.group(1) or match.group(2) else "б.п."
    _take(words, draft, words.after(last, match.end()))
    return True


def percent_word(words: Words, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens) or words.tokens[last].lemma != "процент":
        return False
    draft.unit = "%"
    _take(words, draft, last + 1)
    return True


def currency_word(words: Words, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens):
        return False
    word = words.words[last]
    code = CURRENCIES.get(words.tokens[last].lemma) or CURRENCIES.get(word) or SYMBOLS.get(word)
    if code is None:
        return False
    draft.unit = code
    last = words.abbreviation_dot(last + 1)
    if (code == "USD" and words.word(last) == "сша") or (
        code == "GBP" and words.word(last).startswith("стерлинг")
    ):
        last += 1
    _take(words, draft, last)
    return True


def measure(words: Words, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens):
        return False
    if words.words[last][:1] in {"к", "м", "°"}:
        for pattern, unit in _COMPOUND_UNITS:
            match = pattern.match(words.text, words.tokens[last].start)
            if match is not None:
                draft.unit = unit
                _take(words, draft, words.after(last, match.end()))
                return True
    if words.tokens[last].lemma not in MEASURES:
        return False
    draft.unit = words.tokens[last].lemma
    _take(words, draft, last + 1)
    return True


def _modifier(words: Words, index: int) -> bool:
    """An adjective, a full participle, or an adjective tagged as a noun before a noun
    («44 положительных диагноза»)."""
    token = words.tokens[index]
    if token.pos in {"ADJ", "DET"}:
        return True
    if token.pos == "VERB":
        return "VerbForm=Part" in token.feats and "Variant=Short" not in token.feats
    return (
        token.pos == "NOUN"
        and token.lemma.endswith(("ый", "ий", "ой"))
        and index + 1 < len(words.tokens)
        and words.tokens[index + 1].pos == "NOUN"
    )


def _noun(words: Words, index: int) -> bool:
    """A common noun: not a tagger's slip on a verb («106 вылечились») or a name («45 Параллели»)."""
    token = words.tokens[index]
    if token.pos != "NOUN":
        return False
    word = words.text[token.start : token.stop]
    if token.lemma.endswith(("ть", "ться", "чь", "ти")) and word.endswith(
        ("сь", "ся", "л", "ла", "ло", "ли")
    ):
        return False
    return not (word[:1].isupper() and not word.isupper())


def counted_noun(words: Words, draft: Draft, modifiers: int) -> bool:
    """The noun the number counts, after at most `modifiers` adjectives or participles."""
    index = draft.number.last
    limit = min(len(words.tokens), index + modifiers + 1)
    while index < limit and _modifier(words, index):
        index += 1
    if index < limit and _noun(words, index):
        _count(words, draft, index)
        return True
    if index > draft.number.last and words.tokens[index - 1].pos == "ADJ":  # «30 раненых»
        _count(words, draft, index - 1)
        return True
    return False


def _count(words: Words, draft: Draft, index: int) -> None:
    token = words.tokens[index]
    draft.counted, draft.noun_start, draft.noun_stop = token.lemma, token.start, token.stop
    _take(words, draft, index + 1)


def measured_before(words: Words, draft: Draft, modifiers: int) -> bool:
    """A common noun in the instrumental right before a number in digits names what the number
    measures: «землетрясение магнитудой 7,9», «мужчина ростом 182», «книга тиражом 5000»; the
    figure's span starts at the noun."""
    number = draft.number
    index = number.first - 1
    if index < words.floor or index < 0 or number.digits_start < 0:
        return False
    token = words.tokens[index]
    if token.pos != "NOUN" or token.feat("Case") != "Ins" or not _noun(words, index):
        return False
    draft.counted, draft.noun_start, draft.noun_stop = token.lemma, token.start, token.stop
    number.first, number.start = index, token.start
    return True


MINUTE_MARK = "минута матча"
_LIST_MARKS = frozenset({",", ":", "-", "–", "—"})


def _name(words: Words, index: int) -> bool:
    """A capitalised word that is not the sentence's first: a surname in a match report."""
    if index <= 0 or index >= len(words.tokens):
        return False
    word = words.text[words.tokens[index].start : words.tokens[index].stop]
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def minute_mark(words: Words, draft: Draft, modifiers: int) -> bool:
    """In a match report, the minute after a player's name in brackets: «Жуков (Петров, 64)» (who
    came on for whom) or «…: Сидоров (88), …» (who was booked, in a list), a whole number of at
    most 130 closed by the bracket.
    It counts that player («петров»), so only the same player's minutes are compared; the
    figure's span starts at the name («Петров, 64», «Сидоров (88)»)."""
    number = draft.number
    first, last = number.first, number.last
    if number.digits_start < 0 or not number.plain.isdigit() or not 1 <= number.value <= 130:
        return False
    if words.word(last) != ")" or number.high is not None:
        return False
    # «Жуков (Соколов, 61)»: a player in brackets after the one he replaced; «…: Котов (44), …»:
    # a player in a list; not «Москва (5)» in running text.
    replaced = words.word(first - 1) == "," and words.word(first - 3) == "(" and _name(words, first - 4)
    listed = words.word(first - 1) == "(" and words.word(first - 3) in _LIST_MARKS
    name = first - 2
    if not (replaced or listed) or not _name(words, name):
        return False
    token = words.tokens[name]
    draft.unit = MINUTE_MARK
    draft.counted = words.text[token.start : token.stop].lower()
    draft.noun_start, draft.noun_stop = token.start, token.stop
    if words.word(first - 1) == "(":
        _take(words, draft, last + 1)  # «Котов (44)», the brackets whole
    number.first, number.start = name, token.start  # the span starts at the name
    return True


UNIT_RULES: list[Callable[[Words, Draft, int], bool]] = [
    currency_before, percent_sign, points, percent_word, currency_word, measure, minute_mark,
    counted_noun, measured_before,
]  # fmt: skip


def of_noun(words: Words, draft: Draft, modifiers: int) -> bool:
    """After a unit, what it measures: «23% россиян», «3 тысячи тонн нефти»."""
    if draft.unit in DURATIONS or draft.counted:
        return False
    index = draft.number.last
    limit = min(len(words.tokens), index + modifiers + 1)
    while index < limit and words.tokens[index].pos == "ADJ":
        index += 1
    token = words.tokens[index] if index < limit else None
    if token is not None and token.pos in {"NOUN", "PROPN"} and token.feat("Case") == "Gen":
        _count(words, draft, index)
        return True
    return False
