"""The pages' languages: the catalogue covers every message, the reader's language is chosen from
`?lang=`, the cookie, Accept-Language and the store's articles, and dates follow it.

Real SQLite stores behind the real app (FastAPI's TestClient); the catalogue check extracts the
messages from the templates and code with Babel, as `make messages` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from newsprism.model import Article
from newsprism.store import Store, open_store
from newsprism.web import Settings, create_app
from newsprism.web.i18n import accepted, choose, day_text, moment_text, translations
from support import copy_store

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _extracted() -> dict[str, tuple[str, ...]]:
    """Every message the templates and code use (singular and plural), as `pybabel extract` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    found: dict[str, tuple[str, ...]] = {}
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map):
        ids = (message,) if isinstance(message, str) else tuple(message)
        found[ids[0]] = ids
    return found


def test_web_i18n_every_message_has_a_russian_translation() -> None:
    used = _extracted()
    assert len(used) > 150 and "Stories" in used and "There is no such story in this store." in used
    source = files("newsprism.web") / "locale" / "ru" / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale="ru")
    missing, broken = [], []
    for key, ids in used.items():
        message = catalog.get(ids if len(ids) > 1 else key)
        found = None if message is None else message.string
        strings = [found] if isinstance(found, str) else [str(s) for s in found or ()]
        if not strings or not all(strings):
            missing.append(key)
            continue
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in ids)) - {"num"}
        if any(set(PLACEHOLDER.findall(s)) - {"num"} != wanted for s in strings):
            broken.append(key)  # a translation that drops or invents a %(name)s field
    assert missing == [], f"untranslated (run `make messages` and translate): {missing}"
    assert broken == []
    assert len(catalog.plural_forms) > 0 and catalog.num_plurals == 3


def test_web_i18n_russian_plurals_and_english_passthrough() -> None:
    ru = translations("ru")
    assert [ru.ngettext("%(num)d article", "%(num)d articles", n) % {"num": n} for n in (1, 3, 5, 21)] == [
        "1 статья",
        "3 статьи",
        "5 статей",
        "21 статья",
    ]
    assert translations("en").gettext("Stories") == "Stories"


def test_web_i18n_accept_language_by_quality() -> None:
    assert accepted("en;q=0.3, ru-RU, *;q=0.1, de;q=0") == ["ru", "en"]
    assert accepted("fr-CH, fr;q=0.9, en;q=0.8") == ["fr", "fr", "en"]
    assert accepted("") == []
    assert choose(None, None, "de, en;q=0.5", "ru") == "en"  # the first of ours the browser takes
    assert choose(None, None, "de, fr", "ru") == "ru"  # none of ours: the store's language
    assert choose(None, "en", "ru", "ru") == "en"  # the cookie over the browser
    assert choose("ru", "en", "en", "en") == "ru"  # the URL over everything
    assert choose("xx", None, None, "en") == "en"  # an unknown choice is no choice


def test_web_i18n_dates_in_the_readers_format() -> None:
    assert day_text("2026-01-06", "ru") == "6 янв. 2026\u202fг."  # CLDR: a narrow no-break space
    assert day_text("2026-01-06", "en") == "Jan 6, 2026"
    assert day_text("2026-03", "en") == "2026-03"  # a partial date stays as it is
    assert moment_text("2026-01-06T09:30:00+00:00", "ru") == "6 янв. 2026\u202fг. 09:30"
    assert moment_text("2026-01-06T21:05:00+03:00", "en").startswith("Jan 6, 2026 9:05")
    assert moment_text("2026-01-06T00:00:00", "en") == "Jan 6, 2026"  # midnight: the day alone
    assert moment_text(None, "en") == ""


def _store(path: Path, languages: list[str]) -> Store:
    store = open_store(path)
    articles = [
        Article(title=f"Статья {n}", body=f"Текст статьи номер {n}.", outlet="Вестник", language=language)
        for n, language in enumerate(languages)
    ]
    store.save([(a, None) for a in articles])
    return store


@pytest.fixture
def russian(tmp_path: Path) -> Iterator[TestClient]:
    store = _store(tmp_path / "ru.db", ["ru", "ru", "en"])
    with TestClient(create_app(Settings(db=store.url), store=store)) as client:
        yield client
    store.close()


def _h1(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found is not None
    return found.group(1)


def test_web_i18n_a_russian_store_speaks_russian_unless_asked(russian: TestClient) -> None:
    plain = russian.get("/outlets")  # no Accept-Language: the store's language
    assert _h1(plain.text) == "Издания" and '<html lang="ru">' in plain.text
    assert plain.headers["content-language"] == "ru"
    english = russian.get("/outlets", headers={"accept-language": "en-GB,en;q=0.9"})
    assert _h1(english.text) == "Outlets" and english.headers["content-language"] == "en"
    assert _h1(russian.get("/outlets", headers={"accept-language": "ja"}).text) == "Издания"
    missing = russian.get("/stories/nope", headers={"accept-language": "ru"})
    assert missing.status_code == 404 and "Такого сюжета в хранилище нет." in missing.text


def test_web_i18n_an_english_store_speaks_english(tmp_path: Path) -> None:
    store = _store(tmp_path / "en.db", ["en", "en", "ru"])
    try:
        with TestClient(create_app(Settings(db=store.url), store=store)) as client:
            assert _h1(client.get("/outlets").text) == "Outlets"
            assert _h1(client.get("/outlets", headers={"accept-language": "ru"}).text) == "Издания"
    finally:
        store.close()


def test_web_i18n_the_switch_is_remembered_in_a_cookie(russian: TestClient) -> None:
    page = russian.get("/entities", params={"limit": 5})
    assert 'href="/entities?limit=5&amp;lang=en"' in page.text  # the switch keeps the page's query
    chosen = russian.get("/entities", params={"lang": "en"})
    assert _h1(chosen.text) == "Entities"
    assert "lang=en" in chosen.headers["set-cookie"]
    assert _h1(russian.get("/outlets").text) == "Outlets"  # the client now sends the cookie
    russian.cookies.clear()
    assert "set-cookie" not in russian.get("/outlets").headers  # nothing asked, nothing set


def test_web_i18n_revalidation_never_serves_the_other_language(russian: TestClient) -> None:
    first = russian.get("/outlets", headers={"accept-language": "ru"})
    tag = first.headers["etag"]
    assert "Accept-Language" in first.headers["vary"] and "Cookie" in first.headers["vary"]
    same = russian.get("/outlets", headers={"accept-language": "ru", "if-none-match": tag})
    assert same.status_code == 304
    other = russian.get("/outlets", headers={"accept-language": "en", "if-none-match": tag})
    assert other.status_code == 200 and _h1(other.text) == "Outlets"
    api = russian.get("/api/outlets", headers={"accept-language": "ru"}).headers["etag"]
    assert russian.get("/api/outlets", headers={"accept-language": "en"}).headers["etag"] == api


def test_web_i18n_the_story_page_builds_its_words_in_the_readers_language(
    demo_db: Path, tmp_path: Path
) -> None:
    """Tooltips, figure values, the figures' notes, undated articles' bounds and the name of an
    article without an outlet are built in Python: on a Russian page they are Russian, on an
    English one English, and the downloadable report stays English whichever page it is taken
    from."""
    db = copy_store(demo_db, tmp_path / "demo.db")
    store = open_store(db)
    story = max(store.stories(kind="storyline"), key=lambda s: len(s.article_ids))
    store.close()
    with TestClient(create_app(Settings(db=str(db)))) as client:
        ru = client.get(f"/stories/{story.id}?lang=ru").text
        en = client.get(f"/stories/{story.id}?lang=en").text
        report = client.get(f"/stories/{story.id}/report?lang=ru").text
    for russian, english in (
        ("сообщает только эта статья", "told by this article only"),
        ("цифра: ", "figure: "),
        ("не ранее ", "not before "),
        ("тональность ", "(sentiment "),
    ):
        assert russian in ru and english not in ru, english
        assert english in en and russian not in en, russian
        assert english in report and russian not in report, russian
    # an article naming no outlet is shown by its file, in the page's words; the attributes that
    # key its column (data-outlet) keep the comparison's own label
    assert ">издание неизвестно (10_unknown_talks.txt)<" in ru and ">outlet unknown (" not in ru
    assert ">outlet unknown (10_unknown_talks.txt)<" in en and "издание неизвестно" not in en
    figures = re.findall(r'title="цифра: ([^"]+)"', ru)
    assert any(value.startswith("около ") for value in figures) and not any("about" in v for v in figures)
