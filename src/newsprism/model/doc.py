"""The `Doc`: an article's text with every layer of annotations of it, and its JSON-ready form
(`Doc.to_dict`, `Doc.from_dict`, format `FORMAT_VERSION`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from newsprism.model.article import PARAGRAPH_SEP, Article
from newsprism.model.layers import (
    Annotation,
    DateMention,
    Entity,
    Evaluative,
    Figure,
    Paragraph,
    ParagraphKind,
    Quote,
    Sentence,
    Token,
    within,
)

__all__ = ["FORMAT_VERSION", "Doc"]

FORMAT_VERSION = 1


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
