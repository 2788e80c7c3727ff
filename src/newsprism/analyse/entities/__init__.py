"""Named entities: finding them, their names in the nominative, and linking their mentions.

`step` (TagEntities: slovnet NER sentence by sentence, then the rules), `rules` (the ordered named
rules that fix and complete the tagger's spans), `spans` and `joins` (span helpers the rules use),
`names` (a mention's name in the nominative), `linking` (LinkMentions: every mention to its
canonical name), `aliases` (the alias table, acronyms, initials), `consistency` (one type per
canonical name in an article), `countries` and `sports_clubs` (two classes of names with their own
evidence). The steps are imported when first named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsprism.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsprism.analyse.entities.linking import LinkMentions
    from newsprism.analyse.entities.step import TagEntities

_HOME = {"LinkMentions": "linking", "TagEntities": "step"}
__all__ = ["LinkMentions", "TagEntities"]
__getattr__ = lazy_attributes(__name__, _HOME)
