"""What each page and API answer shows, as JSON-ready dicts built from the store.

The HTML pages and the JSON API call the same functions here, so they never disagree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from newsprism.model import Article, ArticleSummary, Story, StorySummary
from newsprism.store import Filters, MentionStat, Page, Store
from newsprism.tone import Tone
from newsprism.web.groups import OutletGroup, aliases, coverage, member_of
from newsprism.web.segments import doc_marks, segments, snippet

QUOTE_ARTICLES = 20  # articles read for «who is quoted about it»: the newest that mention the entity
SENTIMENT_COLUMNS = 6  # outlets shown beside an outlet in its sentiment table


def page_dict(page: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {"items": items, "total": page.total, "limit": page.limit, "offset": page.offset}


def story_summary(story: Story) -> dict[str, Any]:
    return StorySummary.of(story).to_dict()


def article_summary(article: Article, category: str = "") -> dict[str, Any]:
    return ArticleSummary.of(article, category).to_dict()


def stories(store: Store, filters: Filters, sort: Any, limit: int, offset: int) -> dict[str, Any]:
    page = store.find_stories(filters, sort=sort, limit=limit, offset=offset)
    return page_dict(page, [story_summary(s) for s in page.items])


def story_detail(store: Store, story_id: str, groups: Sequence[OutletGroup]) -> dict[str, Any] | None:
    """A story with its articles, its timeline (a storyline's events, an event's storyline), the
    coverage by outlet group and the comparison (schema in docs/comparison.md)."""
    from newsprism.compare.stored import comparison_data

    story = store.story(story_id)
    if story is None:
        return None
    events = [e for e in (store.story(i) for i in story.event_ids) if e is not None]
    parent = store.story(story.parent) if story.parent else None
    articles = store.articles_by_id(story.article_ids)
    return {
        "story": story_summary(story),
        "articles": [article_summary(articles[i]) for i in story.article_ids if i in articles],
        "timeline": [story_summary(e) for e in sorted(events, key=lambda e: (e.first, e.last))],
        "storyline": story_summary(parent) if parent else None,
        "coverage": [
            {
                "group": c.group.name,
                "kind": c.group.kind,
                "outlets": list(c.group.outlets),
                "covered_by": list(c.covered_by),
                "covered": c.covered,
            }
            for c in coverage(groups, story.outlets)
        ],
        "comparison": comparison_data(store, story),
    }


def _tone(stats: Iterable[MentionStat]) -> dict[str, Any]:
    """The outlet's tone toward the entity over these counts (`newsprism.tone`: its own
    mentions' mean label, with how many; those inside quotations apart)."""
    return Tone.total(s.tone for s in stats).to_dict()


def entity_profile(store: Store, name: str, limit: int, offset: int) -> dict[str, Any] | None:
    """Every mention of a canonical entity (paginated), its aliases, how each outlet names and
    judges it, month by month, and who is quoted about it."""
    stats = store.entity_stats(name)
    if not stats:
        return None
    page = store.entity_mentions(name, limit=limit, offset=offset)
    first = (
        page.items[0].mention
        if page.items
        else next(iter(store.entity_mentions(name, limit=1).items)).mention
    )
    aliases: Counter[tuple[str, str]] = Counter()
    by_outlet: dict[str, list[MentionStat]] = defaultdict(list)
    for stat in stats:
        aliases[(stat.normal, stat.kind)] += stat.mentions
        by_outlet[stat.outlet].append(stat)
    months = sorted({s.month for s in stats if s.month})
    outlets = []
    for outlet, items in sorted(by_outlet.items(), key=lambda kv: -sum(s.mentions for s in kv[1])):
        namings: Counter[str] = Counter()
        per_month: dict[str, list[MentionStat]] = defaultdict(list)
        for s in items:
            namings[s.normal] += s.mentions
            per_month[s.month].append(s)
        outlets.append(
            {
                "outlet": outlet,
                **_tone(items),
                "namings": [{"naming": n, "count": c} for n, c in namings.most_common()],
                "months": [{"month": m, **_tone(per_month[m])} for m in months if m in per_month],
            }
        )
    articles = {a.id: a for a in (store.article(i) for i in {m.mention.article_id for m in page.items}) if a}
    mentions = []
    for item in page.items:
        m = item.mention
        article = articles.get(m.article_id)
        context = snippet(article.text, [(m.start, m.stop)], 70) if article else []
        mentions.append(
            {
                "article_id": m.article_id,
                "title": item.title,
                "outlet": item.outlet,
                "published": item.published,
                "start": m.start,
                "stop": m.stop,
                "normal": m.normal,
                "kind": m.kind,
                "link_rule": m.link_rule,
                "sentiment": m.sentiment,
                "context": [s.to_dict() for s in context],
            }
        )
    return {
        "name": first.canonical,
        "type": first.type,
        "mentions_total": page.total,
        "aliases": [{"alias": a, "kind": k, "count": c} for (a, k), c in aliases.most_common()],
        "outlets": outlets,
        "months": months,
        "quoted_about": _quoted_about(store, name),
        "mentions": page_dict(page, mentions),
    }


def _quoted_about(store: Store, name: str) -> list[dict[str, Any]]:
    """Quotes that mention the entity, in the newest articles that name it; speaker and outlet."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    outlets: dict[str, str | None] = {}
    for item in store.entity_mentions(name, limit=500).items:
        if item.mention.article_id in spans or len(spans) < QUOTE_ARTICLES:
            spans[item.mention.article_id].append((item.mention.start, item.mention.stop))
            outlets[item.mention.article_id] = item.outlet
    found = []
    for article_id, mentions in spans.items():
        doc = store.doc(article_id)
        if doc is None:
            continue
        for quote in doc.quotes:
            if any(quote.start <= a and b <= quote.stop for a, b in mentions):
                speaker = quote.speaker or (
                    doc.text[quote.speaker_start : quote.speaker_stop] if quote.speaker_start >= 0 else ""
                )
                found.append(
                    {
                        "speaker": speaker or "unknown",
                        "outlet": outlets[article_id],
                        "article_id": article_id,
                        "start": quote.start,
                        "stop": quote.stop,
                        "text": doc.text[quote.start : quote.stop],
                        "kind": quote.kind,
                    }
                )
    return found


def outlet_profile(
    store: Store, outlet: str, groups: Sequence[OutletGroup], limit: int, offset: int
) -> dict[str, Any] | None:
    """What an outlet covers and leaves out, and its sentiment toward its most named entities
    beside the other outlets'."""
    known = aliases(groups)
    facets = store.facets(outlet)
    counts = dict(facets.outlets)
    if outlet not in counts:
        # a group's outlet whose articles are stored under its site's host («kommersant.ru»)
        stored = [o for o in counts if known.name(o) == outlet]
        if not stored:
            return None
        outlet = stored[0]
        facets = store.facets(outlet)
    overall = dict(store.facets().categories)
    everything = sum(overall.values()) or 1
    own = sum(c for _, c in facets.categories) or 1
    top = store.top_entities(outlet=outlet, limit=15)
    names = [e.name for e in top.items]
    tones: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for name, stat in store.entity_sentiment(names):
        tones[name][stat.outlet] = _tone([stat])
    others = [o for o, _ in facets.outlets if o != outlet][:SENTIMENT_COLUMNS]
    covered = store.find_stories(
        Filters(outlet=outlet, kind="event"), sort="newest", limit=limit, offset=offset
    )
    missed = store.find_stories(Filters(without_outlet=outlet, kind="event"), sort="biggest", limit=limit)
    return {
        "outlet": outlet,
        "articles": counts[outlet],
        "groups": [g.name for g in groups if member_of(g, outlet, known)],
        "categories": [
            {
                "category": c,
                "count": n,
                "share": round(n / own, 3),
                "overall_share": round(overall.get(c, 0) / everything, 3),
            }
            for c, n in facets.categories
        ],
        "compared_with": others,
        "entities": [
            {
                "name": e.name,
                "type": e.type,
                "mentions": e.mentions,
                "articles": e.articles,
                "sentiment": tones[e.name].get(outlet, _tone([])),
                "others": {o: tones[e.name][o] for o in others if o in tones[e.name]},
            }
            for e in top.items
        ],
        "covered": page_dict(covered, [story_summary(s) for s in covered.items]),
        "missed": page_dict(missed, [story_summary(s) for s in missed.items]),
    }


def article_detail(store: Store, article_id: str, entity_href: str = "") -> dict[str, Any] | None:
    """An article with every annotation: layers as offsets, and its paragraphs cut into segments."""
    article = store.article(article_id)
    if article is None:
        return None
    doc = store.doc(article_id)
    result: dict[str, Any] = {
        "article": article.to_dict(),
        "analysed": doc is not None,
        "stories": [story_summary(s) for s in store.stories_of(article_id)],
        # every outlet that published this text, the one the article is shown under first
        "publications": [
            {
                "outlet": p.outlet,
                "url": p.url,
                "published": p.published.isoformat() if p.published else None,
            }
            for p in store.publications([article_id]).get(article_id, [])
        ],
    }
    if doc is None:
        whole = segments(article.text, 0, [])
        result["paragraphs"] = [{"kind": "body", "segments": [s.to_dict() for s in whole]}]
        return result
    marks = doc_marks(doc, entity_href)
    result["category"] = doc.category
    result["layers"] = {
        name: [_annotation(doc.text, item) for item in getattr(doc, name)]
        for name in ("entities", "dates", "figures", "quotes", "evaluative")
    }
    result["paragraphs"] = [
        {"kind": p.kind, "segments": [s.to_dict() for s in segments(doc.span_text(p), p.start, marks)]}
        for p in doc.paragraphs
    ]
    return result


def _annotation(text: str, item: Any) -> dict[str, Any]:
    return {**dataclasses.asdict(item), "text": text[item.start : item.stop]}


def search(
    store: Store, words: Sequence[Sequence[str]], filters: Filters, sort: Any, limit: int, offset: int
) -> dict[str, Any]:
    page = store.search(words, filters, sort=sort, limit=limit, offset=offset)
    items = [
        {
            **article_summary(hit.article, hit.category),
            "matches": [list(span) for span in hit.matches],
            "snippet": [s.to_dict() for s in snippet(hit.article.text, hit.matches)],
        }
        for hit in page.items
    ]
    return {**page_dict(page, items), "capped": page.capped}
