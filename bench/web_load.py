"""Web benchmark: story page and search latency under 50 concurrent clients, on loopback.

    python bench/web_load.py                      # 100k articles in /tmp/newsprism-web-bench.db
    python bench/web_load.py --articles 20000 --requests 500

Builds (once) a synthetic store from the analysed demo corpus and samples (`bench/web_store.py`),
starts `newsprism serve` on a free 127.0.0.1 port in a subprocess, and sends requests from 50
asyncio clients with httpx2, each waiting for its answer before sending the next (closed loop,
no think time: the hardest load 50 clients can make). Every run is bounded in requests and time.
Results go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_store import build, vocabulary

ROOT = Path(__file__).resolve().parents[1]
COMMON_WORDS = ("завод", "президент", "переговоры", "рыбак", "разговор", "губернатор", "министр", "паром")
MAX_SECONDS = 300  # per scenario


def source_store(path: Path) -> Path:
    """The small analysed store the synthetic one is cloned from (the demo corpus and samples)."""
    if not path.exists():
        sources = [str(ROOT / "examples"), str(ROOT.parent / "shared" / "seeds")]
        sources = [s for s in sources if Path(s).exists()]
        command = [
            sys.executable,
            "-m",
            "newsprism",
            "analyze",
            *sources,
            "--db",
            str(path),
            "--no-report",
            "--json",
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_env())
    return path


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its direct children (uvicorn's workers), Linux."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _client(
    http: httpx.AsyncClient,
    paths: list[str],
    latencies: list[float],
    errors: list[str],
    deadline: float,
    interval: float,
) -> None:
    if interval:
        await asyncio.sleep(random.uniform(0, interval))  # users do not arrive in step
    while paths and time.monotonic() < deadline:
        tick = time.monotonic()
        path = paths.pop()
        started = time.perf_counter()
        try:
            response = await http.get(path)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}")
        except httpx.HTTPError as error:
            errors.append(f"{type(error).__name__} {path}")
        latencies.append(time.perf_counter() - started)
        if interval:
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))


async def scenario(base: str, paths: list[str], clients: int, interval: float = 0.0) -> dict[str, Any]:
    """Send `paths` from `clients` concurrent clients, each sending its next request when its last
    is answered (closed loop) or, with an `interval`, one request per interval (a user reading)."""
    latencies: list[float] = []
    errors: list[str] = []
    queue = list(reversed(paths))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
        deadline = time.monotonic() + MAX_SECONDS
        await asyncio.gather(
            *(_client(http, queue, latencies, errors, deadline, interval) for _ in range(clients))
        )
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1),
        "first_errors": errors[:3],
    }


def wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    """Wait (up to 2 minutes) until `newsprism serve` answers, then warm its morphology dictionary."""
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/api/facets", timeout=30).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.5)
    httpx.get(base + "/search?q=завод", timeout=60)  # the morphology dictionary is loaded


def search_paths(count: int, rng: random.Random, outlets: list[str]) -> list[str]:
    words = vocabulary(20_000)
    paths = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.5:  # an invented word, from rare to common (its Zipf rank drawn uniformly)
            params: dict[str, str] = {"q": rng.choice(words)}
        elif roll < 0.8:  # a word in thousands of articles, in a random month
            month = f"2025-{rng.randint(1, 12):02d}"
            params = {"q": rng.choice(COMMON_WORDS), "since": f"{month}-01", "until": f"{month}-28"}
        else:  # two words, one outlet
            params = {
                "q": f"{rng.choice(COMMON_WORDS)} {rng.choice(words[:2000])}",
                "outlet": rng.choice(outlets),
            }
        paths.append("/search?" + urlencode(params))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsprism-web-bench.db"))
    parser.add_argument("--source", type=Path, default=Path("/tmp/newsprism-web-bench-source.db"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="Requests per scenario.")
    parser.add_argument(
        "--interval", type=float, default=0.0, help="Seconds between a client's requests (0: closed loop)."
    )
    parser.add_argument("--workers", type=int, default=1, help="Server processes.")
    parser.add_argument(
        "--only",
        default="",
        help="Scenario name prefixes to run, separated by '|' (default: all), e.g. 'story JSON|search'.",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.compare.stored import signature
    from newsprism.store import Filters, open_store

    if not args.db.exists():
        source = open_store(source_store(args.source))
        print("built", build(args.db, source, args.articles), flush=True)
        source.close()
    store = open_store(args.db)
    rng = random.Random(3)
    stories = store.find_stories(Filters(), limit=200_000).items
    outlets = [o for o, _ in store.facets().outlets if o]
    # Only comparisons still valid count as stored (a newer comparison schema makes them stale).
    signatures = store.comparison_signatures()
    stored = {story.id for story in stories if signatures.get(story.id) == signature(story)}
    print(
        f"store: {store.count()} articles, {len(stories)} stories, {len(outlets)} outlets, "
        f"{len(stored)} stored comparisons",
        flush=True,
    )
    store.close()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsprism",
            "serve",
            "--db",
            str(args.db),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        n = args.requests
        events = [s.id for s in stories if s.kind == "event"]
        rng.shuffle(events)
        # A store made by `analyze` has every comparison stored; this synthetic one has those that
        # `python bench/web_store.py` filled (a random sample of the events when it was stopped).
        precomputed = [i for i in events if i in stored]
        live = [i for i in events if i not in stored]
        hot = rng.sample(events, 50)
        results = {
            "story page, each story once (stored comparison)": [
                f"/stories/{i}" for i in rng.sample(precomputed, min(n, len(precomputed)))
            ],
            "story page, each story once (comparison computed live)": [
                f"/stories/{i}" for i in rng.sample(live, min(n, len(live)))
            ],
            "story page, 50 popular stories (cached)": [f"/stories/{rng.choice(hot)}" for _ in range(n)],
            "story JSON API, each story once (stored comparison)": [
                f"/api/stories/{i}" for i in rng.sample(precomputed, min(n, len(precomputed)))
            ],
            "search page, mixed queries": search_paths(n, rng, outlets),
            "stories list, filtered by outlet": [
                "/?" + urlencode({"outlet": rng.choice(outlets), "offset": rng.randrange(0, 2000, 20)})
                for _ in range(n)
            ],
        }
        wanted = [w.strip() for w in args.only.split("|") if w.strip()]
        print(
            f"load average {os.getloadavg()}, {args.clients} clients, interval {args.interval} s", flush=True
        )
        for name, paths in results.items():  # no warm-up: first requests are part of what is measured
            if not paths or (wanted and not any(name.startswith(w) for w in wanted)):
                continue
            server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
            result = asyncio.run(scenario(base, paths, args.clients, args.interval))
            result["server_cpu_ms"] = round(1000 * (cpu_seconds(server.pid) - server_cpu) / len(paths), 1)
            result["client_cpu_ms"] = round(1000 * (time.process_time() - client_cpu) / len(paths), 1)
            print(name, result, flush=True)
        print(f"load average {os.getloadavg()}", flush=True)
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
