import random

import pytest

from newsprism.ingest.decode import BINARY, EMPTY, UNDECODABLE, DecodeError, decode

# Our own test text; koi8-r has no «» or em dash, so the paragraph avoids them.
PARAGRAPH = (
    "Жители Заречного района третий месяц ждут открытия моста через реку Сось. "
    "По словам главы района Петра Сидорова, подрядчик уже заменил опоры и приступил к укладке "
    "нового полотна, а движение откроют не раньше октября. Пока людям приходится объезжать реку "
    "через соседний посёлок, что занимает лишний час."
)
ARTICLE = (
    "Мост через Сось откроют осенью\n\n"
    "Ремонт затянулся из-за поставок металла.\n\n"
    "Глава района пообещал, что к зиме по мосту пойдут автобусы."
)
HEADLINE = "Новый мост откроют осенью"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
@pytest.mark.parametrize("text", [PARAGRAPH, ARTICLE, HEADLINE], ids=["paragraph", "article", "headline"])
def test_decode_cyrillic_single_byte(text: str, encoding: str) -> None:
    decoded = decode(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_decode_utf8() -> None:
    decoded = decode(PARAGRAPH.encode("utf-8"))
    assert decoded.text == PARAGRAPH
    assert decoded.encoding == "utf-8"


def test_decode_utf8_bom_is_dropped() -> None:
    decoded = decode(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert decoded.text == ARTICLE
    assert decoded.encoding == "utf-8-sig"


def test_decode_utf16_with_bom() -> None:
    decoded = decode(ARTICLE.encode("utf-16"))
    assert decoded.text == ARTICLE
    assert decoded.encoding == "utf-16"


def test_decode_ascii_is_utf8() -> None:
    assert decode(b"Bridge opens in autumn\n").encoding == "utf-8"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "Мост".encode() + b"\x00" + "откроют".encode(),
        bytes(range(1, 256)) * 4,  # control characters without a NUL byte
    ],
    ids=["png", "nul-in-text", "control-characters"],
)
def test_decode_rejects_binary(data: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert str(caught.value) == BINARY
    assert str(caught.value).startswith("binary file (not text)")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf\n"], ids=["empty", "whitespace", "bom"])
def test_decode_rejects_empty(data: bytes) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert str(caught.value) == EMPTY
    assert EMPTY.startswith("empty file")


def test_decode_rejects_undecodable() -> None:
    # High bytes in no order: strict UTF-8 fails, and as cp1251 or koi8-r they are gibberish.
    rng = random.Random(1)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(400))
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert str(caught.value) == UNDECODABLE
    assert "not UTF-8, cp1251 or koi8-r" in str(caught.value)
