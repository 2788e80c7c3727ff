"""What a number counts: the units and counted nouns of a figure, in order (the first that fires
names the figure's `rule`); each is a small named function. Exclusions are in `rules`.

    currency_before   $5 млн, €2 млрд
    percent_sign      23%
    points            2 п.п., 2 процентных пункта, 100 б.п., 200 базисных пунктов
    percent_word      23 процента
    currency_word     1,5 млрд рублей, 10 руб., 5 млн долл., 3 трлн ₽
    measure           5 тонн, 7 лет, в 2 раза, 200 кв. м, 15 м/с, -17°
    ordinal_of_noun   7-е повышение тарифов, 4-е место: an ordinal in digits of a noun (not a time)
    composite_count   17 (5+12) очков: a total with its parts in brackets
    won_contests      выиграл 12 боёв: contests after a verb of winning count victories
    counted_noun      50 стран-союзников, 14 задержанных рыбаков
    measured_before   магнитудой 7,9, ростом 182, тиражом 5000: a noun in the instrumental before a
                      number names what it measures
    minute_mark       (Петров, 64), Сидоров (88): the minute of a match report's substitution, card
                      or goal, counted for the player it names

A unit may be followed by what it measures, which becomes `counted` (`of_noun`): «23% россиян»,
«3 тысячи тонн нефти». How exactly a figure is meant is read by `step.approximate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsprism.analyse.figures.numerals import DASHES, Number, SentenceTokens
from newsprism.model import Approximation

SYMBOLS = {"$": "USD", "€": "EUR", "₽": "RUB", "£": "GBP", "¥": "JPY", "₴": "UAH", "₸": "KZT"}
CURRENCIES = {
    "рубль": "RUB", "руб": "RUB", "доллар": "USD", "долл": "USD", "дол": "USD", "евро": "EUR",
    "юань": "CNY", "фунт": "GBP", "гривна": "UAH", "гривня": "UAH", "иена": "JPY", "йена": "JPY",
    "тенге": "KZT", "франк": "CHF", "лира": "TRY", "рупия": "INR", "грн": "UAH",
}  # fmt: skip
# A currency named with its country's adjective: «1,7 белорусского рубля» is no Russian rouble.
NATIONAL_CURRENCIES = {
    ("белорусский", "рубль"): "BYN", ("российский", "рубль"): "RUB", ("американский", "доллар"): "USD",
    ("канадский", "доллар"): "CAD", ("австралийский", "доллар"): "AUD", ("гонконгский", "доллар"): "HKD",
    ("сингапурский", "доллар"): "SGD", ("новозеландский", "доллар"): "NZD", ("швейцарский", "франк"): "CHF",
    ("украинский", "гривна"): "UAH", ("китайский", "юань"): "CNY", ("японский", "иена"): "JPY",
    ("турецкий", "лира"): "TRY", ("индийский", "рупия"): "INR", ("британский", "фунт"): "GBP",
    ("казахстанский", "тенге"): "KZT",
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


# Units and counted nouns: Callable[[SentenceTokens, Draft, int], bool], the int being how many modifiers
# («процентных», «задержанных») may stand before a noun.


def _take(words: SentenceTokens, draft: Draft, last: int) -> None:
    """Extend the figure to end before token `last`."""
    draft.number.last = last
    draft.number.stop = words.tokens[last - 1].stop


def currency_before(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    index = draft.number.first - 1
    code = SYMBOLS.get(words.free(index))
    if code is None:
        return False
    draft.unit = code
    draft.number.first, draft.number.start = index, words.tokens[index].start
    return True


def percent_sign(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    if words.word(draft.number.last) not in {"%", "％"}:
        return False
    draft.unit = "%"
    _take(words, draft, draft.number.last + 1)
    return True


def points(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens) or words.word(last)[:1] not in {"п", "б"}:
        return False
    match = _POINTS.match(words.text, words.tokens[last].start)
    if match is None:
        return False
    draft.unit = "п.п." if match.group(1) or match.group(2) else "б.п."
    _take(words, draft, words.after(last, match.end()))
    return True


def percent_word(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens) or words.tokens[last].lemma != "процент":
        return False
    draft.unit = "%"
    _take(words, draft, last + 1)
    return True


def currency_word(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    last = draft.number.last
    if last >= len(words.tokens):
        return False
    word = words.words[last]
    code = CURRENCIES.get(words.tokens[last].lemma) or CURRENCIES.get(word) or SYMBOLS.get(word)
    if code is None and last + 1 < len(words.tokens):
        code = NATIONAL_CURRENCIES.get((words.tokens[last].lemma, words.tokens[last + 1].lemma))
        last += code is not None  # «1,7 белорусского рубля»: the currency is the word after
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


def measure(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
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


def _modifier(words: SentenceTokens, index: int) -> bool:
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


def _noun(words: SentenceTokens, index: int) -> bool:
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


def _counted_index(words: SentenceTokens, index: int, modifiers: int) -> int | None:
    """Where the noun a number counts stands, from token `index` on, after at most `modifiers`
    adjectives or participles; an adjective standing for a noun («30 раненых») counts too."""
    start = index
    limit = min(len(words.tokens), index + modifiers + 1)
    while index < limit and _modifier(words, index):
        index += 1
    if index < limit and _noun(words, index):
        return index
    if index > start and words.tokens[index - 1].pos == "ADJ":
        return index - 1
    return None


def counted_noun(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    """The noun the number counts, after at most `modifiers` adjectives or participles."""
    index = _counted_index(words, draft.number.last, modifiers)
    if index is None:
        return False
    _count(words, draft, index)
    return True


# Contests a verb of winning counts as victories: «выиграл 12 боёв» are 12 wins.
WIN_VERBS = frozenset({"выиграть", "выигрывать"})
CONTESTS = frozenset({"бой", "поединок", "схватка", "матч", "игра", "встреча"})
WIN = "победа"


def won_contests(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    """Contests counted after a verb of winning are victories: «за карьеру он выиграл 12 боёв»
    counts what «на его счету 12 побед» counts («победа»), not all the bouts he fought («провёл
    15 боёв»)."""
    number = draft.number
    if number.first < 1 or words.tokens[number.first - 1].lemma not in WIN_VERBS:
        return False
    index = _counted_index(words, number.last, modifiers)
    if index is None or words.tokens[index].lemma not in CONTESTS:
        return False
    _count(words, draft, index)
    draft.counted = WIN
    return True


def composite_count(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    """A total with its parts in brackets before the counted noun: «набрал 17 (5+12) очков»
    (goals and assists), «8 (3+5) медалей»; the parts must add up to the total. The figure
    spans the brackets and the noun, so the parts are not read as figures of their own."""
    number = draft.number
    index = number.last
    if number.digits_start < 0 or words.word(index) != "(":
        return False
    close = index + 1
    while close < len(words.tokens) and close - index <= 9 and words.word(close) != ")":
        close += 1
    inside = (
        words.text[words.tokens[index].stop : words.tokens[close].start] if close < len(words.tokens) else ""
    )
    parts = inside.replace(" ", "").split("+")
    if len(parts) < 2 or not all(part.isdigit() for part in parts):
        return False
    if sum(int(part) for part in parts) != number.value:
        return False
    noun = _counted_index(words, close + 1, modifiers)
    if noun is None:
        return False
    _count(words, draft, noun)
    return True


ORDINAL = "порядковый номер"
_ORDINAL_END = re.compile(f"[{re.escape(DASHES)}][а-яё]{{1,3}}(?![а-яё])")
# Nouns an ordinal dates or places rather than counts: «в 1990-х годах», «на 18-й минуте», «13-го мая».
_ORDINAL_TIMES = frozenset(
    {"год", "век", "тысячелетие", "минута", "секунда", "час", "день", "неделя", "месяц", "квартал",
     "число", "сутки", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
     "сентябрь", "октябрь", "ноябрь", "декабрь"}
)  # fmt: skip


def ordinal_noun_index(words: SentenceTokens, number: Number) -> int | None:
    """The noun an ordinal in digits numbers («13-е изменение», «5-я волна», «3-е место»), or None
    when it is not one or numbers a time («1990-х годов», «на 18-й минуте»)."""
    if number.digits_stop < 0 or number.high is not None:
        return None
    if _ORDINAL_END.match(words.text, number.digits_stop) is None:
        return None
    index = number.last
    if index < len(words.tokens) and _modifier(words, index) and index + 1 < len(words.tokens):
        index += 1  # «3-я массовая вспышка»
    if index >= len(words.tokens) or not _noun(words, index):
        return None
    return None if words.tokens[index].lemma in _ORDINAL_TIMES else index


def ordinal_of_noun(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
    """An ordinal in digits of a counted noun: «это уже 7-е повышение тарифов», «заняла 4-е место»;
    its unit is the ordinal (`ORDINAL`), so «7-е повышение» is set against «6-е повышение», never
    against «7 повышений»."""
    index = ordinal_noun_index(words, draft.number)
    if index is None:
        return False
    draft.unit = ORDINAL
    _count(words, draft, index)
    return True


def _count(words: SentenceTokens, draft: Draft, index: int) -> None:
    token = words.tokens[index]
    draft.counted, draft.noun_start, draft.noun_stop = token.lemma, token.start, token.stop
    _take(words, draft, index + 1)


def measured_before(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
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


def _name(words: SentenceTokens, index: int) -> bool:
    """A capitalised word that is not the sentence's first: a surname in a match report."""
    if index <= 0 or index >= len(words.tokens):
        return False
    word = words.text[words.tokens[index].start : words.tokens[index].stop]
    return word[:1].isupper() and word[1:].islower() and word.isalpha()


def minute_mark(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
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


UNIT_RULES: list[Callable[[SentenceTokens, Draft, int], bool]] = [
    ordinal_of_noun, currency_before, percent_sign, points, percent_word, currency_word, measure,
    minute_mark, composite_count, won_contests, counted_noun, measured_before,
]  # fmt: skip


def of_noun(words: SentenceTokens, draft: Draft, modifiers: int) -> bool:
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
