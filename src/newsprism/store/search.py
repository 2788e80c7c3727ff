"""Full-text search over lemmas, so a search for «Путин» finds «Путиным».

Each analysed article has one row in `search_docs`: its lemmas (lower case, ё as е, split into the
pieces SQLite's unicode61 tokenizer would make) and, in the same order, the character span of the
token each piece came from. On SQLite an FTS5 index (`article_search`, external content, kept in
step by triggers) indexes the lemmas; other backends fall back to LIKE until they get their own
index. Queries are built from word alternatives the caller gives, each quoted, and bound as one
parameter: query syntax from a user never reaches FTS5.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

from newsprism.model import Token
from newsprism.text import fold

# unicode61 splits on everything that is not a letter or a digit; so do we, to keep positions aligned.
_PIECE = re.compile(r"[^\W_]+")
BACKFILL_CHUNK = 500
MAX_QUERY_WORDS = 12
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)

_SQLITE_INDEX = (
    """CREATE VIRTUAL TABLE article_search USING fts5(
        lemmas, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
        INSERT INTO article_search (rowid, lemmas) VALUES (new.id, new.lemmas);
    END""",
    """CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
        INSERT INTO article_search (article_search, rowid, lemmas) VALUES ('delete', old.id, old.lemmas);
    END""",
)

# What search filters read, one narrow row per search_docs row under the same integer key, so a
# filter on thousands of matches reads small rows by rowid instead of joining each match to its
# article (migration 6, SQLite only; filled by triggers, as the FTS5 index is).
SEARCH_FACETS = (
    """CREATE TABLE search_facets (
        id INTEGER PRIMARY KEY,
        published TEXT,
        outlet TEXT,
        category TEXT NOT NULL
    )""",
    """INSERT INTO search_facets (id, published, outlet, category)
        SELECT d.id, a.published, a.outlet, coalesce(n.category, '')
        FROM search_docs d JOIN articles a ON a.id = d.article_id
        LEFT JOIN analyses n ON n.article_id = d.article_id""",
    """CREATE TRIGGER search_facets_insert AFTER INSERT ON search_docs BEGIN
        INSERT OR REPLACE INTO search_facets (id, published, outlet, category)
        SELECT new.id, a.published, a.outlet,
            coalesce((SELECT n.category FROM analyses n WHERE n.article_id = new.article_id), '')
        FROM articles a WHERE a.id = new.article_id;
    END""",
    """CREATE TRIGGER search_facets_delete AFTER DELETE ON search_docs BEGIN
        DELETE FROM search_facets WHERE id = old.id;
    END""",
)


def date_terms(published: str) -> str:
    """SQL for the date terms of a `published` value: `y2026 m202603` when it starts with a
    YYYY-MM-DD day (month 01-12, day from 01), `mx` for any other value, nothing for NULL. A search
    with a date range matches these terms too (`fts.page_ids`), then tests the exact dates."""
    return f"""CASE
        WHEN {published} IS NULL THEN ''
        WHEN {published} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'
            AND substr({published}, 6, 2) BETWEEN '01' AND '12' AND substr({published}, 9, 2) >= '01'
            THEN 'y' || substr({published}, 1, 4)
                || ' m' || substr({published}, 1, 4) || substr({published}, 6, 2)
        ELSE 'mx' END"""


# Migration 7 (SQLite only): the FTS5 index gets a second column, `dates`, with the month and year
# terms of each article, so a date range is a doclist intersection rather than a test of every
# match. Its content is a view over search_docs and search_facets (the date an article was indexed
# with), and one trigger per event writes the facets row and the index in a fixed order, so a
# delete gives FTS5 the very terms the insert gave it. bm25 weighs the `dates` column 0.
_FACET_DATES = date_terms("f.published")
SEARCH_DATES = (
    "DROP TRIGGER search_docs_insert",
    "DROP TRIGGER search_docs_delete",
    "DROP TRIGGER search_facets_insert",
    "DROP TRIGGER search_facets_delete",
    "DROP TABLE article_search",
    f"""CREATE VIEW search_content AS
        SELECT d.id AS id, d.lemmas AS lemmas, {_FACET_DATES} AS dates
        FROM search_docs d LEFT JOIN search_facets f ON f.id = d.id""",
    """CREATE VIRTUAL TABLE article_search USING fts5(
        lemmas, dates, content='search_content', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    "INSERT INTO article_search (article_search) VALUES ('rebuild')",
    "INSERT INTO article_search (article_search, rank) VALUES ('rank', 'bm25(1.0, 0.0)')",
    f"""CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
        INSERT OR REPLACE INTO search_facets (id, published, outlet, category)
        SELECT new.id, a.published, a.outlet,
            coalesce((SELECT n.category FROM analyses n WHERE n.article_id = new.article_id), '')
        FROM articles a WHERE a.id = new.article_id;
        INSERT INTO article_search (rowid, lemmas, dates) VALUES (
            new.id, new.lemmas, coalesce((SELECT {_FACET_DATES} FROM search_facets f WHERE f.id = new.id), '')
        );
    END""",
    f"""CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
        INSERT INTO article_search (article_search, rowid, lemmas, dates) VALUES (
            'delete', old.id, old.lemmas,
            coalesce((SELECT {_FACET_DATES} FROM search_facets f WHERE f.id = old.id), '')
        );
        DELETE FROM search_facets WHERE id = old.id;
    END""",
)


def query_words(query: str) -> list[list[str]]:
    """Per word of the query (at most `MAX_QUERY_WORDS`), the word itself and its possible lemmas,
    so «Путина» finds «Путин» and «Путиным»."""
    return [alternatives(word) for word in _PIECE.findall(query)[:MAX_QUERY_WORDS]]


@lru_cache(maxsize=20_000)
def alternatives(word: str) -> list[str]:
    """A word folded, and the folded lemmas it may be a form of (Cyrillic words only)."""
    folded = fold(word)
    found = [folded]
    if _CYRILLIC.search(folded):
        from newsprism.analyse.natasha_models import parse_word  # the dictionary loads once, ~2 s

        found += [fold(reading.normal) for reading in parse_word(folded)]
    return list(dict.fromkeys(found))


def pieces(word: str) -> list[str]:
    """The index terms of a word or lemma («северо-западный» -> «северо», «западный»)."""
    return _PIECE.findall(fold(word))


def index_row(article_id: str, tokens: Iterable[Token]) -> dict[str, Any]:
    """The `search_docs` row of an analysed article."""
    lemmas: list[str] = []
    spans: list[str] = []
    for token in tokens:
        for piece in pieces(token.lemma):
            lemmas.append(piece)
            spans.append(f"{token.start}:{token.stop}")
    return {"article_id": article_id, "lemmas": " ".join(lemmas), "spans": " ".join(spans)}


def create_search_index(connection: Connection) -> None:
    """The FTS5 index over `search_docs` (SQLite only; elsewhere searches scan the lemmas)."""
    if connection.dialect.name != "sqlite":
        return
    for statement in _SQLITE_INDEX:
        connection.execute(text(statement))


def backfill_search(connection: Connection) -> int:
    """Index every stored analysis not indexed yet (a store from before search); returns how many."""
    query = text(
        "SELECT a.article_id, a.doc FROM analyses a "
        "WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.article_id = a.article_id)"
    )
    insert = text("INSERT INTO search_docs (article_id, lemmas, spans) VALUES (:article_id, :lemmas, :spans)")
    done = 0
    batch: list[dict[str, Any]] = []
    for article_id, doc in connection.execute(query).all():
        batch.append(index_row(article_id, _stored_tokens(json.loads(doc))))
        if len(batch) >= BACKFILL_CHUNK:
            connection.execute(insert, batch)
            done += len(batch)
            batch = []
    if batch:
        connection.execute(insert, batch)
        done += len(batch)
    return done


def _stored_tokens(doc: dict[str, Any]) -> Iterator[Token]:
    layer = doc.get("layers", {}).get("tokens", {"fields": [], "rows": []})
    names = layer["fields"]
    for row in layer["rows"]:
        values = dict(zip(names, row, strict=True))
        yield Token(values["start"], values["stop"], lemma=values.get("lemma", ""))


def match_expression(words: Sequence[Sequence[str]]) -> str:
    """An FTS5 query: every word must match one of its alternatives; each alternative is quoted
    (a phrase when it has several pieces), so nothing in it is read as query syntax."""
    clauses = []
    for alternatives in words:
        phrases = sorted({" ".join(p) for a in alternatives if (p := pieces(a))})
        if phrases:
            clauses.append("(" + " OR ".join(f'"{phrase}"' for phrase in phrases) + ")")
    return " AND ".join(clauses)


def like_patterns(words: Sequence[Sequence[str]]) -> list[list[str]]:
    """For backends without FTS5: per word, LIKE patterns of its alternatives on the padded lemmas."""
    result = []
    for alternatives in words:
        found = {" ".join(p) for a in alternatives if (p := pieces(a))}
        if found:
            result.append([f"% {_escape_like(f)} %" for f in sorted(found)])
    return result


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matched_spans(lemmas: str, spans: str, words: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Character spans of the tokens whose lemma pieces match a query alternative, in text order."""
    wanted = {piece for alternatives in words for a in alternatives for piece in pieces(a)}
    found: set[tuple[int, int]] = set()
    for lemma, span in zip(lemmas.split(), spans.split(), strict=False):
        if lemma in wanted:
            start, _, stop = span.partition(":")
            found.add((int(start), int(stop)))
    return sorted(found)
