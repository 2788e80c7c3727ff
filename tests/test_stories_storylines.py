from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from newsprism.analyse import Pipeline
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc
from newsprism.stories.clustering import SIMPLE_THRESHOLD, ClusterSettings, cluster_all, simple_score
from newsprism.stories.duplicates import DuplicateIndex, by_member
from newsprism.stories.storylines import build_stories, describe_event, storylines
from newsprism.stories.view import StoryDoc

START = date(2025, 1, 1)


def analysed(pipeline: Pipeline, articles: list[Article]) -> list[StoryDoc]:
    docs = pipeline.pipe(Doc.from_article(article) for article in articles)
    return [StoryDoc.from_analysis(article, doc) for article, doc in zip(articles, docs, strict=True)]


def test_storylines_seeds_are_two_events_in_one_storyline(pipeline: Pipeline, seeds_dir: Path) -> None:
    views = analysed(pipeline, [item for item in read_paths([seeds_dir]) if isinstance(item, Article)])
    assert len(views) == 2
    clusterer = cluster_all(views, simple_score, ClusterSettings(threshold=SIMPLE_THRESHOLD))
    events = {event: clusterer.members(event) for event in clusterer.events()}
    # two events: months apart, far outside the same-event window, so never even compared
    assert len(events) == 2
    assert clusterer.stats.scored == 0
    described, lines = build_stories(events)
    [line] = lines
    assert sorted(line.events) == sorted(events)
    assert {event.storyline for event in described} == {line.id}
    [link] = line.links
    # one storyline because the same actors are in both, talking about the same thing
    assert {"PER:макрон", "PER:путин"} <= set(link.actors)
    # shown by their canonical names, the fullest a text gives, in the same order as the keys
    assert {"PER:Эммануэль Макрон", "PER:Владимир Путин"} <= set(line.names), line.names
    assert len(line.names) == len(line.actors)
    assert link.gap_days > ClusterSettings().window_days * 30
    starts = [next(event.start for event in described if event.id == event_id) for event_id in line.events]
    assert starts == sorted(starts)  # the timeline runs forwards
    assert line.start == starts[0]


FOOTBALL = Article(
    title="«Спартак» обыграл «Зенит» в матче чемпионата России",
    body=(
        "Московский «Спартак» победил петербургский «Зенит» со счётом 2:1 в матче 20-го тура "
        "Российской премьер-лиги. Оба гола у москвичей забил нападающий Манфред Угальде, у "
        "гостей отличился Педро. Главный тренер «Спартака» Деян Станкович после игры похвалил "
        "защитников. «Спартак» поднялся на третье место турнирной таблицы."
    ),
    outlet="Спорт-Экспресс",
)
RATE = Article(
    title="Банк России сохранил ключевую ставку",
    body=(
        "Совет директоров Банка России сохранил ключевую ставку на уровне 21% годовых. Глава "
        "регулятора Эльвира Набиуллина заявила, что инфляция замедляется, но остаётся высокой. "
        "Аналитики ожидают снижения ставки не раньше лета. Следующее заседание Банка России по "
        "ставке пройдёт в апреле."
    ),
    outlet="Коммерсант",
)


def test_storylines_unrelated_articles_do_not_join(pipeline: Pipeline) -> None:
    views = analysed(pipeline, [FOOTBALL, RATE])
    clusterer = cluster_all(views, simple_score, ClusterSettings(threshold=SIMPLE_THRESHOLD))
    events = {event: clusterer.members(event) for event in clusterer.events()}
    assert len(events) == 2
    described, lines = build_stories(events)
    assert lines == []
    assert all(event.storyline == "" for event in described)


def hand_view(article_id: str, day: int, lemmas: list[str], outlet: str = "Лента") -> StoryDoc:
    return StoryDoc(
        id=article_id,
        title=" ".join(lemmas[:4]),
        text=" ".join(lemmas),
        outlet=outlet,
        published=None,
        written_after=(START + timedelta(days=day)).isoformat(),
        category="economy",
        title_lemmas=lemmas[:4],
        lemmas=lemmas,
        entities={"PER:Алексей Миллер": 3, "ORG:Газпром": 4, "ORG:CNPC": 2, "LOC:Китай": 1},
    )


GAS = ["газопровод", "сила", "сибирь", "поставка", "контракт", "цена", "газ", "труба"]
ART = ["выставка", "картина", "музей", "художник", "коллекция", "экспозиция", "живопись"]


def test_storylines_need_the_same_subject_not_only_the_same_actors() -> None:
    first = hand_view("a", 0, GAS * 2)
    later = hand_view("b", 90, GAS[2:] * 2 + ["подписать"])  # the same deal, three months on
    other = hand_view("c", 60, ART * 2)  # the same people at an exhibition
    [line] = storylines({"a": [first], "b": [later], "c": [other]})
    assert line.events == ["a", "b"]
    assert line.links[0].gap_days == 90
    assert storylines({"a": [first], "c": [other]}) == []


def test_storylines_far_apart_events_are_not_linked() -> None:
    first = hand_view("a", 0, GAS * 2)
    much_later = hand_view("b", 800, GAS * 2)
    assert storylines({"a": [first], "b": [much_later]}) == []


def test_storylines_event_description() -> None:
    body = ["газопровод", "сила", "сибирь", "поставка", "контракт", "цена", "газ", "труба", "подписать"]
    original = hand_view("a", 1, body, outlet="ТАСС")
    original.title = "Газпром подписал контракт на поставки газа в Китай"
    rewrite = hand_view("b", 0, [*reversed(body), "миллер"], outlet="РБК")
    rewrite.title = "Миллер: цена газа для Китая согласована"
    reprint = hand_view("c", 2, body, outlet="Регион")
    reprint.title = "Газпром и CNPC подписали контракт"
    reprint.text = original.text
    duplicates = DuplicateIndex()
    for view in (original, rewrite, reprint):
        duplicates.add(view)
    duplicates.add(hand_view("a", 1, body, outlet="Финмаркет"))  # the same text, another outlet
    event = describe_event("b", [reprint, original, rewrite], by_member(duplicates.groups()))
    assert event.article_ids == ["b", "a", "c"]
    assert event.title_article in {"a", "b"}  # never the reprint's title
    # the articles are undated: their lower bounds are no dates, so the event has no date range
    assert (event.start, event.stop) == ("", "")
    original.published = datetime.combine(START + timedelta(days=1), time(12), UTC)
    dated = describe_event("b", [reprint, original, rewrite], by_member(duplicates.groups()))
    assert (dated.start, dated.stop) == ("2025-01-02", "2025-01-02")  # only the published day
    assert event.outlets == ["РБК", "ТАСС", "Финмаркет", "Регион"]  # own texts first
    assert event.reprint_outlets == ["Финмаркет", "Регион"]
    assert event.texts == 2
    assert event.category == "economy"
    assert event.key_entities[:2] == ["ORG:Газпром", "PER:Алексей Миллер"]
