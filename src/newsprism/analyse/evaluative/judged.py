"""Which entity a loaded word judges: by the syntax of its sentence, not by the nearest name.

In «Гонсалес позвонил диктатору Маркесу» the loaded word judges Маркес, not Гонсалес, who stands
nearer; in «провал переговоров» it judges the talks, which are no entity, so it judges nobody.
`JudgeTargets` sets each `Evaluative.target_start`/`target_stop` to what the word judges (-1 when
nothing): a mention of an entity, or, where the sentence names none, a personal pronoun («она
мудро промолчала») or an unnamed actor noun (a person in the singular, «легендарного вратаря», or
a group, «бездарная команда»), which `compare.framing` attributes to no entity. It sets `in_quote`
when the word stands inside a quotation (then it is the speaker's view, not the outlet's): one the
quotes step found, or any text of three words or more in quotation marks (`quoted_spans`). The
rules, first that applies:

    naming        the word is in the title before a name or in a mention («с продажным мэром
                  Ивановым», «скандальная партия «Рассвет»»)
    agreement     an adjective or participle judges the noun it agrees with in case, number and
                  gender: a mention («скандального клуба «Вымпел»»), the name a person noun
                  titles in its own case («легендарного тренера Петрова», «физика и изобретателя
                  Петрова»; not «тренера «Вымпела»»), what a predicate noun is said of («она
                  талантливый музыкант»), else the actor noun itself («легендарного вратаря»;
                  not after a superlative, «величайший вратарь в истории» is generic); any other
                  noun is no actor, so in «лживое заявление министра» the word judges nobody
    apposition    a person noun judges the name right after it in the same case («мошенника
                  Петрова») or after a dash, the name (or pronoun) before a dash («Петров —
                  мошенник», «он — художник, гений»), as a predicate in the instrumental the
                  object of a rating verb («назвали Петрова лучшим игроком») or else the subject
                  of its clause («Петров оказался мошенником», «она была певицей, гением»), but
                  not after a preposition («со многими талантливыми ребятами»)
    holder        a noun judges the entity in the genitive or instrumental right after it,
                  through a chain of genitives («агрессия Ольстании», «провал политики
                  Иванова»), after «со стороны», right after «в»/«у» («паника в штабе X»), the
                  owner in «у Петрова есть талант», or whoever «обладает» it
    subject       a verb, an adverb or a short adjective judges the subject of its clause: the
                  nearest nominative mention, pronoun or actor noun before it, else after it
                  («Иванов позорно бежал»); an adjective standing alone in the instrumental is a
                  predicate («Петров оказался лучшим»), and «такой …, как X» judges X

A word none of them resolves judges nothing.
"""

from __future__ import annotations

from newsprism.analyse.evaluative.judged_rules import judged_target
from newsprism.analyse.evaluative.judged_view import SentenceView, mention_indexes
from newsprism.analyse.evaluative.naming import namings
from newsprism.analyse.pipeline import Step
from newsprism.model import Doc, within

_QUOTE_MARKS = {"«": "»", "“": "”", "„": "“", '"': '"'}
MIN_QUOTED_WORDS = 3


def quoted_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans between quotation marks that hold at least MIN_QUOTED_WORDS words (a shorter one is
    a name or scare quotes: «Рассвет», «исключительность»); an opening mark that no closing mark
    follows in its paragraph quotes to the paragraph's end (a quote that runs on)."""
    found = []
    for start, stop in paragraphs:
        position = start
        while position < stop:
            char = text[position]
            closing = _QUOTE_MARKS.get(char)
            if closing is None:
                position += 1
                continue
            end = text.find(closing, position + 1, stop)
            inner_stop = stop if end < 0 else end
            if len(text[position + 1 : inner_stop].split()) >= MIN_QUOTED_WORDS:
                found.append((position + 1, inner_stop))
            position = inner_stop + 1
    return found


class JudgeTargets(Step):
    """Each loaded word's target and whether it is quoted (module docstring)."""

    name = "judged_targets"
    version = 2
    requires = ("evaluative", "entities", "quotes")
    assigns = ("evaluative_targets",)

    def process(self, doc: Doc) -> Doc:
        if not doc.evaluative:
            return doc
        named = namings(doc)
        # A naming covers the title before the name: «продажным мэром Ивановым» is one mention.
        spans = sorted(((index, n.start, n.stop) for index, n in named.items()), key=lambda s: s[1])
        own = {index: (doc.entities[index].start, doc.entities[index].stop) for index in named}
        # the quotations found with their speakers, and any longer text in quotation marks
        paragraphs = [(p.start, p.stop) for p in doc.paragraphs] or [(0, len(doc.text))]
        quotes = sorted([(q.start, q.stop) for q in doc.quotes] + quoted_spans(doc.text, paragraphs))
        for sentence in doc.sentences:
            words = within(doc.evaluative, sentence.start, sentence.stop)
            if not words:
                continue
            tokens = doc.sentence_tokens(sentence)
            local = [s for s in spans if s[2] > sentence.start and s[1] < sentence.stop]
            view = SentenceView(tokens, mention_indexes(tokens, local), doc.text, own)
            for word in words:
                word.in_quote = any(start <= word.start and word.stop <= stop for start, stop in quotes)
                first = next((n for n, t in enumerate(tokens) if t.stop > word.start), None)
                last = next((n for n in range(len(tokens) - 1, -1, -1) if tokens[n].start < word.stop), None)
                if first is None or last is None or last < first:
                    continue
                target, rule = judged_target(view, first, last)
                if target is not None:
                    word.target_start, word.target_stop, word.target_rule = target[0], target[1], rule
        return doc
