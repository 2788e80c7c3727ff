"""What a story's articles say, sentence by sentence: the units that the comparison aligns.

A `Statement` is one sentence of one article (the title counts as one) with what its content is
made of: content-word lemmas, the canonical entities it names, its figures and its dates. Offsets
are into the article's text, so every finding built on statements points back to its words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlparse

from newsprism.model import Article, Doc, Figure, within

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
STOP_LEMMAS = frozenset(
    {"быть", "этот", "тот", "весь", "свой", "такой", "который", "также", "уже", "еще", "очень", "так",
     "стать", "мочь", "год", "время", "сам", "один", "другой", "как", "там", "тут", "здесь"}
)  # fmt: skip


UNKNOWN_OUTLET = "outlet unknown"  # the label's English words; presentation translates them


def source_label(article: Article) -> str:
    """How the report names an article's source: its outlet, else the site of its URL, else its file."""
    if article.outlet:
        return article.outlet
    if article.url:
        host = urlparse(article.url).hostname
        if host:
            return host.removeprefix("www.")
    if article.origin and article.origin.file not in ("", "-"):
        return f"{UNKNOWN_OUTLET} ({PurePath(article.origin.file).name})"
    return f"{UNKNOWN_OUTLET} ({article.id[:8]})"


@dataclass(slots=True)
class Statement:
    """One sentence of one article, and what it is made of."""

    article_id: str
    index: int  # position among the article's statements
    start: int
    stop: int
    text: str
    is_title: bool
    lemmas: list[str] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)  # canonical names
    figures: list[Figure] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO values

    def __hash__(self) -> int:
        return hash((self.article_id, self.index))


def statements_of(article: Article, doc: Doc) -> list[Statement]:
    """The article's sentences as statements; a sentence shorter than three words is left out
    (a bare heading or a dateline says nothing to align)."""
    title_stop = len(article.title)
    out: list[Statement] = []
    for sentence, tokens in doc.iter_sentence_tokens():
        words = [t for t in tokens if t.pos not in ("PUNCT", "SYM")]
        if len(words) < 3 and sentence.stop > title_stop:
            continue
        lemmas = [t.lemma for t in tokens if t.pos in CONTENT_POS and t.lemma and t.lemma not in STOP_LEMMAS]
        entities = {e.canonical or e.normal for e in within(doc.entities, sentence.start, sentence.stop)}
        out.append(
            Statement(
                article_id=article.id,
                index=len(out),
                start=sentence.start,
                stop=sentence.stop,
                text=doc.text[sentence.start : sentence.stop],
                is_title=sentence.stop <= title_stop,
                lemmas=lemmas,
                entities=entities,
                figures=within(doc.figures, sentence.start, sentence.stop),
                dates=[d.value for d in within(doc.dates, sentence.start, sentence.stop) if d.value],
            )
        )
    return out


def statement_at(statements: Sequence[Statement], offset: int) -> Statement | None:
    """The statement that contains a character offset."""
    for statement in statements:
        if statement.start <= offset < statement.stop:
            return statement
    return None
