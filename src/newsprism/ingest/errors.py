"""`IngestError`: one input that could not be read, returned as a result rather than raised."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class IngestError:
    """One bad input (a file, a line, a feed entry); the rest of the batch goes on.

    `file` is the path as given (`-` for standard input); `line` is 1-based and set only for
    line-based formats (JSONL, CSV); `reason` says what went wrong and what to do about it.
    """

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"
