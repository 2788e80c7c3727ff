"""Characters that are in a text but not seen: what ingest drops, what name keys ignore.

    INVISIBLE   zero-width space U+200B, word joiner U+2060, soft hyphen U+00AD, the BOM U+FEFF
                inside a text, and the bidi marks, embeddings, overrides and isolates (U+200E,
                U+200F, U+061C, U+202A-202E, U+2066-2069): copied from web pages and messengers,
                they make «Пу\u200bтин» a different string from «Путин». Zero-width (non-)joiners
                U+200C/U+200D are kept: emoji and some scripts need them.
    NUL         U+0000: never part of a text; SQLite and PostgreSQL treat it differently.

Ingest drops both from every stored field (`ingest/fields.py`), so the stored text, and every
offset into it, is the text without them; the name keys of the analysis drop them too, for text
given directly (`newsprism annotate`) that still holds them.
"""

from __future__ import annotations

import re

INVISIBLE = frozenset(
    "\u00ad\u061c\u200b\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_DROPPED = re.compile("[\x00" + "".join(sorted(INVISIBLE)) + "]")


def drop_invisible(text: str) -> str:
    """`text` without invisible characters and NUL (a shorter string: use it before offsets are
    taken, or for keys)."""
    return _DROPPED.sub("", text) if _DROPPED.search(text) else text


def has_surrogate(text: str) -> bool:
    """Whether `text` holds a lone surrogate (from JSON's "\\ud800", or a file name that is not
    UTF-8): such a string cannot be written as UTF-8, to a store or a terminal."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
