"""Reported speech: the ordered rules of `INDIRECT_RULES`, each looking at one sentence with a
speech verb or a «по словам» («заявил, что…», «по словам X, …», «…, сообщает X»).
"""

from __future__ import annotations

from collections.abc import Callable

from newsprism.analyse.quotes.direct import according, as_verb
from newsprism.analyse.quotes.lexicon import DASHES, INTRODUCTORY, NOT_SPEAKERS, NP_POS, THAT
from newsprism.analyse.quotes.speakers import attributed, np_after, np_before
from newsprism.analyse.quotes.words import FoundQuote, QuoteTokens, cited_segments, trim, unpaired_close
from newsprism.model import QuoteKind

# Indirect rules: each looks at one sentence and returns what it found there.

IndirectRule = Callable[[QuoteTokens, int], "list[FoundQuote]"]


def verb_that(words: QuoteTokens, sentence: int) -> list[FoundQuote]:
    """Макрон заявил, что <clause>; «сообщает газета Le Monde со ссылкой на X, что…». The clause
    runs to the end of the sentence or to a later attribution («…, и добавил, что…», «…, сообщает X»)."""
    lo, hi = words.bounds[sentence]
    founds: list[FoundQuote] = []
    for verb in words.speech_in(lo, hi):
        before = verb - 1
        while before > lo and words.pos[before] in ("ADV", "PART"):
            before -= 1
        if words.blocked[verb] or (words.lemma[before] in NOT_SPEAKERS and words.pos[before] == "PRON"):
            continue  # «что говорит о том, что…», «это подтверждает, что…»: not speech
        start, j = -1, verb + 1
        while j < min(hi - 1, verb + 12) and start < 0:
            if words.lower[j] == "," and words.lower[j + 1] in THAT:
                start = j + 2
            elif words.lower[j] == "о" and words.lower[j + 1 : j + 4] == ["том", ",", "что"]:
                start = j + 4
            elif words.lower[j] in ".!?;:" or words.is_finite(j) or words.blocked[j]:
                break
            else:
                j += 1
        if start < 0 or start >= hi:
            continue
        stop = hi
        for later in words.speech_in(start, hi):
            cut = np_before(words, later, start).span or (later, later)
            k = cut[0]
            while k > start and words.pos[k - 1] in ("PUNCT", "CCONJ"):
                k -= 1
            if k < cut[0] and k > start:
                stop = k
                break
        clause = trim(words, start, stop)
        if clause[0] >= 0:
            founds.append(attributed(words, "indirect", "verb_that", [clause], verb, lo, j))
    return founds


def _clause(words: QuoteTokens, lo: int, hi: int, start: int, stop: int) -> list[tuple[int, int]]:
    """The sentence [lo, hi) without the attribution [start, stop) and the commas around it."""
    pieces = []
    before = start - 1 if start > lo and words.lower[start - 1] in (",", "—", "–", "-") else start
    head = trim(words, lo, before)
    introductory = words.doc.text[head[0] : head[1]].lower() in INTRODUCTORY
    if (
        before < start
        and head[0] >= 0
        and not introductory
        and any(words.pos[j] in NP_POS for j in range(lo, before))
    ):
        pieces.append(head)
    after = stop + 1 if stop < hi and words.lower[stop] == "," else stop
    if any(words.is_finite(j) or words.pos[j] == "NOUN" for j in range(after, hi)) and after > start:
        pieces.append(trim(words, after, hi))
    return [piece for piece in pieces if piece[0] >= 0]


def according_to(words: QuoteTokens, sentence: int) -> list[FoundQuote]:
    """По словам X, <clause>; <clause>, по данным X; Франция, по его словам, хочет…"""
    lo, hi = words.bounds[sentence]
    phrase = according(words, lo, hi) or as_verb(words, lo, hi)
    if phrase is None or any(words.blocked[j] for j in range(phrase.start, phrase.stop)):
        return []
    pieces = _clause(words, lo, hi, phrase.start, phrase.stop)
    if not pieces:
        return []
    for j in range(phrase.start, phrase.stop):
        words.blocked[j] = True
    phrase.found.pieces = pieces
    phrase.found.stop = words.doc.sentences[sentence].stop
    return [phrase.found]


def about_this(words: QuoteTokens, sentence: int) -> list[FoundQuote]:
    """<sentence>. Об этом заявил X. — the previous sentence of the paragraph is what X said;
    and «<clause>, о чём сообщил X»."""
    lo, hi = words.bounds[sentence]
    for j in range(lo, hi - 2):
        if words.lower[j] not in ("о", "об") or words.lower[j + 1] not in ("этом", "чем", "чём"):
            continue
        verbs = [v for v in words.speech_in(j + 2, min(hi, j + 8)) if not words.blocked[v]]
        if not verbs:
            continue
        if j == lo and words.lower[j + 1] == "этом" and sentence > 0:
            prev_lo, prev_hi = words.bounds[sentence - 1]
            text = words.doc.text
            if prev_hi <= prev_lo or "\n" in text[words.stops[prev_hi - 1] : words.starts[lo]]:
                return []
            if any(words.blocked[k] for k in range(prev_lo, prev_hi)):
                return []
            clause = trim(words, prev_lo, prev_hi)
        elif j > lo and words.lower[j - 1] == "," and words.lower[j + 1] in ("чем", "чём"):
            clause = trim(words, lo, j - 1)
        else:
            continue
        return [attributed(words, "indirect", "about_this", [clause], verbs[0], j + 2, hi)]
    return []


def verb_after(words: QuoteTokens, sentence: int) -> list[FoundQuote]:
    """<clause>, сообщает ТАСС. / <clause>, — пишет газета: the clause before a trailing attribution."""
    lo, hi = words.bounds[sentence]
    for comma in range(lo + 2, hi - 2):
        if words.lower[comma] not in (",", "—", "–", "-"):
            continue
        verb = comma + 2 if words.lower[comma + 1] in DASHES else comma + 1
        if verb >= hi or words.blocked[verb] or not words.is_speech(verb):
            continue
        speaker = np_after(words, verb + 1, hi)
        if not speaker.span or not any(words.is_finite(j) for j in range(lo, comma)):
            continue
        rest = range(speaker.span[1], hi)
        cited = {start: stop for start, _, stop in cited_segments(words, speaker.span[1], hi)}
        if any(
            words.pos[j] not in ("PUNCT", "ADV")
            for j in rest
            if not any(a <= j < b for a, b in cited.items())
        ):
            continue
        first, last = lo, comma
        direct = words.lower[lo] in DASHES or unpaired_close(
            words.doc.text[words.starts[lo] : words.stops[comma - 1]]
        )
        if direct:  # «— Текст, — говорит X» in an interview, or a quote whose opening mark is far back
            first += words.lower[lo] in DASHES
            last -= words.lower[comma - 1] in '»"”'
        kind: QuoteKind = "direct" if direct else "indirect"
        found = attributed(
            words,
            kind,
            "speech_after" if direct else "verb_after",
            [trim(words, first, last)],
            verb,
            verb,
            hi,
        )
        found.speaker, found.head, found.unsure = speaker.span, speaker.head, False
        return [found]
    return []


INDIRECT_RULES: tuple[IndirectRule, ...] = (according_to, verb_that, about_this, verb_after)
