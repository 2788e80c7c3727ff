"""A `Story`: an event or a storyline, as the stories step finds it and the store keeps it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Story", "StoryKind"]

StoryKind = Literal["event", "storyline"]


@dataclass(slots=True)
class Story:
    """An event (articles that report the same thing) or a storyline (events that continue one
    another over weeks or months). Dates are ISO; `duplicates` maps a reprint's article id to the
    article it reprints; an event's `parent` is its storyline, a storyline's `event_ids` its events
    in time order."""

    id: str
    kind: StoryKind
    title: str
    article_ids: list[str] = field(default_factory=list)
    first: str = ""
    last: str = ""
    outlets: list[str] = field(default_factory=list)
    category: str = ""
    key_entities: list[str] = field(default_factory=list)
    parent: str = ""
    event_ids: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
