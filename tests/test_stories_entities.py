from newsprism.model import EntityType
from newsprism.store import Mention
from newsprism.stories.entities import canonical_entities


def mention(
    article: str, normal: str, canonical: str, kind: EntityType = "PER", rule: str = "", start: int = 0
) -> Mention:
    return Mention(article, start, start + len(normal), kind, normal, canonical, "name", rule, 0)


def test_stories_entities_merge_case_surnames_and_keep_evidence() -> None:
    found = canonical_entities(
        [
            mention("a", "Эммануэль Макрон", "Эммануэль Макрон"),
            mention("a", "Макрон", "Эммануэль Макрон", rule="surname_of_full_name", start=40),
            mention("b", "Макрон", "Макрон"),  # an article that never gives the first name
            mention("b", "коалиция желающих", "коалиция желающих", kind="ORG", start=10),
            mention("c", "Коалиция желающих", "Коалиция желающих", kind="ORG"),
            mention(
                "c",
                "Коалиция решительных",
                "Коалиция желающих",
                kind="ORG",
                rule="apposition_alias",
                start=30,
            ),
        ]
    )
    by_name = {e.name: e for e in found}
    macron = by_name["Эммануэль Макрон"]
    assert macron.articles == {"a", "b"} and macron.mentions == 3
    assert [e.rule for e in macron.aliases["Макрон"]] == ["surname_of_full_name", "surname_across_articles"]
    coalition = next(e for e in found if e.type == "ORG")
    assert coalition.articles == {"b", "c"}
    assert set(coalition.aliases) == {"коалиция желающих", "Коалиция желающих", "Коалиция решительных"}
    assert coalition.aliases["Коалиция решительных"][0].rule == "apposition_alias"


def test_stories_entities_ambiguous_surname_stays_apart() -> None:
    people = [("a", "Анна Соколова"), ("b", "Мария Соколова"), ("c", "Соколова")]
    found = canonical_entities([mention(article, name, name) for article, name in people])
    assert {e.name for e in found} == {"Анна Соколова", "Мария Соколова", "Соколова"}
