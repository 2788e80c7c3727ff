"""One fetch round against a local server: 200 feeds of 50 entries each, then a round with nothing new.

    PYTHONPATH=src .venv/bin/python bench/fetch_round.py [--feeds 200] [--entries 50] [--analyse]

The server (127.0.0.1, a free port, `http.server.ThreadingHTTPServer` in a thread of this process)
serves invented feeds whose entries carry their full text, each with an ETag. Round one fetches
every feed and stores every entry (and analyses them with --analyse; without it, storing only,
so that the figure is the fetching and storing); round two, on a new `Fetcher` as a cron job
would run it, should download no body and send one conditional GET per feed (plus one
robots.txt per host). All feeds are on one host, so the per-host interval is 0 here. Prints
the time, requests, bodies and bytes of each round and the peak memory (max RSS) of the process.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsprism.fetch import Fetcher, FetchSettings, fetch_round
from newsprism.store import open_store
from newsprism.store.following import SourceSpec

TOWNS = ["Заречный", "Светлогорск", "Верхнеречье", "Новоозёрск", "Каменка", "Белоключье"]


def feed(number: int, entries: int, base: str) -> bytes:
    items = []
    for entry in range(entries):
        town = TOWNS[(number + entry) % len(TOWNS)]
        title = f"В городе {town} прошло заседание совета номер {number}-{entry}"
        body = (
            f"Совет города {town} собрался на заседание номер {entry} в четверг. Депутаты обсудили "
            f"ремонт {entry + 3} школ и бюджет в {number * 7 + entry} миллионов рублей. "
            "Решение о новом парке отложили до следующего месяца."
        )
        items.append(
            f"<item><title>{escape(title)}</title><link>{base}/o{number}/news/{entry}?utm_source=rss</link>"
            "<pubDate>Thu, 26 Nov 2026 12:00:00 +0300</pubDate>"
            f"<content:encoded>{escape('<p>' + body + '</p>')}</content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Издание {number}</title><link>{base}/o{number}/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def serve(feeds: dict[str, bytes]) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = feeds.get(self.path)
            if body is None:
                self.send_error(404)
                return
            etag = f'"{len(body)}-{self.path}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--analyse", action="store_true", help="analyse the new articles too (slow)")
    args = parser.parse_args()
    feeds: dict[str, bytes] = {}
    server, port = serve(feeds)
    base = f"http://127.0.0.1:{port}"
    for number in range(args.feeds):
        feeds[f"/o{number}/rss.xml"] = feed(number, args.entries, base)
    settings = FetchSettings(host_interval=0.0, concurrency=args.concurrency)
    analyser = None
    if args.analyse:
        from newsprism.analyse import Pipeline, default_pipeline

        loaded: Pipeline = default_pipeline()
        analyser = lambda: loaded  # noqa: E731
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        store.add_sources([SourceSpec(f"Издание {n}", (f"{base}/o{n}/rss.xml",)) for n in range(args.feeds)])
        for name in ("first", "second"):
            with Fetcher(settings) as fetcher:
                started = time.perf_counter()
                report = fetch_round(store, fetcher, analyser, everything=True)
                seconds = time.perf_counter() - started
            print(
                f"{name} round: {seconds:.2f} s, {report.requests} requests ({report.robots} robots.txt), "
                f"{report.bodies} bodies, {fetcher.counts.bytes / 1e6:.1f} MB, {report.new} new articles, "
                f"{report.errors} errors"
            )
        print(f"articles stored: {store.count()}")
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    server.shutdown()


if __name__ == "__main__":
    main()
