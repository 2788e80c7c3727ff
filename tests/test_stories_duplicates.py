from __future__ import annotations

import numpy as np
from datasketch import MinHash  # type: ignore[import-untyped]

from newsprism.stories.duplicates import DuplicateIndex, DuplicateSettings, by_member, shingle_hashes
from newsprism.stories.view import StoryDoc

BODY = (
    "В среду в Казани открылся международный форум по беспилотному транспорту. На площадке "
    "выставочного центра компании из двенадцати стран показывают грузовые дроны, автономные "
    "автобусы и системы управления движением. Организаторы ожидают около пятнадцати тысяч "
    "посетителей за три дня. Мэр города сообщил, что первые беспилотные автобусы выйдут на "
    "маршрут до аэропорта уже весной следующего года, а испытания грузовых дронов над рекой "
    "начнутся летом. Участники форума подпишут соглашения о строительстве испытательного "
    "полигона и о подготовке инженеров в местных университетах."
)
OTHER = (
    "В среду в Казани завершился чемпионат по плаванию среди юниоров. Сборная Татарстана "
    "завоевала семь золотых медалей и заняла первое место в командном зачёте. Тренеры отметили, "
    "что новый бассейн позволил проводить тренировки круглый год, а финальные заплывы собрали "
    "полные трибуны. Следующий чемпионат пройдёт в Екатеринбурге осенью."
)


def view(article_id: str, title: str, body: str, outlet: str | None) -> StoryDoc:
    return StoryDoc(
        id=article_id,
        title=title,
        text=f"{title}\n\n{body}",
        outlet=outlet,
        published=None,
        written_after="",
        category="technology",
    )


def edited(body: str) -> str:
    return body.replace("двенадцати стран", "десяти стран").replace("местных университетах", "вузах")


def test_duplicates_reprint_with_small_edits_is_found() -> None:
    index = DuplicateIndex()
    assert index.add(view("a", "В Казани открылся форум беспилотников", BODY, "Казань24")) is None
    reprint = view("b", "Форум беспилотного транспорта стартовал в Казани", edited(BODY), "Регион")
    assert index.add(reprint) == "a"
    assert index.original_of("b") == "a"
    assert index.original_of("a") == "a"


def test_duplicates_different_text_is_not_a_reprint() -> None:
    index = DuplicateIndex()
    index.add(view("a", "В Казани открылся форум беспилотников", BODY, "Казань24"))
    assert index.add(view("c", "Юниоры Татарстана выиграли чемпионат", OTHER, "Казань24")) is None
    # the first half of the text with a different second half is not a copy either
    half = BODY[: len(BODY) // 2] + " " + OTHER
    assert index.add(view("d", "Форум и чемпионат", half, "Регион")) is None
    assert index.groups() == []


def test_duplicates_exact_copy_under_two_outlets_is_one_group() -> None:
    index = DuplicateIndex()
    title = "В Казани открылся форум беспилотников"
    assert index.add(view("a", title, BODY, "Казань24")) is None
    # the same text under another outlet is the same article (ids come from the content)
    assert index.add(view("a", title, BODY, "Вести Татарстан")) == "a"
    assert index.add(view("a", title, BODY, "Вести Татарстан")) == "a"  # seen again: no change
    # and retitled, it is a copy with an id of its own
    assert index.add(view("e", "Казань принимает форум", BODY, "Регион")) == "a"
    [group] = index.groups()
    assert group.original == "a"
    assert group.members == ["a", "e"]
    assert group.outlets == ["Казань24", "Вести Татарстан", "Регион"]
    assert group.reprints == 2
    assert not group.is_reprint("a", "Казань24")
    assert group.is_reprint("a", "Вести Татарстан")
    assert by_member(index.groups())["e"] is group


def test_duplicates_same_article_twice_is_no_reprint() -> None:
    index = DuplicateIndex()
    article = view("a", "В Казани открылся форум беспилотников", BODY, "Казань24")
    assert index.add(article) is None
    assert index.add(article) is None
    assert len(index) == 1
    assert index.groups() == []


def test_duplicates_signature_is_datasketch_minhash() -> None:
    settings = DuplicateSettings()
    hashes = shingle_hashes(BODY, settings)
    expected = MinHash(
        num_perm=settings.num_perm, seed=settings.seed, hashfunc=lambda x: x, scheme="affine32"
    )
    expected.update_batch(hashes.tolist())
    assert np.array_equal(DuplicateIndex(settings).minhash(hashes).hashvalues, expected.hashvalues)


def test_duplicates_shingles_ignore_case_punctuation_and_yo() -> None:
    settings = DuplicateSettings()
    first = shingle_hashes("Ёлки, зелёные: «всё» хорошо!", settings)
    second = shingle_hashes("елки зеленые все ХОРОШО", settings)
    assert np.array_equal(first, second)
    assert len(shingle_hashes("", settings)) == 0
    assert len(shingle_hashes("два слова", settings)) == 1


def test_duplicates_groups_are_deterministic() -> None:
    def build() -> list[tuple[str, list[tuple[str, str]]]]:
        index = DuplicateIndex()
        index.add(view("a", "Форум", BODY, "Казань24"))
        index.add(view("b", "Форум стартовал", edited(BODY), "Регион"))
        index.add(view("c", "Чемпионат", OTHER, "Спорт"))
        return [(group.original, group.copies) for group in index.groups()]

    assert build() == build() == [("a", [("a", "Казань24"), ("b", "Регион")])]
