from __future__ import annotations

import pytest
import razdel

from newsprism.analyse import natasha_models, razdel_tokens
from newsprism.analyse.natasha_models import bio_spans

SENTENCES = [
    ["Канцлер", "Германии", "Фридрих", "Мерц", "встретился", "с", "Эммануэлем", "Макроном", "."],
    ["Минобороны", "Британии", "сообщило", "о", "поставках", "в", "Киев", "."],
    ["Да", "."],
    ["«", "Коалиция", "желающих", "»", "соберётся", "6", "января", "в", "Париже", "."],
]


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["I-PER", "B-ORG", "I-LOC", "B-ORG"], [(1, 3, "ORG"), (3, 4, "ORG")]),
        (["B-PER", "<pad>", "O"], [(0, 1, "PER")]),
        (["O", "O"], []),
    ],
)
def test_natasha_models_bio_spans_read_tags_as_slovnet(
    tags: list[str], spans: list[tuple[int, int, str]]
) -> None:
    assert bio_spans(tags) == spans


def test_natasha_models_taggers_agree_with_slovnet() -> None:
    models = natasha_models.load()
    ours = list(natasha_models.tag_morph(SENTENCES))
    theirs = [token for markup in models.morph.map(SENTENCES) for token in markup.tokens]
    assert [tag.pos for tag in ours] == [token.pos for token in theirs]
    assert [tag.feats for tag in ours] == [
        "|".join(f"{key}={token.feats[key]}" for key in sorted(token.feats)) for token in theirs
    ]
    spans = natasha_models.tag_ner(SENTENCES)
    markups = list(models.ner.map([" ".join(words) for words in SENTENCES]))
    for words, found, markup in zip(SENTENCES, spans, markups, strict=True):
        expected = [(span.start, span.stop, span.type) for span in markup.spans]
        offsets = [sum(len(word) + 1 for word in words[:index]) for index in range(len(words) + 1)]
        assert [(offsets[a], offsets[b] - 1, kind) for a, b, kind in found] == expected
    assert ("PER" in {kind for _, _, kind in spans[0]}) and spans[2] == []


@pytest.mark.parametrize(
    "text",
    [
        "что-то 3.14 1/2 a -b :-) ?! -- ** Yahoo! ΔP mβж x_y 10,5% т.е. С.-Петербург",
        "«Коалиция желающих» (Coalition of the willing), 6−7 января 2026 года; +7(495)123-45-67…",
        "e-mail: press@mid.ru, 3 .14, 1 /2 — «ООН»!",
        "",
        "  ",
    ],
)
def test_natasha_models_tokens_are_razdels(text: str) -> None:
    expected = [(token.start + 5, token.stop + 5, token.text) for token in razdel.tokenize(text)]
    assert list(razdel_tokens.tokens(text, 5)) == expected
