"""Analysis: a pipeline of steps, each annotating a `Doc` with offsets into its text.

segment -> morph -> lemmas -> entities
"""

from newsprism.analyse.entities import TagEntities
from newsprism.analyse.linking import LinkMentions
from newsprism.analyse.morph import Lemmatize, TagMorph
from newsprism.analyse.pipeline import Pipeline, PipelineError, Step
from newsprism.analyse.segment import Segment

__all__ = [
    "Lemmatize",
    "LinkMentions",
    "Pipeline",
    "PipelineError",
    "Segment",
    "Step",
    "TagEntities",
    "TagMorph",
    "default_pipeline",
]


def default_pipeline(batch_size: int = 64) -> Pipeline:
    """The full analysis, in order."""
    return Pipeline([Segment(), TagMorph(), Lemmatize(), TagEntities(), LinkMentions()], batch_size=batch_size)
