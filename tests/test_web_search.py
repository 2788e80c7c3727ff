"""Search behind the Store interface: the index is filled on save and backfilled for old stores."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from newsprism.model import Article, Doc, Token
from newsprism.store import Filters, Store, fts, open_store
from newsprism.store.base import SearchSort
from newsprism.store.search import match_expression
from newsprism.store.sql import SqlStore
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
            "DROP TABLE publications",
            "DROP VIEW search_content",
            "DROP TABLE article_search",
            "DROP TABLE search_docs",
            "DROP TABLE search_facets",
            "DROP TABLE story_comparisons",
            "DROP TABLE store_state",
            "DROP TABLE story_outlets",
            "DROP INDEX entities_canonical_key",
            "ALTER TABLE entities DROP COLUMN canonical_key",
            "ALTER TABLE entities DROP COLUMN quoted",  # migration 9
            "DROP TABLE sources",  # migration 10
            "DROP TABLE source_feeds",
            "DROP TABLE seen_urls",
            "DROP INDEX analyses_category",
            "DROP INDEX articles_id_published_outlet",
            "DROP INDEX articles_outlet_id",
            "DROP INDEX analyses_article_category",
            "DROP INDEX stories_size_last",
            "DROP INDEX stories_last",
            "DELETE FROM schema_migrations WHERE version >= 4",
        ):
            connection.execute(statement)
    reopened = open_store(path)
    try:
        assert reopened.search([["путин"]], Filters()).total == 1
        assert reopened.search([["путин"]], Filters(since="2026-01-01")).total == 0  # undated
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


def _dated_batch() -> list[tuple[Article, Doc]]:
    """Articles across 16 months (month ends and starts, two years), in two outlets, some undated."""
    batch = []
    for number in range(48):
        year, month = divmod(10 + number // 3, 12)
        day = (1, 15, 28)[number % 3]
        published = None if number % 11 == 5 else datetime(2024 + year, month + 1, day, 23, 30, tzinfo=UTC)
        lemmas = ["завод", "номер", "цех" if number % 4 else "склад", "работать"]
        outlet = "Вестник" if number % 2 else "Голос"
        batch.append(analysed(f"Завод {number}", "Цех работает.", lemmas, outlet, published))
    return batch


DATE_RANGES = [
    ("2025-03-01", "2025-03-31"),  # one month
    ("2025-02-15", "2025-04-01"),  # partial months at both edges
    ("2024-12-28", "2026-01-15"),  # across two new years: a whole year's term
    ("2025-06-01", None),
    (None, "2025-02-14"),
    ("2020-01-01", "2030-12-31"),  # all the store
    ("2025-05-01", "2025-04-01"),  # empty
    ("2027-01-01", None),  # after the store
    (None, "9999-12-31"),
    ("2025-03", "2025-05"),  # not days: compared as strings, as before
    ("2025", None),
]


def _passes(published: str | None, since: str | None, until: str | None) -> bool:
    if published is None or (since is not None and published < since):
        return False
    if until is None:
        return True
    try:
        return published < (date.fromisoformat(until) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return published[:10] <= until


@pytest.mark.parametrize("share", [fts.MAX_DATE_SHARE, 1.0])
def test_sqlite_date_terms_give_the_same_pages_as_testing_every_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    monkeypatch.setattr(fts, "MAX_DATE_SHARE", share)  # 1.0: wide ranges (year terms) too
    store = open_store(tmp_path / "dates.db")
    try:
        store.save(_dated_batch(), "v1")
        assert isinstance(store, SqlStore)
        with store.engine.begin() as connection:  # dates of other forms, indexed anew (term `mx`)
            weird = {"2025-03": 1, "2025-13-01": 2, "2025-04-00T10:00": 3, "когда-то": 4, "2025-04-3": 6}
            for value, row in weird.items():
                of_row = "(SELECT article_id FROM search_docs WHERE id = :i)"
                update = text(f"UPDATE articles SET published = :p WHERE id = {of_row}")
                connection.execute(update, {"p": value, "i": row})
            connection.execute(text("CREATE TEMP TABLE copied AS SELECT * FROM search_docs"))
            connection.execute(text("DELETE FROM search_docs WHERE id IN (SELECT id FROM copied)"))
            connection.execute(text("INSERT INTO search_docs SELECT * FROM copied"))
            connection.execute(
                text("INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)")
            )
            rows = connection.execute(text("SELECT id, published FROM search_facets")).all()
            published: dict[int, str | None] = {row[0]: row[1] for row in rows}
        narrowed = 0
        with store.engine.connect() as connection:
            for since, until in DATE_RANGES:
                for outlet in (None, "Вестник"):
                    filters = Filters(outlet=outlet, since=since, until=until)
                    narrowed += fts.date_match(connection, filters) is not None
                    for words in ([["завод"]], [["цех"], ["работать"]]):
                        pages: list[tuple[SearchSort, int, int]] = [
                            ("relevance", 50, 0),
                            ("relevance", 3, 2),
                            ("newest", 7, 1),
                        ]
                        for sort, limit, offset in pages:
                            args = (connection, words, filters, sort, limit, offset)
                            new, old = fts.page_ids(*args), fts.page_ids(*args, date_terms=False)
                            assert new == old, (since, until, outlet, words, sort)
                    # the exact test: strings compared, `until` through its whole day; undated never pass
                    found = fts.page_ids(
                        connection, [["завод"]], Filters(since=since, until=until), "newest", 50, 0
                    )
                    assert found is not None
                    expected = {i for i, p in published.items() if _passes(p, since, until)}
                    assert set(found.items) == expected, (since, until)
        assert narrowed >= (10 if share < 1 else 14)  # ranges matched against the terms
    finally:
        store.close()


def test_month_terms_cover_a_range_with_whole_years() -> None:
    assert fts.month_terms((2025, 11), (2026, 2)) == ["m202511", "m202512", "m202601", "m202602"]
    assert fts.month_terms((2024, 12), (2026, 1)) == ["m202412", "y2025", "m202601"]
    assert fts.month_terms((2025, 1), (2025, 12)) == ["y2025"]


def test_store_search_by_dates_skips_undated_articles(store: Store) -> None:
    batch = _dated_batch()
    store.save(batch, "v1")
    for since, until in DATE_RANGES[:9]:
        found = store.search([["завод"]], Filters(since=since, until=until), limit=50)
        expected = {
            a.id
            for a, _ in batch
            if a.published is not None
            and (since is None or a.published.date().isoformat() >= since)
            and (until is None or a.published.date().isoformat() <= until)
        }
        assert {h.article.id for h in found.items} == expected, (since, until)
        assert found.total == len(expected)
