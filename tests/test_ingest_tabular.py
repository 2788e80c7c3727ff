import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsprism.ingest import IngestError, Source, read_source
from newsprism.ingest.tabular import read_csv, read_jsonl
from newsprism.model import Article, Origin

SCHOOL = {
    "title": "В Заречье открыли школу",
    "lead": "Первые ученики придут в сентябре.",
    "text": "Школа рассчитана на 500 учеников.\n\nСтроили её два года.",
    "url": "https://www.vestnik.example/news/school",
    "published": "2024-03-01T12:30:00+03:00",
}
BRIDGE = {
    "title": "Мост через Сось откроют осенью",
    "body": "Ремонт закончат к октябрю.",
    "outlet": "Вестник",
}


def jsonl(*records: Any) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def split(items: Any) -> tuple[list[Article], list[IngestError]]:
    items = list(items)
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def test_jsonl_fields() -> None:
    (article,) = read_jsonl(jsonl(SCHOOL), "news.jsonl")
    assert isinstance(article, Article)
    assert article.title == "В Заречье открыли школу"
    assert article.lead == "Первые ученики придут в сентябре."
    assert article.body == "Школа рассчитана на 500 учеников.\n\nСтроили её два года."
    assert article.url == "https://www.vestnik.example/news/school"
    assert article.outlet == "vestnik.example"  # no outlet field: the URL's host without www.
    assert article.published == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert article.language == "ru"
    assert article.origin == Origin("news.jsonl", 1)


def test_jsonl_malformed_line_among_good_ones() -> None:
    text = jsonl(SCHOOL, '{"title": "Обрыв", "text": ', "", BRIDGE)
    articles, errors = split(read_jsonl(text, "news.jsonl"))
    assert [(a.title, a.origin) for a in articles] == [
        ("В Заречье открыли школу", Origin("news.jsonl", 1)),
        ("Мост через Сось откроют осенью", Origin("news.jsonl", 4)),
    ]
    assert articles[1].body == "Ремонт закончат к октябрю."  # `body` accepted for `text`
    assert articles[1].outlet == "Вестник"
    assert errors == [IngestError("news.jsonl", 2, "malformed JSON: Expecting value (column 28)")]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": "Текст без заголовка."}, "missing field 'title'"),
        (
            {"title": "Заголовок без текста", "text": "  "},
            "missing field 'text' (or 'body'): the article text",
        ),
        ({"title": "Число", "text": 42}, "field 'text' must be a string, not int"),
        (["title", "text"], "expected an object with 'title' and 'text', got a JSON list"),
        (
            {"title": "Дата", "text": "Текст.", "published": "в прошлый вторник"},
            "cannot parse field 'published': 'в прошлый вторник'; use ISO 8601",
        ),
    ],
)
def test_jsonl_bad_record_names_the_problem(record: Any, reason: str) -> None:
    articles, errors = split(read_jsonl(jsonl(BRIDGE, record), "news.jsonl"))
    assert len(articles) == 1
    (error,) = errors
    assert error.line == 2
    assert error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01T12:30:00Z", datetime(2024, 3, 1, 12, 30, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 12:30:00 +0300", datetime(2024, 3, 1, 9, 30, tzinfo=UTC)),
    ],
)
def test_jsonl_published_formats(value: str, expected: datetime) -> None:
    (article,) = read_jsonl(jsonl({**BRIDGE, "published": value}), "news.jsonl")
    assert isinstance(article, Article)
    assert article.published == expected


def test_jsonl_language_field_and_guess() -> None:
    english = {"title": "Bridge opens in autumn", "text": "Repairs will end in October."}
    records = [{**BRIDGE, "language": "ru-RU"}, english, {"title": "2024", "text": "12 345"}]
    articles, errors = split(read_jsonl(jsonl(*records), "news.jsonl"))
    assert errors == []
    assert [article.language for article in articles] == ["ru", "en", "und"]


def test_json_array_file_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps([SCHOOL, BRIDGE], ensure_ascii=False, indent=2), encoding="utf-8")
    articles, errors = split(read_source(Source(str(path))))
    assert errors == []
    assert [article.origin for article in articles] == [Origin(str(path), 2), Origin(str(path), 9)]


def test_json_single_pretty_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text("\n" + json.dumps(BRIDGE, ensure_ascii=False, indent=2), encoding="utf-8")
    (article,) = read_source(Source(str(path)))
    assert isinstance(article, Article)
    assert article.origin == Origin(str(path), 2)


def test_json_array_broken_midway_keeps_earlier_items() -> None:
    text = "[\n" + json.dumps(BRIDGE, ensure_ascii=False) + ",\n{oops}\n]"
    articles, errors = split(read_jsonl(text, "news.json"))
    assert len(articles) == 1
    assert [(error.line, error.reason.split(":")[0]) for error in errors] == [(3, "malformed JSON")]


def test_csv_fields_and_multiline_cells() -> None:
    text = (
        "title,text,url,published\r\n"
        'В Заречье открыли школу,"Школа рассчитана на 500 учеников.\r\n\r\nСтроили её два года.",'
        "https://vestnik.example/s,2024-03-01\r\n"
        "Мост через Сось откроют осенью,Ремонт закончат к октябрю.,,\r\n"
    )
    articles, errors = split(read_csv(text, "news.csv"))
    assert errors == []
    assert [article.origin for article in articles] == [Origin("news.csv", 2), Origin("news.csv", 5)]
    assert articles[0].body == "Школа рассчитана на 500 учеников.\n\nСтроили её два года."
    assert articles[0].outlet == "vestnik.example"
    assert articles[1].url is None
    assert articles[1].outlet is None


def test_csv_semicolons_body_column_and_bad_rows() -> None:
    text = (
        "Title;Body;Published\n"
        "Мост через Сось откроют осенью;Ремонт закончат к октябрю.;\n"
        ";Текст без заголовка.;\n"
        "Дата;Текст.;31.02.2024\n"
    )
    articles, errors = split(read_csv(text, "news.csv"))
    assert [article.title for article in articles] == ["Мост через Сось откроют осенью"]
    assert [(error.line, error.reason.split(":")[0]) for error in errors] == [
        (3, "missing field 'title'"),
        (4, "cannot parse field 'published'"),
    ]


def test_csv_header_without_text_column() -> None:
    (error,) = read_csv("title,summary\nМост,Ремонт\n", "news.csv")
    assert error == IngestError(
        "news.csv", 1, "CSV header has no 'text' (or 'body') column; found: title, summary"
    )


def test_csv_long_cell_over_the_csv_module_default_limit() -> None:
    body = "Очень длинный текст. " * 10_000  # over 131,072 characters
    (article,) = read_csv(f"title,text\nДлинная статья,{body}\n", "news.csv")
    assert isinstance(article, Article)
    assert article.body == body.strip()
