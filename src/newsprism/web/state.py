"""What every request handler reads: the server's settings, the open store and its caches.

The routers (`pages.py`, `api.py`, `uploads.py`) and the app factory (`app.py`) import this
module; it imports none of them.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from newsprism.store import Store
from newsprism.web.cache import GenerationCache
from newsprism.web.groups import OutletGroup, merged

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


@dataclass(slots=True, frozen=True)
class Settings:
    """How the server runs. Ingest over HTTP is off unless `allow_ingest` and a `token` are given."""

    db: str
    groups: tuple[OutletGroup, ...] = ()
    allow_ingest: bool = False
    token: str | None = None
    max_upload: int = DEFAULT_MAX_UPLOAD
    analyse: bool = True  # analyse ingested articles (loads the models on the first upload)


@dataclass(slots=True)
class Web:
    """What every request handler reads: the settings, the open store and the caches."""

    settings: Settings
    store: Store
    cache: GenerationCache = field(default_factory=GenerationCache)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    pipeline: Any = None

    def groups(self) -> tuple[OutletGroup, ...]:
        """The `--groups` file's groups merged with those stored with followed sources (the file
        wins on a name both give); read again when the store changes (`sources add` bumps it)."""

        def make() -> tuple[OutletGroup, ...]:
            return merged(self.settings.groups, [(s.name, s.groups) for s in self.store.sources()])

        found: tuple[OutletGroup, ...] = self.cached(("outlet-groups",), make)
        return found

    def cached(self, key: Any, make: Any) -> Any:
        generation = REQUEST_GENERATION.get()
        if generation is None:
            generation = self.store.generation()
        return self.cache.get(generation, key, make)


# The store's generation as `Revalidate` read it at the start of the request (one query per
# request instead of one per cached answer). A write during the request only makes an answer
# cached under the older generation, which no later request asks for.
REQUEST_GENERATION: ContextVar[int | None] = ContextVar("REQUEST_GENERATION", default=None)


def web(request: Request) -> Web:
    state: Web = request.app.state.web
    return state
