"""What two figures of different outlets rest on when they are compared: the words next to each
(`same_subject`), the words of each one's own clause (`clause_overlap`, which a conflict needs) and
whether they stand in one aligned fact (`same_fact`). `figure_contexts` reads these once per story.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsprism.compare.alignment import Fact
from newsprism.compare.figure_times import TimedFigure
from newsprism.compare.statements import CONTENT_POS, Statement
from newsprism.model import Article, Doc, Entity, Token, within
from newsprism.text import name_key

# Words around a figure that say nothing of what it is about.
_GENERIC = frozenset(
    {"быть", "составлять", "составить", "стать", "около", "более", "менее", "год", "весь", "свой",
     "этот", "тот", "который", "такой", "также", "уже", "еще", "только", "всего", "почти", "число",
     "количество", "общий", "итог", "сообщать", "сообщить", "заявить", "говорить", "сказать",
     "есть", "иметься", "находиться", "насчитываться", "где", "куда", "откуда", "когда"}
)  # fmt: skip
_WINDOW = 6  # tokens on each side of a figure that say what it is about
# What ends a figure's clause: «из них 1169 человек умерли, 13 220 выздоровели».
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")"})
_CLAUSE_WORDS = frozenset({"а", "но", "однако", "тогда"})


# Words that set the scope of a count: a player's matches «во всех турнирах», «в чемпионате», «за
# сборную» are different counts.
_SCOPES = frozenset({"турнир", "чемпионат", "первенство", "серия", "лига", "кубок", "плей-офф", "сборная"})
# The same scopes in classes, for whole sentences: «в чемпионате», «в Бундеслиге», «в РПЛ» are a league.
_LEAGUE = frozenset({"чемпионат", "первенство", "серия", "лига", "рпл", "апл", "кхл", "нхл", "нба"})

# What a player's or team's record counts: a count of these in one competition is not one in another.
_TALLIES = frozenset(
    {"матч", "игра", "встреча", "поединок", "гол", "мяч", "шайба", "передача", "очко", "победа",
     "поражение", "ничья", "бой", "минута", "старт"}
)  # fmt: skip


def scope_of(lemma: str) -> str:
    """The class of competition a word names («бундеслига», «премьер-лига», «чемпионат» -> «лига»,
    «сборная», «кубок»), or "" for none."""
    if lemma in _LEAGUE or lemma.endswith("лига"):
        return "лига"
    return lemma if lemma in _SCOPES else ""


# Nouns that name what a sum or a share measures, in classes (the first word names the class): «убыток
# в $3 млрд» and «убытки составили $3,2 млрд» measure one thing, «выручка» another; «стоимость
# компании» and «капитализация» one.
_MEASURES: tuple[tuple[str, ...], ...] = (
    ("убыток",), ("прибыль",), ("выручка",), ("доход",), ("расход", "затрата"), ("оборот",),
    ("стоимость", "капитализация"), ("акция", "бумага", "котировка"), ("цена",), ("тариф",),
    ("долг", "задолженность"), ("зарплата", "оклад"), ("дивиденд",), ("инфляция",), ("ставка",),
    ("штраф",), ("бюджет",), ("дефицит",), ("профицит",), ("экспорт",), ("импорт",),
    ("инвестиция", "вложение"), ("кредит", "заём", "займ"), ("налог",), ("пенсия",), ("пособие",),
    ("безработица",), ("ввп",),
)  # fmt: skip
_MEASURE_OF = {word: members[0] for members in _MEASURES for word in members}
# Moments of a trading session: a share's move «к закрытию торгов» is the day's close, another told
# without one («после заявления акции упали на 6%») may be any moment before it.
_SESSION = frozenset({"торги", "торг"})  # «торгов» is read as either
_SESSION_MOMENTS = frozenset({"открытие", "закрытие", "начало", "конец", "окончание", "итог"})


def clause_marks(doc: Doc, tokens: Sequence[Token]) -> list[int]:
    """The indexes of the tokens that end a clause: a comma, colon, bracket or «а»/«но»."""
    return [
        n
        for n, t in enumerate(tokens)
        if doc.text[t.start : t.stop] in _CLAUSE_MARKS
        or (t.pos == "CCONJ" and doc.text[t.start : t.stop].lower() in _CLAUSE_WORDS)
    ]


def clause_bounds(marks: Sequence[int], first: int, last: int, count: int) -> tuple[int, int]:
    """Where the clause of tokens first..last (exclusive) begins and ends, by `clause_marks`."""
    begin = max((n + 1 for n in marks if n < first), default=0)
    return begin, min((n for n in marks if n >= last), default=count)


@dataclass(slots=True, frozen=True)
class FigureContext:
    """What a figure is about: the content lemmas next to it (`lemmas`), the canonical entities
    named near it (`named`), the content lemmas of its own clause (`clause`) and the classes of
    what the clause says a sum or share measures (`measures`: «убыток», «стоимость»), and the
    moment of a trading session its sentence names (`moment`)."""

    lemmas: set[str]
    named: set[str]
    clause: set[str]
    measures: frozenset[str] = frozenset()
    moment: frozenset[str] = frozenset()  # of a trading session: «к закрытию торгов» -> {"закрытие"}
    people: frozenset[str] = frozenset()  # the canonical people its clause names
    others: frozenset[str] = frozenset()  # the canonical places and organisations its clause names
    scope: frozenset[str] = frozenset()  # the competitions its sentence names (`scope_of`)


def figure_contexts(
    items: Sequence[tuple[Article, Doc]],
    statements: Mapping[str, Sequence[Statement]],
    canonical_of: Mapping[str, str] | None = None,
) -> dict[tuple[str, int], FigureContext]:
    """For each figure (article id, start): the content lemmas next to it (what it is about:
    «на заводе работают», «в городе живут»), the canonical entities named near it, and the
    content lemmas of its clause, up to a comma, colon, bracket or «а»/«но» («из них 120 человек
    умерли, 300 выздоровели»: «умереть» for 120, «выздороветь» for 300)."""
    out: dict[tuple[str, int], FigureContext] = {}
    for article, doc in items:
        for statement in statements.get(article.id, ()):
            if not statement.figures:
                continue
            tokens = within(doc.tokens, statement.start, statement.stop)
            entities = within(doc.entities, statement.start, statement.stop)
            sentence = {t.lemma.lower() for t in tokens if t.pos in CONTENT_POS}
            marks = clause_marks(doc, tokens)
            scope = frozenset(scope_of(w) for w in sentence) - {""}
            for figure in statement.figures:
                first = next((n for n, t in enumerate(tokens) if t.stop > figure.start), len(tokens))
                last = next((n for n, t in enumerate(tokens) if t.start >= figure.stop), len(tokens))
                near = tokens[max(0, first - _WINDOW) : first] + tokens[last : last + _WINDOW]
                own = {figure.counted, *figure.counted.split("-")}
                lemmas = {t.lemma for t in near if t.pos in CONTENT_POS and t.lemma not in _GENERIC} - own
                low = tokens[max(0, first - 2 * _WINDOW)].start if tokens else figure.start
                high = tokens[min(len(tokens), last + 2 * _WINDOW) - 1].stop if tokens else figure.stop
                named = {e.canonical or e.normal for e in entities if e.stop > low and e.start < high}
                begin, end = clause_bounds(marks, first, last, len(tokens))
                clause = {
                    t.lemma.lower()
                    for t in tokens[begin:first] + tokens[last:end]
                    if t.pos in CONTENT_POS and t.pos != "NUM" and t.lemma not in _GENERIC
                    and not t.lemma[:1].isdigit()
                } - own  # fmt: skip
                measures = frozenset(_MEASURE_OF[w] for w in clause if w in _MEASURE_OF)
                moment = sentence & _SESSION_MOMENTS if _SESSION & sentence else set()
                clause_start = tokens[begin].start if begin < len(tokens) else figure.start
                clause_stop = tokens[end - 1].stop if end > 0 else figure.stop
                people, others = story_names(
                    [e for e in entities if e.stop > clause_start and e.start < clause_stop], canonical_of
                )
                out[(article.id, figure.start)] = FigureContext(
                    lemmas, named, clause, measures, frozenset(moment), people, others, scope
                )
    return out


def story_names(
    entities: Sequence[Entity], canonical_of: Mapping[str, str] | None = None
) -> tuple[frozenset[str], frozenset[str]]:
    """The story-wide canonical names (`canonical_of`, by `name_key`) of these entities: the
    people, and the places and organisations; «Евтушенко» in one article and «Вадим Евтушенко» in
    another are one name."""

    def name(entity: Entity) -> str:
        own = entity.canonical or entity.normal
        return (canonical_of or {}).get(name_key(own), own)

    return (
        frozenset(name(e) for e in entities if e.type == "PER"),
        frozenset(name(e) for e in entities if e.type != "PER"),
    )


def same_subject(
    context: Mapping[tuple[str, int], FigureContext],
) -> Callable[[TimedFigure, TimedFigure], bool]:
    """Whether two figures in sentences that were not aligned as one fact are about one subject:
    the words right next to them share a content word («работают 1 460 человек» and «работают
    около 1 500 человек», not «на заводе работают» and «в городе живут»), or an entity is named
    close to both («в коалицию войдут около 50 стран», «коалиция — объединение около 30 стран»)."""

    def same(a: TimedFigure, b: TimedFigure) -> bool:
        left = context.get((a.article_id, a.figure.start))
        right = context.get((b.article_id, b.figure.start))
        if left is None or right is None or other_subjects(left, right, mixed=False):
            return False
        return bool(left.lemmas & right.lemmas) or bool(left.named & right.named)

    return same


def clause_overlap(
    context: Mapping[tuple[str, int], FigureContext],
) -> Callable[[TimedFigure, TimedFigure], int]:
    """How many content words the clauses of two figures share: what a conflict must rest on
    («умерли 120 человек» against «умерли 150 человек» share «умереть»; «умерли 120 человек»
    and «выздоровели 300 человек» share nothing). A figure in a clause of nothing else (in
    brackets, «…, где есть три стадиона») shares the words next to it instead. Clauses that
    both name a scope, and different ones, share nothing: «10 матчей во всех турнирах» and «6
    матчей в лиге» (not «6 матчей в сезоне» and «6 матчей в лиге»), and so do a player's or team's
    tallies (`_TALLIES`) whose sentences name different competitions, or one a competition and the
    other none («в Бундеслиге сделал 15 передач» and «сделал 19 передач», which may count all of
    them: `scope_of`); so do clauses that both name
    what a sum measures, and different things («убыток составил $2 млрд» and «выручка составила
    $2,5 млрд»), and figures whose sentences name different moments of a trading session («акции упали на 6%
    после заявления» and «к закрытию торгов акции упали на 7%»)."""

    def shared(a: TimedFigure, b: TimedFigure) -> int:
        left = context.get((a.article_id, a.figure.start))
        right = context.get((b.article_id, b.figure.start))
        if left is None or right is None or other_subjects(left, right):
            return 0
        scopes = (left.clause & _SCOPES, right.clause & _SCOPES)
        if all(scopes) and scopes[0] != scopes[1]:
            return 0
        if left.scope != right.scope and {a.figure.counted, b.figure.counted} & _TALLIES:
            return 0  # «в Бундеслиге сделал 15 передач» against «сделал 19 передач» (in all)
        if left.measures and right.measures and not left.measures & right.measures:
            return 0
        if left.moment != right.moment:
            return 0
        if not (left.clause and right.clause):
            return len(left.lemmas & right.lemmas)  # a clause of the figure alone says nothing
        return len(left.clause & right.clause)

    return shared


def other_subjects(left: FigureContext, right: FigureContext, mixed: bool = True) -> bool:
    """Whether the clauses of two figures are about different named subjects: both name people and
    none in common («Петров провёл 30 матчей», «Сидоров провёл 19 матчей»), or both name places or
    organisations and neither a person, none in common («в Арктике тает 120 тонн», «в Андах тает
    200 тонн»). `mixed` (what a conflict needs): any names, none in common, also tell — a person
    against a place or club is as often another subject, or a person the tagger took for one
    («в сезоне Лиги Сомов провёл 19 матчей» with «Лиги Сомов» tagged as a body); without it a
    person against a place says nothing («Петров говорил о 14 рыбаках», «судьба 14 рыбаков в
    Заречье»)."""
    if left.people and right.people:
        return not left.people & right.people
    names = (left.people | left.others, right.people | right.others)
    if not mixed and (left.people or right.people):
        return False
    return bool(names[0] and names[1] and not names[0] & names[1])


def same_measure(
    context: Mapping[tuple[str, int], FigureContext],
) -> Callable[[TimedFigure, TimedFigure], bool]:
    """Whether the clauses of two figures say they measure the same thing: «чистый убыток банка
    составил 3 млрд рублей» and «банк получил убыток в 3,4 млрд рублей» (both «убыток»), «акции
    упали на 8%» and «бумаги подешевели на 9%» (both stock). Two sums or shares of no counted noun
    that measure one thing compare by unit, as figures of one fact do."""

    def same(a: TimedFigure, b: TimedFigure) -> bool:
        left = context.get((a.article_id, a.figure.start))
        right = context.get((b.article_id, b.figure.start))
        return left is not None and right is not None and bool(left.measures & right.measures)

    return same


def same_fact(facts: Sequence[Fact]) -> Callable[[TimedFigure, TimedFigure], bool]:
    """Whether two figures stand in statements aligned as one fact."""
    fact_of: dict[tuple[str, int], int] = {}
    for fact in facts:
        if len(fact.article_ids) > 1:
            for statement in fact.statements:
                for figure in statement.figures:
                    fact_of[(statement.article_id, figure.start)] = fact.id

    def same(a: TimedFigure, b: TimedFigure) -> bool:
        left = fact_of.get((a.article_id, a.figure.start))
        return left is not None and left == fact_of.get((b.article_id, b.figure.start))

    return same
