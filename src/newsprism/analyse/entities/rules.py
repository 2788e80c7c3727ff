"""Rules that correct and complete the NER's mentions, in order; each is a small named function.

    split_at_brackets         «Ларс Хольмберг (Lars Holmberg)» -> two mentions; stray brackets and
                              quotes dropped, marks of a name kept («Acme Inc.», «им.»)
    word_before_person        «Награждённого Орловым» -> «Орловым»: a capitalised word that is
                              never a name does not open a person's mention (`edges.py`)
    international_orgs        ЕС, НАТО, ООН, Кремль tagged as places -> organisations, and buildings
                              known by the body in them («по программе Белого дома») unless a
                              preposition of where stands before them («у Белого дома»)
    building_as_place         «в Пентагоне», «в Кремле» (where something happens) -> a place
    org_of_country            «Минобороны» + «Нордландии» -> one organisation «Минобороны Нордландии»,
                              with the country kept as a mention nested in it
    person_named_after        «Колледжа им. А.П. Орлова» tagged as a person -> an organisation
                              (a place after a place's descriptor: «улицы имени Орлова»)
    named_after               «Театр» + им. + «Анны Лариной» -> one organisation or place, the
                              person nested in it (`entity_joins.py`)
    descriptor_quoted_name    партии «Северный путь» -> an organisation the NER missed, ending
                              before the closing quote as factRuEval's spans do
    descriptor_before_name    деловой газеты + «Вечерний курьер», шведского + МИДа, озера +
                              Светлого -> the descriptor and the adjectives of the name join it
                              (a place's descriptor only when the name stands in apposition:
                              not «городов + Нордландии»; before a bare name only adjectives of
                              origin or status: not «древнего + Карфагена»)
    first_name_and_surname    a first name and a surname the NER missed (`missed_people.py`)
    propagate_known_names     «Мерцем», «коалиции желающих»: other mentions of names already found
    coordinated_people        «Гусеву и Белову»: people side by side share a case (`coordination.py`)

Each rule is kept only when it gains on both halves of the factRuEval-2016 devset
(`bench/ablate_entities.py`, docs/benchmarks.md).

`apply_rules(doc, entities, trace)` runs them through `rule_runner.through`; with a `trace` list it
records which rule changed which span («why is this an organisation?»: `TagEntities.explain`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsprism.analyse.entities.coordination import coordinated_people
from newsprism.analyse.entities.edges import word_before_person
from newsprism.analyse.entities.joins import named_after
from newsprism.analyse.entities.missed_people import first_name_and_surname
from newsprism.analyse.entities.names import Word, person_word
from newsprism.analyse.entities.spans import Context, adjective_of_name, agrees, apposition, strip_edges
from newsprism.analyse.morph import parse_feats
from newsprism.analyse.rule_runner import Trace, through
from newsprism.model import Doc, Entity, EntityType

INTERNATIONAL_ORGS = frozenset(
    {
        "ес", "евросоюз", "европейский союз", "оон", "нато", "обсе", "снг", "еаэс", "вто", "мвф",
        "воз", "одкб", "шос", "асеан", "опек", "магатэ", "брикс", "юнеско", "юнисеф", "кремль",
    }
)  # fmt: skip

# Nouns that introduce an organisation's proper name: «газета», «компания», «партия» ...
ORG_DESCRIPTORS = frozenset(
    {
        "газета", "издание", "агентство", "информагентство", "телеканал", "радиостанция", "журнал",
        "портал", "сайт", "телекомпания", "издательство", "компания", "корпорация", "концерн",
        "холдинг", "банк", "фонд", "партия", "движение", "организация", "ассоциация", "объединение",
        "клуб", "университет", "институт", "академия", "театр", "музей", "фирма", "авиакомпания",
        "сеть", "соцсеть", "мессенджер", "платформа", "биржа", "оао", "зао", "пао", "ооо", "ао", "нко",
        "группа", "студия", "лейбл", "бренд", "завод", "комбинат", "предприятие", "госкорпорация",
        "телерадиокомпания", "коалиция", "альянс", "блок", "фракция", "профсоюз", "центр", "служба",
    }
)  # fmt: skip

# Nouns that introduce a place's proper name: «реки Светлой», «штата Невада», «посёлка Заречный».
LOC_DESCRIPTORS = frozenset(
    {
        "река", "город", "штат", "район", "площадь", "улица", "проспект", "переулок", "бульвар", "шоссе",
        "область", "край", "республика", "остров", "мыс", "озеро", "гора", "село", "деревня", "посёлок",
        "поселок", "провинция", "регион", "округ", "графство", "залив", "море", "пролив", "полуостров",
        "станица", "аул", "кишлак", "хребет", "долина", "пустыня", "автономия", "княжество", "королевство",
        "эмират", "губерния", "волость", "микрорайон", "набережная", "канал", "океан", "архипелаг",
    }
)  # fmt: skip

_OPENING_QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“"}
_MAX_NAME_TOKENS = 6

EntityRule = Callable[[Context, list[Entity], Trace], list[Entity]]


# Buildings named for the body that sits in them far more often than for the building: not the
# Capitol, which factRuEval counts as a place («на ступенях Капитолия»).
_SEATS = frozenset({"белый дом", "пентагон", "елисейский дворец", "смольный", "даунинг-стрит"})
# Prepositions of where, before which a building is the place: «у Белого дома», «возле Кремля».
_NEAR = frozenset({"у", "около", "возле", "близ", "перед", "напротив", "рядом", "вокруг", "к", "ко"})


def international_orgs(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    for entity in entities:
        lemmas = ctx.lemmas(entity) if entity.type == "LOC" else ""
        if lemmas in INTERNATIONAL_ORGS or (lemmas in _SEATS and not _near(ctx, entity)):
            entity.type = "ORG"
            trace.append(("international_orgs", entity.start, entity.stop))
    return entities


def _near(ctx: Context, entity: Entity) -> bool:
    span = ctx.token_range(entity)
    return span is not None and span[0] > 0 and ctx.word(span[0] - 1).lower() in _NEAR


_SPLITTERS = re.compile(r"[(),•;\n]+")  # a name never crosses a line break


def split_at_brackets(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    result: list[Entity] = []
    for entity in entities:
        text = ctx.doc.span_text(entity)
        if not _SPLITTERS.search(text) and strip_edges(text, ctx.doc.text[entity.stop :][:2]) == text:
            result.append(entity)
            continue
        position = 0
        for part in [*_SPLITTERS.split(text)]:
            offset = text.index(part, position)
            position = offset + len(part)
            stripped = strip_edges(part, (text[position:] or ctx.doc.text[entity.stop :])[:2])
            if not any(char.isalpha() for char in stripped):
                continue
            start = entity.start + offset + part.index(stripped)
            result.append(Entity(start, start + len(stripped), entity.type))
            trace.append(("split_at_brackets", start, start + len(stripped)))
    return result


# Buildings known by the body that sits in them: «Белый дом», «Кремль» are organisations when they
# act («Кремль ответил»), places when something happens in them («приём в Кремле»).
BUILDINGS = frozenset(
    {"белый дом", "кремль", "пентагон", "елисейский дворец", "капитолий", "смольный", "даунинг-стрит"}
)


def building_as_place(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    """«в Пентагоне», «на Капитолии» (в/на and the locative) -> a place, unless a plural verb
    follows with no subject: «в Кремле заявили» stands for the people who work there."""
    for entity in entities:
        span = ctx.token_range(entity)
        if entity.type != "ORG" or span is None or span[0] == 0 or ctx.lemmas(entity) not in BUILDINGS:
            continue
        first, last = span
        after = ctx.tokens[last + 1] if last + 1 < len(ctx.tokens) else None
        if (
            ctx.word(first - 1).lower() in ("в", "во", "на")
            and ctx.tokens[first].feat("Case") == "Loc"
            and not (after is not None and after.pos == "VERB" and after.feat("Number") == "Plur")
        ):
            entity.type = "LOC"
            trace.append(("building_as_place", entity.start, entity.stop))
    return entities


_NAMED_AFTER = frozenset({"им", "им.", "имени"})


def person_named_after(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    """«Лесотехнического колледжа им. А.П. Орлова» tagged as one person: a mention with words
    before «им.» or «имени» names what is named after the person, a place when a place's
    descriptor is among those words («улицы имени Орлова»), else an organisation."""
    for entity in entities:
        span = ctx.token_range(entity) if entity.type == "PER" else None
        if span is None:
            continue
        first, last = span
        marks = [i for i in range(first + 1, last) if ctx.word(i).lower() in _NAMED_AFTER]
        if not marks:
            continue
        before = {ctx.tokens[i].lemma for i in range(first, marks[0])}
        entity.type = "LOC" if before & LOC_DESCRIPTORS else "ORG"
        entity.normal = ""  # normalised again by the caller
        trace.append(("person_named_after", entity.start, entity.stop))
    return entities


def org_of_country(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    result: list[Entity] = []
    for entity in entities:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.type == "ORG"
            and entity.type == "LOC"
            and ctx.doc.text[previous.stop : entity.start] == " "
            and _genitive(ctx, entity)
        ):
            previous.stop = entity.stop
            previous.normal = ""  # normalised again by the caller
            trace.append(("org_of_country", previous.start, previous.stop))
        result.append(entity)  # the country stays a mention of its own, nested in the organisation
    return result


def _genitive(ctx: Context, entity: Entity) -> bool:
    span = ctx.token_range(entity)
    if span is None:
        return False
    feats = ctx.tokens[span[0]].feats
    return (
        "Case=Gen" in feats or ctx.doc.span_text(entity).isupper()
    )  # abbreviations (США) are often untagged


def _overlaps(entities: Sequence[Entity], start: int, stop: int) -> list[Entity]:
    return [e for e in entities if e.start < stop and start < e.stop]


def _replace(entities: list[Entity], new: Entity) -> list[Entity]:
    kept = [e for e in entities if not (e.start < new.stop and new.start < e.stop)]
    kept.append(new)
    kept.sort(key=span_order)
    return kept


def span_order(entity: Entity) -> tuple[int, int]:
    """Sort key: by start, and an enclosing mention before the mentions nested in it."""
    return entity.start, -entity.stop


def _is_descriptor(ctx: Context, index: int, words: frozenset[str] = ORG_DESCRIPTORS) -> bool:
    token = ctx.tokens[index]
    return token.lemma in words and token.pos in ("NOUN", "PROPN")


def descriptor_quoted_name(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    for index in range(len(ctx.tokens) - 2):
        if not _is_descriptor(ctx, index):
            continue
        closing = _OPENING_QUOTES.get(ctx.word(index + 1))
        if closing is None or not ctx.word(index + 2)[:1].isupper():
            continue
        end = next(
            (
                j
                for j in range(index + 2, min(index + 3 + _MAX_NAME_TOKENS, len(ctx.tokens)))
                if ctx.word(j) == closing
            ),
            None,
        )
        if end is None or end == index + 2:
            continue
        # factRuEval ends the name before its closing quote («партии «Заря»» -> «партии «Заря»)
        entities = _add_organisation(ctx, entities, index, end - 1, "descriptor_quoted_name", trace)
    return entities


def _add_organisation(
    ctx: Context, entities: list[Entity], first: int, last: int, rule: str, trace: Trace
) -> list[Entity]:
    """An organisation over tokens first..last, replacing what it covers, unless it covers a person."""
    start, stop = ctx.tokens[first].start, ctx.tokens[last].stop
    if any(e.type == "PER" for e in _overlaps(entities, start, stop)):
        return entities
    trace.append((rule, start, stop))
    return _replace(entities, Entity(start, stop, "ORG"))


def descriptor_before_name(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    for entity in entities:
        span = ctx.token_range(entity)
        if entity.type == "PER" or span is None:
            continue
        words = ORG_DESCRIPTORS if entity.type == "ORG" else LOC_DESCRIPTORS
        head = span[0]
        if (
            not _is_descriptor(ctx, head, words)
            and head > 0
            and _is_descriptor(ctx, head - 1, words)
            and (
                _names_itself(ctx, head - 1, head)
                if entity.type == "ORG"
                else apposition(ctx.tokens[head - 1], ctx.tokens[head])
            )
        ):
            head -= 1
        described = _is_descriptor(ctx, head, words)
        first = head
        # agreeing adjectives before the head: «деловой газеты», «шведского МИДа»
        while (
            first > 0
            and ctx.tokens[first - 1].pos == "ADJ"
            and agrees(ctx.tokens[first - 1], ctx.tokens[head])
            and adjective_of_name(ctx.tokens[first - 1], described and entity.type == "ORG")
        ):
            first -= 1
        if first == span[0]:
            continue
        entity.start = ctx.tokens[first].start
        entity.normal = ""
        trace.append(("descriptor_before_name", entity.start, entity.stop))
    return entities


# Descriptors of what an organisation has, not of what it is: «на сайте фонда», «портал агентства».
_OWNED = frozenset({"сайт", "портал"})


def _names_itself(ctx: Context, descriptor: int, name: int) -> bool:
    """Whether an organisation's descriptor names the organisation itself («банка «Заря»», «компании
    Nordic Steel») rather than many of them or a thing it owns: a plural descriptor is the members
    of a league or a group («клубы Северной лиги», «банки Заречья»), and «сайт», «портал» before a
    name that is neither quoted nor in Latin letters is the body's website («на сайте Минфина»)."""
    word = ctx.tokens[descriptor]
    if word.feat("Number") == "Plur":
        return False
    if word.lemma in _OWNED:
        text = ctx.doc.text[ctx.tokens[name].start : ctx.tokens[name].stop]
        return not text[:1].isalpha() or text.isascii()
    return True


def propagate_known_names(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    """Other mentions of names the article already uses: a surname in another case («Мерцем» after
    «Фридрих Мерц»), a one-word name again, a multiword organisation in lower case («коалиции
    желающих» after «Коалиция желающих»)."""
    covered = bytearray(len(ctx.doc.text))
    for entity in entities:
        covered[entity.start : entity.stop] = b"\x01" * (entity.stop - entity.start)
    single: dict[str, EntityType] = {}  # lower-case word form -> type
    surnames: set[str] = set()
    phrases: dict[tuple[str, ...], EntityType] = {}  # lemma sequence -> type
    for entity in entities:
        span = ctx.token_range(entity)
        if span is None:
            continue
        first, last = span
        if first == last:
            single.setdefault(ctx.word(first).lower(), entity.type)
        elif entity.type != "PER":
            phrases.setdefault(tuple(ctx.tokens[i].lemma for i in range(first, last + 1)), entity.type)
        if entity.type == "PER" and entity.normal:
            surnames.add(entity.normal.split()[-1].lower())
    by_first: dict[str, list[tuple[tuple[str, ...], EntityType]]] = {}  # phrases by first lemma
    for lemmas, phrase_type in phrases.items():
        by_first.setdefault(lemmas[0], []).append((lemmas, phrase_type))
    found: list[Entity] = []
    index = 0
    while index < len(ctx.tokens):
        token = ctx.tokens[index]
        if covered[token.start]:
            index += 1
            continue
        matched = _match_phrase(ctx, index, by_first.get(token.lemma, ()), covered)
        if matched is not None:
            stop_index, phrase_type = matched
            found.append(Entity(token.start, ctx.tokens[stop_index].stop, phrase_type))
            index = stop_index + 1
            continue
        word = ctx.word(index)
        kind: EntityType | None = single.get(word.lower()) if word[:1].isupper() else None
        if kind is None and word[:1].isupper() and token.pos in ("PROPN", "NOUN") and surnames:
            form = person_word(Word(word, token.pos, parse_feats(token.feats), 0, 0), "Masc")
            kind = "PER" if form.lower() in surnames else None
        if kind is not None:
            found.append(Entity(token.start, token.stop, kind))
        index += 1
    for entity in found:
        trace.append(("propagate_known_names", entity.start, entity.stop))
    return entities + found


def _match_phrase(
    ctx: Context, index: int, phrases: Sequence[tuple[tuple[str, ...], EntityType]], covered: bytearray
) -> tuple[int, EntityType] | None:
    for lemmas, kind in phrases:
        end = index + len(lemmas) - 1
        if (
            end < len(ctx.tokens)
            and all(ctx.tokens[index + k].lemma == lemma for k, lemma in enumerate(lemmas))
            and not any(covered[ctx.tokens[i].start] for i in range(index, end + 1))
        ):
            return end, kind
    return None


RULES: tuple[EntityRule, ...] = (
    split_at_brackets,
    word_before_person,
    international_orgs,
    building_as_place,
    org_of_country,
    person_named_after,
    named_after,
    descriptor_quoted_name,
    descriptor_before_name,
    first_name_and_surname,
    propagate_known_names,
    coordinated_people,
)


def apply_rules(doc: Doc, entities: list[Entity], trace: Trace | None = None) -> list[Entity]:
    """The entities corrected and completed by every rule in order; `trace` collects what fired."""
    ctx = Context(doc, doc.tokens, {token.start: index for index, token in enumerate(doc.tokens)})
    entities = through(RULES, ctx, entities, trace if trace is not None else [])
    entities.sort(key=span_order)
    return entities
