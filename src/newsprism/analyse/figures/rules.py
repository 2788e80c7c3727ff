"""Rules that turn a number into a figure, in order; each is a small named function.

Exclusions (the first that fires drops the number):

    glued_to_word     Су-57, G7, COVID-19, 5G, 24/7: an identifier, not an amount
    ordinal           18-й, 1990-х, 5-летний (not an ordinal of a noun: `ordinal_of_noun`)
    clock_or_score    10:30, 3:1, в 13.20
    joined_digits     06.01.2026, 1.4.0, 8-800-222-22-22, 214/2
    phone             +7 495 ...
    not_a_range       123-45 (a range must rise)
    label             № 5, статья 105, дом 5, рейс 712
    date              6 января, 6−7 января
    year              2026 года, в 2024 и 2025 годах, к 2030
    time_of_day       в 5 часов, в 7 утра, около 5 часов вечера

What a number counts (units, counted nouns, `of_noun`) is read by the rules of `units`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsprism.analyse.figures.numerals import DASHES, Number, SentenceTokens
from newsprism.analyse.figures.units import (
    MINUTE_MARK,
    SYMBOLS,
    UNIT_RULES,
    Draft,
    of_noun,
    ordinal_noun_index,
)

__all__ = ["EXCLUSIONS", "MINUTE_MARK", "UNIT_RULES", "Draft", "of_noun"]

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
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_JOINERS = "./" + DASHES


def _char(words: SentenceTokens, offset: int) -> str:
    return words.text[offset] if 0 <= offset < len(words.text) else ""


# Exclusions: Callable[[SentenceTokens, Number], bool].


def glued_to_word(words: SentenceTokens, number: Number) -> bool:
    if number.digits_start < 0:
        return False
    before, after = _char(words, number.digits_start - 1), _char(words, number.digits_stop)
    joined = before != "" and before in "-/" and _char(words, number.digits_start - 2).isalnum()
    return before.isalpha() or joined or after.isalpha()


def ordinal(words: SentenceTokens, number: Number) -> bool:
    return (
        number.digits_stop >= 0
        and _char(words, number.digits_stop) in DASHES
        and _char(words, number.digits_stop + 1).isalpha()
        and ordinal_noun_index(words, number) is None
    )


def clock_or_score(words: SentenceTokens, number: Number) -> bool:
    if number.digits_start < 0:
        return False
    start, stop = number.digits_start, number.digits_stop
    if _CLOCK.fullmatch(number.plain) and words.word(number.first - 1) in CLOCK_PREPOSITIONS:
        return True  # «в 13.20»
    return (_char(words, stop) == ":" and _char(words, stop + 1).isdigit()) or (
        _char(words, start - 1) == ":" and _char(words, start - 2).isdigit()
    )


def joined_digits(words: SentenceTokens, number: Number) -> bool:
    """More digits joined on by a dot, slash or dash: dates, versions, phone numbers, addresses."""
    if number.digits_start < 0:
        return False
    start, stop = number.digits_start, number.digits_stop
    return (_char(words, stop) in _JOINERS and _char(words, stop + 1).isdigit()) or (
        _char(words, start - 1) in _JOINERS and _char(words, start - 2).isdigit()
    )


def phone(words: SentenceTokens, number: Number) -> bool:
    return number.digits_start > 0 and _char(words, number.digits_start - 1) == "+"


def not_a_range(words: SentenceTokens, number: Number) -> bool:
    return number.high is not None and number.high <= number.value


def label(words: SentenceTokens, number: Number) -> bool:
    index = number.first - 1
    if words.word(index) == "." and index > 0:  # «ст. 105», «д. 5»
        index -= 1
    return index >= 0 and words.words[index] in LABELS


def date(words: SentenceTokens, number: Number) -> bool:
    return number.last < len(words.tokens) and words.tokens[number.last].lemma in MONTHS


def year(words: SentenceTokens, number: Number) -> bool:
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


def time_of_day(words: SentenceTokens, number: Number) -> bool:
    after = number.last
    if words.word(after) in DAY_PARTS - {"дня"}:  # «в 7 утра»; «2 дня» are days
        return True
    if after < len(words.tokens) and words.tokens[after].lemma == "час":
        return words.word(number.first - 1) in {"в", "к"} or words.word(after + 1) in DAY_PARTS
    return False


EXCLUSIONS: list[Callable[[SentenceTokens, Number], bool]] = [
    glued_to_word, ordinal, clock_or_score, joined_digits, phone, not_a_range, label, date, year, time_of_day,
]  # fmt: skip
