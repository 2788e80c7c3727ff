"""Search with a date filter on SQLite: the month terms of the index (migration 7) against testing
the date of every match, in process, one query at a time (CPU time, which survives a busy machine
better than wall-clock time).

    python bench/search_dates.py --db /tmp/newsprism-web-bench.db

Opens the store (applying any migration it lacks: on an older store this rebuilds the index), then
for each common word of the web benchmark and a few ranges, times `fts.page_ids` both ways and
checks that both give the same page. Results go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import Connection

from newsprism.store import Filters, fts, open_store
from newsprism.store.base import SearchSort
from newsprism.store.sql import SqlStore

WORDS = ("завод", "президент", "переговоры", "рыбак", "разговор", "губернатор", "министр", "паром")
SORTS: tuple[SearchSort, ...] = ("relevance", "newest")
RANGES = {
    "one month": ("2025-06-01", "2025-06-28"),
    "one day": ("2025-09-10", "2025-09-10"),
    "a quarter": ("2025-04-01", "2025-06-30"),
    "a year": ("2025-01-01", "2025-12-31"),
    "since a month": ("2026-05-01", None),
}


def cpu_ms(connection: Connection, word: str, filters: Filters, terms: bool, repeat: int) -> float:
    """Median CPU time of one page of the best matches."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fts.page_ids(connection, [[word]], filters, "relevance", 20, 0, date_terms=terms)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--db", default="/tmp/newsprism-web-bench.db")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    store = open_store(args.db)
    print(f"opened (with migrations) in {time.perf_counter() - start:.1f} s")
    assert isinstance(store, SqlStore)
    try:
        with store.engine.connect() as connection:
            for name, (since, until) in RANGES.items():
                filters = Filters(since=since, until=until)
                old_ms, new_ms = [], []
                for word in WORDS:
                    for sort in SORTS:
                        same = [
                            fts.page_ids(connection, [[word]], filters, sort, 20, 0, date_terms=t)
                            for t in (True, False)
                        ]
                        assert same[0] == same[1], (word, name, sort)
                    old_ms.append(cpu_ms(connection, word, filters, False, args.repeat))
                    new_ms.append(cpu_ms(connection, word, filters, True, args.repeat))
                every = f"median {statistics.median(old_ms):5.1f} ms, max {max(old_ms):5.1f}"
                terms = f"median {statistics.median(new_ms):5.1f} ms, max {max(new_ms):5.1f}"
                print(f"{name:14} every match tested: {every} | month terms: {terms}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
