"""Dates: absolute, partial, ranges, fuzzy parts and relative dates, normalised to ISO 8601.

step.py      `ExtractDates`, the step (its docstring says what it finds and infers)
settings.py  `DateSettings`: the words of plans, deadlines, lower limits and hearsay
rules.py     the named date rules: patterns, their triggers and what each reads
readings.py  what a rule reads: moments, readings, found dates
find.py      `find_dates`: the rules run over the sentences, where their triggers are
tense.py     the tense around a date, from the verbs of its sentence; datelines
resolve.py   partial and relative dates turned into calendar dates: `DateMention`s
values.py    ISO 8601 values and the first and last days they cover
bounds.py    the bounds of when a text was written: `written_after`, `written_before`
"""

from newsprism.analyse.dates.find import find_dates
from newsprism.analyse.dates.rules import RULES
from newsprism.analyse.dates.settings import DateSettings
from newsprism.analyse.dates.step import ExtractDates
from newsprism.analyse.dates.values import first_day, iso_value

__all__ = ["RULES", "DateSettings", "ExtractDates", "find_dates", "first_day", "iso_value"]
