"""Every command of the CLI is shown in use in the README or docs/ (a new command without an example
of how it is called fails here), and answers `--help`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

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


COMMANDS = _commands(typer.main.get_command(app))


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_answers_help(command: str) -> None:
    """`newsprism <command> --help` exits 0 and prints a usage line that names the command."""
    result = CliRunner().invoke(app, [*command.split(), "--help"], prog_name="newsprism")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    usage = next(line.strip() for line in result.output.splitlines() if line.strip())
    assert re.fullmatch(rf"Usage: newsprism {re.escape(command)} \[OPTIONS\].*", usage), usage
    assert "--help" in result.output


def test_cli_help_covers_every_command() -> None:
    assert len(COMMANDS) >= 18 and {"analyze", "serve", "sources add", "watch"} <= set(COMMANDS)


def _excerpt_chunks(readme: str) -> list[list[str]]:
    """The README's excerpt of `analyze` on the samples, as runs of lines between the «…» marks."""
    start = readme.index("`analyze` on the two sample articles prints")
    block = readme[readme.index("```\n", start) + 4 :]
    block = block[: block.index("```")]
    chunks: list[list[str]] = [[]]
    for line in block.splitlines():
        if line == "…":
            chunks.append([])
        else:
            chunks[-1].append(line.rstrip())
    return [chunk for chunk in chunks if chunk]


@pytest.mark.slow
def test_readme_output_excerpt_is_what_analyze_prints(seeds_dir: Path, tmp_path: Path) -> None:
    chunks = _excerpt_chunks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(chunks) >= 5
    env = dict(os.environ, COLUMNS="120", PYTHONPATH=str(ROOT / "src"))
    env.pop("NEWSPRISM_LEXICONS", None)
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", "analyze", str(seeds_dir)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    printed = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
    at = 0
    for chunk in chunks:  # each run of lines printed as it is, the runs in the README's order
        found = next(
            (i for i in range(at, len(printed) - len(chunk) + 1) if printed[i : i + len(chunk)] == chunk),
            None,
        )
        assert found is not None, "README excerpt not in the output of analyze:\n" + "\n".join(chunk)
        at = found + len(chunk)
