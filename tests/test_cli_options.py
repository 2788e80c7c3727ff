"""Option values are checked: a wrong one names the valid choices and exits 2, before any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

NEWSPRISM = [sys.executable, "-m", "newsprism"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NEWSPRISM, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_cli_option_values_name_the_valid_choices(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    wrong_kind = _run("stories", "--kind", "foo", "--db", db)
    assert wrong_kind.returncode == 2
    assert "'foo' is not one of 'event', 'storyline'" in " ".join(wrong_kind.stderr.replace("│", " ").split())
    wrong_type = _run("entities", "--type", "person", "--db", db)
    assert wrong_type.returncode == 2
    assert "'person' is not one of" in wrong_type.stderr and "'per'" in wrong_type.stderr
    assert not Path(db).exists()  # refused before the store is opened
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run("ingest", str(empty), "--db", db).returncode == 0  # reading commands need a store
    goods = (["stories", "--kind", "storyline"], ["entities", "--type", "per"], ["entities", "--type", "ORG"])
    for good in goods:
        result = _run(*good, "--db", db)
        assert result.returncode == 0, result.stderr
