import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from newsprism.analyse import Lemmatize, Pipeline, PipelineError, Segment, TagMorph
from newsprism.analyse.category import (
    CATEGORIES,
    FALLBACK_KEYWORD_WEIGHT,
    METADATA_PATH,
    MODEL_PATH,
    Categorise,
    CategoryModel,
    classify,
    classify_many,
    embeddings,
    keyword_prior,
    keywords_digest,
    load_metadata,
    load_model,
    save_model,
)
from newsprism.analyse.embedding import unpack
from newsprism.model import Article, Doc

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


# Invented for these tests (not from any data set): one clear article of each kind.
SCIENCE = (
    "Астрономы нашли у далёкой звезды планету с водяным паром в атмосфере",
    "Группа исследователей наблюдала планету в телескоп «Джеймс Уэбб» три ночи подряд. В спектре её "
    "атмосферы учёные увидели линии водяного пара и метана. Статья с результатами наблюдений вышла в "
    "научном журнале, следующий сеанс наблюдений запланирован на осень.",
)
ENTERTAINMENT = (
    "Режиссёр снимет продолжение комедии с той же актрисой в главной роли",
    "Съёмки фильма начнутся весной, премьера в кинотеатрах ожидается через год. Актриса вернётся к своей роли"
    ", а музыку к картине снова напишет композитор первой части. Продюсеры обещают показать трейлер "
    "летом на кинофестивале.",
)
NOT_NEWS = (
    "7 простых привычек, которые сделают ваше утро спокойнее",
    "Вставайте в одно и то же время, даже в выходные. Выпейте стакан воды до кофе. Не берите телефон в "
    "первые полчаса после пробуждения. Заправьте кровать: маленькое дело с утра настраивает на порядок. "
    "Составьте список из трёх главных дел на день и начните с самого неприятного.",
)


def test_category_shipped_model_loads_without_pickle() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    model = load_model()
    assert set(model.classes) == set(CATEGORIES)
    assert model.embedding_coef.shape == (len(model.classes), 384) == (len(model.intercept), 384)
    assert (
        model.tfidf_coef.shape
        == (len(model.classes), len(model.vocabulary))
        == (len(model.classes), len(model.idf))
    )


def test_category_metadata_describes_the_shipped_model() -> None:
    metadata = load_metadata()
    assert METADATA_PATH.is_file()
    assert metadata["model"] == MODEL_PATH.name
    assert metadata["data"]["n"] == 80
    assert metadata["data"]["path"].endswith("categories/ru-dev.jsonl")
    assert metadata["data"]["stream"]["held_out"] > 0
    assert metadata["versions"]["scikit-learn"]
    assert metadata["trained"]
    assert metadata["vocabulary_size"] == len(load_model().vocabulary)
    assert metadata["hyperparameters"]["tfidf_weight"] == load_model().tfidf_weight
    # Retrain (python train/category.py) whenever the keyword lists change.
    assert metadata["keywords_digest"] == keywords_digest()
    cross_validation = metadata["cross_validation"]
    assert cross_validation["accuracy"]["nested (shipped procedure)"]["mean"] > 0.7
    assert set(cross_validation["nested_recall"]) == set(CATEGORIES)


@pytest.mark.slow
def test_category_classifies_clear_articles_of_each_kind() -> None:
    sports, score = classify(*SPORTS)
    assert sports == "sports"
    assert 0 < score <= 1
    found = [label for label, _ in classify_many([ECONOMY, SPORTS, SCIENCE, ENTERTAINMENT, NOT_NEWS])]
    assert found == ["economy", "sports", "science", "entertainment", "not_news"]


def test_category_step_reads_the_embedding_or_makes_it(pipeline: Pipeline) -> None:
    doc = pipeline(Doc.from_article(Article(title=SPORTS[0], body=SPORTS[1])))
    assert doc.category == "sports"
    assert 1 / len(CATEGORIES) < doc.category_score <= 1
    assert "category" in doc.steps and doc.steps.index("embedding") < doc.steps.index("category")
    # Without the embedding step, the category step embeds the doc itself, the same way.
    lemmas = Pipeline([Segment(), TagMorph(), Lemmatize()])
    bare = lemmas(Doc.from_article(Article(title=SPORTS[0], body=SPORTS[1])))
    bare = Categorise()(bare)
    assert bare.embedding == ""
    assert (bare.category, bare.category_score) == pytest.approx((doc.category, doc.category_score))
    [computed] = embeddings([bare])
    assert np.array_equal(computed, unpack(doc.embedding))


def test_category_step_of_an_empty_doc_still_answers() -> None:
    doc = Categorise()(Doc(text=""))
    assert doc.category in CATEGORIES
    assert 0 < doc.category_score <= 1


def test_category_model_without_embedding_uses_the_tfidf_part() -> None:
    model = load_model()
    label, score = model.predict(["матч", "гол", "тренер", "футболист"], None)
    assert label == "sports" and 0 < score <= 1


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
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(docs), 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectorizer = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True)
    tfidf = LogisticRegression(C=10.0).fit(vectorizer.fit_transform(docs), labels)
    embedded = LogisticRegression(C=10.0).fit(vectors, labels)
    model = CategoryModel(
        classes=tuple(embedded.classes_),
        embedding_coef=embedded.coef_,
        intercept=embedded.intercept_,
        vocabulary={str(word): int(index) for word, index in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_,
        tfidf_coef=tfidf.coef_,
        tfidf_intercept=tfidf.intercept_,
        tfidf_weight=0.5,
        keyword_weight=0.0,
    )
    save_model(model, tmp_path / "model.npz")
    loaded = load_model(tmp_path / "model.npz")
    query = ["гол", "рубль", "рубль", "неизвестное"]
    vector = vectors[1]
    logits = (
        embedded.decision_function([vector])[0]
        + 0.5 * tfidf.decision_function(vectorizer.transform([query]))[0]
    )
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert np.allclose(loaded.probabilities(query, vector), expected, atol=1e-5)
    # Without an embedding only the TF-IDF part answers, with the fallback keyword weight.
    logits = tfidf.decision_function(vectorizer.transform([query]))[0]
    prior = dict(zip(CATEGORIES, keyword_prior(query), strict=True))
    logits = logits + FALLBACK_KEYWORD_WEIGHT * np.array([prior[name] for name in tfidf.classes_])
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert np.allclose(loaded.probabilities(query), expected, atol=1e-5)
