"""Every command of the CLI is shown in use in the README or docs/: a new command without an example
of how it is called fails here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from newsprism.cli import app

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: Any, prefix: str = "") -> list[str]:
    """The commands of a click group (typer carries its own copy of click), sub-groups' as «group sub»."""
    names: list[str] = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            names += _commands(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def test_cli_docs_every_command_has_an_example() -> None:
    root = typer.main.get_command(app)
    assert hasattr(root, "commands")
    commands = _commands(root)
    assert {"analyze", "stories", "pairs", "sources add"} <= set(commands)
    docs = "\n".join(
        p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    )
    missing = [c for c in commands if not re.search(rf"newsprism {re.escape(c)}(?![\w-])", docs)]
    assert missing == [], f"commands with no example in README.md or docs/: {missing}"
