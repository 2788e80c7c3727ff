"""Dates: absolute, partial, ranges, fuzzy parts and relative dates, normalised to ISO 8601.

step.py   `ExtractDates`, the step
rules.py  the named date rules: patterns, their triggers, and what each reads
"""

from newsprism.analyse.dates.rules import RULES
from newsprism.analyse.dates.step import DateSettings, ExtractDates, find_dates, first_day, iso_value

__all__ = ["RULES", "DateSettings", "ExtractDates", "find_dates", "first_day", "iso_value"]
