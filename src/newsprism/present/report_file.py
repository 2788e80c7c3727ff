"""Writing a report file: a path that cannot be written is refused before any work, the file is
written atomically, and a failed write (a full disk) leaves nothing behind.

Every report carries `<meta name="generator" content="newsprism …">` (`templates/report.html`):
ingest recognises a report of ours by it (`ingest/html.py`, `OWN_REPORT_MARKER`) and skips it.
"""

from __future__ import annotations

import contextlib
import errno
from pathlib import Path

from newsprism.errors import ReportError as ReportError

DEFAULT_NAME = "newsprism-report.html"


def check_report_path(path: Path) -> None:
    """Raise `ReportError` when `path` is a folder or its folder does not exist."""
    if path.is_dir():
        raise ReportError(
            f"cannot write the report {path}: it is a folder; give a file name, such as {path / DEFAULT_NAME}"
        )
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ReportError(f"cannot write the report {path}: {folder} {what}; create it or give another path")


def write_report(path: Path, html: str) -> Path:
    """Write the report atomically (a half-written report never replaces a good one); on any
    failure the partial file is removed and a `ReportError` says why."""
    check_report_path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as stream:
            stream.write(html)
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        hint = "; free some space and write it again" if error.errno in (errno.ENOSPC, errno.EDQUOT) else ""
        raise ReportError(f"cannot write the report {path}: {error.strerror or error}{hint}") from error
    return path
