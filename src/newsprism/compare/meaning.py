"""What each statement means, as a multilingual-e5-small vector: the candidates of shared facts.

Two outlets rarely tell one fact in the same words («Правительство утвердило план 16 апреля»
against «план, утверждённый кабинетом министров в середине апреля»), so the comparison reads each
sentence with the article encoder of the stories (`analyse/e5_encoder.py`) as well as by its
lemmas. The encoder costs about 0.7 ms per token on one core, some 20 ms for a sentence, so the
work per comparison is bounded: statements are taken title first, then by their position in the
article, one article after another (the lead of every outlet before the tail of any), until
`budget` tokens are spent (a story of two or three articles is read whole, a larger one by its
leads); the rest are matched by their words alone and `meaning_vectors` says which. Vectors are
remembered per statement text (`CACHE` entries), so a story compared again after one more article
pays only for that article's sentences; which statements are read is decided by the budget over
all of them, cached or not, so a comparison is the same whatever was compared before it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from newsprism.compare.statements import Statement

__all__ = ["BUDGET", "MAX_TOKENS", "meaning_vectors"]

BUDGET = 1000  # tokens encoded per comparison (about 0.7 s of one core)
MAX_TOKENS = 64  # a sentence is cut to this many tokens
CACHE = 20_000  # statement vectors remembered (about 30 MB)

_cache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
_lock = Lock()


def _order(statements: Sequence[Statement]) -> list[int]:
    """Statement numbers by position in their article, titles first, articles interleaved."""
    return sorted(range(len(statements)), key=lambda k: (statements[k].index, statements[k].article_id))


def meaning_vectors(
    statements: Sequence[Statement], budget: int = BUDGET
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """L2-normalised (n, 384) vectors of the statements and a mask of those that have one (the
    others were beyond the budget and are zero)."""
    from newsprism.analyse.e5_encoder import load_encoder

    encoder = load_encoder()
    vectors = np.zeros((len(statements), encoder.hidden), dtype=np.float32)
    has = np.zeros(len(statements), dtype=bool)
    todo: dict[str, list[int]] = {}
    spent = 0
    chosen: dict[str, list[int]] = {}
    for k in _order(statements):  # which statements are read depends on them alone, not on the cache
        text = statements[k].text
        if text in chosen:
            chosen[text].append(k)
            continue
        cost = min(len(encoder.tokens(text, MAX_TOKENS)), MAX_TOKENS) + 2
        if spent + cost > budget:
            continue
        spent += cost
        chosen[text] = [k]
    for text, members in chosen.items():
        with _lock:
            known = _cache.get(text)
            if known is not None:
                _cache.move_to_end(text)
        if known is None:
            todo[text] = members
            continue
        for k in members:
            vectors[k], has[k] = known, True
    if todo:
        texts = list(todo)
        with threadpool_limits(1, user_api="blas"):  # tiny products: more threads only fight
            fresh = encoder.embed(texts, max_tokens=MAX_TOKENS, exact=False)
        with _lock:
            for text, vector in zip(texts, fresh, strict=True):
                _cache[text] = vector
                _cache.move_to_end(text)
            while len(_cache) > CACHE:
                _cache.popitem(last=False)
        for text, vector in zip(texts, fresh, strict=True):
            for k in todo[text]:
                vectors[k], has[k] = vector, True
    return vectors, has
