import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from newsprism.analyse import Pipeline, PipelineError, Segment
from newsprism.analyse.category import (
    CATEGORIES,
    METADATA_PATH,
    MODEL_PATH,
    Categorise,
    CategoryModel,
    classify,
    classify_many,
    keyword_prior,
    keywords_digest,
    load_metadata,
    load_model,
    save_model,
)
from newsprism.model import Doc

SPORTS = (
    "«Динамо» обыграло «Спартак» в матче чемпионата России по футболу",
    "Нападающий забил два гола во втором тайме, вратарь гостей отразил пенальти. После матча тренер "
    "похвалил футболистов и болельщиков. В следующем туре команда сыграет на выезде, а сборная "
    "соберётся на сборы перед турниром.",
)
ECONOMY = (
    "Центробанк повысил ключевую ставку до 18%",
    "Банк России поднял ключевую ставку, чтобы сдержать инфляцию. Рубль укрепился к доллару и евро, "
    "на бирже подорожали облигации. Аналитики ждут замедления роста ВВП и кредитования, а Минфин "
    "обещает сбалансировать бюджет.",
)


def test_category_shipped_model_loads_without_pickle() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    model = load_model()
    assert set(model.classes) == set(CATEGORIES)
    assert (
        model.coef.shape
        == (len(model.classes), len(model.vocabulary))
        == (len(model.classes), len(model.idf))
    )


def test_category_metadata_describes_the_shipped_model() -> None:
    metadata = load_metadata()
    assert METADATA_PATH.is_file()
    assert metadata["model"] == MODEL_PATH.name
    assert metadata["data"]["n"] == 80
    assert metadata["data"]["path"].endswith("categories/ru-dev.jsonl")
    assert metadata["versions"]["scikit-learn"]
    assert metadata["trained"]
    assert metadata["vocabulary_size"] == len(load_model().vocabulary)
    # Retrain (python train/category.py) whenever the keyword lists change.
    assert metadata["keywords_digest"] == keywords_digest()
    scores = metadata["cross_validation"]["scores"]
    nested = next(value for name, value in scores.items() if name.startswith("nested: tfidf+logreg+keyword"))
    assert nested["accuracy"]["mean"] > scores["majority class"]["accuracy"]["mean"]


def test_category_classifies_clear_sports_and_economy() -> None:
    sports, score = classify(*SPORTS)
    assert sports == "sports"
    assert 0 < score <= 1
    assert [label for label, _ in classify_many([ECONOMY, SPORTS])] == ["economy", "sports"]


def test_category_step_sets_category_on_a_doc(pipeline: Pipeline) -> None:
    doc = pipeline(Doc(text=SPORTS[0] + "\n\n" + SPORTS[1]))
    doc = Categorise()(doc)
    assert doc.category == "sports"
    assert 1 / len(CATEGORIES) < doc.category_score <= 1
    assert "category" in doc.steps


def test_category_step_of_an_empty_doc_still_answers() -> None:
    doc = Categorise()(Doc(text=""))
    assert doc.category in CATEGORIES
    assert 0 < doc.category_score <= 1


def test_category_step_requires_lemmas() -> None:
    with pytest.raises(PipelineError, match="requires lemmas"):
        Pipeline([Segment(), Categorise()])


def test_category_keyword_prior_counts_each_list() -> None:
    prior = dict(zip(CATEGORIES, keyword_prior(["матч", "гол", "инфляция", "стол"]), strict=True))
    assert prior["sports"] == pytest.approx(math.log(3))
    assert prior["economy"] == pytest.approx(math.log(2))
    assert prior["society"] == prior["other"] == 0


def test_category_numpy_inference_matches_scikit_learn(tmp_path: Path) -> None:
    docs = [
        ["матч", "гол", "гол"],
        ["ставка", "рубль"],
        ["фильм", "актер"],
        ["матч", "тренер"],
        ["рубль", "банк"],
    ]
    labels = ["sports", "economy", "entertainment", "sports", "economy"]
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True)
    logreg = LogisticRegression(C=10.0).fit(vectorizer.fit_transform(docs), labels)
    model = CategoryModel(
        classes=tuple(logreg.classes_),
        vocabulary={str(word): int(index) for word, index in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_,
        coef=logreg.coef_,
        intercept=logreg.intercept_,
        keyword_weight=0.0,
    )
    save_model(model, tmp_path / "model.npz")
    loaded = load_model(tmp_path / "model.npz")
    query = ["гол", "рубль", "рубль", "неизвестное"]
    expected = logreg.predict_proba(vectorizer.transform([query]))[0]
    assert np.allclose(loaded.probabilities(query), expected, atol=1e-5)
