"""Stored comparisons: computed when stories change, identical to the live comparison, and never
served for a story that changed since (a new article, a new analysis)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.analyse import Pipeline
from newsprism.cli import EXIT_OK, app
from newsprism.compare.record import ComparisonRecord, SchemaError
from newsprism.compare.stored import comparison_data, live_data, signature, stored_record
from newsprism.model import Article, Doc, Story
from newsprism.run.stories import precompute_comparisons
from newsprism.store import Store, open_store
from support import EXAMPLES

TEXTS = (
    ("Вестник", "Паводок в Заречье", "Вода поднялась на два метра. Эвакуированы 300 жителей Заречья."),
    ("Голос", "В Заречье паводок", "Уровень воды вырос на два метра. Из домов вывезли 300 человек."),
    ("Курьер", "Заречье уходит под воду", "Мэр Иван Соколов сказал, что вода поднялась на два метра."),
)


def _analysed(pipeline: Pipeline) -> list[tuple[Article, Doc]]:
    articles = [Article(title=t, body=b, outlet=o) for o, t, b in TEXTS]
    return list(zip(articles, pipeline.pipe(Doc.from_article(a) for a in articles), strict=True))


def _event(items: list[tuple[Article, Doc]]) -> Story:
    return Story(
        id="ev-flood",
        kind="event",
        title=items[0][0].title,
        article_ids=[a.id for a, _ in items],
        first="2026-05-01",
        last="2026-05-01",
        outlets=[a.outlet or "" for a, _ in items],
        category="",
        key_entities=[],
    )


def test_compare_stored_comparison_is_precomputed_and_invalidated(store: Store, pipeline: Pipeline) -> None:
    items = _analysed(pipeline)
    store.save(items[:2], "v1")
    story = _event(items[:2])
    store.replace_stories([story])
    assert store.comparison(story.id, signature(story)) is None
    assert precompute_comparisons(store, [story]).compared == 1
    stored = store.comparison(story.id, signature(story))
    assert stored is not None and stored == live_data(store, story)
    assert stored["story"]["id"] == story.id and len(stored["outlets"]) == 2
    assert comparison_data(store, story) == stored
    assert precompute_comparisons(store, [story]).compared == 0  # unchanged: nothing to do

    # The story gains an article: the stored comparison no longer applies, readers compute it live.
    store.save(items[2:], "v1")
    bigger = dataclasses.replace(story, article_ids=[a.id for a, _ in items])
    store.replace_stories([bigger])
    assert store.comparison(bigger.id, signature(bigger)) is None
    live = live_data(store, bigger)
    assert live is not None and len(live["outlets"]) == 3
    assert comparison_data(store, bigger) == live
    assert precompute_comparisons(store, [bigger]).compared == 1
    assert store.comparison(bigger.id, signature(bigger)) == live

    # A new analysis of one of its articles drops it in the same transaction.
    store.save([items[0]], "v2")
    assert store.comparison(bigger.id, signature(bigger)) is None
    assert precompute_comparisons(store, [bigger]).compared == 1

    # Stories that are gone lose their comparisons.
    store.replace_stories([])
    report = precompute_comparisons(store, [])
    assert (report.compared, report.dropped) == (0, 1)
    assert store.comparison_signatures() == {}


def test_compare_stored_signature_follows_the_story() -> None:
    story = Story(id="e", kind="event", title="t", article_ids=["a", "b"], first="", last="")
    assert signature(story) == signature(dataclasses.replace(story))
    assert signature(story) != signature(dataclasses.replace(story, article_ids=["a", "b", "c"]))
    assert signature(story) != signature(dataclasses.replace(story, parent="line-e"))


def test_compare_stored_record_reads_back_every_part(store: Store, pipeline: Pipeline) -> None:
    items = _analysed(pipeline)
    store.save(items, "v1")
    story = dataclasses.replace(_event(items), article_ids=[a.id for a, _ in items])
    data = live_data(store, story)
    assert data is not None
    record = ComparisonRecord.from_dict(data)
    assert record.story == story and record.outlets == data["outlets"] == ["Вестник", "Голос", "Курьер"]
    assert [a.id for a in record.articles] == [a["id"] for a in data["articles"]]
    assert all(
        record.by_id[s.article].text[s.start : s.stop] == s.text
        for f in record.facts
        for s, _ in f.statements
    )
    assert [f.id for f in record.facts] == [f["id"] for f in data["facts"]]
    assert [(f.status, f.a.value, f.b.value) for f in record.figures] == [
        (f["status"], f["a"]["value"], f["b"]["value"]) for f in data["figures"]
    ]
    assert [e.name for e in record.entities] == [e["name"] for e in data["entities"]]
    assert [(v.outlet, v.speaker, v.direct) for v in record.voices] == [
        (v["outlet"], v["speaker"], v["direct"]) for v in data["voices"]
    ]
    assert [s.text for s in record.summary.common] == [s["text"] for s in data["summary"]["common"]]
    assert stored_record(store, story) == record  # computed now: nothing stored for it
    with pytest.raises(SchemaError, match="schema"):
        ComparisonRecord.from_dict({**data, "schema": data["schema"] - 1})


@pytest.fixture(scope="module")
def analysed_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter[str]]:
    """The demo corpus analysed by `newsprism analyze` (terminal output and report included),
    counting each story whose comparison `compare_story` computed."""
    import newsprism.compare.comparison as computing

    computed: Counter[str] = Counter()
    real = computing.compare_story

    def counting(story: Story, *args: Any, **kwargs: Any) -> Any:
        computed[story.id] += 1
        return real(story, *args, **kwargs)

    folder = tmp_path_factory.mktemp("once")
    db, report = folder / "demo.db", folder / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(computing, "compare_story", counting)
        result = CliRunner().invoke(
            app, ["analyze", str(EXAMPLES), "--db", str(db), "--report", str(report), "--articles"]
        )
        assert result.exit_code == EXIT_OK, result.output
        assert "Common ground" in result.stdout and report.exists()  # the comparisons were shown
        before = sum(computed.values())
        again = CliRunner().invoke(app, ["analyze", str(EXAMPLES), "--db", str(db), "--no-report"])
        assert again.exit_code == EXIT_OK, again.output
        assert sum(computed.values()) == before  # nothing changed: nothing compared
    return db, computed


@pytest.mark.slow
def test_compare_stored_analyze_compares_each_changed_story_once(
    analysed_once: tuple[Path, Counter[str]],
) -> None:
    db, computed = analysed_once
    with closing(open_store(db, read_only=True)) as store:
        stories = store.stories()
        signatures = store.comparison_signatures()
    assert any(s.kind == "storyline" for s in stories)
    assert dict(computed) == {s.id: 1 for s in stories}  # once each: stored, then only read
    assert signatures == {s.id: signature(s) for s in stories}


FORBIDDEN = (
    "natasha",
    "slovnet",
    "navec",
    "pymorphy2",
    "sklearn",
    "newsprism.analyse",
    "newsprism.compare.comparison",
)


def _imported(stderr: str) -> set[str]:
    """The modules a `python -X importtime` run imported, from its report on stderr."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.slow
def test_compare_stored_readers_import_no_language_tools(
    analysed_once: tuple[Path, Counter[str]], tmp_path: Path
) -> None:
    db, _ = analysed_once
    with closing(open_store(db, read_only=True)) as store:
        line = next(s for s in store.stories() if s.kind == "storyline")
        stored = store.comparison(line.id, signature(line))
    commands = {
        "story": ["story", line.id, "--db", str(db)],
        "json": ["story", line.id, "--db", str(db), "--json"],
        "report": ["report", line.id, "--db", str(db), "-o", str(tmp_path / "line.html")],
    }
    for name, command in commands.items():
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "newsprism", *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        imported = _imported(done.stderr)
        assert "newsprism.compare.record" in imported, name  # the check sees what it looks for
        loaded = sorted(m for m in imported if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
        assert loaded == [], f"{name} imported {loaded}"
        if name == "json":
            assert json.loads(done.stdout) == stored  # the stored comparison, as stored
    assert 'class="col ' in (tmp_path / "line.html").read_text(encoding="utf-8")


WEB_CHECK = """
import json, sys, threading
from fastapi.testclient import TestClient
from newsprism.web import Settings, create_app
with TestClient(create_app(Settings(db=sys.argv[1]))) as client:
    for thread in threading.enumerate():
        if thread.name == "morphology-warm-up":
            thread.join()
    pages = [client.get(path) for path in sys.argv[2:]]
    found = client.get("/api/search", params={"q": "Громова"}).json()["total"]
from newsprism.analyse import natasha_models
print(json.dumps({
    "status": [page.status_code for page in pages],
    "found": found,
    "models_loaded": natasha_models.load.cache_info().currsize,
    "modules": sorted(sys.modules),
}))
"""


@pytest.mark.slow
def test_compare_stored_web_reads_the_stored_comparison_and_warms_up_search_only(
    analysed_once: tuple[Path, Counter[str]],
) -> None:
    db, _ = analysed_once
    with closing(open_store(db, read_only=True)) as store:
        line = next(s for s in store.stories() if s.kind == "storyline")
    paths = [f"/stories/{line.id}", f"/stories/{line.id}/report", f"/api/stories/{line.id}"]
    done = subprocess.run(
        [sys.executable, "-c", WEB_CHECK, str(db), *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    answer = json.loads(done.stdout)
    assert answer["status"] == [200, 200, 200] and answer["found"] > 0
    assert answer["models_loaded"] == 0  # the search warm-up loads the dictionary, not the taggers
    computing = [
        m
        for m in answer["modules"]
        if m.startswith(("newsprism.compare.comparison", "sklearn", "slovnet.model"))
    ]
    assert computing == []


def test_compare_stored_code_version_follows_the_comparison_modules(tmp_path: Path) -> None:
    from newsprism.compare.stored import COMPARE_CODE, code_version

    for path in COMPARE_CODE.glob("*.py"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    before = code_version(tmp_path)
    assert before == code_version(COMPARE_CODE)
    figures = tmp_path / "figures.py"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    code_version.cache_clear()
    assert code_version(tmp_path) != before
