"""What to read and how: listing paths, the size limit, format detection, dispatch to readers.

A format comes from the `Source` (the CLI's `--format`), else from the file's extension, else
from the first characters of its text. Every failure is an `IngestError` for that one file.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsprism.chars import drop_invisible, has_surrogate
from newsprism.ingest.decode import DecodeError, decode
from newsprism.ingest.errors import IngestError
from newsprism.ingest.feed import read_feed
from newsprism.ingest.html import read_html
from newsprism.ingest.tabular import read_csv, read_jsonl
from newsprism.ingest.text import read_text
from newsprism.model import Article, clean_line

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
    """A file to read (`-` for standard input) and its format, or None to detect it.

    `outlet` names the outlet of the file's articles that name none themselves (no outlet field,
    source line, site name or URL): given with `--outlet`, or the folder the file was found in.
    """

    path: str
    format: str | None = None
    outlet: str | None = None


def list_sources(
    paths: Sequence[str | Path], *, exclude: Collection[str | Path] = (), outlet: str | None = None
) -> tuple[list[Source], list[IngestError]]:
    """The files to read: directories expanded recursively in name order, hidden files and
    directories skipped. Each file's articles that name no outlet get `outlet`; without it, a
    file found in a folder under a given directory gets the name of that first folder (the usual
    way to keep a collection, `news/kommersant/…`, `news/meduza/…`); a file given by name or
    lying directly in the given directory gets none.

    A path that does not exist, a dangling symlink or a symlink loop, a named pipe or device
    (reading it would block), and a file name that is not UTF-8 are errors.

    `exclude` are the files newsprism itself writes (the store in use and its -wal, -shm and
    -journal files, the report): skipped inside directories, an error when given by name.
    """
    sources: list[Source] = []
    errors: list[IngestError] = []
    seen: set[Path] = set()
    own = {_real(path) for path in exclude}
    for given in paths:
        name = str(given)
        if name == STDIN:
            sources.append(Source(STDIN, outlet=outlet))
            continue
        kind = _kind(Path(given))
        if isinstance(kind, IngestError):
            errors.append(kind)
        elif _real(name) in own:
            errors.append(IngestError(_shown(name), None, OWN_FILE))
        elif kind == "directory":
            found: list[Source] = []
            _walk(Path(given), found, errors, seen, own)
            sources.extend(_with_outlet(source, Path(given), outlet) for source in found)
        else:
            sources.append(Source(name, format_for_path(name), outlet))
    return sources, errors


def _with_outlet(source: Source, directory: Path, outlet: str | None) -> Source:
    """`source` with the outlet given, else the name of its first folder under `directory`."""
    if outlet is None:
        folders = Path(source.path).relative_to(directory).parts[:-1]
        outlet = (clean_line(drop_invisible(folders[0])) or None) if folders else None
    return dataclasses.replace(source, outlet=outlet) if outlet else source


OWN_FILE = "is a file newsprism writes (the store given with --db, or the report), not an input"


def _walk(
    directory: Path, sources: list[Source], errors: list[IngestError], seen: set[Path], own: set[str]
) -> None:
    try:
        key = directory.resolve()
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        errors.append(
            IngestError(_shown(str(directory)), None, f"cannot list directory: {error.strerror or error}")
        )
        return
    if key in seen:  # a symlink back up the tree
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith(".") or _real(entry) in own:
            continue
        kind = _kind(entry)
        if isinstance(kind, IngestError):
            errors.append(kind)
        elif kind == "directory":
            _walk(entry, sources, errors, seen, own)
        else:
            sources.append(Source(str(entry), format_for_path(entry.name)))


def _kind(path: Path) -> str | IngestError:
    """`file` or `directory`, or the error that says why the path cannot be read."""
    name = str(path)
    if has_surrogate(name):
        reason = "the file name is not valid UTF-8; rename it (for example with convmv) to read it"
        return IngestError(_shown(name), None, reason)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return IngestError(name, None, "symlink loop: following the link leads back to it; fix it")
        try:
            target: Path | None = path.readlink()
        except OSError:
            target = None
        if target is not None:
            return IngestError(name, None, f"dangling symlink: it points to {target}, which does not exist")
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return IngestError(name, None, "no such file or directory")
        return IngestError(name, None, f"cannot access: {error.strerror or error}")
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISREG(mode):
        return "file"
    return IngestError(name, None, _not_a_file(mode))


def _not_a_file(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a device"
    return f"is {what}, not a file: reading it could wait forever; to read a pipe, give - and redirect it"


def _real(path: str | Path) -> str:
    return os.path.realpath(path)


def _shown(name: str) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 as `\\xe9`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace") if has_surrogate(name) else name


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
    text = drop_invisible(decoded.text)  # before any offset exists: see newsprism.chars
    fmt = source.format or format_for_path(source.path) or sniff_format(text)
    for item in READERS[fmt](text, source.path):
        if source.outlet and isinstance(item, Article) and not item.outlet:
            item = dataclasses.replace(item, outlet=source.outlet)
        yield item


def read_paths(
    paths: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    exclude: Collection[str | Path] = (),
) -> Iterator[Article | IngestError]:
    """`list_sources` then `read_source` for each: the errors of listing come first."""
    sources, errors = list_sources(paths, exclude=exclude)
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
        if not stat.S_ISREG(status.st_mode):
            return IngestError(path, None, _not_a_file(status.st_mode))
        if stat.S_ISREG(status.st_mode) and status.st_size > max_bytes:
            return _too_large(path, status.st_size, max_bytes)
        with file.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # a file that grew since stat
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
