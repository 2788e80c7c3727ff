"""One rule runner: `first`, `each` and `through` in order, and `explain` on every rule step."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from newsprism.analyse import Pipeline, rule_runner
from newsprism.analyse.dates import ExtractDates
from newsprism.analyse.entities.linking import LinkMentions
from newsprism.analyse.entities.step import TagEntities
from newsprism.analyse.evaluative import MarkEvaluative
from newsprism.analyse.figures import ExtractFigures
from newsprism.analyse.quotes import ExtractQuotes
from newsprism.analyse.rule_runner import Explained, Trace, each, first, name_of, through
from newsprism.model import Doc


def _never(word: str) -> str | None:
    return None


def _long(word: str) -> str | None:
    return "long" if len(word) > 5 else None


def _any(word: str) -> str | None:
    return "any"


def test_first_asks_rules_in_order_until_one_answers() -> None:
    asked: list[str] = []

    def _spy(word: str) -> str | None:
        asked.append(word)
        return None

    assert first((_never, _long, _spy, _any), "министерство") == ("_long", "long")
    assert asked == []  # a rule after the one that answered is not asked
    assert first((_never, _long, _spy, _any), "мир") == ("_any", "any")
    assert asked == ["мир"]
    assert first((_never,), "мир") is None


def test_each_gives_every_rules_answers_in_order_lazily() -> None:
    taken: list[int] = []

    def _small(limit: int) -> Iterator[int]:
        yield from range(limit)

    def _seen(limit: int) -> Iterator[int]:
        yield len(taken)  # what the caller kept before this rule ran

    for name, answer in each((_small, _seen), 3):
        taken.append(answer)
        assert name in ("_small", "_seen")
    assert taken == [0, 1, 2, 3]


def test_through_hands_the_value_from_rule_to_rule_and_names_rules() -> None:
    def _double(ctx: int, value: list[int], trace: Trace) -> list[int]:
        trace.append(("_double", 0, 1))
        return value * 2

    def _add(ctx: int, value: list[int], trace: Trace) -> list[int]:
        return [*value, ctx]

    trace: Trace = []
    assert through((_double, _add), 7, [1], trace) == [1, 1, 7]
    assert trace == [("_double", 0, 1)]

    class _Pattern:
        name = "day_month"

    assert name_of(_Pattern()) == "day_month"
    assert name_of(_double) == "_double"


def _prepared(pipeline: Pipeline, text: str, before: str) -> Doc:
    """The doc with every layer the step named `before` needs: the pipeline's steps before it."""
    doc = Doc(text=text)
    for step in pipeline.steps:
        if step.name == before:
            return doc
        doc = step(doc)
    raise AssertionError(before)


CASES = [
    (
        TagEntities,
        "entities",
        "Совещание прошло в Пентагоне в понедельник.",
        ("building_as_place", "Пентагоне"),
    ),
    (
        TagEntities,
        "entities",
        "Минобороны Франции сообщило о потерях.",
        ("org_of_country", "Минобороны Франции"),
    ),
    (
        LinkMentions,
        "links",
        "Петров приехал в Новоключинск. Новоключинск встретил Петрова дождём.",
        ("majority_type", "Новоключинск"),
    ),
    (
        LinkMentions,
        "links",
        "Петров приехал в Светлогорск. Светлогорск встретил Петрова дождём.",
        ("dictionary_place", "Светлогорск"),
    ),
    (
        ExtractDates,
        "dates",
        "Встреча пройдёт 6 января 2026 года в Москве.",
        ("day_month_year", "6 января 2026 года"),
    ),
    (ExtractFigures, "figures", "Около 50 стран прислали своих представителей.", ("counted_noun", "50")),
    (ExtractFigures, "figures", "В 2025 году завод открылся.", ("not:", "2025")),
    (MarkEvaluative, "evaluative", "Диктатор снова угрожает соседям.", ("rules", "Диктатор")),
    (MarkEvaluative, "evaluative", "Главный герой фильма спасает город.", ("not:", "герой")),
    (
        ExtractQuotes,
        "quotes",
        "«Мы готовы к переговорам», — сказал министр Иван Петров.",
        ("dash_after", "Мы готовы к переговорам"),
    ),
]


@pytest.mark.parametrize(
    ("kind", "name", "text", "expected"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)]
)
def test_every_rule_step_explains_which_rule_fired_on_which_text(
    pipeline: Pipeline, kind: type[Explained], name: str, text: str, expected: tuple[str, str]
) -> None:
    step = next(s for s in pipeline.steps if s.name == name)
    assert isinstance(step, kind)
    doc = _prepared(pipeline, text, name)
    before = copy.deepcopy(doc)
    fired = step.explain(doc)
    rule, span = expected
    assert any(r.startswith(rule) and span in t for r, t in fired), fired
    assert doc == before  # explaining changes nothing
    assert all(text.find(t) >= 0 for _, t in fired)


def test_the_rule_families_run_through_the_runner() -> None:
    """The loops over rules are the runner's: no step module iterates a rule tuple itself."""
    from pathlib import Path

    root = Path(rule_runner.__file__).parent
    sources = {
        "entities/rules.py": "through(RULES",
        "figures/step.py": "first(UNIT_RULES",
        "quotes/step.py": "first(DIRECT_RULES",
        "dates/find.py": "each(asked",
    }
    for module, call in sources.items():
        text = (root / module).read_text(encoding="utf-8")
        assert call in text, module
        assert "for rule in RULES" not in text and "for rule in UNIT_RULES" not in text, module
