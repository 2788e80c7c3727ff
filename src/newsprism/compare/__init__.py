"""The comparison: one story seen through every outlet (facts, figures, framing, voices, summary)."""

from newsprism.compare.comparison import Comparison, compare_story
from newsprism.compare.export import comparison_dict
from newsprism.compare.stored import compare_stored

__all__ = ["Comparison", "compare_stored", "compare_story", "comparison_dict"]
