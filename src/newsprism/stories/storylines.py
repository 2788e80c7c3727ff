"""What each event is, and which events continue one another as a storyline.

`describe_event` sums an event's articles up as an `Event`: a title chosen from an original text
(not a reprint) whose words the other articles share most, the time span of their dates, the
outlets (reprinting outlets listed apart, and independent texts counted apart from reprints),
the majority category and the entities most articles name.

Storylines. Two events are linked when, at most `max_gap_days` apart, they

- share at least `min_shared_actors` key actors: the people and organisations named at least
  twice in an event, the `key_actors` most widespread; shared actors weigh by their rarity
  among the events (inverse event frequency), and their weighted Jaccard must reach
  `min_actor_overlap`; and
- are about the same subject: the cosine of their lemma counts (sublinear), less the words of
  entity names and the generic words of news (`keys.GENERIC`), reaches `min_subject`, and the
  cosine of the events' mean e5 embeddings (title and opening of each article) reaches
  `min_meaning` when both events have them.

The same two people in an unrelated matter share actors but not the subject; two phone calls
between them months apart share both. A storyline is a connected component of linked events; its
timeline is its events by start date, and its id the id of its earliest event. Storylines are
recomputed in full (the rarity weights depend on all events); candidate pairs come from an index
of actor pairs, so events that share no two actors are never compared.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt

from newsprism.analyse.embedding import unpack
from newsprism.stories.duplicates import DuplicateGroup
from newsprism.stories.keys import GENERIC, entity_key
from newsprism.stories.timespan import UNDATED, day_of, time_span
from newsprism.stories.view import StoryDoc
from newsprism.text import fold

__all__ = [
    "Event",
    "Storyline",
    "StorylineLink",
    "StorylineSettings",
    "build_stories",
    "describe_event",
    "storylines",
]

_ACTOR_TYPES = ("PER:", "ORG:")


@dataclass(frozen=True, slots=True)
class StorylineSettings:
    key_actors: int = 5  # an event's most widespread people and organisations that count as its actors
    min_mentions: int = 2  # an actor named once in an event is peripheral to it
    min_shared_actors: int = 2  # a storyline is about the same actors, so more than one in common
    min_actor_overlap: float = 0.3  # rarity-weighted Jaccard of the key actors
    min_subject: float = 0.25  # cosine of the subject lemmas
    # cosine of the events' mean e5 embeddings (when both have them): unrelated news of one
    # country sits at 0.80-0.85, two chapters of one story above 0.88
    min_meaning: float = 0.86
    max_gap_days: int = 400  # events further apart than this are not one storyline
    key_entities: int = 5  # entities listed for an event


@dataclass(slots=True)
class Event:
    """An event as stored and shown: one happening, every article that reported it."""

    id: str
    article_ids: list[str]  # earliest first
    title: str
    title_article: str  # the article the title was taken from
    start: str  # ISO date of the earliest article, "" when none is dated
    stop: str
    outlets: list[str]  # distinct outlets, those with a text of their own first
    reprint_outlets: list[str]  # outlets that carried only copies of others' texts
    texts: int  # independent texts: the articles less their reprints
    category: str
    key_entities: list[str]  # "TYPE:canonical", named by the most texts first
    storyline: str = ""  # the storyline's id, "" when the event continues no other


@dataclass(slots=True)
class StorylineLink:
    """Why two events are one storyline."""

    a: str
    b: str
    actors: list[str]  # shared key actors
    actor_overlap: float
    subject: float
    gap_days: int  # -1 when either event is undated


@dataclass(slots=True)
class Storyline:
    id: str
    events: list[str]  # the timeline: events by start date
    start: str
    stop: str
    actors: list[str]  # actors shared along its links, the most linked first (comparison keys)
    names: list[str] = field(default_factory=list)  # the same actors as shown: "TYPE:canonical"
    links: list[StorylineLink] = field(default_factory=list)


def _order(view: StoryDoc) -> tuple[bool, int, str]:
    day = day_of(view.when)
    return (day == UNDATED, day, view.id)


def _published_days(views: Sequence[StoryDoc]) -> list[str]:
    """The publication days of an event's dated articles, sorted: its date range as shown. An
    undated article's bounds (`written_after`, `written_before`) are no dates and take no part."""
    return sorted(view.published.date().isoformat() for view in views if view.published is not None)


def _dates(views: Sequence[StoryDoc]) -> list[str]:
    """The ISO dates an event spans for linking events into storylines, sorted: of its dated
    articles (`clustering.time_span`), or, when none is dated, the earliest days its articles can
    be from (an estimate for linking; what is shown is `_published_days`)."""
    dated = [view.when[:10] for view in views if (span := time_span(view))[0] == span[1] != UNDATED]
    return sorted(dated or [view.when[:10] for view in views if day_of(view.when) != UNDATED])


def _is_reprint(view: StoryDoc, groups: Mapping[str, DuplicateGroup]) -> bool:
    group = groups.get(view.id)
    return group is not None and group.is_reprint(view.id, view.outlet)


def describe_event(
    event_id: str,
    views: Sequence[StoryDoc],
    groups: Mapping[str, DuplicateGroup] | None = None,
    settings: StorylineSettings | None = None,
) -> Event:
    """Sum up an event's articles. `groups` maps article ids to their duplicate groups
    (`duplicates.by_member`), so reprints are told apart and extra outlets of a copy are listed."""
    groups = groups or {}
    settings = settings or StorylineSettings()
    views = sorted(views, key=_order)
    originals = [view for view in views if not _is_reprint(view, groups)] or views
    outlets: list[str] = []
    reprinted: list[str] = []
    for view in views:
        group = groups.get(view.id)
        copies = group.copies if group else [(view.id, view.outlet or "")]
        for article, outlet in copies:
            if article == view.id and outlet:
                reprint = group is not None and group.is_reprint(article, outlet)
                (reprinted if reprint else outlets).append(outlet)
    outlets = list(dict.fromkeys(outlets))
    reprint_outlets = [outlet for outlet in dict.fromkeys(reprinted) if outlet not in outlets]
    title_view = _central_title(originals)
    dates = _published_days(views)
    categories = Counter(view.category for view in originals if view.category)
    category = min(categories, key=lambda name: (-categories[name], name)) if categories else ""
    return Event(
        id=event_id,
        article_ids=[view.id for view in views],
        title=title_view.title,
        title_article=title_view.id,
        start=dates[0] if dates else "",
        stop=dates[-1] if dates else "",
        outlets=outlets + reprint_outlets,
        reprint_outlets=reprint_outlets,
        texts=len({groups[v.id].original if v.id in groups else v.id for v in views}),
        category=category,
        key_entities=_key_entities(originals, settings.key_entities),
    )


def _central_title(views: Sequence[StoryDoc]) -> StoryDoc:
    """The article whose title words the others use most: the sum of the shares of the other
    articles that contain each title lemma, over the title's length plus one (so that neither a
    one-word title nor a long one wins by its length alone); ties go to the earliest."""
    if len(views) == 1:
        return views[0]
    lemma_sets = [set(view.lemmas) for view in views]
    frequency = Counter(lemma for lemmas in lemma_sets for lemma in lemmas)

    def centrality(position: int) -> float:
        title = set(views[position].title_lemmas)
        own = lemma_sets[position]
        shares = sum(frequency[lemma] - (lemma in own) for lemma in title) / (len(views) - 1)
        return shares / (len(title) + 1)

    best = min(range(len(views)), key=lambda position: (-centrality(position), _order(views[position])))
    return views[best]


def _key_entities(views: Sequence[StoryDoc], limit: int) -> list[str]:
    texts: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for view in views:
        seen = set()
        for key, count in view.entities.items():
            normal = entity_key(key)
            seen.add(normal)
            mentions[normal] += count
            spellings[normal][key] += count
        texts.update(seen)
    ranked = sorted(texts, key=lambda key: (-texts[key], -mentions[key], key))[:limit]
    return [display_name(spellings[key]) for key in ranked]


def display_name(spellings: Counter[str]) -> str:
    """The form of a name to show, from its "TYPE:canonical" spellings and their mentions: a person
    by the fullest name any text gives («Эммануэль Макрон», not «Макрон»), then the most used."""
    return min(
        spellings,
        key=lambda name: (-len(name.split()) if name.startswith("PER:") else 0, -spellings[name], name),
    )


@dataclass(slots=True)
class _Profile:
    """What storyline linking reads of an event."""

    id: str
    start: int
    stop: int
    actors: list[str]
    spellings: dict[str, Counter[str]]  # each actor's "TYPE:canonical" forms and their mentions
    subject: dict[str, float]
    norm: float
    meaning: npt.NDArray[np.float32] | None  # the mean of the articles' embeddings, unit length
    published: list[str] = field(default_factory=list)  # the dated articles' days: what is shown


def _profile(event_id: str, views: Sequence[StoryDoc], settings: StorylineSettings) -> _Profile:
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    name_words: set[str] = set()
    lemmas: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for view in views:
        for key, count in view.entities.items():
            name_words.update(fold(key.partition(":")[2]).split())
            if key.startswith(_ACTOR_TYPES):
                mentions[entity_key(key)] += count
                spellings[entity_key(key)][key] += count
        articles.update({entity_key(key) for key in view.entities if key.startswith(_ACTOR_TYPES)})
        lemmas.update(view.lemmas)
    actors = [key for key in mentions if mentions[key] >= settings.min_mentions]
    actors.sort(key=lambda key: (-articles[key], -mentions[key], key))
    subject = {
        lemma: 1 + math.log(count)
        for lemma, count in lemmas.items()
        if lemma not in name_words and lemma not in GENERIC and len(lemma) > 2 and not lemma.isdigit()
    }
    days = [day_of(when) for when in _dates(views)]
    vectors = [vector for vector in (unpack(view.embedding) for view in views) if len(vector)]
    meaning = None
    if vectors:
        mean = np.mean(vectors, axis=0)
        meaning = (mean / max(float(np.linalg.norm(mean)), 1e-9)).astype(np.float32)
    return _Profile(
        id=event_id,
        start=min(days, default=UNDATED),
        stop=max(days, default=UNDATED),
        actors=actors[: settings.key_actors],
        spellings={actor: spellings[actor] for actor in actors[: settings.key_actors]},
        subject=subject,
        norm=math.sqrt(sum(value * value for value in subject.values())),
        meaning=meaning,
        published=_published_days(views),
    )


def _gap(a: _Profile, b: _Profile) -> int:
    if UNDATED in (a.start, b.start):
        return -1
    return max(0, max(a.start, b.start) - min(a.stop, b.stop))


def _cosine(a: _Profile, b: _Profile) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.subject, b.subject) if len(a.subject) <= len(b.subject) else (b.subject, a.subject)
    return sum(value * large.get(lemma, 0.0) for lemma, value in small.items()) / (a.norm * b.norm)


def _link(
    a: _Profile, b: _Profile, weights: Mapping[str, float], settings: StorylineSettings
) -> StorylineLink | None:
    """The link between two events' profiles, or None when the storyline rule does not hold."""
    shared = [actor for actor in a.actors if actor in b.actors]
    if len(shared) < settings.min_shared_actors:
        return None
    gap = _gap(a, b)
    if gap > settings.max_gap_days:
        return None
    union = set(a.actors) | set(b.actors)
    overlap = sum(weights[actor] for actor in shared) / sum(weights[actor] for actor in union)
    if overlap < settings.min_actor_overlap:
        return None
    subject = _cosine(a, b)
    if subject < settings.min_subject:
        return None
    if (
        a.meaning is not None
        and b.meaning is not None
        and float(a.meaning @ b.meaning) < settings.min_meaning
    ):
        return None  # the same people and words, but what is told differs
    return StorylineLink(a.id, b.id, shared, round(overlap, 3), round(subject, 3), gap)


def storylines(
    events: Mapping[str, Sequence[StoryDoc]], settings: StorylineSettings | None = None
) -> list[Storyline]:
    """Storylines of two or more events, from event id -> its articles (`EventClusterer.events`
    with `members`), earliest first; an event that continues no other is in none."""
    settings = settings or StorylineSettings()
    profiles = [_profile(event_id, views, settings) for event_id, views in events.items()]
    frequency = Counter(actor for profile in profiles for actor in profile.actors)
    weights = {actor: math.log((1 + len(profiles)) / (1 + count)) + 1 for actor, count in frequency.items()}
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        for key in combinations(sorted(profile.actors), settings.min_shared_actors):
            index[key].append(position)
    parent = list(range(len(profiles)))

    def find(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    links: list[StorylineLink] = []
    compared: set[tuple[int, int]] = set()
    for positions in index.values():
        for first, second in combinations(positions, 2):
            if (first, second) in compared:
                continue
            compared.add((first, second))
            found = _link(profiles[first], profiles[second], weights, settings)
            if found is not None:
                links.append(found)
                parent[find(second)] = find(first)
    components: dict[int, list[_Profile]] = defaultdict(list)
    for position, profile in enumerate(profiles):
        components[find(position)].append(profile)
    position_of = {profile.id: position for position, profile in enumerate(profiles)}
    links_of: dict[int, list[StorylineLink]] = defaultdict(list)
    for found in links:
        links_of[find(position_of[found.a])].append(found)
    result = []
    for root, members in components.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda p: (p.start == UNDATED, p.start, p.id))
        actors = Counter(actor for found in links_of[root] for actor in found.actors)
        shown = sorted(day for p in members for day in p.published)  # no bound shown as a date
        ranked = sorted(actors, key=lambda actor: (-actors[actor], actor))
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for p in members:
            for actor, counts in p.spellings.items():
                forms[actor].update(counts)
        result.append(
            Storyline(
                id=members[0].id,
                events=[p.id for p in members],
                start=shown[0] if shown else "",
                stop=shown[-1] if shown else "",
                actors=ranked,
                names=[display_name(forms[actor]) if forms[actor] else actor for actor in ranked],
                links=sorted(links_of[root], key=lambda found: (found.a, found.b)),
            )
        )
    return sorted(result, key=lambda storyline: (storyline.start == "", storyline.start, storyline.id))


def build_stories(
    events: Mapping[str, Sequence[StoryDoc]],
    groups: Mapping[str, DuplicateGroup] | None = None,
    settings: StorylineSettings | None = None,
) -> tuple[list[Event], list[Storyline]]:
    """Every event described, with its storyline's id set, and the storylines."""
    settings = settings or StorylineSettings()
    lines = storylines(events, settings)
    line_of = {event: line.id for line in lines for event in line.events}
    described = []
    for event_id, views in events.items():
        event = describe_event(event_id, views, groups, settings)
        event.storyline = line_of.get(event_id, "")
        described.append(event)
    return described, lines
