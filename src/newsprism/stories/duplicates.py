"""Exact and near-duplicate articles: one wire text under several outlets, reprints with small edits.

Each text becomes a MinHash signature (datasketch, "affine32" scheme, fixed seed) of its word
3-shingles; a `MinHashLSH` index at Jaccard 0.8 proposes earlier texts that may be copies, and the
signatures' Jaccard estimate confirms them. A copy joins the group of the text it copies, so a
group is one text with every article and outlet that carried it, and the first text added is its
`original`. Coverage counts groups, not articles, to tell independent reporting from reprints.

The shingles are of the body (the text without its title) when it is long enough, since a
reprint is often retitled. Words are the text's `\\w+` runs after lower case, ё -> е and NFC
(a decomposed «й» is the same letter).

Cost, measured by `bench/clustering_scale.py`: 0.5 to 1 ms per article (real ones average 200
words), mostly tokenising and the LSH; the signature is computed in numpy with datasketch's own
permutations, which gives the same values as `MinHash.update_batch` over the same shingle hashes
(a test checks it).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH  # type: ignore[import-untyped]

from newsprism.stories.view import StoryDoc
from newsprism.text import fold

__all__ = ["DuplicateGroup", "DuplicateIndex", "DuplicateSettings", "by_member", "shingle_hashes"]

U32 = npt.NDArray[np.uint32]

_WORD = re.compile(r"\w+")
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@dataclass(frozen=True, slots=True)
class DuplicateSettings:
    threshold: float = 0.8  # Jaccard of word shingles from which a text is a copy of another
    num_perm: int = 128  # signature length: the estimate's error is about 0.035 at 0.8
    shingle: int = 3  # words per shingle: one edited word changes at most this many shingles
    seed: int = 1  # permutations are drawn from it: the same seed, the same groups in every run
    max_words: int = 3000  # longer texts are compared on their first words only, to bound the cost


@dataclass(slots=True)
class DuplicateGroup:
    """One text and every article and outlet that carried it.

    `copies` are (article id, outlet or "") in the order added; the first is the original, and
    the same article id appears once per outlet that carried that very text."""

    original: str
    copies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def members(self) -> list[str]:
        """Distinct article ids, the original first."""
        return list(dict.fromkeys(article for article, _ in self.copies))

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets that carried the text, the original's first."""
        return list(dict.fromkeys(outlet for _, outlet in self.copies if outlet))

    @property
    def reprints(self) -> int:
        """How many copies there are besides the original."""
        return len(self.copies) - 1

    def is_reprint(self, article_id: str, outlet: str | None) -> bool:
        """Whether this article under this outlet is a copy, not the text's first appearance."""
        return (article_id, outlet or "") != self.copies[0]


def _words(text: str, limit: int) -> list[str]:
    text = fold(text)
    if not unicodedata.is_normalized("NFC", text):  # the check is 50 times cheaper than normalising
        text = unicodedata.normalize("NFC", text)
    return _WORD.findall(text)[:limit]


def _word_hashes(words: list[str], cache: dict[str, int]) -> npt.NDArray[np.uint64]:
    get = cache.get
    values = [get(word) or cache.setdefault(word, zlib.crc32(word.encode()) + 1) for word in words]
    return np.array(values, dtype=np.uint64)


def shingle_hashes(text: str, settings: DuplicateSettings, cache: dict[str, int] | None = None) -> U32:
    """Stable 32-bit hashes of the text's word shingles (the same in every process).

    A text shorter than one shingle is one shingle of all its words; an empty text has none."""
    words = _words(text, settings.max_words)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    ids = _word_hashes(words, {} if cache is None else cache)
    size = min(settings.shingle, len(ids))
    count = len(ids) - size + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(size):  # a polynomial hash of each window, wrapping mod 2^64
        mixed = mixed * _MIX1 + ids[offset : offset + count] * _MIX2
    return (mixed >> np.uint64(32)).astype(np.uint32)


def _fmix32(values: U32) -> U32:
    shift1, mult1, shift2, mult2, shift3 = _FMIX
    values = values ^ (values >> shift1)
    values = values * mult1
    values = values ^ (values >> shift2)
    values = values * mult2
    return values ^ (values >> shift3)


class DuplicateIndex:
    """Finds, for each article added, the earlier text it copies; keeps the copies in groups.

    Deterministic: the same articles added in the same order give the same groups in any process.
    """

    def __init__(self, settings: DuplicateSettings | None = None) -> None:
        self.settings = settings or DuplicateSettings()
        self._lsh = MinHashLSH(threshold=self.settings.threshold, num_perm=self.settings.num_perm)
        permutations = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed).permutations
        self._a: U32 = permutations[0].astype(np.uint32)
        self._b: U32 = permutations[1].astype(np.uint32)
        self._signatures: dict[str, LeanMinHash] = {}
        self._group_of: dict[str, DuplicateGroup] = {}
        self._word_cache: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature(self, view: StoryDoc) -> LeanMinHash:
        """The MinHash of the view's body (its whole text when the body is shorter than a shingle)."""
        body = view.text[len(view.title) :] if view.title and view.text.startswith(view.title) else view.text
        hashes = shingle_hashes(body, self.settings, self._word_cache)
        if len(hashes) < self.settings.shingle:
            hashes = shingle_hashes(view.text, self.settings, self._word_cache)
        return self.minhash(hashes)

    def minhash(self, hashes: U32) -> LeanMinHash:
        """datasketch's affine32 MinHash of 32-bit values, as `MinHash.update_batch` computes it
        with an identity hash function, but in one numpy expression."""
        if len(hashes) == 0:
            values = np.full(self.settings.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        else:
            mixed = _fmix32(hashes)
            values = (mixed[:, None] * self._a[None, :] + self._b[None, :]).min(axis=0)
        return LeanMinHash(seed=self.settings.seed, hashvalues=values, scheme="affine32")

    def add(self, view: StoryDoc) -> str | None:
        """Add an article; return the id of the original text it copies, or None when it is new.

        An article already added under another outlet (the same id: the same text) is a copy of
        its group's original, which may be itself; added again under the same outlet, it changes
        nothing."""
        copy = (view.id, view.outlet or "")
        group = self._group_of.get(view.id)
        if group is not None:
            if copy not in group.copies:
                group.copies.append(copy)
                return group.original
            return group.original if group.is_reprint(*copy) else None
        signature = self.signature(view)
        original = self._best_match(signature)
        self._signatures[view.id] = signature
        self._lsh.insert(view.id, signature, check_duplication=False)
        if original is None:
            self._group_of[view.id] = DuplicateGroup(view.id, [copy])
            return None
        group = self._group_of[original]
        group.copies.append(copy)
        self._group_of[view.id] = group
        return group.original

    def _best_match(self, signature: LeanMinHash) -> str | None:
        """The original of the most similar earlier text at or above the threshold (among equally
        similar ones the smallest id, so the choice does not depend on the index's set order)."""
        matches = []
        for key in self._lsh.query(signature):
            estimate = float(signature.jaccard(self._signatures[key]))
            if estimate >= self.settings.threshold:
                matches.append((-estimate, self._group_of[key].original))
        return min(matches)[1] if matches else None

    def original_of(self, article_id: str) -> str:
        """The id of the text this article copies, or its own id when it is an original."""
        group = self._group_of.get(article_id)
        return article_id if group is None else group.original

    def group(self, article_id: str) -> DuplicateGroup | None:
        return self._group_of.get(article_id)

    def groups(self, *, all_texts: bool = False) -> list[DuplicateGroup]:
        """Groups with at least one copy (every text with `all_texts`), in the order first added."""
        seen: dict[int, DuplicateGroup] = {}
        for group in self._group_of.values():
            if id(group) not in seen and (all_texts or group.reprints > 0):
                seen[id(group)] = group
        return list(seen.values())


def by_member(groups: Iterable[DuplicateGroup]) -> Mapping[str, DuplicateGroup]:
    """Each member's group, for looking up an article's original and outlets."""
    return {member: group for group in groups for member in group.members}
