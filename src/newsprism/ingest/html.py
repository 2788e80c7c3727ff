"""HTML pages: the main text and metadata, as trafilatura extracts them.

This is the only module that calls trafilatura. Boilerplate (menus, footers, comments) is left
out; the page's `<h1>` is dropped from the body when it repeats the title, and the first
paragraph becomes the lead when it is the page's meta description.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import trafilatura
from trafilatura.settings import Document

from newsprism.chars import drop_invisible
from newsprism.ingest.errors import IngestError
from newsprism.ingest.fields import make_article, parse_published
from newsprism.model import Article, Origin, clean_line

NOTHING_EXTRACTED = "no article text found in the HTML page; is it an article page, not an index or a stub?"
NO_TITLE = "no title found in the HTML page (no <title>, <h1> or og:title)"
# Date and time, where the page gives a time; htmldate's default format drops it.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Fewer words than this is a menu or a stub that the extractor fell back to, not an article.
MIN_WORDS = 5
# What newsprism's own HTML report has in its head (present/templates/report.html): such a page is
# newsprism's output, not an article, and is skipped (`analyze .` twice would read its report).
OWN_REPORT_MARKER = '<meta name="generator" content="newsprism'


def read_html(text: str, file: str) -> Iterator[Article | IngestError]:
    """One article from an HTML page, or an `IngestError` when no article text is found; nothing
    from a report newsprism wrote."""
    if OWN_REPORT_MARKER in text[:4096]:
        return
    params = {
        "original_date": True,
        "extensive_search": True,
        "outputformat": _DATE_FORMAT,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
    }
    try:
        document = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=params,
        )
    except Exception as error:  # a library failure on odd markup is this file's error, not the batch's
        yield IngestError(file, None, f"cannot parse HTML: {type(error).__name__}: {error}")
        return
    if not isinstance(document, Document):
        yield IngestError(file, None, NOTHING_EXTRACTED)
        return
    paragraphs = [clean_line(line) for line in drop_invisible(document.text or "").split("\n")]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if sum(len(paragraph.split()) for paragraph in paragraphs) < MIN_WORDS:
        yield IngestError(file, None, NOTHING_EXTRACTED)
        return
    title = clean_line(drop_invisible(document.title or ""))
    if not title:
        yield IngestError(file, None, NO_TITLE)
        return
    if paragraphs[0] == title and len(paragraphs) > 1:
        paragraphs.pop(0)
    lead = ""
    description = clean_line(document.description or "")
    if description and paragraphs[0] == description and len(paragraphs) > 1:
        lead = paragraphs.pop(0)
    hostname: str = (document.hostname or "").removeprefix("www.")
    yield make_article(
        title=title,
        lead=lead,
        body="\n\n".join(paragraphs),
        url=document.url,
        outlet=document.sitename or hostname,
        published=parse_published(document.date or ""),
        origin=Origin(file),
    )
