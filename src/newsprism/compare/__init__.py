"""The comparison: one story seen through every outlet (facts, figures, framing, voices, summary)."""

from newsprism.compare.comparison import Comparison, compare_story
from newsprism.compare.export import comparison_dict

__all__ = ["Comparison", "compare_story", "comparison_dict"]
