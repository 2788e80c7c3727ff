"""One source's harvest in one round: its feeds (and news sitemaps) fetched, the entries not
seen before, and for an entry that carries only a summary (or, in a sitemap, nothing but its
link), its page fetched and its main text extracted.

A news sitemap that turns out to be a sitemap index is followed one level down: its news sitemaps
("children", at most `MAX_CHILDREN`, only those modified in the last `CHILD_MAX_AGE` when the
index dates them), each fetched with its own validators (stored as feeds of kind `child`).

Nothing here writes to the store: a `Harvest` is what the round stores, then records.
An entry whose page could not be fetched leaves its feed's validators unchanged, so the next
round reads the feed in full again and retries that entry (the others are seen by then).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsprism.chars import drop_invisible
from newsprism.fetch.client import Fetched, Fetcher, FetchError
from newsprism.fetch.urls import canonical_url
from newsprism.ingest.decode import DecodeError, decode
from newsprism.ingest.errors import IngestError
from newsprism.ingest.feed import FeedItem, read_feed_items
from newsprism.ingest.html import read_html
from newsprism.ingest.sitemap import read_sitemap_index, read_sitemap_items
from newsprism.model import Article, Origin
from newsprism.store.following import FeedState, SourceStatus

# An entry without full content and with fewer words than this is a summary: its page is fetched.
SUMMARY_WORDS = 100
# A sitemap index: at most this many of its news sitemaps are read, those modified this recently.
MAX_CHILDREN = 50
CHILD_MAX_AGE = timedelta(days=2)

SeenLookup = Callable[[str, Sequence[str]], set[str]]  # (source, canonical URLs) -> those seen


@dataclass(slots=True)
class Harvest:
    """What one source's feeds gave this round. `feeds` are the validators to keep; `seen` the
    (canonical URL, article id) pairs to record once the articles are stored; `feeds_failed`
    how many feeds gave nothing (not fetched, not a feed)."""

    source: str
    articles: list[Article] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)
    feeds: list[FeedState] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    feeds_failed: int = 0
    pages: int = 0
    retry: int = 0  # entries to try again next round (their page could not be had)
    listed: set[str] = field(default_factory=set)  # every canonical entry URL of the feeds read
    unchanged: int = 0  # feeds that answered 304 (their entries are not known this round)
    keep_children: bool = False  # a sitemap index was not read in full: keep its known children

    @property
    def complete(self) -> bool:
        """Every feed was read in full: `listed` is all that the source lists now."""
        return self.feeds_failed == 0 and self.unchanged == 0

    @property
    def failed(self) -> bool:
        """Every feed failed: the round counts as a failure of the source (for backing off)."""
        return self.feeds_failed > 0 and not self.feeds


def harvest(source: SourceStatus, fetcher: Fetcher, seen: SeenLookup) -> Harvest:
    """Fetch a source's feeds and the new entries' pages; never raises for what came over HTTP."""
    result = Harvest(source.name)
    walk = _Walk(source, fetcher, seen, result)
    for feed in source.feeds:
        walk.feed(feed)
    # A feed that answered 304 keeps its validators; one read in full has them in `feeds`.
    return result


@dataclass(slots=True)
class _Walk:
    """One source's feeds, and the news sitemaps its sitemap indexes list (each child once)."""

    source: SourceStatus
    fetcher: Fetcher
    seen: SeenLookup
    result: Harvest
    listed: set[str] = field(default_factory=set)  # canonical URLs taken this round, over all feeds
    children: set[str] = field(default_factory=set)  # child sitemaps read (or refused) this round

    def feed(self, feed: FeedState, origin: str = "") -> None:
        result = self.result
        try:
            fetched = self.fetcher.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, origin=origin
            )
        except FetchError as error:
            result.errors.append(str(error))
            result.feeds_failed += 1
            # An index not read keeps its known children; so does a child that may answer later.
            result.keep_children |= feed.kind == "sitemap" or (feed.kind == "child" and error.later)
            return
        if fetched.not_modified:
            result.unchanged += 1
            result.feeds.append(feed)
            if feed.kind == "sitemap":  # perhaps an index: its children as they were
                result.keep_children = True
                for child in self.source.children:
                    self.child(child, feed.url)
            return
        try:
            text = drop_invisible(decode(fetched.body).text)
        except DecodeError as error:
            result.errors.append(f"{feed.url}: {error}")
            result.feeds_failed += 1
            result.keep_children |= feed.kind == "sitemap"
            return
        index = read_sitemap_index(text) if feed.kind == "sitemap" else None
        if index is None:
            _read_feed(self.source.name, feed, fetched, text, self.fetcher, self.seen, self.listed, result)
            return
        result.feeds.append(FeedState(feed.url, fetched.etag, fetched.last_modified, feed.kind))
        known = {child.url: child for child in self.source.children}
        for url in _recent_children(index, feed.url, result):
            self.child(known.get(url, FeedState(url, kind="child")), feed.url)

    def child(self, child: FeedState, index_url: str) -> None:
        if child.url not in self.children:
            self.children.add(child.url)
            self.feed(child, origin=index_url)


def _recent_children(index: list[tuple[str, datetime | None]], index_url: str, result: Harvest) -> list[str]:
    """The children of a sitemap index worth reading: those modified in the last `CHILD_MAX_AGE`
    (or undated), most recent first, at most `MAX_CHILDREN`."""
    oldest = datetime.now(UTC) - CHILD_MAX_AGE
    recent = [(url, when) for url, when in index if when is None or when >= oldest]
    recent.sort(key=lambda pair: pair[1] or datetime.max.replace(tzinfo=UTC), reverse=True)
    if len(recent) > MAX_CHILDREN:
        result.errors.append(f"{index_url}: {len(recent)} recent sitemaps, the first {MAX_CHILDREN} read")
    return [url for url, _ in recent[:MAX_CHILDREN]]


def _read_feed(
    name: str,
    feed: FeedState,
    fetched: Fetched,
    text: str,
    fetcher: Fetcher,
    seen: SeenLookup,
    listed: set[str],
    result: Harvest,
) -> None:
    read = read_sitemap_items if feed.kind in ("sitemap", "child") else read_feed_items
    items = list(read(text, feed.url))
    whole = [item.item for item in items if item.link is None and isinstance(item.item, IngestError)]
    if whole and len(items) == 1:
        result.errors.append(str(whole[0]))
        result.feeds_failed += 1
        return
    fresh = _unseen(name, items, seen, listed)
    result.listed.update(canonical_url(item.link) for item in items if item.link)
    retry = result.retry
    for url, item in fresh:
        article = _article(name, url, item, feed.url, fetcher, result)
        if article is not None:
            result.articles.append(article)
            if url:
                result.seen.append((url, article.id))
    if result.retry == retry:
        result.feeds.append(FeedState(feed.url, fetched.etag, fetched.last_modified, feed.kind))
    else:
        result.feeds.append(feed)  # the old validators: the next round reads the feed again


def _unseen(
    name: str, items: list[FeedItem], seen: SeenLookup, listed: set[str]
) -> list[tuple[str, FeedItem]]:
    """The entries whose canonical URL neither an earlier round nor this one took ('' for none)."""
    keyed = [(canonical_url(item.link) if item.link else "", item) for item in items]
    known = seen(name, [url for url, _ in keyed if url])
    fresh = []
    for url, item in keyed:
        if url and (url in known or url in listed):
            continue
        if url:
            listed.add(url)
        fresh.append((url, item))
    return fresh


def _article(
    name: str, url: str, item: FeedItem, feed_url: str, fetcher: Fetcher, result: Harvest
) -> Article | None:
    """The entry's article under this source's name: from the feed when it carries the text,
    else from its page, else (robots.txt forbids the page, it is gone, it holds no article, it
    is on a local address and the feed is not) its summary. None, with an error, when the page
    may answer later (retried next round) or when there is neither page nor summary (seen, with
    no article)."""
    from_feed = item.item if isinstance(item.item, Article) else None
    if from_feed is not None and (item.full or len(from_feed.body.split()) >= SUMMARY_WORDS):
        return _as_source(from_feed, name, url, feed_url)
    if not url:  # no page to fetch: nothing more to do with it
        result.errors.append(str(item.item))
        return None
    page = _page_article(url, feed_url, fetcher, result)
    if isinstance(page, Article):
        published = from_feed.published if from_feed is not None else item.published
        if page.published is None and published is not None:
            page = dataclasses.replace(page, published=published)
        return _as_source(page, name, url, feed_url)
    if isinstance(page, FetchError) and page.later:
        result.errors.append(str(page))
        result.retry += 1  # a timeout or a 5xx: it may answer next round
        return None
    # Forbidden by robots.txt, gone (4xx) or not an article page: asking again changes nothing.
    if from_feed is not None:
        return _as_source(from_feed, name, url, feed_url)  # the summary is what there is
    result.errors.append(f"{page}; the entry has no text of its own, skipped")
    result.seen.append((url, ""))
    return None


def _page_article(
    url: str, feed_url: str, fetcher: Fetcher, result: Harvest
) -> Article | FetchError | IngestError:
    try:  # the fetcher refuses a link from a public feed into a private network (`urls.refusal`)
        fetched = fetcher.get(url, origin=feed_url)
    except FetchError as error:
        return error
    result.pages += 1
    try:
        text = drop_invisible(decode(fetched.body).text)
    except DecodeError as error:
        return IngestError(url, None, str(error))
    for found in read_html(text, url):
        return found
    return IngestError(url, None, "no article in the page")


def _as_source(article: Article, name: str, url: str, feed_url: str) -> Article:
    return dataclasses.replace(article, outlet=name, url=url or article.url, origin=Origin(feed_url))
