"""Dates that disagree: two outlets dating one thing differently within one aligned fact.

A date of one outlet's statement is set against a date of another outlet's statement of the same
fact only when the two say what they date with a common word of their own clauses (up to a
comma, colon, bracket or «а»/«но»): «99% случаев выявят к 3 июня» and «99% заболевших выявят к 3
июля» share «выявить»; «турнир прервали 17 марта» and «соревнования приостановлены до 31 мая»
share nothing, and are two facts' dates. Clauses that both name entities, and none in common,
date different subjects («"Заря" вернётся к тренировкам 11 мая», «"Искра" вернётся на базу 6
мая»). A date told as an earlier state («Ранее открытие обещали к 20 июня», «…, хотя ранее
называли 8 августа») or in a statement of how a date was moved («срок перенесли с 20 июля на 7
августа») is history, not what the outlet says now, and is not compared. Dates whose days overlap
agree («в мае» and «4 мая»); two dates written without a year are compared by day and month, the
year each was given being a guess from its own article. One row per disagreement: the same two
values of the same two outlets are reported once, and each row points at the two dates' own
characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsprism.analyse.dates.values import first_day, last_day
from newsprism.compare.alignment import Fact
from newsprism.compare.figure_grounds import clause_bounds, clause_marks, story_names
from newsprism.compare.figure_times import overlap
from newsprism.compare.figures import agree, comparable
from newsprism.compare.framing import Span
from newsprism.compare.statements import CONTENT_POS, Statement
from newsprism.model import DateMention, Doc, Figure, Token, within

__all__ = ["DateDifference", "date_differences"]


@dataclass(slots=True)
class DateDifference:
    """Two statements of one fact that give different dates: `a` and `b` are the dates' spans."""

    fact: int
    a: Span
    a_value: str
    b: Span
    b_value: str


# Words of a clause that say nothing of what a date dates.
_GENERIC = frozenset(
    {"быть", "стать", "год", "месяц", "число", "день", "этот", "тот", "весь", "свой", "который",
     "такой", "также", "уже", "еще", "только", "сообщать", "сообщить", "заявить", "сказать",
     "говорить", "ранее", "позднее", "позже", "срок", "дата"}
)  # fmt: skip
# A statement of an earlier state, or of a date that was moved.
_EARLIER = frozenset({"ранее", "изначально", "первоначально", "сначала", "прежде"})
_CONTRAST = frozenset({"хотя", "но", "а", "однако"})
_MOVED = frozenset({"перенести", "переносить", "сдвинуть", "сдвигать", "скорректировать", "отложить"})


_AS_OF = re.compile(r"(?:^|\W)[нН]а\s+$")
_VERB = frozenset({"VERB"})
_CONTENT = CONTENT_POS - {"NUM"}


@dataclass(slots=True, frozen=True)
class _Dated:
    statement: Statement
    mention: DateMention
    words: frozenset[str]  # the verbs of the date's clause, else its content words
    has_verb: bool
    named: frozenset[str]  # the story-wide names of the date's clause's entities
    figures: tuple[Figure, ...]  # the figures of the date's clause
    as_of: bool  # a state at a day: «на 1 апреля», «по состоянию на 1 апреля»
    outlet: str


def _clause(doc: Doc, tokens: list[Token], mention: DateMention) -> tuple[list[Token], list[Token]]:
    """The tokens of the date's clause before and after it."""
    first = next((n for n, t in enumerate(tokens) if t.stop > mention.start), len(tokens))
    last = next((n for n, t in enumerate(tokens) if t.start >= mention.stop), len(tokens))
    begin, end = clause_bounds(clause_marks(doc, tokens), first, last, len(tokens))
    return tokens[begin:first], tokens[last:end]


def _words(tokens: list[Token], pos: frozenset[str]) -> frozenset[str]:
    return frozenset(
        t.lemma.lower()
        for t in tokens
        if t.pos in pos and t.lemma.lower() not in _GENERIC and not t.lemma[:1].isdigit()
    )


def _dated(
    statement: Statement, doc: Doc, outlet: str, canonical_of: Mapping[str, str] | None
) -> list[_Dated]:
    found = within(doc.dates, statement.start, statement.stop)
    mentions = [d for d in found if d.value and d.value[0] != "-"]  # «--05-04»: no year to compare
    if not mentions:
        return []
    tokens = within(doc.tokens, statement.start, statement.stop)
    moved = len(mentions) > 1 and any(t.lemma.lower() in _MOVED for t in tokens)
    out = []
    for mention in mentions:
        if moved or _recalled(doc, tokens, mention):
            continue
        before, after = _clause(doc, tokens, mention)
        clause = before + after
        verbs = _words(clause, _VERB)
        words = verbs or _words(clause, _CONTENT)
        low = (before or after or tokens)[0].start
        high = (after or before or tokens)[-1].stop
        figures = tuple(
            f for f in within(doc.figures, low, high) if f.stop <= mention.start or f.start >= mention.stop
        )
        as_of = bool(_AS_OF.search(doc.text[max(0, mention.start - 4) : mention.start]))
        as_of = as_of or doc.text[mention.start : mention.start + 3].lower() == "на "
        named = frozenset().union(*story_names(within(doc.entities, low, high), canonical_of))
        out.append(_Dated(statement, mention, words, bool(verbs), named, figures, as_of, outlet))
    return out


def _recalled(doc: Doc, tokens: list[Token], mention: DateMention) -> bool:
    """Whether an earlier state is told before the date, since the last «хотя», «но», «а»:
    «закончится 12 августа, хотя ранее называли 8 августа» recalls 8 August, not 12."""
    for token in reversed([t for t in tokens if t.stop <= mention.start]):
        word = token.lemma.lower()
        if word in _EARLIER:
            return True
        if word in _CONTRAST:
            return False
    return False


def _same_thing(a: _Dated, b: _Dated) -> bool:
    """Whether two dates date one thing: their clauses share a verb («выявят к 3 июня», «будут
    выявлены к 3 июля»; content words where a clause has none), clauses that both name entities
    name one in common, and where both clauses give figures of one kind, at least two of them
    agree (97% by one day and 99% by another are two milestones, not one dated twice)."""
    if a.has_verb != b.has_verb or not a.words & b.words:
        return False
    if a.named and b.named and not a.named & b.named:
        return False  # «"Заря" вернётся к тренировкам 11 мая», «"Искра" вернётся на базу 6 мая»
    pairs = [
        (x, y) for x in a.figures for y in b.figures if comparable(x, y) or (x.unit and x.unit == y.unit)
    ]
    return not pairs or any(agree(x, y) for x, y in pairs)


def _guessed_year(mention: DateMention) -> bool:
    return ":year_" in mention.rule


def _days(item: _Dated) -> tuple[date, date] | None:
    """The first and last day a date covers; a state «на 1 апреля» («по состоянию на») is also the
    end of the day before, so it agrees with «в марте»."""
    first, last = first_day(item.mention.value), last_day(item.mention.value)
    if first is None or last is None:
        return None
    return (first - timedelta(days=1) if item.as_of else first), last


def _agree(a: _Dated, b: _Dated) -> bool:
    x, y = a.mention, b.mention
    if _guessed_year(x) and _guessed_year(y) and "/" not in x.value + y.value:
        day_x, day_y = x.value[4:], y.value[4:]  # «-01-09» and «-01»: 9 January is in January
        if day_x.startswith(day_y) or day_y.startswith(day_x):
            return True
    left, right = _days(a), _days(b)
    if left is None or right is None:
        return overlap(x.value, y.value)
    return left[0] <= right[1] and right[0] <= left[1]


def _span(item: _Dated, doc: Doc) -> Span:
    m = item.mention
    return Span(item.statement.article_id, m.start, m.stop, doc.text[m.start : m.stop])


def _unmatched(left: list[_Dated], right: list[_Dated]) -> list[tuple[_Dated, _Dated]]:
    """The pairs of dates of two statements of different outlets that no date of the other
    statement agrees with: «банки в марте заняли рекордную с 2014 года сумму» and «банки заняли
    рекордную с 2014 года сумму» share 2014, and March is then told by one of them only."""
    if not left or not right or left[0].outlet == right[0].outlet:
        return []
    alone_left = [a for a in left if not any(_agree(a, b) for b in right)]
    alone_right = [b for b in right if not any(_agree(a, b) for a in left)]
    return [(a, b) for a in alone_left for b in alone_right]


def date_differences(
    facts: Sequence[Fact],
    docs: Mapping[str, Doc],
    outlet_of: Mapping[str, str],
    canonical_of: Mapping[str, str] | None = None,
) -> list[DateDifference]:
    """The dates that differ between outlets' statements of one fact, one row per disagreement
    (entities compared by their story-wide names, `canonical_of`)."""
    out: list[DateDifference] = []
    seen: set[tuple[str, str, str, str]] = set()
    for fact in facts:
        dated = [
            _dated(s, docs[s.article_id], outlet_of[s.article_id], canonical_of)
            for s in fact.statements
            if s.article_id in docs
        ]
        for i, left in enumerate(dated):
            for right in dated[i + 1 :]:
                for a, b in _unmatched(left, right):
                    if not _same_thing(a, b):
                        continue
                    once = (a.outlet, a.mention.value, b.outlet, b.mention.value)
                    if once in seen or (once[2], once[3], once[0], once[1]) in seen:
                        continue
                    seen.add(once)
                    span_a, span_b = (
                        _span(a, docs[a.statement.article_id]),
                        _span(b, docs[b.statement.article_id]),
                    )
                    out.append(DateDifference(fact.id, span_a, a.mention.value, span_b, b.mention.value))
    return out
