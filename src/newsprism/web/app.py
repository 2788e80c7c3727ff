"""The web app: `create_app(settings)` builds it; `serve` runs it with uvicorn on 127.0.0.1.

HTML pages (`pages.py`) and the JSON API under /api (`api.py`) read the same views (`views.py`);
the store is opened once, and derived answers are cached until the store's next write. What the
handlers share (settings, store, caches) is in `state.py`, which imports no router: the routers
import it, this module imports them, and nothing imports this module back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprism import __version__
from newsprism.store import Store, open_store
from newsprism.web import api, pages
from newsprism.web.groups import OutletGroup
from newsprism.web.morphology import warm_up
from newsprism.web.state import REQUEST_GENERATION, Settings, Web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
THREADS = 16
# No script, no frames, nothing from elsewhere: pages are server-rendered and work without JavaScript.
# Inline styles only set bar widths and chart colours.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        b"base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


LANGUAGE_HEADERS = (b"accept-language", b"cookie")


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Revalidate:
    """ETags for GET answers: every page and API answer is a function of the store's write
    generation, the URL, the settings and the version, so its tag is known before it is computed,
    and a client that sends it back (If-None-Match) gets 304 Not Modified without any work.
    `Cache-Control: no-cache` lets browsers keep answers but ask each time (a write shows at once)."""

    def __init__(self, app: ASGIApp, state: Web) -> None:
        self.app = app
        self.state = state
        groups = [(g.name, g.kind, g.outlets, g.sites) for g in state.settings.groups]
        self.salt = f"{__version__}|{groups!r}|{state.settings.allow_ingest}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        # On the event loop: one indexed row of a small table (WAL readers never wait for the
        # writer), cheaper than a hop to a worker thread and back.
        generation = self.state.store.generation()
        REQUEST_GENERATION.set(generation)  # this request's task and the threads it runs in
        key = f"{self.salt}|{scope['path']}|{scope['query_string'].decode('latin-1')}"
        request_headers = dict(scope["headers"])
        page = not scope["path"].startswith("/api/")
        if page:  # a page's language follows the browser's Accept-Language and the lang cookie
            key += "|" + b"|".join(request_headers.get(h, b"") for h in LANGUAGE_HEADERS).decode("latin-1")
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()
        tag = f'W/"{generation}-{digest}"'.encode("ascii")
        asked = request_headers.get(b"if-none-match", b"")
        if tag in (t.strip() for t in asked.split(b",")):
            headers = [(b"etag", tag), (b"cache-control", b"no-cache")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_tag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = list(message.get("headers", []))
                if not any(name == b"cache-control" for name, _ in headers):
                    headers += [(b"etag", tag), (b"cache-control", b"no-cache")]
                    if page:
                        headers.append((b"vary", b"Accept-Language, Cookie"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_tag)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The app over the store at `settings.db` (or over `store`, which it then does not close)."""
    if settings.allow_ingest and not settings.token:
        raise ValueError("ingest over HTTP needs a token: pass --token or set NEWSPRISM_TOKEN")
    owned = store is None
    if store is None:
        store = open_store(settings.db, read_only=not settings.allow_ingest)
    state = Web(settings, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Handlers are CPU-bound Python (one core per process, the GIL): more threads than this
        # only interleave requests and stretch every one of them; each holds a store connection.
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        warm_up()
        yield
        if owned:
            state.store.close()

    app = FastAPI(
        title="newsprism",
        version=__version__,
        description="Stories, comparisons, entities, outlets and search over a newsprism store.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: no network, no script here
        redoc_url=None,
    )
    app.state.web = state
    app.include_router(api.router)
    app.include_router(pages.router)
    pages.install_error_pages(app)
    app.add_middleware(Revalidate, state=state)
    # Pages and comparisons shrink 5 to 1 (a 130 KB story as JSON to 27 KB); level 1 costs a
    # fraction of a millisecond a page, a tenth of what the default level 9 costs.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    app.add_middleware(SecurityHeaders)
    return app


SETTINGS_ENV = "NEWSPRISM_WEB_SETTINGS"


def create_app_from_env() -> FastAPI:
    """The app of each worker process, from the settings `serve` put in the environment."""
    data = json.loads(os.environ[SETTINGS_ENV])
    groups = tuple(
        OutletGroup(
            g["name"],
            g["kind"],
            tuple(g["outlets"]),
            tuple((outlet, tuple(sites)) for outlet, sites in g["sites"]),
        )
        for g in data.pop("groups")
    )
    return create_app(Settings(**data, groups=groups))


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, workers: int = 1) -> None:
    """Run the app with uvicorn until interrupted; with several workers, each process opens the
    store (SQLite in WAL mode lets them read at once) and keeps its own caches."""
    import uvicorn

    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            server_header=False,
        )
        return
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))
    uvicorn.run(
        "newsprism.web.app:create_app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        access_log=False,  # a line per request costs about 7 % of the CPU under load
        server_header=False,
    )
