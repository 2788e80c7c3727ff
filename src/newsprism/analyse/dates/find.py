"""Finding dates: `find_dates` runs the named rules of `rules` over the sentences, each rule only
where its triggers are (a digit, a month name ...: a few substring searches of the whole text,
much cheaper than running every pattern everywhere)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from newsprism.analyse.dates.readings import Found
from newsprism.analyse.dates.rules import RULES, TRIGGERS, Rule

_DIGITS = re.compile(r"\d+(?:(\.)\d|([-–−]))?")


def _lower(text: str) -> str:
    """Lower case with offsets kept (a few characters lengthen when lowered: keep those)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def triggers(lowered: str, spans: Sequence[tuple[int, int]]) -> list[set[str]]:
    """The triggers present in each span of a lower-case text: the keys of `TRIGGERS`, "digit", "digit." (a
    digit, a dot and a digit) and "digit-" (a digit and a dash). Found by a few searches of the
    whole text rather than per span."""
    starts = [start for start, _ in spans]
    present: list[set[str]] = [set() for _ in spans]

    def mark(position: int, name: str) -> None:
        index = bisect_right(starts, position) - 1
        if index >= 0 and position < spans[index][1]:
            present[index].add(name)

    for name, words in TRIGGERS.items():
        for word in words:
            position = lowered.find(word)
            while position >= 0:
                mark(position, name)
                position = lowered.find(word, position + len(word))
    for match in _DIGITS.finditer(lowered):
        mark(match.start(), "digit")
        if match[1] or match[2]:
            mark(match.start(), "digit." if match[1] else "digit-")
    return present


_BEFORE_NUMBER = frozenset("0123456789.,:/-–−")


def _glued(before: str, first: str) -> bool:
    """Whether a match starting with `first` continues what precedes it: a word starts after a
    non-letter, a number not after a digit, a dot, a colon («1.5», «12:30») or a dash. (A letter
    before a number is allowed: scraped text glues «сборная QMJHL8 ноября».)"""
    if first.isdigit():
        return before in _BEFORE_NUMBER
    return before.isalnum() or before == "_"


def find_dates(
    text: str, spans: Sequence[tuple[int, int]] | None = None, rules: Sequence[Rule] = RULES
) -> list[Found]:
    """Every date the rules read in `text`, in text order; earlier rules win overlaps. With `spans`
    (sentences, in order) only those parts are read, and no date crosses their borders."""
    spans = [(0, len(text))] if spans is None else spans
    lowered = _lower(text)
    found: list[Found] = []
    for (span_start, span_stop), present in zip(spans, triggers(lowered, spans), strict=True):
        if not present:
            continue
        here: list[Found] = []
        for rule in rules:
            if not rule.needs <= present:
                continue
            for match in rule.pattern.finditer(lowered, span_start, span_stop):
                start, stop = match.span()
                if start > 0 and _glued(lowered[start - 1], lowered[start]):
                    continue
                if rule.keeps is not None and (kept := rule.keeps.search(lowered, max(0, start - 4), start)):
                    start = max(kept.start(), span_start)
                if any(start < other.stop and other.start < stop for other in here):
                    continue
                reading = rule.build(match)
                if reading is not None:
                    here.append(Found(start, stop, rule.name, reading))
        found.extend(sorted(here, key=lambda item: item.start))
    return found
