"""The words of a story's view that are built in Python rather than in its template: an
undated article's bounds and the notes of figure pairs, in the page's language (`i18n`)."""

from __future__ import annotations

from newsprism.present.i18n import _


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
