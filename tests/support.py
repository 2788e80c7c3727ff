"""Helpers shared by the tests, in an ordinary module that they import (`from support import ...`).

tests/conftest.py is pytest's own file: it holds the fixtures, which pytest hands to a test by
name, and the hooks, and no test imports it. What tests need by name instead (the demo corpus's
path, Chromium's path and flags, the `newsprism` command line, the local news server's routes,
copies of a store, checks of a page's layout, Docs built by hand for the rule tests) lives here, and
conftest imports from here what its fixtures need."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from newsprism.analyse import Pipeline, Segment, TagMorph
from newsprism.analyse.morph import Lemmatize
from newsprism.compare import compare_story, comparison_dict
from newsprism.ingest import IngestError, read_paths
from newsprism.model import Article, Doc, Entity, EntityType, Story

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The command line, run as a subprocess by the tests and fixtures that need a real process.
NEWSPRISM = [sys.executable, "-m", "newsprism"]


def variants(count: int, path: Path) -> Path:
    """`count` new articles as JSON lines, made from the demo corpus: each example with a numbered
    title and one sentence added, so every one is a new article about the same event."""
    examples = [a for a in read_paths([EXAMPLES]) if not isinstance(a, IngestError)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = examples[n % len(examples)]
            record = {
                "title": f"{article.title} (дополнено, {n})",
                "text": f"{article.lead}\n\n{article.body}\n\nДополнение {n}: подробности уточняются.",
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
            }
            out.write(json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False))
            out.write("\n")
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a closed SQLite store (its -wal is checkpointed when the last writer closes)."""
    shutil.copyfile(source, target)
    return target


@dataclass
class Route:
    """What the local news server answers on one path. With `etag`, an If-None-Match that
    matches gets 304; `delay` waits before answering; `handle` replaces it all."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0
    handle: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class NewsServer:
    """A real HTTP server on 127.0.0.1 (never any other address) serving `routes` by path, and
    the log of (path, request headers) it received."""

    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for logged, _ in self.log if logged == path)


def overlapping(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    """The pairs of boxes (x, y, width, height) that intersect."""
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], i + 1)
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


def timeline_labels(page: Page) -> list[dict[str, float]]:
    """The rendered boxes of the coverage timeline's labels (outlet rows, date ticks, events)."""
    boxes: list[dict[str, float]] = page.locator("svg.timeline text").evaluate_all(
        "ts => ts.map(t => { const r = t.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
    )
    return boxes


# Docs built by hand for the rule tests: the text's own paragraphs, sentences, tokens, parts of
# speech and lemmas (razdel and slovnet's morphology tagger, the real first three steps of the
# pipeline, about a second to load once) and the entities a test gives, found in the text by search.
# No NER, linking or later step runs, so a rule test depends on nothing but the rules and its input.
# A given entity: (mention, type) or (mention, type, name), where name is its normal and canonical
# form (default: the mention itself), e.g. ("Петрова", "PER", "Иван Петров").
HandEntity = tuple[str, EntityType] | tuple[str, EntityType, str]


@cache
def _tagging() -> Pipeline:
    return Pipeline([Segment(), TagMorph(), Lemmatize()])


def hand_doc(text: str, entities: Sequence[HandEntity] = ()) -> Doc:
    """A Doc of `text` with tokens, morphology and lemmas from the real taggers and the given
    entities, each at every place its mention occurs (not inside an earlier given one), as the
    `entities` and `links` steps would have left them. A mention that is not in the text or does not
    start and stop at token bounds is an error of the test."""
    doc = _tagging()(Doc(text=text))
    starts = {token.start for token in doc.tokens}
    stops = {token.stop for token in doc.tokens}
    placed: list[Entity] = []
    for mention, kind, *named in entities:
        name = named[0] if named else mention
        at = text.find(mention)
        if at < 0:
            raise ValueError(f"entity {mention!r} is not in the text")
        while at >= 0:
            stop = at + len(mention)
            if at not in starts or stop not in stops:
                raise ValueError(f"entity {mention!r} at {at} does not start and stop at token bounds")
            if not any(e.start < stop and at < e.stop for e in placed):
                placed.append(Entity(at, stop, kind, normal=name, canonical=name, link_rule="hand"))
            at = text.find(mention, stop)
    doc.entities = sorted(placed, key=lambda e: (e.start, e.stop))
    doc.steps += ["entities", "links"]
    return doc


def figure_rows(pipeline: Pipeline, bodies: dict[str, str]) -> list[dict[str, Any]]:
    """The figure rows of the comparison of one story made of one article per outlet (outlet name ->
    body), as the report and the web read them."""
    articles = [
        Article(title=f"Новости: {outlet}", body=body, outlet=outlet) for outlet, body in bodies.items()
    ]
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    story = Story("figures", "event", "тест", [a.id for a in articles])
    comparison = compare_story(story, list(zip(articles, docs, strict=True)))
    rows: list[dict[str, Any]] = comparison_dict(comparison)["figures"]
    return rows
