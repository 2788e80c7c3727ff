"""Marking loaded and evaluative words in a doc (`MarkEvaluative`): our own list's phrases first,
then the lexicons' over what it left, longest first, left to right, each match past the context
rules (`vetoes`); `explain` shows what matched and which rule fired."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsprism.analyse.evaluative.lexicons import RULES_ONLY, LexiconSettings, load_lexicons
from newsprism.analyse.evaluative.phrases import RULES, PhraseIndex, normal
from newsprism.analyse.evaluative.vetoes import VETOES, Candidate
from newsprism.analyse.pipeline import Step
from newsprism.analyse.rule_runner import Explained, Trace, first
from newsprism.model import Doc, Evaluative


@dataclass(frozen=True, slots=True)
class Match:
    """A matched phrase, with the context rule that declared it neutral (empty when none did)."""

    evaluative: Evaluative
    vetoed_by: str = ""


def sentence_initial(doc: Doc) -> frozenset[int]:
    """Indexes of the first word token of each sentence (after any opening quotes or dashes)."""
    starts = [sentence.start for sentence in doc.sentences] or [0]
    found: set[int] = set()
    following, fresh = 0, False
    for index, token in enumerate(doc.tokens):
        while following < len(starts) and token.start >= starts[following]:
            following, fresh = following + 1, True
        if fresh and doc.text[token.start : token.start + 1].isalnum():
            found.add(index)
            fresh = False
    return frozenset(found)


def scan(doc: Doc, lemmas: Sequence[str], index: PhraseIndex, taken: list[bool]) -> Iterator[Match]:
    """Matches of `index` over tokens not yet `taken`, left to right, the longest entry that no
    context rule vetoes winning at each position; marks the tokens of kept matches taken."""
    initial: frozenset[int] | None = None
    position = 0
    while position < len(lemmas):
        kept = 0
        for entry in () if taken[position] else index.matches(lemmas, position):
            last = position + len(entry.lemmas)
            if any(taken[position:last]):
                continue
            if initial is None:
                initial = sentence_initial(doc)
            candidate = Candidate(doc.tokens, lemmas, position, last, entry, doc.text, initial)
            vetoed = first(VETOES, candidate)
            vetoed_by = vetoed[0] if vetoed else ""
            start, stop = doc.tokens[position].start, doc.tokens[last - 1].stop
            yield Match(Evaluative(start, stop, entry.polarity, entry.lemma, entry.source), vetoed_by)
            if not vetoed_by:
                taken[position:last] = [True] * (last - position)
                kept = last - position
                break
        position += kept or 1


def matches(doc: Doc, lexicons: PhraseIndex | None = None) -> list[Match]:
    """Every match in the doc, rules first, then the lexicons over what rules left; vetoed ones too."""
    lemmas = [normal(token.lemma) for token in doc.tokens]
    taken = [False] * len(lemmas)
    found = list(scan(doc, lemmas, RULES, taken))
    if lexicons:
        found.extend(scan(doc, lemmas, lexicons, taken))
    found.sort(key=lambda match: (match.evaluative.start, match.evaluative.stop))
    return found


def explain(doc: Doc, settings: LexiconSettings = RULES_ONLY) -> list[str]:
    """What was matched and why, one line each: for debugging the word list and the rules."""
    lines = []
    for match in matches(doc, load_lexicons(settings)):
        item = match.evaluative
        verdict = f"neutral ({match.vetoed_by})" if match.vetoed_by else f"{item.polarity:+d}"
        lines.append(
            f"{item.start}:{item.stop} {doc.span_text(item)!r} {item.lemma} [{item.source}] {verdict}"
        )
    return lines


class MarkEvaluative(Explained, Step):
    """Fills `doc.evaluative` with loaded and evaluative words and phrases and their polarity."""

    name = "evaluative"
    version = 2  # 2: insults, negligence, horror and hyperbolic praise
    requires = ("lemmas",)
    assigns = ("evaluative",)

    def __init__(self, settings: LexiconSettings = RULES_ONLY) -> None:
        self.settings = settings
        self.lexicons = load_lexicons(settings)

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The doc's evaluative words, each match recorded in `trace` under where it came from
        ("rules" or a lexicon) or, when vetoed, "not:" and the veto («главный герой фильма»)."""
        found = matches(doc, self.lexicons)
        for match in found:
            item = match.evaluative
            trace.append(
                (f"not:{match.vetoed_by}" if match.vetoed_by else item.source, item.start, item.stop)
            )
        doc.evaluative = [match.evaluative for match in found if not match.vetoed_by]
        return doc
