"""The data model: an `Article` as ingested, and the `Doc` that analysis steps annotate.

Every annotation is a slots dataclass with `start`/`stop` character offsets into `Doc.text`
(which is `Article.text`: title, lead and body joined by blank lines), so anything shown to a user
can be highlighted in its source. Which token lies in which sentence is computed from offsets,
never stored as links, so a `Doc` serialises trivially (`Doc.to_dict`, `Doc.from_dict`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal, Protocol, TypeVar

from newsprism.text import fold

PARAGRAPH_SEP = "\n\n"
FORMAT_VERSION = 1

EntityType = Literal["PER", "LOC", "ORG"]
ParagraphKind = Literal["title", "lead", "heading", "body"]


@dataclass(slots=True, frozen=True)
class Origin:
    """Where an article came from: a file (or `-` for standard input) and, for line-based formats, a line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def normalise_for_id(text: str) -> str:
    """Text as it counts for identity: NFKC, lower case, ё as е, whitespace collapsed."""
    text = fold(unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def content_id(title: str, lead: str, body: str) -> str:
    """A stable 16-hex-digit id of an article's content.

    Where a reader draws the line between lead and body does not change the id, and neither do
    whitespace, case or Unicode composition: the same text ingested twice is one article.
    """
    key = normalise_for_id(title) + "\x1f" + normalise_for_id(lead + " " + body)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One news article as ingested. `id` is derived from the content and never set by readers.

    `published` is timezone-aware when known; readers take a time given without an offset as UTC.
    """

    title: str
    body: str
    lead: str = ""
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str = "ru"
    origin: Origin | None = None
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        self.id = content_id(self.title, self.lead, self.body)

    @property
    def text(self) -> str:
        """The text that analysis annotates: title, lead and body separated by blank lines."""
        return PARAGRAPH_SEP.join(part for part in (self.title, self.lead, self.body) if part)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "origin": {"file": self.origin.file, "line": self.origin.line} if self.origin else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        origin = data.get("origin")
        published = data.get("published")
        return cls(
            title=data["title"],
            body=data["body"],
            lead=data.get("lead") or "",
            url=data.get("url"),
            outlet=data.get("outlet"),
            published=datetime.fromisoformat(published) if published else None,
            language=data.get("language") or "ru",
            origin=Origin(origin["file"], origin.get("line")) if origin else None,
        )


@dataclass(slots=True, frozen=True)
class Publication:
    """One outlet's publication of a text: the same text (one `Article` id) may have several.
    `key` says which are the same publication (outlet and URL); `order` which one stands for the
    text where one is needed (the earliest known date, then the smallest key)."""

    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    origin: Origin | None = None

    @classmethod
    def of(cls, article: Article) -> Publication:
        return cls(article.id, article.outlet, article.url, article.published, article.origin)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.article_id, self.outlet or "", self.url or ""

    @property
    def order(self) -> tuple[bool, str, str, str]:
        # compared in UTC: offsets differ between outlets
        when = self.published
        published = (when.astimezone(UTC) if when.tzinfo else when).isoformat() if when else ""
        return when is None, published, self.outlet or "", self.url or ""

    def on(self, article: Article) -> Article:
        """The article as this publication carries it (its outlet, URL, date and origin)."""
        return dataclasses.replace(
            article, outlet=self.outlet, url=self.url, published=self.published, origin=self.origin
        )


class Annotation(Protocol):
    """Anything with character offsets into a text."""

    @property
    def start(self) -> int: ...

    @property
    def stop(self) -> int: ...


@dataclass(slots=True, frozen=True)
class Paragraph:
    start: int
    stop: int
    kind: ParagraphKind


@dataclass(slots=True, frozen=True)
class Sentence:
    start: int
    stop: int


@dataclass(slots=True)
class Token:
    """A word or punctuation mark; `feats` is in Universal Dependencies form, `Case=Nom|Number=Sing`."""

    start: int
    stop: int
    pos: str = ""
    feats: str = ""
    lemma: str = ""

    def feat(self, name: str) -> str | None:
        for pair in self.feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


MentionKind = Literal["name", "descriptor"]


@dataclass(slots=True)
class Entity:
    """A mention of a person, place or organisation.

    `normal` is the mention in the nominative («Фридриха Мерца» -> «Фридрих Мерц»); `canonical` is
    the full name it refers to within the article («Макрон», «французский лидер» -> «Эммануэль
    Макрон»), `normal` itself when nothing longer is known, and `link_rule` names the rule that
    linked it (the evidence for the link is the mention itself and that rule). `kind` says whether
    the mention is a name or a descriptor («глава государства»). `sentiment` is how the mention's
    sentence treats it (-1, 0, 1), with the model's `score` for that label.
    """

    start: int
    stop: int
    type: EntityType
    normal: str = ""
    canonical: str = ""
    kind: MentionKind = "name"
    sentiment: int = 0
    score: float = 0.0
    link_rule: str = ""


DatePrecision = Literal["day", "week", "month", "season", "year", "decade", "century"]


@dataclass(slots=True)
class DateMention:
    """A date, range or relative date in the text, normalised.

    `value` is ISO 8601: a date at its precision («2026-01-06», «2025-11», «2025») or an interval
    «2026-01-06/2026-01-07»; empty when a relative date has nothing to be resolved against.
    `part` narrows a fuzzy mention («в конце ноября» -> "end"); `relative` marks mentions resolved
    against the publication date («вчера», «во вторник»); `rule` names the rule that matched.
    """

    start: int
    stop: int
    value: str
    precision: DatePrecision
    part: str = ""
    relative: bool = False
    rule: str = ""


Approximation = Literal["exact", "about", "more", "less", "up_to", "at_least", "range"]


@dataclass(slots=True)
class Figure:
    """A number with what it counts: «около 50 стран-союзников» -> 50, about, "страна-союзник".

    `value` is the number as a float (thousands and millions expanded); `high` is the upper end of
    a range; `unit` is "%" or a currency code (RUB, USD, EUR) or a unit lemma, empty for counts;
    `counted` is the lemma of the counted noun, with its offsets in `noun_start`/`noun_stop`
    (-1 when none was found).
    """

    start: int
    stop: int
    value: float
    approx: Approximation = "exact"
    high: float | None = None
    unit: str = ""
    counted: str = ""
    noun_start: int = -1
    noun_stop: int = -1
    rule: str = ""


QuoteKind = Literal["direct", "indirect"]


@dataclass(slots=True)
class Quote:
    """Who said what: `start`/`stop` cover the quoted words (without quote marks) or, for reported
    speech, the reported clause. Pieces of one quote share a `group`. The speaker's span is
    `speaker_start`/`speaker_stop` (-1 when unknown), `speaker` the canonical name it resolves to
    (empty when it does not), `verb` the speech verb's lemma («заявить», «по словам» for phrases)."""

    start: int
    stop: int
    kind: QuoteKind
    speaker_start: int = -1
    speaker_stop: int = -1
    speaker: str = ""
    verb: str = ""
    group: int = 0
    rule: str = ""


@dataclass(slots=True)
class Evaluative:
    """A loaded or evaluative word or phrase («диктатор», «политический театр»), with polarity -1 or
    1, its lemma, and where the judgement came from ("rules", or a lexicon's name). `target_start`/
    `target_stop` are what it judges (-1 when nothing), found by `target_rule`: the mention of an
    entity, or a pronoun or an unnamed person or group the sentence names no other way;
    `in_quote` says it stands inside a quotation (the speaker's view, not the outlet's)."""

    start: int
    stop: int
    polarity: int
    lemma: str
    source: str = "rules"
    target_start: int = -1
    target_stop: int = -1
    target_rule: str = ""
    in_quote: bool = False


A = TypeVar("A", bound=Annotation)


def within(items: Sequence[A], start: int, stop: int) -> list[A]:
    """The items of a sequence sorted by `start` that lie inside [start, stop): a binary search
    for the first, then a scan up to `stop`, so looking up every sentence's tokens stays linear."""
    index = bisect_left(items, start, key=_start)
    found = []
    while index < len(items) and items[index].start < stop:
        if items[index].stop <= stop:
            found.append(items[index])
        index += 1
    return found


def _start(item: Annotation) -> int:
    return item.start


@dataclass(slots=True)
class Doc:
    """An article's text and all annotations of it.

    Besides the layers of annotations a doc carries the article's publication date (which dates
    are resolved against), its `category`, and `written_after`: the earliest date the article can
    have been written, inferred from the dates it mentions (ISO), with the indexes of the
    `dates` that prove it in `written_after_evidence`; and `written_before`: the latest date it can
    have been written, from the dates it speaks of in the future tense, with its evidence in
    `written_before_evidence`. Both are bounds, never the publication date.

    `steps` records which analysis steps have run, so a pipeline can check that what a step
    requires is there, and the store can tell which analyses are out of date.
    """

    LAYERS: ClassVar[dict[str, type[Any]]] = {
        "paragraphs": Paragraph,
        "sentences": Sentence,
        "tokens": Token,
        "entities": Entity,
        "dates": DateMention,
        "figures": Figure,
        "quotes": Quote,
        "evaluative": Evaluative,
    }

    text: str
    article_id: str = ""
    steps: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    evaluative: list[Evaluative] = field(default_factory=list)
    published: datetime | None = None
    category: str = ""
    category_score: float = 0.0
    written_after: str = ""
    written_after_evidence: list[int] = field(default_factory=list)
    written_before: str = ""
    written_before_evidence: list[int] = field(default_factory=list)
    language: str = "ru"  # the article's language: steps made for Russian skip other languages
    embedding: str = ""  # the article's meaning vector, packed (analyse/embedding.py)
    skipped: list[str] = field(default_factory=list)  # steps that did not run for this language

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        """A doc of the article's text whose paragraphs are its title, lead and body (whole)."""
        doc = cls(
            text=article.text, article_id=article.id, published=article.published, language=article.language
        )
        position = 0
        kinds: tuple[ParagraphKind, ...] = ("title", "lead", "body")
        for kind, part in zip(kinds, (article.title, article.lead, article.body), strict=True):
            if part:
                doc.paragraphs.append(Paragraph(position, position + len(part), kind))
                position += len(part) + len(PARAGRAPH_SEP)
        return doc

    def span_text(self, item: Annotation) -> str:
        return self.text[item.start : item.stop]

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return within(self.tokens, sentence.start, sentence.stop)

    def iter_sentence_tokens(self) -> Iterator[tuple[Sentence, list[Token]]]:
        """Each sentence with its tokens, in one pass over both offset-sorted layers."""
        index = 0
        for sentence in self.sentences:
            while index < len(self.tokens) and self.tokens[index].start < sentence.start:
                index += 1
            first = index
            while index < len(self.tokens) and self.tokens[index].stop <= sentence.stop:
                index += 1
            yield sentence, self.tokens[first:index]

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """A JSON-ready dict. Each layer is stored as rows under its field names, since a
        document has thousands of tokens and repeating the keys would triple its size."""
        data: dict[str, Any] = {"version": FORMAT_VERSION, "article_id": self.article_id, "steps": self.steps}
        if with_text:
            data["text"] = self.text
        layers: dict[str, Any] = {}
        for name, cls in self.LAYERS.items():
            names = [f.name for f in dataclasses.fields(cls)]
            rows = [list(dataclasses.astuple(item)) for item in getattr(self, name)]
            layers[name] = {"fields": names, "rows": rows}
        data["layers"] = layers
        data["published"] = self.published.isoformat() if self.published else None
        data["category"] = self.category
        data["category_score"] = self.category_score
        data["written_after"] = self.written_after
        data["written_after_evidence"] = self.written_after_evidence
        data["written_before"] = self.written_before
        data["written_before_evidence"] = self.written_before_evidence
        data["language"] = self.language
        data["embedding"] = self.embedding
        data["skipped"] = self.skipped
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, text: str | None = None) -> Doc:
        """Inverse of `to_dict`; pass `text` when the dict was saved without it."""
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported Doc format version {data.get('version')!r}")
        doc = cls(text=data["text"] if text is None else text, article_id=data.get("article_id", ""))
        doc.steps = list(data.get("steps", []))
        published = data.get("published")
        doc.published = datetime.fromisoformat(published) if published else None
        doc.category = data.get("category", "")
        doc.category_score = data.get("category_score", 0.0)
        doc.written_after = data.get("written_after", "")
        doc.written_after_evidence = list(data.get("written_after_evidence", []))
        doc.written_before = data.get("written_before", "")
        doc.written_before_evidence = list(data.get("written_before_evidence", []))
        doc.language = data.get("language", "ru")
        doc.embedding = data.get("embedding", "")
        doc.skipped = list(data.get("skipped", []))
        for name, layer in data.get("layers", {}).items():
            item_cls = cls.LAYERS.get(name)
            if item_cls is None:
                continue  # a layer from a newer version: ignore rather than fail
            known = {f.name for f in dataclasses.fields(item_cls)}
            names = layer["fields"]
            items = [
                item_cls(**{key: value for key, value in zip(names, row, strict=True) if key in known})
                for row in layer["rows"]
            ]
            setattr(doc, name, items)
        return doc


def clean_line(line: str) -> str:
    """A line with every run of whitespace (spaces, tabs, no-break spaces, vertical tabs and the
    other Unicode spaces) as one space and its ends stripped."""
    return " ".join(line.split())


StoryKind = Literal["event", "storyline"]


@dataclass(slots=True)
class Story:
    """An event (articles that report the same thing) or a storyline (events that continue one
    another over weeks or months). Dates are ISO; `duplicates` maps a reprint's article id to the
    article it reprints; an event's `parent` is its storyline, a storyline's `event_ids` its events
    in time order."""

    id: str
    kind: StoryKind
    title: str
    article_ids: list[str] = field(default_factory=list)
    first: str = ""
    last: str = ""
    outlets: list[str] = field(default_factory=list)
    category: str = ""
    key_entities: list[str] = field(default_factory=list)
    parent: str = ""
    event_ids: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
