"""What every command module of the CLI shares: its two consoles, the store and JSON options, the
exit codes. Nothing printed through the consoles is read as markup or emoji codes: output is built
from `present.safe_text`'s Text."""

from __future__ import annotations

import json
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console

from newsprism.present.safe_text import error as error_line
from newsprism.store import Store, StoreError, open_store

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INPUT_ERRORS",
    "EXIT_OK",
    "DbOption",
    "JsonOption",
    "err",
    "open_or_exit",
    "out",
    "write_json",
]

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_FAILURE = 0, 1, 2

out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="The store: a SQLite file, or a postgresql://user:password@host/dbname URL.",
        show_default=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write JSON lines instead of readable text.")]


def write_json(stream: TextIO, record: dict[str, Any]) -> None:
    """One JSON line (UTF-8 text as itself, not escaped)."""
    stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def open_or_exit(db: str, *, read_only: bool = False) -> Store:
    """The store for a command; one that cannot be opened ends the command with exit 2. A reading
    command opens it read-only (never creates or changes it)."""
    try:
        return open_store(db, read_only=read_only)
    except StoreError as error:
        err.print(error_line(error))
        raise typer.Exit(EXIT_FAILURE) from error
