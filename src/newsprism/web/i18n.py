"""The pages' languages: Russian and English gettext catalogues, the reader's choice, dates.

The messages are English in the code and templates; `locale/ru/LC_MESSAGES/messages.po` translates
them (`pybabel extract -F babel.cfg`, then `pybabel update`, see docs/web.md). The .po files ship
with the package and are read at start-up by babel (no compiled .mo to build or to forget).
A reader's language is, in order: `?lang=` (which also sets the `lang` cookie), the cookie, the
browser's `Accept-Language`, and when the browser states no preference for one of ours, the
language most of the store's articles are in.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from io import BytesIO
from typing import TypeVar
from urllib.parse import quote, urlencode

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request, Response
from jinja2 import Environment
from sqlalchemy import func, select

from newsprism.present.i18n import CURRENT, use_catalogues
from newsprism.present.i18n import N_ as N_  # marks messages for the catalogue
from newsprism.present.i18n import _ as translate
from newsprism.store import Store

LANGUAGES = ("en", "ru")  # English is the language of the code: it needs no catalogue
NAMES = {"en": "English", "ru": "Русский"}
COOKIE = "lang"
DOMAIN = "messages"
R = TypeVar("R", bound=Response)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`, read from its .po once per process; English passes through."""
    if lang == "en":
        return gettext.NullTranslations()
    source = files("newsprism.web") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def accepted(header: str) -> list[str]:
    """The primary language tags of an Accept-Language header, most wanted first («*» and q=0 out)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        tag = tag.strip().lower().split("-")[0]
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def choose(asked: str | None, cookie: str | None, header: str | None, default: str) -> str:
    """The page's language: `?lang=`, then the cookie, then Accept-Language, then `default`."""
    for explicit in (asked, cookie):
        if explicit in LANGUAGES:
            return explicit
    for tag in accepted(header or ""):
        if tag in LANGUAGES:
            return tag
    return default


def store_language(store: Store) -> str:
    """Russian when most of the store's articles are Russian, else (an empty store too) English."""
    from newsprism.store import schema

    engine = getattr(store, "engine", None)
    if engine is None:
        return "ru"
    column = schema.articles.c.language
    with engine.connect() as connection:
        rows = connection.execute(select(column, func.count()).group_by(column)).all()
    counts = {language: int(count) for language, count in rows}
    total = sum(counts.values())
    return "ru" if total and counts.get("ru", 0) * 2 > total else "en"


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_text(value: str | None, lang: str) -> str:
    """An ISO day in the reader's format («6 янв. 2026 г.», «Jan 6, 2026»); a partial date as it is."""
    if not value:
        return ""
    day = _day(value) if len(value) >= 10 else None
    return format_date(day, "medium", locale=lang) if day else value


def moment_text(value: str | None, lang: str) -> str:
    """An ISO timestamp as the reader writes it: its day, and its clock unless it is midnight."""
    if not value:
        return ""
    day = _day(value)
    if day is None:
        return value
    try:
        clock = datetime.fromisoformat(value).time() if "T" in value else None
    except ValueError:
        clock = None
    shown = format_date(day, "medium", locale=lang)
    if clock is None or (clock.hour, clock.minute) == (0, 0):
        return shown
    return f"{shown} {format_time(clock.replace(second=0, microsecond=0), 'short', locale=lang)}"


# Codes of the data shown by name: entity types, story, mention and quote kinds, categories
LABELS = {
    "type": {"PER": N_("person"), "ORG": N_("organisation"), "LOC": N_("place")},
    "kind": {"event": N_("event"), "storyline": N_("storyline")},
    "mention": {"name": N_("name"), "descriptor": N_("descriptor")},
    "quote": {"direct": N_("direct quote"), "indirect": N_("reported speech")},
    "category": {
        "society": N_("society"),
        "economy": N_("economy"),
        "technology": N_("technology"),
        "sports": N_("sports"),
        "entertainment": N_("entertainment"),
        "science": N_("science"),
        "other": N_("other"),
        "not_news": N_("not news"),
    },
}


# Labels the report's view (present/comparison_html.py) puts in the story section, which shows them
# through gettext: a figure's status, where its time comes from
REPORT_LABELS = (
    N_("the same"),
    N_("no contradiction"),
    N_("different times"),
    N_("conflict"),
    N_("sentence"),
    N_("previous sentence"),
    N_("article"),
)


def label(group: str, code: str | None) -> str:
    """The name of a code in the current language (an unknown code as it is)."""
    known = LABELS[group].get(code or "")
    return translate(known) if known else code or ""


# The language of the page being rendered (`present.i18n.CURRENT`, set by `pages.render`) is read
# by the templates' gettext and date filters, in macros and included templates alike, and by the
# text the presentation builds in Python (tooltips, figure values), translated by these catalogues.
use_catalogues(translations)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(CURRENT.get()).ngettext(singular, plural, n)


def gettext_(message: str) -> str:
    """`message` in the current page's language (for strings built in Python: errors, titles)."""
    return translate(message)


def install(env: Environment) -> None:
    """Gettext in `env`'s templates ({% trans %}, _()) and the `day` and `moment` filters."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(translate, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        {f"{group}_name": (lambda code, group=group: label(group, code)) for group in LABELS},
    )
    env.filters["day"] = lambda value: day_text(value, CURRENT.get())
    env.filters["moment"] = lambda value: moment_text(value, CURRENT.get())


@dataclass(slots=True, frozen=True)
class Reader:
    """The reader's language, whether they asked for it in the URL (then it is remembered in a
    cookie), and the current page in each language (the switch)."""

    lang: str
    asked: bool
    switch: dict[str, str]


def reader_of(request: Request, default: str) -> Reader:
    asked = request.query_params.get("lang")
    lang = choose(asked, request.cookies.get(COOKIE), request.headers.get("accept-language"), default)
    others = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    path = quote(request.url.path)
    switch = {code: path + "?" + urlencode([*others, ("lang", code)]) for code in LANGUAGES}
    return Reader(lang, asked in LANGUAGES, switch)


def remember(response: R, reader: Reader) -> R:
    """The page in the reader's language; a language asked for in the URL is kept in a cookie."""
    if reader.asked:
        response.set_cookie(COOKIE, reader.lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    response.headers["content-language"] = reader.lang
    return response
