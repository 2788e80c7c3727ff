"""Who each outlet lets speak, how much, and which sources it cites.

A voice is a speaker of the outlet's quotes: a person or organisation resolved to its canonical
name, or the speaker's own words in the nominative when they resolve to nothing («пресс-служба
французского президента»). Each voice counts its direct and indirect quotes and the characters
quoted. Sources are the voices that are organisations or are cited «со ссылкой на», «по данным»,
«сообщает»: the newspapers, agencies and press services an outlet relies on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsprism.analyse.entities.names import normalise
from newsprism.analyse.entities.step import mention_words
from newsprism.compare.framing import Span
from newsprism.model import Article, Doc, Quote, within

CITING_VERBS = frozenset({"со ссылкой на", "по данным", "сообщать", "писать", "передавать", "информировать"})
_SOURCE_WORDS = (
    "пресс-служб",
    "газет",
    "агентств",
    "издани",
    "источник",
    "телеканал",
    "министерств",
    "ведомств",
)


@dataclass(slots=True)
class Voice:
    outlet: str
    speaker: str
    kind: str  # "person", "organisation" or "other"
    direct: int = 0
    indirect: int = 0
    characters: int = 0
    quotes: list[Span] = field(default_factory=list)
    speaker_spans: list[Span] = field(default_factory=list)

    @property
    def is_source(self) -> bool:
        return self.kind == "organisation" or any(w in self.speaker.lower() for w in _SOURCE_WORDS)


def speaker_name(doc: Doc, quote: Quote) -> tuple[str, str]:
    """The speaker's name and kind: canonical when resolved, else the span in the nominative."""
    if quote.speaker_start < 0:
        return "unknown speaker", "other"
    inside = within(doc.entities, quote.speaker_start, quote.speaker_stop)
    if quote.speaker:
        kind = next(
            (
                "person" if e.type == "PER" else "organisation"
                for e in inside
                if (e.canonical or e.normal) == quote.speaker
            ),
            "person",
        )
        return quote.speaker, kind
    words = mention_words(doc, quote.speaker_start, quote.speaker_stop)
    text = normalise("ORG", words) if words else doc.text[quote.speaker_start : quote.speaker_stop]
    kind = "organisation" if any(e.type == "ORG" for e in inside) else "other"
    return text, kind


def voices(items: Sequence[tuple[Article, Doc]], outlet_of: dict[str, str]) -> list[Voice]:
    """The voices of each outlet, most quoted first."""
    found: dict[tuple[str, str], Voice] = {}
    for article, doc in items:
        outlet = outlet_of[article.id]
        seen_groups: set[tuple[int, str]] = set()
        for quote in doc.quotes:
            name, kind = speaker_name(doc, quote)
            if kind == "other" and quote.verb in CITING_VERBS:
                kind = "organisation" if any(w in name.lower() for w in _SOURCE_WORDS) else kind
            voice = found.setdefault((outlet, name), Voice(outlet, name, kind))
            if (quote.group, name) not in seen_groups:  # pieces of one quote count once
                seen_groups.add((quote.group, name))
                if quote.kind == "direct":
                    voice.direct += 1
                else:
                    voice.indirect += 1
            voice.characters += quote.stop - quote.start
            voice.quotes.append(Span(article.id, quote.start, quote.stop, doc.text[quote.start : quote.stop]))
            if quote.speaker_start >= 0:
                voice.speaker_spans.append(
                    Span(
                        article.id,
                        quote.speaker_start,
                        quote.speaker_stop,
                        doc.text[quote.speaker_start : quote.speaker_stop],
                    )
                )
    return sorted(
        found.values(), key=lambda v: (v.outlet, -(v.direct + v.indirect), -v.characters, v.speaker)
    )
