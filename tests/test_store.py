import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from newsprism.model import Article, Doc, Entity, Origin
from newsprism.store import Store, StoreError, StoreVersionError, encode, open_store, schema
from newsprism.store.migrations import LATEST, MIGRATIONS
from newsprism.store.postgres import is_postgres, postgres_engine
from newsprism.store.sqlite import sqlite_engine


def article(n: int) -> Article:
    return Article(
        title=f"Новость номер {n}",
        body=f"Текст новости {n}. Мэр Лапин открыл мост.",
        outlet="Пример",
        origin=Origin("x.txt"),
    )


def raw_engine(location: str) -> Engine:
    """An engine on the store's database without newsprism's migrations."""
    return (postgres_engine if is_postgres(location) else sqlite_engine)(location)[0]


def doc_for(a: Article) -> Doc:
    doc = Doc.from_article(a)
    doc.entities = [Entity(a.text.index("Лапин"), a.text.index("Лапин") + 5, "PER", "Лапин")]
    return doc


def test_store_save_is_idempotent(store: Store) -> None:
    batch = [(article(n), doc_for(article(n))) for n in range(3)]
    first = store.save(batch, "v1")
    second = store.save(batch, "v1")
    assert len(first.new) == 3
    assert second.new == ()
    assert store.count() == 3
    ids = [a.id for a, _ in batch]
    assert store.analysed(ids, "v1") == set(ids)
    assert store.analysed(ids, "v2") == set()
    saved = store.doc(ids[0])
    assert saved is not None
    assert saved.entities == batch[0][1].entities
    assert saved.text == batch[0][0].text


def test_store_same_content_twice_in_one_batch_is_one_article(store: Store) -> None:
    a = article(1)
    store.save([(a, None), (article(1), None)])
    assert store.count() == 1


def test_store_reads_back_articles(store: Store) -> None:
    a = article(7)
    store.save([(a, None)])
    assert store.article(a.id) == a
    assert store.article("missing") is None
    assert store.doc(a.id) is None
    assert [x.id for x in store.articles(outlet="Пример")] == [a.id]
    assert list(store.articles(outlet="Другое")) == []


def test_store_failed_batch_leaves_nothing(store: Store) -> None:
    # The third analysis names an article that is in no batch: the foreign key fails after the
    # articles were inserted, and the whole transaction must roll back.
    orphan = doc_for(article(4))
    orphan.article_id = "0000000000000000"
    with pytest.raises(IntegrityError):
        store.save([(article(1), doc_for(article(1))), (article(3), None), (article(4), orphan)])
    assert store.count() == 0
    assert store.existing([article(1).id, article(3).id]) == set()


def test_store_migrations_recorded_and_schema_matches(store_location: str) -> None:
    open_store(store_location).close()
    engine = raw_engine(store_location)
    with engine.connect() as connection:
        versions = [row[0] for row in connection.execute(text("SELECT version FROM schema_migrations"))]
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    assert sorted(versions) == list(range(1, LATEST + 1))
    inspector = inspect(engine)
    extra = schema.BACKEND_COLUMNS.get(engine.dialect.name, {})
    for table in schema.metadata.tables.values():
        columns = {c["name"] for c in inspector.get_columns(table.name)} - extra.get(table.name, set())
        assert columns == set(table.columns.keys()), table.name
    engine.dispose()
    open_store(store_location).close()  # reopening migrates nothing and fails nothing


def test_store_refuses_a_newer_schema(store_location: str) -> None:
    open_store(store_location).close()
    engine = raw_engine(store_location)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO schema_migrations VALUES (999, 'future', 'now')"))
    engine.dispose()
    with pytest.raises(StoreVersionError, match="upgrade newsprism"):
        open_store(store_location)


def test_store_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"broken\.db.*not a database"):
        open_store(path)


def test_store_directory_or_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")


def test_store_upgrades_an_older_schema_and_keeps_its_rows(store_location: str) -> None:
    engine = raw_engine(store_location)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        )
        for statement in MIGRATIONS[0].statements:
            connection.execute(text(statement))
        connection.execute(text("INSERT INTO schema_migrations VALUES (1, 'first', 'then')"))
        connection.execute(
            text(
                "INSERT INTO articles VALUES "
                "('a1', 'Заголовок', '', 'Текст.', NULL, NULL, NULL, 'ru', NULL, NULL, 'then')"
            )
        )
        connection.execute(text("INSERT INTO entities VALUES ('a1', 0, 5, 'PER', 'Лапин')"))
    open_store(store_location).close()
    with engine.connect() as connection:
        versions = [
            row[0]
            for row in connection.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
        ]
        row = connection.execute(text("SELECT normal, canonical, kind, sentiment FROM entities")).one()
    engine.dispose()
    assert versions == list(range(1, LATEST + 1))
    assert tuple(row) == ("Лапин", "", "name", 0)


def test_store_keeps_views_and_replaces_stories(store: Store) -> None:
    from newsprism.model import Story

    a, b = article(1), article(2)
    store.save([(a, doc_for(a)), (b, None)], "v1", {a.id: {"id": a.id, "lemmas": ["мост"]}})
    assert list(store.views()) == [(a.id, {"id": a.id, "lemmas": ["мост"]})]
    event = Story(
        "e1", "event", "Мост открыт", [a.id, b.id], "2026-03-01", "2026-03-02", ["Пример"], parent="s1"
    )
    line = Story("s1", "storyline", "Мост", [a.id, b.id], event_ids=["e1"])
    store.replace_stories([event, line])
    assert store.story("e1") == event
    assert [s.id for s in store.stories(kind="event")] == ["e1"]
    store.replace_stories([line])
    assert store.story("e1") is None and [s.id for s in store.stories()] == ["s1"]


def test_store_orders_text_by_bytes_on_every_backend(store: Store) -> None:
    # PostgreSQL sorts by its locale unless told otherwise; ids and dates must sort as in SQLite.
    batch = [(article(n), None) for n in range(12)]
    store.save(batch)
    assert [a.id for a in store.articles()] == sorted(a.id for a, _ in batch)


def test_store_postgres_url_forms_and_errors() -> None:
    # No server needed: nothing listens on port 1, and the password never reaches a message.
    for url in ("postgresql://u:secret@127.0.0.1:1/db", "postgres://u:secret@127.0.0.1:1/db"):
        with pytest.raises(StoreError, match=r"postgresql\+psycopg://u:\*\*\*@127\.0\.0\.1:1/db") as caught:
            open_store(url)
        assert "secret" not in str(caught.value)
    with pytest.raises(StoreError, match="driver 'postgresql\\+asyncpg' is not supported"):
        open_store("postgresql+asyncpg://u@127.0.0.1:1/db")
    with pytest.raises(StoreError, match="unsupported store mysql://"):
        open_store("mysql://u@host/db")


def test_store_opened_by_many_at_once_migrates_once(store_location: str) -> None:
    if not is_postgres(store_location):
        pytest.skip("SQLite stores are opened by one process at a time; the advisory lock is PostgreSQL's")
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_store(store_location).close()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = raw_engine(store_location)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM schema_migrations")).scalar_one()
    engine.dispose()
    assert count == LATEST


def test_store_saves_an_encoded_analysis_as_its_doc(store: Store) -> None:
    # The Dask workers encode analyses for the store; the result must be what saving the Doc gives.
    a = article(1)
    store.save([(a, doc_for(a))], "v1")
    saved = store.doc(a.id)
    mentions = list(store.mentions())
    store.save([(a, encode(doc_for(a)))], "v2")
    again = store.doc(a.id)
    assert saved is not None and again is not None
    assert again.to_dict() == saved.to_dict()
    assert list(store.mentions()) == mentions and mentions[0].canonical == "Лапин"
    assert store.analysed([a.id], "v2") == {a.id}
