"""Phrases to mark as lemma sequences (`Entry`), indexed by their first lemma, longest first
(`PhraseIndex`); `RULES`, the index of newsprism's own list (`evaluative_words`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from newsprism.analyse.evaluative.evaluative_words import LEMMA_FORMS, WORDS
from newsprism.text import fold

Phrase = tuple[str, ...]


def normal(lemma: str) -> str:
    return fold(lemma)


@dataclass(frozen=True, slots=True)
class Entry:
    """A phrase to mark: its lemma sequence, polarity, dictionary form and source. `alternate`
    marks another lemma form of an entry («так называть» for «так называемый»), where a verb must
    be a participle."""

    lemmas: Phrase
    polarity: int
    lemma: str
    source: str
    alternate: bool = False


class PhraseIndex:
    """Entries by their first lemma, longest first; the first entry given for a sequence wins."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_first: dict[str, list[Entry]] = {}
        seen: set[Phrase] = set()
        for entry in entries:
            if entry.lemmas and entry.lemmas not in seen:
                seen.add(entry.lemmas)
                self.by_first.setdefault(entry.lemmas[0], []).append(entry)
        for candidates in self.by_first.values():
            candidates.sort(key=lambda entry: -len(entry.lemmas))
        self.size = len(seen)

    def __len__(self) -> int:
        return self.size

    def matches(self, lemmas: Sequence[str], index: int) -> Iterator[Entry]:
        """The entries whose lemmas start at `index`, longest first."""
        for entry in self.by_first.get(lemmas[index], ()):
            width = len(entry.lemmas)
            if width == 1 or tuple(lemmas[index : index + width]) == entry.lemmas:
                yield entry

    def match(self, lemmas: Sequence[str], index: int) -> Entry | None:
        """The longest entry whose lemmas start at `index`."""
        return next(self.matches(lemmas, index), None)


def rules_index(words: Mapping[str, int] = WORDS) -> PhraseIndex:
    """newsprism's own word list, each entry also under its alternative lemma forms."""

    def entries() -> Iterator[Entry]:
        for phrase, polarity in words.items():
            yield Entry(tuple(phrase.split()), polarity, phrase, "rules")
            for form in LEMMA_FORMS.get(phrase, ()):
                yield Entry(tuple(form.split()), polarity, phrase, "rules", alternate=True)

    return PhraseIndex(entries())


RULES = rules_index()
