"""Plain-text articles: a title line, an optional lead and `Источник:` line, then the body.

The shape is the one news sites' "copy article" and most scrapers produce::

    Заголовок статьи

    Одно предложение о главном (лид)

    Источник: Название издания

    Первый абзац текста...

Paragraphs are separated by blank lines and kept as written (lines are not re-wrapped);
sub-headings stay in the body as paragraphs of their own. Which paragraph is the lead is
decided by `LEAD_RULES`, tried in order; `ParsedText.lead_rule` names the one that fired.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from newsprism.ingest.errors import IngestError
from newsprism.ingest.fields import clean_paragraphs, make_article
from newsprism.model import Article, Origin, clean_line

NO_BODY = "no body: the title line must be followed by the article text"
MAX_LEAD_CHARS = 250
# The source line is looked for only among the first paragraphs after the title: further down,
# "Источник: пресс-служба МВД" names where a fact came from, not the outlet.
SOURCE_LINE_WITHIN = 2

SOURCE_LINE = re.compile(r"^\s*(?:Источник|Source)\s*:\s*(?P<outlet>\S.*?)\s*$", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"»”)]*\s+[\"«„(—–-]*\s*[A-ZА-ЯЁ0-9]")
_SENTENCE_END = re.compile(r"[.!?…][\"»”)]*$")


@dataclass(slots=True, frozen=True)
class ParsedText:
    title: str
    lead: str
    body: str
    outlet: str | None
    lead_rule: str | None  # the name of the rule in LEAD_RULES that chose the lead, if any


NO_TITLE = "no title: the first line is blank"


def read_text(text: str, file: str) -> Iterator[Article | IngestError]:
    """One article from a plain-text file, or an `IngestError` when it has no body."""
    parsed = parse_text(text)
    if not parsed.title:
        yield IngestError(file, None, NO_TITLE)
        return
    if not parsed.body:
        yield IngestError(file, None, NO_BODY)
        return
    yield make_article(
        title=parsed.title,
        lead=parsed.lead,
        body=parsed.body,
        outlet=parsed.outlet,
        origin=Origin(file),
    )


def parse_text(text: str) -> ParsedText:
    """Split a plain-text article into title, lead, body and outlet (see the module docstring)."""
    first_line, _, rest = clean_paragraphs(text).partition("\n")
    title = _MARKDOWN_HEADING.sub("", clean_line(first_line))
    paragraphs = [paragraph.strip("\n") for paragraph in rest.split("\n\n") if paragraph.strip()]
    paragraphs, outlet, source_at = _take_source_line(paragraphs)
    lead, lead_rule = "", None
    for rule in LEAD_RULES:
        index = rule(paragraphs, source_at)
        if index is not None:
            lead, lead_rule = paragraphs.pop(index), rule.__name__
            break
    return ParsedText(title, lead, "\n\n".join(paragraphs), outlet, lead_rule)


def _take_source_line(paragraphs: list[str]) -> tuple[list[str], str | None, int | None]:
    """The paragraphs without the source line, the outlet it names, and how many paragraphs
    preceded it. A source line glued to a neighbouring paragraph is cut out of it."""
    for index, paragraph in enumerate(paragraphs[:SOURCE_LINE_WITHIN]):
        lines = paragraph.split("\n")
        for number, line in enumerate(lines):
            match = SOURCE_LINE.match(line)
            if match is None:
                continue
            before, after = "\n".join(lines[:number]), "\n".join(lines[number + 1 :])
            head = paragraphs[:index] + ([before] if before.strip() else [])
            tail = ([after] if after.strip() else []) + paragraphs[index + 1 :]
            return head + tail, clean_line(match["outlet"]), len(head)
    return paragraphs, None, None


def lead_before_source(paragraphs: Sequence[str], source_at: int | None) -> int | None:
    """The one paragraph between the title and the source line."""
    return 0 if source_at == 1 and len(paragraphs) > 1 else None


def lead_short_sentence(paragraphs: Sequence[str], source_at: int | None) -> int | None:
    """The first paragraph, when it is one short sentence on one line and more paragraphs follow.

    It must end as a sentence does, so that a sub-heading opening the body is not taken."""
    if len(paragraphs) < 2 or (source_at is not None and source_at > 0):
        return None
    first = paragraphs[0].strip()
    if "\n" in first or len(first) > MAX_LEAD_CHARS or _SENTENCE_BREAK.search(first):
        return None
    return 0 if _SENTENCE_END.search(first) else None


LeadRule = Callable[[Sequence[str], int | None], int | None]
LEAD_RULES: tuple[LeadRule, ...] = (lead_before_source, lead_short_sentence)
