"""Coverage-guided fuzzing (atheris) of printing stored records in the terminal: any title, outlet,
date, id, entity name or error message goes through the tables and lines of `present/` and must
print without an exception and without an escape sequence other than rich's own styles.
Not part of `make test` (`tests/test_present_safe_text.py` is its short version).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/printing.py -runs=1000000 -max_len=512 [corpus_dir]
"""

from __future__ import annotations

import io
import re
import sys

import atheris

# rich is imported before the instrumented block: about 4 times faster, and it is not ours to cover.
from rich.console import Console

with atheris.instrument_imports():
    from newsprism.model import Article, Story
    from newsprism.present.safe_text import error, line
    from newsprism.present.stories import print_story, stories_table
    from newsprism.present.terminal import articles_table, print_article

SGR = re.compile("\x1b\\[[0-9;]*m")


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    raw = [fdp.ConsumeUnicode(64) for _ in range(4)]
    # A store holds UTF-8 (ingest refuses lone surrogates); file names in error lines may not be.
    title, outlet, first, other = (value.encode("utf-8", "replace").decode("utf-8") for value in raw)
    article = Article(title=title or "x", body=other or "y", outlet=outlet or None)
    story = Story(
        id=other,
        kind="storyline" if fdp.ConsumeBool() else "event",
        title=title,
        article_ids=[article.id],
        first=first,
        last=other,
        outlets=[outlet],
        category=other,
        key_entities=[f"PER:{title}"],
        duplicates={article.id: other},
    )
    console = Console(file=io.StringIO(), force_terminal=True, width=fdp.ConsumeIntInRange(20, 200))
    console.print(articles_table([article]))
    console.print(stories_table([story]))
    print_article(console, article, None)
    print_story(console, story, {article.id: article}, {})
    console.print(error(f"{raw[0]}: {raw[1]}"))
    console.print(line((title, "bold"), outlet))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    if "\x1b" in SGR.sub("", output) or "\x07" in output or "\x9b" in output:
        raise AssertionError(f"an escape sequence reached the terminal: {output!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
