"""Size and render time of the `analyze` report of a big batch, from a store it filled.

    .venv/bin/newsprism analyze BATCH.jsonl --db /tmp/batch.db --no-report
    .venv/bin/python bench/report_size.py /tmp/batch.db [--inline] [-o report.html]

Renders the report `analyze` writes for every article of the store (`run_report`: each story's
stored comparison, highlighted from its articles' stored analyses) and prints its size, how many
sections it has, and the seconds taken; `--inline` keeps every section inline (no packing), to
compare. With `-o` it writes the file, to open in a browser (`bench/report_open.py` times that).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsprism.present.report import run_report
from newsprism.present.report_pack import INLINE_MAX_BYTES
from newsprism.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db")
    parser.add_argument("--inline", action="store_true", help="never pack the sections")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    store = open_store(args.db)
    try:
        started = time.perf_counter()
        stories = store.stories()
        articles = list(store.articles())
        items = [(article, store.doc(article.id)) for article in articles]
        loaded = time.perf_counter()
        html = run_report(store, stories, items, inline_max=10**12 if args.inline else INLINE_MAX_BYTES)
        rendered = time.perf_counter()
    finally:
        store.close()
    size = len(html.encode("utf-8"))
    print(
        f"{len(articles)} articles, {len(stories)} stories: report {size / 1e6:.2f} MB "
        f"({html.count('data-packed=')} sections packed); loading {loaded - started:.1f} s, "
        f"rendering {rendered - loaded:.1f} s"
    )
    if args.output:
        args.output.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
