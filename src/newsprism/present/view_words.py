"""The words of a story's view that are built in Python rather than in its template: an
undated article's bounds, the notes of figure pairs, the name of an article with no known outlet
and the months of a chart, in the page's language (`i18n`)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from newsprism.compare.statements import UNKNOWN_OUTLET
from newsprism.present.i18n import CURRENT, _, ngettext


def outlet_label(label: str) -> str:
    """An outlet's name as shown: itself, or for an article that names none its source in the
    page's language: «outlet unknown (notes.txt)» → «издание неизвестно (notes.txt)». The
    comparison keys its columns by the English label (`compare.statements.source_label`)."""
    if label == UNKNOWN_OUTLET:
        return _("outlet unknown")
    if label.startswith(UNKNOWN_OUTLET + " (") and label.endswith(")"):
        return _("outlet unknown (%(source)s)") % {"source": label[len(UNKNOWN_OUTLET) + 2 : -1]}
    return label


def tone_label(sentiment: float, mentions: int) -> str:
    """A tone with the mentions behind it: "−0.37 (8 mentions)", «+1,00 (1 упоминание)»."""
    count = ngettext("%(num)d mention", "%(num)d mentions", mentions) % {"num": mentions}
    return f"{format_decimal(sentiment, '+0.00;-0.00', locale=CURRENT.get())} ({count})"


def month_label(month: date) -> str:
    """A chart's month as the page's language writes it: "May 2020", «май 2020»."""
    return format_date(month, "LLL y", locale=CURRENT.get())


def when_label(published: bool, when: str, before: str = "") -> str:
    """The date shown for an article: its publication day, or, without one, the bounds its text
    proves: «written between 2025-01-01 and 2025-02-28», «not before 2025-01-01», «not after
    2025-02-28» (`when` is the lower bound, `before` the upper; bounds, not dates)."""
    if published:
        return when
    if when and before:
        between = _("written between %(first)s and %(last)s")
        return when if when == before else between % {"first": when, "last": before}
    if when:
        return _("not before %(day)s") % {"day": when}
    return _("not after %(day)s") % {"day": before} if before else ""


def note_label(status: str, a_time: str, b_time: str) -> str:
    """What a pair of figures means, in the page's language, from its status and the times the
    two figures refer to (the words `compare.figures` stores as the pair's note, in English)."""
    if status == "agree":
        return _("the same figure")
    if status == "compatible":
        return _("different wording, no contradiction: both can be true")
    if status == "different_times":
        note = _("different times (%(a)s and %(b)s): a change, not a contradiction")
        return note % {"a": a_time, "b": b_time}
    return _("different figures for the same time") if a_time and b_time else _("different figures")
