"""How two spellings of one word or name are made comparable: case folded and «ё» read as «е»
(Russian writes «Пётр» and «Петр», «её» and «ее» for the same words).

`fold` is the key of a word («Ёлка» → «елка»); `name_key` of a name, its words folded and
joined by single spaces («Пётр  Ильич» → «петр ильич»). Every lookup of a word or a name in the
package goes through one of them, so a dictionary built with one matches a query made with the
other.
"""

from __future__ import annotations

__all__ = ["fold", "name_key"]


def fold(text: str) -> str:
    """`text` in lower case with «ё» as «е»."""
    return text.lower().replace("ё", "е")


def name_key(name: str) -> str:
    """A name's key: its words folded (`fold`) and joined by single spaces."""
    return " ".join(fold(name).split())
