"""A report of a big batch stays a file one can mail: its comparisons are kept compressed.

A comparison in the report is mostly its articles' highlighted text (every sentence and name is an
element with its offsets) and the tables of figures and names; a thousand articles make some
19 MB of such HTML, which a browser takes seconds to lay out before anything shows. Past
`INLINE_MAX_BYTES`, each story's section is stored gzip-compressed, base64 in an attribute of a
placeholder that shows its title, dates and outlets; the report's script unpacks a section in
place when it is opened (a link to it or into it, its button, or «open every comparison»), with
the browser's own `DecompressionStream`. The same HTML comes out, so every highlight still
points at its characters, and the page stays one self-contained file (about 5 times smaller).
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Sequence

INLINE_MAX_BYTES = 3_000_000  # the sections' HTML above which they are packed


def should_pack(sections: Sequence[str], limit: int = INLINE_MAX_BYTES) -> bool:
    """Whether sections of this total size (UTF-8 bytes) are packed."""
    total = 0
    for section in sections:
        total += len(section.encode("utf-8"))
        if total > limit:
            return True
    return False


def pack(html: str) -> str:
    """`html` gzip-compressed (deterministic: no time stamp) and base64-encoded."""
    return base64.b64encode(gzip.compress(html.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def unpack(packed: str) -> str:
    """The HTML `pack` was given (what the report's script does in the browser)."""
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")
