"""One key for words and names (`newsprism.text`): what every lookup folds with."""

from __future__ import annotations

from pathlib import Path

from newsprism.text import fold, name_key

SRC = Path(__file__).resolve().parents[1] / "src" / "newsprism"


def test_fold_and_name_key() -> None:
    assert fold("Ёлка и ЁЖ") == "елка и еж"
    assert name_key("  Пётр\u00a0 Ильич\tЧайковский ") == "петр ильич чайковский"
    assert name_key("ПЁТР ИЛЬИЧ") == name_key("петр  ильич")


def test_no_module_folds_words_by_hand() -> None:
    """Folding is written once: a module with its own `.lower().replace("ё", "е")` would drift."""
    by_hand = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "text.py" and '.lower().replace("ё", "е")' in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []
