"""Query words to the lemmas they may be forms of (`newsprism.store.search.query_words`), and the
dictionary loaded in the background when the app starts."""

from __future__ import annotations

import threading

from newsprism.store.search import alternatives, query_words

__all__ = ["alternatives", "query_words", "warm_up"]


def warm_up() -> threading.Thread:
    """Load the dictionary in the background, so the first search does not wait for it."""
    thread = threading.Thread(target=alternatives, args=("слово",), name="morphology-warm-up", daemon=True)
    thread.start()
    return thread
