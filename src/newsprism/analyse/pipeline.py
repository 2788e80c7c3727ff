"""The step contract and the pipeline that runs steps in order.

A step is an object with `pipe(docs) -> Iterator[Doc]` and `__call__(doc) -> Doc`; it declares which
layers it `requires` and which it `assigns`, and the pipeline checks the order when it is built.
Steps annotate docs in place and yield them back, so a batch flows through every step in turn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import ClassVar

from newsprism.model import Doc


class PipelineError(ValueError):
    """A pipeline whose steps are in an order that cannot work."""


class Step:
    """Base class of analysis steps. Subclasses override `process` or, to batch, `pipe`."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            yield self._done(self.process(doc))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def _done(self, doc: Doc) -> Doc:
        if self.name not in doc.steps:
            doc.steps.append(self.name)
        return doc

    def __repr__(self) -> str:
        return f"{type(self).__name__}(v{self.version})"


def batched(items: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Pipeline:
    """Steps run in order over batches of documents."""

    def __init__(self, steps: Sequence[Step], batch_size: int = 16) -> None:
        available: set[str] = set()
        for step in steps:
            missing = [layer for layer in step.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"step {step.name!r} requires {', '.join(missing)}, which no earlier step assigns; "
                    f"put a step that assigns it before {step.name!r}"
                )
            available.update(step.assigns)
        self.steps = list(steps)
        self.batch_size = batch_size

    @property
    def version(self) -> str:
        """Names and versions of the steps, hashed: a stored analysis of another version is stale."""
        key = ";".join(f"{step.name}:{step.version}" for step in self.steps)
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for batch in batched(docs, self.batch_size):
            stream: Iterable[Doc] = batch
            for step in self.steps:
                stream = step.pipe(stream)
            yield from stream

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))
