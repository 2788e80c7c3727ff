"""The whole analysis of the demo corpus (examples/) as readable markup, kept in a golden file.

Each article is shown in natasha's style (ipymarkup's ASCII markup: the text with its entities,
dates, figures and loaded words underlined and labelled), then one line per annotation: entities
with their normal and canonical forms, dates with their values, figures, quotes with their
speakers, loaded words with their targets. Then the events and storylines, and for each the main
rows of its comparison: facts told by more than one outlet, figures and dates set against each
other, the tone of each outlet toward each actor, and the headlines the bodies do not support.

Any change in what the analysis finds shows up here as a readable diff. When the change is
intended, write the golden file anew and review its diff before committing it:

    NEWSPRISM_REGEN_GOLDEN=1 PYTHONPATH=src python -m pytest tests/test_golden_demo.py

(docs/reliability.md, "The golden markup of the demo corpus").
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from ipymarkup import format_span_ascii_markup  # type: ignore[import-untyped]  # natasha's, no types

from newsprism.analyse import Pipeline
from newsprism.analyse.evaluative.lexicons import ENV_VAR as LEXICONS
from newsprism.compare import compare_story
from newsprism.compare.comparison import Comparison
from newsprism.compare.framing import Span
from newsprism.compare.statements import Statement
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc, Story
from newsprism.stories.build import compute_stories, default_scorer
from newsprism.stories.view import StoryDoc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "demo_corpus.txt"
REGEN = "NEWSPRISM_REGEN_GOLDEN"
WIDTH = 100


def _sign(value: int) -> str:
    return "+" if value > 0 else "−" if value < 0 else "0"


def _quoted(text: str) -> str:
    return "«" + " ".join(text.split()) + "»"


def _markup(doc: Doc) -> Iterator[str]:
    """The text line by line, with every entity, date, figure and loaded word underlined."""
    spans: list[tuple[int, int, str]] = [(e.start, e.stop, e.type) for e in doc.entities]
    spans += [(d.start, d.stop, "DATE") for d in doc.dates]
    spans += [(f.start, f.stop, "NUM") for f in doc.figures]
    spans += [(w.start, w.stop, "EVAL" + _sign(w.polarity)) for w in doc.evaluative]
    offset = 0
    for line in doc.text.split("\n"):
        stop = offset + len(line)
        inside = [(a - offset, b - offset, label) for a, b, label in spans if offset <= a and b <= stop]
        if line.strip():
            for row in format_span_ascii_markup(line, sorted(inside), width=WIDTH):
                yield "  " + row.rstrip()
        else:
            yield ""
        offset = stop + 1


def _annotations(doc: Doc) -> Iterator[str]:
    text = doc.span_text
    yield "  entities:"
    for e in doc.entities:
        forms = e.normal if e.canonical in ("", e.normal) else f"{e.normal} → {e.canonical}"
        rule = f" ({e.link_rule})" if e.link_rule else ""
        yield f"    {e.type} {_quoted(text(e))} = {forms} [{e.kind}, sentiment {_sign(e.sentiment)}]{rule}"
    yield "  dates:"
    for d in doc.dates:
        value = d.value or "?"
        flags = " relative" if d.relative else ""
        part = f" {d.part}" if d.part else ""
        yield f"    {_quoted(text(d))} → {value}{part} ({d.precision}{flags}; {d.rule})"
    yield "  figures:"
    for f in doc.figures:
        value = f"{f.value:g}" + (f"–{f.high:g}" if f.high is not None else "")
        unit = " ".join(x for x in (f.unit, f.counted) if x)
        yield f"    {_quoted(text(f))} → {f.approx} {value} {unit}".rstrip() + f" ({f.rule})"
    yield "  quotes:"
    for q in doc.quotes:
        speaker = q.speaker or "?"
        said = _quoted(doc.text[q.speaker_start : q.speaker_stop]) if q.speaker_start >= 0 else "—"
        yield f"    {q.kind} [{q.group}] {speaker} ({said}, {q.verb or '—'}; {q.rule}): {_quoted(text(q))}"
    yield "  evaluative:"
    for w in doc.evaluative:
        target = _quoted(doc.text[w.target_start : w.target_stop]) if w.target_start >= 0 else "—"
        how = f" ({w.target_rule})" if w.target_rule else ""
        where = ", in a quote" if w.in_quote else ""
        yield f"    {_sign(w.polarity)} {_quoted(text(w))} {w.lemma} [{w.source}{where}] → {target}{how}"


def _article(article: Article, doc: Doc) -> Iterator[str]:
    name = Path(article.origin.file).name if article.origin else article.id
    yield f"=== {name} · {article.outlet or 'outlet unknown'} · {article.id}"
    yield (
        f"  category {doc.category or '—'} ({doc.category_score:.2f}); written after"
        f" {doc.written_after or '—'}, before {doc.written_before or '—'}; skipped {doc.skipped or '—'}"
    )
    yield ""
    yield from _markup(doc)
    yield ""
    yield from _annotations(doc)
    yield ""


def _span(c: Comparison, span: Span | Statement) -> str:
    return f"{c.outlet_of[span.article_id]}: {_quoted(span.text)}"


def _comparison(c: Comparison) -> Iterator[str]:
    yield "  facts told by more than one outlet:"
    for fact in c.facts:
        if len(c.fact_outlets(fact)) > 1:
            yield f"    fact {fact.id} ({c.coverage(fact)}):"
            for statement in fact.statements:
                yield f"      {_span(c, statement)}"
    texts = {article.id: doc.text for article, doc in c.articles}
    yield "  figures:"
    for f in c.figures:
        a, b = (
            f"{c.outlet_of[t.article_id]} {_quoted(texts[t.article_id][t.figure.start : t.figure.stop])}"
            f" @ {t.time or '?'}"
            for t in (f.a, f.b)
        )
        yield f"    {f.status}: {a} / {b}" + (f" ({f.note})" if f.note else "")
    yield "  dates:"
    for d in c.dates:
        a, b = c.outlet_of[d.a.article_id], c.outlet_of[d.b.article_id]
        yield f"    fact {d.fact}: {a} {_quoted(d.a.text)} = {d.a_value}"
        yield f"      / {b} {_quoted(d.b.text)} = {d.b_value}"
    yield "  tone toward each actor (own mentions; spread):"
    for framing in c.framing:
        outlets = ", ".join(
            f"{view.outlet} {view.sentiment:+.2f}/{view.tone.mentions}"
            for view in sorted(framing.outlets.values(), key=lambda v: v.outlet)
        )
        yield f"    {framing.type} {framing.name} ({framing.spread:.2f}): {outlets}"
    yield "  voices:"
    for v in c.voices:
        yield f"    {v.outlet}: {v.speaker} [{v.kind}] direct {v.direct}, indirect {v.indirect}"
    yield "  headlines the body does not support:"
    for h in c.headlines:
        if not h.supported:
            missing = f"; never named: {', '.join(h.missing)}" if h.missing else ""
            yield f"    {_span(c, h.headline)}{missing}"


def _story(story: Story, files: dict[str, str]) -> Iterator[str]:
    yield f"### {story.kind} {story.id}: {story.title}"
    yield f"  {story.first or '?'} … {story.last or '?'}; category {story.category or '—'}"
    if story.parent:
        yield f"  in storyline {story.parent}"
    if story.event_ids:
        yield f"  events: {', '.join(story.event_ids)}"
    yield f"  articles: {', '.join(sorted(files[a] for a in story.article_ids))}"
    yield f"  key entities: {', '.join(story.key_entities) or '—'}"


def demo_markup(pipeline: Pipeline) -> str:
    """The demo corpus analysed, grouped into stories and compared, as readable text."""
    articles = sorted(
        (item for item in read_paths([EXAMPLES]) if isinstance(item, Article)),
        key=lambda a: Path(a.origin.file).name if a.origin else a.id,
    )
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    items = {a.id: (a, d) for a, d in zip(articles, docs, strict=True)}
    files = {a.id: Path(a.origin.file).name if a.origin else a.id for a in articles}
    lines: list[str] = []
    for article, doc in items.values():
        lines += _article(article, doc)
    stories, reprints = compute_stories(
        [StoryDoc.from_analysis(a, d) for a, d in items.values()], default_scorer()
    )
    lines.append(f"=== stories ({reprints} reprints)")
    by_id = {s.id: s for s in stories}
    for story in sorted(stories, key=lambda s: (s.kind, sorted(files[a] for a in s.article_ids))):
        lines.append("")
        lines += _story(story, files)
        events = {e: by_id[e] for e in story.event_ids}
        if story.kind == "event" and story.parent:
            events = {story.id: story}
        lines += _comparison(compare_story(story, [items[a] for a in story.article_ids], events))
    return "\n".join(lines) + "\n"


def _differences(expected: Sequence[str], got: Sequence[str]) -> str:
    return "".join(difflib.unified_diff(expected, got, "golden", "now", n=2))


def test_golden_demo_corpus_markup(pipeline: Pipeline) -> None:
    if os.environ.get(LEXICONS, "").strip():
        pytest.skip(f"{LEXICONS} is set: the golden file is the analysis without the optional lexicons")
    got = demo_markup(pipeline)
    if os.environ.get(REGEN):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert got == expected, (
        f"the analysis of examples/ differs from {GOLDEN.relative_to(ROOT)}; if that is intended, "
        f"run with {REGEN}=1 and review the diff:\n"
        + _differences(expected.splitlines(keepends=True), got.splitlines(keepends=True))
    )
