"""Escaping in a real browser: hostile titles and outlets show as text and run nothing.

A live uvicorn on a free localhost port serves a store holding articles whose title, outlet and
text are markup; headless Chromium (the system one) opens every page they appear on, with the
Content-Security-Policy bypassed, so escaping alone is what is tested.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import Playwright

from newsprism.analyse import Pipeline
from newsprism.model import Article
from newsprism.run import run
from newsprism.run.stories import update_stories
from newsprism.store import Store
from newsprism.web import Settings, create_app
from support import CHROMIUM, CHROMIUM_ARGS

SCRIPT_TITLE = "<script>alert(1)</script>"
ATTRIBUTE_TITLE = '" onmouseover="alert(1)'
OUTLET = "<img src=x onerror=alert(1)>"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile(
    pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, list[Article]]]:
    from newsprism.store import open_store

    store: Store = open_store(tmp_path_factory.mktemp("xss") / "xss.db")
    articles = [
        Article(
            title=SCRIPT_TITLE,
            body="Губернатор Павел Шумилов <b>открыл</b> завод в Заречинске. <script>alert(2)</script>",
            outlet=OUTLET,
        ),
        Article(
            title=ATTRIBUTE_TITLE,
            body="Губернатор Павел Шумилов открыл завод в Заречинске, onmouseover=alert(3).",
            outlet='"><svg onload=alert(4)>',
            url="javascript:alert(5)",
        ),
    ]
    run(articles, store, pipeline)
    update_stories(store)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(db=store.url), store=store), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start in 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", articles
    server.should_exit = True
    thread.join(10)
    store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_web_browser_shows_hostile_markup_as_text(
    playwright: Playwright, hostile: tuple[str, list[Article]]
) -> None:
    base, articles = hostile
    first, second = articles
    pages = [
        "/",
        f"/articles/{first.id}",
        f"/articles/{second.id}",
        "/search?q=" + quote("завод"),
        "/outlets",
        "/outlet?name=" + quote(OUTLET),
        "/entity?name=" + quote("Павел Шумилов"),
    ]
    dialogs: list[str] = []
    # one Playwright driver per session: see tests/conftest.py
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    stories = _story_paths(page, base)
    assert stories, "the hostile articles form no story"
    for path in pages + stories:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        _hover_everything(page)
        text = page.inner_text("body")
        shown = [SCRIPT_TITLE in text, ATTRIBUTE_TITLE in text, OUTLET in text]
        assert any(shown), f"{path}: the hostile strings are not shown as text"
        handlers = page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == [], f"{path}: event handler attributes {handlers}"
        assert page.evaluate("() => document.querySelectorAll('script, svg[onload], img[src=x]').length") == 0
        hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
        assert not [h for h in hrefs if h.lower().startswith("javascript:")], path
    assert dialogs == []
    # The same checks catch markup that is not escaped: they can fail.
    page.set_content(f'<h1 title="{ATTRIBUTE_TITLE}">x</h1>{SCRIPT_TITLE}')
    _hover_everything(page)
    page.wait_for_timeout(200)
    assert len(dialogs) == 2
    browser.close()


def _story_paths(page: Any, base: str) -> list[str]:
    page.goto(base + "/api/stories?limit=200")
    import json

    stories = json.loads(page.inner_text("body"))["items"]
    return [f"/stories/{s['id']}" for s in stories]


def _hover_everything(page: Any) -> None:
    """Move the mouse over every visible element (an injected onmouseover would fire)."""
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect())"
        ".filter(r => r.width > 0 && r.height > 0 && r.top < 2000).slice(0, 400)"
        ".map(r => [r.left + r.width / 2, r.top + r.height / 2])"
    )
    for x, y in boxes:
        page.mouse.move(x, y)
