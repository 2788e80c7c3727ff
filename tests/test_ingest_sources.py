import io
import json
from pathlib import Path
from typing import Any

import pytest

import newsprism.ingest
from newsprism.ingest import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    IngestError,
    Source,
    list_sources,
    read_paths,
    read_source,
)
from newsprism.ingest.sources import sniff_format
from newsprism.model import Article, Origin

ARTICLE = (
    "Мост через Сось откроют осенью\n\n"
    "Ремонт затянулся из-за поставок металла.\n\n"
    "Глава района пообещал, что к зиме по мосту пойдут автобусы."
)
RECORD = {"title": "В Заречье открыли школу", "text": "Школа рассчитана на 500 учеников."}


def split(items: Any) -> tuple[list[Article], list[IngestError]]:
    items = list(items)
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git" / "config.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "news.jsonl").write_text(
        json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (tmp_path / "sub" / "deeper" / "page.unknown").write_text(ARTICLE, encoding="koi8_r")
    return tmp_path


def test_public_api_is_complete() -> None:
    assert sorted(newsprism.ingest.__all__) == sorted(
        ["DEFAULT_MAX_BYTES", "FORMATS", "IngestError", "Source", "list_sources", "read_paths", "read_source"]
    )
    for name in newsprism.ingest.__all__:
        assert hasattr(newsprism.ingest, name)
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert FORMATS == ("text", "jsonl", "csv", "html", "feed")


def test_ingest_error_str() -> None:
    assert str(IngestError("news.jsonl", 7, "malformed JSON")) == "news.jsonl:7: malformed JSON"
    assert str(IngestError("-", None, "empty file")) == "-: empty file"


def test_list_sources_recurses_sorted_and_skips_hidden(tree: Path) -> None:
    sources, errors = list_sources([tree])
    assert errors == []
    assert sources == [
        Source(str(tree / "a.md"), "text"),
        Source(str(tree / "b.txt"), "text"),
        Source(str(tree / "sub" / "deeper" / "page.unknown"), None, "sub"),
        Source(str(tree / "sub" / "news.jsonl"), "jsonl", "sub"),
    ]


def test_an_article_naming_no_outlet_takes_its_first_folder_or_the_one_given(tree: Path) -> None:
    named = dict(RECORD, title="Школа с бассейном", outlet="Вестник Заречья")
    (tree / "sub" / "news.jsonl").write_text(
        "\n".join(json.dumps(record, ensure_ascii=False) for record in (RECORD, named)) + "\n",
        encoding="utf-8",
    )
    by_folder, errors = split(read_paths([tree]))
    assert errors == []
    # Files directly in the given directory name no outlet; those below take the first folder
    # ("sub", not "deeper"); an article's own outlet is never replaced.
    assert [article.outlet for article in by_folder] == [None, None, "sub", "sub", "Вестник Заречья"]
    sources, _ = list_sources([tree / "b.txt", tree, "-"], outlet="Курьер")
    assert {source.outlet for source in sources} == {"Курьер"}
    given, errors = split(item for source in sources[:-1] for item in read_source(source))
    assert errors == []
    assert [article.outlet for article in given] == [
        "Курьер",
        "Курьер",
        "Курьер",
        "Курьер",
        "Курьер",
        "Вестник Заречья",
    ]
    assert by_folder[2].id == given[3].id  # the outlet is not part of an article's identity


def test_list_sources_missing_path_is_an_error(tree: Path) -> None:
    missing = tree / "nope.txt"
    sources, errors = list_sources([str(tree / "b.txt"), missing, "-"])
    assert sources == [Source(str(tree / "b.txt"), "text"), Source("-", None)]
    assert all(source.outlet is None for source in sources)
    assert errors == [IngestError(str(missing), None, "no such file or directory")]


def test_list_sources_survives_a_symlink_loop(tree: Path) -> None:
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    sources, errors = list_sources([tree])
    assert errors == []
    assert len(sources) == 4


def test_read_paths_reads_every_format_in_a_tree(tree: Path) -> None:
    articles, errors = split(read_paths([tree, tree / "missing.csv"]))
    assert [str(error) for error in errors] == [f"{tree / 'missing.csv'}: no such file or directory"]
    assert [article.title for article in articles] == [
        "Мост через Сось откроют осенью",
        "Мост через Сось откроют осенью",
        "Мост через Сось откроют осенью",  # koi8-r, format sniffed
        "В Заречье открыли школу",
    ]
    assert articles[3].origin == Origin(str(tree / "sub" / "news.jsonl"), 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8_r"])
def test_read_source_decodes_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    articles, errors = split(read_source(Source(str(path))))
    assert errors == []
    assert articles[0].title == "Мост через Сось откроют осенью"
    assert articles[0].body.endswith("пойдут автобусы.")


def test_read_source_rejects_a_100_mb_file_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written

    def refuse_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", refuse_open)
    errors = list(read_source(Source(str(path))))
    reason = "file too large: 100.0 MB > limit 50.0 MB; split it or raise --max-file-size"
    assert errors == [IngestError(str(path), None, reason)]


def test_read_source_honours_a_smaller_limit(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (error,) = read_source(Source(str(path)), max_bytes=100)
    assert isinstance(error, IngestError)
    assert (
        error.reason
        == f"file too large: {path.stat().st_size} bytes > limit 100 bytes; split it or raise --max-file-size"
    )


def test_read_source_binary_empty_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n   \n")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    articles, errors = split(read_paths([tmp_path]))
    assert [article.title for article in articles] == ["Мост через Сось откроют осенью"]
    reasons = {Path(error.file).name: error.reason.split(";")[0].split(":")[0] for error in errors}
    assert reasons == {
        "image.txt": "binary file (not text)",
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "garbage.txt": "cannot decode",
    }


def test_read_source_directory_given_as_a_file(tmp_path: Path) -> None:
    (error,) = read_source(Source(str(tmp_path), "text"))
    assert isinstance(error, IngestError)
    assert error.reason.startswith("is a directory")


def test_read_source_unreadable_file(tmp_path: Path) -> None:
    # Tests run as root, for whom permissions deny nothing: a dangling symlink is a real OSError.
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "deleted-target.txt")
    assert list(read_source(Source(str(path)))) == [
        IngestError(str(path), None, "cannot read: No such file or directory")
    ]


def test_read_source_stdin() -> None:
    stdin = io.BytesIO(ARTICLE.encode("cp1251"))
    (article,) = read_source(Source("-"), stdin=stdin)
    assert isinstance(article, Article)
    assert article.title == "Мост через Сось откроют осенью"
    assert article.origin == Origin("-")


def test_read_paths_stdin_jsonl_is_sniffed() -> None:
    lines = [json.dumps(RECORD, ensure_ascii=False), "{broken"]
    stdin = io.BytesIO("\n".join(lines).encode("utf-8"))
    articles, errors = split(read_paths(["-"], stdin=stdin))
    assert [article.origin for article in articles] == [Origin("-", 1)]
    assert [(error.file, error.line) for error in errors] == [("-", 2)]


def test_read_source_stdin_over_the_limit() -> None:
    stdin = io.BytesIO(ARTICLE.encode("utf-8"))
    (error,) = read_source(Source("-"), stdin=stdin, max_bytes=10)
    assert isinstance(error, IngestError)
    assert error.file == "-"
    assert error.reason == "input too large: over the limit of 10 bytes; split it or raise --max-file-size"


def test_read_source_extension_wins_over_content(tmp_path: Path) -> None:
    path = tmp_path / "braces.txt"
    path.write_text("{Заголовок в скобках}\n\nТекст статьи о скобках.", encoding="utf-8")
    (article,) = read_source(Source(str(path)))
    assert isinstance(article, Article)
    assert article.title == "{Заголовок в скобках}"


def test_read_source_given_format_wins_over_extension(tmp_path: Path) -> None:
    path = tmp_path / "records.txt"
    path.write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
    (article,) = read_source(Source(str(path), "jsonl"))
    assert isinstance(article, Article)
    assert article.title == "В Заречье открыли школу"


def test_read_source_unknown_format(tmp_path: Path) -> None:
    (error,) = read_source(Source(str(tmp_path / "a.pdf"), "pdf"))
    assert isinstance(error, IngestError)
    assert error.reason == "unknown format 'pdf'; use one of text, jsonl, csv, html, feed"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ('{"title": "Мост"}', "jsonl"),
        ('\n  [\n {"title": "Мост"}]', "jsonl"),
        ("[Обновлено] Мост открыт", "text"),
        ('<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("<!DOCTYPE html>\n<html lang='ru'>", "html"),
        ('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html>', "html"),
        ("<HTML><body>", "html"),
        ("Мост откроют осенью", "text"),
    ],
)
def test_sniff_format(start: str, expected: str) -> None:
    assert sniff_format(start) == expected
