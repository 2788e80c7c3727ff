"""RSS and Atom feeds: one article per entry, through feedparser.

This is the only module that calls feedparser. An entry's text is its full content when the
feed carries it, else its summary, with HTML reduced to paragraphs. An entry that cannot be an
article (no title, or a headline with no text) is an `IngestError`; the other entries go on.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from newsprism.chars import drop_invisible
from newsprism.ingest.errors import IngestError
from newsprism.ingest.fields import PUBLISHED_YEARS, clean_paragraphs, make_article, outlet_from_url
from newsprism.model import Article, Origin, clean_line

NO_ENTRIES = "feed has no entries"
# Elements after which the text breaks into a new paragraph, or a new line (`br`).
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"}
    | {"p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
# Characters lxml refuses to hold in a text node (XML 1.0 has no place for them): spaces instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(slots=True, frozen=True)
class FeedItem:
    """One feed entry: its link, whether it carried full content (not only a summary), and the
    article made from it or the reason none could be (a news sitemap's entries are all such)."""

    link: str | None
    full: bool
    item: Article | IngestError
    published: datetime | None = None  # for an item with no article: the date its entry gave


def read_feed(text: str, file: str) -> Iterator[Article | IngestError]:
    """An article for each entry of an RSS or Atom feed, or an `IngestError` for the feed or entry."""
    for entry in read_feed_items(text, file):
        yield entry.item


def read_feed_items(text: str, file: str) -> Iterator[FeedItem]:
    """`read_feed`, with each entry's link and whether it had full content; an error about the
    whole feed comes as an item with no link."""
    # A stream, not a string: feedparser fetches a string that looks like a URL or a file path.
    # The text is already decoded, so the header overrides any encoding the XML declares.
    stream = io.BytesIO(text.encode("utf-8"))
    headers = {"content-type": "application/xml; charset=utf-8"}
    try:
        parsed = feedparser.parse(stream, response_headers=headers)
    except Exception as error:  # a library failure on odd markup is this file's error, not the batch's
        yield FeedItem(
            None, False, IngestError(file, None, f"cannot parse feed: {type(error).__name__}: {error}")
        )
        return
    if not parsed.entries:
        if parsed.bozo:
            problem = parsed.get("bozo_exception")
            # SAX errors print as "<unknown>:2:26: ..."; the message alone reads better.
            message = problem.getMessage() if hasattr(problem, "getMessage") else str(problem)
            reason = f"cannot parse feed: {message}; is it RSS or Atom XML?"
            yield FeedItem(None, False, IngestError(file, None, reason))
        else:
            yield FeedItem(None, False, IngestError(file, None, NO_ENTRIES))
        return
    feed = parsed.feed
    outlet = _inline_text(feed.get("title") or "") or outlet_from_url(feed.get("link"))
    language = feed.get("language")
    for number, entry in enumerate(parsed.entries, start=1):
        article = _entry_article(entry, number, file, outlet, language)
        yield FeedItem(entry.get("link"), bool(entry.get("content")), article)


def _entry_article(
    entry: Any, number: int, file: str, outlet: str | None, language: str | None
) -> Article | IngestError:
    link: str | None = entry.get("link")
    where = f"feed entry {number}" + (f" ({link})" if link else "")
    title = _inline_text(entry.get("title") or "")
    if not title:
        return IngestError(file, None, f"{where} has no title")
    body = drop_invisible(_entry_text(entry))
    if not body:
        reason = f"{where} has no text, only a headline; fetch the page and ingest its HTML instead"
        return IngestError(file, None, reason)
    return make_article(
        title=title,
        body=body,
        url=link,
        outlet=outlet or outlet_from_url(link),
        published=_entry_published(entry),
        language=language,
        origin=Origin(file),
    )


def _entry_text(entry: Any) -> str:
    # Full content first, the longest part when there are several (Atom allows it); else summary.
    parts = [(part.get("value") or "", part.get("type") or "") for part in entry.get("content") or []]
    if not parts:
        detail = entry.get("summary_detail") or {}
        parts = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    value, kind = max(parts, key=lambda part: len(part[0]))
    if kind == "text/plain":
        return clean_paragraphs(value)
    return html_to_text(value)


def _entry_published(entry: Any) -> datetime | None:
    # feedparser gives times as UTC struct_time, whatever offset the feed wrote.
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment is None:
        return None
    try:
        published = datetime.fromtimestamp(calendar.timegm(moment), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return published if published.year in PUBLISHED_YEARS else None


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment: block elements as paragraphs, `<br>` as line breaks."""
    if "<" not in markup:
        return markup
    markup = _NOT_XML.sub(" ", markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return markup
    for element in root.iter():
        # Line breaks in the markup are spaces; only the elements below break lines.
        element.text = _SPACE.sub(" ", element.text or "")
        element.tail = _SPACE.sub(" ", element.tail or "")
        if element.tag == "br":
            element.tail = "\n" + element.tail
        elif element.tag in _BLOCKS:
            element.text = "\n\n" + element.text
            element.tail = "\n\n" + element.tail
    paragraphs = (_clean_lines(paragraph) for paragraph in _PARAGRAPH_BREAK.split(root.text_content()))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _inline_text(markup: str) -> str:
    return " ".join(drop_invisible(html_to_text(markup)).split())


def _clean_lines(paragraph: str) -> str:
    lines = (clean_line(line) for line in paragraph.split("\n"))
    return "\n".join(line for line in lines if line)
