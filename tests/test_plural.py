import pytest

from newsprism.present.plural import category, count, en

RU = {"one": "статья", "few": "статьи", "many": "статей", "other": "статьи"}


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 статей"),
        (1, "1 статья"),
        (2, "2 статьи"),
        (4, "4 статьи"),
        (5, "5 статей"),
        (11, "11 статей"),
        (12, "12 статей"),
        (21, "21 статья"),
        (22, "22 статьи"),
        (25, "25 статей"),
        (101, "101 статья"),
        (111, "111 статей"),
    ],
)
def test_plural_russian_counts(n: int, expected: str) -> None:
    assert count(n, RU, "ru") == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 articles"), (1, "1 article"), (2, "2 articles"), (21, "21 articles")]
)
def test_plural_english_counts(n: int, expected: str) -> None:
    assert count(n, {"one": "article", "other": "articles"}) == expected


def test_plural_english_helper_takes_irregular_plurals() -> None:
    assert [en(n, "story", "stories") for n in (1, 2)] == ["1 story", "2 stories"]
    assert en(1, "outlet") == "1 outlet" and en(3, "outlet") == "3 outlets"


def test_plural_missing_category_falls_back_to_other() -> None:
    assert category(5, "ru") == "many"
    assert count(5, {"one": "статья", "other": "статьи"}, "ru") == "5 статьи"
