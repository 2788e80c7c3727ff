import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import EXIT_FAILURE, EXIT_INPUT_ERRORS, EXIT_OK, app
from newsprism.store import open_store

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

ARTICLE = """Мэр Заречинска открыл новый мост

Источник: Заречинский курьер

Мэр Заречинска Игорь Лапин во вторник открыл движение по новому мосту через реку Зарю.

«Мост строили три года», — сказал Лапин журналистам.
"""


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{n:04d}.txt"
        path.write_text(
            f"Новость номер {n}\n\nГубернатор Павел Шумилов посетил завод номер {n} в Заречинске. "
            f"Директор Елена Ланская показала ему цех {n}.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.slow
def test_cli_analyze_seeds_prints_outlets_titles_and_names(seeds_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(
        app, ["analyze", str(seeds_dir), "--db", str(tmp_path / "s.db"), "--report", str(report)]
    )
    assert result.exit_code == EXIT_OK, result.output
    lines = result.stdout.splitlines()
    headers = [line for line in lines if " — " in line and "[" in line]
    assert headers[0].startswith("Комсомольская правда — Макрон хочет позвонить Путину")
    assert headers[1].startswith("outlet unknown — Президент Франции признал")
    assert "Эммануэль Макрон" in result.stdout
    assert "Владимир Путин" in result.stdout
    html = report.read_text(encoding="utf-8")
    assert "Комсомольская правда" in html and 'class="e PER"' in html
    assert html.count('<section class="story"') == 3  # the storyline and its two events
    assert html.count('data-kind="storyline"') == 1 and '<nav class="index"' in html
    assert "2 files, 2 articles (2 new, 0 already stored), 2 analysed" in result.stderr


def test_cli_report_writes_one_story_and_rejects_unknown_ids(seeds_db: str, tmp_path: Path) -> None:
    db = seeds_db
    listed = runner.invoke(app, ["stories", "--db", db, "--kind", "storyline", "--json"])
    line = json.loads(listed.stdout.splitlines()[0])
    output = tmp_path / "story.html"
    result = runner.invoke(app, ["report", line["id"], "--db", db, "-o", str(output)])
    assert result.exit_code == EXIT_OK, result.output
    html = output.read_text(encoding="utf-8")
    assert html.count('<section class="story"') == 1 and f'data-story="{line["id"]}"' in html
    assert html.count('class="col ') == 2 and 'data-outlet="Комсомольская правда"' in html
    assert "около\xa050 стран-союзников" in html and "a change, not a contradiction" in html
    assert "<link" not in html and " src=" not in html  # self-contained: nothing to fetch

    missing = tmp_path / "missing.html"
    result = runner.invoke(app, ["report", "nosuchstory", "--db", db, "-o", str(missing)])
    assert result.exit_code == EXIT_FAILURE
    assert "no story 'nosuchstory'" in result.stderr
    assert not missing.exists()


def test_cli_analyze_json_offsets_point_into_article_text(seeds_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(seeds_dir), "--db", str(tmp_path / "s.db"), "--json", "--no-report"]
    )
    assert result.exit_code == EXIT_OK
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["outlet"] for r in records] == ["Комсомольская правда", None]
    for record in records:
        text = "\n\n".join(part for part in (record["title"], record["lead"], record["body"]) if part)
        assert record["entities"]
        for entity in record["entities"]:
            assert text[entity["start"] : entity["stop"]] == entity["text"]
    assert not (tmp_path / "newsprism-report.html").exists()


def test_cli_analyze_twice_stores_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", db, "--no-report"])
    second = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db", db, "--no-report"])
    assert first.exit_code == second.exit_code == EXIT_OK
    assert "1 new" in first.stderr and "1 analysed" in first.stderr
    assert "0 new, 1 already stored), 0 analysed" in second.stderr
    assert "Игорь Лапин" in second.stdout  # shown from the store
    store = open_store(db)
    assert store.count() == 1
    store.close()


def test_cli_bad_inputs_are_named_and_the_rest_lands(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    write_articles(folder, 3)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    good = {"title": "Банк повысил ставку", "text": "Центральный банк повысил ключевую ставку до 23%."}
    (folder / "lines.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n{broken json\n", encoding="utf-8"
    )
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["analyze", str(folder), "--db", db, "--no-report"])
    assert result.exit_code == EXIT_INPUT_ERRORS
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, result.stderr
    joined = "\n".join(errors)
    assert "binary.txt" in joined and "binary" in joined
    assert "empty.txt" in joined and "empty" in joined
    assert "garbage.txt" in joined
    assert "lines.jsonl:2" in joined
    assert "huge.txt" in joined and "too large" in joined
    assert "5 inputs failed in 5 files" in result.stderr
    store = open_store(db)
    assert store.count() == 4  # three text articles and the good JSON line
    store.close()


def test_cli_missing_path_and_bad_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == EXIT_INPUT_ERRORS
    assert "nope" in result.stderr
    (tmp_path / "bad.db").write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "bad.db")])
    assert result.exit_code == EXIT_FAILURE
    assert "bad.db" in result.stderr and "not a database" in result.stderr


def test_cli_ingest_stdin_then_articles(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    lines = "\n".join(
        json.dumps(
            {"title": f"Заголовок {n}", "text": f"Текст {n}.", "url": "https://www.zarya.example/n"},
            ensure_ascii=False,
        )
        for n in range(3)
    )
    result = runner.invoke(app, ["ingest", "-", "--db", db], input=lines)
    assert result.exit_code == EXIT_OK, result.stderr
    listed = runner.invoke(app, ["articles", "--db", db, "--json"])
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Заголовок 0", "Заголовок 1", "Заголовок 2"]
    assert {r["outlet"] for r in records} == {"zarya.example"}
    table = runner.invoke(app, ["articles", "--db", db, "--limit", "2"])
    assert "Заголовок 1" in table.stdout and "Заголовок 2" not in table.stdout
    assert "2 of 3 articles" in table.stderr


def test_cli_ingest_names_outlets_from_folders_or_the_outlet_option(tmp_path: Path) -> None:
    write_articles(tmp_path / "news" / "Заречинская правда", 2)
    (tmp_path / "news" / "own.txt").write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "news"), "--db", db])
    assert result.exit_code == EXIT_OK, result.stderr

    def outlets() -> dict[str, str | None]:
        listed = runner.invoke(app, ["articles", "--db", db, "--json"])
        return {r["title"]: r["outlet"] for r in map(json.loads, listed.stdout.splitlines())}

    assert outlets() == {
        "Новость номер 0": "Заречинская правда",
        "Новость номер 1": "Заречинская правда",
        "Мэр Заречинска открыл новый мост": "Заречинский курьер",  # its source line wins
    }
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"title": "Паводок отступил", "text": "Вода ушла."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(other), "--outlet", "Вечерний Заречинск", "--db", db])
    assert result.exit_code == EXIT_OK, result.stderr
    assert outlets()["Паводок отступил"] == "Вечерний Заречинск"


def test_cli_annotate_is_one_line_per_input(tmp_path: Path) -> None:
    text = "Министр Ирина Волкова прилетела в Линдхольм."
    lines = [
        json.dumps({"id": "a", "text": text}, ensure_ascii=False),
        "{oops",
        json.dumps({"id": 7, "text": ""}),
    ]
    result = runner.invoke(app, ["annotate"], input="\n".join(lines) + "\n")
    assert result.exit_code == EXIT_INPUT_ERRORS
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, 7]
    assert out[1]["line"] == 2 and "malformed JSON" in out[1]["error"]
    entity = next(e for e in out[0]["entities"] if e["type"] == "PER")
    assert text[entity["start"] : entity["stop"]] == entity["text"] == "Ирина Волкова"
    assert entity["normal"] == "Ирина Волкова"
    assert out[2]["entities"] == []


@pytest.mark.parametrize(
    "command",
    ["analyze", "ingest", "articles", "annotate", "entities", "classify", "sentiment", "stories", "story"],
)
def test_cli_every_command_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def check_store_consistent(db: Path) -> tuple[int, int]:
    """Every stored article has its analysis and entities, or the batch is absent altogether."""
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        analysed = connection.execute("SELECT count(*) FROM analyses").fetchone()[0]
        unanalysed = connection.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM analyses)"
        ).fetchone()[0]
        without_entities = connection.execute(
            "SELECT count(*) FROM analyses WHERE article_id NOT IN (SELECT article_id FROM entities)"
        ).fetchone()[0]
    assert unanalysed == 0
    assert without_entities == 0  # every test article names Шумилов
    return articles, analysed


@pytest.mark.slow
def test_cli_interrupted_batch_is_whole_and_rerun_completes(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 240)
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "newsprism", "analyze", str(tmp_path / "in"), "--db", str(db)]
    command += ["--no-report", "--batch-size", "8"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db) as connection:
                    stored = connection.execute("SELECT count(*) FROM analyses").fetchone()[0]
            except sqlite3.OperationalError:
                continue  # schema not created yet
            if stored >= 16:
                break
    assert process.poll() is None, "the run finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    articles, _analysed = check_store_consistent(db)
    assert 16 <= articles < 240
    assert articles % 8 == 0  # whole batches only
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{240 - articles} new, {articles} already stored), {240 - articles} analysed" in rerun.stderr
    assert check_store_consistent(db) == (240, 240)


def test_cli_entities_lists_canonical_names_with_aliases(seeds_db: str) -> None:
    db = seeds_db
    result = runner.invoke(app, ["entities", "--db", db, "--json", "--limit", "100"])
    assert result.exit_code == EXIT_OK
    records = {r["name"]: r for r in map(json.loads, result.stdout.splitlines())}
    macron = records["Эммануэль Макрон"]
    assert macron["articles"] == 2
    assert "французский лидер" in macron["aliases"]
    evidence = macron["aliases"]["французский лидер"][0]
    assert evidence["rule"] == "title_of_country"
    table = runner.invoke(app, ["entities", "--db", db, "--type", "ORG"])
    assert "Le Monde" in table.stdout and "Эммануэль Макрон" not in table.stdout


def test_cli_classify_answers_each_line() -> None:
    lines = [
        json.dumps(
            {"title": "Сборная выиграла матч", "text": "Нападающий забил гол, чемпионат продолжается."}
        ),
        json.dumps({"title": "без текста"}),
        json.dumps({"text": "Центральный банк повысил ключевую ставку, инфляция и рубль под давлением."}),
    ]
    result = runner.invoke(app, ["classify"], input="\n".join(lines) + "\n")
    assert result.exit_code == EXIT_INPUT_ERRORS
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["category"] == "sports"
    assert out[1]["line"] == 2 and '"text"' in out[1]["error"]
    assert out[2]["category"] == "economy"


def test_cli_annotate_carries_every_layer(seeds_dir: Path) -> None:
    text = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8")
    result = runner.invoke(app, ["annotate"], input=json.dumps({"id": "s", "text": text}, ensure_ascii=False))
    assert result.exit_code == EXIT_OK
    record = json.loads(result.stdout)
    for layer in ("entities", "dates", "figures", "quotes", "evaluative"):
        assert record[layer], layer
        for item in record[layer]:
            assert text[item["start"] : item["stop"]] == item["text"]
    assert any(q["kind"] == "direct" and q["speaker"] == "Эммануэль Макрон" for q in record["quotes"])
    assert record["category"] in {
        "society",
        "economy",
        "technology",
        "sports",
        "entertainment",
        "science",
        "other",
    }


def test_cli_seeds_are_two_events_of_one_storyline(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--db", db, "--no-report"])
    assert result.exit_code == EXIT_OK
    assert "line ×2" in result.stdout  # the stories table: one storyline of two events
    listed = runner.invoke(app, ["stories", "--db", db, "--json"])
    stories = [json.loads(line) for line in listed.stdout.splitlines()]
    events = [s for s in stories if s["kind"] == "event"]
    lines = [s for s in stories if s["kind"] == "storyline"]
    assert len(events) == 2 and len(lines) == 1
    assert sorted(lines[0]["event_ids"]) == sorted(e["id"] for e in events)
    assert all(e["parent"] == lines[0]["id"] for e in events)
    # the seeds are undated: their texts prove bounds (not before March 2025, between November
    # 2025 and January 2026), which order the timeline but are no dates, so no story shows a range
    first, second = (next(e for e in events if e["id"] == i) for i in lines[0]["event_ids"])
    assert first["first"] == second["first"] == lines[0]["first"] == ""
    assert "undated" in result.stdout  # and the stories table says so
    shown = runner.invoke(app, ["story", lines[0]["id"], "--db", db])
    assert "Макрон хочет позвонить Путину" in shown.stdout and "Президент Франции признал" in shown.stdout
    missing = runner.invoke(app, ["story", "nope", "--db", db])
    assert missing.exit_code == EXIT_FAILURE and "no story" in missing.stderr


def test_cli_story_shows_the_comparison_and_its_json(seeds_db: str) -> None:
    db = seeds_db
    listed = [
        json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()
    ]
    line_id = next(s["id"] for s in listed if s["kind"] == "storyline")
    shown = runner.invoke(app, ["story", line_id, "--db", db], env={"COLUMNS": "160"})
    assert shown.exit_code == EXIT_OK
    text = " ".join(shown.stdout.split())
    for section in ("Common ground", "Figures that differ", "How each outlet names", "Who is quoted"):
        assert section in text
    assert (
        "Figures that differ" in text and "different times" in text
    )  # table cells wrap: the full wording is checked in the JSON
    assert "диктатор" in text and "Владимир Путин" in text and "source" in text
    as_json = runner.invoke(app, ["story", line_id, "--db", db, "--json"])
    data = json.loads(as_json.stdout)
    assert data["schema"] == 6 and data["story"]["id"] == line_id
    assert len(data["articles"]) == 2 and {a["event"] for a in data["articles"]} == set(
        data["story"]["event_ids"]
    )
    assert any(
        f["status"] == "different_times" and "not a contradiction" in f["note"] for f in data["figures"]
    )
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for fact in data["facts"]:
        for statement in fact["statements"]:
            assert texts[statement["article"]][statement["start"] : statement["stop"]] == statement["text"]


@pytest.mark.slow
def test_cli_every_demo_story_has_a_comparison(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--db", db, "--no-report"]).exit_code == EXIT_OK
    listed = [
        json.loads(line) for line in runner.invoke(app, ["stories", "--db", db, "--json"]).stdout.splitlines()
    ]
    assert listed
    for story in listed:
        data = json.loads(runner.invoke(app, ["story", story["id"], "--db", db, "--json"]).stdout)
        assert {a["id"] for a in data["articles"]} == set(story["article_ids"])
        assert data["facts"] and data["headlines"]
        if len(data["outlets"]) > 1:
            assert data["summary"]["common"], story["title"]
            assert data["entities"] and all(e["outlets"] for e in data["entities"])
        if story["kind"] == "storyline" and "паромн" in story["title"]:
            # the invented corpus disagrees on the conference's size
            conflicts = {
                (f["a"]["outlet"], f["a"]["value"], f["b"]["outlet"], f["b"]["value"])
                for f in data["figures"]
                if f["status"] == "conflict"
            }
            # «примерно 25 государств» against another outlet's count of the same conference
            assert any("Свободный голос" in (a, b) and 25.0 in (x, y) for a, x, b, y in conflicts)
    # the factory closure (examples 04, 06, 07) is one event of three outlets, once «ЗТЗ», «ЦБ» and
    # «Центробанк» name what the others call «Заречинский трубный завод» and «Центральный банк»;
    # the governor's follow-up (05) joins it in a storyline
    factory = [story for story in listed if "Борейсталь" in story["title"]]
    assert sorted((story["kind"], len(story["article_ids"])) for story in factory) == [
        ("event", 3),
        ("storyline", 4),
    ]


def test_cli_sentiment_answers_each_line() -> None:
    text = "Жестокий диктатор Громов снова солгал и развязал войну против собственного народа."
    start = text.index("Громов")
    lines = [
        json.dumps({"text": text, "start": start, "stop": start + 6}, ensure_ascii=False),
        json.dumps({"text": text, "start": "x", "stop": 3}),
        json.dumps({"text": text, "start": 5, "stop": 500}, ensure_ascii=False),
    ]
    result = runner.invoke(app, ["sentiment"], input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == EXIT_INPUT_ERRORS
    assert out[0]["label"] == -1 and 0 <= out[0]["score"] <= 1
    assert out[1]["line"] == 2 and '"start"' in out[1]["error"]
    assert out[2]["label"] is None and out[2]["error"]


def test_cli_pairs_answers_each_line_and_names_bad_ones(tmp_path: Path) -> None:
    # Invented reports: two of one bridge opening, one of a theatre festival.
    bridge = {
        "title": "Губернатор Сергей Волков открыл мост через Волгу в Твери",
        "text": "В субботу губернатор Сергей Волков открыл мост через Волгу в Твери. Мост длиной 900 метров "
        "обошёлся в 12 миллиардов рублей.",
        "url": "https://tver.example/news/1",
    }
    retold = {
        "title": "В Твери открыли мост через Волгу за 12 млрд рублей",
        "text": "Новый мост через Волгу в Твери открыл губернатор Сергей Волков. Мост длиной 900 метров "
        "стоил 12 миллиардов рублей.",
        "published": "2026-05-02T10:00:00+03:00",
    }
    theatre = {
        "title": "В Казани открылся фестиваль уличных театров",
        "text": "На набережной Казанки начался фестиваль уличных театров: артисты из семи стран покажут "
        "25 спектаклей, рассказала директор фестиваля Анна Крылова.",
    }
    lines = [
        json.dumps({"a": bridge, "b": retold}, ensure_ascii=False),
        "{not json",
        json.dumps({"a": bridge, "b": {"title": "без текста"}}, ensure_ascii=False),
        "",
        json.dumps({"a": theatre, "b": bridge}, ensure_ascii=False),
        json.dumps({"a": bridge}, ensure_ascii=False),
    ]
    source = tmp_path / "pairs.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["pairs", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5  # the empty line is skipped
    assert out[0]["same"] is True and out[3]["same"] is False
    assert out[0]["score"] > out[3]["score"]
    assert set(out[0]) == {"same", "score"} and 0.0 <= out[3]["score"] <= 1.0
    assert [o["line"] for o in (out[1], out[2], out[4])] == [2, 3, 6]
    assert "b.text" in out[2]["error"] and '"b"' in out[4]["error"]
    for number in (2, 3, 6):
        assert f"pairs.jsonl:{number}:" in result.stderr
    from_stdin = runner.invoke(app, ["pairs", "-"], input=lines[0] + "\n")
    assert from_stdin.exit_code == 0
    assert json.loads(from_stdin.stdout) == out[0]


def test_cli_pairs_help_has_an_example() -> None:
    result = runner.invoke(app, ["pairs", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "newsprism pairs" in result.stdout
