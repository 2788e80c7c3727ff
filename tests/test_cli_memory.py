"""`newsprism analyze` of one very long article in a process whose address space is capped."""

from __future__ import annotations

import re
import resource
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from newsprism.present.report_pack import unpack
from support import EXAMPLES, NEWSPRISM

LIMIT = 3 * 1024**3  # bytes of address space: the models take about 1.3 GB of it


def run_on_line(size: int) -> str:
    """A title and a body of `size` bytes on one line, made of the demo articles' bodies with
    every sentence end taken out: no sentence stops before the segmenter's 250-token cut, the
    worst case for the work per entity mention."""
    bodies = [path.read_text(encoding="utf-8").partition("\n")[2] for path in sorted(EXAMPLES.glob("*.txt"))]
    line = re.sub(r"[.!?…]", "", " ".join(" ".join(bodies).split()))
    body = (line + " ") * (size // len(line.encode()) + 1)
    return "Очень длинная статья\n\n" + body.encode()[:size].decode(errors="ignore") + "\n"


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.mark.slow
def test_cli_analyze_huge_single_line_article_under_a_memory_limit(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text(run_on_line(2_000_000), encoding="utf-8")
    db, report = tmp_path / "store.db", tmp_path / "report.html"
    command = [*NEWSPRISM, "analyze", str(article), "--db", str(db), "--report", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, preexec_fn=cap_memory)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 analysed" in done.stderr.splitlines()[-1]
    with closing(sqlite3.connect(db)) as connection:
        entities = connection.execute("SELECT count(*), count(DISTINCT sentiment) FROM entities").fetchone()
        analyses = connection.execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert analyses == 1 and entities[0] > 5_000 and entities[1] > 1  # every mention scored
    # the whole article is in the report: its sections packed (over 3 MB of HTML), or inline
    html = report.read_text(encoding="utf-8")
    sections = [unpack(packed) for packed in re.findall(r'data-packed="([^"]+)"', html)] or [html]
    assert sum(len(section.encode("utf-8")) for section in sections) > 2_000_000
