from pathlib import Path

import pytest

from newsprism.analyse import Pipeline, PipelineError, Segment, TagEntities, TagMorph
from newsprism.analyse.segment import looks_like_heading, split_paragraphs
from newsprism.model import Article, Doc


def test_analyse_pipeline_rejects_steps_out_of_order() -> None:
    with pytest.raises(PipelineError, match="requires"):
        Pipeline([TagEntities(), Segment(), TagMorph()])


def test_analyse_pipeline_version_depends_on_steps() -> None:
    assert Pipeline([Segment()]).version != Pipeline([Segment(), TagMorph()]).version


def test_analyse_split_paragraphs_trims_and_keeps_offsets() -> None:
    text = "Заголовок\n\n  Первый абзац.\n \nВторой\nабзац.\n\n"
    spans = split_paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["Заголовок", "Первый абзац.", "Второй\nабзац."]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Что известно о переговорах", True),
        ("Коалиция: что надо знать", True),
        ("Переговоры прошли в Париже.", False),
        ("Итоги", False),
        ("«Мы готовы», — заявил министр", True),
        ("Долгий абзац " * 20, False),
    ],
)
def test_analyse_heading_rule(text: str, heading: bool) -> None:
    assert looks_like_heading(text) is heading


def test_analyse_segment_keeps_title_apart_from_body() -> None:
    article = Article(title="Мэр открыл мост", body="Мэр Заречинска открыл мост. Движение начнётся завтра.")
    doc = Segment()(Doc.from_article(article))
    sentences = [doc.span_text(s) for s in doc.sentences]
    assert sentences == ["Мэр открыл мост", "Мэр Заречинска открыл мост.", "Движение начнётся завтра."]
    assert all(doc.span_text(t).strip() == doc.span_text(t) and doc.span_text(t) for t in doc.tokens)


def test_analyse_pipeline_tags_lemmas_and_normal_forms(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text="Министр Ирина Волкова встретилась с Карлом Эрикссоном в Линдхольме."))
    found = {(e.type, doc.span_text(e), e.normal) for e in doc.entities}
    assert ("PER", "Карлом Эрикссоном", "Карл Эрикссон") in found
    assert ("PER", "Ирина Волкова", "Ирина Волкова") in found
    lemmas = {doc.span_text(t): t.lemma for t in doc.tokens}
    assert lemmas["встретилась"] == "встретиться"
    assert doc.steps[:5] == ["segment", "morph", "lemmas", "entities", "links"]


def test_analyse_pipe_equals_call(pipeline: Pipeline) -> None:
    texts = ["Путин встретился с Макроном в Париже.", "", "Банк России повысил ставку."]
    one_by_one = [pipeline(Doc(text=t)) for t in texts]
    batched = list(pipeline.pipe(Doc(text=t) for t in texts))
    assert batched == one_by_one
    assert batched[1].entities == [] and batched[1].tokens == []


def test_analyse_seeds_name_macron_and_putin(pipeline: Pipeline, seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = pipeline(Doc(text=path.read_text(encoding="utf-8")))
        normals = {e.normal for e in doc.entities if e.type == "PER"}
        assert {"Эммануэль Макрон", "Владимир Путин"} <= normals, path.name
        for e in doc.entities:
            assert doc.text[e.start : e.stop].strip() == doc.text[e.start : e.stop] != ""


@pytest.mark.slow
def test_analyse_pipeline_version_is_the_same_in_every_process() -> None:
    # Settings hold frozensets, whose order follows the per-process hash seed: the version must not.
    import os
    import subprocess
    import sys

    code = "from newsprism.analyse import default_pipeline; print(default_pipeline().version)"
    versions = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(versions) == 1
