"""Ingest: files in, `Article`s out, one reader per format.

Formats: plain text (`text.py`), JSONL and CSV (`tabular.py`), HTML pages (`html.py`), RSS and
Atom feeds (`feed.py`); bytes become text in `decode.py`, and `sources.py` lists paths, applies
the size limit, detects formats and dispatches. Nothing here raises for bad input: a file, line
or feed entry that cannot be read is yielded as an `IngestError` and the batch goes on::

    for item in read_paths(["news/", "feed.xml", "-"]):
        if isinstance(item, IngestError):
            print(item)          # "news/a.jsonl:7: malformed JSON: ..."
        else:
            store.add(item)      # an Article
"""

from newsprism.ingest.errors import IngestError
from newsprism.ingest.sources import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    Source,
    list_sources,
    read_paths,
    read_source,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "IngestError",
    "Source",
    "list_sources",
    "read_paths",
    "read_source",
]
