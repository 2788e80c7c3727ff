from pathlib import Path

import pytest

from newsprism.ingest import IngestError, Source, read_source
from newsprism.ingest.text import NO_BODY, parse_text, read_text
from newsprism.model import Article, Origin

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

WITH_SOURCE = """Мост через Сось откроют осенью: подробности

Глава района назвал сроки окончания ремонта

Источник: Вестник Заречья

Ремонт моста через реку Сось закончат к октябрю, сообщил глава района Пётр Сидоров.

Подрядчик уже заменил опоры и приступил к укладке нового полотна.
"""

WITH_HEADING = """Жители Заречья третий месяц объезжают реку

Ремонт моста затянулся. Подрядчик ссылается на задержки поставок металла.

Что известно о ремонте

Работы начались в марте и должны были закончиться к июню.
"""


def read_one(text: str, file: str = "article.txt") -> Article:
    (article,) = read_text(text, file)
    assert isinstance(article, Article)
    return article


def test_text_with_source_line() -> None:
    article = read_one(WITH_SOURCE)
    assert article.title == "Мост через Сось откроют осенью: подробности"
    assert article.lead == "Глава района назвал сроки окончания ремонта"
    assert article.outlet == "Вестник Заречья"
    assert article.body == (
        "Ремонт моста через реку Сось закончат к октябрю, сообщил глава района Пётр Сидоров.\n\n"
        "Подрядчик уже заменил опоры и приступил к укладке нового полотна."
    )
    assert "Источник" not in article.text
    assert article.language == "ru"
    assert article.origin == Origin("article.txt")
    assert parse_text(WITH_SOURCE).lead_rule == "lead_before_source"


def test_text_english_source_label() -> None:
    article = read_one(WITH_SOURCE.replace("Источник:", "Source:"))
    assert article.outlet == "Вестник Заречья"
    assert "Source:" not in article.text


def test_text_source_line_glued_to_the_lead() -> None:
    text = WITH_SOURCE.replace("ремонта\n\nИсточник", "ремонта\nИсточник")
    assert read_one(text) == read_one(WITH_SOURCE)


def test_text_without_source_has_no_outlet_and_long_first_paragraph_is_body() -> None:
    article = read_one(WITH_HEADING)
    assert article.outlet is None
    assert article.lead == ""
    assert article.body.startswith("Ремонт моста затянулся. Подрядчик")
    assert "\n\nЧто известно о ремонте\n\n" in article.body
    assert parse_text(WITH_HEADING).lead_rule is None


def test_text_short_single_sentence_becomes_the_lead() -> None:
    text = "В Заречье открыли школу\n\nШкола рассчитана на 500 учеников.\n\nСтроили её два года."
    parsed = parse_text(text)
    assert parsed.lead == "Школа рассчитана на 500 учеников."
    assert parsed.body == "Строили её два года."
    assert parsed.lead_rule == "lead_short_sentence"


def test_text_single_paragraph_is_body_not_lead() -> None:
    article = read_one("В Заречье открыли школу\n\nШкола рассчитана на 500 учеников.")
    assert article.lead == ""
    assert article.body == "Школа рассчитана на 500 учеников."


def test_text_source_line_far_down_stays_in_body() -> None:
    text = WITH_HEADING + "\nИсточник: пресс-служба администрации района\n"
    article = read_one(text)
    assert article.outlet is None
    assert article.body.endswith("Источник: пресс-служба администрации района")


def test_text_keeps_lines_and_normalises_crlf_and_trailing_spaces() -> None:
    text = (
        "Заголовок  \r\n\r\nПервая строка абзаца   \r\nвторая строка абзаца\r\n\r\n\r\n\r\nЕщё абзац.  \r\n"
    )
    article = read_one(text)
    assert article.title == "Заголовок"
    assert article.body == "Первая строка абзаца\nвторая строка абзаца\n\nЕщё абзац."


def test_text_markdown_title_mark_is_dropped_and_a_heading_is_not_a_lead() -> None:
    article = read_one("# Мост открыт\n\n## Подробности\n\nДвижение пустили в пятницу.")
    assert article.title == "Мост открыт"
    assert article.lead == ""
    assert article.body == "## Подробности\n\nДвижение пустили в пятницу."


def test_text_two_sentences_are_not_a_lead() -> None:
    parsed = parse_text("Мост открыт\n\nДвижение пустили. Автобусы пойдут завтра.\n\nПодробности позже.")
    assert parsed.lead == ""
    assert parsed.body.startswith("Движение пустили. Автобусы")


@pytest.mark.parametrize("text", ["Только заголовок\n", "\n\nЗаголовок\n\nИсточник: Вестник Заречья\n"])
def test_text_without_body_is_an_error(text: str) -> None:
    assert list(read_text(text, "a.txt")) == [IngestError("a.txt", None, NO_BODY)]


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found: the sample articles live beside the repo")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_seed_000_has_outlet_lead_and_no_source_line_in_body() -> None:
    (article,) = read_source(Source(str(seed("000"))))
    assert isinstance(article, Article)
    assert article.outlet == "Комсомольская правда"
    assert article.title.startswith("Макрон хочет позвонить Путину")
    assert article.lead.startswith("Макрон намерен провести переговоры")
    assert "Источник" not in article.body
    assert "Комсомольская правда" not in article.body
    assert article.body.startswith("Президент Франции Эммануэль Макрон")
    assert article.language == "ru"


def test_seed_001_has_no_outlet_and_keeps_its_sub_heading() -> None:
    (article,) = read_source(Source(str(seed("001"))))
    assert isinstance(article, Article)
    assert article.outlet is None
    assert article.title.startswith("Президент Франции признал")
    assert article.lead == ""
    assert "\n\nКоалиция желающих: что надо знать\n\n" in article.body
