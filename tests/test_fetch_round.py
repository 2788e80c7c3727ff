"""Fetch rounds against a real server on 127.0.0.1, stored in a real store: what is new is
stored once, validators and seen URLs make the next round cheap, failures stay with their source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape

import pytest

from newsprism.analyse import Pipeline
from newsprism.fetch import Fetcher, FetchSettings, RoundReport, fetch_round, urls
from newsprism.store import Store
from newsprism.store.following import SourceSpec, SourceStatus
from support import NewsServer, Route

SETTINGS = FetchSettings(timeout=1.0, deadline=3.0, retries=0, backoff=0.01, host_interval=0.0)
CITIES = ["Заречный", "Светлогорск", "Верхнеречье", "Новоозёрск", "Каменка"]


def story(number: int) -> tuple[str, str]:
    """An invented news item: a headline and three sentences about a bridge in a made-up town."""
    city = CITIES[number % len(CITIES)]
    title = f"В городе {city} открыли мост номер {number}"
    body = (
        f"В городе {city} в понедельник открыли новый пешеходный мост номер {number} через реку Светлую. "
        f"Строительство заняло {number + 2} месяцев и обошлось городу в {number * 10 + 40} миллионов рублей. "
        "Глава администрации пообещал, что до конца года откроют ещё одну переправу."
    )
    return title, body


def rss(channel: str, items: list[dict[str, str]], encoding: str = "utf-8") -> str:
    entries = []
    for item in items:
        parts = [f"<title>{escape(item['title'])}</title>", f"<link>{escape(item['link'])}</link>"]
        parts.append("<pubDate>Mon, 30 Nov 2026 09:00:00 +0300</pubDate>")
        if "summary" in item:
            parts.append(f"<description>{escape(item['summary'])}</description>")
        if "content" in item:
            parts.append(f"<content:encoded>{escape('<p>' + item['content'] + '</p>')}</content:encoded>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(channel)}</title><link>http://127.0.0.1/</link>"
        + "".join(entries)
        + "</channel></rss>"
    )


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(sentence)}.</p>" for sentence in body.rstrip(".").split(". "))
    return (
        f"<html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
        f"<nav>Главная | Новости | Контакты</nav><article><h1>{escape(title)}</h1>{paragraphs}</article>"
        "<footer>© Вестник Заречного</footer></body></html>"
    ).encode()


def full_feed(server: NewsServer, path: str, numbers: range, etag: str = "") -> None:
    items = []
    for number in numbers:
        title, body = story(number)
        items.append({"title": title, "link": server.url(f"/news/{number}"), "content": body})
    server.routes[path] = Route(rss("Вестник", items).encode(), etag=etag)


def follow(store: Store, server: NewsServer, name: str, *paths: str) -> None:
    store.add_sources([SourceSpec(name, tuple(server.url(path) for path in paths), ("regional",))])


def round_(store: Store, analyser: Pipeline | None = None, **settings: object) -> RoundReport:
    with Fetcher(SETTINGS) as fetcher:
        return fetch_round(store, fetcher, (lambda: analyser) if analyser else None, everything=True)


def status(store: Store, name: str) -> SourceStatus:
    return next(source for source in store.sources() if source.name == name)


def test_fetch_round_stores_new_then_conditional_get_downloads_nothing(
    store: Store, news_server: NewsServer
) -> None:
    full_feed(news_server, "/rss.xml", range(3), etag='"feed-1"')
    follow(store, news_server, "Вестник", "/rss.xml")
    first = round_(store)
    assert (first.sources, first.new, first.errors) == (1, 3, 0)
    assert {a.outlet for a in store.articles()} == {"Вестник"}
    assert status(store, "Вестник").feeds[0].etag == '"feed-1"'
    second = round_(store)
    assert (second.new, second.bodies) == (0, 0)
    assert second.requests - second.robots == 1  # one conditional GET per feed, answered 304
    assert news_server.log[-1][1]["if-none-match"] == '"feed-1"'
    assert status(store, "Вестник").last_new == 0


def test_fetch_round_summaries_only_fetches_and_extracts_pages(store: Store, news_server: NewsServer) -> None:
    items = []
    for number in range(2):
        title, body = story(number)
        news_server.routes[f"/news/{number}"] = Route(page(title, body))
        items.append(
            {"title": title, "link": news_server.url(f"/news/{number}"), "summary": "Коротко о мосте."}
        )
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode())  # no validators
    follow(store, news_server, "Вестник", "/rss.xml")
    report = round_(store)
    assert report.new == 2 and report.results[0].pages == 2
    bodies = sorted(article.body for article in store.articles())
    assert "обошлось городу в 40 миллионов рублей" in bodies[0]
    assert all("Главная" not in body and "Коротко" not in body for body in bodies)
    again = round_(store)  # the feed is read again (no ETag), its entries are seen: no page fetched
    assert again.new == 0 and news_server.hits("/news/0") == 1


def test_fetch_round_tracking_parameters_deduplicated(store: Store, news_server: NewsServer) -> None:
    title, body = story(7)
    news_server.routes["/news/7"] = Route(page(title, body))
    links = ["/news/7?utm_source=rss&utm_medium=feed", "/news/7?fbclid=xyz#top"]
    items = [{"title": title, "link": news_server.url(link), "summary": "Кратко."} for link in links]
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode())
    follow(store, news_server, "Вестник", "/rss.xml")
    assert round_(store).new == 1
    items = [{"title": title, "link": news_server.url("/news/7?utm_campaign=later"), "summary": "Кратко."}]
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode())
    assert round_(store).new == 0
    assert news_server.hits("/news/7") == 1
    assert [a.url for a in store.articles()] == [news_server.url("/news/7")]


def test_fetch_round_wrong_charset_declared(store: Store, news_server: NewsServer) -> None:
    title, body = story(3)
    # cp1251 bytes, while both the header and the XML declaration say UTF-8
    items = [{"title": title, "link": news_server.url("/news/3"), "content": body}]
    feed = rss("Вестник", items, encoding="utf-8").encode("cp1251")
    news_server.routes["/rss.xml"] = Route(
        feed, headers={"Content-Type": "application/rss+xml; charset=utf-8"}
    )
    follow(store, news_server, "Вестник", "/rss.xml")
    assert round_(store).new == 1
    assert [a.title for a in store.articles()] == [title]


def test_fetch_round_robots_disallowed_page_keeps_the_summary(store: Store, news_server: NewsServer) -> None:
    news_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /news/\n")
    title, body = story(4)
    news_server.routes["/news/4"] = Route(page(title, body))
    summary = "Мост в Каменке открыт для пешеходов после четырёх месяцев работ."
    items = [{"title": title, "link": news_server.url("/news/4"), "summary": summary}]
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode())
    follow(store, news_server, "Вестник", "/rss.xml")
    assert round_(store).new == 1
    assert news_server.hits("/news/4") == 0
    assert [a.body for a in store.articles()] == [summary]


def test_fetch_round_failing_source_does_not_stop_others_and_is_backed_off(
    store: Store, news_server: NewsServer
) -> None:
    full_feed(news_server, "/good.xml", range(2))
    news_server.routes["/bad.xml"] = Route(status=500)
    follow(store, news_server, "Исправный", "/good.xml")
    follow(store, news_server, "Сломанный", "/bad.xml", "/missing.xml")
    report = round_(store)
    assert report.new == 2
    broken = status(store, "Сломанный")
    assert broken.last_errors == 2 and "HTTP 500" in broken.last_error and broken.failures == 1
    assert status(store, "Исправный").failures == 0
    for _ in range(2):
        report = round_(store)
    assert report.backed_off == ["Сломанный"]
    due = datetime.fromisoformat(status(store, "Сломанный").next_due) - datetime.now(UTC)
    assert due > timedelta(minutes=25)  # twice the 15 minutes, less the time the test took
    # not due now: a plain round leaves it alone
    with Fetcher(SETTINGS) as fetcher:
        plain = fetch_round(store, fetcher, None)
    assert plain.not_due == 2 and plain.sources == 0


def test_fetch_round_interrupted_before_recording_loses_nothing(
    store: Store, news_server: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_feed(news_server, "/rss.xml", range(3), etag='"v"')
    follow(store, news_server, "Вестник", "/rss.xml")

    class Killed(BaseException):
        pass

    def killed(*_: object) -> None:
        raise Killed  # the process dies after the articles are stored, before the state is

    with monkeypatch.context() as patch:
        patch.setattr(store, "record_round", killed)
        with pytest.raises(Killed):
            round_(store)
    assert store.count() == 3 and status(store, "Вестник").last_fetch is None
    again = round_(store)  # no ETag was recorded: the feed is read in full, the entries stored again
    assert (again.new, store.count()) == (0, 3)
    assert status(store, "Вестник").feeds[0].etag == '"v"'
    assert round_(store).bodies == 0


def test_fetch_round_same_article_in_two_outlets(
    store: Store, news_server: NewsServer, pipeline: Pipeline
) -> None:
    title, body = story(5)
    for path, outlet in (("/a.xml", "Вестник"), ("/b.xml", "Курьер")):
        items = [{"title": title, "link": news_server.url(f"{path}/news/5"), "content": body}]
        news_server.routes[path] = Route(rss(outlet, items).encode())
        follow(store, news_server, outlet, path)
    report = round_(store, pipeline)
    assert (report.new, report.reprints, report.analysed) == (1, 1, 1)
    [article] = list(store.articles())
    outlets = {p.outlet for p in store.publications([article.id])[article.id]}
    assert outlets == {"Вестник", "Курьер"}
    assert store.doc(article.id) is not None


def test_fetch_round_page_gone_keeps_summary_page_down_is_retried(
    store: Store, news_server: NewsServer
) -> None:
    gone_title, _ = story(8)
    down_title, down_body = story(9)
    news_server.routes["/news/9"] = Route(status=503)  # /news/8 is not served at all: 404
    items = [
        {"title": gone_title, "link": news_server.url("/news/8"), "summary": "Мост в Светлогорске закрыли."},
        {"title": down_title, "link": news_server.url("/news/9"), "summary": "Ещё один мост."},
    ]
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode(), etag='"e"')
    follow(store, news_server, "Вестник", "/rss.xml")
    first = round_(store)
    assert first.new == 1 and [a.body for a in store.articles()] == ["Мост в Светлогорске закрыли."]
    assert "HTTP 503" in status(store, "Вестник").last_error
    assert status(store, "Вестник").feeds[0].etag == ""  # an entry to retry: the feed is read again
    news_server.routes["/news/9"] = Route(page(down_title, down_body))
    second = round_(store)
    assert (second.new, second.errors) == (1, 0)
    assert news_server.hits("/news/8") == 1 and news_server.hits("/news/9") == 2
    assert status(store, "Вестник").feeds[0].etag == '"e"'


def test_fetch_round_public_feed_never_leads_into_the_local_network(
    store: Store, news_server: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The feed's host 127.0.0.1 is taken for a public one; its entry's link is on localhost.
    real = urls.host_kind
    monkeypatch.setattr(urls, "host_kind", lambda host: "public" if host == "127.0.0.1" else real(host))
    news_server.routes["/internal/1"] = Route(page(*story(1)))
    link = f"http://localhost:{news_server.port}/internal/1"
    items = [{"title": story(1)[0], "link": link, "summary": "Коротко о мосте."}]
    news_server.routes["/rss.xml"] = Route(rss("Вестник", items).encode())
    follow(store, news_server, "Вестник", "/rss.xml")
    assert round_(store).new == 1
    assert news_server.hits("/internal/1") == 0
    assert [a.body for a in store.articles()] == ["Коротко о мосте."]


def sitemap(server: NewsServer, numbers: list[int]) -> bytes:
    urls = "".join(
        f"<url><loc>{server.url(f'/news/{n}')}</loc><news:news><news:publication><news:name>Вестник"
        "</news:name><news:language>ru</news:language></news:publication>"
        "<news:publication_date>2026-11-29T10:00:00+03:00</news:publication_date>"
        f"<news:title>{escape(story(n)[0])}</news:title></news:news></url>"
        for n in numbers
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def test_fetch_round_news_sitemap_pages_read(store: Store, news_server: NewsServer) -> None:
    for number in (20, 21):
        news_server.routes[f"/news/{number}"] = Route(page(*story(number)))
    news_server.routes["/news-sitemap.xml"] = Route(sitemap(news_server, [20, 21]), etag='"s"')
    store.add_sources([SourceSpec("Вестник", (), (), (news_server.url("/news-sitemap.xml"),))])
    report = round_(store)
    assert report.new == 2 and report.results[0].pages == 2 and report.errors == 0
    published = {a.published.isoformat() if a.published else None for a in store.articles()}
    assert published == {"2026-11-29T07:00:00+00:00"}  # the pages give none: the sitemap's date
    assert {f.kind for f in status(store, "Вестник").feeds} == {"sitemap"}
    assert round_(store).bodies == 0  # the news sitemap answers 304


def index(children: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<sitemap><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
        + "</sitemap>"
        for loc, lastmod in children
    )
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</sitemapindex>"
    ).encode()


def test_fetch_round_sitemap_index_children_read_with_their_own_validators(
    store: Store, news_server: NewsServer
) -> None:
    for number in (30, 31, 32, 33):
        news_server.routes[f"/news/{number}"] = Route(page(*story(number)))
    news_server.routes["/a.xml"] = Route(sitemap(news_server, [30, 31]), etag='"a"')
    news_server.routes["/b.xml"] = Route(sitemap(news_server, [32]), etag='"b"')
    news_server.routes["/old.xml"] = Route(sitemap(news_server, [33]))
    nested = news_server.url("/nested.xml")
    news_server.routes["/nested.xml"] = Route(index([(news_server.url("/b.xml"), "")]))
    today = datetime.now(UTC).isoformat(timespec="seconds")
    children = [
        (news_server.url("/a.xml"), today),
        (news_server.url("/b.xml"), ""),  # undated: read
        (news_server.url("/old.xml"), "2020-01-01"),  # not modified for years: not read
        ("http://169.254.169.254/latest/meta-data/", today),  # refused unasked
        (nested, today),  # an index in an index: one level only
    ]
    news_server.routes["/index.xml"] = Route(index(children), etag='"i"')
    store.add_sources([SourceSpec("Вестник", (), (), (news_server.url("/index.xml"),))])
    first = round_(store)
    assert first.new == 3 and first.results[0].pages == 3
    errors = " ".join(first.results[0].errors)
    assert "169.254.169.254" in errors and "never fetched" in errors
    assert "one level only" in errors
    assert news_server.hits("/old.xml") == 0 and news_server.hits("/news/33") == 0
    followed = status(store, "Вестник")
    assert {f.url: f.etag for f in followed.children} == {
        news_server.url("/a.xml"): '"a"',
        news_server.url("/b.xml"): '"b"',
    }
    assert [f.kind for f in followed.feeds] == ["sitemap"]  # children are not listed as feeds
    second = round_(store)  # the index answers 304: each child is asked with its own ETag
    assert (second.new, second.bodies) == (0, 0)
    assert news_server.hits("/a.xml") == news_server.hits("/b.xml") == 2
    asked = [headers.get("if-none-match") for path, headers in news_server.log if path == "/a.xml"]
    assert asked == [None, '"a"']
    news_server.routes["/index.xml"] = Route(index([(news_server.url("/b.xml"), "")]), etag='"i2"')
    round_(store)  # the index no longer lists /a.xml: its validators are forgotten
    assert [f.url for f in status(store, "Вестник").children] == [news_server.url("/b.xml")]


def seen_in_store(store: Store) -> set[str]:
    from sqlalchemy import select

    from newsprism.store import schema

    with store.engine.connect() as connection:  # type: ignore[attr-defined]
        return set(connection.execute(select(schema.seen_urls.c.url)).scalars())


def test_fetch_round_seen_urls_pruned_but_never_those_still_listed(
    store: Store, news_server: NewsServer
) -> None:
    follow(store, news_server, "Вестник", "/rss.xml")
    start = datetime.now(UTC)

    def at(days: int) -> RoundReport:
        with Fetcher(SETTINGS) as fetcher:
            later = start + timedelta(days=days)
            return fetch_round(store, fetcher, None, everything=True, now=later, keep_seen=timedelta(days=30))

    full_feed(news_server, "/rss.xml", range(3))
    assert at(0).new == 3
    full_feed(news_server, "/rss.xml", range(1, 4))  # entry 0 leaves the feed, 3 comes
    assert at(10).new == 1
    assert seen_in_store(store) == {news_server.url(f"/news/{n}") for n in range(4)}  # 0: not 30 days
    assert at(40).new == 0  # 1 and 2 were first seen 40 days ago: still listed, so not again
    assert seen_in_store(store) == {news_server.url(f"/news/{n}") for n in range(1, 4)}
    assert at(100).new == 0
    assert news_server.hits("/rss.xml") == 4 and all(news_server.hits(f"/news/{n}") == 0 for n in range(4))


def test_fetch_round_seen_urls_kept_while_a_feed_answers_304(store: Store, news_server: NewsServer) -> None:
    follow(store, news_server, "Вестник", "/rss.xml")
    full_feed(news_server, "/rss.xml", range(2), etag='"one"')
    with Fetcher(SETTINGS) as fetcher:
        assert fetch_round(store, fetcher, None, everything=True).new == 2
    with Fetcher(SETTINGS) as fetcher:  # 304: what the feed lists is unknown, nothing is forgotten
        later = datetime.now(UTC) + timedelta(days=90)
        assert fetch_round(store, fetcher, None, everything=True, now=later).bodies == 0
    assert len(seen_in_store(store)) == 2
