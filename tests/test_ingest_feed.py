from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsprism.ingest import IngestError, Source, read_source
from newsprism.ingest.feed import NO_ENTRIES, html_to_text, read_feed
from newsprism.model import Article, Origin

RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel>
<title>Вестник Заречья</title><link>https://www.vestnik.example/</link><language>ru-RU</language>
<item>
  <title>Мост через Сось откроют осенью</title>
  <link>https://www.vestnik.example/news/most</link>
  <description>&lt;p&gt;Ремонт закончат к октябрю.&lt;/p&gt;&lt;p&gt;Подрядчик заменил опоры&lt;br/&gt;и
  укладывает полотно.&lt;/p&gt;</description>
  <pubDate>Fri, 01 Mar 2024 12:30:00 +0300</pubDate>
</item>
<item>
  <title>Заголовок без текста</title>
  <link>https://www.vestnik.example/news/empty</link>
</item>
<item>
  <title>В Заречье открыли школу</title>
  <description>Школа рассчитана на 500 учеников &amp; 40 учителей.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<link href="https://news.zarechye.example/"/>
<entry>
  <title type="html">Школу &lt;b&gt;достроят&lt;/b&gt; к лету</title>
  <link href="https://news.zarechye.example/school"/>
  <updated>2024-03-02T10:00:00Z</updated>
  <summary>Коротко о школе.</summary>
  <content type="html">&lt;h2&gt;Сроки&lt;/h2&gt;&lt;p&gt;Стройку закончат в мае.&lt;/p&gt;</content>
</entry>
</feed>
"""


def split(items: Any) -> tuple[list[Article], list[IngestError]]:
    items = list(items)
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def test_rss_in_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "vestnik.rss"
    path.write_bytes(RSS.encode("cp1251"))
    articles, errors = split(read_source(Source(str(path))))
    first, school = articles
    assert first.title == "Мост через Сось откроют осенью"
    assert first.body == "Ремонт закончат к октябрю.\n\nПодрядчик заменил опоры\nи укладывает полотно."
    assert first.url == "https://www.vestnik.example/news/most"
    assert first.outlet == "Вестник Заречья"
    assert first.published == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert first.language == "ru"
    assert first.origin == Origin(str(path))
    assert school.body == "Школа рассчитана на 500 учеников & 40 учителей."
    assert school.url is None
    assert school.published is None
    (error,) = errors
    assert error.file == str(path)
    assert error.reason.startswith("feed entry 2 (https://www.vestnik.example/news/empty) has no text")


def test_atom_content_title_markup_and_host_outlet() -> None:
    (article,) = read_feed(ATOM, "zarechye.atom")
    assert isinstance(article, Article)
    assert article.title == "Школу достроят к лету"
    assert article.body == "Сроки\n\nСтройку закончат в мае."
    assert article.outlet == "news.zarechye.example"
    assert article.published == datetime(2024, 3, 2, 10, 0, tzinfo=UTC)


def test_feed_sniffed_from_content(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_text(ATOM, encoding="utf-8")
    articles, errors = split(read_source(Source(str(path))))
    assert errors == []
    assert [article.title for article in articles] == ["Школу достроят к лету"]


def test_broken_feed_is_an_error() -> None:
    (error,) = read_feed('<?xml version="1.0"?>\n<rss><channel><title>Обрыв', "broken.xml")
    assert error == IngestError(
        "broken.xml", None, "cannot parse feed: no element found; is it RSS or Atom XML?"
    )


def test_loosely_broken_feed_keeps_its_entries() -> None:
    articles, errors = split(
        read_feed(
            "<rss><channel><item><title>Обрыв</title><description>Текст.</description></item>", "loose.xml"
        )
    )
    assert errors == []
    assert [(article.title, article.body) for article in articles] == [("Обрыв", "Текст.")]


def test_feed_without_entries() -> None:
    empty = '<rss version="2.0"><channel><title>Пусто</title></channel></rss>'
    assert list(read_feed(empty, "empty.xml")) == [IngestError("empty.xml", None, NO_ENTRIES)]


def test_feed_text_that_looks_like_a_path_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(ATOM, encoding="utf-8")
    articles, errors = split(read_feed(str(secret), "odd.xml"))
    assert articles == []
    assert len(errors) == 1


def test_html_to_text() -> None:
    markup = "<div>Вступление<p>Первый\n  абзац</p><ul><li>раз</li><li>два</li></ul>строка<br>ещё</div>"
    assert html_to_text(markup) == "Вступление\n\nПервый абзац\n\nраз\n\nдва\n\nстрока\nещё"
    assert html_to_text("Без разметки") == "Без разметки"


def test_ingest_feed_control_characters_in_entry_markup_are_spaces() -> None:
    """Found by fuzz/readers.py: lxml refused a C0 control character in an entry's HTML and the
    whole batch stopped with ValueError."""
    rss = (
        "<rss><channel><title>Лента</title><item><title>Мост&lt;b&gt;\x01открыт</title>"
        "<description>&lt;p&gt;Мэр\x0e открыл мост через реку.&lt;/p&gt;</description></item></channel></rss>"
    )
    [article] = list(read_feed(rss, "f.xml"))
    assert isinstance(article, Article)
    assert (article.title, article.body) == ("Мост открыт", "Мэр открыл мост через реку.")
