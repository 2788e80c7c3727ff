"""The layers of annotations a `Doc` carries: each a slots dataclass with `start`/`stop` character
offsets into the doc's text (`Annotation`), and `within`, which finds the items of a layer inside a
span (which tokens a sentence holds is computed so, never stored as links)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

__all__ = [
    "Annotation",
    "Approximation",
    "DateMention",
    "DatePrecision",
    "Entity",
    "EntityType",
    "Evaluative",
    "Figure",
    "MentionKind",
    "Paragraph",
    "ParagraphKind",
    "Quote",
    "QuoteKind",
    "Sentence",
    "Token",
    "within",
]

EntityType = Literal["PER", "LOC", "ORG"]
ParagraphKind = Literal["title", "lead", "heading", "body"]


class Annotation(Protocol):
    """Anything with character offsets into a text."""

    @property
    def start(self) -> int: ...

    @property
    def stop(self) -> int: ...


@dataclass(slots=True, frozen=True)
class Paragraph:
    start: int
    stop: int
    kind: ParagraphKind


@dataclass(slots=True, frozen=True)
class Sentence:
    start: int
    stop: int


@dataclass(slots=True)
class Token:
    """A word or punctuation mark; `feats` is in Universal Dependencies form, `Case=Nom|Number=Sing`."""

    start: int
    stop: int
    pos: str = ""
    feats: str = ""
    lemma: str = ""

    def feat(self, name: str) -> str | None:
        for pair in self.feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


MentionKind = Literal["name", "descriptor"]


@dataclass(slots=True)
class Entity:
    """A mention of a person, place or organisation.

    `normal` is the mention in the nominative («Фридриха Мерца» -> «Фридрих Мерц»); `canonical` is
    the full name it refers to within the article («Макрон», «французский лидер» -> «Эммануэль
    Макрон»), `normal` itself when nothing longer is known, and `link_rule` names the rule that
    linked it (the evidence for the link is the mention itself and that rule). `kind` says whether
    the mention is a name or a descriptor («глава государства»). `sentiment` is how the mention's
    sentence treats it (-1, 0, 1), with the model's `score` for that label.
    """

    start: int
    stop: int
    type: EntityType
    normal: str = ""
    canonical: str = ""
    kind: MentionKind = "name"
    sentiment: int = 0
    score: float = 0.0
    link_rule: str = ""


DatePrecision = Literal["day", "week", "month", "season", "year", "decade", "century"]


@dataclass(slots=True)
class DateMention:
    """A date, range or relative date in the text, normalised.

    `value` is ISO 8601: a date at its precision («2026-01-06», «2025-11», «2025») or an interval
    «2026-01-06/2026-01-07»; empty when a relative date has nothing to be resolved against.
    `part` narrows a fuzzy mention («в конце ноября» -> "end"); `relative` marks mentions resolved
    against the publication date («вчера», «во вторник»); `rule` names the rule that matched.
    """

    start: int
    stop: int
    value: str
    precision: DatePrecision
    part: str = ""
    relative: bool = False
    rule: str = ""


Approximation = Literal["exact", "about", "more", "less", "up_to", "at_least", "range"]


@dataclass(slots=True)
class Figure:
    """A number with what it counts: «около 50 стран-союзников» -> 50, about, "страна-союзник".

    `value` is the number as a float (thousands and millions expanded); `high` is the upper end of
    a range; `unit` is "%" or a currency code (RUB, USD, EUR) or a unit lemma, empty for counts;
    `counted` is the lemma of the counted noun, with its offsets in `noun_start`/`noun_stop`
    (-1 when none was found).
    """

    start: int
    stop: int
    value: float
    approx: Approximation = "exact"
    high: float | None = None
    unit: str = ""
    counted: str = ""
    noun_start: int = -1
    noun_stop: int = -1
    rule: str = ""


QuoteKind = Literal["direct", "indirect"]


@dataclass(slots=True)
class Quote:
    """Who said what: `start`/`stop` cover the quoted words (without quote marks) or, for reported
    speech, the reported clause. Pieces of one quote share a `group`. The speaker's span is
    `speaker_start`/`speaker_stop` (-1 when unknown), `speaker` the canonical name it resolves to
    (empty when it does not), `verb` the speech verb's lemma («заявить», «по словам» for phrases)."""

    start: int
    stop: int
    kind: QuoteKind
    speaker_start: int = -1
    speaker_stop: int = -1
    speaker: str = ""
    verb: str = ""
    group: int = 0
    rule: str = ""


@dataclass(slots=True)
class Evaluative:
    """A loaded or evaluative word or phrase («диктатор», «политический театр»), with polarity -1 or
    1, its lemma, and where the judgement came from ("rules", or a lexicon's name). `target_start`/
    `target_stop` are what it judges (-1 when nothing), found by `target_rule`: the mention of an
    entity, or a pronoun or an unnamed person or group the sentence names no other way;
    `in_quote` says it stands inside a quotation (the speaker's view, not the outlet's)."""

    start: int
    stop: int
    polarity: int
    lemma: str
    source: str = "rules"
    target_start: int = -1
    target_stop: int = -1
    target_rule: str = ""
    in_quote: bool = False


A = TypeVar("A", bound=Annotation)


def within(items: Sequence[A], start: int, stop: int) -> list[A]:
    """The items of a sequence sorted by `start` that lie inside [start, stop): a binary search
    for the first, then a scan up to `stop`, so looking up every sentence's tokens stays linear."""
    index = bisect_left(items, start, key=_start)
    found = []
    while index < len(items) and items[index].start < stop:
        if items[index].stop <= stop:
            found.append(items[index])
        index += 1
    return found


def _start(item: Annotation) -> int:
    return item.start
