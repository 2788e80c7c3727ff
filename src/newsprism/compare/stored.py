"""Comparisons of stories in a store: computed once, stored, and read back by every reader.

A story's comparison is computed when its story changes (`run.stories.precompute_comparisons`)
and stored with a signature of the story and of the comparison code. The terminal, the report and
the web app read it back (`stored_record`, `comparison_data`); only when the stored one is missing
or was made for another version of the story or of the code is it computed now, which imports the
language tools (the computing modules are imported in that case only).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism import __version__
from newsprism.compare.record import SCHEMA_VERSION, ComparisonRecord
from newsprism.model import Article, Doc, Story
from newsprism.store.base import Store

if TYPE_CHECKING:
    from newsprism.compare.comparison import Comparison


def compare_stored(store: Store, story: Story | str) -> Comparison | None:
    """The comparison of a stored story (by id or as loaded) computed now, None when there is no
    such story. Articles without a stored analysis are left out; a story of more than
    `MAX_COMPARED` articles is compared on a sample of them that keeps every outlet
    (`sample_articles`)."""
    from newsprism.compare.comparison import compare_story, sample_articles

    found = store.story(story) if isinstance(story, str) else story
    if found is None:
        return None
    by_id = store.articles_by_id(found.article_ids)
    articles = [by_id[article_id] for article_id in found.article_ids if article_id in by_id]
    items: list[tuple[Article, Doc]] = []
    for article in sample_articles(articles):
        doc = store.doc(article.id)
        if doc is not None:
            items.append((article, doc))
    events = {e: event for e in found.event_ids if (event := store.story(e)) is not None}
    if found.kind == "event" and found.parent:
        events = {found.id: found}
    publications = store.publications([article.id for article, _ in items])
    return compare_story(found, items, events, total=len(articles), publications=publications)


COMPARE_CODE = Path(__file__).resolve().parent


@cache
def code_version(folder: Path = COMPARE_CODE) -> str:
    """A digest of the comparison's own modules: a comparison stored before its rules changed is
    stale even when the package's version number did not move (read once per process)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def signature(story: Story) -> str:
    """What a stored comparison is valid for: the story as stored (its articles, events, parent)
    and the version of the code (the package's and a digest of the comparison's modules) and of
    the fact model that compared it."""
    from newsprism.compare.fact_pairs import model_version

    data = json.dumps(
        [story.to_dict(), SCHEMA_VERSION, __version__, code_version(), model_version()],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def comparison_data(store: Store, story: Story) -> dict[str, Any] | None:
    """The comparison of a stored story as JSON-ready data (`comparison_dict`): the stored one when
    it is still valid, else computed now (and not stored: readers do not write)."""
    stored = store.comparison(story.id, signature(story))
    return stored if stored is not None else live_data(store, story)


def stored_record(store: Store, story: Story) -> ComparisonRecord | None:
    """The comparison of a stored story read back as typed records (`comparison_data`); None when
    the story has no analysed article."""
    data = comparison_data(store, story)
    return None if data is None else ComparisonRecord.from_dict(data)


def live_data(store: Store, story: Story) -> dict[str, Any] | None:
    """The comparison computed now, as it would be stored (JSON types: lists, string keys)."""
    comparison = compare_stored(store, story)
    return None if comparison is None else stored_form(comparison)


def stored_form(comparison: Comparison) -> dict[str, Any]:
    """A computed comparison as it is stored: `comparison_dict` through JSON (lists, string keys)."""
    from newsprism.compare.export import comparison_dict

    data: dict[str, Any] = json.loads(json.dumps(comparison_dict(comparison), ensure_ascii=False))
    return data


def record_of(comparison: Comparison) -> ComparisonRecord:
    """A computed comparison read back as a reader sees it once stored."""
    return ComparisonRecord.from_dict(stored_form(comparison))
