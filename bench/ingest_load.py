"""Do pages keep answering while a big batch is analysed into the same store?

    python bench/ingest_load.py                         # 10,000 articles, 4 requests/s
    python bench/ingest_load.py --articles 2000 --rate 8

Builds a small analysed store (the demo corpus and the samples, as bench/web_load.py does), starts
`newsprism serve` on it, then sends requests at a steady rate (open loop: one every 1/rate
seconds, whatever the answers take), cycling through the front page, a story page, a search page
and the stories API. After `--settle` seconds it starts `newsprism analyze` of `--articles` new
articles into the same store, and goes on `--settle` seconds after the analysis has finished.
Latency (p50, p95, max) and errors are reported per phase (before, during, after the ingest) and
per page. Any 5xx, and any "database is locked", is an error; a story page that answers 404
because the story update replaced its story is counted apart, and the next story is taken.

The articles are made from the demo corpus (and ../shared/seeds when present): each is a template
with a numbered title, one sentence with invented words (`bench/web_store.vocabulary`, Zipf-drawn),
an outlet from `bench/web_store.OUTLETS` and a day of 2025, so each is a new article that the full
analysis must process. Results: printed, and saved in bench/results/ingest_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_load import _env, _free_port, source_store, wait_until_serving
from web_store import OUTLETS, START, vocabulary

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGES = ("front page", "story page", "search page", "stories API")
SEARCH_WORDS = ("завод", "переговоры", "президент", "губернатор", "разговор")


def write_articles(path: Path, count: int, seed: int = 5) -> Path:
    """`count` new articles as JSON lines, varied from the demo corpus and the samples."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.ingest import IngestError, read_paths

    sources = [p for p in (ROOT / "examples", ROOT.parent / "shared" / "seeds") if p.exists()]
    templates = [a for a in read_paths(sources) if not isinstance(a, IngestError)]
    words = vocabulary(5000)
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = rng.choice(templates)
            word = words[min(int(len(words) ** rng.random()) - 1, len(words) - 1)]  # Zipf-like rank
            day = START + timedelta(days=rng.randrange(365), hours=rng.randrange(24))
            record = {
                "title": f"{article.title}: выпуск {n}",
                "text": f"{article.lead}\n\n{article.body}\n\nВыпуск {n}: {word}.",
                "outlet": rng.choice(OUTLETS),
                "published": day.isoformat(),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@dataclass(slots=True)
class Sample:
    phase: str
    page: str
    seconds: float
    status: int  # 0: no answer
    detail: str = ""


@dataclass(slots=True)
class Load:
    base: str
    story: str
    phase: str = "before"
    samples: list[Sample] = field(default_factory=list)

    async def request(self, http: httpx.AsyncClient, page: str, rng: random.Random) -> None:
        phase = self.phase
        path = {
            "front page": "/",
            "story page": f"/stories/{self.story}",
            "search page": f"/search?q={quote(rng.choice(SEARCH_WORDS))}",
            "stories API": f"/api/stories?limit=20&offset={rng.randrange(0, 40, 20)}",
        }[page]
        started = time.perf_counter()
        try:
            response = await http.get(path)
            status, detail = response.status_code, response.text[:200] if response.status_code >= 400 else ""
        except httpx.HTTPError as error:
            status, detail = 0, f"{type(error).__name__}: {error}"
        self.samples.append(Sample(phase, page, time.perf_counter() - started, status, detail))
        if page == "story page" and status == 404:  # the story update renamed it: take the biggest now
            found = (await http.get("/api/stories?limit=1")).json()["items"]
            if found:
                self.story = found[0]["id"]

    async def run(self, rate: float, stop: asyncio.Event) -> None:
        rng = random.Random(1)
        tasks: set[asyncio.Task[None]] = set()
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=self.base, timeout=120, limits=limits) as http:
            tick = time.monotonic()
            n = 0
            while not stop.is_set():
                task = asyncio.create_task(self.request(http, PAGES[n % len(PAGES)], rng))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                n += 1
                tick += 1 / rate
                await asyncio.sleep(max(0.0, tick - time.monotonic()))
            if tasks:
                await asyncio.gather(*tasks)


def summary(samples: list[Sample]) -> dict[str, Any]:
    times = sorted(s.seconds for s in samples)

    def pct(p: float) -> float:
        return round(1000 * times[min(len(times) - 1, int(p * len(times)))], 1) if times else 0.0

    errors = [s for s in samples if s.status == 0 or s.status >= 500]
    return {
        "requests": len(samples),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "max_ms": round(1000 * times[-1], 1) if times else 0.0,
        "mean_ms": round(1000 * statistics.fmean(times), 1) if times else 0.0,
        "errors": len(errors),
        "locked": sum("locked" in s.detail for s in samples),
        "story_moved_404": sum(s.status == 404 for s in samples),
        "other_non_200": sum(s.status not in (0, 200, 404) and s.status < 500 for s in samples),
        "first_errors": [f"{s.status} {s.page}: {s.detail}" for s in errors[:3]],
    }


async def campaign(args: argparse.Namespace, base: str, articles: Path) -> dict[str, Any]:
    story = httpx.get(base + "/api/stories?limit=1", timeout=60).json()["items"][0]["id"]
    load = Load(base, story)
    stop = asyncio.Event()
    sender = asyncio.create_task(load.run(args.rate, stop))
    await asyncio.sleep(args.settle)
    load.phase = "during"
    command = [*NEWSPRISM, "analyze", str(articles), "--db", str(args.db), "--no-report", "--json"]
    started = time.monotonic()
    analysis = await asyncio.create_subprocess_exec(
        *command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, stderr = await analysis.communicate()
    ingest_seconds = time.monotonic() - started
    load.phase = "after"
    await asyncio.sleep(args.settle)
    stop.set()
    await sender
    phases: dict[str, dict[str, Any]] = {}
    for phase in ("before", "during", "after"):
        samples = [s for s in load.samples if s.phase == phase]
        phases[phase] = {"all": summary(samples)}
        phases[phase].update({page: summary([s for s in samples if s.page == page]) for page in PAGES})
    return {
        "articles": args.articles,
        "rate_per_s": args.rate,
        "ingest_seconds": round(ingest_seconds, 1),
        "articles_per_s": round(args.articles / ingest_seconds, 2),
        "analyze_exit": analysis.returncode,
        "analyze_stderr_tail": stderr.decode()[-400:],
        "phases": phases,
    }


NEWSPRISM = [sys.executable, "-m", "newsprism"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=4.0, help="Requests per second, all pages together.")
    parser.add_argument("--settle", type=float, default=30.0, help="Seconds measured before and after.")
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsprism-ingest-load.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    source_store(args.db)
    articles = write_articles(args.db.with_suffix(".jsonl"), args.articles)
    port = _free_port()
    server = subprocess.Popen(
        [*NEWSPRISM, "serve", "--db", str(args.db), "--port", str(port)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        load_before = os.getloadavg()
        result = asyncio.run(campaign(args, base, articles))
        result["load_average_before"] = load_before
        result["load_average_after"] = os.getloadavg()
        result["cpus"] = os.cpu_count()
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "ingest_load.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    finally:
        server.terminate()  # uvicorn waits for requests in flight (a big story's comparison) first
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
