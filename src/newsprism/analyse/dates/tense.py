"""The tense around a date, from the verbs of its sentence (`Sentences`, which needs morphology
and lemmas); datelines («ТВЕРЬ, 12 марта.»), whose date is the present; «с» opening a date."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Literal

from newsprism.model import Doc, Token

Tense = Literal["past", "present", "future", ""]
_TENSES: dict[str, Tense] = {"Past": "past", "Pres": "present", "Fut": "future"}


_DATELINE_BEFORE = re.compile(r"[ \t]*[А-ЯЁA-Z][А-ЯЁA-Z.\- ]*(?:\([^)\n]*\))?,[ \t]*")
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\d{4}[ \t]*(?:г\.|года)?)?[ \t]*[.—–/]")


def dateline(text: str, start: int, stop: int) -> bool:
    """Whether the mention is the date of a dateline: a line opening with a place or an agency
    in capitals, a comma, the date and a dot or a dash («ТВЕРЬ, 12 марта. ...», «АГЕНТСТВО, 1 мая —»)."""
    line = text.rfind("\n", 0, start) + 1
    if start - line > 60 or not _DATELINE_BEFORE.fullmatch(text, line, start):
        return False
    return _DATELINE_AFTER.match(text, stop) is not None


_STARTING = re.compile(r"(?<!\w)[сС]\s+\Z")


def starting(text: str, start: int) -> bool:
    """Whether «с» opens the date at `start` («с 14 июня»)."""
    return _STARTING.search(text, max(0, start - 3), start) is not None


_CLAUSE = 10_000
_DASH = re.compile(r"\s[—–-]\s")
_PUNCTUATION = re.compile(r"[,;:.!?()«»\"—–]")


class Sentences:
    """Tense around a span, from the verbs of its sentence (needs morphology and lemmas)."""

    def __init__(self, doc: Doc, cues: frozenset[str]) -> None:
        self.doc = doc
        self.cues = cues
        self.sentence_starts = [sentence.start for sentence in doc.sentences]
        self.token_starts = [token.start for token in doc.tokens]

    def sentence_start(self, start: int) -> int:
        index = bisect_right(self.sentence_starts, start) - 1
        return self.doc.sentences[index].start if index >= 0 else 0

    def tense(self, start: int, stop: int) -> Tense:
        return self.reading(start, stop)[0]

    def reported(self, sentence_start: int, start: int) -> bool:
        """Whether the span is in a clause «, что ...» after a finite verb in the past that has a
        date of its own («12 марта мэр заявил, что мост откроют ...»): what was future on the day
        it was said, which may be long before the text."""
        text = self.doc.text
        clause = max(text.rfind(f", что{space}", sentence_start, start) for space in (" ", "\u00a0"))
        if clause < 0 or not any(sentence_start <= other.start < clause for other in self.doc.dates):
            return False
        first = bisect_left(self.token_starts, sentence_start)
        last = bisect_left(self.token_starts, clause)
        return any(
            token.pos in ("VERB", "AUX") and token.feat("Tense") == "Past" and token.feat("VerbForm") == "Fin"
            for token in self.doc.tokens[first:last]
        )

    def reading(self, start: int, stop: int) -> tuple[Tense, bool, bool]:
        """The tense of the verb nearest to the span in its sentence, and whether an infinitive is
        nearer still («совет согласился открыть завод 21 сентября»: the date is the infinitive's, a
        plan, not a report), or the verb is a plan that was due («мост должен был открыться 3
        марта»: what was planned, not what happened). A planning word counts as future, and so
        does «будет» (which the tagger calls present); a planning word before the span wins when
        no finite verb stands between them («планируется расширить цех в сентябре»). Full
        participles are attributes, not the clause's verb, and are passed over, and so is an
        attribution after a dash («..., 5 мая — сообщает агентство»). A dateline's date is the
        present («ТВЕРЬ, 12 марта. Завод откроют ...»). The third value says whether the verb and
        the span are in one stretch of words, no punctuation between («открывается с 14 июня» but
        not «сообщает, что с 14 июня»)."""
        if dateline(self.doc.text, start, stop):
            return "present", False, False
        index = bisect_right(self.sentence_starts, start) - 1
        if index < 0:
            return "", False, False
        sentence = self.doc.sentences[index]
        first = bisect_left(self.token_starts, sentence.start)
        last = bisect_left(self.token_starts, sentence.stop)
        best: Tense = ""
        best_distance = infinitive_distance = len(self.doc.text) + 2 * _CLAUSE
        planned = False  # a planning word before the span, no finite verb after it yet
        text = self.doc.text
        previous: Token | None = None
        due = best_plan = False  # «должен был открыться»: a plan in the past; its verb is part of it
        for token in self.doc.tokens[first:last]:
            cue_before, previous = previous is not None and previous.lemma in self.cues, token
            tense: Tense = ""
            distance = start - token.stop if token.stop <= start else token.start - stop
            if token.start >= stop and _DASH.search(text, stop, token.start):
                break
            if _PUNCTUATION.search(text, min(token.stop, stop), max(token.start, start)):
                distance += _CLAUSE  # a verb beyond a comma is another clause's: prefer this one's
            if token.lemma in self.cues:
                tense = "future"
                planned = planned or token.stop <= start
            elif token.pos in ("VERB", "AUX"):
                form = token.feat("VerbForm")
                if due:  # the verb of «должен был ...», part of the plan
                    due = False
                    continue
                if form == "Inf":
                    if 0 <= distance < infinitive_distance:
                        infinitive_distance = distance
                    continue
                if form == "Part" and token.feat("Variant") != "Short":
                    continue
                if cue_before and token.lemma == "быть" and token.feat("Tense") == "Past":
                    due, planned = True, False
                    tense = "past"
                    if 0 <= distance < best_distance:  # a plan that was due: no event, no proof
                        best, best_distance, best_plan = tense, distance, True
                    continue
                if token.lemma == "быть" and self.doc.text.startswith("буд", token.start):
                    tense = "future"
                else:
                    tense = _TENSES.get(token.feat("Tense") or "", "")
                if tense and token.stop <= start and form != "Part":
                    planned = False
            if not tense:
                continue
            if 0 <= distance < best_distance:
                best, best_distance, best_plan = tense, distance, False
        if planned:
            return "future", False, False
        return best, best_plan or infinitive_distance < best_distance, best_distance < _CLAUSE
