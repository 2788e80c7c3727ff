"""The comparison: one story seen through every outlet (facts, figures, framing, voices, summary).

Computing a comparison needs the language tools (`compare_story`); reading a stored one does not
(`ComparisonRecord`, `stored_record`). The names are imported when first used, so a reader that
imports `newsprism.compare.record` or `.stored` never imports the computing modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsprism.compare.comparison import Comparison, compare_story
    from newsprism.compare.export import comparison_dict
    from newsprism.compare.record import ComparisonRecord
    from newsprism.compare.stored import compare_stored, stored_record

__all__ = [
    "Comparison",
    "ComparisonRecord",
    "compare_stored",
    "compare_story",
    "comparison_dict",
    "stored_record",
]

_HOME = {
    "Comparison": "comparison",
    "compare_story": "comparison",
    "comparison_dict": "export",
    "ComparisonRecord": "record",
    "compare_stored": "stored",
    "stored_record": "stored",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
