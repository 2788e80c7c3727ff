"""Nested highlights of overlapping spans, and the geometry of the report's charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newsprism.present.charts import Period, Placed, parse_day, sentiment_chart, sentiment_over_time, timeline
from newsprism.present.i18n import CURRENT, use_catalogues
from newsprism.present.markup import Piece, fragments, render
from newsprism.web.i18n import translations

TEXT = "Он сказал: «Мы придём. Мы победим». Конец <b>."


class Elements(HTMLParser):
    """Each element's tag, attributes and text content, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.found: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        name, attrs, parts = self.open.pop()
        assert name == tag
        text = "".join(parts)
        self.found.append((tag, attrs, text))
        if self.open:
            self.open[-1][2].append(text)

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)


def _elements(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Elements()
    parser.feed(f"<div>{html}</div>")
    return parser.found[:-1]


def _pieces() -> list[Piece]:
    first, second = TEXT.index("Мы придём"), TEXT.index("Мы победим")
    return [
        Piece(0, first + len("Мы придём."), 1, "span", {"class": "s"}),
        Piece(second, len(TEXT), 1, "span", {"class": "s"}),
        Piece(first, TEXT.index("»"), 2, "mark", {"class": "q"}),  # runs over both sentences
        Piece(second, second + 2, 4, "mark", {"class": "e"}),
    ]


def test_markup_cuts_a_quote_at_the_sentence_boundary() -> None:
    html = render(TEXT, _pieces())
    elements = _elements(html)
    quotes = [text for tag, attrs, text in elements if attrs.get("class") == "q"]
    assert quotes == ["Мы придём.", "Мы победим"]
    assert [text for _, attrs, text in elements if attrs.get("class") == "s"] == [
        "Он сказал: «Мы придём.",
        "Мы победим». Конец <b>.",
    ]
    for _, attrs, text in elements:
        assert TEXT[int(attrs["data-start"] or 0) : int(attrs["data-stop"] or 0)] == text


def test_markup_escapes_text_and_attribute_values() -> None:
    html = render(TEXT, [Piece(0, 2, 4, "mark", {"title": '" onmouseover="x'})])
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'title="&#34; onmouseover=&#34;x"' in html
    assert not re.search(r"<(?!/?mark)", html)


def test_markup_drops_what_cannot_nest_and_unknown_tags() -> None:
    crossing = [Piece(0, 6, 4, "mark"), Piece(3, 9, 4, "mark"), Piece(0, 2, 4, "script")]
    kept = fragments(TEXT, crossing)
    assert [(p.start, p.stop) for p in kept] == [(0, 6), (3, 9)]
    assert render(TEXT, crossing).count("<mark") == 1  # the second crosses the first: left out
    assert [p.tag for p in fragments(" x ", [Piece(0, 3, 1, "span")])] == ["span"]
    assert fragments("   ", [Piece(0, 3, 1, "span")]) == []  # whitespace only


def test_markup_links_stay_within_the_site() -> None:
    text = "Путин и Макрон"
    hrefs = ["/entity?name=Путин", "javascript:alert(1)", "//evil.example/x", "https://evil.example/"]
    pieces = [
        Piece(0, 5, 0, "a", {"href": hrefs[0]}),
        *(Piece(8, 14, i, "a", {"href": h}) for i, h in enumerate(hrefs[1:], 1)),
    ]
    html = str(render(text, pieces))
    assert html.count("href=") == 1 and 'href="/entity?name=Путин"' in html
    assert "javascript" not in html and "evil" not in html


def test_charts_months_and_unknown_outlets_in_the_pages_language() -> None:
    """A chart's months and an article without an outlet read as the page's language writes them,
    not as ISO months or the comparison's English key."""
    profile = {
        "months": ["2025-11", "2025-12"],
        "outlets": [
            {"outlet": "", "months": [{"month": "2025-11", "sentiment": -0.5, "mentions": 2}]},
            {"outlet": "Вестник", "months": [{"month": "2025-12", "sentiment": 1.0, "mentions": 1}]},
        ],
    }
    use_catalogues(translations)  # what the web app does when it starts
    token = CURRENT.set("ru")
    try:
        chart = sentiment_over_time(profile)
        line = timeline(["outlet unknown (a.txt)"], [Placed(0, "2025-05-02", "a", "x")], [])
    finally:
        CURRENT.reset(token)
    assert chart is not None
    assert [t["label"] for t in chart["ticks"]] == ["нояб. 2025", "дек. 2025"]
    assert chart["series"][1]["dots"][0]["label"] == "Вестник, дек. 2025: +1,00 (1 упоминание)"
    assert [t.label for t in line.ticks] == ["май 2025"]
    english = sentiment_over_time(profile)
    assert english is not None and english["series"][0]["outlet"] == "outlet unknown"
    assert english["series"][0]["dots"][0]["label"] == "outlet unknown, Nov 2025: -0.50 (2 mentions)"


def test_charts_timeline_and_diverging_bars() -> None:
    assert str(parse_day("2025-03")) == "2025-03-01"
    assert str(parse_day("2026-01-06/2026-01-07")) == "2026-01-06"
    assert parse_day("") is None
    chart = timeline(
        ["A", "B"],
        [Placed(0, "2025-03-01", "a", "x"), Placed(1, "2025-11-01", "b", "y"), Placed(1, "", "c", "z")],
        [
            Period("2025-03-01", "2025-03-01", "first", "e1"),
            Period("2025-11-01", "2025-11-01", "second", "e2"),
        ],
    )
    assert [d.target for d in chart.dots] == ["x", "y"] and chart.undated == 1
    assert chart.dots[0].x < chart.dots[1].x and chart.dots[0].y < chart.dots[1].y
    assert len(chart.bands) == 2 and chart.ticks[0].label == "Mar 2025"
    bars = sentiment_chart(["A", "B"], [("Путин", [-0.5, 0.5]), ("Макрон", [None, 1.0])])
    negative, positive, full = bars.bars
    assert negative.x + negative.width == bars.zero == positive.x
    assert negative.width == positive.width == full.width / 2 == bars.half / 2
