"""How an outlet treats an actor: the one definition the story, entity and outlet pages, the report
and the terminal all use (docs/comparison.md, "Tone").

An outlet's tone toward an actor is the mean of the sentiment labels (−1, 0, +1) of the outlet's
own mentions of the actor: (positive − negative) / mentions. Every mention counts once, whatever
the model's confidence, so the figure can be recomputed from the label counts any page has (the
store keeps labels, not confidences). A mention inside a direct quotation carries the speaker's
view, in the speaker's words: it is counted apart, as the tone "in quotes", and never in the
outlet's own tone. Reported speech («заявил, что …») is the outlet's paraphrase, in its words
(«признал, что не смог успокоить диктатора»): its mentions are the outlet's own.

The tone always travels with the number of mentions behind it, and is shown with it («+1.00 (1
mention)»); below `MIN_MENTIONS` own mentions it is `few`, and the charts draw no bar for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsprism.model import Doc

__all__ = ["MIN_MENTIONS", "Tone", "direct_quotes", "tone_text"]

MIN_MENTIONS = 3


@dataclass(slots=True, frozen=True)
class Tone:
    """Label counts of an outlet's mentions of an actor: its own, and those inside quotations."""

    negative: int = 0
    neutral: int = 0
    positive: int = 0
    quoted_negative: int = 0
    quoted_neutral: int = 0
    quoted_positive: int = 0

    @classmethod
    def of(cls, labels: Iterable[tuple[int, bool]]) -> Tone:
        """The tone of mentions given as (label, inside a quotation)."""
        counts = [0] * 6
        for label, quoted in labels:
            counts[(3 if quoted else 0) + max(-1, min(1, label)) + 1] += 1
        return cls(*counts)

    def __add__(self, other: Tone) -> Tone:
        return Tone(
            self.negative + other.negative,
            self.neutral + other.neutral,
            self.positive + other.positive,
            self.quoted_negative + other.quoted_negative,
            self.quoted_neutral + other.quoted_neutral,
            self.quoted_positive + other.quoted_positive,
        )

    @classmethod
    def total(cls, tones: Iterable[Tone]) -> Tone:
        out = cls()
        for tone in tones:
            out = out + tone
        return out

    @property
    def mentions(self) -> int:
        """The outlet's own mentions (outside quotations), behind `sentiment`."""
        return self.negative + self.neutral + self.positive

    @property
    def quoted(self) -> int:
        """The mentions inside quotations, behind `quoted_sentiment`."""
        return self.quoted_negative + self.quoted_neutral + self.quoted_positive

    @property
    def sentiment(self) -> float:
        """(positive − negative) / mentions over the own mentions, in [−1, 1]; 0.0 when none."""
        return _mean(self.positive - self.negative, self.mentions)

    @property
    def quoted_sentiment(self) -> float:
        return _mean(self.quoted_positive - self.quoted_negative, self.quoted)

    @property
    def few(self) -> bool:
        """Too few own mentions for the figure to say much (fewer than `MIN_MENTIONS`)."""
        return self.mentions < MIN_MENTIONS

    def text(self) -> str:
        """«+0.50 (4 mentions)», «+1.00 (1 mention)», with «, in quotes −1.00 (2)» when quoted."""
        own = tone_text(self.sentiment, self.mentions) if self.mentions else "no own mention"
        if self.quoted:
            return f"{own}; in quotes {tone_text(self.quoted_sentiment, self.quoted)}"
        return own

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentions": self.mentions,
            "sentiment": self.sentiment,
            "labels": {"-1": self.negative, "0": self.neutral, "1": self.positive},
            "few": self.few,
            "quoted": {
                "mentions": self.quoted,
                "sentiment": self.quoted_sentiment,
                "labels": {"-1": self.quoted_negative, "0": self.quoted_neutral, "1": self.quoted_positive},
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tone:
        labels, quoted = data["labels"], data["quoted"]["labels"]
        return cls(
            int(labels["-1"]),
            int(labels["0"]),
            int(labels["1"]),
            int(quoted["-1"]),
            int(quoted["0"]),
            int(quoted["1"]),
        )


def direct_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The spans of the doc's direct quotations: a mention inside one is the speaker's view."""
    return [(quote.start, quote.stop) for quote in doc.quotes if quote.kind == "direct"]


def _mean(difference: int, count: int) -> float:
    return round(difference / count, 3) if count else 0.0


def tone_text(sentiment: float, mentions: int) -> str:
    """A tone with the mentions behind it: «−0.37 (8 mentions)», «+1.00 (1 mention)»."""
    return f"{sentiment:+.2f} ({mentions} mention{'' if mentions == 1 else 's'})"
