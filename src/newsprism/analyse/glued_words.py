"""Words glued together where a space was lost, split before tagging; each rule is a small named
function that gives the offsets inside a token where it splits.

    lost_space_before_name   «столицыВеры Орловой», «сообщилПетров»: a known word ending in a
                             lower-case letter, then a capitalised known word that is a name
                             (or any capitalised known word after a word in lower case), the
                             whole unknown to the dictionary -> two tokens

News feeds lose the space (or the line break) between a paragraph's last word and the next
paragraph's first, between a caption and the text, or after a link's text; razdel keeps such a pair
as one word, and the NER finds no name in it. Names written in camel case are left as they are:
«ВымпелКом», «МегаФон», «ЕвроХим» each have a part the dictionary does not know, or know only as
an indeclinable word, or the part after the capital is not a name and the word starts with a
capital. Only Cyrillic words are read; offsets stay those of the original text, nothing is inserted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsprism.analyse import natasha_models
from newsprism.analyse.rule_runner import each
from newsprism.text import fold

__all__ = ["GLUE_RULES", "lost_space_before_name", "split_points"]

# a lower-case Cyrillic letter followed by a capital one that starts a word in lower case
_CASE_CHANGE = re.compile(r"(?<=[а-яё])(?=[А-ЯЁ][а-яё])")
_WORD = re.compile(r"[А-ЯЁа-яё]+")
_MIN_PART = 3
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})


def _readings(word: str) -> tuple[natasha_models.Parse, ...]:
    return tuple(r for r in natasha_models.parse_word(fold(word)) if r.known)


def lost_space_before_name(word: str) -> Iterator[int]:
    """The offsets in `word` where a space was lost before a capitalised word (see the module)."""
    if not _WORD.fullmatch(word) or _readings(word):
        return
    cuts = [m.start() for m in _CASE_CHANGE.finditer(word)]
    bounds = [0, *cuts, len(word)]
    for k, cut in enumerate(cuts, 1):
        left, right = word[bounds[k - 1] : cut], word[cut : bounds[k + 1]]
        if len(left) < _MIN_PART or len(right) < _MIN_PART:
            continue
        left_readings, right_readings = _readings(left), _readings(right)
        if not left_readings or all("Fixd" in r.grammemes for r in left_readings) or not right_readings:
            continue
        if left[:1].islower() or any(r.grammemes & _NAME_GRAMMEMES for r in right_readings):
            yield cut


GLUE_RULES = (lost_space_before_name,)


def split_points(word: str) -> list[int]:
    """Where the rules cut a token's text, in order (empty for nearly every word: a word without a
    lower-case letter before a capital one is not read further)."""
    if not _CASE_CHANGE.search(word):
        return []
    return sorted({cut for _, cut in each(GLUE_RULES, word)})
