"""One way to run the rules of every family (entities, links, dates, figures, quotes) and to say
which fired.

A rule is a named function (its `__name__`; a rule made as an object, like a date pattern, has a
`name`). A family keeps its rules in an ordered tuple, and the runner applies them in razdel's
shape, in one of three ways:

- `first(rules, *args)`: each rule in order; the first answer that is not empty decides («—
  сказал министр» after a quote attributes it, so no later rule is asked; «3 000 человек» finds its
  unit in `counted_noun`; a year «2026» is dropped by the first exclusion that matches);
- `each(rules, *args)`: every rule's answers, rule by rule (reported speech in one sentence;
  date patterns, where an earlier rule's span wins an overlap);
- `through(rules, context, value, trace)`: the value passed from one rule to the next (the corrections of
  the NER's mentions, each rule taking the list the one before returned).

Whatever fires goes into a `Trace` of (rule, start, stop). Every rule step has `explain(doc)` in
the same shape, [(rule, the text it fired on)]:

    >>> ExtractFigures().explain(doc)  # doc: «Около 50 стран прислали 3 000 человек.», lemmatised
    [('approx:около', 'Около 50 стран'), ('counted_noun', 'Около 50 стран'),
     ('counted_noun', '3 000 человек')]

for «why is this an organisation / a date / not a figure / this speaker's quote?».
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import ParamSpec, TypeVar

from newsprism.model import Doc

P = ParamSpec("P")
T = TypeVar("T")
V = TypeVar("V")
C = TypeVar("C")

Fired = tuple[str, int, int]  # the rule's name, the span it fired on
Trace = list[Fired]


def name_of(rule: object) -> str:
    """A rule's name: its `name` attribute, else the function's name."""
    name = getattr(rule, "name", None)
    return name if isinstance(name, str) else str(getattr(rule, "__name__", type(rule).__name__))


def first(rules: Iterable[Callable[P, T | None]], *args: P.args, **kwargs: P.kwargs) -> tuple[str, T] | None:
    """The first rule, in order, whose answer is not empty (None, False, ""), with that answer."""
    for rule in rules:
        answer = rule(*args, **kwargs)
        if answer:
            return name_of(rule), answer
    return None


def each(
    rules: Iterable[Callable[P, Iterable[T]]], *args: P.args, **kwargs: P.kwargs
) -> Iterator[tuple[str, T]]:
    """Every rule's answers, rule by rule in order, each with the name of its rule. Lazy: a caller
    that keeps what it has taken sees it before the next rule runs."""
    for rule in rules:
        name = name_of(rule)
        for answer in rule(*args, **kwargs):
            yield name, answer


def through(rules: Iterable[Callable[[C, V, Trace], V]], context: C, value: V, trace: Trace) -> V:
    """`value` handed to each rule in order with the context, each rule's result going to the next."""
    for rule in rules:
        value = rule(context, value, trace)
    return value


def texts(trace: Trace, text: str) -> list[tuple[str, str]]:
    """The trace as (rule, the text it fired on)."""
    return [(rule, text[start:stop]) for rule, start, stop in trace]


class Explained:
    """What a rule step adds to `Step` (listed before it: `class ExtractDates(Explained, Step)`):
    `traced(doc, trace)` does the step's work on the doc and records what fired, `process` is
    that with a trace nobody reads, and `explain(doc)` does it on a copy and returns what fired
    with its text. A step that batches overrides `pipe` as before."""

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        raise NotImplementedError

    def process(self, doc: Doc) -> Doc:
        """The step's work: `traced` with a trace nobody reads."""
        return self.traced(doc, [])

    def explain(self, doc: Doc) -> list[tuple[str, str]]:
        """Each rule that fired on the doc, in the order it fired, with the text it fired on. The
        doc must carry the layers the step requires; it is not changed."""
        trace: Trace = []
        self.traced(copy.deepcopy(doc), trace)
        return texts(trace, doc.text)
