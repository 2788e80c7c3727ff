"""Numbers as Russian news writes them, read from a sentence's tokens.

Digits follow Russian convention: spaces (also no-break and thin) group thousands, a comma is the
decimal mark («1 200», «1,5»); a dot is read as a decimal mark too («1.5»), and several commas
group thousands («1,200,000»). Words cover 1–900 in every case («двадцать пять», «двухсот»),
«полтора», collectives («двое», «пятеро»), scales written out or abbreviated (тысяча/тыс.,
миллион/млн, миллиард/млрд, триллион/трлн, сотня, десяток), plural scales as vague amounts
(«сотни», «десятки тысяч», «несколько тысяч») and ranges («25–40», «двух-трёх», «от 25 до 40»).

`read_number(words, index)` returns a `Number`, or None when no number starts at that token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.model import Token


def _soft_numeral(word: str) -> set[str]:
    """пять -> пять, пяти, пятью (and the same for шесть ... тридцать)."""
    return {word, word[:-1] + "и", word + "ю"}


_SMALL_FORMS: list[tuple[float, set[str]]] = [
    (2, {"два", "две", "двух", "двум", "двумя"}),
    (3, {"три", "трех", "трем", "тремя"}),
    (4, {"четыре", "четырех", "четырем", "четырьмя"}),
    *((value, _soft_numeral(word)) for value, word in [
        (5, "пять"), (6, "шесть"), (7, "семь"), (9, "девять"), (10, "десять"), (11, "одиннадцать"),
        (12, "двенадцать"), (13, "тринадцать"), (14, "четырнадцать"), (15, "пятнадцать"),
        (16, "шестнадцать"), (17, "семнадцать"), (18, "восемнадцать"), (19, "девятнадцать"),
        (20, "двадцать"), (30, "тридцать"),
    ]),
    (8, {"восемь", "восьми", "восемью", "восьмью"}),
    (40, {"сорок", "сорока"}),
    (50, {"пятьдесят", "пятидесяти", "пятьюдесятью"}),
    (60, {"шестьдесят", "шестидесяти", "шестьюдесятью"}),
    (70, {"семьдесят", "семидесяти", "семьюдесятью"}),
    (80, {"восемьдесят", "восьмидесяти", "восемьюдесятью"}),
    (90, {"девяносто", "девяноста"}),
    (100, {"сто", "ста"}),
    (200, {"двести", "двухсот", "двумстам", "двумястами", "двухстах"}),
    (300, {"триста", "трехсот", "тремстам", "тремястами", "трехстах"}),
    (400, {"четыреста", "четырехсот", "четыремстам", "четырьмястами", "четырехстах"}),
    *((value, {stem + "ьсот", stem + "исот", stem + "истам", stem + "ьюстами", stem + "истах"})
      for value, stem in [(500, "пят"), (600, "шест"), (700, "сем"), (900, "девят")]),
    (800, {"восемьсот", "восьмисот", "восьмистам", "восемьюстами", "восьмьюстами", "восьмистах"}),
    (1.5, {"полтора", "полторы", "полутора"}),
    (150, {"полтораста", "полутораста"}),
]  # fmt: skip

SMALL: dict[str, float] = {form: value for value, forms in _SMALL_FORMS for form in forms}
# «один» counts only inside a compound («двадцать одна страна»): alone it is «one of».
ONE: dict[str, float] = dict.fromkeys(
    ["один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну"], 1.0
)
_COLLECTIVE_STEMS = ["дво", "тро", "четвер", "пятер", "шестер", "семер", "восьмер", "девятер", "десятер"]
COLLECTIVE: dict[str, float] = {  # «двое», «троих», «пятеро»
    stem + ending: value
    for value, stem in enumerate(_COLLECTIVE_STEMS, start=2)
    for ending in ("е" if value < 4 else "о", "их", "им", "ими")
}


def _declined(stem: str, endings: str) -> set[str]:
    return {stem + ending for ending in endings.split(",")}


_FEM = ",а,и,е,у,ей,ею,ам,ами,ах"  # тысяч-а ... and the bare stem, the genitive plural
_MASC = ",а,у,ом,е,ы,ов,ам,ами,ах"  # миллион ...
SCALES: dict[str, float] = {
    **dict.fromkeys(_declined("тысяч", _FEM) | {"тыс"}, 1e3),
    # and the common one-«л» misspellings («58 милионов», «2 милиарда»)
    **dict.fromkeys(_declined("миллион", _MASC) | _declined("милион", _MASC) | {"млн"}, 1e6),
    **dict.fromkeys(_declined("миллиард", _MASC) | _declined("милиард", _MASC) | {"млрд"}, 1e9),
    **dict.fromkeys(_declined("триллион", _MASC) | {"трлн"}, 1e12),
    **dict.fromkeys(_declined("сотн", "я,и,е,ю,ей,ям,ями,ях") | {"сотен"}, 1e2),
    **dict.fromkeys(_declined("десят", "ок,ка,ку,ком,ке,ки,ков,кам,ками,ках"), 1e1),
}
ABBREVIATIONS = frozenset({"тыс", "млн", "млрд", "трлн", "руб", "долл", "дол", "евр"})
SEVERAL = frozenset({"несколько", "нескольких", "нескольким", "несколькими"})
DASHES = "-–—−‒"
_NOT_NUMERALS = frozenset({"NOUN", "PROPN", "VERB"})
STARTS = frozenset(SMALL.keys() | COLLECTIVE.keys() | SCALES.keys() | SEVERAL)

_NUMBER = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}|\d+(?:[.,]\d+)?"
DIGITS = re.compile(rf"({_NUMBER})(?:[ \u00a0]?[{DASHES}][ \u00a0]?({_NUMBER}))?")


_GROUP_SEPARATORS = re.compile(r"[ \u00a0\u2009\u202f]")


def parse_digits(text: str) -> float:
    """«1 200» -> 1200, «1,5» -> 1.5, «1,200,000» -> 1200000."""
    text = _GROUP_SEPARATORS.sub("", text)
    if text.count(",") > 1:
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


@dataclass(slots=True)
class SentenceTokens:
    """One sentence's tokens with their lower-cased forms (ё as е), over the doc's text.

    `floor` is the first token not yet taken by an earlier figure: rules looking back stop there.
    """

    text: str
    tokens: list[Token]
    words: list[str]
    floor: int = 0

    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else ""

    def free(self, index: int) -> str:
        """The word at `index` if no earlier figure took it, else ""."""
        return self.words[index] if self.floor <= index < len(self.words) else ""

    def after(self, index: int, end: int) -> int:
        """The index of the first token at or after `index` that starts at or after offset `end`."""
        while index < len(self.tokens) and self.tokens[index].start < end:
            index += 1
        return index

    def abbreviation_dot(self, index: int) -> int:
        """`index` past an abbreviation's full stop («млн.», «руб.»), when there is one."""
        if (
            self.word(index - 1) in ABBREVIATIONS
            and self.word(index) == "."
            and self.tokens[index].start == self.tokens[index - 1].stop
        ):
            return index + 1
        return index


@dataclass(slots=True)
class Number:
    """A number read from tokens `first` to `last` (exclusive), text offsets `start`–`stop`.

    `digits_start`/`digits_stop` are where the digits themselves lie, for rules that look at what
    is glued to them (-1 for words); `scaled` says a scale word was read («5 млн»); `vague` marks
    plural scales («сотни», «несколько тысяч»), which say «more than» rather than an amount.
    """

    start: int
    stop: int
    first: int
    last: int
    value: float
    high: float | None = None
    digits_start: int = -1
    digits_stop: int = -1
    scaled: bool = False
    vague: bool = False
    plain: str = ""  # the digits as written, when written in digits


def _read_digits(words: SentenceTokens, index: int) -> Number | None:
    """Digits, a range of them, and a minus glued before them («-5»)."""
    start = words.tokens[index].start
    sign = -1.0 if words.text[start] in DASHES else 1.0
    match = DIGITS.match(words.text, start + (sign < 0))
    if match is None:
        return None
    low, high = match.group(1), match.group(2)
    last = words.after(index, match.end())
    return Number(
        start, match.end(), index, last, sign * parse_digits(low),
        parse_digits(high) * sign if high else None, match.start(), match.end(), plain=low,
    )  # fmt: skip


def _read_compound(words: SentenceTokens, number: Number, scale: float) -> None:
    """«1 млн 532 тыс.», «12 тысяч 130»: smaller parts after a scale add up."""
    while number.high is None and words.word(number.last)[:1].isdigit():
        part = _read_digits(words, number.last)
        if part is None or part.high is not None or not part.plain.isdigit() or part.value >= scale:
            return
        part_scale = read_scale(words, part)
        if part_scale >= scale:
            return
        number.value += part.value
        number.last, number.stop, scale = part.last, part.stop, part_scale or 1.0


def _read_words(words: SentenceTokens, index: int) -> Number | None:
    word = words.words[index]
    token = words.tokens[index]
    if token.pos in _NOT_NUMERALS and word not in SCALES:  # «семью» (a family), «сорока» (a magpie)
        return None
    parts = word.split("-")
    if len(parts) == 2 and all(part in SMALL for part in parts):  # «двух-трёх»
        return Number(token.start, token.stop, index, index + 1, SMALL[parts[0]], SMALL[parts[1]])
    if word in COLLECTIVE:
        return Number(token.start, token.stop, index, index + 1, COLLECTIVE[word])
    if word in SEVERAL or (word in SCALES and token.feat("Number") == "Plur"):
        return _read_vague(words, index)
    total, current, limit, last, scaled = 0.0, 0.0, float("inf"), index, False
    while last < len(words.words):
        word = words.words[last]
        if (word in SMALL or (word in ONE and last > index)) and words.tokens[last].pos not in _NOT_NUMERALS:
            value = SMALL.get(word) or ONE[word]
            if value >= limit:
                break
            current += value
            limit = 100 if value % 100 == 0 else 10 if value >= 20 and value % 10 == 0 else 0
        elif word in SCALES and SCALES[word] >= 1e3 and (current or total == 0):
            total += (current or 1) * SCALES[word]
            current, limit, scaled = 0.0, SCALES[word], True
        elif word in SCALES and SCALES[word] < 1e3 and last == index:  # «около сотни», «десяток»
            current, limit = SCALES[word], 0
        else:
            break
        last += 1
    if last == index:
        return None
    last = words.abbreviation_dot(last)
    stop = words.tokens[last - 1].stop
    return Number(token.start, stop, index, last, total + current, scaled=scaled)


def _read_vague(words: SentenceTokens, index: int) -> Number | None:
    """«сотни», «десятки тысяч», «несколько миллионов»: the smallest amount the words allow."""
    value, last = 1.0, index + (words.words[index] in SEVERAL)
    while last < len(words.words) and words.words[last] in SCALES:
        value *= SCALES[words.words[last]]
        last += 1
    if value == 1.0:
        return None
    tokens = words.tokens
    return Number(tokens[index].start, tokens[last - 1].stop, index, last, value, scaled=True, vague=True)


def read_scale(words: SentenceTokens, number: Number) -> float:
    """«5 млн», «1,5 тысячи», «25–40 тысяч»: multiply by a scale word after the digits; the scale."""
    word = words.word(number.last)
    if word not in SCALES or SCALES[word] < 1e3:
        return 0.0
    scale = SCALES[word]
    number.value *= scale
    number.high = None if number.high is None else number.high * scale
    number.last = words.abbreviation_dot(number.last + 1)
    number.stop = words.tokens[number.last - 1].stop
    number.scaled = True
    return scale


def read_number(words: SentenceTokens, index: int) -> Number | None:
    """The number that starts at token `index`, with its scale and, after «от», its «до» end."""
    first_char = words.text[words.tokens[index].start]
    if first_char.isdigit() or first_char in DASHES:
        number = _read_digits(words, index)
        if number is not None and (scale := read_scale(words, number)):
            _read_compound(words, number, scale)
    else:
        number = _read_words(words, index)
        if number is not None and number.high is not None:
            read_scale(words, number)
    if number is None or number.high is not None:
        return number
    if (
        words.word(index - 1) == "от"
        and words.word(number.last) == "до"
        and number.last + 1 < len(words.words)
    ):
        upper = read_number(words, number.last + 1)
        if upper is not None and upper.high is None and upper.value > number.value:
            scale = _scale_of(words, upper)
            if _is_plain(number) and number.value * scale < upper.value:  # «от 25 до 40 тысяч»
                number.value *= scale
            number.high = upper.value
            number.last, number.stop = upper.last, upper.stop
            number.first, number.start = index - 1, words.tokens[index - 1].start
    return number


def may_start(word: str) -> bool:
    """Whether a number can start at this lower-cased word: digits, «-5», a number word."""
    if word in STARTS:
        return True
    first = word[:1]
    if first.isdigit():
        return True
    if first in DASHES:
        return word[1:2].isdigit()
    return "-" in word and word.split("-", 1)[0] in SMALL


def _is_plain(number: Number) -> bool:
    """Digits with no scale word after them."""
    return bool(number.plain) and number.stop == number.digits_stop


def _scale_of(words: SentenceTokens, number: Number) -> float:
    """The scale word's value at the end of `number` («до 40 тысяч» -> 1000), else 1."""
    for index in range(number.last - 1, number.first - 1, -1):
        word = words.words[index]
        if word in SCALES and SCALES[word] >= 1e3:
            return SCALES[word]
    return 1.0
