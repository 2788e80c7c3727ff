"""Rules that join a name to the complement that is part of it, as factRuEval marks such names
whole.

    named_after      «Театр» + им. (имени) + «Анны Лариной» -> one mention of the organisation or
                     place named after a person; the person stays a nested mention

Not kept: joining a body's branch to its region («МВД» + по + «Заречинской области»); the NER
splits such names before the region as well («ГУ» | «МВД»), and the join lost on one devset half.
"""

from __future__ import annotations

from newsprism.analyse.entities.spans import Context
from newsprism.analyse.rule_runner import Trace
from newsprism.model import Entity

_NAMED_AFTER = frozenset({"им", "им.", "имени"})
_MAX_NAME_WORDS = 4


def named_after(ctx: Context, entities: list[Entity], trace: Trace) -> list[Entity]:
    for entity in entities:
        span = ctx.token_range(entity)
        if entity.type == "PER" or span is None:
            continue
        index = _after_named(ctx, span[0], span[1])
        if index is None:
            continue
        last = index
        while last < len(ctx.tokens) and last - index < _MAX_NAME_WORDS and ctx.word(last)[:1].isupper():
            last += 1
        if last == index or ctx.tokens[last - 1].stop <= entity.stop:
            continue  # nothing after «имени», or the mention holds the name already
        entity.stop = ctx.tokens[last - 1].stop
        entity.normal = ""
        trace.append(("named_after", entity.start, entity.stop))
    return entities


def _after_named(ctx: Context, first: int, last: int) -> int | None:
    """The token after «им.» or «имени» that ends the mention or follows it, if there is one."""
    words = [ctx.word(i).lower() for i in range(first, min(last + 3, len(ctx.tokens)))]
    # «Театр им.» (the mark inside the mention), «Театр им» + «.», or «Театр» + «имени»
    for position in range(max(1, last - first - 1), min(last - first + 2, len(words))):
        if words[position] in _NAMED_AFTER:
            after = first + position + 1
            return after + 1 if after < len(ctx.tokens) and ctx.word(after) == "." else after
    return None
