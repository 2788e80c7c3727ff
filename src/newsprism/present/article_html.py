"""One analysed article as highlighted HTML: paragraphs, clickable sentences, quotes with their
speakers, entities, figures and loaded words, each element carrying its offsets into the text.

The one highlighter of the report and of the web story page. It reads only the stored analysis
(`Doc`) and, for the names of speakers, the stored comparison's voices (`Speakers`): rendering
never runs a language model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from newsprism.model import Doc, Quote
from newsprism.present.i18n import N_, _, number
from newsprism.present.markup import Piece, render

PARAGRAPH_TAGS = {"title": "h3", "lead": "p", "heading": "h4", "body": "p"}
RANK = {
    "paragraph": 0,
    "sentence": 1,
    "quote": 2,
    "speaker": 3,
    "entity": 4,
    "date": 5,
    "figure": 6,
    "loaded": 7,
}
TOLD_BY = {
    "all": N_("told by every outlet: click to see it in the other articles"),
    "some": N_("told by some outlets: click to see it in the other articles"),
    "one": N_("told by more than one article of one outlet: click to see it in the others"),
    "solo": N_("told by this article only"),
}
APPROX = {
    "about": N_("about"),
    "more": N_("more than"),
    "less": N_("less than"),
    "up_to": N_("up to"),
    "at_least": N_("at least"),
}
QUOTE_OF = {"direct": N_("direct quote of %(name)s"), "indirect": N_("indirect quote of %(name)s")}


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
                "title": _(TOLD_BY[coverage]),
            }
        yield Piece(s.start, s.stop, RANK["sentence"], "span", attrs)


@dataclass(slots=True)
class Speakers:
    """Who speaks in one article, as the comparison's voices name them: the speakers of each
    quoted span (one span can have two) and the name of each speaker span, by (start, stop)."""

    quotes: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    spans: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, speaker: str, quotes: Iterable[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> None:
        for key in quotes:
            names = self.quotes.setdefault(key, [])
            if speaker not in names:
                names.append(speaker)
        for key in spans:
            self.spans.setdefault(key, speaker)

    def of_quote(self, doc: Doc, quote: Quote) -> list[str]:
        return self.quotes.get((quote.start, quote.stop)) or [self.of_speaker(doc, quote)]

    def of_speaker(self, doc: Doc, quote: Quote) -> str:
        """The voice's name; without one, the resolved speaker or the speaker's own words."""
        if quote.speaker_start < 0:
            return quote.speaker or _("unknown speaker")
        found = self.spans.get((quote.speaker_start, quote.speaker_stop))
        return found or quote.speaker or doc.text[quote.speaker_start : quote.speaker_stop]


def _quotes(doc: Doc, speakers: Speakers) -> Iterator[Piece]:
    seen: set[tuple[int, int]] = set()
    names_of: dict[tuple[int, int], list[str]] = {}
    for quote in doc.quotes:
        for name in speakers.of_quote(doc, quote):
            names = names_of.setdefault((quote.start, quote.stop), [])
            if name not in names:
                names.append(name)
    for quote in doc.quotes:
        key = (quote.start, quote.stop)
        if key in seen:
            continue
        seen.add(key)
        joined = "; ".join(names_of[key])
        attrs = {
            "class": f"q {quote.kind}",
            "data-quote": f"{quote.group}",
            "data-speaker": joined,
            "title": _(QUOTE_OF.get(quote.kind, QUOTE_OF["indirect"])) % {"name": joined},
        }
        yield Piece(quote.start, quote.stop, RANK["quote"], "mark", attrs)


def _speakers(doc: Doc, speakers: Speakers) -> Iterator[Piece]:
    seen: set[tuple[int, int]] = set()
    for quote in doc.quotes:
        key = (quote.speaker_start, quote.speaker_stop)
        if quote.speaker_start < 0 or key in seen:
            continue
        seen.add(key)
        name = speakers.of_speaker(doc, quote)
        title = _("speaker: %(name)s") % {"name": name}
        attrs = {"class": "sp", "data-quote": f"{quote.group}", "title": title}
        yield Piece(quote.speaker_start, quote.speaker_stop, RANK["speaker"], "mark", attrs)


ENTITY_TYPE = {"PER": N_("person"), "ORG": N_("organisation"), "LOC": N_("place")}


def _entities(doc: Doc, entity_href: Callable[[str], str] | None) -> Iterator[Piece]:
    for e in doc.entities:
        name = e.canonical or e.normal
        attrs = {
            "class": f"e {e.type}",
            "data-entity": name,
            "data-sentiment": str(e.sentiment),
            "title": _("%(type)s: %(name)s (sentiment %(value)s)")
            % {"type": _(ENTITY_TYPE.get(e.type, e.type)), "name": name, "value": f"{e.sentiment:+d}"},
        }
        if entity_href is None:
            yield Piece(e.start, e.stop, RANK["entity"], "mark", attrs)
        else:
            yield Piece(e.start, e.stop, RANK["entity"], "a", attrs | {"href": entity_href(name)})


def _dates(doc: Doc) -> Iterator[Piece]:
    for d in doc.dates:
        title = _("date: %(value)s") % {"value": d.value or _("not resolved")}
        attrs = {"class": "dt", "data-value": d.value, "title": title}
        yield Piece(d.start, d.stop, RANK["date"], "mark", attrs)


def figure_label(value: float, approx: str, high: float | None, unit: str, counted: str) -> str:
    """A figure as a short phrase in the page's language: «about 50 страна-союзник», «10–12 %»,
    «около 2,3 миллиарда EUR»."""
    amount = number(value) if high is None else f"{number(value)}–{number(high)}"
    words = [_(APPROX[approx]) if approx in APPROX else "", amount, unit, counted]
    return " ".join(w for w in words if w)


def _figures(doc: Doc) -> Iterator[Piece]:
    for f in doc.figures:
        label = figure_label(f.value, f.approx, f.high, f.unit, f.counted)
        title = _("figure: %(value)s") % {"value": label}
        attrs = {"class": "fig", "data-value": f"{f.value:g}", "title": title}
        yield Piece(f.start, f.stop, RANK["figure"], "mark", attrs)


def _loaded(doc: Doc) -> Iterator[Piece]:
    for w in doc.evaluative:
        tone = "neg" if w.polarity < 0 else "pos"
        negative = w.polarity < 0
        title = _("loaded word (negative): %(word)s") if negative else _("loaded word (positive): %(word)s")
        attrs = {"class": f"lw {tone}", "title": title % {"word": w.lemma}}
        yield Piece(w.start, w.stop, RANK["loaded"], "mark", attrs)


def article_html(
    doc: Doc,
    facts: Mapping[int, tuple[int, str]] | None = None,
    speakers: Speakers | None = None,
    *,
    entity_href: Callable[[str], str] | None = None,
    dates: bool = False,
) -> Markup:
    """The doc's text with every layer highlighted; `facts` maps a sentence's start offset to its
    fact id and coverage, `speakers` names the speakers of its quotes (else their own words).
    The web's article page also links each entity to its page (`entity_href(name)`, a local URL)
    and marks the dates."""
    speakers = speakers or Speakers()
    pieces = [
        *_paragraphs(doc),
        *_sentences(doc, facts or {}),
        *_quotes(doc, speakers),
        *_speakers(doc, speakers),
        *_entities(doc, entity_href),
        *(_dates(doc) if dates else ()),
        *_figures(doc),
        *_loaded(doc),
    ]
    return render(doc.text, pieces)
