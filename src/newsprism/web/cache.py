"""A small LRU cache of derived answers (comparisons, profiles), keyed by the store's write
generation: anything written to the store, by this server or by the CLI, makes old entries unused."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class GenerationCache:
    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable, make: Callable[[], T]) -> T:
        full = (generation, key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]  # type: ignore[no-any-return]
        value = make()  # outside the lock: two threads may compute one entry, never block each other
        with self._lock:
            self._items[full] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
