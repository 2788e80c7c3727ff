"""What a reader produces: an `Article` (its `id` a hash of its content, `content_id`), where it
came from (`Origin`), and each outlet's `Publication` of its text; `clean_line` tidies a line of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsprism.text import fold

__all__ = [
    "PARAGRAPH_SEP",
    "Article",
    "Origin",
    "Publication",
    "clean_line",
    "content_id",
    "normalise_for_id",
]

PARAGRAPH_SEP = "\n\n"


@dataclass(slots=True, frozen=True)
class Origin:
    """Where an article came from: a file (or `-` for standard input) and, for line-based formats, a line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def normalise_for_id(text: str) -> str:
    """Text as it counts for identity: NFKC, lower case, ё as е, whitespace collapsed."""
    text = fold(unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def content_id(title: str, lead: str, body: str) -> str:
    """A stable 16-hex-digit id of an article's content.

    Where a reader draws the line between lead and body does not change the id, and neither do
    whitespace, case or Unicode composition: the same text ingested twice is one article.
    """
    key = normalise_for_id(title) + "\x1f" + normalise_for_id(lead + " " + body)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One news article as ingested. `id` is derived from the content and never set by readers.

    `published` is timezone-aware when known; readers take a time given without an offset as UTC.
    """

    title: str
    body: str
    lead: str = ""
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str = "ru"
    origin: Origin | None = None
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        self.id = content_id(self.title, self.lead, self.body)

    @property
    def text(self) -> str:
        """The text that analysis annotates: title, lead and body separated by blank lines."""
        return PARAGRAPH_SEP.join(part for part in (self.title, self.lead, self.body) if part)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "origin": {"file": self.origin.file, "line": self.origin.line} if self.origin else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        origin = data.get("origin")
        published = data.get("published")
        return cls(
            title=data["title"],
            body=data["body"],
            lead=data.get("lead") or "",
            url=data.get("url"),
            outlet=data.get("outlet"),
            published=datetime.fromisoformat(published) if published else None,
            language=data.get("language") or "ru",
            origin=Origin(origin["file"], origin.get("line")) if origin else None,
        )


@dataclass(slots=True, frozen=True)
class Publication:
    """One outlet's publication of a text: the same text (one `Article` id) may have several.
    `key` says which are the same publication (outlet and URL); `order` which one stands for the
    text where one is needed (the earliest known date, then the smallest key)."""

    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    origin: Origin | None = None

    @classmethod
    def of(cls, article: Article) -> Publication:
        return cls(article.id, article.outlet, article.url, article.published, article.origin)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.article_id, self.outlet or "", self.url or ""

    @property
    def order(self) -> tuple[bool, str, str, str]:
        # compared in UTC: offsets differ between outlets
        when = self.published
        published = (when.astimezone(UTC) if when.tzinfo else when).isoformat() if when else ""
        return when is None, published, self.outlet or "", self.url or ""

    def on(self, article: Article) -> Article:
        """The article as this publication carries it (its outlet, URL, date and origin)."""
        return dataclasses.replace(
            article, outlet=self.outlet, url=self.url, published=self.published, origin=self.origin
        )


def clean_line(line: str) -> str:
    """A line with every run of whitespace (spaces, tabs, no-break spaces, vertical tabs and the
    other Unicode spaces) as one space and its ends stripped."""
    return " ".join(line.split())
