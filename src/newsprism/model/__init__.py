"""The data model: an `Article` as ingested, and the `Doc` that analysis steps annotate.

Every annotation is a slots dataclass with `start`/`stop` character offsets into `Doc.text`
(which is `Article.text`: title, lead and body joined by blank lines), so anything shown to a user
can be highlighted in its source. Which token lies in which sentence is computed from offsets,
never stored as links, so a `Doc` serialises trivially (`Doc.to_dict`, `Doc.from_dict`).

`article.py` holds what a reader produces (`Article`, `Origin`, `Publication`), `layers.py` the
annotations, `doc.py` the `Doc` and its serialised form, `story.py` the `Story`, `summaries.py` the
short forms lists show (`StorySummary`, `ArticleSummary`); every name is imported from here.
"""

from __future__ import annotations

from newsprism.model.article import (
    PARAGRAPH_SEP,
    Article,
    Origin,
    Publication,
    clean_line,
    content_id,
    normalise_for_id,
)
from newsprism.model.doc import FORMAT_VERSION, Doc
from newsprism.model.layers import (
    Annotation,
    Approximation,
    DateMention,
    DatePrecision,
    Entity,
    EntityType,
    Evaluative,
    Figure,
    MentionKind,
    Paragraph,
    ParagraphKind,
    Quote,
    QuoteKind,
    Sentence,
    Token,
    within,
)
from newsprism.model.story import Story, StoryKind
from newsprism.model.summaries import ArticleSummary, StorySummary

__all__ = [
    "FORMAT_VERSION",
    "PARAGRAPH_SEP",
    "Annotation",
    "Approximation",
    "Article",
    "ArticleSummary",
    "DateMention",
    "DatePrecision",
    "Doc",
    "Entity",
    "EntityType",
    "Evaluative",
    "Figure",
    "MentionKind",
    "Origin",
    "Paragraph",
    "ParagraphKind",
    "Publication",
    "Quote",
    "QuoteKind",
    "Sentence",
    "Story",
    "StoryKind",
    "StorySummary",
    "Token",
    "clean_line",
    "content_id",
    "normalise_for_id",
    "within",
]
