"""Loaded and evaluative words («диктатор», «политический театр») with their polarity, and what
they say about the entities: the steps `MarkEvaluative` (which words), `LoadedNames` (a mention
named with one takes its polarity) and `JudgeTargets` (which entity each one judges).

Phrases are matched by lemma sequences, longest first, left to right, from two sources:

1. newsprism's own list (`evaluative_words`), source "rules";
2. optionally the RuSentiLex and KartaSlovSent lexicons, read from a folder named by
   `LexiconSettings.path`; they are CC BY-NC-SA 4.0, so they are read from where the user keeps
   them and never bundled. They only fill tokens the rules left unmarked: rules win.

Every match then passes an ordered list of small named context rules (`VETOES`) that can declare it
neutral here («главный герой фильма», «Герой России»); `explain` shows which rule fired.

The modules: `evaluative_words` (our list), `phrases` (`PhraseIndex`, `RULES`), `lexicons`
(`LexiconSettings`, `load_lexicons`), `vetoes` (the context rules), `marking` (`MarkEvaluative`,
`explain`), `naming` (the title before a name, `LoadedNames`), `judged` (`JudgeTargets`, with its
rules in `judged_rules` and the sentence as they see it in `judged_view`). The names are imported
when first used, like the steps of `newsprism.analyse`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsprism.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsprism.analyse.evaluative.evaluative_words import LEMMA_FORMS, NEUTRAL, WORDS
    from newsprism.analyse.evaluative.judged import JudgeTargets, quoted_spans
    from newsprism.analyse.evaluative.judged_rules import judged_target
    from newsprism.analyse.evaluative.judged_view import GROUP_NOUNS
    from newsprism.analyse.evaluative.lexicons import (
        ENV_VAR,
        KARTASLOVSENT,
        RULES_ONLY,
        RUSENTILEX,
        LexiconSettings,
        load_lexicons,
    )
    from newsprism.analyse.evaluative.marking import MarkEvaluative, Match, explain, matches
    from newsprism.analyse.evaluative.naming import LoadedNames, Naming, loaded_words, namings, title_before
    from newsprism.analyse.evaluative.phrases import RULES, Entry, PhraseIndex, rules_index
    from newsprism.analyse.evaluative.vetoes import VETOES, Candidate

_HOME = {
    "LEMMA_FORMS": "evaluative_words",
    "NEUTRAL": "evaluative_words",
    "WORDS": "evaluative_words",
    "JudgeTargets": "judged",
    "quoted_spans": "judged",
    "judged_target": "judged_rules",
    "GROUP_NOUNS": "judged_view",
    "ENV_VAR": "lexicons",
    "KARTASLOVSENT": "lexicons",
    "RULES_ONLY": "lexicons",
    "RUSENTILEX": "lexicons",
    "LexiconSettings": "lexicons",
    "load_lexicons": "lexicons",
    "Match": "marking",
    "MarkEvaluative": "marking",
    "explain": "marking",
    "matches": "marking",
    "LoadedNames": "naming",
    "Naming": "naming",
    "loaded_words": "naming",
    "namings": "naming",
    "title_before": "naming",
    "RULES": "phrases",
    "Entry": "phrases",
    "PhraseIndex": "phrases",
    "rules_index": "phrases",
    "VETOES": "vetoes",
    "Candidate": "vetoes",
}
__all__ = [
    "ENV_VAR",
    "GROUP_NOUNS",
    "KARTASLOVSENT",
    "LEMMA_FORMS",
    "NEUTRAL",
    "RULES",
    "RULES_ONLY",
    "RUSENTILEX",
    "VETOES",
    "WORDS",
    "Candidate",
    "Entry",
    "JudgeTargets",
    "LexiconSettings",
    "LoadedNames",
    "MarkEvaluative",
    "Match",
    "Naming",
    "PhraseIndex",
    "explain",
    "judged_target",
    "load_lexicons",
    "loaded_words",
    "matches",
    "namings",
    "quoted_spans",
    "rules_index",
    "title_before",
]


__getattr__ = lazy_attributes(__name__, _HOME)
