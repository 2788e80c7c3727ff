"""The comparison as JSON-ready data: the output of `newsprism story ID --json` and of the web API.

The schema is documented in docs/comparison.md. Every span is {"article", "start", "stop",
"text"}: `text` is exactly `article_text[start:stop]`.
"""

from __future__ import annotations

from typing import Any

from newsprism.compare.comparison import SCHEMA_VERSION, Comparison
from newsprism.compare.figure_times import TimedFigure
from newsprism.compare.framing import Span
from newsprism.compare.statements import Statement


def span(item: Span | Statement) -> dict[str, Any]:
    return {"article": item.article_id, "start": item.start, "stop": item.stop, "text": item.text}


def _figure(c: Comparison, timed: TimedFigure) -> dict[str, Any]:
    figure = timed.figure
    text = next(doc.text for article, doc in c.articles if article.id == timed.article_id)
    return {
        "outlet": c.outlet_of[timed.article_id],
        "span": {
            "article": timed.article_id,
            "start": figure.start,
            "stop": figure.stop,
            "text": text[figure.start : figure.stop],
        },
        "value": figure.value,
        "high": figure.high,
        "approx": figure.approx,
        "unit": figure.unit,
        "counted": figure.counted,
        "time": timed.time,
        "time_source": timed.time_source,
        "time_span": (
            {
                "article": timed.article_id,
                "start": timed.time_start,
                "stop": timed.time_stop,
                "text": text[timed.time_start : timed.time_stop],
            }
            if timed.time_start >= 0
            else None
        ),
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    story = c.story
    return {
        "schema": SCHEMA_VERSION,
        "story": story.to_dict(),
        "outlets": c.outlets,
        "articles_total": c.total,
        "articles": [
            {
                "id": article.id,
                "outlet": c.outlet_of[article.id],
                "outlets": c.outlets_of(article.id),
                "title": article.title,
                "url": article.url,
                "when": c.when[article.id],
                "published": article.published.isoformat() if article.published else None,
                "event": c.event_of.get(article.id),
                "text": doc.text,
                "statements_compared": len(c.statements[article.id]),
                "statements_left_out": c.left_out.get(article.id, 0),
                "written_before": "" if article.published else doc.written_before,
            }
            for article, doc in c.articles
        ],
        "facts": [
            {
                "id": fact.id,
                "coverage": c.coverage(fact),
                "outlets": c.fact_outlets(fact),
                "statements": [
                    span(s) | {"score": score} for s, score in zip(fact.statements, fact.scores, strict=True)
                ],
            }
            for fact in c.facts
        ],
        "figures": [
            {"status": f.status, "note": f.note, "a": _figure(c, f.a), "b": _figure(c, f.b)}
            for f in c.figures
        ],
        "dates": [
            {"fact": d.fact, "a": span(d.a) | {"value": d.a_value}, "b": span(d.b) | {"value": d.b_value}}
            for d in c.dates
        ],
        "entities": [
            {
                "name": framing.name,
                "type": framing.type,
                "spread": framing.spread,
                "outlets": [
                    {
                        "outlet": view.outlet,
                        "mentions": view.mentions,
                        "sentiment": view.sentiment,
                        "labels": {str(k): v for k, v in sorted(view.labels.items())},
                        "tone": view.tone.to_dict(),
                        "namings": [
                            {
                                "naming": name,
                                "count": count,
                                "spans": [span(s) for s in view.naming_spans[name]],
                            }
                            for name, count in view.namings.most_common()
                        ],
                        "loaded": [span(s) | {"polarity": polarity} for s, polarity in view.loaded],
                        "quoted_about": [
                            {"speaker": speaker, "quote": span(s)} for speaker, s in view.quoted_about
                        ],
                    }
                    for view in sorted(framing.outlets.values(), key=lambda v: v.outlet)
                ],
            }
            for framing in c.framing
        ],
        "voices": [
            {
                "outlet": v.outlet,
                "speaker": v.speaker,
                "kind": v.kind,
                "source": v.is_source,
                "direct": v.direct,
                "indirect": v.indirect,
                "characters": v.characters,
                "quotes": [span(s) for s in v.quotes],
                "speaker_spans": [span(s) for s in v.speaker_spans],
            }
            for v in c.voices
        ],
        "headlines": [
            {
                "article": h.article_id,
                "headline": span(h.headline),
                "supported": h.supported,
                "score": h.score,
                "best_match": span(h.best) if h.best else None,
                "missing_entities": h.missing,
            }
            for h in c.headlines
        ],
        "summary": {
            "common": [span(s) for s in c.summary.common],
            "outlets": [
                {
                    "outlet": line.outlet,
                    "adds": [span(s) for s in line.adds],
                    "unique_facts": line.unique_facts,
                    "leaves_out": [fact.id for fact in line.leaves_out],
                }
                for line in c.summary.outlets
            ],
        },
    }
