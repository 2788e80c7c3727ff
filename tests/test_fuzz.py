"""Property-based tests: every reader and the whole analysis on arbitrary input.

Readers get arbitrary bytes and arbitrary text in each format and must answer with articles or
`IngestError`s, never an exception. The analysis gets text built from the characters that break
NLP code (quote marks of every kind, dashes, right-to-left marks, emoji, control characters,
digits, Cyrillic and Latin words) and must keep every annotation inside its text. Example counts
are in docs/reliability.md; raise them with HYPOTHESIS_PROFILE=long.
"""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.analyse import Pipeline
from newsprism.ingest import IngestError
from newsprism.ingest.sources import FORMATS, Source, read_source
from newsprism.model import Article, Doc

settings.register_profile("default", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ANALYSIS_BOUND_SECONDS = 60

WORDS = ["Путин", "Макрона", "заявил", "что", "около", "50", "стран", "«", "»", '"', "“", "”", "„",
         "—", "–", "-", "−", "6−7 января 2026 года", "в марте", "по словам", "Le Monde", "(", ")",
         "\u202e", "\u200f", "مرحبا", "שלום", "😀", "👨‍👩‍👧", "\x00", "\x07", "\u2028", "\r\n", "\n\n",
         ".", ",", ":", "?!", "...", "ООН", "т.е.", "%", "$", "млрд", "1,5", "−3"]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=80).map(" ".join)


@contextmanager
def time_bound(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM after `seconds`."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(data: bytes, fmt: str | None) -> list[Article | IngestError]:
    return list(read_source(Source("-", fmt), stdin=io.BytesIO(data)))


@given(data=st.binary(max_size=4096), fmt=st.sampled_from([None, *FORMATS]))
def test_readers_answer_any_bytes(data: bytes, fmt: str | None) -> None:
    for item in _read(data, fmt):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, IngestError):
            assert item.reason


@given(text=texts, fmt=st.sampled_from([None, *FORMATS]))
def test_readers_answer_any_text(text: str, fmt: str | None) -> None:
    for item in _read(text.encode("utf-8"), fmt):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, Article):
            assert item.title.strip() and item.id


def _check_offsets(doc: Doc) -> None:
    size = len(doc.text)
    for name in Doc.LAYERS:
        layer = getattr(doc, name)
        for item in layer:
            assert 0 <= item.start <= item.stop <= size, (name, item)
        assert [item.start for item in layer] == sorted(item.start for item in layer), name
    for entity in doc.entities:
        assert entity.start < entity.stop and doc.text[entity.start : entity.stop].strip()
    for quote in doc.quotes:
        assert quote.speaker_start == -1 or 0 <= quote.speaker_start < quote.speaker_stop <= size
    for figure in doc.figures:
        assert figure.noun_start == -1 or 0 <= figure.noun_start < figure.noun_stop <= size
    assert all(d < len(doc.dates) for d in doc.written_after_evidence)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=texts, body=texts)
def test_analysis_keeps_annotations_inside_the_text(pipeline: Pipeline, title: str, body: str) -> None:
    article = Article(title=title or "-", body=body)
    with time_bound(ANALYSIS_BOUND_SECONDS):
        doc = pipeline(Doc.from_article(article))
    _check_offsets(doc)


def test_huge_line_and_deep_quotes_finish_in_bounded_time(pipeline: Pipeline) -> None:
    line = " ".join(
        ["«Президент", "России", "Владимир", "Путин", "заявил,", "что", "около", "50", "стран»"] * 1000
    )
    nested = "«" * 2000 + "Макрон сказал" + "»" * 1500 + '"' * 777
    for body in (line, nested):
        with time_bound(ANALYSIS_BOUND_SECONDS * 3):
            doc = pipeline(Doc.from_article(Article(title="Заголовок", body=body)))
        _check_offsets(doc)
