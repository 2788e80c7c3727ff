"""The polite HTTP client against a real server on 127.0.0.1: every fault it must survive."""

from __future__ import annotations

import dataclasses
import gzip
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from newsprism.fetch import Disallowed, Fetcher, FetchError, FetchSettings, canonical_url
from newsprism.fetch.client import retry_after
from newsprism.fetch.urls import host_kind, is_local, refusal
from support import NewsServer, Route

FAST = FetchSettings(timeout=0.5, deadline=2.0, retries=2, backoff=0.01, host_interval=0.0, max_bytes=64_000)


def _fetcher(**changes: Any) -> Fetcher:
    return Fetcher(dataclasses.replace(FAST, **changes))


def test_fetch_client_200_sends_user_agent(news_server: NewsServer) -> None:
    news_server.routes["/a"] = Route(b"hello", headers={"Content-Type": "text/plain"})
    with _fetcher(user_agent="newsprism-test/1") as fetcher:
        fetched = fetcher.get(news_server.url("/a"))
    assert (fetched.status, fetched.body) == (200, b"hello")
    assert news_server.log[-1][1]["user-agent"] == "newsprism-test/1"
    assert fetcher.counts.robots == 1  # robots.txt asked once (a 404 here: everything allowed)


def test_fetch_client_304_with_etag(news_server: NewsServer) -> None:
    news_server.routes["/feed"] = Route(b"<rss/>", etag='"v1"')
    with _fetcher() as fetcher:
        first = fetcher.get(news_server.url("/feed"))
        second = fetcher.get(news_server.url("/feed"), etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.body == b""
    assert news_server.log[-1][1]["if-none-match"] == '"v1"'
    assert fetcher.counts.bodies == 1


def test_fetch_client_404_is_not_retried(news_server: NewsServer) -> None:
    with _fetcher() as fetcher, pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(news_server.url("/missing"))
    assert news_server.hits("/missing") == 1


def test_fetch_client_500_retried_then_answers(news_server: NewsServer) -> None:
    calls: list[int] = []

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        status = 500 if len(calls) < 3 else 200
        handler.send_response(status)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    news_server.routes["/flaky"] = Route(handle=flaky)
    with _fetcher() as fetcher:
        assert fetcher.get(news_server.url("/flaky")).body == b"ok"
    assert len(calls) == 3


def test_fetch_client_500_gives_up_after_retries(news_server: NewsServer) -> None:
    news_server.routes["/down"] = Route(b"", status=503)
    with _fetcher() as fetcher, pytest.raises(FetchError, match=r"HTTP 503 \(tried 3 times\)"):
        fetcher.get(news_server.url("/down"))


@pytest.mark.slow
def test_fetch_client_timeout_retried_then_fails(news_server: NewsServer) -> None:
    news_server.routes["/hang"] = Route(b"late", delay=1.5)
    started = time.monotonic()
    with _fetcher(retries=1) as fetcher, pytest.raises(FetchError, match="no answer within"):
        fetcher.get(news_server.url("/hang"))
    assert news_server.hits("/hang") == 2
    assert time.monotonic() - started < 5


def test_fetch_client_slow_answer_within_timeout(news_server: NewsServer) -> None:
    news_server.routes["/slow"] = Route(b"worth the wait", delay=0.2)
    with _fetcher() as fetcher:
        assert fetcher.get(news_server.url("/slow")).body == b"worth the wait"


def test_fetch_client_trickle_stops_at_deadline(news_server: NewsServer) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"x" * 10)
            handler.wfile.flush()
            time.sleep(0.1)

    news_server.routes["/trickle"] = Route(handle=trickle)
    with _fetcher(deadline=0.5) as fetcher, pytest.raises(FetchError, match="deadline"):
        fetcher.get(news_server.url("/trickle"))


def test_fetch_client_redirect_loop(news_server: NewsServer) -> None:
    news_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with _fetcher() as fetcher, pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(news_server.url("/loop"))
    assert news_server.hits("/loop") == 6


def test_fetch_client_redirect_followed(news_server: NewsServer) -> None:
    news_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    news_server.routes["/new"] = Route(b"moved")
    with _fetcher() as fetcher:
        fetched = fetcher.get(news_server.url("/old"))
    assert (fetched.body, fetched.url) == (b"moved", news_server.url("/new"))


def test_fetch_client_oversized_body_refused_by_length(news_server: NewsServer) -> None:
    news_server.routes["/big"] = Route(b"x" * 100_000)
    with _fetcher() as fetcher, pytest.raises(FetchError, match="over the limit"):
        fetcher.get(news_server.url("/big"))
    assert fetcher.counts.bodies == 0


def test_fetch_client_oversized_body_without_length_stopped(news_server: NewsServer) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: HTTP/1.0, the body ends when the server closes
        try:
            for _ in range(1000):
                handler.wfile.write(b"y" * 4096)
        except OSError:
            pass

    news_server.routes["/endless"] = Route(handle=endless)
    with _fetcher() as fetcher, pytest.raises(FetchError, match="download stopped"):
        fetcher.get(news_server.url("/endless"))


def test_fetch_client_gzip_bomb_refused(news_server: NewsServer) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < FAST.max_bytes  # small on the wire, 20 MB unpacked
    news_server.routes["/bomb"] = Route(bomb, headers={"Content-Encoding": "gzip"})
    with _fetcher() as fetcher, pytest.raises(FetchError, match="decompressed body over the limit"):
        fetcher.get(news_server.url("/bomb"))


def test_fetch_client_gzip_body_decompressed(news_server: NewsServer) -> None:
    news_server.routes["/gz"] = Route(
        gzip.compress("Новости дня".encode()), headers={"Content-Encoding": "gzip"}
    )
    with _fetcher() as fetcher:
        assert fetcher.get(news_server.url("/gz")).body.decode() == "Новости дня"


def test_fetch_client_robots_disallow(news_server: NewsServer) -> None:
    news_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n")
    news_server.routes["/private/a"] = Route(b"secret")
    news_server.routes["/public"] = Route(b"open")
    with _fetcher() as fetcher:
        with pytest.raises(Disallowed):
            fetcher.get(news_server.url("/private/a"))
        assert fetcher.get(news_server.url("/public")).body == b"open"
    assert news_server.hits("/private/a") == 0
    assert news_server.hits("/robots.txt") == 1


def test_fetch_client_robots_5xx_disallows_everything(news_server: NewsServer) -> None:
    news_server.routes["/robots.txt"] = Route(status=500)
    news_server.routes["/a"] = Route(b"a")
    with _fetcher(retries=0) as fetcher, pytest.raises(Disallowed):
        fetcher.get(news_server.url("/a"))


def test_fetch_client_host_interval_spaces_requests(news_server: NewsServer) -> None:
    news_server.routes["/a"] = Route(b"a")
    with _fetcher(host_interval=0.2) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.get(news_server.url("/a"))
    # robots.txt, then three requests: three intervals at least
    assert time.monotonic() - started >= 0.55


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("https://Vestnik.example/news/1?utm_source=rss&utm_medium=feed", "https://vestnik.example/news/1"),
        ("https://vestnik.example/news/1?id=7&fbclid=abc#comments", "https://vestnik.example/news/1?id=7"),
        ("http://vestnik.example:80/a?yclid=1&page=2", "http://vestnik.example/a?page=2"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
    ],
)
def test_fetch_urls_canonical_drops_tracking(given: str, canonical: str) -> None:
    assert canonical_url(given) == canonical


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8080/a", True),
        ("http://10.1.2.3/a", True),
        ("http://169.254.169.254/latest/meta-data", True),
        ("http://[::1]/a", True),
        ("http://8.8.8.8/a", False),
        ("not a url", False),
    ],
)
def test_fetch_urls_is_local(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_fetch_client_refuses_other_schemes(news_server: NewsServer) -> None:
    with _fetcher() as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")
    assert fetcher.counts.requests == 0


def _busy(times: list[float], status: int, retry: str, then: int = 200) -> Route:
    """Answers `status` with `Retry-After: retry` once, then `then`; logs when each request came."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        times.append(time.monotonic())
        code = status if len(times) == 1 else then
        handler.send_response(code)
        if code == status:
            handler.send_header("Retry-After", retry)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    return Route(handle=handle)


@pytest.mark.slow
@pytest.mark.parametrize("status", [429, 503])
def test_fetch_client_retry_after_seconds_waited_then_answers(news_server: NewsServer, status: int) -> None:
    times: list[float] = []
    news_server.routes["/busy"] = _busy(times, status, "1")
    with _fetcher(backoff=0.0) as fetcher:
        assert fetcher.get(news_server.url("/busy")).body == b"ok"
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95  # the Retry-After, not the (zero) backoff


def test_fetch_client_retry_after_date_in_the_past_retried_at_once(news_server: NewsServer) -> None:
    times: list[float] = []
    past = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    news_server.routes["/busy"] = _busy(times, 503, past)
    with _fetcher() as fetcher:
        assert fetcher.get(news_server.url("/busy")).body == b"ok"
    assert len(times) == 2


@pytest.mark.parametrize("retry", ["3600", "http-date"])
def test_fetch_client_retry_after_past_the_cap_is_later_without_waiting(
    news_server: NewsServer, retry: str
) -> None:
    if retry == "http-date":
        retry = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    times: list[float] = []
    news_server.routes["/busy"] = _busy(times, 429, retry)
    news_server.routes["/other"] = Route(b"other")
    with _fetcher(max_wait=5.0) as fetcher:
        with pytest.raises(FetchError, match="tried again next round") as raised:
            fetcher.get(news_server.url("/busy"))
        assert raised.value.later
        with pytest.raises(FetchError, match="asked to wait") as second:  # the host is left alone
            fetcher.get(news_server.url("/other"))
        assert second.value.later
    assert len(times) == 1 and news_server.hits("/other") == 0


def test_fetch_client_429_without_retry_after_is_retried_other_4xx_not(news_server: NewsServer) -> None:
    times: list[float] = []
    news_server.routes["/busy"] = _busy(times, 429, "")
    news_server.routes["/gone"] = Route(b"", status=410)
    with _fetcher() as fetcher:
        assert fetcher.get(news_server.url("/busy")).body == b"ok"
        with pytest.raises(FetchError, match="HTTP 410; not retried") as raised:
            fetcher.get(news_server.url("/gone"))
    assert len(times) == 2 and news_server.hits("/gone") == 1 and not raised.value.later


def test_fetch_client_retry_after_parsed() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC).timestamp()
    assert retry_after("120", now) == 120.0
    assert retry_after("Tue, 01 Dec 2026 12:02:00 GMT", now) == 120.0
    assert retry_after("Tue, 01 Dec 2026 11:00:00 GMT", now) == 0.0
    assert retry_after("", now) is None
    assert retry_after("soon", now) is None
    assert retry_after("-5", now) is None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "private"),
        ("localhost", "private"),
        ("10.0.0.1", "private"),
        ("192.168.1.20", "private"),
        ("::1", "private"),
        ("[fd00::1]", "private"),
        ("169.254.169.254", "forbidden"),
        ("::ffff:169.254.169.254", "forbidden"),
        ("fe80::1", "forbidden"),
        ("224.0.0.1", "forbidden"),
        ("0.0.0.0", "forbidden"),
        ("240.0.0.1", "forbidden"),
        ("8.8.8.8", "public"),
        ("2606:4700:4700::1111", "public"),
        ("example.com", "public"),  # resolved or not (no network here), never a private address
    ],
)
def test_fetch_urls_host_kind(host: str, kind: str) -> None:
    assert host_kind(host) == kind


def test_fetch_urls_refusal_rules() -> None:
    assert refusal("http://127.0.0.1:8080/a") == ""  # a local source: allowed by default
    assert "private addresses are not allowed" in refusal("http://127.0.0.1/a", allow_private=False)
    assert "reached from a public one" in refusal("http://10.0.0.1/a", "http://8.8.8.8/feed")
    assert refusal("http://10.0.0.1/a", "http://10.0.0.2/feed") == ""  # an intranet's own links
    assert refusal("http://8.8.8.8/a", "http://10.0.0.2/feed") == ""
    assert "never fetched" in refusal("http://169.254.169.254/latest/meta-data", "http://10.0.0.2/")
    assert "not an http(s) URL" in refusal("file:///etc/passwd")
    assert "not an http(s) URL" in refusal("gopher://8.8.8.8/")


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("file:///etc/passwd", "not an http"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("ftp://127.0.0.1/x", "not an http"),
    ],
)
def test_fetch_client_redirect_target_refused_before_connecting(
    news_server: NewsServer, location: str, why: str
) -> None:
    news_server.routes["/jump"] = Route(status=302, headers={"Location": location})
    with _fetcher(timeout=10.0, retries=0) as fetcher, pytest.raises(Disallowed) as raised:
        fetcher.get(news_server.url("/jump"))
    assert "redirect to" in str(raised.value) and why in str(raised.value)
    assert "connection failed" not in str(raised.value) and "no answer" not in str(raised.value)
    assert fetcher.counts.requests == 2  # robots.txt and /jump: nothing was sent to the target


def test_fetch_client_private_addresses_refused_when_not_allowed(news_server: NewsServer) -> None:
    news_server.routes["/a"] = Route(b"hello")
    with _fetcher(allow_private=False) as fetcher, pytest.raises(Disallowed, match="not allowed"):
        fetcher.get(news_server.url("/a"))
    assert news_server.log == [] and fetcher.counts.requests == 0
