"""Coverage-guided fuzzing (atheris) of every reader: bytes in, articles or errors out, never an
exception. Not part of `make test` (it runs until stopped); see docs/reliability.md.

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/readers.py -runs=200000 -max_len=4096 [corpus_dir]
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports():
    from newsprism.ingest import IngestError
    from newsprism.ingest.sources import FORMATS, Source, read_source
    from newsprism.model import Article

CHOICES = [None, *FORMATS]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    fmt = CHOICES[data[0] % len(CHOICES)]
    for item in read_source(Source("-", fmt), stdin=io.BytesIO(data[1:])):
        if not isinstance(item, (Article, IngestError)):
            raise TypeError(f"reader yielded {type(item).__name__}")
        if isinstance(item, Article) and not item.title.strip():
            raise ValueError("an article without a title")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
