"""What a database's complaint means for the user: `store_problem` turns the error of a failing
database (a full disk, a read-only or damaged file, a lock held too long) into one line that names
the store, says what the database said, and, where a word of the message tells, what to do."""

from __future__ import annotations

__all__ = ["store_problem"]

# What a database's complaint means for the user, by a word of its message (SQLite's and PostgreSQL's).
_FULL = "free some space and run the command again: what was written before is kept"
_READ_ONLY = "the store's file or its folder is read-only (SQLite writes -wal and -shm files beside it)"
_DAMAGED = "the file is damaged: restore it from a copy, or analyse the articles into a new store"
_ADVICE = (
    ("is full", _FULL),
    ("no space left", _FULL),
    ("could not extend file", _FULL),
    ("readonly", _READ_ONLY),
    ("read-only", _READ_ONLY),
    ("unable to open", "check that the store's folder exists and is writable"),
    ("malformed", _DAMAGED),
    ("could not decode", _DAMAGED),
    ("not a database", "give the path of a newsprism store, or a new file name"),
    ("locked", "another process holds the store for too long; try again when it has finished"),
)


def store_problem(url: str, error: BaseException) -> str:
    """One line: which store, what the database said, and what to do about it."""
    said = " ".join(str(error).split()) or type(error).__name__
    if len(said) > 200:  # a damaged page can put kilobytes of garbage into the message
        said = said[:200] + "…"
    advice = next((tip for word, tip in _ADVICE if word in said.lower()), "")
    return f"the store {url}: {said}" + (f"; {advice}" if advice else "")
