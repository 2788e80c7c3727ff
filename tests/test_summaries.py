"""One record shape for a story and an article in lists: the web's JSON and the API's schema are
the model's `StorySummary` and `ArticleSummary`."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from newsprism.model import Article, ArticleSummary, Story, StorySummary
from newsprism.store import open_store
from newsprism.web import views
from newsprism.web.api import SearchItem
from newsprism.web.app import create_app
from newsprism.web.state import Settings


def test_story_summary_counts_articles_and_events() -> None:
    story = Story(
        "s1", "storyline", "Паром сел на мель", ["a", "b", "c"], "2026-03-01", "2026-03-04",
        ["Коммерсантъ", "ТАСС"], "society", ["PER:Иван Петров"], "", ["e1", "e2"],
    )  # fmt: skip
    summary = StorySummary.of(story)
    assert (summary.size, summary.events, summary.outlets) == (3, 2, ["Коммерсантъ", "ТАСС"])
    assert views.story_summary(story) == summary.to_dict()
    assert list(summary.to_dict()) == [f.name for f in dataclasses.fields(StorySummary)]


def test_article_summary_has_no_text_and_an_iso_time() -> None:
    article = Article(
        "Паром сел на мель", "Текст.", outlet="ТАСС", published=datetime(2026, 3, 1, 9, tzinfo=UTC)
    )
    summary = ArticleSummary.of(article, "society")
    assert summary.published == "2026-03-01T09:00:00+00:00"
    assert views.article_summary(article, "society") == summary.to_dict()
    assert "text" not in summary.to_dict()
    assert ArticleSummary.of(Article("Без даты", "Текст.")).published is None


def test_the_api_schema_is_the_models_summary(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    open_store(url).close()
    schemas = create_app(Settings(db=url)).openapi()["components"]["schemas"]
    story_fields = [f.name for f in dataclasses.fields(StorySummary)]
    assert list(schemas["StorySummary"]["properties"]) == story_fields
    article_fields = [f.name for f in dataclasses.fields(ArticleSummary)]
    assert list(schemas["SearchItem"]["properties"])[: len(article_fields)] == article_fields
    assert issubclass(SearchItem, ArticleSummary)
