"""The pages in Russian and in English, and on a phone, in a real Chromium (Debian's, driven by
playwright) against a real `newsprism serve` over the demo corpus (a Russian store).

The browser's language (Accept-Language, from the context's locale) picks the pages' language; the
switch on every page changes it and a cookie keeps it; at 390 px no page is wider than the screen,
wide tables and the coverage timeline scroll inside their own box, and the timeline's labels keep a
readable size without overlapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize

from support import CHROMIUM, CHROMIUM_ARGS, overlapping, timeline_labels

pytestmark = pytest.mark.slow

PHONE: ViewportSize = {"width": 390, "height": 844}
MIN_LABEL_PX = 10  # a label's rendered height below this is too small to read on a phone

# What the pages' headers say in each language
HEADERS = {
    "ru": {"/": "Сюжеты", "/entities": "Сущности", "/outlets": "Издания", "/search": "Поиск"},
    "en": {"/": "Stories", "/entities": "Entities", "/outlets": "Outlets", "/search": "Search"},
}
TABLE_HEADERS = {"ru": ["имя", "тип", "статьи", "упоминания"], "en": ["name", "type", "articles", "mentions"]}


@pytest.fixture(scope="module")
def site(demo_db: Path, serve: Callable[..., str]) -> dict[str, Any]:
    """The server's base URL and the paths of every kind of page, from its own API."""
    base = serve(demo_db)
    story = httpx.get(base + "/api/stories", params={"kind": "storyline"}).json()["items"][0]["id"]
    detail = httpx.get(f"{base}/api/stories/{story}").json()
    entity = httpx.get(base + "/api/entities").json()["items"][0]["name"]
    outlet = next(a["outlet"] for a in detail["articles"] if a["outlet"])
    paths = [
        "/",
        f"/stories/{story}",
        "/entities",
        "/entity?name=" + quote(entity),
        "/outlets",
        "/outlet?name=" + quote(outlet),
        "/search?q=" + quote("переговоры"),
        f"/articles/{detail['articles'][0]['id']}",
    ]
    return {"base": base, "story": f"/stories/{story}", "paths": paths}


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def _page(browser: Browser, locale: str, viewport: ViewportSize | None = None) -> Page:
    context = browser.new_context(locale=locale, viewport=viewport or {"width": 1280, "height": 800})
    return context.new_page()


def _headers(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("th").all_inner_texts()]


@pytest.mark.parametrize(("locale", "lang"), [("ru-RU", "ru"), ("en-US", "en")])
def test_web_i18n_browser_pages_follow_the_browsers_language(
    browser: Browser, site: dict[str, Any], locale: str, lang: str
) -> None:
    page = _page(browser, locale)
    try:
        for path, header in HEADERS[lang].items():
            response = page.goto(site["base"] + path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("h1").first.inner_text().strip() == header, path
            assert page.title().startswith(header), path
        page.goto(site["base"] + "/entities")
        assert _headers(page) == TABLE_HEADERS[lang]
        page.goto(site["base"] + site["story"])
        comparison = page.locator("#comparison").inner_text()
        assert ("Освещение во времени" in comparison) == (lang == "ru")
        assert ("Coverage over time" in comparison) == (lang == "en")
    finally:
        page.context.close()


def test_web_i18n_browser_switch_changes_the_language_and_keeps_it(
    browser: Browser, site: dict[str, Any]
) -> None:
    page = _page(browser, "en-US")
    try:
        page.goto(site["base"] + "/entities?limit=5")
        assert page.locator("h1").inner_text() == "Entities"
        page.locator('nav.langs a[hreflang="ru"]').click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Сущности"
        assert "limit=5" in page.url  # the same page, in the other language
        assert page.locator("tr").count() == 6  # header and 5 rows: the query is kept
        page.goto(site["base"] + "/outlets")  # the cookie keeps the choice over Accept-Language
        assert page.locator("h1").inner_text() == "Издания"
        assert page.locator('nav.langs strong[aria-current="true"]').inner_text() == "Русский"
        page.locator('nav.langs a[hreflang="en"]').click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Outlets"
        page.goto(site["base"] + "/")
        assert page.locator("h1").inner_text() == "Stories"
    finally:
        page.context.close()


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_web_i18n_browser_pages_fit_a_phone(browser: Browser, site: dict[str, Any], locale: str) -> None:
    page = _page(browser, locale, PHONE)
    try:
        for path in site["paths"]:
            page.goto(site["base"] + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width} px wide"
            # wide tables scroll inside their box, which stays on the screen
            for box in page.locator(".scroll").all():
                assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto", path
                edge = box.evaluate("b => b.getBoundingClientRect().right")
                assert edge <= PHONE["width"], path
        page.goto(site["base"] + site["story"])
        labels = timeline_labels(page)
        assert len(labels) >= 3  # the outlets' rows at least
        assert all(box["height"] >= MIN_LABEL_PX for box in labels), labels
        assert overlapping(labels) == []
        # the story's events, as a list under the story, keep their dates beside their titles
        for item in page.locator("ol.timeline li").all():
            when, title = item.locator(".when"), item.locator("a").first
            assert when.bounding_box() is not None and title.bounding_box() is not None
            assert overlapping([when.bounding_box(), title.bounding_box()]) == []  # type: ignore[list-item]
    finally:
        page.context.close()
