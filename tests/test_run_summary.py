import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import EXIT_OK, app

runner = CliRunner()


def write_batch(path: Path, count: int) -> Path:
    """`count` articles from two outlets: pairs tell the same story, one from each outlet."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            town, said = f"Город{n // 2}", "заявил" if n % 2 else "сказал"
            record = {
                "title": f"Мэр открыл мост номер {n // 2} в городе {town}",
                "text": f"Мэр {town} Игорь Лапин во вторник открыл мост номер {n // 2} через реку. "
                f"Строительство обошлось в {100 + n} млн рублей, {said} Лапин журналистам.",
                "outlet": "Курьер" if n % 2 else "Вестник",
                "published": "2026-03-03T10:00:00+00:00",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.slow
def test_run_summary_big_batch_prints_summary_not_articles(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch.jsonl", 20)
    result = runner.invoke(app, ["analyze", str(batch), "--db", str(tmp_path / "s.db"), "--no-report"])
    assert result.exit_code == EXIT_OK, result.output
    out = result.stdout
    assert "articles: 20 articles (20 new, 0 already stored), from 2 outlets" in out
    stories = [line for line in out.splitlines() if line.startswith("stories: ")]
    assert len(stories) == 1 and "told by 2+ outlets" in stories[0]
    assert "errors: 0" in out
    assert "disagreements: " in out and "disagreements: 0 figure" not in out  # 100 to 119 mln rubles
    assert "Вестник — " not in out and "Курьер — " not in out  # no per-article header
    # the same batch again: already stored, and --articles lists every article
    again = runner.invoke(
        app, ["analyze", str(batch), "--db", str(tmp_path / "s.db"), "--no-report", "--articles"]
    )
    assert again.exit_code == EXIT_OK, again.output
    headers = [line for line in again.stdout.splitlines() if " — Мэр открыл мост" in line]
    assert len(headers) == 20
    assert "articles: 20 articles (0 new, 20 already stored), from 2 outlets" in again.stdout


def test_run_summary_small_batch_keeps_full_output_and_json_has_no_summary(tmp_path: Path) -> None:
    batch = write_batch(tmp_path / "batch.jsonl", 3)
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["analyze", str(batch), "--db", db, "--no-report"])
    assert result.exit_code == EXIT_OK, result.output
    assert len([line for line in result.stdout.splitlines() if " — Мэр открыл мост" in line]) == 3
    assert "articles: 3 articles (3 new, 0 already stored), from 2 outlets" in result.stdout
    as_json = runner.invoke(app, ["analyze", str(batch), "--db", db, "--no-report", "--json"])
    assert as_json.exit_code == EXIT_OK
    assert [json.loads(line)["outlet"] for line in as_json.stdout.splitlines()] == [
        "Вестник",
        "Курьер",
        "Вестник",
    ]


TOPICS = [
    ("Сборная выиграла матч", "Сборная России по хоккею обыграла Финляндию со счётом 3:1 в Москве."),
    ("Банк повысил ставку", "Центральный банк повысил ключевую ставку до 23% годовых."),
    ("Открылся новый театр", "В Казани открылся драматический театр на тысячу мест."),
    ("Учёные нашли звезду", "Астрономы Пулковской обсерватории открыли сверхновую звезду."),
    ("Шторм в Приморье", "Тайфун обрушился на Владивосток, без света остались 20 тысяч домов."),
    ("Выборы губернатора", "В Тверской области назначили выборы губернатора на сентябрь."),
    ("Запуск ракеты", "С космодрома Восточный стартовала ракета «Союз» со спутниками связи."),
    ("Цены на бензин", "Бензин марки АИ-95 подорожал на бирже на 4% за неделю."),
    ("Фестиваль кино", "В Сочи начался кинофестиваль «Кинотавр», покажут 14 фильмов."),
    ("Авария на трассе", "На трассе М-4 под Воронежем столкнулись три грузовика."),
    ("Рекорд урожая", "Аграрии Кубани собрали рекордный урожай пшеницы — 12 млн тонн."),
    ("Новая вакцина", "Институт Гамалеи зарегистрировал вакцину от гриппа нового типа."),
]


@pytest.mark.slow
def test_run_summary_big_batch_table_shows_the_top_ten_stories(tmp_path: Path) -> None:
    batch = tmp_path / "topics.jsonl"
    lines = [json.dumps({"title": t, "text": x, "outlet": "Вестник"}, ensure_ascii=False) for t, x in TOPICS]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(batch), "--db", str(tmp_path / "s.db"), "--no-report"])
    assert result.exit_code == EXIT_OK, result.output
    table_rows = [line for line in result.stdout.splitlines() if line.startswith("│ ") and "event" in line]
    assert len(table_rows) == 10, result.stdout
    assert "the top 10 of 12 stories; --articles for all" in result.stdout
    assert "stories: 12 events, 0 storylines; 0 told by 2+ outlets" in result.stdout
    assert "biggest stories across outlets" not in result.stdout  # one outlet: none across outlets
