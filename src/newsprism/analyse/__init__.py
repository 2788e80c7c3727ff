"""Analysis: a pipeline of steps, each annotating a `Doc` with offsets into its text.

segment -> morph -> lemmas -> entities -> links -> dates -> figures -> quotes
        -> evaluative -> loaded names -> embedding -> category (which reads the embedding)
(every step but segment and embedding runs for Russian texts only: `Step.languages`)

The steps are imported when first named, so a module that needs one part (search needs only
`natasha_models.parse_word`) does not import every step and its libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsprism.lazy import lazy_attributes

if TYPE_CHECKING:
    from newsprism.analyse.category import Categorise
    from newsprism.analyse.dates import ExtractDates
    from newsprism.analyse.embedding import EmbedArticles, EmbeddingSettings
    from newsprism.analyse.entities.linking import LinkMentions
    from newsprism.analyse.entities.step import TagEntities
    from newsprism.analyse.evaluative import JudgeTargets, LexiconSettings, LoadedNames, MarkEvaluative
    from newsprism.analyse.figures import ExtractFigures
    from newsprism.analyse.morph import Lemmatize, TagMorph
    from newsprism.analyse.pipeline import Pipeline, PipelineError, Step
    from newsprism.analyse.quotes import ExtractQuotes
    from newsprism.analyse.segment import Segment
    from newsprism.analyse.sentiment import EntitySentiment

_HOME = {
    "Categorise": "category",
    "EmbedArticles": "embedding",
    "EmbeddingSettings": "embedding",
    "EntitySentiment": "sentiment.step",
    "ExtractDates": "dates.step",
    "ExtractFigures": "figures.step",
    "ExtractQuotes": "quotes",
    "JudgeTargets": "evaluative.judged",
    "Lemmatize": "morph",
    "LexiconSettings": "evaluative.lexicons",
    "LinkMentions": "entities.linking",
    "LoadedNames": "evaluative.naming",
    "MarkEvaluative": "evaluative.marking",
    "Pipeline": "pipeline",
    "PipelineError": "pipeline",
    "Segment": "segment",
    "Step": "pipeline",
    "TagEntities": "entities.step",
    "TagMorph": "morph",
}
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


__getattr__ = lazy_attributes(__name__, _HOME)


def default_pipeline(batch_size: int = 64, lexicons: LexiconSettings | None = None) -> Pipeline:
    """The full analysis, in order. `lexicons` adds the optional sentiment lexicons to the
    evaluative words (default: the folder in NEWSPRISM_LEXICONS, if set)."""
    from newsprism.analyse.category import Categorise
    from newsprism.analyse.dates import ExtractDates
    from newsprism.analyse.embedding import EmbedArticles
    from newsprism.analyse.entities.linking import LinkMentions
    from newsprism.analyse.entities.step import TagEntities
    from newsprism.analyse.evaluative import JudgeTargets, LexiconSettings, LoadedNames, MarkEvaluative
    from newsprism.analyse.figures import ExtractFigures
    from newsprism.analyse.morph import Lemmatize, TagMorph
    from newsprism.analyse.pipeline import Pipeline
    from newsprism.analyse.quotes import ExtractQuotes
    from newsprism.analyse.segment import Segment
    from newsprism.analyse.sentiment import EntitySentiment

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
        EmbedArticles(),
        Categorise(),
    ]
    return Pipeline(steps, batch_size=batch_size)
