"""How each outlet names and judges each key actor of a story.

For a canonical entity and an outlet: the namings it uses (the title or descriptor with the name,
«Президент России Владимир Путин» against «российский диктатор», in the nominative), its tone
toward the entity (`newsprism.tone`: the mean label of its own mentions, those inside quotations
counted apart as the speakers' view), the loaded words that judge the entity, and the quotes that
speak about the entity, with their speakers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsprism.analyse.entities.names import normalise
from newsprism.analyse.entities.step import mention_words
from newsprism.analyse.evaluative import Naming, namings
from newsprism.model import Article, Doc, Entity, Evaluative, within
from newsprism.text import name_key
from newsprism.tone import Tone, direct_quotes

MAX_KEY_ENTITIES = 8


def canonical_key(name: str) -> str:
    return name_key(name)


@dataclass(slots=True)
class Span:
    """A piece of an article's text."""

    article_id: str
    start: int
    stop: int
    text: str


@dataclass(slots=True)
class OutletFraming:
    outlet: str
    mentions: int = 0
    namings: Counter[str] = field(default_factory=Counter)
    naming_spans: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    labels: Counter[int] = field(default_factory=Counter)  # of its own mentions
    quoted_labels: Counter[int] = field(default_factory=Counter)  # of its mentions inside quotations
    loaded: list[tuple[Span, int]] = field(default_factory=list)  # word, polarity
    quoted_about: list[tuple[str, Span]] = field(default_factory=list)  # speaker, quote

    @property
    def tone(self) -> Tone:
        own, quoted = self.labels, self.quoted_labels
        return Tone(own[-1], own[0], own[1], quoted[-1], quoted[0], quoted[1])

    @property
    def sentiment(self) -> float:
        return self.tone.sentiment


@dataclass(slots=True)
class EntityFraming:
    name: str
    type: str
    outlets: dict[str, OutletFraming] = field(default_factory=dict)

    @property
    def spread(self) -> float:
        """How far apart the outlets judge the entity: max minus min sentiment."""
        values = [o.sentiment for o in self.outlets.values() if o.tone.mentions]
        return round(max(values) - min(values), 3) if len(values) > 1 else 0.0


def naming_text(doc: Doc, entity: Entity, start: int) -> str:
    """The naming in the nominative: «с российским диктатором Владимиром Путиным» -> «российский
    диктатор Владимир Путин»; a bare name is its canonical name. A title or descriptor starts in
    lower case even where it opens a sentence («Президент России …» -> «президент России …»)."""
    if start == entity.start and entity.kind == "name":
        return entity.canonical or entity.normal
    title = normalise("ORG", mention_words(doc, start, entity.start)).strip() if start < entity.start else ""
    name = (entity.canonical or entity.normal) if entity.kind == "name" else entity.normal
    naming = f"{title} {name}".strip() if title else name
    first_word = (doc.text[start : entity.stop].split() or [""])[0]
    inside_a_name = any(e.kind == "name" and e.start <= start < e.stop for e in doc.entities)
    if not inside_a_name and not first_word.isupper():
        naming = naming[:1].lower() + naming[1:]
    return naming


def loaded_word_targets(doc: Doc, named: dict[int, Naming]) -> dict[int, list[Evaluative]]:
    """Each loaded word goes to the entity mention it judges by the syntax of its sentence
    (`analyse.evaluative.judged`: «Эрикссон позвонил диктатору» judges nobody named there, not Эрикссон);
    a word that judges no entity goes to none. Analyses made before that step: the mention whose
    naming holds the word, else the nearest in its sentence."""
    out: dict[int, list[Evaluative]] = defaultdict(list)
    if "judged_targets" in doc.steps:
        by_span = {(e.start, e.stop): index for index, e in enumerate(doc.entities)}
        for word in doc.evaluative:
            index = by_span.get((word.target_start, word.target_stop))
            if index is not None:
                out[index].append(word)
        return out
    for word in doc.evaluative:
        sentence = next((s for s in doc.sentences if s.start <= word.start < s.stop), None)
        if sentence is None:
            continue
        candidates = [i for i, n in named.items() if sentence.start <= n.start < sentence.stop]
        if candidates:
            out[min(candidates, key=lambda i: _distance(named[i], word))].append(word)
    return out


def _distance(naming: Naming, word: Evaluative) -> int:
    if naming.start <= word.start and word.stop <= naming.stop:
        return -1
    return naming.start - word.stop if word.stop <= naming.start else word.start - naming.stop


def key_entities(
    docs: Sequence[Doc], canonical_of: dict[str, str], limit: int = MAX_KEY_ENTITIES
) -> list[tuple[str, str]]:
    """The story's key actors: (name, type) of the entities named by the most articles, then most often."""
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for entity in doc.entities:
            key = (
                canonical_of.get(
                    canonical_key(entity.canonical or entity.normal), entity.canonical or entity.normal
                ),
                entity.type,
            )
            articles[key].add(doc.article_id)
            counts[key] += 1
    ranked = sorted(counts, key=lambda k: (-len(articles[k]), -counts[k], k))
    return ranked[:limit]


def frame_entities(
    items: Sequence[tuple[Article, Doc]],
    outlet_of: dict[str, str],
    canonical_of: dict[str, str],
    keys: Sequence[tuple[str, str]],
) -> list[EntityFraming]:
    """The framing of each key entity by each outlet."""
    framings = {key: EntityFraming(key[0], key[1]) for key in keys}
    for article, doc in items:
        outlet = outlet_of[article.id]
        named = namings(doc)
        target_of_word = loaded_word_targets(doc, named)
        quotes = direct_quotes(doc)
        for index, entity in enumerate(doc.entities):
            name = canonical_of.get(
                canonical_key(entity.canonical or entity.normal), entity.canonical or entity.normal
            )
            framing = framings.get((name, entity.type))
            if framing is None:
                continue
            view = framing.outlets.setdefault(outlet, OutletFraming(outlet))
            view.mentions += 1
            naming = named[index]
            label = naming_text(doc, entity, naming.start)
            view.namings[label] += 1
            view.naming_spans[label].append(
                Span(article.id, naming.start, naming.stop, doc.text[naming.start : naming.stop])
            )
            quoted = any(start <= entity.start and entity.stop <= stop for start, stop in quotes)
            (view.quoted_labels if quoted else view.labels)[entity.sentiment] += 1
            for word in target_of_word.get(index, []):
                view.loaded.append(
                    (Span(article.id, word.start, word.stop, doc.text[word.start : word.stop]), word.polarity)
                )
        for quote in doc.quotes:
            inside = within(doc.entities, quote.start, quote.stop)
            speaker = quote.speaker or (
                doc.text[quote.speaker_start : quote.speaker_stop] if quote.speaker_start >= 0 else ""
            )
            for entity in inside:
                name = canonical_of.get(
                    canonical_key(entity.canonical or entity.normal), entity.canonical or entity.normal
                )
                framing = framings.get((name, entity.type))
                if framing is None or canonical_key(speaker) == canonical_key(name):
                    continue
                view = framing.outlets.setdefault(outlet, OutletFraming(outlet))
                span = Span(article.id, quote.start, quote.stop, doc.text[quote.start : quote.stop])
                if all(
                    s.start != span.start or s.article_id != span.article_id for _, s in view.quoted_about
                ):
                    view.quoted_about.append((speaker or "unknown speaker", span))
    return [framings[key] for key in keys]
