"""Finding dates: `find_dates` runs the named rules of `rules` over the sentences, each rule only
where its triggers are (a digit, a month name ...: a few substring searches of the whole text,
much cheaper than running every pattern everywhere)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from newsprism.analyse.dates.readings import FoundDate
from newsprism.analyse.dates.rules import RULES, TRIGGERS, DateRule
from newsprism.analyse.rule_runner import Trace, each

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


def find_dates(
    text: str,
    spans: Sequence[tuple[int, int]] | None = None,
    rules: Sequence[DateRule] = RULES,
    trace: Trace | None = None,
) -> list[FoundDate]:
    """Every date the rules read in `text`, in text order; earlier rules win overlaps. With `spans`
    (sentences, in order) only those parts are read, and no date crosses their borders; with
    `trace`, each date is recorded there under its rule."""
    spans = [(0, len(text))] if spans is None else spans
    lowered = _lower(text)
    found: list[FoundDate] = []
    for (span_start, span_stop), present in zip(spans, triggers(lowered, spans), strict=True):
        if not present:
            continue
        here: list[FoundDate] = []
        asked = [rule for rule in rules if rule.needs <= present]
        for name, (start, stop, reading) in each(asked, lowered, span_start, span_stop):
            if not any(start < other.stop and other.start < stop for other in here):
                here.append(FoundDate(start, stop, name, reading))
        found.extend(sorted(here, key=lambda item: item.start))
    if trace is not None:
        trace.extend((item.rule, item.start, item.stop) for item in found)
    return found
