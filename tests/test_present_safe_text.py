"""Content printed as plain text: the helper, any string through rich, and the real commands on a
store whose title, outlet and date hold markup and escape sequences."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from newsprism.present.safe_text import error, line, plain, text

NEWSPRISM = [sys.executable, "-m", "newsprism"]
HOSTILE_TITLE = (
    "Мэр [/x] открыл [bold]мост[/] :smile: [link=https://evil.example]ссылка[/link]"
    "\x1b]0;window title\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\клик\x1b]8;;\x1b\\ \x9b31m"
)
ESCAPE, BELL, CSI = "\x1b", "\x07", "\x9b"
SGR = re.compile("\x1b\\[[0-9;]*m")  # the styles rich itself writes

settings.register_profile(
    "safe_text", max_examples=int(os.environ.get("SAFE_TEXT_EXAMPLES", "300")), deadline=None
)


def _render(*renderables: object, terminal: bool = True) -> str:
    console = Console(file=io.StringIO(), force_terminal=terminal, width=100, soft_wrap=not terminal)
    for renderable in renderables:
        console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_present_safe_text_plain_shows_controls_and_drops_invisibles() -> None:
    assert plain("a\x1b[2Jb") == "a\u241b[2Jb"
    assert plain("a\x07\x7f\x9bb") == "a\u2407\u2421\\x9bb"
    assert plain("caf\udce9.txt") == "caf\\xe9.txt"  # a file name that is not UTF-8
    assert plain("Пу\u200bтин\u202e") == "Путин"
    assert plain("one\ntwo\u2028three") == "one two three"
    assert plain("one\ntwo", lines=True) == "one\ntwo"
    assert plain("[/x] :smile:") == "[/x] :smile:"


@settings(settings.get_profile("safe_text"))
@given(value=st.text(), style=st.sampled_from(["", "bold", "red"]))
def test_present_safe_text_any_string_prints_as_itself(value: str, style: str) -> None:
    """Any string, in a line, an error, a table cell: no exception, no escape sequence of its own,
    and every visible character of it in the output (markup and emoji codes included)."""
    table = Table()
    table.add_column("title")
    table.add_row(text(value, style))
    plain_output = _render(line(value, (value, style)), error(value), terminal=False)
    styled_output = _render(table, text(value, style))
    assert ESCAPE not in plain_output and BELL not in plain_output and CSI not in plain_output
    assert ESCAPE not in SGR.sub("", styled_output), "an escape sequence other than rich's own styles"
    for word in plain(value).split():
        assert word in plain_output


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    command = [*NEWSPRISM, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.mark.slow
def test_present_safe_text_markup_in_stored_fields_prints_in_every_command(tmp_path: Path) -> None:
    """A title, an outlet and a file name holding markup and escape sequences: analyze, articles,
    stories, story and a second analyze all print them literally, exit 0, and send no escape."""
    folder = tmp_path / "in [red]"
    folder.mkdir()
    record = {
        "title": HOSTILE_TITLE,
        "text": "Мэр Заречинска Игорь Лапин открыл мост через реку Зарю. «Мост строили три года», — сказал.",
        "outlet": "[/outlet] Курьер \x1b[31m",
        "published": "2024-03-01",
    }
    source = folder / "bad [b]x[i].jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = _run("analyze", str(folder), "--db", db, "--no-report")
    assert first.returncode == 1, first.stderr  # the broken line, named with its file
    assert "in [red]/bad [b]x[i].jsonl:2: malformed JSON" in first.stderr
    stories = _run("stories", "--db", db)
    story_id = stories.stdout.split("│")[1].strip()
    runs = [
        first,
        _run("articles", "--db", db),
        stories,
        _run("story", story_id, "--db", db),
        _run("analyze", str(source), "--db", db, "--no-report"),
    ]
    for result in runs:
        assert "Traceback" not in result.stderr and "MarkupError" not in result.stderr, result.stderr
        output = result.stdout + result.stderr
        assert ESCAPE not in output and BELL not in output and CSI not in output, repr(output)
    assert runs[1].returncode == runs[2].returncode == runs[3].returncode == 0
    assert "[/x]" in runs[1].stdout and "[/outlet] Курьер" in runs[1].stdout
    assert "[/x]" in runs[2].stdout and "[/x]" in runs[3].stdout
    assert "\u241b]0;window title\u2407" in runs[3].stdout  # shown, not obeyed
    assert "1 already stored" in runs[4].stderr
