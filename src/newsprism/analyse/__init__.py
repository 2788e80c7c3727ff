"""Analysis: a pipeline of steps, each annotating a `Doc` with offsets into its text.

segment -> morph -> lemmas -> entities -> links -> dates -> figures -> quotes
        -> evaluative -> loaded names -> category -> embedding
(every step but segment and embedding runs for Russian texts only: `Step.languages`)
"""

from __future__ import annotations

from newsprism.analyse.category import Categorise
from newsprism.analyse.dates import ExtractDates
from newsprism.analyse.embedding import EmbedArticles, EmbeddingSettings
from newsprism.analyse.entities import TagEntities
from newsprism.analyse.evaluative import LexiconSettings, MarkEvaluative
from newsprism.analyse.figures import ExtractFigures
from newsprism.analyse.judged import JudgeTargets
from newsprism.analyse.linking import LinkMentions
from newsprism.analyse.morph import Lemmatize, TagMorph
from newsprism.analyse.naming import LoadedNames
from newsprism.analyse.pipeline import Pipeline, PipelineError, Step
from newsprism.analyse.quotes import ExtractQuotes
from newsprism.analyse.segment import Segment
from newsprism.analyse.sentiment import EntitySentiment

__all__ = [
    "Categorise",
    "EmbedArticles",
    "EmbeddingSettings",
    "EntitySentiment",
    "ExtractDates",
    "ExtractFigures",
    "ExtractQuotes",
    "JudgeTargets",
    "Lemmatize",
    "LexiconSettings",
    "LinkMentions",
    "LoadedNames",
    "MarkEvaluative",
    "Pipeline",
    "PipelineError",
    "Segment",
    "Step",
    "TagEntities",
    "TagMorph",
    "default_pipeline",
]


def default_pipeline(batch_size: int = 64, lexicons: LexiconSettings | None = None) -> Pipeline:
    """The full analysis, in order. `lexicons` adds the optional sentiment lexicons to the
    evaluative words (default: the folder in NEWSPRISM_LEXICONS, if set)."""
    steps: list[Step] = [
        Segment(),
        TagMorph(),
        Lemmatize(),
        TagEntities(),
        LinkMentions(),
        EntitySentiment(),
        ExtractDates(),
        ExtractFigures(),
        ExtractQuotes(),
        MarkEvaluative(lexicons if lexicons is not None else LexiconSettings.from_env()),
        LoadedNames(),
        JudgeTargets(),
        Categorise(),
        EmbedArticles(),
    ]
    return Pipeline(steps, batch_size=batch_size)
