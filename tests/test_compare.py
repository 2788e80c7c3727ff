"""The comparison of one story across outlets: on the two samples (the issue's checks) and on
small invented articles for each part."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from newsprism.analyse import Pipeline
from newsprism.compare import compare_story, comparison_dict
from newsprism.compare.comparison import (
    MAX_ALIGNED,
    MAX_ARTICLE_STATEMENTS,
    MAX_COMPARED,
    sample_articles,
    statement_shares,
)
from newsprism.compare.figure_times import overlap
from newsprism.compare.figures import (
    agree,
    comparable,
    conflict_grounds,
    counted_class,
    gap_ratio,
    same_value,
)
from newsprism.compare.record import ComparisonRecord
from newsprism.compare.stored import record_of
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc, Figure, Sentence, Story, Token
from newsprism.present.comparison import print_comparison
from newsprism.present.comparison_html import story_view
from newsprism.present.view_words import when_label
from newsprism.stories.build import compute_stories, default_scorer
from newsprism.stories.view import StoryDoc
from support import figure_rows


def _analyse(pipeline: Pipeline, articles: list[Article]) -> list[tuple[Article, Doc]]:
    docs = list(pipeline.pipe(Doc.from_article(a) for a in articles))
    return list(zip(articles, docs, strict=True))


def _story_of(items: list[tuple[Article, Doc]]) -> Story:
    stories, _ = compute_stories([StoryDoc.from_analysis(a, d) for a, d in items], default_scorer())
    return max(stories, key=lambda s: (len(s.article_ids), s.kind == "storyline"))


def _check_spans(data: Any, texts: dict[str, str]) -> int:
    """Every span anywhere in the JSON is the exact text at its offsets; returns how many there were."""
    count = 0
    if isinstance(data, dict):
        if {"article", "start", "stop", "text"} <= data.keys() and isinstance(data["start"], int):
            assert texts[data["article"]][data["start"] : data["stop"]] == data["text"]
            count += 1
        count += sum(_check_spans(value, texts) for value in data.values())
    elif isinstance(data, list):
        count += sum(_check_spans(value, texts) for value in data)
    return count


@pytest.fixture(scope="module")
def seeds(pipeline: Pipeline, seeds_dir: Path) -> dict[str, Any]:
    articles = [item for item in read_paths([seeds_dir]) if isinstance(item, Article)]
    items = _analyse(pipeline, articles)
    story = _story_of(items)
    comparison = compare_story(story, items)
    return {"items": items, "story": story, "data": comparison_dict(comparison)}


def test_seeds_story_has_both_outlets_and_both_events(seeds: dict[str, Any]) -> None:
    data = seeds["data"]
    assert data["story"]["kind"] == "storyline"
    assert len(data["story"]["event_ids"]) == 2
    assert data["outlets"] == ["outlet unknown (001_30eabd071ee88e18.txt)", "Комсомольская правда"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert _check_spans(data, texts) > 50


def test_seeds_coalition_figures_differ_in_time_not_in_fact(seeds: dict[str, Any]) -> None:
    pairs = {
        (_words(f["a"]["span"]["text"]), _words(f["b"]["span"]["text"])): f for f in seeds["data"]["figures"]
    }
    pair = (
        pairs.get(("около 30 государств", "около 50 стран-союзников"))
        or pairs[("около 50 стран-союзников", "около 30 государств")]
    )
    assert pair["status"] == "different_times"
    times = {_words(pair[side]["span"]["text"]): pair[side]["time"] for side in ("a", "b")}
    assert times["около 30 государств"] == "2025-03"
    assert times["около 50 стран-союзников"] == "2026-01-06/2026-01-07"
    assert not [f for f in seeds["data"]["figures"] if f["status"] == "conflict"]


def _words(text: str) -> str:
    return " ".join(text.split())  # the samples have no-break spaces


def _outlet_view(data: dict[str, Any], name: str, outlet_prefix: str) -> dict[str, Any]:
    entity = next(e for e in data["entities"] if e["name"] == name)
    return next(o for o in entity["outlets"] if o["outlet"].startswith(outlet_prefix))


def test_seeds_putin_named_and_judged_oppositely(seeds: dict[str, Any]) -> None:
    kp = _outlet_view(seeds["data"], "Владимир Путин", "Комсомольская")
    other = _outlet_view(seeds["data"], "Владимир Путин", "outlet unknown")
    kp_namings = {n["naming"] for n in kp["namings"]}
    other_namings = {n["naming"] for n in other["namings"]}
    assert "президент России Владимир Путин" in kp_namings
    assert {"российский диктатор", "российский диктатор Владимир Путин"} <= other_namings
    assert not any("диктатор" in n for n in kp_namings)
    assert kp["sentiment"] > 0 > other["sentiment"]
    assert {w["text"] for w in other["loaded"]} == {"диктатора", "диктатором"}


def test_seeds_quotes_have_their_speakers(seeds: dict[str, Any]) -> None:
    voices = {(v["outlet"][:6], v["speaker"]): v for v in seeds["data"]["voices"]}
    assert voices[("outlet", "Эммануэль Макрон")]["direct"] == 1
    assert voices[("Комсом", "Эммануэль Макрон")]["direct"] == 1
    press = voices[("outlet", "пресс-служба французского президента")]
    assert press["source"] and press["direct"] == 1
    assert len(press["quotes"]) == 3  # one quote in three pieces
    telegraph = voices[("outlet", "The Telegraph")]
    assert telegraph["source"]
    assert any("политическим театром" in q["text"] for q in telegraph["quotes"])


def test_seeds_summary_is_extracted_from_the_articles(seeds: dict[str, Any]) -> None:
    data = seeds["data"]
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert data["summary"]["common"]
    for sentence in data["summary"]["common"]:
        assert sentence["text"] in texts[sentence["article"]]
    assert {line["outlet"] for line in data["summary"]["outlets"]} == set(data["outlets"])
    assert all(line["adds"] for line in data["summary"]["outlets"])


FLOOD = Path(__file__).parent / "data" / "flood"  # two invented reports of one invented flood


@pytest.fixture(scope="module")
def flood(pipeline: Pipeline) -> dict[str, Any]:
    articles = [item for item in read_paths([FLOOD]) if isinstance(item, Article)]
    assert {a.outlet for a in articles} == {"Вестник А", "Газета Б"}
    items = _analyse(pipeline, articles)
    story = Story("test", "event", articles[0].title, [a.id for a in articles])
    return comparison_dict(compare_story(story, items))


def test_same_time_different_death_toll_is_a_conflict(flood: dict[str, Any]) -> None:
    conflicts = [f for f in flood["figures"] if f["status"] == "conflict"]
    values = {(f["a"]["value"], f["b"]["value"]) for f in conflicts}
    assert (12.0, 15.0) in values or (15.0, 12.0) in values
    agreed = [f for f in flood["figures"] if f["status"] == "agree"]
    assert any(f["a"]["value"] == 800 for f in agreed)


def test_evacuation_is_shared_and_the_mayor_is_unique(flood: dict[str, Any]) -> None:
    shared = [f for f in flood["facts"] if f["coverage"] == "all"]
    assert any(any("эвакуир" in s["text"].lower() for s in f["statements"]) for f in shared)
    unique = [f for f in flood["facts"] if f["coverage"] == "one"]
    assert any(any("Соколова" in s["text"] for s in f["statements"]) for f in unique)


def test_figure_helpers() -> None:
    assert counted_class("страна-союзник") == counted_class("государство") == "страна"
    countries = Figure(0, 1, 50.0, "about", counted="страна-союзник")
    states = Figure(0, 1, 30.0, "about", counted="государство")
    people = Figure(0, 1, 30.0, "about", counted="человек")
    assert comparable(countries, states) and not comparable(states, people)
    assert agree(Figure(0, 1, 50.0, "about", counted="страна"), Figure(0, 1, 52.0, "exact", counted="страна"))
    assert not agree(countries, states)
    assert overlap("2025-03", "2025-03-27") and not overlap("2025-03", "2026-01-06/2026-01-07")


def test_figures_the_same_only_when_both_texts_say_it() -> None:
    about_forty = Figure(0, 1, 40.0, "about", counted="страна")
    more_than_thirty = Figure(0, 1, 30.0, "more", counted="государство")
    assert agree(about_forty, more_than_thirty) and not same_value(about_forty, more_than_thirty)
    assert same_value(Figure(0, 1, 2e7, "about", counted="маска"), Figure(0, 1, 2.03e7, counted="маска"))
    assert not same_value(Figure(0, 1, 8.7, counted="магнитуда"), Figure(0, 1, 8.8, counted="магнитуда"))
    hour_forty = Figure(0, 1, 100.0, unit="минута")
    assert comparable(hour_forty, Figure(0, 1, 2.0, unit="час"), unit_only=True)
    assert not comparable(hour_forty, Figure(0, 1, 2.0, unit="час"))  # counts nothing: only within a fact
    assert not agree(hour_forty, Figure(0, 1, 2.0, unit="час"))


def test_figures_of_different_subjects_are_not_compared(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Завод в Ольховске закрывается. На заводе работают 1 460 человек.",
            "Курьер": "Завод в Ольховске закрывается. В Ольховске живут около 48 тысяч человек.",
        },
    )
    assert rows == []


def test_figures_magnitude_conflict_is_one_row(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "У берегов острова произошло землетрясение магнитудой 7,1. Толчки "
            "магнитудой 7,1 ощутили жители побережья.",
            "Курьер": "У берегов острова произошло землетрясение магнитудой 7,3.",
        },
    )
    conflicts = [row for row in rows if row["status"] == "conflict"]
    assert len(conflicts) == 1, rows
    assert {conflicts[0]["a"]["value"], conflicts[0]["b"]["value"]} == {7.1, 7.3}


def test_figures_contests_won_are_set_against_victories(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Боксёр Орлов за карьеру на профессиональном ринге выиграл 31 бой.",
            "Курьер": "Боксёр Орлов за карьеру на профессиональном ринге одержал 33 победы.",
        },
    )
    assert [(row["status"], {row["a"]["value"], row["b"]["value"]}) for row in rows] == [
        ("conflict", {31, 33})
    ]


def test_figures_ordinals_of_one_noun_conflict(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Власти Ольховска объявили 7-е повышение тарифов на воду за год.",
            "Курьер": "Власти Ольховска объявили 8-е повышение тарифов на воду за год.",
        },
    )
    assert [(row["status"], {row["a"]["value"], row["b"]["value"]}) for row in rows] == [("conflict", {7, 8})]


def test_figures_composite_total_agrees_with_the_total(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Нападающий Орлов набрал 17 (5+12) очков в регулярном чемпионате.",
            "Курьер": "Нападающий Орлов набрал 17 очков в регулярном чемпионате.",
        },
    )
    assert [(row["status"], row["a"]["value"], row["b"]["value"]) for row in rows] == [("agree", 17, 17)]


def test_figures_compatible_wording_is_not_called_the_same(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В коалицию по защите лесов войдут около 40 стран, сообщили организаторы.",
            "Курьер": "В коалицию по защите лесов войдут более 30 стран, сообщили организаторы.",
        },
    )
    assert [row["status"] for row in rows] == ["compatible"]


def test_figures_rounding_is_read_from_the_written_decimals() -> None:
    billions = [Figure(0, 1, value, unit="USD") for value in (3e9, 2.8e9, 47.9e9, 49.7e9)]
    assert same_value(billions[0], billions[1])  # «$3 млрд» is «$2,8 млрд» rounded
    assert not same_value(billions[2], billions[3])  # «47,9» and «49,7»: the same precision
    assert not same_value(Figure(0, 1, 10.0, unit="%"), Figure(0, 1, 11.0, unit="%"))
    assert not same_value(Figure(0, 1, 95.0, unit="%"), Figure(0, 1, 97.0, unit="%"))


def test_figures_conflict_needs_close_values_and_a_shared_word() -> None:
    twelve, fifteen = Figure(0, 1, 12.0, counted="человек"), Figure(0, 1, 15.0, counted="человек")
    assert conflict_grounds(twelve, fifteen, 1) and not conflict_grounds(twelve, fifteen, 0)
    grant, total = Figure(0, 1, 2e8, unit="USD"), Figure(0, 1, 3e9, unit="USD")
    assert gap_ratio(grant, total) == pytest.approx(15.0) and not conflict_grounds(grant, total, 3)
    more_than_ten, nine = Figure(0, 1, 10.0, "more", unit="%"), Figure(0, 1, 9.0, unit="%")
    assert gap_ratio(more_than_ten, nine) == pytest.approx(10 / 9)


def test_figures_conflict_only_within_one_clause(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В Лесогорске выявили 2 000 заболевших, из них 120 человек умерли, 300 человек "
            "выздоровели.",
            "Курьер": "В Лесогорске выявили 2 000 заболевших, из них умерли 150 человек.",
        },
    )
    conflicts = [{row["a"]["value"], row["b"]["value"]} for row in rows if row["status"] == "conflict"]
    assert conflicts == [{120.0, 150.0}], rows


def test_figures_a_figure_both_texts_give_is_not_contradicted(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Пациенты, получавшие новый препарат, покинули больницу в среднем за 11 дней.",
            "Курьер": "Пациенты, получавшие новый препарат, покинули больницу в среднем за 11 дней "
            "против 15 дней в группе сравнения.",
        },
    )
    assert "agree" in {row["status"] for row in rows}, rows
    assert not [row for row in rows if row["status"] == "conflict"], rows


def test_figures_counts_of_different_scopes_do_not_conflict(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "В этом сезоне нападающий Петров провёл 20 матчей во всех турнирах.",
            "Курьер": "В этом сезоне нападающий Петров провёл 12 матчей в чемпионате страны.",
            "Листок": "В этом сезоне нападающий Петров провёл 14 матчей во всех турнирах.",
            "Вести": "В этом сезоне нападающий Петров провёл 16 матчей.",
        },
    )
    conflicts = {
        frozenset((row["a"]["value"], row["b"]["value"])) for row in rows if row["status"] == "conflict"
    }
    assert frozenset((20.0, 12.0)) not in conflicts and frozenset((14.0, 12.0)) not in conflicts, rows
    assert frozenset((20.0, 14.0)) in conflicts, rows
    # A count that names no competition may count them all, or one: it is set against neither.
    assert not any(16.0 in pair for pair in conflicts), rows


def test_figures_match_minutes_are_compared_per_player(pipeline: Pipeline) -> None:
    rows = figure_rows(
        pipeline,
        {
            "Вестник": "Составы команд: Орлов, Жуков (Соколов, 61), Белов (Лисин, 80).",
            "Курьер": "Составы команд: Орлов, Жуков (Соколов, 64), Белов (Лисин, 80).",
        },
    )
    conflicts = [row for row in rows if row["status"] == "conflict"]
    assert [{row["a"]["value"], row["b"]["value"]} for row in conflicts] == [{61.0, 64.0}], rows
    assert "agree" in {row["status"] for row in rows}


def test_headline_the_body_does_not_support_is_flagged(pipeline: Pipeline) -> None:
    folder = Path(__file__).parent / "data" / "headline"  # invented: one honest headline, one not
    articles = {a.title: a for a in read_paths([folder]) if isinstance(a, Article)}
    items = _analyse(pipeline, list(articles.values()))
    story = Story("test", "event", "мост", [a.id for a in articles.values()])
    checks = {h["headline"]["text"]: h for h in comparison_dict(compare_story(story, items))["headlines"]}
    bad = checks["Министр транспорта Олег Жуков подал в отставку"]
    good = checks["В Приморске открыли пешеходный мост через реку Светлую"]
    assert not bad["supported"] and "Олег Жуков" in bad["missing_entities"]
    assert good["supported"] and "пешеходный мост" in good["best_match"]["text"]


def test_seeds_columns_show_their_dates_as_bounds(seeds: dict[str, Any]) -> None:
    # Neither sample has a publication date: what its text proves is when it was written at the
    # earliest and (talks it speaks of as still to come) at the latest, and the columns must say
    # so rather than show a bound as a date.
    record = record_of(compare_story(seeds["story"], seeds["items"]))
    view = story_view(record, {a.id: d for a, d in seeds["items"]})
    labels = sorted(column.when for column in view.columns)
    assert labels == ["not before 2025-03-01", "written between 2025-11-01 and 2026-01-06"]
    assert view.timeline.undated == 2  # and the timeline places neither on a day
    assert when_label(True, "2026-01-07") == "2026-01-07"  # a publication date is a date
    assert when_label(False, "", "2026-01-06") == "not after 2026-01-06"
    assert when_label(False, "2026-01-06", "2026-01-06") == "2026-01-06"  # both bounds: that day
    assert when_label(False, "", "") == ""


def test_records_stored_before_written_before_read_without_it(seeds: dict[str, Any]) -> None:
    data = comparison_dict(compare_story(seeds["story"], seeds["items"]))
    for article in data["articles"]:
        del article["written_before"]
    assert all(a.written_before == "" for a in ComparisonRecord.from_dict(data).articles)


def _wire(outlet: str, day: int, number: int) -> Article:
    return Article(
        title=f"Сообщение {number}",
        body="Текст.",
        outlet=outlet,
        published=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day),
    )


def test_sample_of_a_huge_story_keeps_every_outlet_and_spans_its_time() -> None:
    # 300 articles of one outlet over 300 days and 5 of each of four others: 40 places, one per
    # outlet in turn until the small outlets are used up, the rest to the big one
    big = [_wire("Лента", day, day) for day in range(300)]
    small = [_wire(name, day, 1000 + day) for name in ("А", "Б", "В", "Г") for day in range(0, 50, 10)]
    sample = sample_articles(big + small)
    assert len(sample) == MAX_COMPARED
    per_outlet = {name: [a for a in sample if a.outlet == name] for name in ("Лента", "А", "Б", "В", "Г")}
    assert [len(items) for items in per_outlet.values()] == [20, 5, 5, 5, 5]
    days = [int(a.title.split()[-1]) for a in per_outlet["Лента"]]  # the big outlet's days
    assert (days[0], days[-1]) == (0, 299)
    assert max(b - a for a, b in pairwise(days)) <= 16  # spread over its time, not its first 20
    assert sample_articles(list(reversed(big + small))) == sample  # the order given does not matter
    assert sample_articles(small) == small  # a small story is compared whole


def test_huge_story_comparison_says_it_was_sampled(pipeline: Pipeline) -> None:
    articles = [
        Article(
            title=f"В Заречинске открыли мост номер {n}",
            body=f"Мост номер {n} через реку Зарю открыли в пятницу. Его строили два года.",
            outlet=f"Издание {n % 3}",
        )
        for n in range(MAX_COMPARED + 5)
    ]
    items = _analyse(pipeline, sample_articles(articles))
    story = Story(id="s", kind="event", title="Мост", article_ids=[a.id for a in articles])
    data = comparison_dict(compare_story(story, items, total=len(articles)))
    assert (len(data["articles"]), data["articles_total"]) == (MAX_COMPARED, MAX_COMPARED + 5)
    assert data["outlets"] == ["Издание 0", "Издание 1", "Издание 2"]


def test_headline_place_named_through_its_adjective_is_supported(pipeline: Pipeline) -> None:
    # invented: the body names the town only through adjectives («Верхнеозёрского», «Верхнеозёрской»)
    article = Article(
        title="Холдинг «Северсталь-Плюс» закроет комбинат в Верхнеозёрске",
        body=(
            "Холдинг «Северсталь-Плюс» в среду объявил о закрытии Верхнеозёрского комбината до конца года. "
            "Власти Верхнеозёрской области обещали помочь работникам."
        ),
        outlet="Вестник",
    )
    other = Article(title="Холдинг закрывает комбинат", body="Холдинг закрывает комбинат.", outlet="Курьер")
    items = _analyse(pipeline, [article, other])
    story = Story("test", "event", "комбинат", [article.id, other.id])
    checks = {h["headline"]["text"]: h for h in comparison_dict(compare_story(story, items))["headlines"]}
    check = checks[article.title]
    assert check["missing_entities"] == [] and check["supported"]


def _hand_doc(article: Article) -> Doc:
    """A doc made by hand: a sentence per line or full stop, a token per word (its lemma the word)."""
    doc = Doc.from_article(article)
    for found in re.finditer(r"[^.\n]+\.?", doc.text):
        if not found.group().strip():
            continue
        doc.sentences.append(Sentence(found.start(), found.end()))
        for word in re.finditer(r"\w+|[^\w\s]", found.group()):
            kind = "NUM" if word.group().isdigit() else "NOUN" if word.group().isalnum() else "PUNCT"
            start = found.start() + word.start()
            doc.tokens.append(Token(start, start + len(word.group()), kind, "", word.group().lower()))
    return doc


@pytest.mark.slow
def test_compare_alignment_of_a_huge_article_is_capped() -> None:
    count = 4_000  # sentences of a 1.5 MB text asked the similarity matrix for gigabytes
    huge = Article(
        title="Трубный завод выпустил трубы",
        body=" ".join(f"Трубный завод номер {n} выпустил {n} труб для города." for n in range(count)),
        outlet="Вестник",
    )
    small = Article(
        title="Трубный завод выпустил новые трубы",
        body="Трубный завод номер 3 выпустил 3 труб для города. Мэр доволен работой завода.",
        outlet="Курьер",
    )
    story = Story(id="huge", kind="event", title=huge.title, article_ids=[huge.id, small.id])
    comparison = compare_story(story, [(huge, _hand_doc(huge)), (small, _hand_doc(small))])
    aligned = Counter(s.article_id for fact in comparison.facts for s in fact.statements)
    assert aligned == {huge.id: MAX_ARTICLE_STATEMENTS, small.id: 3}  # the small one keeps all of its
    assert sum(aligned.values()) <= MAX_ALIGNED
    assert comparison.left_out == {huge.id: count + 1 - MAX_ARTICLE_STATEMENTS}
    shared = next(
        fact for fact in comparison.facts if len(fact.article_ids) == 2 and not fact.statements[0].is_title
    )
    assert {s.text.strip() for s in shared.statements} == {
        "Трубный завод номер 3 выпустил 3 труб для города."
    }
    entry = next(a for a in comparison_dict(comparison)["articles"] if a["id"] == huge.id)
    assert (entry["statements_compared"], entry["statements_left_out"]) == (
        MAX_ARTICLE_STATEMENTS,
        count + 1 - MAX_ARTICLE_STATEMENTS,
    )
    console = Console(record=True, width=200)
    print_comparison(console, record_of(comparison))
    assert f"Вестник: only the first {MAX_ARTICLE_STATEMENTS} of {count + 1} sentences compared" in (
        console.export_text()
    )


def test_compare_statement_shares_fill_the_cap_shortest_article_first() -> None:
    assert statement_shares({"a": 30, "b": 40}) == {"a": 30, "b": 40}  # a normal story: everything
    assert statement_shares({"a": 10, "b": 5_000, "c": 9_000}, total=500, per_article=300) == {
        "a": 10,
        "b": 245,
        "c": 245,
    }
    assert statement_shares({"a": 5_000, "b": 40}, total=2_000, per_article=300) == {"a": 300, "b": 40}
