"""Every exception newsprism raises, in one place.

The tree; a built-in base in brackets is a class's second base, kept from before, so an
`except ValueError` or `except RuntimeError` catches what it always caught, and `except
NewsprismError` catches them all:

    Exception
    └── NewsprismError               anything newsprism raises on purpose
        ├── ReportError              a report file that cannot be written (present/report_file.py)
        ├── FetchError               a URL not fetched: .url, .reason, .later (fetch/client.py)
        │   └── Disallowed           robots.txt forbids the URL to our User-Agent
        ├── PipelineError [ValueError]     steps in an order that cannot work (analyse/pipeline.py)
        ├── DecodeError [ValueError]       bytes that are not text we can read (ingest/decode.py)
        ├── SourcesFileError [ValueError]  a sources file that cannot be read (fetch/sources_file.py)
        ├── GroupsError [ValueError]       an outlet groups file that cannot be read (web/groups.py)
        ├── SchemaError [ValueError]       stored comparison data of another schema (compare/record.py)
        ├── StoreError [RuntimeError]      a store that cannot be opened or written (store/base.py)
        │   └── StoreVersionError          a store whose schema is newer than this newsprism knows
        └── ClusterError [RuntimeError]    a Dask cluster that cannot be reached or used (run/dask.py)

The modules named above re-export their classes, so `from newsprism.store import StoreError`
keeps working. Two things named like errors are records of a failure, not raised:
`newsprism.ingest.errors.IngestError` (one bad input of a batch, the rest goes on) and
`newsprism.web.uploads.ReadError` (the same, in the web API's answer). `fetch/client.py`'s
private `_Retry` is control flow inside the client and never leaves it.

This module imports nothing from the rest of the package, so any module can import it.
"""

from __future__ import annotations

__all__ = [
    "ClusterError",
    "DecodeError",
    "Disallowed",
    "FetchError",
    "GroupsError",
    "NewsprismError",
    "PipelineError",
    "ReportError",
    "SchemaError",
    "SourcesFileError",
    "StoreError",
    "StoreVersionError",
]


class NewsprismError(Exception):
    """The base of every exception newsprism raises on purpose."""


class ReportError(NewsprismError):
    """A report that cannot be written: where, why, and what to do."""


class FetchError(NewsprismError):
    """A URL that could not be fetched; `str()` says which and why."""

    def __init__(self, url: str, reason: str, *, later: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.later = later  # a timeout, a dropped connection or a 5xx: asking later may succeed


class Disallowed(FetchError):
    """robots.txt forbids this URL to our User-Agent."""


class PipelineError(NewsprismError, ValueError):
    """A pipeline whose steps are in an order that cannot work."""


class DecodeError(NewsprismError, ValueError):
    """The bytes are not text this package can read; the message is the reason to show."""


class SourcesFileError(NewsprismError, ValueError):
    """A sources file that cannot be read; the message names the file, the entry and the fix."""


class GroupsError(NewsprismError, ValueError):
    """The groups file cannot be read; the message names the file and the field."""


class SchemaError(NewsprismError, ValueError):
    """Stored comparison data of another schema version (or not a comparison at all)."""


class StoreError(NewsprismError, RuntimeError):
    """The store cannot be opened or written; the message says which store and why."""


class StoreVersionError(StoreError):
    """The store's schema is newer than this newsprism knows."""


class ClusterError(NewsprismError, RuntimeError):
    """The Dask cluster cannot be reached or its workers cannot run the analysis."""
