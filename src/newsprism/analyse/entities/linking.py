"""Mentions linked to the names they refer to within an article.

    keep_indeclinable      first, «в Долмабахче» and «дворец Долмабахче» keep one unchanged name

    alias_table            «Центробанк», «ЦБ» -> «Центральный банк» (`aliases.py`)
    acronym                «ЗТЗ» -> «Заречинский трубный завод» named in the article (`aliases.py`)
    surname_of_full_name   «Макрон» -> «Эммануэль Макрон» when the article names him in full, also
                           when the NER took the surname for a place («политики Громова»)
    surname_with_initials  «Сапаровой Д. Н.» -> «Дарига Сапарова», whose first name starts with «Д»
    name_without_descriptor «газета Le Monde» -> «Le Monde», «шведского МИДа» -> «МИД»
    title_of_country       «французский лидер», «президент Франции», «глава российского государства»
                           -> the person the article introduces with that title and country
                           («Президент Франции Эммануэль Макрон»); added as descriptor mentions
    title_of_recent_person «глава государства» with no country -> the title holder mentioned just
                           before, unless another holder shares that sentence
    apposition_alias       «"Коалиция желающих", или "Коалиция решительных" (Coalition of the
                           willing)»: the other names become aliases of the first

Each linked mention keeps the rule in `Entity.link_rule`: with the mention's offsets, that is the
evidence for the link. Around the linking, `consistency.py` gives each name one type in the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsprism.analyse import model_identity, natasha_models
from newsprism.analyse.entities import consistency
from newsprism.analyse.entities.aliases import alias_table, link_acronyms
from newsprism.analyse.entities.countries import country_key, country_of_adjective
from newsprism.analyse.entities.names import Word, normalise, person_word
from newsprism.analyse.entities.rules import LOC_DESCRIPTORS, ORG_DESCRIPTORS, span_order
from newsprism.analyse.entities.spans import Context as RuleContext
from newsprism.analyse.entities.step import mention_words
from newsprism.analyse.morph import parse_feats
from newsprism.analyse.pipeline import Step
from newsprism.analyse.rule_runner import Explained, Trace
from newsprism.model import Doc, Entity
from newsprism.text import fold

# Title lemma -> class; a descriptor links to a person introduced with a title of a compatible class.
TITLES: dict[str, str] = {
    "президент": "head_of_state", "лидер": "leader", "глава": "leader", "премьер": "head_of_government",
    "премьер-министр": "head_of_government", "канцлер": "head_of_government", "король": "monarch",
    "королева": "monarch", "госсекретарь": "secretary_of_state", "постпред": "envoy", "посол": "envoy",
    "мэр": "mayor", "губернатор": "governor", "генсек": "secretary_general",
    # loaded titles name a leader as well: «российский диктатор», «белорусский правитель»
    "диктатор": "leader", "правитель": "leader", "тиран": "leader", "узурпатор": "leader",
}  # fmt: skip
COMPATIBLE: dict[str, tuple[str, ...]] = {
    "leader": ("head_of_state", "head_of_government", "leader"),
    "head_of_state": ("head_of_state", "leader"),
    "head_of_government": ("head_of_government", "leader"),
}
_QUOTE_CLOSE = "\"»”“'"
_ALIAS_AFTER = re.compile(
    r"[\"»”]?\s*,?\s*(?:или|либо|он же|она же|то есть|иначе)\s+[\"«“„]([^\"«»“”„]{2,80})[\"»”“]"
)
_LATIN_IN_BRACKETS = re.compile(r"[\"»”]?\s*\(([A-Za-z][A-Za-z0-9 '&.-]{1,80})\)")
_SKIP_IN_NAME = _QUOTE_CLOSE + "«„ "


@dataclass(slots=True)
class Introduced:
    """A person introduced with a title: «Президент Франции Эммануэль Макрон»."""

    position: int
    title_class: str
    country: str | None
    name: str


class LinkMentions(Explained, Step):
    """Sets `Entity.canonical` for every mention and adds descriptor mentions of people."""

    name = "links"
    version = 8  # 7: an oblique surname takes the nominative its article writes (declension.py); 8: clubs
    requires = ("entities", "lemmas")
    assigns = ("links",)

    def models(self) -> tuple[str, ...]:
        return model_identity.packages(model_identity.MORPHOLOGY)

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The links made, what the consistency rules changed recorded in `trace`."""
        ctx = RuleContext(doc, doc.tokens, {t.start: i for i, t in enumerate(doc.tokens)})
        keep_indeclinable(ctx, doc.entities)
        for entity in doc.entities:
            entity.canonical = name_without_descriptor(ctx, entity) or entity.normal
        alias_table(doc.entities)
        for rule in consistency.BEFORE_LINKING:
            rule(doc, doc.entities, trace)
        doc.entities = link_acronyms(ctx, doc.entities)
        link_surnames(ctx, doc.entities)
        add_aliases(ctx, doc)
        doc.entities.extend(title_descriptors(ctx, doc.entities))
        doc.entities.sort(key=span_order)
        unify_spelling(doc.entities)
        for rule in consistency.AFTER_LINKING:
            rule(doc, doc.entities, trace)
        return doc


_CASE_GROUPS = {
    "Nom": "direct",
    "Acc": "direct",
    "Gen": "direct",
    "Dat": "oblique",
    "Loc": "oblique",
    "Ins": "ins",
}


def keep_indeclinable(ctx: RuleContext, entities: list[Entity]) -> None:
    """A one-word place or organisation that the dictionary does not know, written alike in cases
    a declining word writes apart (nominative, genitive or accusative; dative or locative;
    instrumental), does not decline: «дворец Долмабахче» and «в Долмабахче» are one «Долмабахче»,
    not a «Долмабахча» besides. Words in «-и» are left out: «Казани» is a genitive and a locative.
    A person's one-word mention too («Гюнтеру Кёте» and «Кёте сказал» make «Кёте», not «Кёта»),
    with the words of the person's longer mentions as witnesses, unless it ends in «-ой»/«-ей»:
    a woman's «Шиловой» is her genitive, dative, instrumental and locative alike."""
    groups: dict[str, set[str]] = {}
    one_word: list[tuple[Entity, str]] = []
    for entity in entities:
        span = ctx.token_range(entity)
        person = entity.type == "PER"
        if span is None or (span[0] != span[1] and not person):
            continue
        for index in range(span[0], span[1] + 1):
            word = ctx.word(index)
            lower = fold(word)
            if (
                not _is_cyrillic(word)
                or lower.endswith(("и", "ой", "ей") if person else "и")
                or any(r.known for r in natasha_models.parse_word(lower))
            ):
                continue
            case = parse_feats(ctx.tokens[index].feats).get("Case", "")
            groups.setdefault(lower, set()).add(_CASE_GROUPS.get(case, "direct"))
            if span[0] == span[1]:
                one_word.append((entity, word))
    for entity, word in one_word:
        if len(groups[fold(word)]) > 1:
            entity.normal = word


def name_without_descriptor(ctx: RuleContext, entity: Entity) -> str:
    """The proper name inside a mention that starts with descriptors or adjectives."""
    span = ctx.token_range(entity)
    if entity.type == "PER" or span is None:
        return ""
    first, last = span
    index = first
    descriptors = ORG_DESCRIPTORS | LOC_DESCRIPTORS
    while index < last and (ctx.tokens[index].pos == "ADJ" or ctx.tokens[index].lemma in descriptors):
        index += 1
    if index == first:
        return ""
    stripped = range(first, index)
    # Only descriptors («газета», «реки») or lower-case adjectives («шведского») come off, and only
    # before what is plainly a name: «Коалиция желающих», «Комсомольская правда» stay whole.
    if not any(ctx.tokens[i].lemma in descriptors or ctx.word(i).islower() for i in stripped):
        return ""
    while index <= last and ctx.word(index) in _SKIP_IN_NAME:
        index += 1
    if index > last or not (ctx.word(index - 1) in '«"“„' or ctx.word(index)[:1].isupper()):
        return ""
    quoted_or_latin = ctx.word(index - 1) in '«"“„' or not _is_cyrillic(ctx.word(index))
    if not quoted_or_latin and any(ctx.tokens[i].lemma in descriptors for i in stripped):
        return ""  # «Банк России», «Театр Сатиры»: the descriptor is part of the name
    words = mention_words(ctx.doc, ctx.tokens[index].start, entity.stop)
    if words and words[-1].text in _QUOTE_CLOSE:
        words = words[:-1]
    if not words:
        return ""
    quoted = ctx.word(index - 1) in '«"“„'
    if quoted or not any(char.isalpha() and "а" <= char.lower() <= "я" for char in words[0].text):
        return ctx.doc.text[words[0].start : words[-1].stop]  # quoted and Latin names do not inflect
    return normalise(entity.type, words)


def _is_cyrillic(word: str) -> bool:
    return any("а" <= char.lower() <= "я" or char in "ёЁ" for char in word)


def link_surnames(ctx: RuleContext, entities: list[Entity]) -> None:
    """A one-word name takes the full name whose last word it is, the nearest before it first. A
    one-word place or organisation («Громова» tagged as a place) does so too, and becomes a person.
    So does a surname with initials, when the first initial is the full name's."""
    full: list[Entity] = [
        e
        for e in entities
        if e.type == "PER" and len(e.canonical.split()) > 1 and not _without_initials(e.canonical)[1]
    ]
    if not full:
        return
    stems = {f.canonical.split()[-1][:3].lower() for f in full}  # skips most words without inflecting
    by_surname: dict[str, list[tuple[int, Entity]]] = {}  # looked up, not scanned, per one-word name
    for number, f in enumerate(full):
        by_surname.setdefault(f.canonical.split()[-1].lower(), []).append((number, f))
    for entity in entities:
        surname, letters = _without_initials(entity.canonical)
        if entity.kind != "name" or not surname:
            continue
        if letters:  # «Сапарова Д. Н.»: the full name whose first name starts with the first initial
            candidates = [f for _, f in by_surname.get(surname.lower(), []) if f.canonical[:1] == letters[0]]
            before = [f for f in candidates if f.start < entity.start]
            if candidates:
                chosen = before[-1] if before else candidates[0]
                entity.type, entity.canonical = "PER", chosen.canonical
                entity.link_rule = "surname_with_initials"
            continue
        surnames = {entity.canonical.lower()}
        if entity.type != "PER" and entity.canonical[:3].lower() in stems:
            span = ctx.token_range(entity)
            if span is None or span[0] != span[1] or not ctx.word(span[0])[:1].isupper():
                continue
            token = ctx.tokens[span[0]]
            word = Word(ctx.word(span[0]), "PROPN", parse_feats(token.feats), token.start, token.stop)
            surnames |= {person_word(word, gender).lower() for gender in ("Masc", "Fem")}
        candidates = [f for _, f in sorted(pair for name in surnames for pair in by_surname.get(name, []))]
        if not candidates:
            continue
        before = [f for f in candidates if f.start < entity.start]
        chosen = before[-1] if before else candidates[0]
        entity.type, entity.canonical = "PER", chosen.canonical
        entity.link_rule = "surname_of_full_name"


_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$")


def _without_initials(name: str) -> tuple[str, str]:
    """The one word of a name that is not an initial, and the initials' letters: «Сапарова Д. Н.»
    -> («Сапарова», «ДН»); ("", "") when the name has several other words or none."""
    words = name.replace(".", ". ").split()
    rest = [w for w in words if not _INITIAL.match(w)]
    if len(rest) != 1:
        return "", ""
    return rest[0], "".join(w[0] for w in words if _INITIAL.match(w))


def add_aliases(ctx: RuleContext, doc: Doc) -> None:
    """Names given as other names of an organisation right after it become its aliases."""
    added: list[Entity] = []
    for entity in list(doc.entities):
        if entity.type != "ORG":
            continue
        position, canonical = entity.stop, entity.canonical
        for pattern in (_ALIAS_AFTER, _LATIN_IN_BRACKETS):
            match = pattern.match(doc.text, position)
            if match is None:
                continue
            start, stop = match.span(1)
            existing = [e for e in doc.entities + added if e.start == start and e.stop == stop]
            alias = existing[0] if existing else Entity(start, stop, "ORG", normal=doc.text[start:stop])
            alias.canonical, alias.link_rule = canonical, "apposition_alias"
            if not existing:
                added.append(alias)
            position = match.end()
    doc.entities.extend(added)


def _country_at(ctx: RuleContext, loc_by_start: dict[int, Entity], index: int) -> tuple[str, int] | None:
    """A place mention starting at token `index`: its country key and its last token. Organisations
    count too: the NER often takes an unfamiliar country for one («Президент Нордландии»)."""
    entity = loc_by_start.get(ctx.tokens[index].start) if index < len(ctx.tokens) else None
    if entity is None:
        return None
    span = ctx.token_range(entity)
    return (country_key(entity.normal), span[1]) if span else None


def title_descriptors(ctx: RuleContext, entities: list[Entity]) -> list[Entity]:
    """Learn who holds which title for which country, then link the descriptors."""
    loc_by_start = {e.start: e for e in entities if e.type != "PER"}
    per_by_start = {e.start: e for e in entities if e.type == "PER"}
    places = {country_key(e.normal) for e in entities if e.type != "PER"}
    covered = {i for e in entities for i in range(e.start, e.stop)}
    introduced: list[Introduced] = []
    mentions: list[tuple[int, int, str, str | None]] = []  # first token, last token, class, country
    for index, token in enumerate(ctx.tokens):
        title_class = TITLES.get(token.lemma)
        if title_class is None or token.pos != "NOUN" or token.start in covered:
            continue
        first, last, country = index, index, None
        if index > 0 and ctx.tokens[index - 1].pos == "ADJ":
            country = country_of_adjective(ctx.tokens[index - 1].lemma, places)
            if country:
                first = index - 1
        place = _country_at(ctx, loc_by_start, index + 1)
        if place and country is None:
            country, last = place
        elif token.lemma == "глава":
            following = _head_of(ctx, index, places)
            if following is None:
                continue
            title_class, country, last = following
        person = per_by_start.get(ctx.tokens[last + 1].start) if last + 1 < len(ctx.tokens) else None
        if person is not None:
            introduced.append(Introduced(person.start, title_class, country, person.canonical))
        elif country is not None or token.lemma == "глава":
            mentions.append((first, last, title_class, country))
    found: list[Entity] = []
    people = sorted((e for e in entities if e.type == "PER"), key=lambda e: e.start)
    for first, last, title_class, country in mentions:
        start = ctx.tokens[first].start
        name = _holder(introduced, title_class, country, start)
        rule = "title_of_country"
        if name is None and country is None:
            name = _recent_holder(ctx.doc, introduced, title_class, people + found, start)
            rule = "title_of_recent_person"
        if name is None:
            continue
        words = mention_words(ctx.doc, start, ctx.tokens[last].stop)
        normal = normalise("ORG", words)
        found.append(
            Entity(
                start,
                ctx.tokens[last].stop,
                "PER",
                normal,
                name,
                kind="descriptor",
                link_rule=rule,
            )
        )
    return found


def _head_of(ctx: RuleContext, index: int, places: set[str]) -> tuple[str, str | None, int] | None:
    """«глава (российского) государства / правительства»: its class, country and last token."""
    position, country = index + 1, None
    if position < len(ctx.tokens) and ctx.tokens[position].pos == "ADJ":
        country = country_of_adjective(ctx.tokens[position].lemma, places)
        position += 1
    if position >= len(ctx.tokens):
        return None
    lemma = ctx.tokens[position].lemma
    if lemma == "государство":
        return "head_of_state", country, position
    if lemma == "правительство":
        return "head_of_government", country, position
    return None


def _recent_holder(
    doc: Doc, introduced: list[Introduced], title_class: str, people: list[Entity], position: int
) -> str | None:
    """«Однако глава государства отметил» right after «Российский лидер надеется…»: the person last
    mentioned before, if the article gives them such a title and no other title holder is
    mentioned in the same sentence."""
    classes = COMPATIBLE.get(title_class, (title_class,))
    holders = {i.name for i in introduced if i.title_class in classes}
    before = sorted((p for p in people if p.stop <= position), key=lambda p: p.start)
    if not before or before[-1].canonical not in holders:
        return None
    last = before[-1]
    sentence = next((s for s in doc.sentences if s.start <= last.start < s.stop), None)
    if sentence is None or sentence.stop < position - 400:
        return None
    rivals = {
        p.canonical for p in people if sentence.start <= p.start < sentence.stop and p.canonical in holders
    }
    return last.canonical if rivals == {last.canonical} else None


def _holder(introduced: list[Introduced], title_class: str, country: str | None, position: int) -> str | None:
    classes = COMPATIBLE.get(title_class, (title_class,))
    candidates = [
        i for i in introduced if i.title_class in classes and (country is None or i.country == country)
    ]
    if country is None and len({c.name for c in candidates}) != 1:
        return None  # «глава государства» with several heads of state: do not guess
    if not candidates:
        return None
    before = [c for c in candidates if c.position < position]
    return (before[-1] if before else candidates[0]).name


def unify_spelling(entities: list[Entity]) -> None:
    """One spelling per canonical name in an article: the most frequent, capitalised on a tie."""
    variants: dict[str, Counter[str]] = {}
    for entity in entities:
        variants.setdefault(entity.canonical.lower(), Counter())[entity.canonical] += 1
    best = {
        key: max(counter.items(), key=lambda item: (item[1], item[0][:1].isupper()))[0]
        for key, counter in variants.items()
    }
    for entity in entities:
        entity.canonical = best[entity.canonical.lower()]
