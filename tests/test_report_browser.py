"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright):
the seeds' report as `analyze --report` writes it, and a report of hostile article text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import (
    BrowserContext,
    Dialog,
    FloatRect,
    Locator,
    Page,
    Playwright,
    ViewportSize,
)

from newsprism.analyse import Pipeline
from newsprism.compare import compare_story
from newsprism.compare.stored import record_of
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc, Story
from newsprism.present.comparison_html import story_view
from newsprism.present.report import loose_column, render_report, run_report
from newsprism.run import run
from newsprism.run.stories import update_stories
from newsprism.store import Store
from support import CHROMIUM, CHROMIUM_ARGS, overlapping, timeline_labels

LAPTOP: ViewportSize = {"width": 1280, "height": 720}
PHONE: ViewportSize = {"width": 390, "height": 844}
STORYLINE = 'section.story[data-kind="storyline"]'
MIN_LABEL_PX = 10  # a label's rendered height below this is too small to read on a phone


@pytest.fixture(scope="session")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    # a persistent context is the way to give Chromium its own fresh --user-data-dir
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, viewport=LAPTOP
    )
    yield context
    context.close()


@dataclass
class Loaded:
    """A page with everything it reported while loading."""

    page: Page
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def open_page(browser: BrowserContext, path: Path, viewport: ViewportSize = LAPTOP) -> Loaded:
    page = browser.new_page()
    page.set_viewport_size(viewport)
    loaded = Loaded(page)
    page.on("console", lambda m: loaded.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: loaded.console.append(f"pageerror: {e}"))
    page.on("request", lambda r: loaded.requests.append(r.url))
    page.on("requestfailed", lambda r: loaded.failed.append(r.url))

    def on_dialog(dialog: Dialog) -> None:
        loaded.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return loaded


@pytest.fixture(scope="module")
def seeds_report(
    pipeline: Pipeline, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict[str, str]]]:
    """The seeds' report as `analyze --report` builds it, and each article's analysed text."""
    from newsprism.store import open_store

    folder = tmp_path_factory.mktemp("seeds-report")
    store: Store = open_store(folder / "seeds.db")
    articles = [item for item in read_paths([seeds_dir]) if isinstance(item, Article)]
    run(articles, store, pipeline)
    update_stories(store)
    items: list[tuple[Article, Doc | None]] = [(a, store.doc(a.id)) for a in articles]
    path = folder / "report.html"
    path.write_text(run_report(store, store.stories(), items), encoding="utf-8")
    texts = {a.id: doc.text for a, doc in items if doc is not None}
    store.close()
    yield path, texts


@pytest.fixture
def seeds_page(browser: BrowserContext, seeds_report: tuple[Path, dict[str, str]]) -> Iterator[Loaded]:
    loaded = open_page(browser, seeds_report[0])
    yield loaded
    loaded.page.close()


def words(text: str | None) -> str:
    return " ".join((text or "").split())  # the samples have no-break spaces


def attr(locator: Locator, name: str) -> str:
    value = locator.get_attribute(name)
    assert value is not None, f"no {name} on {locator}"
    return value


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not visible"
    return found


def test_report_loads_with_no_errors_and_no_network(seeds_page: Loaded) -> None:
    page = seeds_page.page
    assert seeds_page.console == []
    assert seeds_page.failed == []
    assert [url for url in seeds_page.requests if not url.startswith("file://")] == []
    assert page.locator("section.story").count() == 3  # the storyline and its two events
    assert page.locator("nav.index a").count() == 3
    # Neither sample has a publication date: the timeline places no bound on a day and says so.
    assert page.locator(f"{STORYLINE} svg.timeline circle.dot").count() == 0
    assert "2 articles without a date" in page.locator(STORYLINE).inner_text()
    assert page.locator(f"{STORYLINE} svg.sentiment rect.bar").count() >= 8


def test_report_shows_one_column_per_outlet(seeds_page: Loaded) -> None:
    columns = seeds_page.page.locator(f"{STORYLINE} .cols > .col")
    outlets = [columns.nth(i).get_attribute("data-outlet") for i in range(columns.count())]
    assert outlets == ["outlet unknown (001_30eabd071ee88e18.txt)", "Комсомольская правда"]
    first, second = box(columns.nth(0)), box(columns.nth(1))
    assert first["x"] + first["width"] <= second["x"]  # side by side on a laptop


def test_report_highlights_are_the_text_at_their_offsets(
    seeds_page: Loaded, seeds_report: tuple[Path, dict[str, str]]
) -> None:
    texts = seeds_report[1]
    elements = seeds_page.page.eval_on_selector_all(
        ".col[data-article] [data-start]",
        """els => els.map(el => ({
            article: el.closest(".col").dataset.article, cls: el.className, tag: el.tagName,
            start: +el.dataset.start, stop: +el.dataset.stop, text: el.textContent}))""",
    )
    marks = [e for e in elements if e["tag"] == "MARK"]
    assert len(marks) > 150
    for element in elements:
        assert element["text"] == texts[element["article"]][element["start"] : element["stop"]], element
    kinds = {cls for e in marks for cls in e["cls"].split()}
    assert {"e", "PER", "ORG", "LOC", "q", "direct", "indirect", "sp", "fig", "lw", "neg", "pos"} <= kinds


def test_report_clicking_a_shared_sentence_highlights_its_partner(seeds_page: Loaded) -> None:
    page = seeds_page.page
    story = page.locator(STORYLINE)
    first, second = story.locator(".col").nth(0), story.locator(".col").nth(1)
    shared = [
        fact
        for fact in first.locator(".s[data-fact]").evaluate_all("els => els.map(e => e.dataset.fact)")
        if second.locator(f'.s[data-fact="{fact}"]').count() == 1
    ]
    assert len(shared) >= 1  # the two samples tell two events: few sentences are one fact
    fact = shared[-1]
    clicked = first.locator(f'.s[data-fact="{fact}"]')
    partner = second.locator(f'.s[data-fact="{fact}"]')
    second.locator(".text").evaluate("el => { el.scrollTop = el.scrollHeight; }")  # read to the end
    assert not _visible_in_column(partner)
    clicked.click()
    assert "active" in (clicked.get_attribute("class") or "")
    assert "aligned" in (partner.get_attribute("class") or "")
    assert _visible_in_column(partner)
    assert story.locator(".cols .aligned").count() == 1
    # and back: the partner's click marks the first sentence and clears the old marks
    partner.click()
    assert "aligned" in (clicked.get_attribute("class") or "")
    assert "active" in (partner.get_attribute("class") or "")


def _visible_in_column(element: Locator) -> bool:
    return bool(
        element.evaluate(
            """el => { const box = el.closest(".text").getBoundingClientRect();
                       const r = el.getBoundingClientRect();
                       return r.top >= box.top - 1 && r.top < box.bottom; }"""
        )
    )


def test_report_figures_differ_in_time_not_in_fact(seeds_page: Loaded) -> None:
    rows = seeds_page.page.locator(f"{STORYLINE} table.figures tbody tr")
    found = []
    for i in range(rows.count()):
        row = rows.nth(i)
        spans = [words(t) for t in row.locator(".span-text").all_text_contents()]
        times = row.locator(".time").all_text_contents()
        found.append((dict(zip(spans, times, strict=True)), row.get_attribute("data-status"), row))
    pair, status, row = next(
        f for f in found if {"около 50 стран-союзников", "около 30 государств"} == f[0].keys()
    )
    assert pair == {"около 50 стран-союзников": "2026-01-06/2026-01-07", "около 30 государств": "2025-03"}
    assert status == "different_times"
    assert "a change, not a contradiction" in words(row.locator(".note").text_content())
    assert all(f[1] != "conflict" for f in found)


def test_report_putin_named_and_judged_oppositely(seeds_page: Loaded) -> None:
    row = seeds_page.page.locator(f'{STORYLINE} table.framing tr[data-entity="Владимир Путин"]')
    kp = row.locator('td[data-outlet="Комсомольская правда"]')
    other = row.locator('td[data-outlet^="outlet unknown"]')
    kp_namings = kp.locator(".namings li").all_text_contents()
    other_namings = other.locator(".namings li").all_text_contents()
    assert any(n.startswith("президент России Владимир Путин") for n in kp_namings)
    assert any(n.startswith("российский диктатор") for n in other_namings)
    assert not any("диктатор" in n for n in kp_namings)
    assert float(attr(kp, "data-sentiment")) > 0 > float(attr(other, "data-sentiment"))
    assert other.locator(".loaded mark.lw.neg").all_text_contents() == ["диктатора", "диктатором"]


def test_report_theatre_quote_is_attributed_to_the_telegraph(seeds_page: Loaded) -> None:
    column = seeds_page.page.locator(f'{STORYLINE} .col[data-outlet^="outlet unknown"]')
    quote = column.locator("mark.q", has_text="политическим театром")
    assert quote.count() == 1
    assert "The Telegraph" in attr(quote, "data-speaker").split("; ")
    voice = seeds_page.page.locator(
        f'{STORYLINE} .voices [data-outlet^="outlet unknown"] tr[data-speaker="The Telegraph"]'
    )
    assert "source" in voice.locator(".badge").all_text_contents()
    assert any("политическим театром" in q for q in voice.locator("li.quote").all_text_contents())


def test_report_press_service_quote_has_its_speaker(seeds_page: Loaded) -> None:
    column = seeds_page.page.locator(f'{STORYLINE} .col[data-outlet^="outlet unknown"]')
    quotes = column.locator('mark.q[data-speaker="пресс-служба французского президента"]')
    assert quotes.count() == 3  # one quote in three pieces
    assert any("возрождение украинской армии" in t for t in quotes.all_text_contents())
    group = quotes.first.get_attribute("data-quote")
    speaker = column.locator(f'mark.sp[data-quote="{group}"]')
    assert words(speaker.text_content()) == "пресс-службе французского президента"


def test_report_fits_a_phone(browser: BrowserContext, seeds_report: tuple[Path, dict[str, str]]) -> None:
    loaded = open_page(browser, seeds_report[0], PHONE)
    page = loaded.page
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        columns = page.locator(f"{STORYLINE} .cols > .col")
        first, second = box(columns.nth(0)), box(columns.nth(1))
        assert second["y"] >= first["y"] + first["height"]  # stacked
        assert first["width"] <= PHONE["width"]
        # a tapped sentence scrolls the page to its partner in the stacked column below
        fact = columns.nth(1).locator(".s.all[data-fact]").last.get_attribute("data-fact")
        columns.nth(0).locator(f'.s[data-fact="{fact}"]').click()
        partner = columns.nth(1).locator(f'.s[data-fact="{fact}"]')
        top = partner.evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= top < PHONE["height"]
    finally:
        page.close()


DATED_OUTLETS = [
    "Информационное агентство «Северный меридиан»",
    "Вестник",
    "Областная газета",
    "Ежедневный курьер",
]


def test_report_timeline_labels_readable_on_a_phone(
    browser: BrowserContext, pipeline: Pipeline, tmp_path: Path
) -> None:
    """Four dated articles from four outlets (one long-named) over five months: at 390 px the
    timeline keeps its labels at a readable size, none on another, and scrolls in its own box."""
    articles = [
        Article(
            title=f"Губернатор открыл завод ({n})",
            body="Губернатор Павел Шумилов открыл завод в Заречинске. На заводе будут работать 400 человек.",
            outlet=outlet,
            published=datetime(2026, 1 + n + n // 2, 5 + n, 9, 30, tzinfo=UTC),
        )
        for n, outlet in enumerate(DATED_OUTLETS)
    ]
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    items = list(zip(articles, docs, strict=True))
    story = Story("dated", "event", "Завод", [a.id for a in articles], outlets=DATED_OUTLETS)
    view = story_view(record_of(compare_story(story, items)), {a.id: d for a, d in items})
    path = tmp_path / "dated.html"
    path.write_text(render_report([view]), encoding="utf-8")
    page = open_page(browser, path, PHONE).page
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.locator("svg.timeline circle.dot").count() == len(articles)
        labels = timeline_labels(page)
        assert len(labels) >= len(DATED_OUTLETS) + 2  # a row per outlet and the months' ticks
        assert all(label["height"] >= MIN_LABEL_PX for label in labels), labels
        assert overlapping(labels) == []
        chart = page.locator(".scroll.chart").first
        assert chart.evaluate("c => getComputedStyle(c).overflowX") == "auto"
        assert chart.evaluate("c => c.scrollWidth > c.clientWidth")  # it scrolls, the page does not
    finally:
        page.close()


HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_OUTLET = '" onmouseover="alert(2)'


def test_report_shows_hostile_text_as_text(
    browser: BrowserContext, pipeline: Pipeline, tmp_path: Path
) -> None:
    articles = [
        Article(
            title=HOSTILE_TITLE,
            body="Президент Франции Эммануэль Макрон заявил, что «всё <b>хорошо</b>». "
            "<img src=x onerror=alert(3)>",
            outlet=HOSTILE_OUTLET,
            url="javascript:alert(4)",
        ),
        Article(title="Макрон выступил с заявлением", body="Эммануэль Макрон выступил в Париже.", outlet="Б"),
    ]
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    items = list(zip(articles, docs, strict=True))
    story = Story("x", "event", HOSTILE_TITLE, [a.id for a in articles], outlets=[HOSTILE_OUTLET])
    view = story_view(record_of(compare_story(story, items)), {a.id: d for a, d in items})
    html = render_report([view], [loose_column(articles[0], docs[0])])
    assert "<script>alert" not in html and "<img src=x" not in html and "javascript:" not in html
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    loaded = open_page(browser, path)
    page = loaded.page
    try:
        assert page.locator("section.story > header h2").first.text_content() == HOSTILE_TITLE
        assert page.locator(f'.col[data-outlet="{_css(HOSTILE_OUTLET)}"]').count() == 2
        page.hover(".col .outlet")
        page.locator(".col .text").first.hover()
        assert loaded.dialogs == []
        assert loaded.console == []
        assert page.evaluate("document.scripts.length") == 1  # the report's own script only
        assert page.locator("[onmouseover], [onerror], img, b").count() == 0
        assert HOSTILE_TITLE in words(page.locator(".col h3.title").first.text_content())
    finally:
        page.close()


def _css(value: str) -> str:
    return re.sub(r'(["\\])', r"\\\1", value)
