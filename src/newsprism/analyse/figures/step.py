"""Figures: numbers with what they count and how exactly («около 50 стран-союзников»).

Outlets report different figures for the same thing, so a comparison aligns figures by what they
count: `Figure.counted` is the counted noun's lemma, a hyphenated compound kept whole
(«стран-союзников» -> "страна-союзник"); `counted_keys` gives the compound and its parts, so
"страна" still finds it.

Only sentences with a token that can start a number are read. There `numerals` reads the number,
the ordered rules of `rules` drop non-figures (dates, years, ordinals, identifiers), those of `units`
find the unit or counted noun (their names land in `Figure.rule`), and `approximate` reads how
exactly it is meant, in this order:

    range             «25–40 стран», «от 25 до 40» -> range, with `high`
    vague             «сотни», «десятки тысяч», «несколько тысяч» -> more than the scale
    approx:<phrase>   «около», «примерно», «порядка», «почти» -> about; «более», «свыше» -> more;
                      «менее» -> less; «не менее», «как минимум», «по меньшей мере» -> at_least;
                      «до», «не более», «максимум» -> up_to; also across a preposition
                      («почти на 5%», «примерно в 30 странах»)
    to_level          «до» after a word of change («снизилась до 16%», «с 5 до 10»): «to», exact

A figure with a unit includes a «на» before it in its span («на 2 процентных пункта»: a change).
A duration written in two units is one figure in the smaller unit (`merge_durations`: «2 часа 15
минут» is 135 minutes, «3 года и 6 месяцев» 42 months).
`ExtractFigures.explain(doc)` lists which rule fired on which span: «why is this (not) a figure?».
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsprism.analyse.figures.numerals import STARTS, Number, SentenceTokens, may_start, read_number
from newsprism.analyse.figures.rules import EXCLUSIONS
from newsprism.analyse.figures.units import UNIT_RULES, Draft, of_noun
from newsprism.analyse.pipeline import Step
from newsprism.analyse.rule_runner import Explained, Trace, first
from newsprism.model import Approximation, Doc, Figure, Sentence
from newsprism.text import fold

APPROXIMATIONS: dict[tuple[str, ...], Approximation] = {
    ("около",): "about", ("примерно",): "about", ("приблизительно",): "about", ("порядка",): "about",
    ("почти",): "about", ("ориентировочно",): "about", ("более",): "more", ("больше",): "more",
    ("свыше",): "more", ("более", "чем"): "more", ("чуть", "более"): "more", ("чуть", "больше"): "more",
    ("немногим", "более"): "more", ("менее",): "less", ("меньше",): "less", ("менее", "чем"): "less",
    ("чуть", "менее"): "less", ("чуть", "меньше"): "less", ("не", "менее"): "at_least",
    ("не", "меньше"): "at_least", ("не", "менее", "чем"): "at_least", ("как", "минимум"): "at_least",
    ("минимум",): "at_least", ("по", "меньшей", "мере"): "at_least", ("по", "крайней", "мере"): "at_least",
    ("до",): "up_to", ("вплоть", "до"): "up_to", ("не", "более"): "up_to", ("не", "больше"): "up_to",
    ("не", "более", "чем"): "up_to", ("максимум",): "up_to", ("как", "максимум"): "up_to",
}  # fmt: skip
_LONGEST = max(len(phrase) for phrase in APPROXIMATIONS)
# Prepositions that may stand between an approximation and its number: «почти на 5%».
PREPOSITIONS = frozenset(
    {"в", "во", "на", "с", "со", "из", "за", "к", "по", "для", "у", "от", "среди", "при"}
)
# Lemma beginnings of words of change, after which «до» means «to» («снизилась до 16%»).
CHANGE_STEMS = (
    "вырас", "выраст", "рост", "расти", "сниз", "сниж", "повыс", "повыш", "увелич", "сократ",
    "сокращ", "упа", "пада", "подня", "подним", "опуст", "опуск", "пониз", "пониж", "подорож",
    "подешев", "дорож", "дешев", "довест", "довод", "достиг", "ускор", "замедл", "уменьш", "прибав",
)  # fmt: skip

# How many of the smaller unit make one of the larger, for durations written in two units.
_SUBUNITS = {
    ("час", "минута"): 60, ("минута", "секунда"): 60, ("сутки", "час"): 24, ("день", "час"): 24,
    ("год", "месяц"): 12, ("неделя", "день"): 7, ("месяц", "день"): 30,
}  # fmt: skip

# Parts of a compound that do not name what is counted: «вице-», «экс-».
_PREFIXES = frozenset({"вице", "экс", "лже", "контр", "обер", "унтер", "пол", "полу", "лейб"})


@dataclass(frozen=True, slots=True)
class FigureSettings:
    """How far to look: `modifiers` adjectives or participles between a number and its noun
    («14 задержанных рыбаков»); `keep_bare` keeps exact numbers that count nothing found."""

    modifiers: int = 2
    keep_bare: bool = False


def counted_keys(figure: Figure) -> tuple[str, ...]:
    """What a figure can be aligned by: its counted lemma, then the parts of a hyphenated compound
    («страна-союзник» -> "страна-союзник", "страна", "союзник"); empty when it counts nothing."""
    if not figure.counted:
        return ()
    parts = [part for part in figure.counted.split("-") if len(part) > 2 and part not in _PREFIXES]
    return (figure.counted, *(part for part in parts if part != figure.counted))


class ExtractFigures(Explained, Step):
    """Numbers with their approximation, unit and counted noun, from token lemmas."""

    name = "figures"
    version = 3  # 2: match reports' minute marks (`minute_mark`); 3: «белорусского рубля» is BYN
    requires = ("lemmas",)
    assigns = ("figures",)

    def __init__(self, settings: FigureSettings | None = None) -> None:
        self.settings = settings or FigureSettings()

    def process(self, doc: Doc) -> Doc:
        doc.figures = self.find(doc)
        return doc

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The doc's figures, each rule that fired recorded in `trace` («not:year» for a number an
        exclusion dropped): `explain(doc)` gives ("counted_noun", "около 50")."""
        doc.figures = self.find(doc, trace)
        return doc

    def find(self, doc: Doc, trace: Trace | None = None) -> list[Figure]:
        """The doc's figures; with a `trace` list, also which rule fired on which span."""
        text, tokens = doc.text, doc.tokens
        lowered = fold(text)
        if len(lowered) != len(text):  # a letter whose lower case is longer («İ»): keep offsets
            lowered = "".join(char.lower()[:1] for char in text).replace("ё", "е")
        words = [lowered[token.start : token.stop] for token in tokens]
        # Only sentences with a token that can start a number are read at all; most words are
        # plain letters, settled by one set lookup.
        hits = [
            index
            for index, word in enumerate(words)
            if word in STARTS or ((not word.isalpha() or "-" in word) and may_start(word))
        ]
        if not hits:
            return []
        sentences = doc.sentences or [Sentence(0, len(text))]
        token_starts = [token.start for token in tokens]
        sentence_starts = [sentence.start for sentence in sentences]
        figures: list[Figure] = []
        position = 0
        while position < len(hits):
            hit = hits[position]
            sentence = sentences[max(0, bisect_right(sentence_starts, token_starts[hit]) - 1)]
            first = min(bisect_left(token_starts, sentence.start), hit)
            stop = max(bisect_left(token_starts, sentence.stop), hit + 1)
            starts = []
            while position < len(hits) and hits[position] < stop:
                starts.append(hits[position] - first)
                position += 1
            sentence_words = SentenceTokens(text, tokens[first:stop], words[first:stop])
            figures.extend(self._sentence(sentence_words, starts, trace))
        return figures

    def _sentence(self, words: SentenceTokens, starts: list[int], trace: Trace | None) -> list[Figure]:
        """Figures of one sentence, reading a number at each of `starts` no figure has taken."""
        found = []
        for index in starts:
            if index < words.floor:
                continue
            number = read_number(words, index)
            if number is None:
                continue
            figure = self._figure(words, number, trace)
            if figure is not None:
                found.append(figure)
            words.floor = max(number.last, index + 1)
        return merge_durations(found, words.text)

    def _figure(self, words: SentenceTokens, number: Number, trace: Trace | None) -> Figure | None:
        if excluded := first(EXCLUSIONS, words, number):
            if trace is not None:
                trace.append(("not:" + excluded[0], number.start, number.stop))
            return None
        draft = Draft(number)
        if unit := first(UNIT_RULES, words, draft, self.settings.modifiers):
            draft.rule = unit[0]
        if draft.unit and of_noun(words, draft, self.settings.modifiers) and trace is not None:
            trace.append(("of_noun", number.start, number.stop))
        phrase = approximate(words, draft, trace)
        # A number that counts nothing found is kept when its digits carry a scale («5 млн») or
        # a phrase qualifies it («около 50»): «их пятеро», «тысячи» and lone digits say too little.
        if not (draft.rule or phrase or (number.plain and number.scaled) or self.settings.keep_bare):
            if trace is not None:
                trace.append(("not:bare", number.start, number.stop))
            return None
        if trace is not None:
            trace.append((draft.rule or "bare", number.start, number.stop))
        return Figure(
            number.start, number.stop, number.value, draft.approx, number.high, draft.unit,
            draft.counted, draft.noun_start, draft.noun_stop, draft.rule or "bare",
        )  # fmt: skip


def merge_durations(figures: list[Figure], text: str) -> list[Figure]:
    """Figures of one sentence, a duration in two units joined into one in the smaller unit:
    «1 час 20 минут» (an hour, then twenty minutes) is 80 minutes, «2 года и 3 месяца» 27 months."""
    out: list[Figure] = []
    for figure in figures:
        last = out[-1] if out else None
        ratio = _SUBUNITS.get((last.unit, figure.unit)) if last is not None else None
        if (
            last is not None
            and ratio is not None
            and figure.approx == "exact"
            and last.high is None
            and figure.high is None
            and text[last.stop : figure.start].strip() in ("", "и")
        ):
            out[-1] = Figure(
                last.start, figure.stop, last.value * ratio + figure.value, last.approx, None,
                figure.unit, "", -1, -1, "duration",
            )  # fmt: skip
            continue
        out.append(figure)
    return out


def approximate(words: SentenceTokens, draft: Draft, trace: Trace | None) -> bool:
    """The approximation: a phrase before the number, a range, a plural scale, or «на» before a
    unit. Whether a phrase qualified the number."""
    number = draft.number
    if number.high is not None or number.vague:
        draft.approx = "range" if number.high is not None else "more"
        if trace is not None:
            trace.append(("range" if number.high is not None else "vague", number.start, number.stop))
    found = _phrase_before(words, number.first)
    if found is None and words.free(number.first - 1) in PREPOSITIONS:
        found = _phrase_before(words, number.first - 1)
    if found is not None:
        index, approx, name = found
        if approx == "up_to" and _to_level(words, index, number.last):
            approx, name = "exact", "to_level"
        if number.high is None:
            draft.approx = approx
        number.first, number.start = index, words.tokens[index].start
        if trace is not None:
            trace.append((name, number.start, number.stop))
        return approx != "exact"
    if words.free(number.first - 1) == "на" and draft.unit:  # «на 2 процентных пункта»: a change
        number.first -= 1
        number.start = words.tokens[number.first].start
    return False


def _phrase_before(words: SentenceTokens, index: int) -> tuple[int, Approximation, str] | None:
    for size in range(_LONGEST, 0, -1):
        start = index - size
        if start < words.floor:
            continue
        approx = APPROXIMATIONS.get(tuple(words.words[start:index]))
        if approx is not None:
            return start, approx, "approx:" + " ".join(words.words[start:index])
    return None


def _to_level(words: SentenceTokens, index: int, last: int) -> bool:
    """Whether the «до» at `index` says where something changed to: «снизилась до 16%», «с 5 до
    10», «до 20 возросло число»; `last` ends the number."""
    if words.word(index - 2) == "с" and words.word(index - 1)[:1].isdigit():
        return True
    around = [*range(max(0, index - 3), index), *range(last, min(len(words.tokens), last + 2))]
    return any(words.tokens[near].lemma.startswith(CHANGE_STEMS) for near in around)
