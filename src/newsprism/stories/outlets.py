"""The outlets of a story, every publication counted: a text two outlets published is one article
(its id is a hash of the content) but two outlets covering the story."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from newsprism.model import Publication, Story


def with_publications(
    stories: Sequence[Story], publications: Mapping[str, Sequence[Publication]]
) -> list[Story]:
    """The stories with the outlets of every publication of their articles: the story's own outlets
    first, as clustering ordered them, then the other publishing outlets in article order."""
    out = []
    for story in stories:
        outlets = list(story.outlets)
        for article_id in story.article_ids:
            outlets += [p.outlet for p in publications.get(article_id, ()) if p.outlet]
        outlets = list(dict.fromkeys(outlets))
        out.append(dataclasses.replace(story, outlets=outlets) if outlets != story.outlets else story)
    return out
