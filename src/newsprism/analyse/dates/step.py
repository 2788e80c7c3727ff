"""Dates: absolute, partial, ranges, fuzzy parts and relative dates, normalised to ISO 8601.

`find.find_dates` runs the named rules of `rules` over the sentences, each rule only where its
triggers are (a digit, a month name ...: a few substring searches of the whole text, much cheaper
than running every pattern everywhere); `ExtractDates` resolves what they read into `DateMention`s:

- `value` is ISO 8601 at the mention's precision: «2026-01-06», «2025-11», «2025»; an interval
  «2026-01-06/2026-01-07»; a season as its months «2024-03/2024-05» (winter of a year is the one
  ending in it: «2023-12/2024-02»); a decade or century as its years «1990/1999», «1901/2000»; a
  week as its ISO week «2026-W02». A fuzzy part («в конце ноября») keeps the value of the whole
  («2025-11») and says which part in `part`: start, middle, end, first_half, second_half.
- A relative date («вчера», «во вторник», «на прошлой неделе», «в марте прошлого года») is resolved
  against the publication date, `relative=True`; without a publication date its value is "".
  A weekday with no qualifier is the most recent such day on or before publication, or the next
  one on or after it when the nearest verb of its sentence is in the future tense.
- A date without a year («27 марта», «в середине марта») takes the publication year (the year
  before when the sentence is in the past tense and the date would fall over a month after
  publication, the year after when it is in the future tense and would be over a month before
  it); without a publication date, the nearest year written in the article; failing that it stays
  year-less: «--03-27», «--03» (ISO 8601:2000). The rule name records where a year came from:
  «day_month:year_published», «day_month:year_in_text».

`written_after` is the latest first day of the mentions that prove the text was written after them;
those mentions' indexes are `written_after_evidence`. A mention is evidence when its value is a date
with a year from the text or the publication date (a year guessed from elsewhere in the text proves
nothing, unless a weekday written beside the date agrees with it: «во вторник, 24 марта» in a text
that names 2026), the nearest verb of its sentence is not in the future tense and no planning word
(«планируется», «намерен», «ожидается») is nearer, no «к», «до» or «на» precedes or (for an absolute
date) opens it («к 2030 году», «бюджет на 2026 год», «до конца 2025 года» are deadlines and plans),
and it is not after the publication date. The first day is taken, not the last: «в марте 2025 года»
proves 1 March, and a fuzzy part is too vague to narrow that. Plain mentions count: an article that
names a date is rarely older than it. Besides, a date is no lower-bound evidence when an infinitive
is nearer to it than any finite verb («решили открыть музей 21 сентября»: a plan), when it is a start told
in the present («музей открывается с 14 июня»), or a lower limit («не ранее 2030 года»); a dateline's
date («ТВЕРЬ, 12 марта.») is the present; a day beside «завтра», «вчера», «сегодня» («откроется
завтра, 10 июня») dates the writing itself.

`written_before` is the earliest day the text speaks of as still to come (`bounds.written_before`: the
future tense, planning words, deadlines), `written_before_evidence` its mentions; both bounds are
bounds, never a date to show as the article's. `DateSettings.reference` gives an undated text's
year-less dates the year of a day it is known to be near (the collection it came in).
"""

from __future__ import annotations

from newsprism.analyse.dates.bounds import written_after, written_before
from newsprism.analyse.dates.find import find_dates
from newsprism.analyse.dates.resolve import resolve
from newsprism.analyse.dates.settings import DateSettings
from newsprism.analyse.dates.tense import Sentences, starting
from newsprism.analyse.pipeline import Step
from newsprism.analyse.rule_runner import Explained, Trace
from newsprism.model import Doc


class ExtractDates(Explained, Step):
    """Finds and normalises the dates of a text (see the module docstring), and infers the
    earliest date the article can have been written."""

    name = "dates"
    version = 3  # 2: written_before, datelines, the reference day; 3: a month's slack on the tense
    requires = ("sentences", "tokens", "lemmas")
    assigns = ("dates", "written_after", "written_before")

    def __init__(self, settings: DateSettings | None = None) -> None:
        self.settings = settings or DateSettings()

    def traced(self, doc: Doc, trace: Trace) -> Doc:
        """The doc's dates and bounds, each date recorded in `trace` under the rule that read it."""
        found = find_dates(
            doc.text, [(sentence.start, sentence.stop) for sentence in doc.sentences], trace=trace
        )
        sentences = Sentences(doc, self.settings.future_cues)
        readings = [sentences.reading(item.start, item.stop) for item in found]
        tenses = [tense for tense, _, _ in readings]
        scheduled = [  # «открывается с 14 июня»: a start still to come, told in the present
            tense == "present" and adjacent and starting(doc.text, item.start)
            for item, (tense, _, adjacent) in zip(found, readings, strict=True)
        ]
        published = doc.published.date() if doc.published else None
        years = [
            (item.start, item.stop, year)
            for item in found
            if item.reading.relative is None and (year := item.reading.low[0]) is not None
        ]
        doc.dates = [
            resolve(item, tense, published, years, self.settings, doc.text)
            for item, tense in zip(found, tenses, strict=True)
        ]
        plans = [plan or late for (_, plan, _), late in zip(readings, scheduled, strict=True)]
        doc.written_after, doc.written_after_evidence = written_after(doc, tenses, plans, self.settings)
        hearsay = []
        for mention in doc.dates:
            start = sentences.sentence_start(mention.start)
            hearsay.append(
                self.settings.recalled(doc.text, start, mention) or sentences.reported(start, mention.start)
            )
        future = [tense == "future" or late for tense, late in zip(tenses, scheduled, strict=True)]
        doc.written_before, doc.written_before_evidence = written_before(
            doc, tenses, future, hearsay, self.settings, doc.written_after
        )
        return doc
