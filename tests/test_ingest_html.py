from datetime import UTC, datetime
from pathlib import Path

from newsprism.ingest import IngestError, Source, read_source
from newsprism.ingest.html import NO_TITLE, NOTHING_EXTRACTED, read_html
from newsprism.model import Article, Origin

PARAGRAPHS = """
<p>Ремонт моста через реку Сось закончат к октябрю.</p>
<p>Об этом сообщил глава района Пётр Сидоров на встрече с жителями. По его словам, подрядчик уже
заменил опоры и приступил к укладке нового полотна.</p>
<p>Движение по мосту закрыто с весны. Жителям приходится объезжать реку через соседний посёлок,
что занимает лишний час.</p>
"""

PAGE = f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Мост через Сось откроют осенью — Вестник Заречья</title>
<meta property="og:title" content="Мост через Сось откроют осенью">
<meta property="og:site_name" content="Вестник Заречья">
<meta property="og:url" content="https://www.vestnik.example/news/most">
<meta name="description" content="Ремонт моста через реку Сось закончат к октябрю.">
<meta property="article:published_time" content="2024-03-01T12:30:00+03:00">
</head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a> <a href="/sport">Спорт</a></nav>
<article><h1>Мост через Сось откроют осенью</h1>{PARAGRAPHS}</article>
<footer>© Вестник Заречья, 2024. Все права защищены.</footer>
</body></html>"""

BARE_PAGE = f"""<html><head><title>Школу в Заречье достроят к лету</title>
<link rel="canonical" href="https://www.zarechye.example/school"></head>
<body><div class="content">{PARAGRAPHS}</div></body></html>"""


def test_html_page() -> None:
    (article,) = read_html(PAGE, "page.html")
    assert isinstance(article, Article)
    assert article.title == "Мост через Сось откроют осенью"
    assert article.lead == "Ремонт моста через реку Сось закончат к октябрю."
    assert article.body.startswith("Об этом сообщил глава района Пётр Сидоров")
    assert article.body.endswith("что занимает лишний час.")
    assert article.body.count("\n\n") == 1
    assert "Главная" not in article.text
    assert "Все права защищены" not in article.text
    assert article.url == "https://www.vestnik.example/news/most"
    assert article.outlet == "Вестник Заречья"
    assert article.published == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert article.language == "ru"
    assert article.origin == Origin("page.html")


def test_html_outlet_falls_back_to_the_host() -> None:
    (article,) = read_html(BARE_PAGE, "page.html")
    assert isinstance(article, Article)
    assert article.title == "Школу в Заречье достроят к лету"
    assert article.url == "https://www.zarechye.example/school"
    assert article.outlet == "zarechye.example"
    assert article.body.startswith("Ремонт моста через реку Сось")


def test_html_without_text_is_an_error() -> None:
    page = "<html><head><title>Заглушка</title></head><body><script>var a = 1;</script></body></html>"
    assert list(read_html(page, "stub.html")) == [IngestError("stub.html", None, NOTHING_EXTRACTED)]


def test_html_without_title_is_an_error() -> None:
    page = f"<html><body>{PARAGRAPHS}</body></html>"
    (error,) = read_html(page, "untitled.html")
    assert error == IngestError("untitled.html", None, NO_TITLE)


def test_html_sniffed_without_extension_in_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_bytes(PAGE.replace('<meta charset="utf-8">', "").encode("cp1251"))
    (article,) = read_source(Source(str(path)))
    assert isinstance(article, Article)
    assert article.title == "Мост через Сось откроют осенью"
