"""Rules that turn a number into a figure, in order; each is a small named function.

Exclusions (the first that fires drops the number):

    glued_to_word     Су-57, G7, COVID-19, 5G, 24/7: an identifier, not an amount
    ordinal           18-й, 1990-х, 5-летний
    clock_or_score    10:30, 3:1, в 13.20
    joined_digits     06.01.2026, 1.4.0, 8-800-222-22-22, 214/2
    phone             +7 495 ...
    not_a_range       123-45 (a range must rise)
    label             № 5, статья 105, дом 5, рейс 712
    date              6 января, 6−7 января
    year              2026 года, в 2024 и 2025 годах, к 2030
    time_of_day       в 5 часов, в 7 утра, около 5 часов вечера

Units and counted nouns (the first that fires names the figure's `rule`):

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

from newsprism.analyse.numerals import DASHES, Number, Words
from newsprism.model import Approximation

MONTHS = frozenset(
    {"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
     "ноябрь", "декабрь"}
)  # fmt: skip
YEAR_WORDS = frozenset(
    {"год", "года", "году", "годом", "годе", "годы", "годов", "годам", "годами", "годах", "г", "гг"}
)
# Words (as written) before a number that names rather than counts: «статья 105», «дом 5».
LABELS = frozenset(
    {"№", "#", "n", "no", "номер", "номера", "номеру", "номером", "статья", "статьи", "статье",
     "статью", "ст", "часть", "части", "ч", "пункт", "пункта", "пункте", "пунктом", "п", "подпункт",
     "дом", "д", "корпус", "корп", "строение", "стр", "квартира", "кв", "рейс", "рейса", "рейсом",
     "глава", "главы", "главе", "том", "раздел", "параграф", "приложение", "сезон", "серия", "выпуск",
     "версия", "версии", "маршрут", "маршрута", "энергоблок", "энергоблока"}
)  # fmt: skip
YEAR_PREPOSITIONS = frozenset({"в", "во", "к", "до", "после", "с", "со", "по", "от"})
CLOCK_PREPOSITIONS = frozenset({"в", "к", "с", "до", "после", "около"})
DAY_PARTS = frozenset({"утра", "дня", "вечера", "ночи"})
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
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_JOINERS = "./" + DASHES
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


def _char(words: Words, offset: int) -> str:
    return words.text[offset] if 0 <= offset < len(words.text) else ""


# Exclusions: Callable[[Words, Number], bool].


def glued_to_word(words: Words, number: Number) -> bool:
    if number.digits_start < 0:
        return False
    before, after = _char(words, number.digits_start - 1), _char(words, number.digits_stop)
    joined = before != "" and before in "-/" and _char(words, number.digits_start - 2).isalnum()
    return before.isalpha() or joined or after.isalpha()


def ordinal(words: Words, number: Number) -> bool:
    return (
        number.digits_stop >= 0
        and _char(words, number.digits_stop) in DASHES
        and _char(words, number.digits_stop + 1).isalpha()
    )


def clock_or_score(words: Words, number: Number) -> bool:
    if number.digits_start < 0:
        return False
    start, stop = number.digits_start, number.digits_stop
    if _CLOCK.fullmatch(number.plain) and words.word(number.first - 1) in CLOCK_PREPOSITIONS:
        return True  # «в 13.20»
    return (_char(words, stop) == ":" and _char(words, stop + 1).isdigit()) or (
        _char(words, start - 1) == ":" and _char(words, start - 2).isdigit()
    )


def joined_digits(words: Words, number: Number) -> bool:
    """More digits joined on by a dot, slash or dash: dates, versions, phone numbers, addresses."""
    if number.digits_start < 0:
        return False
    start, stop = number.digits_start, number.digits_stop
    return (_char(words, stop) in _JOINERS and _char(words, stop + 1).isdigit()) or (
        _char(words, start - 1) in _JOINERS and _char(words, start - 2).isdigit()
    )


def phone(words: Words, number: Number) -> bool:
    return number.digits_start > 0 and _char(words, number.digits_start - 1) == "+"


def not_a_range(words: Words, number: Number) -> bool:
    return number.high is not None and number.high <= number.value


def label(words: Words, number: Number) -> bool:
    index = number.first - 1
    if words.word(index) == "." and index > 0:  # «ст. 105», «д. 5»
        index -= 1
    return index >= 0 and words.words[index] in LABELS


def date(words: Words, number: Number) -> bool:
    return number.last < len(words.tokens) and words.tokens[number.last].lemma in MONTHS


def year(words: Words, number: Number) -> bool:
    if len(number.plain) != 4 or not number.plain.isdigit() or number.scaled:
        return False
    after = number.last
    if words.word(after) in YEAR_WORDS:
        return True
    if not 1000 <= number.value <= 2100:
        return False
    # A bare four-digit number is a year unless a noun or a unit follows: «к 2030», «в 2024 и ...»;
    # after a preposition a counted noun is plural and not nominative («в 2000 домах», not «к 2030
    # власти»).
    following = words.tokens[after] if after < len(words.tokens) else None
    if following is None or words.words[after] in SYMBOLS or words.words[after] == "%":
        return following is None
    if following.pos != "NOUN":
        return True
    return words.word(number.first - 1) in YEAR_PREPOSITIONS and (
        following.feat("Number") != "Plur" or following.feat("Case") == "Nom"
    )


def time_of_day(words: Words, number: Number) -> bool:
    after = number.last
    if words.word(after) in DAY_PARTS - {"дня"}:  # «в 7 утра»; «2 дня» are days
        return True
    if after < len(words.tokens) and words.tokens[after].lemma == "час":
        return words.word(number.first - 1) in {"в", "к"} or words.word(after + 1) in DAY_PARTS
    return False


EXCLUSIONS: list[Callable[[Words, Number], bool]] = [
    glued_to_word, ordinal, clock_or_score, joined_digits, phone, not_a_range, label, date, year, time_of_day,
]  # fmt: skip


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
