"""A big batch's report in a real headless Chromium: it opens on a sortable, filterable index of
stories, each comparison is stored compressed and unpacked in place when opened, and what comes
out is the comparison a small report shows inline. The demo corpus stands in for a big batch
(`inline_max=0` packs whatever the size)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from newsprism.present.comparison_html import anchor
from newsprism.present.report import render_report, run_report, story_views
from newsprism.present.report_pack import pack, should_pack, unpack
from newsprism.store import open_store
from support import CHROMIUM, CHROMIUM_ARGS, copy_store

PACKED = re.compile(r'<section class="story packed" id="([^"]+)"[^>]*data-packed="([^"]+)"')


@dataclass(frozen=True)
class Reports:
    inline: Path
    packed: Path
    sizes: dict[str, int]  # a story's anchor: its article count in the index
    outlets: dict[str, list[str]]  # a story's anchor: its outlets


@pytest.fixture(scope="module")
def reports(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    folder = tmp_path_factory.mktemp("report-index")
    store = open_store(copy_store(demo_db, folder / "demo.db"))
    try:
        stories = store.stories()
        items = [(article, store.doc(article.id)) for article in store.articles()]
        inline = folder / "inline.html"
        inline.write_text(run_report(store, stories, items), encoding="utf-8")
        packed = folder / "packed.html"
        packed.write_text(run_report(store, stories, items, inline_max=0), encoding="utf-8")
    finally:
        store.close()
    anchors = {anchor(s.id): s for s in stories}
    return Reports(
        inline,
        packed,
        {anchor: len(s.article_ids) for anchor, s in anchors.items()},
        {anchor: s.outlets for anchor, s in anchors.items()},
    )


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield found
    found.close()


@pytest.fixture
def page(browser: Browser, reports: Reports) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(f"{m.type}: {m.text}"))
    opened.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    opened.on("request", lambda r: None if r.url.startswith("file:") else errors.append(f"request: {r.url}"))
    opened.goto(reports.packed.as_uri())
    yield opened
    assert errors == []  # nothing blocked by the page's CSP, no script error, no network
    opened.close()


def test_packing_is_deterministic_and_round_trips() -> None:
    html = "<section>«Кремль» & ‘quotes’ 𝑥</section>" * 100
    assert pack(html) == pack(html) and unpack(pack(html)) == html
    assert len(pack(html)) < len(html.encode("utf-8")) // 5
    assert not should_pack(["a" * 10, "b" * 10], limit=20) and should_pack(["a" * 10, "bб" * 5], limit=20)


def test_a_packed_report_holds_the_inline_sections_and_is_smaller(reports: Reports) -> None:
    inline = reports.inline.read_text(encoding="utf-8")
    packed = reports.packed.read_text(encoding="utf-8")
    sections = PACKED.findall(packed)
    assert {story for story, _ in sections} == set(reports.sizes)
    for story, data in sections:
        html = unpack(data)
        assert html.startswith(f'<section class="story" id="{story}"') and html in inline
    assert 'class="col ' not in PACKED.sub("", packed)  # no article text outside a packed section
    assert len(packed.encode("utf-8")) < len(inline.encode("utf-8")) / 2
    assert "data-packed=" not in inline  # a small report stays inline (the demo is far below 3 MB)


def test_report_opens_on_the_index_and_a_click_unpacks_a_story(page: Page, reports: Reports) -> None:
    assert page.locator("table.story-index a").count() == len(reports.sizes)
    assert page.locator(".col").count() == 0
    biggest = max(reports.sizes, key=lambda anchor: (reports.sizes[anchor], anchor))
    page.locator(f'table.story-index a[href="#{biggest}"]').click()
    page.wait_for_selector(f"section#{biggest}:not(.packed) .cols")
    assert page.locator(f"#{biggest} .col").count() == reports.sizes[biggest]
    assert page.locator("section.packed").count() == len(reports.sizes) - 1
    assert page.evaluate("location.hash") == f"#{biggest}"
    # the unpacked section is live: clicking a shared sentence lights up its partner elsewhere
    shared = page.locator(f"#{biggest} .cols .s.all, #{biggest} .cols .s.some").first
    shared.click()
    assert page.locator(f"#{biggest} .cols .aligned").count() >= 1


def test_a_link_into_a_packed_story_opens_it(page: Page, reports: Reports) -> None:
    packed = reports.packed.read_text(encoding="utf-8")
    story, data = PACKED.findall(packed)[0]
    column = re.search(r'<article class="col[^"]*" id="([^"]+)"', unpack(data))
    assert column is not None
    page.goto(f"{reports.packed.as_uri()}#{column.group(1)}")
    page.wait_for_selector(f"section#{story}:not(.packed)")
    assert page.locator(f"#{column.group(1)}").is_visible()


def test_every_comparison_opens_at_once(page: Page, reports: Reports) -> None:
    page.locator("button.unpack-all").click()
    expect(page.locator("section.packed")).to_have_count(0)
    assert page.locator("section.story .cols").count() == len(reports.sizes)


def test_index_sorts_by_size_and_date_and_filters_by_words(page: Page, reports: Reports) -> None:
    def column(n: int) -> list[str]:
        cells = page.locator(f"table.story-index tbody:not([hidden]) > tr:first-child > td:nth-child({n})")
        return [(cell.text_content() or "").strip() for cell in cells.all()]

    page.locator('button[data-sort="articles"]').click()
    sizes = [int(size) for size in column(3)]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) > 1
    page.locator('button[data-sort="articles"]').click()
    assert [int(size) for size in column(3)] == sorted(sizes)
    page.locator('button[data-sort="first"]').click()
    days = [day.split(" – ")[0] for day in column(2)]
    assert days == sorted(days, reverse=True)

    outlet = next(o for outlets in reports.outlets.values() for o in outlets)
    having = {anchor for anchor, outlets in reports.outlets.items() if outlet in outlets}
    page.locator(".index-filter").fill(outlet.lower())
    shown = page.locator("table.story-index tbody:not([hidden]) a").all()
    assert {(link.get_attribute("href") or "")[1:] for link in shown} >= having
    page.locator(".index-filter").fill("слово-которого-нет-ни-в-одном-заголовке")
    assert page.locator("table.story-index tbody:not([hidden])").count() == 0


def test_index_fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_many_figure_pairs_show_the_disagreements_and_fold_the_rest(
    demo_db: Path, tmp_path: Path, browser: Browser
) -> None:
    """A big story pairs hundreds of figures, most of them the same: past a dozen rows the pairs
    that disagree stay in view, the others are folded under a count."""
    store = open_store(copy_store(demo_db, tmp_path / "demo.db"))
    try:
        views = story_views(store, store.stories())
    finally:
        store.close()
    view = next(v for v in views if {r.status for r in v.figures} & {"conflict", "different_times"})
    differ = [r for r in view.figures if r.status in ("conflict", "different_times")]
    same = [r for r in view.figures if r.status not in ("conflict", "different_times")] or view.figures[:1]
    rows = differ + same * (14 // len(same) + 1)
    assert dataclasses.replace(view, figures=(rows * 12)[:12]).folded_figures() is None
    big = dataclasses.replace(view, figures=rows)
    path = tmp_path / "figures.html"
    path.write_text(render_report([big]), encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        section = page.locator(f"#{view.anchor}")
        shown = section.locator("h3.part ~ table.figures tbody tr:visible")
        assert shown.count() == len(differ)
        folded = section.locator("details.figures-agree")
        summary = folded.locator("summary").text_content() or ""
        assert f"{len(rows) - len(differ)} pairs of figures" in summary
        assert folded.locator("tbody tr:visible").count() == 0
        folded.locator("summary").click()
        assert folded.locator("tbody tr:visible").count() == len(rows) - len(differ)
    finally:
        page.close()
