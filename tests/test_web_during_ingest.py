"""A real `newsprism serve` keeps answering, never with a 5xx or "database is locked", while a real
`newsprism analyze` writes into the same SQLite store; afterwards it shows what was written.
(The same with 10,000 articles and latencies: bench/ingest_load.py, docs/reliability.md.)"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx
import pytest

from support import NEWSPRISM, copy_store, variants

pytestmark = pytest.mark.slow

ARTICLES = 50


def test_web_pages_answer_while_a_batch_is_analysed_into_the_store(
    demo_db: Path, tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    db = copy_store(demo_db, tmp_path / "live.db")
    news = variants(ARTICLES, tmp_path / "news.jsonl")
    base = serve(db)
    with closing(sqlite3.connect(db)) as connection:
        story = connection.execute("SELECT id FROM stories ORDER BY size DESC, id LIMIT 1").fetchone()[0]
    before = httpx.get(f"{base}/api/search?q={quote('подробности')}", timeout=60).json()["total"]

    command = [*NEWSPRISM, "analyze", str(news), "--db", str(db), "--no-report", "--json"]
    command += ["--batch-size", "8"]
    analysis = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    statuses: Counter[int] = Counter()
    problems: list[str] = []
    pages = ["/", f"/stories/{story}", "/search?q=" + quote("переговоры"), "/api/stories?limit=20"]
    with httpx.Client(base_url=base, timeout=60) as http:
        n = 0
        while analysis.poll() is None:
            path = pages[n % len(pages)]
            n += 1
            response = http.get(path)
            statuses[response.status_code] += 1
            if response.status_code == 404 and path.startswith("/stories/"):
                story = http.get("/api/stories?limit=1").json()["items"][0]["id"]  # replaced by the update
            elif response.status_code != 200 or "locked" in response.text:
                problems.append(f"{response.status_code} {path}: {response.text[:200]}")
            time.sleep(0.05)
        _, stderr = analysis.communicate(timeout=60)
        assert analysis.returncode == 0, stderr
        after = http.get(f"/api/search?q={quote('подробности')}").json()["total"]
    assert not problems, problems
    assert statuses[200] >= 20, statuses  # the pages were really asked while the batch went in
    assert after == before + ARTICLES  # the server reads what the analysis wrote, without a restart
