from pathlib import Path

import pytest

from newsprism.analyse import Pipeline, PipelineError, Segment
from newsprism.analyse.evaluative import (
    KARTASLOVSENT,
    LEMMA_FORMS,
    NEUTRAL,
    RULES,
    RUSENTILEX,
    WORDS,
    LexiconSettings,
    MarkEvaluative,
    explain,
    load_lexicons,
)
from newsprism.model import Doc

STEP = MarkEvaluative()
LEXICONS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lexicons"

Row = tuple[str, int, str, str]  # span text, polarity, lemma, source


def analyse(pipeline: Pipeline, text: str, step: MarkEvaluative = STEP) -> Doc:
    return step(pipeline(Doc(text=text)))


def rows(doc: Doc) -> list[Row]:
    return [(doc.span_text(e), e.polarity, e.lemma, e.source) for e in doc.evaluative]


def test_evaluative_marks_russian_dictator(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Российский диктатор снова выступил с угрозами.")
    assert rows(doc) == [("диктатор", -1, "диктатор", "rules")]
    assert "evaluative" in doc.steps


def test_evaluative_matches_inflected_phrase_by_lemmas(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Оппозиция назвала переговоры политическим театром.")
    assert rows(doc) == [("политическим театром", -1, "политический театр", "rules")]


def test_evaluative_marks_so_called(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Министр высмеял планы так называемой коалиции желающих.")
    assert rows(doc) == [("так называемой", -1, "так называемый", "rules")]


def test_evaluative_so_called_needs_the_participle(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Его так называют друзья.")
    assert rows(doc) == []
    assert any("verb_not_participle" in line for line in explain(doc))


def test_evaluative_opening_hours_are_not_a_regime(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Режим работы магазина изменится с понедельника.")
    assert rows(doc) == []


def test_evaluative_marks_regime_with_loaded_modifier(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Путинский режим ответил на санкции, а кремлёвский режим промолчал.")
    assert rows(doc) == [
        ("Путинский режим", -1, "путинский режим", "rules"),
        ("кремлёвский режим", -1, "кремлевский режим", "rules"),
    ]


def test_evaluative_hero_of_a_film_and_hero_of_russia_are_neutral(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "Главный герой фильма погиб. Ему присвоили звание Героя России. "
        "Спасатели совершили настоящий подвиг.",
    )
    assert rows(doc) == [("подвиг", 1, "подвиг", "rules")]
    lines = explain(doc)
    assert any("hero_of_a_story" in line for line in lines)
    assert any("part_of_name" in line for line in lines)


def test_evaluative_capital_after_quote_mark_is_not_a_name(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Люди в зале скандировали «Позор!» и расходились.")
    assert rows(doc) == [("Позор", -1, "позор", "rules")]


def test_evaluative_step_requires_lemmas() -> None:
    with pytest.raises(PipelineError, match="requires lemmas"):
        Pipeline([Segment(), MarkEvaluative()])


def test_evaluative_word_list_is_in_lemma_form(pipeline: Pipeline) -> None:
    # An entry the lemmatiser never produces can never match; «клика» alone reads as «клик»
    # (genitive of «клик») but in context («правящая клика») it is lemmatised right.
    isolated_exceptions = {"клика"}
    phrases = [phrase for phrase in WORDS if phrase not in isolated_exceptions]
    wrong = []
    for phrase, doc in zip(phrases, pipeline.pipe(Doc(text=p) for p in phrases), strict=True):
        lemmas = " ".join(token.lemma.replace("ё", "е") for token in doc.tokens)
        if lemmas != phrase and lemmas not in LEMMA_FORMS.get(phrase, ()):
            wrong.append(f"{phrase} -> {lemmas}")
    assert wrong == []
    assert len(RULES) >= 300


def write_tiny_lexicons(folder: Path) -> None:
    (folder / RUSENTILEX).write_text(
        "скучный, Adj, скучный, negative, opinion\n"
        "белая ворона, NG, белый ворона, negative, opinion\n"
        "авария, Noun, авария, negative, fact\n"  # a fact, not a judgement
        'атака, Noun, атака, negative, fact, "АТАКА, ВОЕННЫЙ УДАР"\n'
        'атака, Noun, атака, positive, fact, "АТАКА (ИГРОВОЕ ДЕЙСТВИЕ)"\n'
        "диктатор, Noun, диктатор, positive, opinion\n"  # contradicts the rules, which win
        "изящный, Adj, изящный, postive, opinion\n",  # the real file has such typos
        encoding="utf-8",
    )
    (folder / KARTASLOVSENT).write_text(
        "term;tag;value;pstv;ngtv;neut;dunno;pstvNgtvDisagreementRatio\n"
        "чудесный;PSTV;0.95;0.8;0.0;0.1;0.1;0.0\n"
        "абажур;NEUT;0.08;0.18;0.03;0.58;0.19;0.0\n"
        "вялый;NGTV;-0.5;0.1;0.4;0.4;0.1;0.0\n"  # below the threshold
        "авария;PSTV;0.9;0.8;0.0;0.1;0.1;0.0\n",  # RuSentiLex knows it as a fact: skipped
        encoding="utf-8",
    )


def test_evaluative_reads_both_lexicon_formats(tmp_path: Path) -> None:
    write_tiny_lexicons(tmp_path)
    index = load_lexicons(LexiconSettings(tmp_path, kartaslovsent=True))
    entries = {entry.lemmas: (entry.polarity, entry.source) for e in index.by_first.values() for entry in e}
    assert entries == {
        ("скучный",): (-1, "rusentilex"),
        ("белый", "ворона"): (-1, "rusentilex"),
        ("диктатор",): (1, "rusentilex"),
        ("изящный",): (1, "rusentilex"),
        ("чудесный",): (1, "kartaslovsent"),
    }


def test_evaluative_lexicons_mark_what_rules_leave(tmp_path: Path, pipeline: Pipeline) -> None:
    write_tiny_lexicons(tmp_path)
    step = MarkEvaluative(LexiconSettings(tmp_path, kartaslovsent=True))
    text = "Скучный диктатор оказался белой вороной, а план чудесный. Случилась авария."
    assert rows(analyse(pipeline, text, step)) == [
        ("Скучный", -1, "скучный", "rusentilex"),
        ("диктатор", -1, "диктатор", "rules"),
        ("белой вороной", -1, "белый ворона", "rusentilex"),
        ("чудесный", 1, "чудесный", "kartaslovsent"),
    ]
    assert rows(analyse(pipeline, text)) == [("диктатор", -1, "диктатор", "rules")]


def test_evaluative_kartaslovsent_can_be_left_out(tmp_path: Path) -> None:
    write_tiny_lexicons(tmp_path)
    index = load_lexicons(LexiconSettings(tmp_path, kartaslovsent=False))
    assert index.match(["чудесный"], 0) is None
    assert index.match(["скучный"], 0) is not None


def test_evaluative_lexicon_folder_without_lexicons_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="NEWSPRISM_LEXICONS"):
        MarkEvaluative(LexiconSettings(tmp_path))


def test_evaluative_settings_from_environment(tmp_path: Path) -> None:
    assert LexiconSettings.from_env({}).path is None
    assert LexiconSettings.from_env({"NEWSPRISM_LEXICONS": str(tmp_path)}).path == tmp_path


@pytest.fixture(scope="module")
def real_lexicons() -> LexiconSettings:
    if not (LEXICONS / RUSENTILEX).is_file() or not (LEXICONS / KARTASLOVSENT).is_file():
        pytest.skip(
            f"{LEXICONS} has no RuSentiLex and KartaSlovSent: they are kept in ../shared beside the repo"
        )
    return LexiconSettings(LEXICONS)


def test_evaluative_real_lexicons_keep_opinions_only(real_lexicons: LexiconSettings) -> None:
    index = load_lexicons(real_lexicons)
    assert len(index) > 5000
    absurd = index.match(["абсурдный"], 0)
    assert absurd is not None and (absurd.polarity, absurd.source) == (-1, "rusentilex")
    for fact in ("война", "авария", "погибнуть"):  # negative events, not judgements of them
        assert index.match([fact], 0) is None
    assert all(index.match([word], 0) is None for word in ("здоровье", "победа")) and "победа" in NEUTRAL


def test_evaluative_real_lexicons_in_the_step(real_lexicons: LexiconSettings, pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline,
        "Эксперты назвали эту ахинею нелепицей, а диктатор промолчал.",
        MarkEvaluative(real_lexicons),
    )
    found = rows(doc)
    assert ("диктатор", -1, "диктатор", "rules") in found
    assert any(
        source in ("rusentilex", "kartaslovsent") and polarity == -1 for _, polarity, _, source in found
    )
