"""Tools for the comparison's labelled set (guideline: docs/comparison-labels.md).

The labels live in bench/data/comparison/ and hold no third-party text: every span is a URL of the
news stream (../shared/data/news-stream/ru-2020-05-03-dev.jsonl), a field ("title" or "text"),
character offsets into that field and the first 12 hex digits of the span's SHA-1, so a label is
checked against the text it was made on.

    .venv/bin/python bench/comparison_labels.py threads [--min-outlets 3]
    .venv/bin/python bench/comparison_labels.py show THREAD_OR_URL ...
    .venv/bin/python bench/comparison_labels.py convert DRAFT.jsonl OUT.jsonl
    .venv/bin/python bench/comparison_labels.py check [FILE ...]

`convert` reads a draft written while reading (kept outside the repository, since it quotes the
articles): any value that is an object with "url" and "quote" (an exact substring of the article's
title or text, optionally "occurrence": n for the n-th of several, counting from 1, and "field":
"title" or "text" to look only there) becomes a span;
everything else is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from razdel import sentenize

ROOT = Path(__file__).resolve().parents[1]
STREAM = ROOT.parent / "shared" / "data" / "news-stream" / "ru-2020-05-03-dev.jsonl"
LABELS = ROOT / "bench" / "data" / "comparison"


def load_stream(path: Path = STREAM) -> dict[str, dict[str, Any]]:
    """The stream's articles by URL."""
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["url"]: row for row in rows}


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def span_text(articles: dict[str, dict[str, Any]], span: dict[str, Any]) -> str:
    """The text a span points at; raises ValueError when the span no longer matches its digest."""
    row = articles[span["url"]]
    text = str(row[span["field"]])[span["start"] : span["stop"]]
    if digest(text) != span["sha1"]:
        raise ValueError(f"span {span} does not match the text it was made on")
    return text


def make_span(
    articles: dict[str, dict[str, Any]], url: str, quote: str, occurrence: int = 1, field: str | None = None
) -> dict[str, Any]:
    """The span of the n-th occurrence of `quote` in the title, else the text, of the article (only
    in `field` when given)."""
    if url not in articles:
        raise ValueError(f"no article with url {url}")
    row = articles[url]
    for name in (field,) if field else ("title", "text"):
        value = str(row[name] or "")
        starts = [i for i in range(len(value)) if value.startswith(quote, i)]
        if not starts:
            continue
        if occurrence > len(starts):
            raise ValueError(f"{quote!r} occurs {len(starts)} times in {url} {name}, not {occurrence}")
        start = starts[occurrence - 1]
        stop = start + len(quote)
        return {"url": url, "field": name, "start": start, "stop": stop, "sha1": digest(quote)}
    raise ValueError(f"{quote!r} is not in {url}")


def _convert(value: Any, articles: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict):
        if "url" in value and "quote" in value:
            return make_span(
                articles, value["url"], value["quote"], int(value.get("occurrence", 1)), value.get("field")
            )
        return {key: _convert(item, articles) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item, articles) for item in value]
    return value


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if {"url", "field", "start", "stop", "sha1"} <= value.keys():
            yield value
        else:
            for item in value.values():
                yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


def threads(min_outlets: int) -> None:
    by_thread: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in load_stream().values():
        by_thread[row["thread"]].append(row)
    ranked = sorted(by_thread.items(), key=lambda item: -len({r["outlet"] for r in item[1]}))
    for thread, rows in ranked:
        outlets = len({r["outlet"] for r in rows})
        if outlets >= min_outlets:
            print(f"{thread}\t{len(rows)} articles\t{outlets} outlets\t{rows[0]['title'][:90]}")


def show(keys: list[str]) -> None:
    articles = load_stream()
    for key in keys:
        rows = [articles[key]] if key in articles else [r for r in articles.values() if r["thread"] == key]
        for row in rows:
            print(f"=== {row['url']}\n    outlet {row['outlet']} · published {row['published']}")
            print(f"    TITLE: {row['title']}")
            for sentence in sentenize(row["text"] or ""):
                print(f"    [{sentence.start}:{sentence.stop}] {sentence.text}")
            print()


def convert(draft: Path, out: Path) -> None:
    articles = load_stream()
    lines = []
    errors = 0
    for number, line in enumerate(draft.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            lines.append(json.dumps(_convert(json.loads(line), articles), ensure_ascii=False))
        except (ValueError, KeyError) as exc:
            errors += 1
            print(f"{draft}:{number}: {exc}", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} labels written to {out}, {errors} lines refused")


def check(files: list[Path]) -> None:
    articles = load_stream()
    bad = 0
    for path in files or sorted(LABELS.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for row in rows:
            for span in _spans(row):
                try:
                    span_text(articles, span)
                except (ValueError, KeyError) as exc:
                    bad += 1
                    print(f"{path.name}: {exc}")
        print(f"{path.name}: {len(rows)} labels")
    sys.exit(1 if bad else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("threads")
    listing.add_argument("--min-outlets", type=int, default=3)
    shown = commands.add_parser("show")
    shown.add_argument("keys", nargs="+")
    converting = commands.add_parser("convert")
    converting.add_argument("draft", type=Path)
    converting.add_argument("out", type=Path)
    checking = commands.add_parser("check")
    checking.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    if args.command == "threads":
        threads(args.min_outlets)
    elif args.command == "show":
        show(args.keys)
    elif args.command == "convert":
        convert(args.draft, args.out)
    else:
        check(args.files)


if __name__ == "__main__":
    main()
