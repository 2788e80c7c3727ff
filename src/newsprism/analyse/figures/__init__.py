"""Figures: numbers with what they count and how exactly («около 50 стран-союзников»).

step.py      `ExtractFigures`, the step: reads the numbers of a sentence and how exactly each
             is meant; `counted_keys`, what a figure can be aligned by
rules.py     the exclusions that drop non-figures (dates, years, ordinals, identifiers)
units.py     the units and counted nouns of a figure
numerals.py  numbers as Russian news writes them, in digits or words
"""

from newsprism.analyse.figures.numerals import parse_digits
from newsprism.analyse.figures.step import ExtractFigures, FigureSettings, counted_keys

__all__ = ["ExtractFigures", "FigureSettings", "counted_keys", "parse_digits"]
