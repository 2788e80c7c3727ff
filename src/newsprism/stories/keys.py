"""What story code matches articles by: entity keys, main entities and blocking keys.

A blocking key is a pair of an article's main entities, of its title's first content lemmas, or
of its most frequent content lemmas (less the generic words of news in `GENERIC`). A pair is far
rarer than a single name («Путин», «Россия» are in every other article), and same-event
articles share two main actors, two title words or two main words.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from newsprism.stories.view import StoryDoc
from newsprism.text import name_key

__all__ = ["GENERIC", "blocking_keys", "entity_key", "main_entities"]

_TYPE_RANK = {"PER": 0, "ORG": 0, "LOC": 1}

# The most frequent content lemmas of news of every kind (each in 9% to 50% of 409 varied
# articles; topical ones such as «коронавирус» left out): too common to make a blocking key.
GENERIC = frozenset(
    {
        "год", "время", "мочь", "человек", "новый", "стать", "день", "сообщать", "работа", "страна",
        "первый", "другой", "быть", "заявить", "должный", "глава", "получить", "место", "случай", "число",
        "данные", "сообщить", "слово", "информация", "дело", "вопрос", "напомнить", "отметить", "два",
        "являться", "результат", "находиться", "считать", "раз", "сказать", "рассказать", "самый",
        "последний", "сделать", "принять", "тысяча", "работать", "пройти", "условие", "начало",
        "представитель", "часть", "иметь", "сам", "второй", "известный", "необходимый", "конец", "начать",
        "провести", "несколько", "говорить", "ситуация", "хотеть", "млн", "сообщение", "главный", "смочь",
        "уровень", "неделя", "момент", "настоящий", "месяц", "сторона", "нужный", "писать", "хороший",
        "больший", "один", "официальный", "россия", "российский", "рф", "январь", "февраль", "март",
        "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    }
)  # fmt: skip


def entity_key(key: str) -> str:
    """A view's "TYPE:canonical" as it compares across articles: lower case, ё as е, people by
    surname (an article that never gives Macron's first name calls him «Макрон»)."""
    kind, _, name = key.partition(":")
    name = name_key(name)
    if kind == "PER" and name:
        name = name.rsplit(" ", 1)[-1]
    return f"{kind}:{name}"


def main_entities(view: StoryDoc, limit: int) -> list[str]:
    """The view's most mentioned entities (people and organisations before places on ties)."""
    counts: Counter[str] = Counter()
    for key, mentions in view.entities.items():
        counts[entity_key(key)] += mentions
    ranked = sorted(counts.items(), key=lambda item: (-item[1], _TYPE_RANK.get(item[0][:3], 2), item[0]))
    return [key for key, _ in ranked[:limit]]


def _keyword(lemma: str) -> bool:
    return len(lemma) > 2 and not lemma.isdigit() and lemma not in GENERIC


def blocking_keys(
    view: StoryDoc, key_entities: int = 4, title_lemmas: int = 6, body_lemmas: int = 5
) -> list[str]:
    """The keys an article is indexed under: pairs of its main entities ("e:"), of its title
    lemmas ("t:") and of its main lemmas ("l:"); a lone item of a kind is a key by itself."""
    title: list[str] = []
    for lemma in view.title_lemmas:
        if _keyword(lemma) and lemma not in title:
            title.append(lemma)
            if len(title) == title_lemmas:
                break
    counts = Counter(lemma for lemma in view.lemmas if _keyword(lemma))
    body = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:body_lemmas]
    keys: list[str] = []
    for kind, items in (
        ("e", main_entities(view, key_entities)),
        ("t", title),
        ("l", [lemma for lemma, _ in body]),
    ):
        items = sorted(items)
        if len(items) == 1:
            keys.append(f"{kind}:{items[0]}")
        keys.extend(f"{kind}:{a}|{b}" for a, b in combinations(items, 2))
    return keys
