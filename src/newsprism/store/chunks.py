"""Long lists of keys cut for SQL `IN (…)` clauses: SQLite takes at most 32,766 bound parameters
in one statement (999 before 3.32) and PostgreSQL plans a shorter list faster, so every query by
ids or URLs asks for at most `IN_CHUNK` at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

__all__ = ["IN_CHUNK", "in_chunks"]

IN_CHUNK = 500
T = TypeVar("T")


def in_chunks(keys: Sequence[T]) -> Iterator[Sequence[T]]:
    """`keys` in consecutive slices of at most `IN_CHUNK`."""
    for start in range(0, len(keys), IN_CHUNK):
        yield keys[start : start + IN_CHUNK]
