import json
from datetime import UTC, datetime

from newsprism.model import Article, Doc, Entity, Origin, Paragraph, Sentence, Token, content_id


def make_article() -> Article:
    return Article(
        title="Мэр Заречинска открыл мост",
        lead="Мост строили три года.",
        body="Мэр Игорь Лапин перерезал ленту во вторник.\n\nДвижение откроют в пятницу.",
        url="https://example.org/news/1",
        outlet="Пример",
        published=datetime(2026, 3, 12, 9, 30, tzinfo=UTC),
        origin=Origin("a.jsonl", 3),
    )


def test_model_article_id_ignores_whitespace_case_and_lead_split() -> None:
    a = make_article()
    b = Article(title="  мэр  заречинска открыл мост ", body=a.lead + "\n" + a.body)
    assert a.id == b.id
    assert len(a.id) == 16


def test_model_article_id_changes_with_content() -> None:
    a = make_article()
    assert content_id(a.title, a.lead, a.body + "!") != a.id
    assert Article(title=a.title + " ", body=a.body, lead=a.lead, outlet="Другое").id == a.id


def test_model_article_json_round_trip() -> None:
    a = make_article()
    b = Article.from_dict(json.loads(json.dumps(a.to_dict())))
    assert b == a
    assert b.id == a.id
    assert b.origin == Origin("a.jsonl", 3)
    assert str(b.origin) == "a.jsonl:3"


def test_model_article_text_and_doc_paragraphs_point_at_parts() -> None:
    a = make_article()
    doc = Doc.from_article(a)
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds == ["title", "lead", "body"]
    assert [doc.span_text(p) for p in doc.paragraphs] == [a.title, a.lead, a.body]


def test_model_doc_round_trip_keeps_every_layer() -> None:
    doc = Doc(text="Лапин открыл мост.", article_id="x", steps=["segment"])
    doc.paragraphs = [Paragraph(0, 18, "body")]
    doc.sentences = [Sentence(0, 18)]
    doc.tokens = [
        Token(0, 5, "PROPN", "Case=Nom|Number=Sing", "лапин"),
        Token(6, 12),
        Token(13, 17),
        Token(17, 18),
    ]
    doc.entities = [Entity(0, 5, "PER", "Лапин")]
    data = json.loads(json.dumps(doc.to_dict()))
    assert Doc.from_dict(data) == doc
    without_text = doc.to_dict(with_text=False)
    assert "text" not in without_text
    assert Doc.from_dict(without_text, text=doc.text) == doc


def test_model_doc_sentence_tokens_by_offsets() -> None:
    doc = Doc(text="Раз два. Три.")
    doc.sentences = [Sentence(0, 8), Sentence(9, 13)]
    doc.tokens = [Token(0, 3), Token(4, 7), Token(7, 8), Token(9, 12), Token(12, 13)]
    grouped = [[doc.span_text(t) for t in tokens] for _, tokens in doc.iter_sentence_tokens()]
    assert grouped == [["Раз", "два", "."], ["Три", "."]]
    assert [doc.span_text(t) for t in doc.sentence_tokens(doc.sentences[1])] == ["Три", "."]
    assert doc.tokens[0].feat("Case") is None
    assert Token(0, 1, feats="Case=Gen|Number=Plur").feat("Number") == "Plur"
