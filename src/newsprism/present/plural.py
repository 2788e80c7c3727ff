"""Counting words by a language's plural rules (CLDR, through Babel): «1 статья, 2 статьи,
5 статей, 21 статья», "1 article, 2 articles"."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from babel import Locale


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


def category(n: int, locale: str = "en") -> str:
    """The CLDR plural category of `n` in `locale`: 'one', 'few', 'many' or 'other' (and so on)."""
    return str(_locale(locale).plural_form(abs(n)))


def count(n: int, forms: Mapping[str, str], locale: str = "en") -> str:
    """`n` and the form of its noun: `forms` maps plural categories to words; a category it lacks
    falls back to 'other'."""
    return f"{n} {forms.get(category(n, locale), forms['other'])}"


def en(n: int, singular: str, plural: str | None = None) -> str:
    """An English count: en(1, 'story', 'stories') is '1 story', en(2, 'article') '2 articles'."""
    return count(n, {"one": singular, "other": plural or singular + "s"}, "en")
