"""Publications: one text from several outlets is one article with every outlet on record."""

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from newsprism.cli import EXIT_OK, app
from newsprism.compare.comparison import compare_story
from newsprism.model import Article, Doc, Publication, Story
from newsprism.run.local import run
from newsprism.store import Filters, Store, open_store
from newsprism.store.migrations import MIGRATIONS, applied_versions
from newsprism.stories.outlets import with_publications
from newsprism.web.views import article_detail

TITLE, BODY = "Мост через Зарю открыт", "Мэр Заречинска открыл движение по новому мосту."


def _copies() -> list[Article]:
    """A text of «Курьер», the same text reprinted a day earlier by «Вестник», and another text."""
    return [
        Article(TITLE, BODY, url="https://kurier.example/1", outlet="Курьер", published=_day(3)),
        Article("Погода", "Завтра дождь.", outlet="Курьер", published=_day(3)),
        Article(TITLE, BODY, url="https://vestnik.example/7", outlet="Вестник", published=_day(2)),
    ]


def _day(day: int) -> datetime:
    return datetime(2026, 3, day, 9, tzinfo=UTC)


State = tuple[dict[str, list[Publication]], list[tuple[str, str | None, str | None, datetime | None]]]


def _state(store: Store) -> State:
    """Every stored publication, and what each article row holds."""
    ids = [article.id for article in store.articles()]
    rows = sorted((a.id, a.outlet, a.url, a.published) for a in store.articles())
    return store.publications(ids), rows


def test_publications_same_in_one_batch_and_in_two(store_location: str, tmp_path: Path) -> None:
    states = []
    for index, (size, order) in enumerate([(3, 1), (1, 1), (2, -1)]):
        location = store_location if index == 0 else str(tmp_path / f"s{index}.db")
        store = open_store(location)
        report = run(_copies()[::order], store, None, batch_size=size)
        assert (report.new, report.reprints) == (2, 1)
        states.append(_state(store))
        store.close()
    assert states[0] == states[1] == states[2]
    publications, articles = states[0]
    text_id = Article(TITLE, BODY).id
    assert [(p.outlet, p.url) for p in publications[text_id]] == [
        ("Вестник", "https://vestnik.example/7"),
        ("Курьер", "https://kurier.example/1"),
    ]
    # the article row holds the earliest publication, whatever came first
    assert (text_id, "Вестник", "https://vestnik.example/7", _day(2)) in articles


def test_publications_rerun_adds_nothing(store: Store) -> None:
    run(_copies(), store, None, batch_size=2)
    before = _state(store)
    again = run(_copies(), store, None, batch_size=1)
    assert (again.new, again.reprints) == (0, 0)
    assert _state(store) == before
    third = Article(TITLE, BODY, url="https://third.example/x", outlet="Третий")
    assert store.save([(third, None)]).reprints == 1
    assert len(store.publications([third.id])[third.id]) == 3


def test_publications_story_view_takes_the_earliest(store: Store) -> None:
    later, earlier = _copies()[0], _copies()[2]
    view = {"id": later.id, "outlet": later.outlet, "published": later.published.isoformat()}  # type: ignore[union-attr]
    store.save([(later, None)], views={later.id: view})
    store.save([(earlier, None)])
    stored = dict(store.views())[later.id]
    assert (stored["outlet"], stored["published"]) == ("Вестник", _day(2).isoformat())


def test_publications_count_for_every_outlet(store: Store) -> None:
    run(_copies(), store, None)
    text_id = Article(TITLE, BODY).id
    assert dict(store.facets().outlets) == {"Курьер": 2, "Вестник": 1}
    kurier = [a for a in store.articles(outlet="Курьер") if a.id == text_id]
    assert [(a.outlet, a.url) for a in kurier] == [("Курьер", "https://kurier.example/1")]
    story = Story("e1", "event", TITLE, article_ids=[text_id], outlets=["Вестник"])
    stories = with_publications([story], store.publications([text_id]))
    assert stories[0].outlets == ["Вестник", "Курьер"]
    store.replace_stories(stories)
    assert store.find_stories(Filters(outlet="Курьер")).total == 1
    article = store.article(text_id)
    assert article is not None
    comparison = compare_story(
        stories[0], [(article, Doc(article.text, text_id))], publications=store.publications([text_id])
    )
    assert comparison.outlets == ["Вестник", "Курьер"]
    detail = article_detail(store, text_id)
    assert detail is not None
    assert [p["outlet"] for p in detail["publications"]] == ["Вестник", "Курьер"]


def test_publications_migration_backfills_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # the schema of newsprism before publications (version 7)
        applied_versions(connection)  # creates the log
        for migration in MIGRATIONS:
            if migration.version > 7:
                continue
            for statement in migration.for_dialect("sqlite"):
                connection.execute(text(statement))
            if migration.run is not None:
                migration.run(connection)
            connection.execute(
                text("INSERT INTO schema_migrations VALUES (:v, :n, 'then')"),
                {"v": migration.version, "n": migration.name},
            )
        old = Article(TITLE, BODY, outlet="Курьер", url="https://kurier.example/1", published=_day(3))
        connection.execute(
            text(
                "INSERT INTO articles (id, title, lead, body, url, outlet, published, language, added_at) "
                "VALUES (:id, :t, '', :b, :u, :o, :p, 'ru', 'then')"
            ),
            {"id": old.id, "t": TITLE, "b": BODY, "u": old.url, "o": old.outlet, "p": _day(3).isoformat()},
        )
    engine.dispose()
    store = open_store(path)
    try:
        assert [(p.outlet, p.url, p.published) for p in store.publications([old.id])[old.id]] == [
            ("Курьер", "https://kurier.example/1", _day(3))
        ]
        report = run(_copies(), store, None)
        assert (report.new, report.reprints) == (1, 1)  # the weather is new; «Вестник»'s copy too
        assert store.article(old.id) == _copies()[2]  # the earlier publication now stands for it
    finally:
        store.close()


def test_publications_cli_summary_names_a_new_publication(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    lines = [
        {"title": a.title, "text": a.body, "url": a.url, "outlet": a.outlet, "published": str(a.published)}
        for a in _copies()
    ]
    first = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines[:2])
    result = CliRunner().invoke(app, ["ingest", "-", "--db", db], input=first)
    assert result.exit_code == EXIT_OK, result.output
    second = json.dumps(lines[2], ensure_ascii=False)
    result = CliRunner().invoke(app, ["ingest", "-", "--db", db], input=second)
    assert result.exit_code == EXIT_OK, result.output
    assert "1 article (0 new, 1 already stored), 1 new publication of an already stored text" in result.stderr
