"""Bytes to text: UTF-8 first, then the Cyrillic single-byte encodings Russian news comes in.

UTF-8 (with or without a byte-order mark) is tried strictly first, since it is what almost every
file is today and a strict decode never succeeds by accident on cp1251 or koi8-r text. Otherwise
charset-normalizer chooses between cp1251 and koi8-r only: both map nearly every byte to some
character, so a decode always "works", and only a language model tells the right one from
mojibake. Binary files are rejected before any of this, by NUL bytes or control characters.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsprism.errors import DecodeError as DecodeError

# Single-byte encodings tried after UTF-8, as charset-normalizer names them.
CYRILLIC_ENCODINGS = ("cp1251", "koi8_r")

# Real text has almost no control characters; random bytes have about 11%.
MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)

BINARY = "binary file (not text); only text, JSONL, CSV, HTML and RSS/Atom are read"
EMPTY = "empty file: nothing to read"
UNDECODABLE = "cannot decode: not UTF-8, cp1251 or koi8-r; convert the file to UTF-8"


@dataclass(slots=True, frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """The text in `data` and the encoding it was read with.

    Raises `DecodeError` for an empty or whitespace-only input, a binary one, or one that is
    neither UTF-8 nor clean cp1251 or koi8-r text.
    """
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise DecodeError(EMPTY)
    decoded = _decode_utf16(data)
    if decoded is None:
        if _looks_binary(data):
            raise DecodeError(BINARY)
        decoded = _decode_utf8(data) or _decode_cyrillic(data)
    if decoded is None:
        raise DecodeError(UNDECODABLE)
    if not decoded.text.strip():
        raise DecodeError(EMPTY)
    return decoded


def _looks_binary(data: bytes) -> bool:
    sample = data[: 1 << 16]
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls > MAX_CONTROL_SHARE * len(sample)


def _decode_utf16(data: bytes) -> Decoded | None:
    # Only with a byte-order mark: Windows "Unicode" text and Excel exports look like this, and
    # without the mark the NUL bytes of UTF-16 are indistinguishable from a binary file.
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        return Decoded(data.decode("utf-16"), "utf-16")
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes) -> Decoded | None:
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return None


def _decode_cyrillic(data: bytes) -> Decoded | None:
    # Best match first; a strict decode guards against bytes undefined in cp1251 (0x98).
    for match in from_bytes(data, cp_isolation=list(CYRILLIC_ENCODINGS)):
        try:
            return Decoded(data.decode(match.encoding), match.encoding)
        except UnicodeDecodeError:
            continue
    return None
