"""The bad-input corpus through `newsprism analyze`: each bad input is named with its reason,
every good article lands, and a second run changes nothing. The files in tests/data/bad/ are
invented; what each must give is in tests/data/bad-expected.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from newsprism.cli import EXIT_INPUT_ERRORS, app
from newsprism.store import open_store

BAD = Path(__file__).parent / "data" / "bad"
runner = CliRunner()


def _errors(stderr: str) -> dict[str, str]:
    """'error: PATH[:LINE]: reason' lines by file name (and line)."""
    found = {}
    for line in stderr.splitlines():
        match = re.match(r"error: (.+?(?::\d+)?): (.*)$", line)
        if match:
            found[Path(match.group(1)).name] = match.group(2)
    return found


def test_every_bad_input_is_named_and_every_good_article_lands(tmp_path: Path) -> None:
    expected = json.loads((BAD.parent / "bad-expected.json").read_text(encoding="utf-8"))
    db = str(tmp_path / "bad.db")
    result = runner.invoke(app, ["analyze", str(BAD), "--db", db, "--no-report"])
    assert result.exit_code == EXIT_INPUT_ERRORS
    errors = _errors(result.stderr)
    assert set(errors) == set(expected["errors"]), result.stderr
    for name, reason in expected["errors"].items():
        assert reason in errors[name], (name, errors[name])
    store = open_store(db)
    try:
        titles = sorted(article.title for article in store.articles())
        assert titles == sorted(expected["landed"])
        assert all(store.doc(article.id) is not None for article in store.articles())
    finally:
        store.close()
    again = runner.invoke(app, ["analyze", str(BAD), "--db", db, "--no-report"])
    assert again.exit_code == EXIT_INPUT_ERRORS
    assert f"0 new, {len(expected['landed'])} already stored" in again.stderr
