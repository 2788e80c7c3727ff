"""The optional RuSentiLex and KartaSlovSent lexicons, read from a folder named by
`LexiconSettings.path` (NEWSPRISM_LEXICONS): they are CC BY-NC-SA 4.0, so they are read from where
the user keeps them and never bundled. `load_lexicons` makes them one `PhraseIndex`."""

from __future__ import annotations

import csv
import os
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsprism.analyse.evaluative.evaluative_words import NEUTRAL
from newsprism.analyse.evaluative.phrases import Entry, Phrase, PhraseIndex, normal

RUSENTILEX = "rusentilex_2017.txt"
KARTASLOVSENT = "kartaslovsent.csv"
ENV_VAR = "NEWSPRISM_LEXICONS"


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


RULES_ONLY = LexiconSettings()  # no lexicons: newsprism's own list alone


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
