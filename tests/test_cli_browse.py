"""The browsing commands on the demo corpus analysed by a real `newsprism analyze`: finding
entities by any name in any form, stories by entity, outlet, dates and words, outlets in any case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def _lines(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_browse_entities_name_finds_a_person_by_any_form_of_a_name(demo_db: Path) -> None:
    db = str(demo_db)
    for query in ("громов", "ГРОМОВА", "Громову", "виктор громов", "Виктора Громова"):
        found = _lines("entities", "--db", db, "--name", query)
        assert [e["name"] for e in found] == ["Виктор Громов"], query
    assert _lines("entities", "--db", db, "--name", "Громовой Виктор Петрович") == []
    assert _lines("entities", "--db", db, "--name", "...") == []


def test_cli_browse_stories_filter_by_entity_outlet_and_words(demo_db: Path) -> None:
    db = str(demo_db)
    every = {s["id"] for s in _lines("stories", "--db", db, "--limit", "100")}
    factory = {s["id"] for s in _lines("stories", "--db", db, "--entity", "борейсталь-инвест")}
    gromov = {s["id"] for s in _lines("stories", "--db", db, "--entity", "Громову")}
    assert factory and gromov and factory < every  # the president is named in every story
    # the outlet in any case: only stories it covered
    courier = _lines("stories", "--db", db, "--outlet", "ЗАРЕЧИНСКИЙ КУРЬЕР")
    assert courier and all("Заречинский курьер" in s["outlets"] for s in courier)
    assert {s["id"] for s in courier} < every
    # words in any form, every one in one text
    ferry = _lines("stories", "--db", db, "--words", "паромное сообщение", "--kind", "event")
    assert ferry and all(s["kind"] == "event" for s in ferry)
    assert {s["id"] for s in ferry} < {s["id"] for s in _lines("stories", "--db", db, "--kind", "event")}
    assert _lines("stories", "--db", db, "--words", "паромное сообщение трубный завод трикотаж") == []
    # filters combine: an entity and an outlet that never covered it
    both = _lines("stories", "--db", db, "--entity", "борейсталь-инвест", "--outlet", "заречинский курьер")
    assert {s["id"] for s in both} <= factory
    assert _lines("stories", "--db", db, "--outlet", "nobody.example") == []
    assert _lines("stories", "--db", db, "--entity", "никто никакой") == []


def test_cli_browse_stories_date_range_and_bad_days(demo_db: Path) -> None:
    db = str(demo_db)
    dated = [s for s in _lines("stories", "--db", db, "--limit", "100") if s["first"]]
    undated = _lines("stories", "--db", db, "--since", "1900-01-01")
    assert len(undated) == len(dated)  # an undated story is in no range
    wrong = runner.invoke(app, ["stories", "--db", db, "--since", "2026-13-01"])
    assert wrong.exit_code == 2 and "YYYY-MM-DD" in wrong.output


def test_cli_browse_articles_outlet_in_any_case(demo_db: Path) -> None:
    db = str(demo_db)
    exact = _lines("articles", "--db", db, "--outlet", "Вестник Державы")
    assert exact and all(a["outlet"] == "Вестник Державы" for a in exact)
    assert _lines("articles", "--db", db, "--outlet", "вестник  ДЕРЖАВЫ") == exact
    assert _lines("articles", "--db", db, "--outlet", "Вестник") == []  # a name, not a word of one


def test_cli_browse_stories_list_the_articles_with_no_outlet(demo_db: Path) -> None:
    """The demo's article with no outlet (a file naming none) has its own column in the comparison
    of the ferry event and of its storyline: the list of stories says it is there."""
    db = str(demo_db)
    stories = _lines("stories", "--db", db, "--limit", "100")
    ferry = [s for s in stories if "паромного" in s["title"]]
    assert len(ferry) == 1 and len(ferry[0]["article_ids"]) == 1 + len(ferry[0]["outlets"])
    result = runner.invoke(app, ["stories", "--db", db, "--limit", "100"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows: dict[str, str] = {}  # a story's id: the text of its row and of the lines it wraps onto
    last = ""
    for row in result.stdout.splitlines():
        if row.startswith("│ "):
            last = row.split("│")[1].strip() or last
            rows[last] = rows.get(last, "") + " " + " ".join(row.split("│")[6].split())
    with_unknown = {
        story for story, outlets in rows.items() if "1 article with no outlet" in " ".join(outlets.split())
    }
    lines_of = {
        s["id"]
        for s in stories
        if s["kind"] == "storyline" and set(ferry[0]["article_ids"]) <= set(s["article_ids"])
    }
    assert with_unknown == {ferry[0]["id"], *lines_of} and len(rows) == len(stories)
