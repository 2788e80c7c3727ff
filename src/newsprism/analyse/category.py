"""An article's news category: a linear model over the article's e5 embedding, blended with one
over lemma TF-IDF and nudged by a small keyword prior.

Categories are those of the tgcontest data: society, economy, technology, sports, entertainment,
science, other and not_news. `train/category.py` fits the model on the labelled examples in
`../shared/data/categories/ru-dev.jsonl` (and, with a small weight, the contest system's categories
of a one-day news stream) and writes `models/category.npz` (plain numpy arrays, read with
`allow_pickle=False`) and `models/category.json` (where it came from, how well it did).
Inference is a few numpy operations, so scikit-learn is needed only to train.

The embedding is `Doc.embedding` (`analyse/embedding.py`: multilingual-e5-small over the title and
opening), which the pipeline's embedding step sets before this one; a doc without one (a pipeline
without that step) gets it computed here the same way, and not stored.

The keyword lists below are generic news vocabulary written by hand before the model was
evaluated; they are not drawn from the labelled texts. They matter because 80 examples cover little
vocabulary: «хоккеист» in a new article says sports even if no training article used the word.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsprism.analyse import model_identity
from newsprism.analyse.embedding import EmbedArticles, EmbeddingSettings, embedding_span, unpack
from newsprism.analyse.morph import Lemmatize, TagMorph
from newsprism.analyse.pipeline import Pipeline, Step
from newsprism.analyse.segment import Segment
from newsprism.model import Article, Doc
from newsprism.text import fold

MODELS = Path(__file__).resolve().parent / "models"
MODEL_PATH = MODELS / "category.npz"
METADATA_PATH = MODELS / "category.json"

CATEGORIES = ("society", "economy", "technology", "sports", "entertainment", "science", "other", "not_news")

# Words of these parts of speech carry the topic; the rest (pronouns, prepositions, numbers) do not.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
# A title says what the article is about more densely than its body.
TITLE_WEIGHT = 2


def _words(text: str) -> frozenset[str]:
    return frozenset(text.replace("ё", "е").split())


# Lemmas (lower case, ё as е). Ambiguous words («акция», «клуб», «звезда», «игра») are left out.
KEYWORDS: dict[str, frozenset[str]] = {
    "society": _words(
        """
        правительство госдума депутат законопроект закон суд прокуратура прокурор полиция
        полицейский мвд следственный следователь уголовный преступление задержать арест арестовать
        выборы избирательный партия губернатор мэр чиновник министр митинг протест оппозиция
        авария пожар мчс пострадавший погибнуть погибший взрыв теракт убийство мошенник
        пенсионер школа школьник учитель студент мигрант беженец парламент премьер-министр
        """
    ),
    "economy": _words(
        """
        ввп инфляция ставка рубль доллар евро курс биржа рынок нефть баррель опек экспорт импорт
        банк центробанк цб кредит кредитный ипотека ипотечный налог налоговый бюджет экономика
        экономический инвестор инвестиция выручка прибыль убыток капитализация дивиденд
        облигация пошлина тариф минфин минэкономразвития финансовый безработица рецессия вклад
        вкладчик зарплата себестоимость ритейлер акционер котировка девальвация
        """
    ),
    "technology": _words(
        """
        смартфон приложение гаджет ноутбук компьютер процессор чип планшет браузер мессенджер
        соцсеть интернет софт операционный пользователь нейросеть робот беспилотный
        электромобиль хакер кибератака криптовалюта биткоин блокчейн стартап разработчик
        apple iphone google android ios samsung huawei xiaomi microsoft windows tesla
        telegram whatsapp facebook instagram twitter youtube гигабайт экран дисплей
        """
    ),
    "sports": _words(
        """
        матч гол чемпионат турнир сборная футбол футболист футбольный хоккей хоккеист хоккейный
        теннис теннисист теннисистка баскетбол волейбол биатлон биатлонист олимпиада олимпийский
        тренер нападающий вратарь полузащитник форвард лига плей-офф полуфинал четвертьфинал
        чемпион чемпионка медаль спортсмен спортсменка спорт спортивный стадион шайба фигурист
        фигуристка боксер бокс нхл кхл рпл фифа уефа легкоатлет допинг болельщик
        """
    ),
    "entertainment": _words(
        """
        фильм кино кинотеатр сериал режиссер актер актриса концерт певица певец музыкант альбом
        песня клип шоу премьера гастроли спектакль выставка музей писатель оскар грэмми рэпер
        фестиваль телеведущий блогер поклонник фанат трейлер мультфильм знаменитость
        артист сцена кинокартина экранизация телешоу исполнитель хит
        """
    ),
    "science": _words(
        """
        ученый исследование исследователь научный наука эксперимент космос космический мкс наса
        роскосмос планета астроном астрономический галактика телескоп ген генетический днк
        клетка бактерия молекула физик химик биолог палеонтолог археолог ископаемое динозавр
        климат лаборатория мозг вакцина болезнь медицина медицинский пациент организм
        эволюция орбита марс луна
        """
    ),
    "not_news": _words(
        """
        скидка купить заказать промокод распродажа гороскоп рецепт бесплатно подписаться
        розыгрыш реклама рекламный доставка магазин товар покупатель
        """
    ),
}


def keywords_digest() -> str:
    """A short hash of the keyword lists: the model's metadata records the lists it was trained with."""
    key = ";".join(f"{name}:{' '.join(sorted(words))}" for name, words in sorted(KEYWORDS.items()))
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def doc_terms(doc: Doc) -> list[str]:
    """The features of a lemmatised doc: lemmas of its content words, the title's repeated."""
    title_stop = next((p.stop for p in doc.paragraphs if p.kind == "title"), -1)
    terms: list[str] = []
    for token in doc.tokens:
        if token.pos in CONTENT_POS and token.lemma[:1].isalpha():
            lemma = fold(token.lemma)
            terms.extend([lemma] * (TITLE_WEIGHT if token.stop <= title_stop else 1))
    return terms


def keyword_prior(terms: Sequence[str]) -> list[float]:
    """log(1 + hits) of each category's keywords among the terms, in `CATEGORIES` order."""
    hits = Counter(name for term in terms for name, words in KEYWORDS.items() if term in words)
    return [math.log1p(hits[name]) for name in CATEGORIES]


FloatArray = npt.NDArray[np.float64]

# The keyword weight of the TF-IDF part when it answers alone (no embedding): the one the nested CV
# chose for the previous, TF-IDF-only model of the same settings.
FALLBACK_KEYWORD_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class CategoryModel:
    """Multinomial logistic regression over the e5 embedding (`embedding_coef`, `intercept`), whose
    logits get `tfidf_weight` times those of a logistic regression over sublinear, l2-normalised
    TF-IDF of `doc_terms` (`tfidf_coef`, `tfidf_intercept`) and `keyword_weight *
    keyword_prior(terms)` added before the softmax. Without an embedding, only the TF-IDF part and
    the prior (weight `FALLBACK_KEYWORD_WEIGHT`) answer; `embedding_coef` with no columns makes a
    TF-IDF-only model."""

    classes: tuple[str, ...]
    embedding_coef: FloatArray  # (classes, 384), or (classes, 0)
    intercept: FloatArray
    vocabulary: dict[str, int]
    idf: FloatArray
    tfidf_coef: FloatArray  # (classes, vocabulary)
    tfidf_intercept: FloatArray
    tfidf_weight: float
    keyword_weight: float

    @property
    def dimensions(self) -> int:
        return int(self.embedding_coef.shape[1])

    def tfidf_logits(self, terms: Sequence[str]) -> FloatArray:
        counts = Counter(term for term in terms if term in self.vocabulary)
        logits = self.tfidf_intercept.copy()
        if counts:
            columns = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.intp, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
            values = tf * self.idf[columns]
            values /= np.linalg.norm(values)
            logits += self.tfidf_coef[:, columns] @ values
        return logits

    def probabilities(self, terms: Sequence[str], embedding: npt.ArrayLike | None = None) -> FloatArray:
        """Class probabilities in `classes` order; `embedding` is the doc's unit vector (without
        one, or in a model without an embedding part, the TF-IDF part and the prior decide)."""
        vector = np.zeros(0) if embedding is None else np.asarray(embedding, dtype=np.float64)
        keyword_weight = self.keyword_weight
        if self.dimensions > 0 and vector.shape == (self.dimensions,):
            logits = self.intercept + self.embedding_coef @ vector
            if self.tfidf_weight and self.vocabulary:
                logits += self.tfidf_weight * self.tfidf_logits(terms)
        else:
            logits = self.tfidf_logits(terms)
            keyword_weight = FALLBACK_KEYWORD_WEIGHT if self.dimensions else keyword_weight
        if keyword_weight:
            prior = dict(zip(CATEGORIES, keyword_prior(terms), strict=True))
            logits += keyword_weight * np.array([prior[name] for name in self.classes])
        logits -= logits.max()
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def predict(self, terms: Sequence[str], embedding: npt.ArrayLike | None = None) -> tuple[str, float]:
        """The most probable category and its probability."""
        probabilities = self.probabilities(terms, embedding)
        best = int(probabilities.argmax())
        return self.classes[best], float(probabilities[best])


def save_model(model: CategoryModel, path: Path) -> None:
    """Write the model as numpy arrays only (no objects, so no pickle is needed to read it)."""
    words = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    np.savez_compressed(
        path,
        classes=np.array(model.classes, dtype=str),
        embedding_coef=model.embedding_coef.astype(np.float32),
        intercept=model.intercept.astype(np.float64),
        vocabulary=np.array(words, dtype=str),
        idf=model.idf.astype(np.float32),
        tfidf_coef=model.tfidf_coef.astype(np.float32),
        tfidf_intercept=model.tfidf_intercept.astype(np.float64),
        tfidf_weight=np.array(model.tfidf_weight, dtype=np.float64),
        keyword_weight=np.array(model.keyword_weight, dtype=np.float64),
    )


@cache
def load_model(path: Path = MODEL_PATH) -> CategoryModel:
    """The shipped model (read once per process). Raises FileNotFoundError with what to run."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: train it with `python train/category.py`")
    with np.load(path, allow_pickle=False) as arrays:
        words = [str(word) for word in arrays["vocabulary"]]
        return CategoryModel(
            classes=tuple(str(name) for name in arrays["classes"]),
            embedding_coef=arrays["embedding_coef"].astype(np.float64),
            intercept=arrays["intercept"].astype(np.float64),
            vocabulary={word: index for index, word in enumerate(words)},
            idf=arrays["idf"].astype(np.float64),
            tfidf_coef=arrays["tfidf_coef"].astype(np.float64),
            tfidf_intercept=arrays["tfidf_intercept"].astype(np.float64),
            tfidf_weight=float(arrays["tfidf_weight"]),
            keyword_weight=float(arrays["keyword_weight"]),
        )


def load_metadata(path: Path = METADATA_PATH) -> dict[str, Any]:
    """What the shipped model was trained on and how it scored in cross-validation."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def _lemma_pipeline() -> Pipeline:
    steps: list[Step] = [Segment(), TagMorph(), Lemmatize(), EmbedArticles(), Categorise()]
    return Pipeline(steps, batch_size=32)


def classify_many(items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, float]]:
    """`classify` for many (title, text) pairs, batched through segmentation, morphology and the
    embedding."""
    docs = (Doc.from_article(Article(title=title, body=text)) for title, text in items)
    for doc in _lemma_pipeline().pipe(docs):
        yield doc.category, doc.category_score


def classify(title: str, text: str) -> tuple[str, float]:
    """The category of an article and the model's probability for it. Runs segmentation,
    morphology, lemmas and the embedding first (about 60 ms); inside a pipeline use the
    `Categorise` step."""
    return next(classify_many([(title, text)]))


def embeddings(docs: Sequence[Doc], settings: EmbeddingSettings | None = None) -> list[FloatArray]:
    """The docs' unit vectors: `doc.embedding` where set, else computed as `EmbedArticles` would
    (one encoder pass over the docs without one), without storing them on the docs."""
    vectors = [unpack(doc.embedding).astype(np.float64) for doc in docs]
    missing = [index for index, vector in enumerate(vectors) if not vector.size]
    if missing:
        from newsprism.analyse.e5_encoder import load_encoder

        settings = settings or EmbeddingSettings()
        spans = [embedding_span(docs[index], settings) for index in missing]
        computed = load_encoder().embed(spans, max_tokens=settings.max_tokens)
        for index, vector in zip(missing, computed, strict=True):
            # Rounded through float16 as `pack` stores it, so a computed vector is a stored one.
            vectors[index] = vector.astype("<f2").astype(np.float64)
    return vectors


class Categorise(Step):
    """Sets `doc.category` and `doc.category_score` from the doc's embedding and the lemmas of its
    tokens. Put it after `EmbedArticles`; without that step it embeds the docs itself."""

    name = "category"
    version = 2
    requires = ("lemmas",)
    assigns = ("category",)

    def models(self) -> tuple[str, ...]:
        # It embeds docs itself when no EmbedArticles step ran before it.
        return (model_identity.model_file(MODEL_PATH), *model_identity.packages(model_identity.ENCODER))

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        batch = list(docs)
        if not batch:
            return
        model = load_model()
        vectors = embeddings(batch) if model.dimensions else [None] * len(batch)
        for doc, vector in zip(batch, vectors, strict=True):
            doc.category, doc.category_score = model.predict(doc_terms(doc), vector)
            yield self._done(doc)
