"""The words presentation builds in Python (tooltips, figure values, date bounds, the notes of
figure pairs) in the language of the page being rendered.

The messages are English in the code. The web app registers its catalogues (`use_catalogues`,
from `web/i18n.py`) and sets `CURRENT` for each page; the report and the terminal leave it at
English. Numbers follow the language too (Babel): «2,3 миллиарда», "2.3 billion", «1 460».
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from contextvars import ContextVar

from babel.numbers import format_compact_decimal, format_decimal

# The language of the page being rendered (set by the web pages, read wherever text is built).
CURRENT: ContextVar[str] = ContextVar("CURRENT", default="en")
COMPACT_FROM = 1_000_000  # from here a figure reads «2,3 миллиарда», not «2 300 000 000»

_catalogues: list[Callable[[str], gettext.NullTranslations]] = []


def use_catalogues(load: Callable[[str], gettext.NullTranslations]) -> None:
    """Translate with `load(language)`'s catalogue (the web app's, read once per language)."""
    _catalogues[:] = [load]


def _(message: str) -> str:
    """`message` in the current language (itself in English or without a catalogue)."""
    language = CURRENT.get()
    if language == "en" or not _catalogues:
        return message
    return _catalogues[0](language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the plural form `count` takes in the current language (Russian has three)."""
    language = CURRENT.get()
    if language == "en" or not _catalogues:
        return singular if count == 1 else plural
    return _catalogues[0](language).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `_` translates it where it is used."""
    return message


def number(value: float) -> str:
    """A figure's value as the current language writes it: «1 460», «8,7», «2,3 миллиарда»."""
    if abs(value) >= COMPACT_FROM:
        return format_compact_decimal(value, format_type="long", locale=CURRENT.get(), fraction_digits=2)
    return format_decimal(value, locale=CURRENT.get())
