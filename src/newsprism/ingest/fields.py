"""Field helpers every reader shares: dates, outlets from URLs, language, article assembly."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from newsprism.chars import drop_invisible
from newsprism.model import Article, Origin, clean_line

PUBLISHED_FORMATS = (
    "ISO 8601 (2024-03-01T12:30:00+03:00) or RFC 2822 (Fri, 01 Mar 2024 12:30:00 +0300), years 1800-2200"
)
# A publication date outside these years is a typo or a placeholder (0001-01-01); accepting it would
# overflow the date arithmetic of the analysis (yesterday of 1 January of year 1).
PUBLISHED_YEARS = range(1800, 2201)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LANGUAGE_SAMPLE = 5000
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ \t\u00a0]*\n)+")


def parse_published(value: str) -> datetime | None:
    """An aware UTC datetime from ISO 8601 or RFC 2822 text, or None when it is neither.

    A time without an offset (or a bare date) is taken as UTC, so that every `published`
    compares with every other. A date outside `PUBLISHED_YEARS` is None too.
    """
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is in year 0 in UTC
        return None
    return moment if moment.year in PUBLISHED_YEARS else None


def outlet_from_url(url: str | None) -> str | None:
    """The host of `url` without `www.`, or None when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def guess_language(text: str) -> str:
    """`ru` when most letters are Cyrillic, `uk` when they are and at least one in a hundred is
    a letter Russian lacks (і, ї, є, ґ: «Київ», «єдиний»), `en` when most are Latin, else `und`."""
    sample = text[:_LANGUAGE_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    letters = cyrillic + latin
    if letters and cyrillic * 2 > letters:
        ukrainian = len(_UKRAINIAN.findall(sample))
        return "uk" if ukrainian >= 2 and ukrainian * 100 >= cyrillic else "ru"
    if letters and latin * 2 > letters:
        return "en"
    return "und"


def normalise_language(value: str) -> str:
    """A language tag's primary subtag in lower case: `ru-RU` -> `ru`."""
    return value.strip().replace("_", "-").split("-")[0].lower()


def clean_paragraphs(text: str) -> str:
    """Text with `\\r\\n` as `\\n`, trailing spaces stripped, and paragraphs one blank line apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


def make_article(
    *,
    title: str,
    body: str,
    origin: Origin,
    lead: str = "",
    url: str | None = None,
    outlet: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
) -> Article:
    """An `Article` with the shared fallbacks: outlet from the URL's host, language guessed;
    invisible characters and NUL dropped from every field (`newsprism.chars`)."""
    # Invisible characters and NUL are dropped before the text exists, so every offset the analysis
    # takes indexes the stored text, and «Пу\u200bтин» is stored, matched and shown as «Путин».
    title = clean_line(drop_invisible(title))
    lead, body = drop_invisible(lead), drop_invisible(body)
    url = drop_invisible(url or "").strip() or None
    outlet = clean_line(drop_invisible(outlet or "")) or outlet_from_url(url)
    language = normalise_language(language or "") or guess_language(f"{title}\n{lead}\n{body}")
    return Article(
        title=title,
        body=body,
        lead=lead,
        url=url,
        outlet=outlet,
        published=published,
        language=language,
        origin=origin,
    )
