"""One story seen through every outlet: the comparison that `story`, `report` and the web app show.

`compare_story` runs the parts in order: statements of each article → aligned facts (shared,
partial, unique) → figures with their times and disagreements → dates that differ within a fact
→ framing of the key entities per outlet → voices and sources → headline checks → summary.
`export.comparison_dict` is the JSON of `newsprism story ID --json` (schema in docs/comparison.md);
every span in it is an article id with character offsets into that article's text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newsprism.compare.alignment import Fact, align
from newsprism.compare.date_differences import DateDifference, date_differences
from newsprism.compare.figure_grounds import (
    clause_overlap,
    figure_contexts,
    same_fact,
    same_measure,
    same_subject,
)
from newsprism.compare.figure_times import TimedFigure, timed_figures
from newsprism.compare.figures import FigureComparison, compare_figures
from newsprism.compare.framing import EntityFraming, canonical_key, frame_entities, key_entities
from newsprism.compare.record import SCHEMA_VERSION as SCHEMA_VERSION  # where the stored record reads it
from newsprism.compare.statements import Statement, source_label, statements_of
from newsprism.compare.summary import HeadlineCheck, Summary, check_headline, summarise
from newsprism.compare.voices import Voice, voices
from newsprism.model import Article, Doc, Publication, Story, within
from newsprism.store.base import Mention
from newsprism.stories.entities import canonical_entities


@dataclass(slots=True)
class Comparison:
    story: Story
    articles: list[tuple[Article, Doc]]
    outlet_of: dict[str, str]
    event_of: dict[str, str]
    when: dict[str, str]
    statements: dict[str, list[Statement]]
    facts: list[Fact]
    figures: list[FigureComparison]
    dates: list[DateDifference]
    framing: list[EntityFraming]
    voices: list[Voice]
    headlines: list[HeadlineCheck]
    summary: Summary
    total: int = 0  # the story's articles; more than `len(articles)` when only a sample was compared
    # Other outlets that published an article's very text (its other publications), by article id.
    also_in: dict[str, list[str]] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)  # per article, statements not compared

    @property
    def outlets(self) -> list[str]:
        return sorted({o for a in self.outlet_of for o in self.outlets_of(a)})

    def outlets_of(self, article_id: str) -> list[str]:
        """Every outlet that published this article: the one it is compared as, then the others."""
        return [self.outlet_of[article_id], *self.also_in.get(article_id, ())]

    def fact_outlets(self, fact: Fact) -> list[str]:
        return sorted({o for a in fact.article_ids for o in self.outlets_of(a)})

    def coverage(self, fact: Fact) -> str:
        """ "all" outlets tell the fact, "some" of them, or only "one"."""
        count = len(self.fact_outlets(fact))
        return "one" if count == 1 else "all" if count == len(self.outlets) else "some"


def _article_date(article: Article, doc: Doc) -> str:
    return article.published.date().isoformat() if article.published else ""


def _canonical_names(items: Sequence[tuple[Article, Doc]]) -> dict[str, str]:
    """Each canonical name's key -> the story-wide canonical name («Макрон» -> «Эммануэль Макрон»)."""
    mentions = [
        Mention(a.id, e.start, e.stop, e.type, e.normal, e.canonical, e.kind, e.link_rule, e.sentiment)
        for a, d in items
        for e in d.entities
    ]
    by_span = {(m.article_id, m.start, m.stop): m for m in mentions}
    out: dict[str, str] = {}
    for entity in canonical_entities(mentions):
        for alias_evidence in entity.aliases.values():
            for evidence in alias_evidence:
                mention = by_span[(evidence.article_id, evidence.start, evidence.stop)]
                out[canonical_key(mention.canonical or mention.normal)] = entity.name
    return out


MAX_COMPARED = 40


def _loaded_counts(
    items: Sequence[tuple[Article, Doc]], statements: Mapping[str, Sequence[Statement]]
) -> dict[tuple[str, int], int]:
    """How many loaded words each statement holds (by article id and statement index)."""
    out: dict[tuple[str, int], int] = {}
    for article, doc in items:
        for statement in statements.get(article.id, ()):
            count = len(within(doc.evaluative, statement.start, statement.stop))
            if count:
                out[(article.id, statement.index)] = count
    return out


def sample_articles(articles: Sequence[Article], limit: int = MAX_COMPARED) -> list[Article]:
    """At most `limit` of a story's articles to compare, all of them when there are no more.

    Aligning facts costs the square of the sentences, so a story of thousands of articles (a
    months-long storyline, or one wire text in a hundred feeds) is compared on a sample that keeps
    every outlet: the places are dealt out one per outlet in turn (outlets with more articles
    first, then by name) and each outlet's share is spread evenly over its articles in time
    order, its first and last included. Deterministic: the same story gives the same sample."""
    if len(articles) <= limit:
        return list(articles)
    by_outlet: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.published.isoformat() if a.published else "", a.id)):
        by_outlet.setdefault(source_label(article), []).append(article)
    outlets = sorted(by_outlet, key=lambda outlet: (-len(by_outlet[outlet]), outlet))
    share = dict.fromkeys(outlets, 0)
    left = limit
    while left:
        open_outlets = [outlet for outlet in outlets if share[outlet] < len(by_outlet[outlet])]
        for outlet in open_outlets[:left]:
            share[outlet] += 1
        left -= min(left, len(open_outlets))
    chosen: list[Article] = []
    for outlet in outlets:
        items, count = by_outlet[outlet], share[outlet]
        if count == 1:
            chosen.append(items[0])
        elif count > 1:
            chosen.extend(items[round(i * (len(items) - 1) / (count - 1))] for i in range(count))
    return chosen


MAX_ALIGNED = 2_000
MAX_ARTICLE_STATEMENTS = 300


def statement_shares(
    counts: Mapping[str, int], total: int = MAX_ALIGNED, per_article: int = MAX_ARTICLE_STATEMENTS
) -> dict[str, int]:
    """How many of each article's statements (`counts`) the comparison aligns: all of them while
    the story has at most `total` and no article more than `per_article`.

    Aligning costs the square of the statements (a 1.5 MB article's 6,500 sentences asked for
    gigabytes), so the places are shared out shortest article first, each taking at most an equal
    share of what is left: every article of a normal story keeps all its sentences, and a huge
    one takes what the others leave, up to `per_article`. Each article keeps its first ones (the
    title, the lead, the opening paragraphs)."""
    shares: dict[str, int] = {}
    left = total
    ordered = sorted(counts, key=lambda article_id: (counts[article_id], article_id))
    for number, article_id in enumerate(ordered):
        shares[article_id] = min(counts[article_id], per_article, left // (len(ordered) - number))
        left -= shares[article_id]
    return shares


def compared_statements(
    items: Sequence[tuple[Article, Doc]],
) -> tuple[dict[str, list[Statement]], dict[str, int]]:
    """The statements of each article that are compared, and how many of each are left out."""
    every = {article.id: statements_of(article, doc) for article, doc in items}
    shares = statement_shares({article_id: len(found) for article_id, found in every.items()})
    kept = {article_id: found[: shares[article_id]] for article_id, found in every.items()}
    left_out = {a: len(found) - shares[a] for a, found in every.items() if len(found) > shares[a]}
    return kept, left_out


def _compared_figures(
    items: Sequence[tuple[Article, Doc]], statements: Mapping[str, Sequence[Statement]], cut: set[str]
) -> list[TimedFigure]:
    """The figures of every article; of one whose statements were cut, those the kept ones hold."""
    timed: list[TimedFigure] = []
    for article, doc in items:
        found = timed_figures(doc, _article_date(article, doc))
        if article.id in cut:
            kept = statements[article.id]
            stop = kept[-1].stop if kept else 0
            found = [figure for figure in found if figure.figure.start < stop]
        timed.extend(found)
    return timed


def compare_story(
    story: Story,
    items: Sequence[tuple[Article, Doc]],
    events: Mapping[str, Story] | None = None,
    total: int | None = None,
    publications: Mapping[str, Sequence[Publication]] | None = None,
) -> Comparison:
    """The comparison of a story's analysed articles (in any order). `total` is how many articles
    the story has when `items` are a sample of them (`sample_articles`); `publications` (by
    article id) name the other outlets that published an article's text. At most `MAX_ALIGNED`
    statements are aligned (`statement_shares`); `left_out` says how many of an article's were not."""
    items = sorted(items, key=lambda item: (_article_date(*item) or item[1].written_after, item[0].id))
    outlet_of = {article.id: source_label(article) for article, _ in items}
    event_of = {a: event.id for event in (events or {}).values() for a in event.article_ids}
    when = {article.id: _article_date(article, doc) or doc.written_after for article, doc in items}
    statements, left_out = compared_statements(items)
    facts = align([s for article, _ in items for s in statements[article.id]])
    timed = _compared_figures(items, statements, set(left_out))
    canonical_of = _canonical_names(items)
    contexts = figure_contexts(items, statements, canonical_of)
    keys = key_entities([doc for _, doc in items], canonical_of)
    headlines = [check for a, _ in items if (check := check_headline(statements[a.id])) is not None]
    return Comparison(
        story=story,
        articles=list(items),
        outlet_of=outlet_of,
        event_of=event_of,
        when=when,
        statements=statements,
        facts=facts,
        figures=compare_figures(
            timed,
            outlet_of,
            same_subject(contexts),
            same_fact(facts),
            clause_overlap(contexts),
            same_measure(contexts),
        ),
        dates=date_differences(facts, {article.id: doc for article, doc in items}, outlet_of, canonical_of),
        framing=frame_entities(items, outlet_of, canonical_of, keys),
        voices=voices(items, outlet_of),
        headlines=headlines,
        summary=summarise(facts, outlet_of, _loaded_counts(items, statements)),
        total=len(items) if total is None else total,
        also_in=_also_in(items, outlet_of, publications or {}),
        left_out=left_out,
    )


def _also_in(
    items: Sequence[tuple[Article, Doc]],
    outlet_of: Mapping[str, str],
    publications: Mapping[str, Sequence[Publication]],
) -> dict[str, list[str]]:
    found = {}
    for article, _ in items:
        labels = [source_label(p.on(article)) for p in publications.get(article.id, ())]
        others = [o for o in dict.fromkeys(labels) if o != outlet_of[article.id]]
        if others:
            found[article.id] = others
    return found
