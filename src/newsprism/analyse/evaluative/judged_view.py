"""A sentence as the rules of `judged_rules` see it (`SentenceView`: its tokens with the mention
covering each), and what a token can stand for: a mention, a personal pronoun, or an unnamed actor
noun, a person in the singular or a group (`GROUP_NOUNS`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.analyse.entities.rules import ORG_DESCRIPTORS
from newsprism.model import Token

_PERSONAL = frozenset({"я", "ты", "он", "она", "оно", "мы", "вы", "они"})


# Nouns that name a group of people acting as one, like an organisation without its name: they can
# be what a word judges even unnamed («бездарная команда», «лживое правительство»).
GROUP_NOUNS = ORG_DESCRIPTORS | frozenset(
    {
        "команда", "сборная", "правительство", "власть", "власти", "страна", "государство",
        "администрация", "министерство", "ведомство", "парламент", "оппозиция", "армия", "руководство",
        "кабмин", "мэрия", "режим", "клика", "хунта", "союз", "федерация", "лига", "штаб",
    }
)  # fmt: skip

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class SentenceView:
    """A sentence's tokens with, for each, the index of the mention covering it (-1 none), and
    each such mention's own span (without its title)."""

    tokens: Sequence[Token]
    mention_of: Sequence[int]
    text: str
    spans: dict[int, Span]

    def mention(self, position: int) -> Span | None:
        index = self.mention_of[position]
        return self.spans[index] if index >= 0 else None

    def word(self, position: int) -> str:
        token = self.tokens[position]
        return self.text[token.start : token.stop]


_LIKE_CASES = frozenset({"Nom", "Acc"})  # the tagger often confuses them, and they look alike


def agrees(a: Token, b: Token) -> bool:
    left, right = a.feat("Case"), b.feat("Case")
    if left and right and left != right and not {left, right} <= _LIKE_CASES:
        return False
    left, right = a.feat("Number"), b.feat("Number")
    if left and right and left != right:
        return False
    if a.feat("Number") != "Plur":
        left, right = a.feat("Gender"), b.feat("Gender")
        if left and right and left != right:
            return False
    return True


def actor_noun(token: Token) -> bool:
    """A common noun that can name one actor without a name: a person in the singular («гонщик»;
    the plural is mostly people in general, «многие талантливые ребята») or a group («команда»,
    «правительство»)."""
    if token.pos != "NOUN":
        return False
    return token.lemma in GROUP_NOUNS or (token.feat("Animacy") == "Anim" and token.feat("Number") != "Plur")


def superlative(token: Token, word: str) -> bool:
    """A superlative adjective, tagged so or by its suffix -ейш-/-айш- («величайшем», «сильнейший»)."""
    lower = word.lower()
    return token.feat("Degree") == "Sup" or (
        ("ейш" in lower or "айш" in lower) and "ейш" not in token.lemma and "айш" not in token.lemma
    )


def _pronoun(token: Token) -> bool:
    """A personal pronoun («он», «мы»), which stands for an actor."""
    return token.pos == "PRON" and token.lemma in _PERSONAL


def referent(sentence: SentenceView, position: int, pronouns: bool = True) -> Span | None:
    """What the token at `position` refers to, if it can be judged: the mention covering it, else
    a personal pronoun or an unnamed actor noun itself (as its own span)."""
    mention = sentence.mention(position)
    if mention is not None:
        return mention
    token = sentence.tokens[position]
    if (pronouns and _pronoun(token)) or actor_noun(token):
        return token.start, token.stop
    return None


def mention_indexes(tokens: Sequence[Token], spans: Sequence[tuple[int, int, int]]) -> list[int]:
    """For each token, the index of the mention whose span (index, start, stop) covers it, -1 none."""
    out = []
    for token in tokens:
        found = -1
        for index, start, stop in spans:
            if start <= token.start and token.stop <= stop:
                found = index
                break
        out.append(found)
    return out
