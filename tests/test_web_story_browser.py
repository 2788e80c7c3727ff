"""The web story page in a real Chromium (Debian's, driven by playwright) against a real
`newsprism serve`: the report's side-by-side columns with their highlights, the coverage timeline
and the sentiment chart, a report to download that opens on its own, and nothing of the
internals (status codes, rule names, entity type codes, ISO timestamps) in the visible text."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, Playwright

from newsprism.store import open_store
from support import CHROMIUM, CHROMIUM_ARGS, EXAMPLES, NEWSPRISM

pytestmark = pytest.mark.slow

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # different_times, surname_of_full_name, …
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d")  # 2026-01-06T09:30:00+00:00
TYPE_CODE = re.compile(r"\b(?:PER|ORG|LOC)\b")


def _rule_names(db: Path) -> set[str]:
    """The names of the rules that found the stored annotations (the ones that read as codes)."""
    names: set[str] = set()
    with closing(open_store(db, read_only=True)) as store:
        for story in store.stories():
            for article_id in story.article_ids:
                doc = store.doc(article_id)
                for item in [*doc.entities, *doc.dates, *doc.figures, *doc.quotes] if doc else []:
                    names.add(getattr(item, "link_rule", "") or getattr(item, "rule", ""))
    return {name for name in names if re.search(r"[_+:]", name)}


def _internals(page: Page, outlets: list[str], rules: set[str]) -> list[str]:
    text = page.inner_text("body")
    for outlet in outlets:  # «outlet unknown (10_unknown_talks.txt)» names a file: data, not code
        text = text.replace(outlet, "")
    found = SNAKE.findall(text) + ISO_TIME.findall(text) + TYPE_CODE.findall(text)
    return found + [rule for rule in rules if rule in text]


def test_web_story_page_shows_the_report_and_offers_it(
    playwright: Playwright, demo_db: Path, serve: Callable[..., str], tmp_path: Path
) -> None:
    base = serve(demo_db)
    lines = httpx.get(base + "/api/stories", params={"kind": "storyline", "sort": "biggest"}).json()["items"]
    story_id = lines[0]["id"]
    comparison = httpx.get(f"{base}/api/stories/{story_id}").json()["comparison"]
    articles = comparison["articles"]
    rules = _rule_names(demo_db)
    assert rules, "the check needs the rule names to look for"

    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        response = page.goto(f"{base}/stories/{story_id}")
        assert response is not None and response.status == 200

        # Side by side: one column per compared article, under its outlet, highlighted.
        columns = page.locator("#comparison .cols > article.col")
        assert columns.count() == len(articles)
        assert sorted(columns.evaluate_all("cs => cs.map(c => c.dataset.article)")) == sorted(
            a["id"] for a in articles
        )
        boxes = columns.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().top)")
        assert boxes[0] == boxes[1]  # the first two are side by side on a laptop screen
        for kind in ("mark.e.PER", "mark.q", "mark.fig", ".s[data-fact]"):
            assert page.locator(f"#comparison .col {kind}").count() > 0, kind
        shared = page.locator("#comparison .col .s.all, #comparison .col .s.some").first
        assert shared.evaluate("s => getComputedStyle(s).textDecorationStyle") == "dotted"
        person = page.locator("#comparison .col mark.e.PER").first
        assert person.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"

        # The coverage timeline (a dot per article, linking to its column) and the sentiment chart.
        dated = [a for a in articles if a["published"]]  # a bound is no day on the timeline
        dots = page.locator("#comparison svg.timeline circle.dot")
        assert dots.count() == len(dated)
        if dated:  # each dot links to its article's column
            assert dots.first.bounding_box() is not None
            target = page.locator("#comparison svg.timeline a").first.get_attribute("href")
            assert target and page.locator(target).count() == 1
        if len(dated) < len(articles):
            assert f"{len(articles) - len(dated)} articles without a date" in page.inner_text("#comparison")
        assert page.locator("#comparison svg.sentiment rect.bar").count() > 0
        assert page.locator("#comparison input[type=checkbox]").count() == 0  # no script, no toggles

        internals = _internals(page, comparison["outlets"], rules)
        assert internals == [], internals

        # The report, downloaded, opens on its own with the same comparison.
        with page.expect_download() as waiting:
            page.locator("a.download").click()
        download = waiting.value
        assert download.suggested_filename == f"newsprism-{story_id}.html"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        report = context.new_page()
        report.goto(saved.as_uri())
        assert report.locator(f'section.story[data-story="{story_id}"] .col').count() == len(articles)
        assert report.locator("svg.timeline circle.dot").count() == len(dated)
        report.locator(".col .s.all, .col .s.some").first.click()  # the report's own script runs
        assert report.locator(".s.aligned").count() > 0
        report.close()
        assert errors == []
    finally:
        browser.close()


def test_web_story_timeline_dots_link_to_their_columns(
    playwright: Playwright, serve: Callable[..., str], tmp_path: Path
) -> None:
    """The demo corpus has no publication dates, so its timeline has no dots: here the call story's
    three articles are given dates, and each dot must lead to its own article's column."""
    calls = sorted(EXAMPLES.glob("0[1-3]_*_call.txt"))
    lines = []
    for day, path in enumerate(calls, start=5):
        title, *rest = path.read_text(encoding="utf-8").split("\n")
        outlet = next(x for x in rest if x.startswith("Источник: ")).removeprefix("Источник: ")
        body = "\n".join(x for x in rest if not x.startswith("Источник: ")).strip()
        record = {"title": title, "text": body, "outlet": outlet, "published": f"2026-01-0{day}"}
        lines.append(json.dumps(record, ensure_ascii=False))
    stream = tmp_path / "calls.jsonl"
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "calls.db"
    subprocess.run(
        [*NEWSPRISM, "analyze", str(stream), "--db", str(db), "--no-report", "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )
    base = serve(db)
    items = httpx.get(base + "/api/stories", params={"sort": "biggest"}).json()["items"]
    story_id = items[0]["id"]
    articles = httpx.get(f"{base}/api/stories/{story_id}").json()["comparison"]["articles"]
    assert len(articles) == 3 and all(a["published"] for a in articles)

    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(f"{base}/stories/{story_id}")
        links = page.locator("#comparison svg.timeline a:has(circle.dot)")
        assert page.locator("#comparison svg.timeline circle.dot").count() == 3
        targets = [links.nth(k).get_attribute("href") for k in range(links.count())]
        columns = page.locator("#comparison .cols > article.col")
        ids = sorted(columns.evaluate_all("cs => cs.map(c => '#' + c.id)"))
        assert sorted(t for t in targets if t) == ids  # one dot per column, each to its own
        assert "without a date" not in page.inner_text("#comparison")
    finally:
        browser.close()
