"""Loaded and evaluative words and phrases («диктатор», «политический театр»), with polarity.

Phrases are matched by lemma sequences, longest first, left to right, from two sources:

1. newsprism's own list (`evaluative_words`), source "rules";
2. optionally the RuSentiLex and KartaSlovSent lexicons, read from a folder named by
   `LexiconSettings.path`; they are CC BY-NC-SA 4.0, so they are read from where the user keeps
   them and never bundled. They only fill tokens the rules left unmarked: rules win.

Every match then passes an ordered list of small named context rules (`VETOES`) that can declare it
neutral here («главный герой фильма», «Герой России»); `explain` shows which rule fired.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsprism.analyse.evaluative_words import LEMMA_FORMS, NEUTRAL, WORDS, words
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, Evaluative, Token
from newsprism.text import fold

RUSENTILEX = "rusentilex_2017.txt"
KARTASLOVSENT = "kartaslovsent.csv"
ENV_VAR = "NEWSPRISM_LEXICONS"

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


# Lexicons ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LexiconSettings:
    """Where the optional lexicons are: a folder with rusentilex_2017.txt and/or kartaslovsent.csv
    (None: rules only). KartaSlovSent scores every word in [-1, 1]; only entries whose tag agrees
    with the sign and whose |value| reaches `kartaslovsent_threshold` count as evaluative. It rates
    what a word evokes rather than whether it judges, so most of what it adds is topical
    («юбилей», «активист»): it is off unless `kartaslovsent=True`."""

    path: Path | None = None
    kartaslovsent: bool = False
    kartaslovsent_threshold: float = 0.8

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> LexiconSettings:
        """Settings with the folder named by NEWSPRISM_LEXICONS, if set."""
        value = environ.get(ENV_VAR, "").strip()
        return cls(path=Path(value).expanduser() if value else None)


def _polarity(label: str) -> int:
    label = label.strip().lower()
    if "/" in label:
        return 0  # positive/negative: depends on context
    if label.startswith("pos"):  # the file also spells it postive, posititve, posiive
        return 1
    return -1 if label.startswith("neg") else 0


Senses = dict[Phrase, set[tuple[int, bool]]]


def read_rusentilex(path: Path) -> Senses:
    """RuSentiLex's senses by lemma sequence: lines `word, POS, lemma, polarity, source[, "sense"]`,
    each sense as (polarity -1/0/1, whether its source is "opinion")."""
    senses: Senses = {}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.reader(file, skipinitialspace=True):
            if len(row) < 5 or row[0].startswith("!"):
                continue
            lemmas = tuple(normal(row[2]).split())
            opinion = row[4].strip().lower().startswith("opin")
            senses.setdefault(lemmas, set()).add((_polarity(row[3]), opinion))
    return senses


def rusentilex_entries(senses: Senses) -> Iterator[Entry]:
    """The evaluative entries: every sense an opinion (not a fact such as «авария», nor a feeling),
    all of one polarity, positive or negative."""
    for lemmas, found in senses.items():
        polarities = {polarity for polarity, _ in found}
        if len(polarities) == 1 and 0 not in polarities and all(opinion for _, opinion in found):
            yield Entry(lemmas, polarities.pop(), " ".join(lemmas), "rusentilex")


def read_kartaslovsent(path: Path, threshold: float, skip: Container[Phrase] = ()) -> Iterator[Entry]:
    """Entries of KartaSlovSent (`term;tag;value;...`) tagged PSTV or NGTV with |value| >= threshold,
    except those in `skip`."""
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            polarity = {"PSTV": 1, "NGTV": -1}.get(row["tag"], 0)
            if polarity and polarity * float(row["value"]) >= threshold:
                lemmas = tuple(normal(row["term"]).split())
                if lemmas not in skip:
                    yield Entry(lemmas, polarity, " ".join(lemmas), "kartaslovsent")


@cache
def load_lexicons(settings: LexiconSettings) -> PhraseIndex:
    """The lexicons in `settings.path` as one index, without the phrases `evaluative_words.NEUTRAL`
    declares neutral in news. Read once per settings (about 1 s for both files)."""
    if settings.path is None:
        return PhraseIndex(())
    folder = settings.path
    rusentilex, kartaslovsent = folder / RUSENTILEX, folder / KARTASLOVSENT
    if not rusentilex.is_file() and not kartaslovsent.is_file():
        raise FileNotFoundError(
            f"no lexicon in {folder}: expected {RUSENTILEX} and/or {KARTASLOVSENT} "
            f"(set {ENV_VAR} to the folder that holds them, or leave it unset to use rules only)"
        )
    entries: list[Entry] = []
    senses: Senses = {}
    if rusentilex.is_file():
        senses = read_rusentilex(rusentilex)
        entries.extend(rusentilex_entries(senses))
    if settings.kartaslovsent and kartaslovsent.is_file():
        # KartaSlovSent rates what a word evokes («война» -1, «помощь» +1), not whether it judges;
        # where RuSentiLex knows a word, its opinion/fact distinction decides instead.
        entries.extend(read_kartaslovsent(kartaslovsent, settings.kartaslovsent_threshold, skip=senses))
    return PhraseIndex(entry for entry in entries if entry.lemma not in NEUTRAL)


# Context rules ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase matched at tokens [first, last) of a doc, before the context rules see it."""

    tokens: Sequence[Token]
    lemmas: Sequence[str]
    first: int
    last: int
    entry: Entry
    text: str
    sentence_initial: frozenset[int]


def verb_not_participle(candidate: Candidate) -> bool:
    """«так называют» is not «так называемый»: a participle entry needs a participle."""
    return candidate.entry.alternate and any(
        token.pos == "VERB" and token.feat("VerbForm") in ("Fin", "Inf", "Conv")
        for token in candidate.tokens[candidate.first : candidate.last]
    )


def part_of_name(candidate: Candidate) -> bool:
    """«Герой России», «Великая Отечественная война», ЗРК «Триумф»: capitalised words inside names."""
    first = candidate.first
    word = candidate.text[candidate.tokens[first].start : candidate.tokens[first].stop]
    if not word[:1].isupper():
        return False
    if candidate.tokens[first].pos == "PROPN":  # «Амур» the river, «Рада» the parliament
        return True
    opening = first > 0 and candidate.text[candidate.tokens[first - 1].start] in OPENING
    if first not in candidate.sentence_initial and not opening:
        return True
    following = candidate.tokens[candidate.last] if candidate.last < len(candidate.tokens) else None
    return (
        candidate.tokens[first].pos == "ADJ"
        and following is not None
        and candidate.text[following.start : following.start + 1].isupper()
    )


# After these a capital letter starts a quotation or a heading, not a name: «Позор власти!»
OPENING = frozenset("«\"„“'(-–—:")

STORY_NOUNS = words(
    "фильм сериал роман книга мультфильм игра рассказ сказка пьеса спектакль шоу программа передача "
    "публикация материал статья сюжет видео ролик клип песня картина повесть комикс фотография "
    "репортаж интервью эпизод серия опера балет мюзикл расследование выпуск проект вечер"
)


def hero_of_a_story(candidate: Candidate) -> bool:
    """«главный герой фильма», «спектакль, героями которого»: a character, not praise."""
    if candidate.entry.lemmas[0] not in ("герой", "героиня"):
        return False
    first, lemmas = candidate.first, candidate.lemmas
    after = lemmas[candidate.last] if candidate.last < len(lemmas) else ""
    before = lemmas[max(0, first - 3) : first]
    return after in STORY_NOUNS or any(lemma in STORY_NOUNS or lemma in CHARACTER for lemma in before)


CHARACTER = frozenset({"главный", "второстепенный", "центральный", "положительный", "отрицательный"})


VETOES: tuple[Callable[[Candidate], bool], ...] = (verb_not_participle, part_of_name, hero_of_a_story)


# Matching ---------------------------------------------------------------------------------------


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
            vetoed_by = next((rule.__name__ for rule in VETOES if rule(candidate)), "")
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


def explain(doc: Doc, settings: LexiconSettings = LexiconSettings()) -> list[str]:
    """What was matched and why, one line each: for debugging the word list and the rules."""
    lines = []
    for match in matches(doc, load_lexicons(settings)):
        item = match.evaluative
        verdict = f"neutral ({match.vetoed_by})" if match.vetoed_by else f"{item.polarity:+d}"
        lines.append(
            f"{item.start}:{item.stop} {doc.span_text(item)!r} {item.lemma} [{item.source}] {verdict}"
        )
    return lines


class MarkEvaluative(Step):
    """Fills `doc.evaluative` with loaded and evaluative words and phrases and their polarity."""

    name = "evaluative"
    version = 2  # 2: insults, negligence, horror and hyperbolic praise
    requires = ("lemmas",)
    assigns = ("evaluative",)

    def __init__(self, settings: LexiconSettings = LexiconSettings()) -> None:
        self.settings = settings
        self.lexicons = load_lexicons(settings)

    def process(self, doc: Doc) -> Doc:
        doc.evaluative = [match.evaluative for match in matches(doc, self.lexicons) if not match.vetoed_by]
        return doc
