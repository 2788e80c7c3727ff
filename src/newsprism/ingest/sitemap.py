"""News sitemaps (Google News sitemap XML): one entry per `<url>`, a link to fetch.

An entry has a location, and usually a title and a publication date in its `news:news`
element, but never the text: each is a `FeedItem` whose item is an `IngestError` saying so,
with its link and date, for the fetcher to read the page. Parsed with lxml without entities or
network access: a sitemap is data from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import lxml.etree

from newsprism.ingest.errors import IngestError
from newsprism.ingest.feed import FeedItem
from newsprism.ingest.fields import parse_published

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def read_sitemap_index(text: str) -> list[tuple[str, datetime | None]] | None:
    """The (location, lastmod) of each `<sitemap>` of a sitemap index, in file order; None when
    the text is not a sitemap index."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError:
        return None
    if root.tag != f"{SITEMAP}sitemapindex":
        return None
    children = []
    for child in root.iter(f"{SITEMAP}sitemap"):
        location = (child.findtext(f"{SITEMAP}loc") or "").strip()
        if location:
            children.append((location, parse_published((child.findtext(f"{SITEMAP}lastmod") or "").strip())))
    return children


def read_sitemap_items(text: str, file: str) -> Iterator[FeedItem]:
    """A `FeedItem` for each `<url>` of a news sitemap; an error item (no link) for a file that
    is not one."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError as error:
        yield FeedItem(None, False, IngestError(file, None, f"cannot parse sitemap: {error}"))
        return
    if root.tag == f"{SITEMAP}sitemapindex":
        reason = "a sitemap index inside a sitemap index: not followed (one level only)"
        yield FeedItem(None, False, IngestError(file, None, reason))
        return
    if root.tag != f"{SITEMAP}urlset":
        yield FeedItem(None, False, IngestError(file, None, "not a sitemap (no <urlset>)"))
        return
    for number, url in enumerate(root.iter(f"{SITEMAP}url"), start=1):
        link = (url.findtext(f"{SITEMAP}loc") or "").strip()
        date = url.findtext(f"{NEWS}news/{NEWS}publication_date") or url.findtext(f"{SITEMAP}lastmod") or ""
        where = f"sitemap entry {number}" + (f" ({link})" if link else "")
        reason = f"{where} has no text of its own; its page is read" if link else f"{where} has no <loc>"
        yield FeedItem(link or None, False, IngestError(file, None, reason), parse_published(date.strip()))
