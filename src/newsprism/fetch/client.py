"""A polite HTTP client for feeds and article pages, on httpx2.

This is the only module that makes HTTP requests. Each `Fetcher.get`:

- asks the host's robots.txt first (fetched once per fetcher and day; RFC 9309: a 4xx robots.txt allows
  everything, an unreachable one or a 5xx forbids everything), and honours its Crawl-delay;
- waits its turn on the host (at least `host_interval` seconds between requests to one host);
- sends the User-Agent and, when given, If-None-Match / If-Modified-Since (a 304 has no body);
- refuses a URL that `urls.refusal` refuses (a scheme other than http(s), a link-local or
  reserved address; a private one when `allow_private` is off or when reached from a public page);
- follows at most `max_redirects` redirects, each target checked the same way before it is asked;
- streams the body and refuses it past `max_bytes`, raw and decompressed alike (gzip and
  deflate are decompressed here, never more than the cap: a decompression bomb stops at it);
- retries timeouts, dropped connections, 429 and 5xx answers `retries` times, waiting `backoff`,
  then twice as long..., or what a 429's or 503's Retry-After asks (seconds or an HTTP date) when
  it is at most `max_wait`; past it, the host is left alone for the rest of the fetcher's life
  (a round) and the URL fails as "later" at once. Never another 4xx.

FetchError           what went wrong with one URL; the message says it
 └── Disallowed      robots.txt forbids the URL
"""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx

from newsprism import __version__
from newsprism.errors import Disallowed as Disallowed
from newsprism.errors import FetchError as FetchError
from newsprism.fetch.urls import refusal

USER_AGENT = f"newsprism/{__version__} (news analysis; +https://github.com/newsprism/newsprism)"
MAX_CRAWL_DELAY = 30.0
ROBOTS_MAX_AGE = 24 * 3600.0  # RFC 9309: a robots.txt is not used longer than a day


@dataclass(slots=True, frozen=True)
class FetchSettings:
    """How politely and how far to fetch; times in seconds, sizes in bytes."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # connect, and each read
    deadline: float = 60.0  # a whole response, however slowly it trickles
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    host_interval: float = 1.0
    concurrency: int = 8  # sources fetched at once
    robots: bool = True
    max_wait: float = 30.0  # the longest Retry-After waited for; past it, the URL is tried next round
    allow_private: bool = True  # loopback and private addresses (tests, an intranet) may be fetched


class _Retry(Exception):
    """An answer worth asking again (a timeout, a dropped connection, a 5xx)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait  # what Retry-After asked (the host's next turn is then that far off)


@dataclass(slots=True, frozen=True)
class Fetched:
    """A response: 200 with its body, or 304 (not modified, no body); `url` after redirects."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class Counts:
    """What a fetcher sent: requests (robots.txt, retries and redirects included) and bodies."""

    requests: int = 0
    bodies: int = 0
    bytes: int = 0
    robots: int = 0


class Fetcher:
    """HTTP GET with the rules above; safe to share between threads."""

    def __init__(self, settings: FetchSettings = FetchSettings()) -> None:
        self.settings = settings
        self.counts = Counts()
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,  # followed here, each target checked first
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(max_connections=max(4, settings.concurrency * 2)),
            trust_env=False,
        )
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._robots_at: dict[str, float] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._closed_until: dict[str, float] = {}  # hosts whose Retry-After was past `max_wait`

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str = "", last_modified: str = "", origin: str = "") -> Fetched:
        """The response to GET `url` (a link found on `origin`, when given); raises `FetchError`
        (or `Disallowed`) when there is none."""
        refused = refusal(url, origin, allow_private=self.settings.allow_private)
        if refused:
            raise Disallowed(url, refused)
        closed = self._closed_until.get(_host(url), 0.0) - time.monotonic()
        if closed > 0:
            raise FetchError(url, f"the host asked to wait {closed:.0f} s more (Retry-After)", later=True)
        if self.settings.robots and not self.allowed(url):
            raise Disallowed(url, "robots.txt disallows it for our User-Agent")
        headers = {"Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except _Retry as retry:
                if attempt >= self.settings.retries:
                    reason = f"{retry.reason} (tried {attempt + 1} times)"
                    raise FetchError(url, reason, later=True) from None
                if retry.wait is None:  # else the host's next turn is already that far off
                    time.sleep(self.settings.backoff * 2**attempt)
                attempt += 1

    def _get_once(self, url: str, headers: dict[str, str]) -> Fetched:
        current = url
        try:
            for _ in range(self.settings.max_redirects + 1):
                self._wait_turn(current)
                self._count(requests=1)
                with self._client.stream("GET", current, headers=headers) as response:
                    target = self._redirect(url, current, response)
                    if not target:
                        return self._answer(url, response)
                current = target
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {self.settings.timeout:g} s") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
            raise _Retry(f"connection failed: {type(error).__name__}") from None
        except httpx.HTTPError as error:
            raise FetchError(url, f"{type(error).__name__}: {error}") from None
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _redirect(self, url: str, current: str, response: httpx.Response) -> str:
        """The checked target of a redirect ('' when the response is none)."""
        location = response.headers.get("location", "")
        if response.status_code not in (301, 302, 303, 307, 308) or not location:
            return ""
        target = urljoin(current, location.strip())
        refused = refusal(target, current, allow_private=self.settings.allow_private)
        if refused:
            raise Disallowed(url, f"redirect to {target} refused: {refused}")
        return target

    def _answer(self, url: str, response: httpx.Response) -> Fetched:
        status = response.status_code
        if status == 304:
            return Fetched(str(response.url), 304)
        if status in (429, 503):
            wait = retry_after(response.headers.get("retry-after", ""), time.time())
            if wait is not None and wait > self.settings.max_wait:
                with self._lock:
                    self._closed_until[_host(url)] = time.monotonic() + wait
                reason = f"HTTP {status}, Retry-After {wait:.0f} s (over {self.settings.max_wait:g} s)"
                raise FetchError(url, f"{reason}; tried again next round", later=True)
            if wait is not None:
                self._hold_host(url, wait)
            raise _Retry(f"HTTP {status}", wait)
        if status >= 500:
            raise _Retry(f"HTTP {status}")
        if status < 200 or status >= 300:
            raise FetchError(url, f"HTTP {status}; not retried")
        body = self._read_body(url, response)
        self._count(bodies=1, size=len(body))
        return Fetched(
            url=str(response.url),
            status=status,
            body=body,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag", ""),
            last_modified=response.headers.get("last-modified", ""),
        )

    def _hold_host(self, url: str, wait: float) -> None:
        """No request to the host of `url` before `wait` seconds from now (from any thread)."""
        host = _host(url)
        with self._lock:
            self._next_turn[host] = max(self._next_turn.get(host, 0.0), time.monotonic() + wait)

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"body of {declared} bytes is over the limit of {cap}; not downloaded")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        started = time.monotonic()
        chunks: Iterator[bytes] = response.iter_raw()
        return _capped(url, chunks, encoding, cap, started + self.settings.deadline)

    def _count(self, *, requests: int = 0, bodies: int = 0, size: int = 0, robots: int = 0) -> None:
        with self._lock:
            self.counts.requests += requests
            self.counts.bodies += bodies
            self.counts.bytes += size
            self.counts.robots += robots

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        interval = self.settings.host_interval
        rules = self._robots.get(_origin(url))
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            delay = rules.crawl_delay(self.settings.user_agent)
            if delay is not None:
                interval = max(interval, min(float(delay), MAX_CRAWL_DELAY))
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next_turn.get(host, 0.0))
            self._next_turn[host] = turn + interval
        if turn > now:
            time.sleep(turn - now)

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets our User-Agent fetch `url`."""
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host, however many threads ask
            fetched_at = self._robots_at.get(origin)
            if fetched_at is None or time.monotonic() - fetched_at > ROBOTS_MAX_AGE:
                self._robots[origin] = self._load_robots(origin)
                self._robots_at[origin] = time.monotonic()
        rules = self._robots[origin]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.settings.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | bool:
        robots_url = f"{origin}/robots.txt"
        self._count(robots=1)
        try:
            fetched = self._get_once(robots_url, {"Accept-Encoding": "gzip, deflate"})
        except FetchError:
            # RFC 9309: robots.txt "unavailable" (4xx, too many redirects) allows everything.
            return True
        except _Retry:
            return False  # unreachable: assume everything is disallowed, until the next round
        rules = urllib.robotparser.RobotFileParser(robots_url)
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return rules


def retry_after(value: str, now: float) -> float | None:
    """The seconds a Retry-After header asks to wait (delay-seconds or an HTTP date, a past date
    being 0), from `now` (a Unix time); None when there is none or it cannot be read."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - now)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _capped(url: str, chunks: Iterator[bytes], encoding: str, cap: int, deadline: float) -> bytes:
    """The body, decompressed, or `FetchError` past `cap` bytes (raw or decompressed) or past the
    deadline."""
    if encoding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decompressor = zlib.decompressobj()
    elif encoding in ("", "identity"):
        decompressor = None
    else:
        raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
    body = bytearray()
    raw = 0
    for chunk in chunks:
        raw += len(chunk)
        if raw > cap:
            raise FetchError(url, f"body over the limit of {cap} bytes; download stopped")
        if time.monotonic() > deadline:
            raise FetchError(url, "body still coming at the deadline; download stopped")
        if decompressor is None:
            body += chunk
            continue
        pending = chunk
        while pending:
            try:
                body += decompressor.decompress(pending, cap + 1 - len(body))
            except zlib.error as error:
                raise FetchError(url, f"bad {encoding} body: {error}") from None
            if len(body) > cap:
                raise FetchError(url, f"decompressed body over the limit of {cap} bytes (a bomb?)")
            pending = decompressor.unconsumed_tail
    if decompressor is not None:
        body += decompressor.flush()
        if len(body) > cap:
            raise FetchError(url, f"decompressed body over the limit of {cap} bytes (a bomb?)")
    return bytes(body)
