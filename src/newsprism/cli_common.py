"""What every command module of the CLI shares: its two consoles, the store and JSON options, the
exit codes. Nothing printed through the consoles is read as markup or emoji codes: output is built
from `present.safe_text`'s Text."""

from __future__ import annotations

import json
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INPUT_ERRORS",
    "EXIT_OK",
    "DbOption",
    "JsonOption",
    "err",
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
