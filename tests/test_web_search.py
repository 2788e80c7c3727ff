"""Search behind the Store interface: the index is filled on save and backfilled for old stores."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.model import Article, Doc, Token
from newsprism.store import Filters, Store, fts, open_store
from newsprism.store.search import match_expression
from newsprism.web.morphology import query_words


def analysed(
    title: str, body: str, lemmas: list[str], outlet: str = "Пример", published: datetime | None = None
) -> tuple[Article, Doc]:
    """An article whose doc has one token per word of the text, with the given lemmas."""
    article = Article(title=title, body=body, outlet=outlet, published=published)
    doc = Doc.from_article(article)
    position = 0
    for word, lemma in zip(article.text.replace("\n\n", " ").split(), lemmas, strict=True):
        start = article.text.index(word, position)
        doc.tokens.append(Token(start, start + len(word), lemma=lemma))
        position = start + len(word)
    return article, doc


def test_store_search_matches_lemmas_and_filters(store: Store) -> None:
    a = analysed(
        "Встреча с Путиным", "Президенты встретились.", ["встреча", "с", "путин", "президент", "встретиться"]
    )
    b = analysed(
        "Путин выступил", "Речь была долгой.", ["путин", "выступить", "речь", "быть", "долгий"], "Другое"
    )
    store.save([a, b], "v1")
    found = store.search([["путин"]], Filters())
    assert found.total == 2
    hit = next(h for h in found.items if h.article.id == a[0].id)
    assert [a[0].text[x:y] for x, y in hit.matches] == ["Путиным"]
    assert store.search([["путин"]], Filters(outlet="Другое")).total == 1
    assert store.search([["путин"], ["речь"]], Filters()).total == 1
    assert store.search([["нет"]], Filters()).total == 0
    store.save([(b[0], analysed("Путин выступил", "Речь была долгой.", ["x"] * 5, "Другое")[1])], "v2")
    assert store.search([["речь"]], Filters()).total == 0  # a new analysis replaces the old index row


def test_store_search_index_is_backfilled_for_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(path)
    store.save([analysed("Встреча с Путиным", "Текст.", ["встреча", "с", "путин", "текст"])], "v1")
    store.close()
    with sqlite3.connect(path) as connection:  # back to the schema before migration 4
        for statement in (
            "DROP TABLE article_search",
            "DROP TABLE search_docs",
            "DROP TABLE store_state",
            "DROP TABLE story_outlets",
            "DROP INDEX entities_canonical_key",
            "ALTER TABLE entities DROP COLUMN canonical_key",
            "DROP INDEX analyses_category",
            "DROP INDEX articles_id_published_outlet",
            "DROP INDEX articles_outlet_id",
            "DROP INDEX analyses_article_category",
            "DROP INDEX stories_size_last",
            "DROP INDEX stories_last",
            "DELETE FROM schema_migrations WHERE version = 4",
        ):
            connection.execute(statement)
    reopened = open_store(path)
    try:
        assert reopened.search([["путин"]], Filters()).total == 1
    finally:
        reopened.close()


def test_store_generation_grows_with_every_write(store: Store) -> None:
    before = store.generation()
    store.save([analysed("Заголовок", "Текст.", ["заголовок", "текст"])], "v1")
    after_save = store.generation()
    store.replace_stories([])
    assert before < after_save < store.generation()


def test_web_query_words_are_quoted_alternatives() -> None:
    words = query_words('Путиным "OR" NEAR(x) ё-моё')
    assert "путин" in words[0]
    expression = match_expression(words)
    assert expression.count('"') % 2 == 0 and "NEAR(" not in expression
    assert match_expression(query_words("*** ---")) == ""


def test_store_search_counts_up_to_a_cap_and_ranks_within_a_window(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts, "COUNT_CAP", 12)
    monkeypatch.setattr(fts, "RANK_WINDOW", 5)
    batch = []
    for number in range(20):
        outlet = "Вестник" if number % 2 else "Голос"
        published = datetime(2026, 3, 1 + number, 9, 30, tzinfo=UTC)
        lemmas = ["завод", "номер", "рабочий", "прийти"]
        batch.append(analysed(f"Завод {number}", "Рабочие пришли.", lemmas, outlet, published))
    store.save(batch, "v1")
    found = store.search([["завод"]], Filters(), limit=4)
    sqlite = store.url.endswith(".db") or store.url.startswith("sqlite")
    if sqlite:  # counting stops past the cap: «12+»
        assert (found.total, found.capped) == (12, True)
    else:
        assert (found.total, found.capped) == (20, False)
    # Pages past the rank window still hold every match exactly once.
    seen = [
        h.article.id
        for o in range(0, 20, 4)
        for h in store.search([["завод"]], Filters(), limit=4, offset=o).items
    ]
    assert sorted(seen) == sorted(a.id for a, _ in batch)
    # Filters are applied before counting and ranking; `until` includes its whole day.
    march = store.search(
        [["завод"]], Filters(since="2026-03-05", until="2026-03-09", outlet="Вестник"), limit=20
    )
    days = sorted(h.article.published.day for h in march.items if h.article.published)
    assert (march.total, march.capped, days) == (2, False, [6, 8])
    newest = store.search([["завод"]], Filters(until="2026-03-10"), sort="newest", limit=3)
    assert [h.article.published.day for h in newest.items if h.article.published] == [10, 9, 8]
