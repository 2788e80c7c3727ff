"""Safe text for the terminal: every string that came from input is printed as what it says.

A title, an outlet, a date field or a file name is never read as rich markup (`[/x]` would raise
`MarkupError`, `[link=…]` would make a link) nor as emoji codes, and never reaches the terminal
as an escape sequence (clear the screen, set the window title, an OSC 8 link):

    control characters      C0 (U+0000-001F, but newlines where lines are wanted) and DEL as their
                            Control Pictures (ESC as ␛, U+241B); C1 (U+0080-009F) as `\\x9b`
    line and paragraph      U+2028/U+2029 (and newlines in one-line text) as a space
    separators
    lone surrogates         a byte of a file name that is not UTF-8 as `\\xe9`, others as `\\udXXX`:
                            they cannot be written to the terminal at all
    invisible characters    dropped (`newsprism.chars.INVISIBLE`: zero-width space, bidi marks…)

Build output from `text()`, `line()` and `error()`, which return rich `Text` (plain, styled as a
whole), and pass only those, never an f-string holding input, to `Console.print`, `Table.add_row`
or `Console.rule`.
"""

from __future__ import annotations

import re

from rich.text import Text

from newsprism.chars import INVISIBLE

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_ONE_LINE: dict[int, str] = {
    **_CONTROL_PICTURES,
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    **{code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)},  # surrogateescape bytes
    **{code: f"\\u{code:04x}" for code in range(0xD800, 0xDC80)},
    **{code: f"\\u{code:04x}" for code in range(0xDD00, 0xE000)},
    **{ord(char): "" for char in INVISIBLE},
    ord("\t"): " ",
    ord("\n"): " ",
    0x2028: " ",
    0x2029: " ",
}
_LINES = {**_ONE_LINE, ord("\n"): "\n"}
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(INVISIBLE)) + "]")


def plain(value: object, *, lines: bool = False) -> str:
    """`value` as a string that shows in a terminal as it reads: no control characters, no
    surrogates, no invisible characters; newlines kept only with `lines`."""
    string = value if isinstance(value, str) else str(value)
    if not _UNSAFE.search(string):
        return string
    return string.translate(_LINES if lines else _ONE_LINE)


def text(value: object, style: str = "", *, lines: bool = False) -> Text:
    """`value` as plain rich `Text` in one `style`: never parsed as markup."""
    return Text(plain(value, lines=lines), style=style)


def line(*parts: object | tuple[object, str]) -> Text:
    """One `Text` from parts, each a value or a (value, style) pair, each made `plain`."""
    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            value, style = part
            result.append(plain(value), style=style)
        else:
            result.append(plain(part))
    return result


def error(message: object) -> Text:
    """`error: message`, the word in red."""
    return line(("error:", "red"), " ", message)


def warning(message: object) -> Text:
    """`warning: message`, the word in yellow."""
    return line(("warning:", "yellow"), " ", message)
