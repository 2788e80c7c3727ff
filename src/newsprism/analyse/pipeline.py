"""The step contract and the pipeline that runs steps in order.

A step is an object with `pipe(docs) -> Iterator[Doc]` and `__call__(doc) -> Doc`; it declares which
layers it `requires` and which it `assigns`, and the pipeline checks the order when it is built.
Steps annotate docs in place and yield them back, so a batch flows through every step in turn.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, ClassVar

from newsprism.errors import PipelineError as PipelineError
from newsprism.model import Doc


class Step:
    """Base class of analysis steps. Subclasses override `process` or, to batch, `pipe`."""

    name: ClassVar[str]
    version: ClassVar[int] = 1
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    # The languages the step is made for (None: any). Most steps wrap Russian models and rules
    # (natasha's tagger, Russian date and quote grammars): on an English or Ukrainian text they
    # would only make up names, so the pipeline skips them there and records it in `Doc.skipped`.
    languages: ClassVar[frozenset[str] | None] = frozenset({"ru"})

    def models(self) -> tuple[str, ...]:
        """The identities of the models the step reads (`model_identity`): wheels as
        ``name==version``, the project's own model files by their hash. None by default."""
        return ()

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


def stable_repr(value: Any) -> str:
    """A representation that is the same in every process: sets sorted (their iteration order
    depends on the per-process string hash seed), dataclasses as their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return f"{type(value).__name__}({stable_repr(fields)})"
    if isinstance(value, dict):
        items = sorted(value.items(), key=str)
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable_repr(item) for item in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(stable_repr(item) for item in value) + "]"
    return repr(value)


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
        """Names, versions, settings and models of the steps, hashed: a stored analysis of another
        version is stale (an analysis made with the optional lexicons differs from one without, one
        made with retrained weights or another natasha from one with today's)."""
        key = ";".join(
            f"{step.name}:{step.version}:{stable_repr(getattr(step, 'settings', None))}"
            f":{','.join(step.models())}"
            for step in self.steps
        )
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for batch in batched(docs, self.batch_size):
            for step in self.steps:
                batch = self._run(step, batch)
            yield from batch

    @staticmethod
    def _run(step: Step, batch: list[Doc]) -> list[Doc]:
        """The step over the docs of its languages; the others pass by, the step's name in
        their `skipped`. The batch keeps its order."""
        if step.languages is None:
            return list(step.pipe(batch))
        chosen = [doc for doc in batch if doc.language in step.languages]
        done = iter(step.pipe(chosen) if chosen else ())
        out: list[Doc] = []
        for doc in batch:
            if doc.language in step.languages:
                out.append(next(done))
            else:
                if step.name not in doc.skipped:
                    doc.skipped.append(step.name)
                out.append(doc)
        return out

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))
