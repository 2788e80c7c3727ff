"""The store speaks the model's types: a stored mention is the model's `Entity` and back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from newsprism.model import Article, Doc, Entity, Quote
from newsprism.store import Mention, open_store
from newsprism.store.base import encode


def _doc() -> Doc:
    text = "«Иван Петров прав», — сказал Сидоров. Петров уехал в Казань."
    doc = Doc(text=text, article_id="0123456789abcdef")
    at = text.index
    doc.entities = [
        Entity(at("Иван"), at("Иван") + 11, "PER", "Иван Петров", "Иван Петров", sentiment=1, score=0.8),
        Entity(at("Сидоров"), at("Сидоров") + 7, "PER", "Сидоров", link_rule="same_name"),
        Entity(
            at("Петров уехал"), at("Петров уехал") + 6, "PER", "Петров", "Иван Петров", link_rule="surname"
        ),
        Entity(at("Казань"), at("Казань") + 6, "LOC", "Казань"),
    ]
    doc.quotes = [
        Quote(1, 18, "direct", at("Сидоров"), at("Сидоров") + 7, "Сидоров", "сказать", 0, "dash_after")
    ]
    return doc


def test_a_stored_mention_is_the_models_entity() -> None:
    doc = _doc()
    mentions = encode(doc).mentions
    assert [m.quoted for m in mentions] == [1, 0, 0, 0]
    for mention, entity in zip(mentions, doc.entities, strict=True):
        assert mention.entity() == dataclasses.replace(
            entity, canonical=entity.canonical or entity.normal, score=0.0
        )
        assert Mention.of(doc.article_id, mention.entity(), bool(mention.quoted)) == mention


def test_mentions_read_back_from_the_store_are_entities(tmp_path: Path) -> None:
    doc = _doc()
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        article = Article("Петров", doc.text)
        doc.article_id = article.id
        store.save([(article, doc)], "v1")
        back = sorted(store.mentions(), key=lambda m: m.start)
    finally:
        store.close()
    assert [m.entity().normal for m in back] == [e.normal for e in doc.entities]
    assert [m.entity().canonical for m in back] == ["Иван Петров", "Сидоров", "Иван Петров", "Казань"]
    assert all(isinstance(m.entity(), Entity) for m in back)
