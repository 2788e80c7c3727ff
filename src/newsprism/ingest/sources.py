"""What to read and how: listing paths, the size limit, format detection, dispatch to readers.

A format comes from the `Source` (the CLI's `--format`), else from the file's extension, else
from the first characters of its text. Every failure is an `IngestError` for that one file.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsprism.ingest.decode import DecodeError, decode
from newsprism.ingest.errors import IngestError
from newsprism.ingest.feed import read_feed
from newsprism.ingest.html import read_html
from newsprism.ingest.tabular import read_csv, read_jsonl
from newsprism.ingest.text import read_text
from newsprism.model import Article

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
STDIN = "-"

Reader = Callable[[str, str], Iterator[Article | IngestError]]
READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "html": read_html,
    "feed": read_feed,
}
FORMATS = tuple(READERS)
EXTENSIONS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_TAGS = ("<rss", "<feed", "<rdf:rdf")
_SNIFF_CHARS = 4096


@dataclass(slots=True, frozen=True)
class Source:
    """A file to read (`-` for standard input) and its format, or None to detect it."""

    path: str
    format: str | None = None


def list_sources(paths: Sequence[str | Path]) -> tuple[list[Source], list[IngestError]]:
    """The files to read: directories expanded recursively in name order, hidden files and
    directories skipped; a path that does not exist is an error."""
    sources: list[Source] = []
    errors: list[IngestError] = []
    seen: set[Path] = set()
    for given in paths:
        name = str(given)
        if name == STDIN:
            sources.append(Source(STDIN))
            continue
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:
            errors.append(IngestError(name, None, f"cannot access: {error.strerror or error}"))
            continue
        if is_dir:
            _walk(path, sources, errors, seen)
        elif exists:
            sources.append(Source(name, format_for_path(name)))
        else:
            errors.append(IngestError(name, None, "no such file or directory"))
    return sources, errors


def _walk(directory: Path, sources: list[Source], errors: list[IngestError], seen: set[Path]) -> None:
    try:
        key = directory.resolve()
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        errors.append(IngestError(str(directory), None, f"cannot list directory: {error.strerror or error}"))
        return
    if key in seen:  # a symlink back up the tree
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            _walk(entry, sources, errors, seen)
        elif entry.is_file():  # not sockets or pipes, which would block a directory read
            sources.append(Source(str(entry), format_for_path(entry.name)))


def format_for_path(path: str) -> str | None:
    """The format a file's extension names, or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def sniff_format(text: str) -> str:
    """The format the start of `text` suggests: JSON, a feed, an HTML page, else plain text."""
    head = text[:_SNIFF_CHARS].lstrip().lower()
    if head.startswith("{") or (head.startswith("[") and head[1:].lstrip().startswith("{")):
        return "jsonl"
    if not head.startswith("<"):
        return "text"
    if any(tag in head for tag in _FEED_TAGS):
        return "feed"
    if head.startswith("<?xml") and "<html" not in head:
        return "feed"
    return "html"


def read_source(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Article | IngestError]:
    """The articles in one file, and an `IngestError` for the file or each bad record in it.

    Never raises for bad input. A file over `max_bytes` is rejected by its size before it is
    read; standard input (`-`, read from `stdin`, by default `sys.stdin.buffer`) is read up to
    the limit and rejected past it.
    """
    if source.format is not None and source.format not in READERS:
        reason = f"unknown format {source.format!r}; use one of {', '.join(FORMATS)}"
        yield IngestError(source.path, None, reason)
        return
    data = _load(source.path, max_bytes, stdin)
    if isinstance(data, IngestError):
        yield data
        return
    try:
        decoded = decode(data)
    except DecodeError as error:
        yield IngestError(source.path, None, str(error))
        return
    text = decoded.text
    fmt = source.format or format_for_path(source.path) or sniff_format(text)
    yield from READERS[fmt](text, source.path)


def read_paths(
    paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Article | IngestError]:
    """`list_sources` then `read_source` for each: the errors of listing come first."""
    sources, errors = list_sources(paths)
    yield from errors
    for source in sources:
        yield from read_source(source, max_bytes=max_bytes, stdin=stdin)


def _load(path: str, max_bytes: int, stdin: BinaryIO | None) -> bytes | IngestError:
    """The bytes of a file or of standard input, or an error; at most `max_bytes` are read."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = stream.read(max_bytes + 1)
        except OSError as error:
            return IngestError(path, None, f"cannot read standard input: {error.strerror or error}")
        return _too_large(path, None, max_bytes) if len(data) > max_bytes else data
    file = Path(path)
    try:
        status = file.stat()
        if stat.S_ISDIR(status.st_mode):
            return IngestError(path, None, "is a directory, not a file; list it to read the files in it")
        if stat.S_ISREG(status.st_mode) and status.st_size > max_bytes:
            return _too_large(path, status.st_size, max_bytes)
        with file.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # a pipe, or a file that grew since stat
    except OSError as error:
        return IngestError(path, None, f"cannot read: {error.strerror or error}")
    return _too_large(path, None, max_bytes) if len(data) > max_bytes else data


def _too_large(path: str, size: int | None, max_bytes: int) -> IngestError:
    limit = _size(max_bytes)
    excess = f"{_size(size)} > limit {limit}" if size is not None else f"over the limit of {limit}"
    what = "input" if path == STDIN else "file"
    return IngestError(path, None, f"{what} too large: {excess}; split it or raise --max-file-size")


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
