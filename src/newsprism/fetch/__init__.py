"""Following outlets over HTTP: sources files, a polite client, one round of fetching.

`sources_file` reads TOML and OPML lists of outlets; `client` is the only module that makes HTTP
requests (robots.txt, rate limits, validators, caps); `harvest` turns one source's feeds into new
articles; `round` stores them through the same runner as `analyze` and records each source's
state; `urls` canonicalises entry URLs.
"""

from newsprism.fetch.client import Disallowed, Fetcher, FetchError, FetchSettings
from newsprism.fetch.round import DEFAULT_EVERY, RoundReport, SourceResult, fetch_round
from newsprism.fetch.sources_file import SourcesFileError, load_sources
from newsprism.fetch.urls import canonical_url

__all__ = [
    "DEFAULT_EVERY",
    "Disallowed",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "RoundReport",
    "SourceResult",
    "SourcesFileError",
    "canonical_url",
    "fetch_round",
    "load_sources",
]
