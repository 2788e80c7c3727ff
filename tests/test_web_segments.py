"""Text segments for highlighting, outlet groups, and the generation cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.web.cache import GenerationCache
from newsprism.web.groups import GroupsError, coverage, load_groups
from newsprism.web.segments import Mark, segments, snippet


def test_web_segments_cut_at_every_overlapping_boundary() -> None:
    text = "Президент Виктор Громов заявил"
    quote = Mark(10, 30, "quote", "q")
    name = Mark(10, 23, "entity", "PER")
    surname = Mark(17, 23, "entity", "PER")
    found = segments(text, 0, [quote, name, surname])
    assert "".join(s.text for s in found) == text
    assert [(s.text, len(s.marks)) for s in found] == [
        ("Президент ", 0),
        ("Виктор ", 2),
        ("Громов", 3),
        (" заявил", 1),
    ]


def test_web_segments_of_a_paragraph_use_document_offsets() -> None:
    found = segments("Громов", 100, [Mark(95, 103, "quote", "q")])
    assert [(s.start, s.stop, s.text, len(s.marks)) for s in found] == [
        (100, 103, "Гро", 1),
        (103, 106, "мов", 0),
    ]


def test_web_snippet_marks_matches_around_the_first() -> None:
    text = "слово " * 50 + "Путиным " + "слово " * 50
    start = text.index("Путиным")
    found = snippet(text, [(start, start + 7)], width=30)
    assert found[0].text == "…" and found[-1].text == "…"
    assert [s.text for s in found if s.marks] == ["Путиным"]


def test_web_groups_from_toml_and_coverage(tmp_path: Path) -> None:
    path = tmp_path / "groups.toml"
    path.write_text(
        '[[group]]\nname = "A"\nkind = "country"\noutlets = ["x", "y"]\n'
        '[[group]]\nname = "B"\noutlets = ["z"]\n',
        encoding="utf-8",
    )
    groups = load_groups(path)
    found = coverage(groups, ["y", "w"])
    assert [(c.group.name, c.covered_by, c.covered) for c in found] == [("A", ("y",), True), ("B", (), False)]
    path.write_text(
        '[[group]]\nname = "C"\noutlets = [{ name = "Коммерсантъ", sites = ["kommersant.ru"] }]\n',
        encoding="utf-8",
    )
    (with_site,) = load_groups(path)
    assert with_site.outlets == ("Коммерсантъ",)
    for stored in ("kommersant.ru", "www.kommersant.ru", "kommersant", "КОММЕРСАНТЪ"):
        assert coverage([with_site], [stored])[0].covered_by == ("Коммерсантъ",), stored
    assert not coverage([with_site], ["rbc.ru", "Коммерсант-Пресс"])[0].covered
    path.write_text('[[group]]\nname = "D"\noutlets = [{ sites = ["a.ru"] }]\n', encoding="utf-8")
    with pytest.raises(GroupsError, match="outlet name or"):
        load_groups(path)
    path.write_text("[[group]]\nname = 3\n", encoding="utf-8")
    with pytest.raises(GroupsError, match="name"):
        load_groups(path)
    with pytest.raises(GroupsError, match="cannot read"):
        load_groups(tmp_path / "missing.toml")


def test_web_cache_is_keyed_by_generation() -> None:
    cache = GenerationCache(size=2)
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get(1, "k", make) == 1 and cache.get(1, "k", make) == 1
    assert cache.get(2, "k", make) == 2  # a write happened: computed again
    cache.get(2, "a", make)
    cache.get(2, "b", make)
    assert cache.get(2, "k", make) == 5  # evicted as least recently used
