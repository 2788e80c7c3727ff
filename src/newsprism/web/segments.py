"""Text cut into segments at annotation boundaries, so overlapping annotations can all be shown.

Templates render each segment as an element whose classes name the annotations covering it; the
text itself is only ever inserted by an autoescaping template, never built into HTML here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from newsprism.model import Doc


@dataclass(slots=True, frozen=True)
class Mark:
    """One annotation: its layer (entity, date, figure, quote, evaluative, match), a label shown on
    hover, an optional link target, and a CSS class (the layer and, for entities, the type)."""

    start: int
    stop: int
    layer: str
    label: str
    css: str = ""
    href: str = ""


@dataclass(slots=True)
class Segment:
    start: int
    stop: int
    text: str
    marks: list[Mark] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "stop": self.stop,
            "text": self.text,
            "marks": [{"layer": m.layer, "label": m.label, "css": m.css, "href": m.href} for m in self.marks],
        }


def segments(text: str, offset: int, marks: Sequence[Mark]) -> list[Segment]:
    """`text` (starting at `offset` in its document) cut wherever a mark starts or stops."""
    stop = offset + len(text)
    inside = [m for m in marks if m.start < stop and m.stop > offset and m.start < m.stop]
    cuts = sorted(
        {offset, stop} | {max(offset, m.start) for m in inside} | {min(stop, m.stop) for m in inside}
    )
    result = []
    for left, right in pairwise(cuts):
        covering = [m for m in inside if m.start <= left and m.stop >= right]
        result.append(Segment(left, right, text[left - offset : right - offset], covering))
    return result


def doc_marks(doc: Doc, entity_href: str = "") -> list[Mark]:
    """Every annotation of a doc as a mark: entities, dates, figures, quotes and speakers,
    evaluative words. `entity_href` is a URL prefix the canonical name is appended to."""
    from urllib.parse import quote

    marks: list[Mark] = []
    for q in doc.quotes:
        label = (
            f"{q.kind} quote" + (f" — {q.speaker}" if q.speaker else "") + (f" ({q.verb})" if q.verb else "")
        )
        marks.append(Mark(q.start, q.stop, "quote", label, "quote"))
        if q.speaker_start >= 0:
            marks.append(Mark(q.speaker_start, q.speaker_stop, "speaker", f"speaker: {q.speaker}", "speaker"))
    for e in doc.entities:
        name = e.canonical or e.normal
        tone = {-1: "negative", 0: "neutral", 1: "positive"}.get(e.sentiment, "")
        label = f"{e.type}: {name}" + (f" ({e.kind})" if e.kind != "name" else "") + f", {tone}"
        href = entity_href + quote(name) if entity_href else ""
        marks.append(Mark(e.start, e.stop, "entity", label, f"entity {e.type} s{e.sentiment + 1}", href))
    for d in doc.dates:
        marks.append(Mark(d.start, d.stop, "date", f"date: {d.value or '?'} ({d.precision})", "date"))
    for f in doc.figures:
        what = f"{f.value:g}" + (f"–{f.high:g}" if f.high is not None else "")
        label = f"figure: {f.approx} {what} {f.unit} {f.counted}".strip()
        marks.append(Mark(f.start, f.stop, "figure", " ".join(label.split()), "figure"))
    for w in doc.evaluative:
        marks.append(
            Mark(w.start, w.stop, "evaluative", f"loaded word: {w.lemma} ({w.polarity:+d})", "loaded")
        )
    return sorted(marks, key=lambda m: (m.start, -m.stop))


def snippet(text: str, spans: Sequence[tuple[int, int]], width: int = 90) -> list[Segment]:
    """The part of `text` around the first span, the spans in it marked as matches."""
    if not spans:
        end = min(len(text), 2 * width)
        return [Segment(0, end, text[:end] + ("…" if end < len(text) else ""))]
    first = spans[0][0]
    left = max(0, text.rfind(" ", 0, max(0, first - width)) + 1) if first > width else 0
    right = text.find(" ", min(len(text), spans[0][1] + width))
    right = len(text) if right < 0 else right
    marks = [Mark(a, b, "match", "match", "match") for a, b in spans if a >= left and b <= right]
    found = segments(text[left:right], left, marks)
    if left > 0:
        found.insert(0, Segment(left, left, "…"))
    if right < len(text):
        found.append(Segment(right, right, "…"))
    return found
