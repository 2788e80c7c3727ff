"""The words of a story's view that are built in Python rather than in its template: an
undated article's bounds and the notes of figure pairs, in the page's language (`i18n`)."""

from __future__ import annotations

import re

from newsprism.present.i18n import N_, _


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


NOTES = {
    "the same figure": N_("the same figure"),
    "different wording, no contradiction: both can be true": N_(
        "different wording, no contradiction: both can be true"
    ),
    "different figures for the same time": N_("different figures for the same time"),
    "different figures": N_("different figures"),
}
_DIFFERENT_TIMES = re.compile(
    r"different times \((?P<a>[^)]*) and (?P<b>[^)]*)\): a change, not a contradiction"
)


def note_label(note: str) -> str:
    """A figure pair's stored note (English, `compare.figures`) in the page's language."""
    if note in NOTES:
        return _(NOTES[note])
    found = _DIFFERENT_TIMES.fullmatch(note)
    if found:
        return _("different times (%(a)s and %(b)s): a change, not a contradiction") % found.groupdict()
    return note
