"""Where a mention starts and stops, as factRuEval-2016 marks names in news text.

    strip_edges         spaces, brackets and quotes around a name come off; a mark that is part
                        of it stays («Acme Inc.», «Музей им.», «Zoom!»)
    apposition          a place's descriptor joins a name in apposition («в посёлке Заречный»,
                        «озера Светлого»), not a genitive it governs («городов Нордландии»)
    adjective_of_name   adjectives before an organisation's descriptor join it («деловой газеты»);
                        before a bare name or a place's descriptor only adjectives of origin,
                        status or direction do («шведского МИДа», not «древнего Карфагена»)

The quoted name after a descriptor ends before its closing quote (`descriptor_quoted_name`):
factRuEval joins an object's spans from the first to the last, so «партии «Заря»» is marked up to
«Заря» and the closing quote stays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.model import Doc, Entity, Token


@dataclass(slots=True)
class Context:
    """A document's tokens as the entity rules read them."""

    doc: Doc
    tokens: list[Token]
    index_at: dict[int, int]  # token start -> token index

    def word(self, index: int) -> str:
        return self.doc.span_text(self.tokens[index])

    def lemmas(self, entity: Entity) -> str:
        span = self.token_range(entity)
        if span is None:
            return ""
        return " ".join(self.tokens[i].lemma for i in range(span[0], span[1] + 1))

    def token_range(self, entity: Entity) -> tuple[int, int] | None:
        first = self.index_at.get(entity.start)
        if first is None:
            return None
        last = first
        while last + 1 < len(self.tokens) and self.tokens[last + 1].stop <= entity.stop:
            last += 1
        return first, last


_EDGE_PUNCTUATION = " \t\n.,;:!?()[]«»\"“”„'•-–—"


# A final full stop or exclamation mark that is part of a name: an initial («Дж.»), an abbreviated
# word («им.», «св.»), a company form («Inc.», «Ltd.») or a Latin brand («Zoom!»).
_NAME_FINAL_MARK = re.compile(
    r"(?:\b[A-ZА-ЯЁ][a-zа-яё]?|\b[a-zа-яё]{1,3}|\b(?:Inc|Ltd|Corp|Co|Jr|Sr|St|Bros))\.$|[A-Za-z]!$"
)


def strip_edges(text: str, following: str = "") -> str:
    """The text without the punctuation and spaces around it, but for a mark that is part of a name.
    `following` is the text after it: an exclamation mark that a capital letter, a line break or
    the end follows ends the sentence («подписывайтесь на нас в Nordgram!») and is no part of the
    name, one inside a sentence is («компания Yahoo! сообщила»)."""
    stripped = text.strip(_EDGE_PUNCTUATION)
    rest = text[text.index(stripped) + len(stripped) :] if stripped else ""
    if rest[:1] in (".", "!") and _NAME_FINAL_MARK.search(stripped + rest[0]):
        after = (rest[1:] + following).lstrip(" \t")
        if rest[0] == "." or not (after[:1] in ("", "\n") or after[:1].isupper()):
            stripped += rest[0]
    return stripped


def agrees(adjective: Token, noun: Token) -> bool:
    """Whether an adjective agrees with a noun in case and number."""
    return all(adjective.feat(name) == noun.feat(name) for name in ("Case", "Number"))


def apposition(descriptor: Token, name: Token) -> bool:
    """Whether a name stands in apposition to a place descriptor before it: in its case («озера
    Светлого») or in the nominative («в посёлке Заречный»), not a genitive that it governs
    («районы Сибири», «город Нордландии»: places in a place)."""
    case = name.feat("Case")
    if case is None or case == "Nom":
        return True
    return case == descriptor.feat("Case") and name.feat("Number") == descriptor.feat("Number")


# Pronoun-like adjectives («самого», «другой», «этот») never belong to a name.
_PRONOMINAL = frozenset(
    {"самый", "сам", "другой", "этот", "тот", "такой", "весь", "свой", "наш", "ваш", "каждый", "любой",
     "иной", "некоторый", "который", "какой", "всякий", "разный", "многий"}
)  # fmt: skip
# Status and direction adjectives that name what a place or body is: «автономного округа».
_STATUS = frozenset(
    {"государственный", "федеральный", "национальный", "автономный", "муниципальный", "верховный",
     "центральный", "северный", "южный", "западный", "восточный", "северо-западный", "юго-западный",
     "северо-восточный", "юго-восточный", "северовосточный"}
)  # fmt: skip


def adjective_of_name(adjective: Token, before_org_descriptor: bool) -> bool:
    """factRuEval counts in a name the adjectives that say which body or place it is: any before an
    organisation's descriptor («еженедельной газеты», «частного банка»), and before a place's
    descriptor or a bare name only adjectives of origin, status or direction («шведского МИДа»,
    «автономного округа»), not evaluative or time adjectives («соседней Норвегии», «нового
    парламента»)."""
    lemma = adjective.lemma
    if lemma in _PRONOMINAL:
        return False
    if before_org_descriptor:
        return True
    return lemma in _STATUS or lemma.endswith(("ский", "цкий", "ской"))
