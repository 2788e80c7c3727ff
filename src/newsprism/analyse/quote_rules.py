"""The rules that find quotes: quote-mark pairing, speaker noun phrases and two ordered lists of
small named rules, `DIRECT_RULES` (quoted words with an attribution) and `INDIRECT_RULES`
(reported speech: «заявил, что…», «по словам X, …», «…, сообщает X»).

Rules see a doc through `Words`, a read-only view of its tokens, and return `Found` records with
token and character offsets; `newsprism.analyse.quotes` turns them into `Quote`s and resolves
speakers to entities. A quoted name («"Коалиция желающих"») is never a quote by itself: a direct
quote needs an attribution (a dash and a speech verb, a colon, «по словам X,») and words that read
as speech (`speechlike`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from newsprism.model import Doc, QuoteKind

# Lemmas (ё as е) of the verbs that attribute speech, both aspects: «заявил», «сообщает», «уверен».
_SPEECH = """
    сказать говорить заявить заявлять отметить отмечать подчеркнуть подчеркивать добавить добавлять
    сообщить сообщать пояснить пояснять признать признавать рассказать рассказывать заметить замечать
    написать писать утверждать считать полагать передать передавать цитировать процитировать ответить
    отвечать уточнить уточнять объявить объявлять предупредить предупреждать пообещать обещать заверить
    заверять напомнить напоминать указать указывать констатировать призвать призывать резюмировать
    подытожить заключить признаться пожаловаться жаловаться возразить возражать настаивать спросить
    спрашивать поинтересоваться прокомментировать комментировать пересказать подтвердить подтверждать
    опровергнуть уверять объяснить объяснять продолжить посетовать сетовать пригрозить отчитаться
    анонсировать уверенный убежденный
"""
SPEECH_VERBS = frozenset(_SPEECH.split())
# «говорится в сообщении», «отмечается, что»: the speaker, if any, is the place named after «в».
_PASSIVE = "говориться сообщаться отмечаться указываться подчеркиваться утверждаться заявляться уточняться"
PASSIVE_VERBS = frozenset([*_PASSIVE.split(), "передаваться", "цитироваться"])
# «по словам X», «по данным X»: the phrase is kept as the quote's verb.
ACCORDING_NOUNS = frozenset(
    ("слово", "мнение", "данные", "информация", "сообщение", "оценка", "утверждение", "версия", "заявление")
)
CUES = SPEECH_VERBS | PASSIVE_VERBS | ACCORDING_NOUNS
THAT = frozenset({"что", "будто", "якобы"})
# «В частности, по её мнению, …»: words before «по словам X» that are not part of what X said.
INTRODUCTORY = frozenset(
    {"в частности", "кроме того", "при этом", "в свою очередь", "между тем", "таким образом"}
)
DASHES = frozenset("—–-")
QUOTE_MARKS = frozenset('«»"“”„')
NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "X"})
HEAD_POS = frozenset({"NOUN", "PROPN", "X"})
PERSONAL = frozenset({"он", "она", "они", "я", "мы", "вы", "ты"})
RELATIVE = frozenset({"который", "кто"})
NOT_SPEAKERS = frozenset({"что", "это", "то", "все", "всё"})
SENTENCE_END = frozenset(".!?…;")
ATTRIBUTION_STOPS = frozenset(",.;:!?…—–") | QUOTE_MARKS
MAX_ATTRIBUTION = 6  # tokens between a dash and its speech verb: «— также отметил», «— Макрон сказал»

_DASH_AFTER = re.compile(r"[ \t\u00a0]*[,.!?…]?[ \t\u00a0]*[—–-][ \t\u00a0]*")
_COLON_BEFORE = re.compile(r":[ \t\u00a0]*$")
_COMMA_BEFORE = re.compile(r",[ \t\u00a0]*$")
_CONTINUES = re.compile(r"[ \t\u00a0]*[,.][ \t\u00a0]*[—–-][ \t\u00a0]*$")


class Words:
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
class Found:
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
    joins: int = -1  # the index of an earlier `Found` whose group this one continues


@dataclass(slots=True)
class Speaker:
    span: tuple[int, int] | None = None
    head: int = -1
    unsure: bool = False


@dataclass(slots=True)
class Marks:
    """The top-level quoted spans of one paragraph, as (opening mark, closing mark) offsets."""

    spans: list[tuple[int, int]]
    found: list[int] = field(default_factory=list)  # index into the doc's founds, -1 when free

    def __post_init__(self) -> None:
        self.found = [-1] * len(self.spans)


def speechlike(words: Words, start: int, stop: int, min_words: int = 3) -> bool:
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


def trim(words: Words, lo: int, hi: int) -> tuple[int, int]:
    """The character span of tokens [lo, hi) without sentence-final punctuation at the end."""
    while hi > lo and words.pos[hi - 1] == "PUNCT" and words.lower[hi - 1] in SENTENCE_END:
        hi -= 1
    return (words.starts[lo], words.stops[hi - 1]) if hi > lo else (-1, -1)


def cited_segments(words: Words, lo: int, hi: int) -> list[tuple[int, int, int]]:
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


def case_ok(words: Words, index: int, cases: tuple[str, ...]) -> bool:
    case = words.feat(index, "Case")
    return case in cases or (not case and words.pos[index] in ("X", "PROPN", "NUM", "NOUN"))


def quoted_name(words: Words, index: int, hi: int) -> int:
    """The index after the closing mark of a short quoted name starting at `index`, else -1."""
    if words.lower[index] not in '«"„“':
        return -1
    for j in range(index + 2, min(hi, index + 8)):
        if words.lower[j] in '»"“”':
            return j + 1
    return -1


def np_at(words: Words, index: int, hi: int, case: str = "Nom") -> Speaker:
    """A noun phrase starting at a token, its head in `case`: modifiers, head, then nouns in the
    genitive or the same case («глава МИД России Сергей Лавров», «газета Le Monde»), a quoted name
    («Газета.ru»), a personal pronoun."""
    j = index
    while j < hi and words.pos[j] in ("ADJ", "DET") and words.feat(j, "Case") == case:
        j += 1
    if j >= hi:
        return Speaker()
    if words.pos[j] == "PRON" or (words.pos[j] == "DET" and words.lemma[j] in ("его", "ее")):
        personal = words.lemma[j] in PERSONAL or words.lower[j] in ("его", "ее", "её", "их")
        return Speaker((j, j + 1), j) if j == index and personal else Speaker()
    named = quoted_name(words, j, hi)
    if named > 0:
        head, j = j + 1, named
    elif words.pos[j] in HEAD_POS and case_ok(words, j, (case,)):
        head, j = j, j + 1
    else:
        return Speaker()
    while j < hi:
        if words.pos[j] in NP_POS and case_ok(words, j, ("Gen", case)):
            j += 1
        elif quoted_name(words, j, hi) > 0:
            j = quoted_name(words, j, hi)  # «сообщении «Гражданского патруля»»
        elif (
            words.lower[j] == "."
            and j + 1 < hi
            and words.starts[j] == words.stops[j - 1]
            and (
                words.starts[j + 1] == words.stops[j]
                or (len(words.lower[j - 1]) == 1 and words.pos[j + 1] in HEAD_POS)
            )
        ):
            j += 2  # «zakon.kz», «М.Коваль», «Р. Бизяев»
        else:
            break
    while j > head + 1 and words.pos[j - 1] in ("ADJ", "DET"):
        j -= 1
    return Speaker((index, j), head)


def np_before(words: Words, verb: int, lo: int) -> Speaker:
    """The nominative noun phrase that ends just before a verb, skipping adverbs, particles and a
    «со ссылкой на X» phrase; «постпред США при НАТО Мэттью Уитакер»."""
    cited = {stop: start for start, _, stop in cited_segments(words, lo, verb)}
    j = verb - 1
    while j >= lo and (words.pos[j] in ("ADV", "PART") or j + 1 in cited):
        j = cited[j + 1] - 1 if j + 1 in cited else j - 1
    end = k = j + 1
    while k > lo:
        p = k - 1
        if words.pos[p] in NP_POS and case_ok(words, p, ("Nom", "Gen")):
            k -= 1
        elif words.lower[p] in '»"”' and (opener := _opener(words, p, lo)) >= 0:
            k = opener  # «Газета.ru», «Известия»
        elif (
            p >= lo + 2
            and words.pos[p] in ("NOUN", "PROPN")
            and words.pos[p - 1] == "ADP"
            and words.pos[p - 2] in ("NOUN", "PROPN")
            and case_ok(words, p - 2, ("Nom", "Gen"))
            and k < end
        ):
            k -= 2  # a prepositional phrase inside the noun phrase: «постпред США при НАТО»
        elif words.lower[p] == "и" and p > lo and k < end and words.feat(p - 1, "Case") == "Nom":
            k -= 1
        else:
            break
    if k == end and end > lo and words.lemma[end - 1] in PERSONAL and words.feat(end - 1, "Case") == "Nom":
        return Speaker((end - 1, end), end - 1)
    if k == end and end > lo + 1 and words.lemma[end - 1] in RELATIVE and words.lower[end - 2] == ",":
        return np_before(words, end - 2, lo)  # «Макрон, который заявил» -> Макрон
    for start in range(k, end):
        if words.feat(start, "Case") == "Nom" or words.pos[start] == "X" or words.lower[start] in '«"„':
            for head in range(start, end):
                if words.pos[head] in HEAD_POS:
                    return Speaker((start, end), head)
            break
    return Speaker()


def _opener(words: Words, close: int, lo: int) -> int:
    for j in range(close - 2, max(lo, close - 8) - 1, -1):
        if words.lower[j] in '«"„“':
            return j
    return -1


def np_after(words: Words, index: int, hi: int) -> Speaker:
    """The first nominative noun phrase after a verb, before a comma or another clause; skips
    «журналистам», «в интервью ТАСС» and «со ссылкой на X»."""
    cited = {start: stop for start, _, stop in cited_segments(words, index, hi)}
    j = index
    while j < min(hi, index + 8):
        if j in cited:
            j = cited[j]
            continue
        if words.pos[j] == "ADP":  # «в интервью ТАСС», «на странице в Instagram»: not the subject
            j += 1
            while j < hi and words.pos[j] in NP_POS and words.feat(j, "Case") != "Nom":
                j += 1
            continue
        if (words.pos[j] in ("SCONJ", "CCONJ") or words.is_finite(j)) or (
            words.pos[j] == "PUNCT" and quoted_name(words, j, hi) < 0
        ):
            break
        found = np_at(words, j, hi)
        if found.span:
            return found
        j += 1
    return Speaker()


def in_phrase(words: Words, lo: int, hi: int) -> Speaker:
    """«в пресс-службе президента», «на сайте кабмина»: the place an impersonal verb speaks from."""
    for j in range(lo, hi - 1):
        if words.lower[j] in ("в", "во", "на") and words.pos[j] == "ADP":
            found = np_at(words, j + 1, hi, "Loc")
            if found.span:
                return found
    return Speaker()


def subject(words: Words, verb: int, lo: int, hi: int) -> Speaker:
    """Who speaks, by the cheap rules: the noun phrase before the verb, after it, or for an
    impersonal verb the place it speaks from; `unsure` when none fits."""
    found = np_before(words, verb, lo)
    if not found.span:
        found = np_after(words, verb + 1, hi)
    if not found.span and words.impersonal(verb):
        found = in_phrase(words, verb + 1, hi)
        if not found.span:
            found = in_phrase(words, lo, verb)
    if not found.span and not words.impersonal(verb):
        found.unsure = True
    return found


def cited_in(words: Words, lo: int, hi: int) -> tuple[int, int] | None:
    segments = [segment for segment in cited_segments(words, lo, hi) if not words.blocked[segment[0]]]
    return (segments[0][1], segments[0][2]) if segments else None


def attributed(
    words: Words, kind: QuoteKind, rule: str, pieces: list[tuple[int, int]], verb: int, lo: int, hi: int
) -> Found:
    """A `Found` for a speech verb at token `verb` whose speaker lies in tokens [lo, hi)."""
    speaker = subject(words, verb, lo, hi)
    words.blocked[verb] = True
    sentence_stop = words.doc.sentences[words.sentence[verb]].stop
    return Found(
        kind, rule, pieces, words.lemma[verb], verb, speaker.span, speaker.head, speaker.unsure,
        cited=cited_in(words, lo, hi), stop=sentence_stop,
    )  # fmt: skip


# Direct rules: each looks at one top-level quoted span of a paragraph.

DirectRule = Callable[[Words, Marks, int], "Found | None"]


def interrupted(words: Words, marks: Marks, k: int) -> Found | None:
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


def dash_after(words: Words, marks: Marks, k: int) -> Found | None:
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


def colon_before(words: Words, marks: Marks, k: int) -> Found | None:
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
        return Found("direct", "name_colon", [(opened + 1, closed)], "", -1, name.span, name.head)
    return None


def according_before(words: Words, marks: Marks, k: int) -> Found | None:
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


def continues(words: Words, marks: Marks, k: int, founds: list[Found]) -> Found | None:
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
    found: Found


def according(words: Words, lo: int, hi: int) -> Phrase | None:
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
        found = Found("indirect", "according", [], verb, -1, speaker.span, speaker.head)
        found.cited = cited_in(words, stop, hi)
        return Phrase(j, stop, found)
    return None


def as_verb(words: Words, lo: int, hi: int) -> Phrase | None:
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
        found = Found("indirect", "as_verb", [], words.lemma[j + 1], j + 1, speaker.span, speaker.head)
        found.cited = cited_in(words, j + 2, stop)
        return Phrase(j, stop, found)
    return None


# Indirect rules: each looks at one sentence and returns what it found there.

IndirectRule = Callable[[Words, int], "list[Found]"]


def verb_that(words: Words, sentence: int) -> list[Found]:
    """Макрон заявил, что <clause>; «сообщает газета Le Monde со ссылкой на X, что…». The clause
    runs to the end of the sentence or to a later attribution («…, и добавил, что…», «…, сообщает X»)."""
    lo, hi = words.bounds[sentence]
    founds: list[Found] = []
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


def _clause(words: Words, lo: int, hi: int, start: int, stop: int) -> list[tuple[int, int]]:
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


def according_to(words: Words, sentence: int) -> list[Found]:
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


def about_this(words: Words, sentence: int) -> list[Found]:
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


def verb_after(words: Words, sentence: int) -> list[Found]:
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
