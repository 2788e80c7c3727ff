"""Direct quotes: top-level pairs of quote marks (`pair_marks`) and the ordered rules of
`DIRECT_RULES` that give a quoted span its attribution. A quoted name («"Коалиция желающих"») is
never a quote by itself: a direct quote needs an attribution (a dash and a speech verb, a colon,
«по словам X,») and words that read as speech (`speechlike`). The attribution phrases «по словам X»
and «как заявил X» (`according`, `as_verb`) serve the indirect rules too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from newsprism.analyse.quotes.lexicon import ACCORDING_NOUNS, ATTRIBUTION_STOPS, DASHES, MAX_ATTRIBUTION
from newsprism.analyse.quotes.speakers import Speaker, attributed, cited_in, in_phrase, np_after, np_at
from newsprism.analyse.quotes.words import FoundQuote, QuoteTokens, speechlike

_MARKS = re.compile(r'[«»"“”„]')
_DASH_AFTER = re.compile(r"[ \t\u00a0]*[,.!?…]?[ \t\u00a0]*[—–-][ \t\u00a0]*")
_COLON_BEFORE = re.compile(r":[ \t\u00a0]*$")
_COMMA_BEFORE = re.compile(r",[ \t\u00a0]*$")
_CONTINUES = re.compile(r"[ \t\u00a0]*[,.][ \t\u00a0]*[—–-][ \t\u00a0]*$")


@dataclass(slots=True)
class Marks:
    """The top-level quoted spans of one paragraph, as (opening mark, closing mark) offsets."""

    spans: list[tuple[int, int]]
    found: list[int] = field(default_factory=list)  # index into the doc's founds, -1 when free

    def __post_init__(self) -> None:
        self.found = [-1] * len(self.spans)


def pair_marks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Top-level pairs of quote marks in text[start:stop]. «…», „…“ and “…” pair by shape; a straight
    " opens after a space or an opening mark and closes before a space or punctuation, so nested
    quotes of mixed and typographic styles pair up; an unclosed mark is dropped."""
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []

    def close(opener: str, at: int) -> None:
        while stack:
            shape, opened = stack.pop()
            if shape == opener:
                if not stack:
                    spans.append((opened, at))
                return

    for match in _MARKS.finditer(text, start, stop):
        mark, at = match.group(), match.start()
        top = stack[-1][0] if stack else ""
        if mark in "«„":
            stack.append((mark, at))
        elif mark == "»":
            close("«", at)
        elif mark == "”":
            close("“", at)
        elif mark == "“":
            close("„", at) if top == "„" else stack.append((mark, at))
        else:
            before = text[at - 1] if at > start else " "
            after = text[at + 1] if at + 1 < stop else " "
            opens = (before.isspace() or before in '([«„“—–-/"') and not after.isspace()
            closes = not before.isspace() and (after.isspace() or after in '.,;:!?…)»”—–-"')
            if closes and (top == '"' or not opens):
                close('"', at)
            elif opens or top != '"':
                stack.append((mark, at))
            else:
                close('"', at)
    return sorted(spans)


# Direct rules: each looks at one top-level quoted span of a paragraph.

DirectRule = Callable[[QuoteTokens, Marks, int], "FoundQuote | None"]


def interrupted(words: QuoteTokens, marks: Marks, k: int) -> FoundQuote | None:
    """«Первая часть, — сказал он, — вторая часть»: one quote in two pieces around its attribution."""
    opened, closed = marks.spans[k]
    lo, hi = words.at(opened + 1), words.at(closed)
    dashes = [j for j in range(lo + 1, hi - 1) if words.lower[j] in DASHES and words.lower[j - 1] in ",.!?…"]
    for first, second in pairwise(dashes):
        verbs = words.speech_in(first + 1, second)
        if second - first > MAX_ATTRIBUTION + 3 or not verbs:
            continue
        pieces = [(opened + 1, words.starts[first - 1]), (words.stops[second], closed)]
        if not speechlike(words, opened + 1, closed):
            return None
        return attributed(words, "direct", "interrupted", pieces, verbs[0], first + 1, second - 1)
    return None


def dash_after(words: QuoteTokens, marks: Marks, k: int) -> FoundQuote | None:
    """«…», — сказал французский лидер / "…", - заявил Макрон; earlier quoted pieces of the same
    sentence join the quote, and so does one that follows «, — сказал он, — "…"»."""
    opened, closed = marks.spans[k]
    text = words.doc.text
    dash = _DASH_AFTER.match(text, closed + 1)
    if not dash or not speechlike(words, opened + 1, closed):
        return None
    lo = words.at(dash.end())
    if lo >= len(words.lower):
        return None
    end, hi = lo, words.sentence_range(lo)[1]
    while end < hi and words.lower[end] not in ATTRIBUTION_STOPS:
        end += 1
    verbs = words.speech_in(lo, min(end, lo + MAX_ATTRIBUTION))
    if not verbs:
        return None
    pieces = [(opened + 1, closed)]
    for j in range(k - 1, -1, -1):  # pieces before, in the same sentence
        gap = text[marks.spans[j][1] + 1 : marks.spans[j + 1][0]]
        ends = text[marks.spans[j][0] : marks.spans[j][1]].rstrip()[-1:]
        if marks.found[j] != -1 or any(mark in gap + ends for mark in ".!?…;\n") or len(gap) > 80:
            break
        pieces.insert(0, (marks.spans[j][0] + 1, marks.spans[j][1]))
        marks.found[j] = -2
    found = attributed(words, "direct", "dash_after", pieces, verbs[0], lo, end)
    if k + 1 < len(marks.spans) and end < len(words.lower):
        after = marks.spans[k + 1][0]
        if _CONTINUES.match(text[words.starts[end] : after]):
            found.pieces.append((after + 1, marks.spans[k + 1][1]))
            marks.found[k + 1] = -2
    return found


def colon_before(words: QuoteTokens, marks: Marks, k: int) -> FoundQuote | None:
    """Макрон заявил: «…»; and, without a verb, a headline's «Песков: «…»» (rule `name_colon`)."""
    opened, closed = marks.spans[k]
    if not _COLON_BEFORE.search(words.doc.text, max(0, opened - 8), opened) or not speechlike(
        words, opened + 1, closed
    ):
        return None
    colon = words.at(opened) - 1
    lo = words.sentence_range(colon)[0]
    verbs = [j for j in words.speech_in(lo, colon) if not words.blocked[j]]
    if verbs:
        return attributed(words, "direct", "colon", [(opened + 1, closed)], verbs[-1], lo, colon)
    name = np_at(words, lo, colon)
    if name.span and name.span[1] == colon:
        return FoundQuote("direct", "name_colon", [(opened + 1, closed)], "", -1, name.span, name.head)
    return None


def according_before(words: QuoteTokens, marks: Marks, k: int) -> FoundQuote | None:
    """По словам Макрона, «…» / Как отметил Макрон, «…»."""
    opened, closed = marks.spans[k]
    if not _COMMA_BEFORE.search(words.doc.text, max(0, opened - 8), opened) or not speechlike(
        words, opened + 1, closed
    ):
        return None
    comma = words.at(opened) - 1
    lo = words.sentence_range(comma)[0]
    phrase = according(words, lo, comma) or as_verb(words, lo, comma)
    if phrase is None or phrase.stop != comma:
        return None
    for j in range(phrase.start, phrase.stop):
        words.blocked[j] = True
    found = phrase.found
    found.kind, found.rule, found.pieces = "direct", "according_quote", [(opened + 1, closed)]
    return found


def continues(words: QuoteTokens, marks: Marks, k: int, founds: list[FoundQuote]) -> FoundQuote | None:
    """«…», — сказал он. «Ещё одна фраза»: a quote right after an attribution continues it."""
    if k == 0 or marks.found[k - 1] < 0:
        return None
    previous = founds[marks.found[k - 1]]
    opened, closed = marks.spans[k]
    text = words.doc.text
    if (
        previous.stop < 0
        or text[previous.stop : opened].strip()
        or not text[opened + 1 : opened + 2].isupper()
    ):
        return None
    if not speechlike(words, opened + 1, closed):
        return None
    piece = [(opened + 1, closed)]
    return replace(previous, rule="continues", pieces=piece, cited=None, joins=marks.found[k - 1])


DIRECT_RULES: tuple[DirectRule, ...] = (interrupted, dash_after, colon_before, according_before)


# Phrases shared by direct and indirect rules.


@dataclass(slots=True)
class Phrase:
    """«по словам X» or «как заявил X» at tokens [start, stop) with what it attributes."""

    start: int
    stop: int
    found: FoundQuote


def according(words: QuoteTokens, lo: int, hi: int) -> Phrase | None:
    """«по словам X», «по его словам», «по данным X», «со слов X» somewhere in tokens [lo, hi)."""
    for j in range(lo, hi - 1):
        if words.lower[j] == "по":
            noun = j + 2 if words.lower[j + 1] in ("его", "ее", "её", "их") else j + 1
            if noun >= hi or words.lemma[noun] not in ACCORDING_NOUNS or words.feat(noun, "Case") != "Dat":
                continue
        elif words.lower[j] in ("со", "с") and words.lower[j + 1] == "слов":
            noun = j + 1
        else:
            continue
        speaker = Speaker((j + 1, j + 2), j + 1) if noun == j + 2 else np_at(words, noun + 1, hi, "Gen")
        if not speaker.span:
            continue
        verb = f"{words.lower[j]} {words.lower[noun]}"
        stop = max(speaker.span[1], noun + 1)
        comma = next((k for k in range(stop, min(hi, stop + 8)) if words.pos[k] == "PUNCT"), -1)
        if (
            comma > stop
            and words.lower[comma] == ","
            and not any(words.is_finite(k) for k in range(stop, comma))
        ):
            stop = comma  # «по данным Комитета по внешним связям Петербурга,»
            speaker.span = (speaker.span[0], stop) if noun != j + 2 else speaker.span
        found = FoundQuote("indirect", "according", [], verb, -1, speaker.span, speaker.head)
        found.cited = cited_in(words, stop, hi)
        return Phrase(j, stop, found)
    return None


def as_verb(words: QuoteTokens, lo: int, hi: int) -> Phrase | None:
    """«как сообщает ТАСС», «как заявил Макрон»: a speech verb after «как», its subject after it."""
    for j in range(lo, hi - 2):
        if words.lower[j] != "как" or not words.is_speech(j + 1) or words.blocked[j + 1]:
            continue
        speaker = np_after(words, j + 2, hi)
        if not speaker.span and words.impersonal(j + 1):
            speaker = in_phrase(words, j + 2, hi)
        if not speaker.span:
            continue
        stop = speaker.span[1]
        while stop < hi and words.pos[stop] not in ("PUNCT",):
            stop += 1
        found = FoundQuote("indirect", "as_verb", [], words.lemma[j + 1], j + 1, speaker.span, speaker.head)
        found.cited = cited_in(words, j + 2, stop)
        return Phrase(j, stop, found)
    return None
