"""One analysed article as highlighted HTML: paragraphs, clickable sentences, quotes with their
speakers, entities, figures and loaded words, each element carrying its offsets into the text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

from markupsafe import Markup

from newsprism.compare.voices import speaker_name
from newsprism.model import Doc
from newsprism.present.markup import Piece, render

PARAGRAPH_TAGS = {"title": "h3", "lead": "p", "heading": "h4", "body": "p"}
RANK = {"paragraph": 0, "sentence": 1, "quote": 2, "speaker": 3, "entity": 4, "figure": 5, "loaded": 6}
TOLD_BY = {
    "all": "told by every outlet: click to see it in the other articles",
    "some": "told by some outlets: click to see it in the other articles",
    "one": "told by more than one article of one outlet: click to see it in the others",
    "solo": "told by this article only",
}
APPROX = {
    "about": "about",
    "more": "more than",
    "less": "less than",
    "up_to": "up to",
    "at_least": "at least",
}


def _paragraphs(doc: Doc) -> Iterator[Piece]:
    for p in doc.paragraphs:
        yield Piece(p.start, p.stop, RANK["paragraph"], PARAGRAPH_TAGS[p.kind], {"class": p.kind})


def _sentences(doc: Doc, facts: Mapping[int, tuple[int, str]]) -> Iterator[Piece]:
    """Sentences; those that are statements carry their fact id and coverage (all, some, one)."""
    for s in doc.sentences:
        attrs = {"class": "s"}
        if s.start in facts:
            fact, coverage = facts[s.start]
            attrs = {
                "class": f"s {coverage}",
                "data-fact": str(fact),
                "title": TOLD_BY[coverage],
            }
        yield Piece(s.start, s.stop, RANK["sentence"], "span", attrs)


def quote_speakers(doc: Doc) -> dict[tuple[int, int], list[str]]:
    """The speakers of each quoted span (one span can be attributed to two speakers)."""
    out: dict[tuple[int, int], list[str]] = defaultdict(list)
    for quote in doc.quotes:
        name, _ = speaker_name(doc, quote)
        if name not in out[(quote.start, quote.stop)]:
            out[(quote.start, quote.stop)].append(name)
    return out


def _quotes(doc: Doc) -> Iterator[Piece]:
    speakers = quote_speakers(doc)
    seen: set[tuple[int, int]] = set()
    for quote in doc.quotes:
        key = (quote.start, quote.stop)
        if key in seen:
            continue
        seen.add(key)
        names = "; ".join(speakers[key])
        attrs = {
            "class": f"q {quote.kind}",
            "data-quote": f"{quote.group}",
            "data-speaker": names,
            "title": f"{quote.kind} quote of {names}",
        }
        yield Piece(quote.start, quote.stop, RANK["quote"], "mark", attrs)


def _speakers(doc: Doc) -> Iterator[Piece]:
    seen: set[tuple[int, int]] = set()
    for quote in doc.quotes:
        key = (quote.speaker_start, quote.speaker_stop)
        if quote.speaker_start < 0 or key in seen:
            continue
        seen.add(key)
        name = speaker_name(doc, quote)[0]
        attrs = {"class": "sp", "data-quote": f"{quote.group}", "title": f"speaker: {name}"}
        yield Piece(quote.speaker_start, quote.speaker_stop, RANK["speaker"], "mark", attrs)


def _entities(doc: Doc) -> Iterator[Piece]:
    for e in doc.entities:
        name = e.canonical or e.normal
        attrs = {
            "class": f"e {e.type}",
            "data-entity": name,
            "data-sentiment": str(e.sentiment),
            "title": f"{e.type}: {name} (sentiment {e.sentiment:+d})",
        }
        yield Piece(e.start, e.stop, RANK["entity"], "mark", attrs)


def figure_label(value: float, approx: str, high: float | None, unit: str, counted: str) -> str:
    """A figure as a short phrase: «about 50 страна-союзник», «10–12 %»."""
    number = f"{value:g}" if high is None else f"{value:g}–{high:g}"
    words = [APPROX.get(approx, ""), number, unit, counted]
    return " ".join(w for w in words if w)


def _figures(doc: Doc) -> Iterator[Piece]:
    for f in doc.figures:
        label = figure_label(f.value, f.approx, f.high, f.unit, f.counted)
        attrs = {"class": "fig", "data-value": f"{f.value:g}", "title": f"figure: {label}"}
        yield Piece(f.start, f.stop, RANK["figure"], "mark", attrs)


def _loaded(doc: Doc) -> Iterator[Piece]:
    for w in doc.evaluative:
        tone = "neg" if w.polarity < 0 else "pos"
        attrs = {
            "class": f"lw {tone}",
            "title": f"loaded word ({'negative' if w.polarity < 0 else 'positive'}): {w.lemma}",
        }
        yield Piece(w.start, w.stop, RANK["loaded"], "mark", attrs)


def article_html(doc: Doc, facts: Mapping[int, tuple[int, str]] | None = None) -> Markup:
    """The doc's text with every layer highlighted; `facts` maps a sentence's start offset to its
    fact id and coverage."""
    pieces = [
        *_paragraphs(doc),
        *_sentences(doc, facts or {}),
        *_quotes(doc),
        *_speakers(doc),
        *_entities(doc),
        *_figures(doc),
        *_loaded(doc),
    ]
    return render(doc.text, pieces)
