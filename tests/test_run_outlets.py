"""Articles are stored under the name of the followed source their outlet is known by."""

from __future__ import annotations

from pathlib import Path

from newsprism.model import Article
from newsprism.run.local import run
from newsprism.store import open_store
from newsprism.store.following import SourceSpec


def _article(title: str, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(title=title, body=f"{title}. Подробности позже.", outlet=outlet, url=url)


def test_a_host_or_folder_outlet_is_stored_under_the_followed_sources_name(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    try:
        plain = [_article("Мост открыт", outlet="zarya.example")]
        run(plain, store, None)  # no source followed: stored as given
        store.add_sources([SourceSpec("Заря Заречья", ("https://www.zarya.example/rss.xml",))])
        articles = [
            _article("Школа открыта", outlet="zarya.example", url="https://zarya.example/a/1"),
            _article("Паром пущен", outlet="zarya"),  # a folder named after the site
            _article("Рынок закрыт", outlet="ZARYA.EXAMPLE"),
            _article("Вокзал построен", outlet="Вечерний Заречинск"),  # another outlet
            _article("Сквер разбит"),  # no outlet at all
        ]
        report = run(articles, store, None)
        stored = store.articles_by_id(report.ids)
        assert [stored[a.id].outlet for a in articles] == [
            "Заря Заречья",
            "Заря Заречья",
            "Заря Заречья",
            "Вечерний Заречинск",
            None,
        ]
        assert [stored[a.id].id for a in articles] == [a.id for a in articles]
        assert store.articles_by_id([plain[0].id])[plain[0].id].outlet == "zarya.example"
    finally:
        store.close()
