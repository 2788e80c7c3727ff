"""The settings of the date step: the words that make a date a plan, a deadline, a lower limit only
or hearsay, and the reference day of an undated text (see `DateSettings`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from newsprism.model import DateMention

FUTURE_CUES = frozenset(
    {
        "планировать", "планироваться", "запланировать", "намерен", "намереваться", "собираться",
        "ожидаться", "предполагаться", "предстоять", "прогнозировать", "обещать", "пообещать",
        "должен", "должный", "рассчитывать", "готовиться", "ожидать", "надеяться", "предполагаемый",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateSettings:
    """`future_cues` are lemmas that make a sentence's dates plans; `bound_words` before or opening
    a date make it a deadline or a plan («к 2030 году», «на 2026 год», «до конца года»), which
    proves nothing about the lower bound; `deadline_words` before a date make it a deadline that
    bounds the text from above («до», «к», «не позднее»); `open_words` before a future date leave
    it open-ended, no upper bound («не ранее 20 сентября», «после 10 октября»); `recall_words` earlier in a
    sentence make its future dates hearsay from before («Ранее сообщалось, что ...»), no upper
    bound; `year_from_text` lets a year-less date take the nearest written year; `reference` is a
    day the caller knows an undated text to be near (the date of the collection it came in):
    year-less dates take their year from it as they would from a publication date, and the
    dates so resolved count as evidence (it is no bound itself)."""

    future_cues: frozenset[str] = FUTURE_CUES
    bound_words: tuple[str, ...] = ("к", "до", "на")
    deadline_words: tuple[str, ...] = ("к", "до", "не позднее", "не позже")
    open_words: tuple[str, ...] = ("не ранее", "не раньше", "после")
    recall_words: tuple[str, ...] = ("ранее",)  # not «прежде»: «прежде чем начать ...» is no recall
    year_from_text: bool = True
    reference: date | None = None
    _before: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _opening: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _deadline: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _open: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _recall: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(word.replace(" ", r"\s+") for word in words) or "(?!)"

        words = alternatives(self.bound_words)
        listed = r"(?:\d{1,2}(?:-?го)?\s*(?:,|и|или)\s*)?"  # «на 12 и 19 июня»
        object.__setattr__(self, "_before", re.compile(rf"(?<!\w)(?:{words})\s+{listed}\Z", re.IGNORECASE))
        object.__setattr__(self, "_opening", re.compile(rf"(?:{words})\s", re.IGNORECASE))
        deadline = alternatives(self.deadline_words)
        object.__setattr__(self, "_deadline", re.compile(rf"(?<!\w)(?:{deadline})\s+\Z", re.IGNORECASE))
        opened = alternatives(self.open_words)
        object.__setattr__(self, "_open", re.compile(rf"(?<!\w)(?:{opened})\s+\Z", re.IGNORECASE))
        recall = alternatives(self.recall_words)
        object.__setattr__(self, "_recall", re.compile(rf"(?<!\w)(?<!не\s)(?:{recall})(?!\w)", re.IGNORECASE))

    def bound(self, text: str, mention: DateMention) -> bool:
        """Whether the mention is a deadline or a plan: a bound word precedes it or, unless it is a
        relative date («на прошлой неделе»), opens it."""
        if self._before.search(text, max(0, mention.start - 16), mention.start):
            return True
        return not mention.relative and self._opening.match(text, mention.start, mention.stop) is not None

    def deadline(self, text: str, mention: DateMention) -> bool:
        """Whether a deadline word precedes or opens the mention («до 12 мая», «не позднее 15 мая»)."""
        window = text[max(0, mention.start - 12) : mention.start]
        if self._deadline.search(window):
            return True
        return re.match(r"(?:до|к)\s", text[mention.start : mention.stop], re.IGNORECASE) is not None

    def open_ended(self, text: str, mention: DateMention) -> bool:
        """Whether the mention is a lower limit only («не ранее 20 сентября», «после 10 октября»)."""
        return self._open.search(text[max(0, mention.start - 12) : mention.start]) is not None

    def recalled(self, text: str, sentence_start: int, mention: DateMention) -> bool:
        """Whether a recall word comes before the mention in its sentence («Ранее сообщалось, что»)."""
        return self._recall.search(text, sentence_start, mention.start) is not None
