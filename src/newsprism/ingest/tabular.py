"""JSONL and CSV: one article per record, with fields named as in `Article`.

Required: `title`, and `text` (or `body`). Optional: `lead`, `url`, `outlet`, `published`
(ISO 8601 or RFC 2822) and `language`; other fields are ignored. A bad record becomes an
`IngestError` carrying its line number, and the records around it are still read.
A `.json` file holding one array of objects, or a single object, is read the same way.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from newsprism.chars import drop_invisible, has_surrogate
from newsprism.ingest.errors import IngestError
from newsprism.ingest.fields import PUBLISHED_FORMATS, clean_paragraphs, make_article, parse_published
from newsprism.model import Article, Origin

TEXT_FIELDS = ("text", "body")
OPTIONAL_FIELDS = ("lead", "url", "outlet", "published", "language")
CSV_DELIMITERS = ",;\t"
TOO_DEEP = "malformed JSON: nested too deeply (an article is an object of strings)"
SURROGATE = 'holds a lone surrogate escape such as "\\ud800", which is not text; fix the escape'
# Article texts are longer than the csv module's default limit of 131,072 characters per field.
CSV_FIELD_LIMIT = 2**31 - 1


def read_jsonl(text: str, file: str) -> Iterator[Article | IngestError]:
    """Articles from JSON Lines, a JSON array of objects, or a single JSON object."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _read_json_array(text, file)
        return
    if stripped.startswith("{") and "\n" in stripped.rstrip():
        # A pretty-printed single object spans many lines; JSON Lines fails as a whole at line 2.
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            pass
        else:
            yield _record_article(record, file, _line_of(text, len(text) - len(stripped)))
            return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestError(file, number, f"malformed JSON: {error.msg} (column {error.colno})")
            continue
        except RecursionError:
            yield IngestError(file, number, TOO_DEEP)
            continue
        yield _record_article(record, file, number)


def read_csv(text: str, file: str) -> Iterator[Article | IngestError]:
    """Articles from CSV with a header row; the delimiter is `,`, `;` or tab, by the header."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    header = text.partition("\n")[0]
    delimiter = max(CSV_DELIMITERS, key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        names = [name.strip().lower() for name in next(reader, [])]
        missing = _missing_columns(names)
        if missing:
            found = ", ".join(name for name in names if name) or "nothing"
            yield IngestError(file, 1, f"CSV header has no {missing} column; found: {found}")
            return
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield _record_article(dict(zip(names, row, strict=False)), file, start)
            start = reader.line_num + 1
    except csv.Error as error:
        yield IngestError(file, reader.line_num, f"malformed CSV: {error}; the rest of the file is skipped")


def _missing_columns(names: list[str]) -> str | None:
    if "title" not in names:
        return "'title'"
    if not any(name in names for name in TEXT_FIELDS):
        return "'text' (or 'body')"
    return None


def _read_json_array(text: str, file: str) -> Iterator[Article | IngestError]:
    # Element by element with raw_decode, so each article knows the line it starts on.
    decoder = json.JSONDecoder()
    position = _skip_space(text, text.index("[") + 1)
    if text.startswith("]", position):
        return
    while True:
        try:
            record, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            yield IngestError(file, error.lineno, f"malformed JSON: {error.msg} (column {error.colno})")
            return
        except RecursionError:
            yield IngestError(file, _line_of(text, position), f"{TOO_DEEP}; the rest of the array is skipped")
            return
        yield _record_article(record, file, _line_of(text, position))
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            return
        else:
            message = "malformed JSON: expected ',' or ']' between array items"
            yield IngestError(file, _line_of(text, position), message)
            return


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _record_article(record: Any, file: str, line: int) -> Article | IngestError:
    """An article from one record, or an error naming the field that is missing or wrong."""
    if not isinstance(record, Mapping):
        kind = type(record).__name__
        return IngestError(file, line, f"expected an object with 'title' and 'text', got a JSON {kind}")
    values: dict[str, str] = {}
    for name in ("title", *TEXT_FIELDS, *OPTIONAL_FIELDS):
        value = record.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return IngestError(file, line, f"field '{name}' must be a string, not {type(value).__name__}")
        if has_surrogate(value):
            return IngestError(file, line, f"field '{name}' {SURROGATE}")
        values[name] = drop_invisible(value)
    title = values.get("title", "").strip()
    body = clean_paragraphs(values.get("text") or values.get("body") or "")
    if not title:
        return IngestError(file, line, "missing field 'title'")
    if not body:
        return IngestError(file, line, "missing field 'text' (or 'body'): the article text")
    published = None
    if "published" in values:
        published = parse_published(values["published"])
        if published is None:
            reason = f"cannot parse field 'published': {values['published']!r}; use {PUBLISHED_FORMATS}"
            return IngestError(file, line, reason)
    return make_article(
        title=title,
        body=body,
        lead=clean_paragraphs(values.get("lead", "")),
        url=values.get("url"),
        outlet=values.get("outlet"),
        published=published,
        language=values.get("language"),
        origin=Origin(file, line),
    )
