"""Rules see a doc through `QuoteTokens`, a read-only view of its tokens, and return `FoundQuote`
records with token and character offsets; `newsprism.analyse.quotes.step` turns them into `Quote`s. The small
token helpers the rules share are here too (`speechlike`, `trim`, `cited_segments`, …).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from newsprism.analyse.quotes.lexicon import ACCORDING_NOUNS, CUES, PASSIVE_VERBS, SENTENCE_END, SPEECH_VERBS
from newsprism.model import Doc, QuoteKind


class QuoteTokens:
    """A doc's tokens as parallel lists (text lower-cased, part of speech, lemma, features), each
    token's sentence, the speech verbs, and which tokens a quote or an attribution has used."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # The longest entity: those overlapping a span are looked up by offset, not scanned.
        self.entity_reach = max((e.stop - e.start for e in doc.entities), default=0)
        text = doc.text
        tokens = doc.tokens
        self.starts = [t.start for t in tokens]
        self.stops = [t.stop for t in tokens]
        lowered = text.lower()
        if len(lowered) == len(text):  # one lower() for the text; «İ» lowers to two characters
            self.lower = [lowered[t.start : t.stop] for t in tokens]
        else:
            self.lower = [text[t.start : t.stop].lower() for t in tokens]
        self.pos = [t.pos for t in tokens]
        self.lemma = [t.lemma for t in tokens]
        self.feats = [t.feats for t in tokens]
        self.sentence = [0] * len(tokens)
        self.bounds: list[tuple[int, int]] = []  # token range of each sentence
        for index, sentence in enumerate(doc.sentences):
            lo = bisect_left(self.starts, sentence.start)
            hi = bisect_left(self.starts, sentence.stop, lo)
            self.sentence[lo:hi] = [index] * (hi - lo)
            self.bounds.append((lo, hi))
        cues = [index for index, lemma in enumerate(self.lemma) if lemma in CUES]
        self.speech = [
            index for index in cues if self.lemma[index] not in ACCORDING_NOUNS and self._speech(index)
        ]
        # the sentences worth the indirect rules: with a speech verb or a «по словам»
        self.cued = {
            self.sentence[index]
            for index in cues
            if self.lemma[index] in ACCORDING_NOUNS or self.is_speech(index)
        }
        self.blocked = [False] * len(tokens)  # inside a direct quote or used by an attribution

    def at(self, offset: int) -> int:
        """The index of the first token that starts at or after a character offset."""
        return bisect_left(self.starts, offset)

    def feat(self, index: int, name: str) -> str:
        feats = self.feats[index]
        at = feats.find(name + "=")
        if at < 0:
            return ""
        end = feats.find("|", at)
        return feats[at + len(name) + 1 : end if end >= 0 else len(feats)]

    def sentence_range(self, index: int) -> tuple[int, int]:
        return self.bounds[self.sentence[index]]

    def is_speech(self, index: int) -> bool:
        position = bisect_left(self.speech, index)
        return position < len(self.speech) and self.speech[position] == index

    def speech_in(self, lo: int, hi: int) -> list[int]:
        """The speech verbs among tokens [lo, hi)."""
        return self.speech[bisect_left(self.speech, lo) : bisect_left(self.speech, hi)]

    def _speech(self, index: int) -> bool:
        lemma, pos = self.lemma[index], self.pos[index]
        if self.feat(index, "Person") in ("1", "2"):
            return False  # the author («рассказываем») or an address, not a reported speaker
        if pos == "VERB":
            form = self.feat(index, "VerbForm")
            if form == "Fin" and lemma in PASSIVE_VERBS:
                return self.feat(index, "Tense") != "Past"  # «ранее сообщалось»: the outlet's own news
            if form == "Fin" and lemma in SPEECH_VERBS:
                return True
            return form == "Part" and self.feat(index, "Variant") == "Short" and lemma in SPEECH_VERBS
        return pos == "ADJ" and lemma in SPEECH_VERBS and self.feat(index, "Variant") == "Short"

    def impersonal(self, index: int) -> bool:
        """«заявили в пресс-службе», «говорится в сообщении»: a verb whose speaker is a place."""
        return (
            self.lemma[index] in PASSIVE_VERBS
            or self.feat(index, "VerbForm") == "Part"
            or (self.feat(index, "Number") == "Plur" and self.feat(index, "Person") in ("", "3"))
        )

    def is_finite(self, index: int) -> bool:
        return self.pos[index] in ("VERB", "AUX") and self.feat(index, "VerbForm") in ("Fin", "Inf")


@dataclass(slots=True)
class FoundQuote:
    """A quote found by a rule: its pieces (character spans), the speech verb and the speaker as a
    token range with its head token; `unsure` asks for the syntax parse of the verb's sentence."""

    kind: QuoteKind
    rule: str
    pieces: list[tuple[int, int]]
    verb: str = ""
    verb_at: int = -1
    speaker: tuple[int, int] | None = None
    head: int = -1
    unsure: bool = False
    cited: tuple[int, int] | None = None
    stop: int = -1  # where the attribution's sentence ends
    joins: int = -1  # the index of an earlier `FoundQuote` whose group this one continues


def speechlike(words: QuoteTokens, start: int, stop: int, min_words: int = 3) -> bool:
    """Quoted words that read as speech, not as a name: a verb, `min_words` words, or a full stop."""
    lo, hi = words.at(start), words.at(stop)
    count = sum(1 for index in range(lo, hi) if words.lower[index][:1].isalnum())
    if count >= min_words or words.doc.text[start:stop].rstrip().endswith(tuple("!?.…")):
        return True
    return any(words.is_finite(index) for index in range(lo, hi))


def unpaired_close(text: str) -> bool:
    """Text that ends with a closing quote mark opened before it: the end of a quote."""
    if text.endswith("»"):
        return text.count("»") > text.count("«")
    if text.endswith("”"):
        return text.count("”") > text.count("“")
    return text.endswith('"') and text.count('"') % 2 == 1


def trim(words: QuoteTokens, lo: int, hi: int) -> tuple[int, int]:
    """The character span of tokens [lo, hi) without sentence-final punctuation at the end."""
    while hi > lo and words.pos[hi - 1] == "PUNCT" and words.lower[hi - 1] in SENTENCE_END:
        hi -= 1
    return (words.starts[lo], words.stops[hi - 1]) if hi > lo else (-1, -1)


def cited_segments(words: QuoteTokens, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """«со ссылкой на X», «ссылаясь на X»: (phrase start, source start, source stop) token ranges."""
    found = []
    for index in range(lo, hi - 2):
        if words.lower[index] in ("со", "с") and words.lemma[index + 1] == "ссылка":
            first = index + 2
        elif words.lemma[index] == "ссылаться":
            first = index + 1
        else:
            continue
        if first >= hi or words.lower[first] != "на":
            continue
        end = first + 1
        while end < hi and words.pos[end] not in ("PUNCT", "VERB", "SCONJ", "AUX"):
            end += 1
        if end > first + 1:
            found.append((index, first + 1, end))
    return found


def case_ok(words: QuoteTokens, index: int, cases: tuple[str, ...]) -> bool:
    case = words.feat(index, "Case")
    return case in cases or (not case and words.pos[index] in ("X", "PROPN", "NUM", "NOUN"))


def quoted_name(words: QuoteTokens, index: int, hi: int) -> int:
    """The index after the closing mark of a short quoted name starting at `index`, else -1."""
    if words.lower[index] not in '«"„“':
        return -1
    for j in range(index + 2, min(hi, index + 8)):
        if words.lower[j] in '»"“”':
            return j + 1
    return -1
