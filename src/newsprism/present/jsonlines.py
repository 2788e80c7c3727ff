"""The JSONL machine interfaces (`annotate`, `classify`, `sentiment`, `pairs`): one JSON line out
per non-empty line in, in the same order, bad lines answered with an error record."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from newsprism.chars import has_surrogate

Record = dict[str, Any]
Fields = dict[str, type | tuple[type, ...]]
Handler = Callable[[Sequence[Record]], Sequence[Record]]


def read_records(
    stream: TextIO, fields: dict[str, type | tuple[type, ...]]
) -> Iterator[tuple[int, Record | str]]:
    """(line number, record) or (line number, reason) for each non-empty line; `fields` are the
    required fields and their types."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        if has_surrogate(line):
            yield number, "the line is not valid UTF-8"
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, f"malformed JSON: {error.msg} at column {error.colno}"
            continue
        except RecursionError:
            yield number, "malformed JSON: nested too deeply"
            continue
        if "\\u" in line.lower() and has_surrogate(json.dumps(record, ensure_ascii=False)):
            yield number, 'a string holds a lone surrogate escape such as "\\ud800", which is not text'
            continue
        if not isinstance(record, dict):
            yield number, "each line must be a JSON object"
            continue
        wrong = [
            name
            for name, kind in fields.items()
            if not isinstance(record.get(name), kind) or (isinstance(record.get(name), bool) and kind is int)
        ]
        if wrong:
            names = ", ".join(f'"{name}"' for name in wrong)
            yield number, f"missing or mistyped field {names}; each line needs {_describe(fields)}"
            continue
        yield number, record


def _describe(fields: Fields) -> str:
    def name(kind: type | tuple[type, ...]) -> str:
        return "/".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__

    return ", ".join(f'"{field}" ({name(kind)})' for field, kind in fields.items())


def process(
    stream: TextIO,
    out: TextIO,
    fields: Fields,
    handle: Handler,
    *,
    on_error: Callable[[int, str], None],
    batch_size: int = 64,
) -> int:
    """Answer every line of `stream` on `out`, valid records in batches through `handle`; return
    how many lines failed. An error line is answered `{"id": ..., "line": N, "error": reason}`."""
    failed = 0
    pending: list[tuple[int, Record | str]] = []

    def flush() -> None:
        valid = [record for _, record in pending if not isinstance(record, str)]
        answers = iter(handle(valid) if valid else [])
        for number, record in pending:
            if isinstance(record, str):
                answer: Record = {"id": None, "line": number, "error": record}
            else:
                answer = next(answers)
            out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        pending.clear()

    for number, record in read_records(stream, fields):
        if isinstance(record, str):
            failed += 1
            on_error(number, record)
        pending.append((number, record))
        if sum(not isinstance(r, str) for _, r in pending) >= batch_size:
            flush()
    flush()
    return failed
