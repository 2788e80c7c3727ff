"""Query words to the lemmas they may be forms of, so «Путина» finds «Путин» and «Путиным»."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from newsprism.store.search import fold

MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def query_words(query: str) -> list[list[str]]:
    """Per word of the query (at most `MAX_WORDS`), the word itself and its possible lemmas."""
    return [alternatives(word) for word in _WORD.findall(query)[:MAX_WORDS]]


@lru_cache(maxsize=20_000)
def alternatives(word: str) -> list[str]:
    folded = fold(word)
    found = [folded]
    if _CYRILLIC.search(folded):
        from newsprism.analyse.natasha_models import parse_word  # the dictionary loads once, ~2 s

        found += [fold(reading.normal) for reading in parse_word(folded)]
    return list(dict.fromkeys(found))


def warm_up() -> threading.Thread:
    """Load the dictionary in the background, so the first search does not wait for it."""
    thread = threading.Thread(target=alternatives, args=("слово",), name="morphology-warm-up", daemon=True)
    thread.start()
    return thread
