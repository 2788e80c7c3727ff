"""The machine commands: JSONL in, JSONL out, one line out per line in (docs/annotate.md).

`annotate` (the whole analysis of a text), `classify` (its news category), `sentiment` (toward an
entity at given offsets) and `pairs` (do two articles report the same event). A bad line gives
{"id": null, "line": N, "error": "..."} in its place and exit 1; the other lines are answered.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from newsprism.cli_common import EXIT_FAILURE, EXIT_INPUT_ERRORS, EXIT_OK, err, write_json
from newsprism.model import Doc
from newsprism.present import jsonlines
from newsprism.present.safe_text import error as error_line
from newsprism.present.summary import analysis_record
from newsprism.run import BATCH_SIZE

__all__ = ["register"]


def _open_text(source: str) -> TextIO:
    if source != "-" and Path(source).exists() and not Path(source).is_file():
        what = "a directory" if Path(source).is_dir() else "a named pipe or a device (it could wait forever)"
        err.print(error_line(f"{source}: is {what}, not a file; give a JSONL file, or - for standard input"))
        raise typer.Exit(EXIT_FAILURE)
    try:
        # Bytes that are not UTF-8 become surrogates, so that only their line is an error.
        if source == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape")
        return Path(source).open(encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        err.print(error_line(f"{source}: cannot read: {error.strerror}"))
        raise typer.Exit(EXIT_FAILURE) from error


def _jsonl_command(source: str, fields: dict[str, Any], handle: jsonlines.Handler) -> None:
    def on_error(number: int, reason: str) -> None:
        err.print(error_line(f"{source}:{number}: {reason}"))

    with _open_text(source) as stream:
        failed = jsonlines.process(stream, sys.stdout, fields, handle, on_error=on_error)
    raise typer.Exit(EXIT_INPUT_ERRORS if failed else EXIT_OK)


JsonlSource = Annotated[str, typer.Argument(help="A JSONL file; - for standard input.")]


def annotate(source: JsonlSource = "-") -> None:
    """Annotate JSONL records {"id", "text", "published"?}, one JSON line out per line in.

    Each output line is {"id", "entities", "dates", "figures", "quotes", "evaluative", "category", ...}
    (schema in docs/annotate.md), offsets into the given "text"; an optional "published" (ISO date)
    resolves relative dates. A bad line gives {"id": null, "line": N, "error": "..."} and exit 1.

    Example: [bold]echo '{"id": 1, "text": "Макрон позвонил Путину."}' | newsprism annotate[/]
    """
    from newsprism.analyse import default_pipeline

    pipeline = default_pipeline()

    def handle(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        docs = pipeline.pipe(Doc(text=r["text"], published=_published(r.get("published"))) for r in records)
        return [{"id": r.get("id"), **analysis_record(doc)} for r, doc in zip(records, docs, strict=True)]

    _jsonl_command(source, {"text": str}, handle)


def classify(source: JsonlSource = "-") -> None:
    """The news category of JSONL records {"title", "text"}: society, economy, technology, sports,
    entertainment, science, other or not_news; out {"category", "score"} per line.

    Example: [bold]echo '{"title": "Сборная выиграла матч", "text": "Гол забил..."}' | newsprism classify[/]
    """
    from newsprism.analyse.category import classify_many

    def handle(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        found = classify_many((r.get("title") or "", r["text"]) for r in records)
        return [{"category": category, "score": round(score, 4)} for category, score in found]

    _jsonl_command(source, {"text": str}, handle)


def sentiment(source: JsonlSource = "-") -> None:
    """Sentiment toward an entity: JSONL {"text", "start", "stop"} in (the entity's character
    offsets in the text), {"label": -1|0|1, "score"} out per line.

    Example: [bold]echo '{"text": "Громов снова солгал.", "start": 0, "stop": 6}' | newsprism sentiment[/]
    """
    from newsprism.analyse.sentiment import score_records

    _jsonl_command(source, {"text": str, "start": int, "stop": int}, score_records)


def pairs(source: JsonlSource = "-") -> None:
    """Do two articles report the same event? JSONL {"a": {"title", "text", "url"?, "published"?,
    "language"?}, "b": {...}} in, {"same": bool, "score": float} out per line (score: the
    probability of the same event; the judgment clustering makes, dates inferred from the texts
    included). A bad line gives {"id": null, "line": N, "error": "..."} and exit 1.

    Example: [bold]newsprism pairs pairs.jsonl > verdicts.jsonl[/]
    """
    from newsprism.stories.same_event import judge_pairs, record_article

    def on_error(number: int, reason: str) -> None:
        err.print(error_line(f"{source}:{number}: {reason}"))

    failed = 0
    pending: list[tuple[int, dict[str, Any] | str]] = []

    def flush() -> None:
        valid = [record for _, record in pending if not isinstance(record, str)]
        verdicts = iter(judge_pairs(valid) if valid else [])
        for number, record in pending:
            error = isinstance(record, str)
            write_json(sys.stdout, {"id": None, "line": number, "error": record} if error else next(verdicts))
        pending.clear()

    with _open_text(source) as stream:
        for number, record in jsonlines.read_records(stream, {"a": dict, "b": dict}):
            if not isinstance(record, str):
                try:
                    for side in ("a", "b"):
                        record_article(record[side], side)
                except ValueError as error:
                    record = str(error)
            if isinstance(record, str):
                failed += 1
                on_error(number, record)
            pending.append((number, record))
            if len(pending) >= BATCH_SIZE:
                flush()
        flush()
    raise typer.Exit(EXIT_INPUT_ERRORS if failed else EXIT_OK)


def _published(value: Any) -> datetime | None:
    """An optional ISO publication date of an `annotate` record; naive times are taken as UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        published = datetime.fromisoformat(value)
    except ValueError:
        return None
    return published if published.tzinfo else published.replace(tzinfo=UTC)


def register(app: typer.Typer) -> None:
    """Add `annotate`, `classify`, `sentiment` and `pairs` to the main command."""
    for command in (annotate, classify, sentiment, pairs):
        app.command()(command)
